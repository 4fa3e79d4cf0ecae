#pragma once

#include <cstdint>
#include <vector>

namespace rgw::roi {

struct Point2 {
    double x = 0.0;
    double y = 0.0;
};
using Polygon = std::vector<Point2>; ///< closed implicitly (last point joins the first)

/// Fills a width x height raster (row-major, x fastest) with 1 where the pixel
/// centre (x, y integer) lies inside `polygons` under the even-odd rule over
/// all of them together (so holes and disjoint parts work). Polygon
/// coordinates are in pixel-index units. Scan-line fill: per row, the
/// crossings of every edge with the line y = row are sorted and the spans
/// between pairs are set, O(rows x edges). Boundary convention (exact and
/// consistent for abutting polygons): an edge counts for rows y with
/// min(y0,y1) <= y < max(y0,y1), and a span [xa, xb) covers x with xa <= x < xb.
void fillEvenOdd(const std::vector<Polygon>& polygons, int width, int height, std::uint8_t* raster);

} // namespace rgw::roi
