#pragma once

#include "radiomics/Feature.h"
#include "radiomics/Roi.h"
#include "radiomics/texture/LevelCountMatrix.h"
#include "radiomics/texture/PaddedGrid.h"

#include <vector>

namespace rgw::radiomics {

/// One distance-zone matrix per plane k: zones as the GLSZM's (intensity mask),
/// each at the smallest in-plane Manhattan distance of its voxels to the border
/// of the morphological mask.
std::vector<texture::LevelCountMatrix> buildGldzmSlices(const texture::PaddedGrid& grid,
                                                        int distance);
/// The distance-zone matrix of the volume (3D zones, 3D Manhattan distance).
texture::LevelCountMatrix buildGldzmVolume(const texture::PaddedGrid& grid, int distance);

/// The 16 GLDZM feature values of one matrix, in texture::gldzmFeatures() order:
/// the family's one set of formulas, also used by the sliding-kernel
/// feature maps.
std::vector<double> gldzmFeatureValues(const texture::LevelCountMatrix& m);

/// Every GLDZM feature (IBSI 3.9) for each aggregation `settings` asks for.
FeatureTable computeGldzm(const DiscretisedRoi& roi, const TextureSettings& settings);

} // namespace rgw::radiomics
