#pragma once

#include "image/Image.h"

#include <array>
#include <cstdint>
#include <vector>

namespace rgw::demo {

/// A closed contour of one slice, as continuous voxel indices (i, j).
using SliceContour = std::vector<std::array<double, 2>>;

/// Traces the boundary of the mask on slice k with marching squares at level
/// 0.5: every contour vertex lies half-way between an inside and an outside
/// voxel centre, so an even-odd point-in-polygon test on the voxel centres
/// gives back exactly the mask. Diagonal-only neighbours become separate
/// contours. Collinear vertices are dropped. Output order is deterministic.
std::vector<SliceContour> traceSlice(const Mask& mask, std::int64_t k);

} // namespace rgw::demo
