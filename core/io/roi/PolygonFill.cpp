#include "io/roi/PolygonFill.h"

#include <algorithm>
#include <cmath>

namespace rgw::roi {
namespace {

struct Edge {
    double yMin, yMax; // half-open row range [yMin, yMax)
    double xa, ya, xb, yb;
    /// x where the edge crosses the line at height y (yMin <= y < yMax),
    /// weighted between the end points by the fraction t in [0, 1] along the
    /// edge: it stays between them, finite for any finite points however
    /// steep or long the edge (a slope dx/dy, or xb − xa, could overflow).
    double crossing(double y) const {
        const double t = (y - ya) / (yb - ya);
        return (1.0 - t) * xa + t * xb;
    }
};

bool isFinite(const Point2& p) {
    return std::isfinite(p.x) && std::isfinite(p.y);
}

} // namespace

void fillEvenOdd(const std::vector<Polygon>& polygons, int width, int height,
                 std::uint8_t* raster) {
    std::vector<Edge> edges;
    double yLow = INFINITY, yHigh = -INFINITY;
    for (const Polygon& polygon : polygons) {
        const std::size_t n = polygon.size();
        if (n < 3)
            continue; // a point or a line encloses nothing
        // A polygon with a point that is not finite has no defined inside.
        if (!std::all_of(polygon.begin(), polygon.end(), isFinite))
            continue;
        for (std::size_t i = 0; i < n; ++i) {
            const Point2& a = polygon[i];
            const Point2& b = polygon[(i + 1) % n];
            if (a.y == b.y)
                continue; // horizontal edges never cross a scan line
            const Edge e{std::min(a.y, b.y), std::max(a.y, b.y), a.x, a.y, b.x, b.y};
            edges.push_back(e);
            yLow = std::min(yLow, e.yMin);
            yHigh = std::max(yHigh, e.yMax);
        }
    }
    if (edges.empty())
        return;

    // Clip in floating point before converting, so far-away points can never
    // overflow an int: every bound is finite here and clamped to the raster.
    const double h = static_cast<double>(height);
    const int rowFirst = static_cast<int>(std::ceil(std::clamp(yLow, 0.0, h)));
    const int rowLast =
        std::min(height - 1, static_cast<int>(std::floor(std::clamp(yHigh, -1.0, h))));
    std::vector<double> crossings;
    for (int row = rowFirst; row <= rowLast; ++row) {
        const double y = row;
        crossings.clear();
        for (const Edge& e : edges)
            if (e.yMin <= y && y < e.yMax)
                crossings.push_back(e.crossing(y));
        std::sort(crossings.begin(), crossings.end());
        std::uint8_t* line =
            raster + static_cast<std::size_t>(row) * static_cast<std::size_t>(width);
        // Each row crosses the closed boundary an even number of times.
        for (std::size_t c = 0; c + 1 < crossings.size(); c += 2) {
            const double xa = std::clamp(crossings[c], 0.0, static_cast<double>(width));
            const double xb = std::clamp(crossings[c + 1], 0.0, static_cast<double>(width));
            const int first = static_cast<int>(std::ceil(xa));
            const int end = static_cast<int>(std::ceil(xb)); // exclusive
            for (int x = first; x < end; ++x)
                line[x] = 1;
        }
    }
}

} // namespace rgw::roi
