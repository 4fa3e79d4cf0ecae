#include "radiomics/morphology/BoundingBox.h"

#include <Eigen/Geometry>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <set>
#include <tuple>
#include <unordered_map>

namespace rgw::radiomics::morphology {
namespace {

double cross2(const Eigen::Vector2d& o, const Eigen::Vector2d& a, const Eigen::Vector2d& b) {
    return (a - o).x() * (b - o).y() - (a - o).y() * (b - o).x();
}

// Andrew's monotone chain; counter-clockwise, collinear points dropped.
std::vector<Eigen::Vector2d> convexHull2d(std::vector<Eigen::Vector2d> p) {
    std::sort(p.begin(), p.end(), [](const Eigen::Vector2d& a, const Eigen::Vector2d& b) {
        return a.x() < b.x() || (a.x() == b.x() && a.y() < b.y());
    });
    if (p.size() < 3)
        return p;
    std::vector<Eigen::Vector2d> h(2 * p.size());
    std::size_t k = 0;
    for (std::size_t i = 0; i < p.size(); ++i) {
        while (k >= 2 && cross2(h[k - 2], h[k - 1], p[i]) <= 0.0)
            --k;
        h[k++] = p[i];
    }
    for (std::size_t i = p.size() - 1, t = k + 1; i-- > 0;) {
        while (k >= t && cross2(h[k - 2], h[k - 1], p[i]) <= 0.0)
            --k;
        h[k++] = p[i];
    }
    h.resize(k - 1);
    return h;
}

// Minimum-area enclosing rectangle of a convex CCW polygon: one side is flush
// with a polygon edge; the three other supporting vertices only move forward
// as the edge advances (rotating calipers). Returns the two side lengths.
Eigen::Vector2d minimumAreaRectangle(const std::vector<Eigen::Vector2d>& poly) {
    const std::size_t m = poly.size();
    if (m < 3) {
        const double length = m == 2 ? (poly[1] - poly[0]).norm() : 0.0;
        return {length, 0.0};
    }
    auto next = [m](std::size_t i) { return (i + 1) % m; };
    double bestArea = std::numeric_limits<double>::infinity();
    Eigen::Vector2d best = Eigen::Vector2d::Zero();
    std::size_t far = 0, right = 0, left = 0;
    for (std::size_t i = 0; i < m; ++i) {
        const Eigen::Vector2d d = (poly[next(i)] - poly[i]).normalized();
        const Eigen::Vector2d inward(-d.y(), d.x());
        auto along = [&](std::size_t k) { return d.dot(poly[k]); };
        auto height = [&](std::size_t k) { return inward.dot(poly[k] - poly[i]); };
        if (i == 0) {
            for (std::size_t k = 0; k < m; ++k) {
                if (height(k) > height(far))
                    far = k;
                if (along(k) > along(right))
                    right = k;
                if (along(k) < along(left))
                    left = k;
            }
        } else {
            for (std::size_t s = 0; s < m && height(next(far)) >= height(far); ++s)
                far = next(far);
            for (std::size_t s = 0; s < m && along(next(right)) >= along(right); ++s)
                right = next(right);
            for (std::size_t s = 0; s < m && along(next(left)) <= along(left); ++s)
                left = next(left);
        }
        const Eigen::Vector2d sides(along(right) - along(left), height(far));
        if (sides.prod() < bestArea) {
            bestArea = sides.prod();
            best = sides;
        }
    }
    return best;
}

} // namespace

BoxExtent axisAlignedBox(const std::vector<Eigen::Vector3d>& points) {
    if (points.empty())
        return {};
    Eigen::Vector3d lo = points.front();
    Eigen::Vector3d hi = points.front();
    for (const auto& p : points) {
        lo = lo.cwiseMin(p);
        hi = hi.cwiseMax(p);
    }
    return {hi - lo};
}

BoxExtent orientedMinimumBox(const std::vector<Eigen::Vector3i>& lattice,
                             const std::vector<Eigen::Vector3d>& physical, const ConvexHull& hull) {
    std::vector<Eigen::Vector3d> hullPoints;
    for (int v : hull.vertices)
        hullPoints.push_back(physical[static_cast<std::size_t>(v)]);
    BoxExtent best = axisAlignedBox(hullPoints);

    // Unit physical normals of the hull faces, and each hull edge with its two faces.
    const std::size_t faceCount = hull.faces.size();
    std::vector<Eigen::Vector3d> faceNormal(faceCount);
    std::unordered_map<std::uint64_t, std::size_t> edgeFace;
    auto key = [](int a, int b) {
        return (static_cast<std::uint64_t>(static_cast<std::uint32_t>(a)) << 32) |
               static_cast<std::uint32_t>(b);
    };
    for (std::size_t f = 0; f < faceCount; ++f) {
        const auto& t = hull.faces[f];
        const Eigen::Vector3d& a = physical[static_cast<std::size_t>(t[0])];
        faceNormal[f] = (physical[static_cast<std::size_t>(t[1])] - a)
                            .cross(physical[static_cast<std::size_t>(t[2])] - a)
                            .normalized();
        for (std::size_t e = 0; e < 3; ++e)
            edgeFace[key(t[e], t[(e + 1) % 3])] = f;
    }
    struct Edge {
        int a, b;
        std::size_t left, right;
    };
    std::vector<Edge> edges;
    for (std::size_t f = 0; f < faceCount; ++f) {
        const auto& t = hull.faces[f];
        for (std::size_t e = 0; e < 3; ++e) {
            const int a = t[e], b = t[(e + 1) % 3];
            const auto twin = edgeFace.find(key(b, a));
            if (a < b && twin != edgeFace.end())
                edges.push_back({a, b, f, twin->second});
        }
    }

    // Coplanar (and opposite) hull faces share one exact, gcd-reduced, sign-fixed
    // lattice normal: each direction is tried once.
    std::set<std::tuple<long long, long long, long long>> tried;
    std::vector<char> front(faceCount);
    std::vector<char> onOutline(physical.size(), 0);
    std::vector<Eigen::Vector2d> outline;
    std::vector<int> outlineIds;
    for (std::size_t f = 0; f < faceCount; ++f) {
        const auto& t = hull.faces[f];
        const auto& a = lattice[static_cast<std::size_t>(t[0])];
        Eigen::Matrix<long long, 3, 1> n =
            (lattice[static_cast<std::size_t>(t[1])] - a)
                .cast<long long>()
                .cross((lattice[static_cast<std::size_t>(t[2])] - a).cast<long long>());
        const long long g = std::gcd(std::gcd(n[0], n[1]), n[2]);
        if (g == 0)
            continue;
        n /= g;
        if (n[0] < 0 || (n[0] == 0 && (n[1] < 0 || (n[1] == 0 && n[2] < 0))))
            n = -n;
        if (!tried.insert({n[0], n[1], n[2]}).second)
            continue;
        const Eigen::Vector3d& normal = faceNormal[f];
        // The shadow of the hull along `normal` is outlined by the edges between
        // faces turned towards it and faces that are not.
        for (std::size_t k = 0; k < faceCount; ++k)
            front[k] = faceNormal[k].dot(normal) > 0.0;
        const Eigen::Vector3d e1 = normal.unitOrthogonal();
        const Eigen::Vector3d e2 = normal.cross(e1);
        outline.clear();
        outlineIds.clear();
        for (const Edge& e : edges)
            if (front[e.left] != front[e.right])
                for (int v : {e.a, e.b})
                    if (!onOutline[static_cast<std::size_t>(v)]) {
                        onOutline[static_cast<std::size_t>(v)] = 1;
                        outlineIds.push_back(v);
                        const Eigen::Vector3d& p = physical[static_cast<std::size_t>(v)];
                        outline.push_back({e1.dot(p), e2.dot(p)});
                    }
        for (int v : outlineIds)
            onOutline[static_cast<std::size_t>(v)] = 0;
        double lo = std::numeric_limits<double>::infinity();
        double hi = -lo;
        for (const auto& p : hullPoints) {
            const double h = normal.dot(p);
            lo = std::min(lo, h);
            hi = std::max(hi, h);
        }
        const Eigen::Vector2d rectangle = minimumAreaRectangle(convexHull2d(outline));
        const BoxExtent candidate{Eigen::Vector3d(rectangle[0], rectangle[1], hi - lo)};
        if (candidate.volume() < best.volume())
            best = candidate;
    }
    return best;
}

} // namespace rgw::radiomics::morphology
