#pragma once

#include "radiomics/Feature.h"
#include "radiomics/Roi.h"
#include "radiomics/texture/LevelCountMatrix.h"
#include "radiomics/texture/PaddedGrid.h"

#include <vector>

namespace rgw::radiomics {

/// One dependence matrix per plane k: s(i, j) voxels of grey level i with
/// dependence count j = 1 + ROI neighbours within Chebyshev `distance` whose
/// level differs by at most `coarseness` (α). grid.pad must be ≥ distance.
std::vector<texture::LevelCountMatrix> buildNgldmSlices(const texture::PaddedGrid& grid,
                                                        int distance, int coarseness);
/// The 3D dependence matrix.
texture::LevelCountMatrix buildNgldmVolume(const texture::PaddedGrid& grid, int distance,
                                           int coarseness);

/// The 17 NGLDM feature values of one matrix, in texture::ngldmFeatures() order:
/// the family's one set of formulas, also used by the sliding-kernel
/// feature maps.
std::vector<double> ngldmFeatureValues(const texture::LevelCountMatrix& m);

/// Every NGLDM feature (IBSI 3.11) for each aggregation `settings` asks for.
FeatureTable computeNgldm(const DiscretisedRoi& roi, const TextureSettings& settings);

} // namespace rgw::radiomics
