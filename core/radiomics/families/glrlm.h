#pragma once

#include "radiomics/Feature.h"
#include "radiomics/Roi.h"
#include "radiomics/texture/LevelCountMatrix.h"
#include "radiomics/texture/PaddedGrid.h"

#include <vector>

namespace rgw::radiomics {

/// Replaces `m` with the run lengths along `direction` in plane `slice` of the
/// grid (whole volume when slice < 0); m.voxels = ROI voxels covered.
void buildGlrlm(texture::LevelCountMatrix& m, const texture::PaddedGrid& grid, int slice,
                const texture::Offset& direction);

/// The 16 GLRLM feature values of one matrix, in texture::glrlmFeatures() order:
/// the family's one set of formulas, also used by the sliding-kernel
/// feature maps.
std::vector<double> glrlmFeatureValues(const texture::LevelCountMatrix& m);

/// Every GLRLM feature (IBSI 3.7) for each aggregation `settings` asks for.
FeatureTable computeGlrlm(const DiscretisedRoi& roi, const TextureSettings& settings);

} // namespace rgw::radiomics
