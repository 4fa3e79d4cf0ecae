#include "io/roi/MaskContours.h"

#include <cstddef>

namespace rgw::roi {
namespace {

/// A directed unit edge between pixel corners. Corner (cx, cy) is the point
/// (cx - 0.5, cy - 0.5) in pixel units. Every inside pixel contributes the
/// sides it shares with outside pixels, walked clockwise on screen (y down):
/// top left->right, right downwards, bottom right->left, left upwards.
struct Edge {
    int x0, y0; ///< start corner
    int dx, dy; ///< unit direction
};

} // namespace

std::vector<Polygon> traceBoundaries(const std::uint8_t* raster, int width, int height) {
    const auto inside = [&](int x, int y) {
        return x >= 0 && y >= 0 && x < width && y < height &&
               raster[static_cast<std::size_t>(y) * static_cast<std::size_t>(width) +
                      static_cast<std::size_t>(x)] != 0;
    };
    std::vector<Edge> edges;
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x) {
            if (!inside(x, y))
                continue;
            if (!inside(x, y - 1))
                edges.push_back({x, y, 1, 0});
            if (!inside(x + 1, y))
                edges.push_back({x + 1, y, 0, 1});
            if (!inside(x, y + 1))
                edges.push_back({x + 1, y + 1, -1, 0});
            if (!inside(x - 1, y))
                edges.push_back({x, y + 1, 0, -1});
        }
    // Outgoing edges per corner: one, or two where inside pixels touch diagonally.
    const std::size_t cornersPerRow = static_cast<std::size_t>(width) + 1;
    const auto cornerId = [&](int cx, int cy) {
        return static_cast<std::size_t>(cy) * cornersPerRow + static_cast<std::size_t>(cx);
    };
    constexpr std::size_t kNone = static_cast<std::size_t>(-1);
    std::vector<std::array<std::size_t, 2>> outgoing(
        cornersPerRow * (static_cast<std::size_t>(height) + 1), {kNone, kNone});
    for (std::size_t e = 0; e < edges.size(); ++e) {
        auto& slot = outgoing[cornerId(edges[e].x0, edges[e].y0)];
        slot[slot[0] == kNone ? 0 : 1] = e;
    }

    std::vector<bool> used(edges.size(), false);
    std::vector<Polygon> polygons;
    for (std::size_t start = 0; start < edges.size(); ++start) {
        if (used[start])
            continue;
        Polygon polygon;
        std::size_t e = start;
        while (!used[e]) {
            used[e] = true;
            const Edge& edge = edges[e];
            const int cx = edge.x0 + edge.dx, cy = edge.y0 + edge.dy;
            const auto& next = outgoing[cornerId(cx, cy)];
            std::size_t chosen = next[0];
            if (next[1] != kNone) {
                // Diagonal touch: turn the way the walk turns within a pixel
                // (clockwise on screen: (dx, dy) -> (-dy, dx)), which stays on
                // the pixel just walked and keeps the two boundaries apart.
                const Edge& a = edges[next[0]];
                chosen = (a.dx == -edge.dy && a.dy == edge.dx) ? next[0] : next[1];
            }
            // Keep only corners where the direction changes.
            const Edge& following = edges[chosen];
            if (following.dx != edge.dx || following.dy != edge.dy)
                polygon.push_back({cx - 0.5, cy - 0.5});
            e = chosen;
        }
        polygons.push_back(std::move(polygon));
    }
    return polygons;
}

std::vector<SliceContour> maskContours(const Mask& mask) {
    const Geometry& g = mask.geometry;
    std::vector<SliceContour> contours;
    const std::size_t slicePixels =
        static_cast<std::size_t>(g.size[0]) * static_cast<std::size_t>(g.size[1]);
    for (std::int64_t k = 0; k < g.size[2]; ++k) {
        const auto polygons =
            traceBoundaries(mask.voxels.data() + static_cast<std::size_t>(k) * slicePixels,
                            static_cast<int>(g.size[0]), static_cast<int>(g.size[1]));
        for (const Polygon& polygon : polygons) {
            SliceContour& contour = contours.emplace_back();
            contour.k = k;
            contour.points.reserve(polygon.size());
            for (const Point2& p : polygon) {
                const Eigen::Vector3d lps =
                    g.physicalPoint(Eigen::Vector3d(p.x, p.y, static_cast<double>(k)));
                contour.points.push_back({lps[0], lps[1], lps[2]});
            }
        }
    }
    return contours;
}

} // namespace rgw::roi
