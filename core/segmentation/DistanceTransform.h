#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <vector>

namespace rgw::segmentation {

/// Squared distance meaning "no feature voxel on this grid".
inline constexpr double kNoFeature = std::numeric_limits<double>::infinity();

/// Exact squared Euclidean distance transform (Felzenszwalb & Huttenlocher
/// 2012, separable lower envelope of parabolas) with per-axis spacing in mm:
/// for every voxel, the squared distance in mm^2 between its centre and the
/// nearest centre of a voxel with feature[v] != 0. Grid `size` (i fastest);
/// axes of size 1 are skipped, so a 2D slice is a grid with size 1 along its
/// normal. kNoFeature when there is no feature voxel. O(N) time, O(N) memory.
std::vector<double> squaredDistanceTransform(const std::vector<std::uint8_t>& feature,
                                             const std::array<std::int64_t, 3>& size,
                                             const std::array<double, 3>& spacing);

} // namespace rgw::segmentation
