#pragma once

#include "image/Image.h"
#include "io/roi/PolygonFill.h"

#include <array>
#include <cstdint>
#include <vector>

namespace rgw::roi {

/// The closed boundaries of the inside pixels of one width x height raster
/// (row-major, x fastest, non-zero = inside), in pixel-index units: pixel
/// (x, y) is the unit square centred on (x, y), so boundary vertices lie on
/// half-integer coordinates. Each polygon follows the pixel edges between
/// inside and outside pixels (collinear vertices dropped); outer boundaries
/// and holes are separate polygons, and at a corner where two inside pixels
/// touch only diagonally the boundaries are kept apart. Because no pixel
/// centre lies on a boundary, fillEvenOdd of the result gives back the raster
/// exactly.
std::vector<Polygon> traceBoundaries(const std::uint8_t* raster, int width, int height);

/// One closed planar contour of a mask on slice k, in patient coordinates (LPS, mm).
struct SliceContour {
    std::int64_t k = 0;
    std::vector<std::array<double, 3>> points;
};

/// The boundaries of every slice (k) of a mask, mapped through its geometry.
std::vector<SliceContour> maskContours(const Mask& mask);

} // namespace rgw::roi
