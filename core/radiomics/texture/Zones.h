#pragma once

#include "radiomics/texture/PaddedGrid.h"

#include <vector>

namespace rgw::radiomics::texture {

/// Connected zones of equal grey level (GLSZM, GLDZM), labelled with union-find
/// in one pass over the ROI. Zone z has level[z], size[z] voxels and lies in
/// plane slice[z] when labelled in-plane.
struct Zones {
    std::vector<int> zoneOfRoiVoxel; ///< per entry of PaddedGrid::roi
    std::vector<int> level;
    std::vector<int> size;
    std::vector<int> slice; ///< plane k of the zone (in-plane labelling), else −1
};

/// Links voxels whose Chebyshev distance is ≤ `distance` (δ = 1: 8-connected
/// in-plane, 26-connected in 3D). `inPlane` keeps zones within each plane k.
/// The grid's pad must be ≥ distance.
Zones labelZones(const PaddedGrid& grid, bool inPlane, int distance);

/// Manhattan distance of every voxel to the nearest voxel outside the ROI
/// (the morphological mask; the grid's padding counts as outside): 1 at the
/// border, 0 outside. Two raster passes (exact for the city-block metric).
/// `inPlane` measures within each plane k (4-connected steps).
std::vector<int> borderDistance(const PaddedGrid& grid, bool inPlane);

} // namespace rgw::radiomics::texture
