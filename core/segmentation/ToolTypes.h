#pragma once

#include "image/Image.h"
#include "segmentation/Box.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string>

namespace rgw::segmentation {

/// Closed intensity interval: lo <= value <= hi.
struct IntensityRange {
    double lo = 0.0;
    double hi = 0.0;
    bool contains(double v) const { return v >= lo && v <= hi; }
};

/// Voxel neighbourhood of connected-component tools: faces only, or faces,
/// edges and corners.
enum class Connectivity { Six = 6, TwentySix = 26 };

using VoxelIndex = std::array<std::int64_t, 3>;

/// rgw::Error naming `tool` unless `b` is on `a`'s grid with matching sizes.
void requireSameGrid(const Geometry& a, std::size_t aVoxels, const Geometry& b, std::size_t bVoxels,
                     const std::string& tool);

template <class A, class B>
void requireSameGrid(const Image<A>& a, const Image<B>& b, const std::string& tool) {
    requireSameGrid(a.geometry, a.voxels.size(), b.geometry, b.voxels.size(), tool);
}

/// Tight box of the nonzero voxels (empty for an empty mask). O(N).
Box maskBoundingBox(const Mask& mask);

/// The voxel whose centre is nearest to an LPS point, or nullopt outside the grid.
std::optional<VoxelIndex> nearestVoxel(const Geometry& g, const Eigen::Vector3d& lps);

} // namespace rgw::segmentation
