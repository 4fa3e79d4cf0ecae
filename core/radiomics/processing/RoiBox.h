#pragma once

#include "image/Image.h"

#include <array>
#include <cstdint>

namespace rgw::radiomics::processing {

/// Inclusive voxel-index box [lo, hi] per axis.
struct Box {
    std::array<std::int64_t, 3> lo{0, 0, 0};
    std::array<std::int64_t, 3> hi{-1, -1, -1};
    bool empty() const { return hi[0] < lo[0] || hi[1] < lo[1] || hi[2] < lo[2]; }
};

/// Bounding box of the non-zero voxels (empty box for an empty mask).
Box boundingBox(const Mask& mask);

/// Geometry of the sub-grid `box` of `grid` (same spacing and direction).
Geometry cropGeometry(const Geometry& grid, const Box& box);

} // namespace rgw::radiomics::processing
