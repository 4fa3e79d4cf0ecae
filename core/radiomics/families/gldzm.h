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

/// Every GLDZM feature (IBSI 3.9) for each aggregation `settings` asks for.
FeatureTable computeGldzm(const DiscretisedRoi& roi, const TextureSettings& settings);

} // namespace rgw::radiomics
