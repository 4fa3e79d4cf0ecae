#pragma once

#include "radiomics/Feature.h"
#include "radiomics/Roi.h"
#include "radiomics/texture/LevelCountMatrix.h"
#include "radiomics/texture/PaddedGrid.h"

#include <vector>

namespace rgw::radiomics {

/// One zone-size matrix per plane k (8-connected zones at δ = 1).
std::vector<texture::LevelCountMatrix> buildGlszmSlices(const texture::PaddedGrid& grid,
                                                        int distance);
/// The zone-size matrix of the volume (26-connected zones at δ = 1).
texture::LevelCountMatrix buildGlszmVolume(const texture::PaddedGrid& grid, int distance);

/// The 16 GLSZM feature values of one matrix, in texture::glszmFeatures() order:
/// the family's one set of formulas, also used by the sliding-kernel
/// feature maps.
std::vector<double> glszmFeatureValues(const texture::LevelCountMatrix& m);

/// Every GLSZM feature (IBSI 3.8) for each aggregation `settings` asks for.
FeatureTable computeGlszm(const DiscretisedRoi& roi, const TextureSettings& settings);

} // namespace rgw::radiomics
