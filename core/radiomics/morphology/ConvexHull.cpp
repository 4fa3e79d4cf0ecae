#include "radiomics/morphology/ConvexHull.h"

#include "util/Error.h"

#include <Eigen/Geometry>
#include <algorithm>
#include <cstdint>
#include <unordered_map>

namespace rgw::radiomics::morphology {

long long orientation(const Eigen::Vector3i& a, const Eigen::Vector3i& b, const Eigen::Vector3i& c,
                      const Eigen::Vector3i& p) {
    const Eigen::Matrix<long long, 3, 1> u = (b - a).cast<long long>();
    const Eigen::Matrix<long long, 3, 1> v = (c - a).cast<long long>();
    const Eigen::Matrix<long long, 3, 1> w = (p - a).cast<long long>();
    return u.cross(v).dot(w);
}

namespace {

struct Face {
    std::array<int, 3> v;
    std::vector<int> outside; ///< conflict list: points strictly above this face
    bool alive = true;
};

std::uint64_t edgeKey(int a, int b) {
    return (static_cast<std::uint64_t>(static_cast<std::uint32_t>(a)) << 32) |
           static_cast<std::uint32_t>(b);
}

} // namespace

std::vector<int> axisLineExtremes(const std::vector<Eigen::Vector3i>& points) {
    const std::size_t n = points.size();
    std::vector<char> extreme(n, 1);
    for (int axis = 0; axis < 3; ++axis) {
        const int u = (axis + 1) % 3, v = (axis + 2) % 3;
        std::unordered_map<std::uint64_t, std::pair<int, int>> range; // line -> (min, max)
        range.reserve(n);
        auto lineKey = [&](const Eigen::Vector3i& p) { return edgeKey(p[u], p[v]); };
        for (const auto& p : points) {
            auto [it, fresh] = range.try_emplace(lineKey(p), p[axis], p[axis]);
            if (!fresh) {
                it->second.first = std::min(it->second.first, p[axis]);
                it->second.second = std::max(it->second.second, p[axis]);
            }
        }
        for (std::size_t i = 0; i < n; ++i) {
            const auto& r = range.at(lineKey(points[i]));
            if (points[i][axis] != r.first && points[i][axis] != r.second)
                extreme[i] = 0;
        }
    }
    std::vector<int> kept;
    for (std::size_t i = 0; i < n; ++i)
        if (extreme[i])
            kept.push_back(static_cast<int>(i));
    return kept;
}

ConvexHull convexHull(const std::vector<Eigen::Vector3i>& points) {
    ConvexHull hull;
    const int n = static_cast<int>(points.size());
    constexpr int limit = 1 << 20;
    for (const auto& p : points)
        if (p.cwiseAbs().maxCoeff() > limit)
            throw Error("convex hull: lattice coordinate beyond 2^20 (ROI too large)");
    if (n < 4)
        return hull;

    // Initial tetrahedron from extreme points, found exactly.
    int i0 = 0;
    for (int i = 1; i < n; ++i)
        if (points[static_cast<std::size_t>(i)][0] < points[static_cast<std::size_t>(i0)][0])
            i0 = i;
    const Eigen::Vector3i& p0 = points[static_cast<std::size_t>(i0)];
    int i1 = -1;
    long long best = 0;
    for (int i = 0; i < n; ++i) {
        const long long d =
            (points[static_cast<std::size_t>(i)] - p0).cast<long long>().squaredNorm();
        if (d > best) {
            best = d;
            i1 = i;
        }
    }
    if (i1 < 0)
        return hull;
    const Eigen::Vector3i& p1 = points[static_cast<std::size_t>(i1)];
    int i2 = -1;
    best = 0;
    for (int i = 0; i < n; ++i) {
        const Eigen::Matrix<long long, 3, 1> c = (p1 - p0).cast<long long>().cross(
            (points[static_cast<std::size_t>(i)] - p0).cast<long long>());
        const long long d = c.squaredNorm();
        if (d > best) {
            best = d;
            i2 = i;
        }
    }
    if (i2 < 0)
        return hull;
    const Eigen::Vector3i& p2 = points[static_cast<std::size_t>(i2)];
    int i3 = -1;
    best = 0;
    for (int i = 0; i < n; ++i) {
        const long long d = orientation(p0, p1, p2, points[static_cast<std::size_t>(i)]);
        if ((d < 0 ? -d : d) > best) {
            best = d < 0 ? -d : d;
            i3 = i;
        }
    }
    if (i3 < 0)
        return hull;

    std::vector<Face> faces;
    // Directed edge (a, b) -> the live face having it; its twin (b, a) is the neighbour.
    std::unordered_map<std::uint64_t, int> edgeFace;
    auto addFace = [&](int a, int b, int c) {
        const int id = static_cast<int>(faces.size());
        faces.push_back({{a, b, c}, {}, true});
        edgeFace[edgeKey(a, b)] = id;
        edgeFace[edgeKey(b, c)] = id;
        edgeFace[edgeKey(c, a)] = id;
        return id;
    };
    // Orient the tetrahedron so every face normal points away from the fourth vertex.
    if (orientation(p0, p1, p2, points[static_cast<std::size_t>(i3)]) > 0)
        std::swap(i1, i2);
    addFace(i0, i1, i2);
    addFace(i0, i3, i1);
    addFace(i1, i3, i2);
    addFace(i2, i3, i0);

    auto above = [&](int f, int p) {
        const auto& v = faces[static_cast<std::size_t>(f)].v;
        return orientation(
            points[static_cast<std::size_t>(v[0])], points[static_cast<std::size_t>(v[1])],
            points[static_cast<std::size_t>(v[2])], points[static_cast<std::size_t>(p)]);
    };
    // Each point outside the current hull joins the conflict list of one face it sees.
    auto assign = [&](int p, const std::vector<int>& candidates) {
        for (int f : candidates)
            if (above(f, p) > 0) {
                faces[static_cast<std::size_t>(f)].outside.push_back(p);
                return;
            }
    };
    const std::vector<int> initial{0, 1, 2, 3};
    for (int p = 0; p < n; ++p)
        if (p != i0 && p != i1 && p != i2 && p != i3)
            assign(p, initial);

    std::vector<int> stack{0, 1, 2, 3};
    std::vector<int> stamp; // per face: iteration in which it was last tested
    std::vector<char> seen; // per face: visible in that iteration
    int iteration = 0;
    while (!stack.empty()) {
        const int fi = stack.back();
        stack.pop_back();
        if (!faces[static_cast<std::size_t>(fi)].alive ||
            faces[static_cast<std::size_t>(fi)].outside.empty())
            continue;
        ++iteration;
        // The farthest conflict point of this face is certainly a hull vertex.
        int apex = -1;
        long long far = 0;
        for (int p : faces[static_cast<std::size_t>(fi)].outside) {
            const long long d = above(fi, p);
            if (d > far) {
                far = d;
                apex = p;
            }
        }
        // Faces strictly below the apex form one connected patch around fi: walk it.
        stamp.resize(faces.size(), 0);
        seen.resize(faces.size(), 0);
        std::vector<int> visible{fi};
        stamp[static_cast<std::size_t>(fi)] = iteration;
        seen[static_cast<std::size_t>(fi)] = 1;
        std::vector<std::pair<int, int>> horizon;
        for (std::size_t q = 0; q < visible.size(); ++q) {
            const auto v = faces[static_cast<std::size_t>(visible[q])].v;
            for (std::size_t e = 0; e < 3; ++e) {
                const int a = v[e], b = v[(e + 1) % 3];
                const int g = edgeFace.at(edgeKey(b, a));
                if (stamp[static_cast<std::size_t>(g)] != iteration) {
                    stamp[static_cast<std::size_t>(g)] = iteration;
                    seen[static_cast<std::size_t>(g)] = above(g, apex) > 0;
                    if (seen[static_cast<std::size_t>(g)])
                        visible.push_back(g);
                }
                if (!seen[static_cast<std::size_t>(g)])
                    horizon.push_back({a, b});
            }
        }
        std::vector<int> orphans;
        for (int f : visible) {
            Face& face = faces[static_cast<std::size_t>(f)];
            face.alive = false;
            for (int p : face.outside)
                if (p != apex)
                    orphans.push_back(p);
            std::vector<int>().swap(face.outside);
            for (std::size_t e = 0; e < 3; ++e) {
                const auto it = edgeFace.find(edgeKey(face.v[e], face.v[(e + 1) % 3]));
                if (it != edgeFace.end() && it->second == f)
                    edgeFace.erase(it);
            }
        }
        std::vector<int> created;
        for (const auto& [a, b] : horizon)
            created.push_back(addFace(a, b, apex));
        for (int p : orphans)
            assign(p, created);
        stack.insert(stack.end(), created.begin(), created.end());
    }

    std::vector<char> isVertex(static_cast<std::size_t>(n), 0);
    for (const Face& f : faces)
        if (f.alive) {
            hull.faces.push_back(f.v);
            for (int v : f.v)
                isVertex[static_cast<std::size_t>(v)] = 1;
        }
    for (int i = 0; i < n; ++i)
        if (isVertex[static_cast<std::size_t>(i)])
            hull.vertices.push_back(i);
    return hull;
}

} // namespace rgw::radiomics::morphology
