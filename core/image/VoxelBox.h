#pragma once

#include "image/Image.h"

#include <array>
#include <cstdint>

namespace rgw {

/// Inclusive voxel-index box [lo, hi] per axis of a grid.
struct VoxelBox {
    std::array<std::int64_t, 3> lo{0, 0, 0};
    std::array<std::int64_t, 3> hi{-1, -1, -1};
    bool empty() const { return hi[0] < lo[0] || hi[1] < lo[1] || hi[2] < lo[2]; }
    std::int64_t extent(std::size_t axis) const { return hi[axis] - lo[axis] + 1; }
    bool contains(const VoxelBox& other) const;
    bool operator==(const VoxelBox&) const = default;
};

/// Every voxel of `grid`.
VoxelBox wholeBox(const Geometry& grid);

/// Bounding box of the non-zero voxels (empty box for an empty mask).
VoxelBox boundingBox(const Mask& mask);

/// Geometry of the sub-grid `box` of `grid` (same spacing and direction).
Geometry cropGeometry(const Geometry& grid, const VoxelBox& box);

/// The voxels of `box` (which must lie inside the image) as an image on
/// cropGeometry(image.geometry, box); a Volume keeps its unit.
Volume cropImage(const Volume& image, const VoxelBox& box);
Mask cropImage(const Mask& image, const VoxelBox& box);

/// A part of an image read for work that touches only it: the voxels of
/// `box` of the whole image's grid `whole` (a Volume or Mask holding them lies
/// on cropGeometry(whole, box)).
struct GridWindow {
    Geometry whole;
    VoxelBox box;
};

} // namespace rgw
