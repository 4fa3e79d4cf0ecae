#include "radiomics/morphology/SurfaceMesh.h"

#include <Eigen/Geometry>
#include <algorithm>
#include <cmath>
#include <cstdint>

namespace rgw::radiomics::morphology {
namespace {

// A cube corner c (0..7) sits at offset (c & 1, c >> 1 & 1, c >> 2 & 1).
Eigen::Vector3i cornerOffset(int c) {
    return {c & 1, (c >> 1) & 1, (c >> 2) & 1};
}

// Edge midpoint between two adjacent corners, in doubled local coordinates (0..2).
Eigen::Vector3i midpoint(int c0, int c1) {
    return cornerOffset(c0) + cornerOffset(c1);
}

using CaseTriangles = std::vector<std::array<Eigen::Vector3i, 3>>;

// Two edge midpoints lie on a common cube face when a coordinate is 0 or 2 in both.
bool shareCubeFace(const Eigen::Vector3i& a, const Eigen::Vector3i& b) {
    for (int axis = 0; axis < 3; ++axis)
        if (a[axis] == b[axis] && a[axis] != 1)
            return true;
    return false;
}

// Triangulates a closed loop (non-planar in general) the way Lewiner's
// marching cubes tables (scikit-image `marching_cubes`, used by the IBSI
// reference implementations) tile binary masks: among the triangulations, the
// one with the largest area in voxel-index space, ties broken towards the
// smaller enclosed volume. Chords joining two midpoints of one cube face are
// excluded: the neighbouring cube may use the same pair, which would make the
// mesh non-manifold. The tables are fixed per cube configuration, so the
// choice is made in index space whatever the voxel spacing.
CaseTriangles triangulateLoop(const std::vector<Eigen::Vector3i>& loop) {
    const std::size_t n = loop.size();
    struct Score {
        double area = 0.0;   // twice the area, index units
        double volume = 0.0; // six times the signed volume towards the origin
    };
    auto triangle = [&](std::size_t i, std::size_t k, std::size_t j) {
        const Eigen::Vector3d a = loop[i].cast<double>(), b = loop[k].cast<double>(),
                              c = loop[j].cast<double>();
        return Score{(b - a).cross(c - a).norm(), a.dot(b.cross(c))};
    };
    // Lexicographic: larger area first, then smaller volume.
    auto better = [](const Score& x, const Score& y) {
        if (std::abs(x.area - y.area) > 1e-9)
            return x.area > y.area;
        return x.volume < y.volume - 1e-9;
    };
    std::vector<std::vector<Score>> best;
    std::vector<std::vector<bool>> feasible;
    std::vector<std::vector<std::size_t>> split;
    auto solve = [&](bool restrictChords) {
        best.assign(n, std::vector<Score>(n));
        feasible.assign(n, std::vector<bool>(n, false));
        split.assign(n, std::vector<std::size_t>(n, 0));
        for (std::size_t i = 0; i + 1 < n; ++i)
            feasible[i][i + 1] = true;
        for (std::size_t length = 2; length < n; ++length)
            for (std::size_t i = 0; i + length < n; ++i) {
                const std::size_t j = i + length;
                if (restrictChords && length < n - 1 && shareCubeFace(loop[i], loop[j]))
                    continue;
                for (std::size_t k = i + 1; k < j; ++k) {
                    if (!feasible[i][k] || !feasible[k][j])
                        continue;
                    const Score t = triangle(i, k, j);
                    const Score s{best[i][k].area + best[k][j].area + t.area,
                                  best[i][k].volume + best[k][j].volume + t.volume};
                    if (!feasible[i][j] || better(s, best[i][j])) {
                        best[i][j] = s;
                        feasible[i][j] = true;
                        split[i][j] = k;
                    }
                }
            }
        return static_cast<bool>(feasible[0][n - 1]);
    };
    if (!solve(true))
        solve(false); // never needed for binary masks; kept so every loop is closed
    CaseTriangles triangles;
    std::vector<std::pair<std::size_t, std::size_t>> pending{{0, n - 1}};
    while (!pending.empty()) {
        const auto [i, j] = pending.back();
        pending.pop_back();
        if (j - i < 2)
            continue;
        const std::size_t k = split[i][j];
        triangles.push_back({loop[i], loop[k], loop[j]});
        pending.push_back({i, k});
        pending.push_back({k, j});
    }
    return triangles;
}

// Triangles of one cube configuration, derived instead of tabulated: on each
// cube face, every cyclic run of inside corners is cut off by one segment
// (on an ambiguous face, every outside corner instead; see below)
// directed from the crossing where the counter-clockwise walk (seen from
// outside) enters the run to the crossing where it leaves it. Segments chain
// into closed loops whose right-hand normals point away from the inside
// corners; each loop is then triangulated (triangulateLoop).
CaseTriangles triangulateCase(int inside) {
    std::vector<std::pair<Eigen::Vector3i, Eigen::Vector3i>> segments;
    for (int axis = 0; axis < 3; ++axis) {
        const int u = (axis + 1) % 3;
        const int v = (axis + 2) % 3;
        for (int side = 0; side < 2; ++side) {
            // Counter-clockwise around +e_axis: (0,0) (1,0) (1,1) (0,1) in (u, v).
            std::array<int, 4> ring{};
            const int uv[4][2] = {{0, 0}, {1, 0}, {1, 1}, {0, 1}};
            for (int n = 0; n < 4; ++n)
                ring[static_cast<std::size_t>(n)] =
                    (side << axis) | (uv[n][0] << u) | (uv[n][1] << v);
            if (side == 0)
                std::reverse(ring.begin(), ring.end()); // outward normal is -e_axis
            auto in = [&](int n) {
                return ((inside >> ring[static_cast<std::size_t>((n + 4) % 4)]) & 1) != 0;
            };
            const auto at = [&](int m) { return ring[static_cast<std::size_t>((m + 4) % 4)]; };
            // Ambiguous face (inside corners only diagonal): the bilinear
            // saddle equals the iso-level 0.5 and counts as inside, as in
            // Lewiner's face test, so the inside corners are joined and each
            // outside corner is cut off instead.
            if (in(0) == in(2) && in(1) == in(3) && in(0) != in(1)) {
                for (int n = 0; n < 4; ++n)
                    if (!in(n))
                        segments.push_back(
                            {midpoint(at(n), at(n + 1)), midpoint(at(n - 1), at(n))});
                continue;
            }
            for (int n = 0; n < 4; ++n) {
                if (!in(n) || in(n + 1))
                    continue;
                int start = n;
                while (in(start - 1))
                    --start;
                segments.push_back(
                    {midpoint(at(start - 1), at(start)), midpoint(at(n), at(n + 1))});
            }
        }
    }
    CaseTriangles triangles;
    std::vector<bool> used(segments.size(), false);
    for (std::size_t s = 0; s < segments.size(); ++s) {
        if (used[s])
            continue;
        std::vector<Eigen::Vector3i> loop;
        std::size_t current = s;
        while (!used[current]) {
            used[current] = true;
            loop.push_back(segments[current].first);
            const Eigen::Vector3i next = segments[current].second;
            for (std::size_t t = 0; t < segments.size(); ++t)
                if (!used[t] && segments[t].first == next) {
                    current = t;
                    break;
                }
        }
        const CaseTriangles fan = triangulateLoop(loop);
        triangles.insert(triangles.end(), fan.begin(), fan.end());
    }
    return triangles;
}

// A triangle corner as the cube edge it sits on: the edge's lower corner
// offset (0/1 per axis) and its axis.
struct EdgeRef {
    int dx, dy, dz, axis;
};
using CaseEdges = std::vector<std::array<EdgeRef, 3>>;

const std::array<CaseEdges, 256>& caseTable() {
    static const std::array<CaseEdges, 256> table = [] {
        std::array<CaseEdges, 256> t;
        for (int c = 0; c < 256; ++c)
            for (const auto& tri : triangulateCase(c)) {
                std::array<EdgeRef, 3> refs{};
                for (std::size_t k = 0; k < 3; ++k) {
                    int axis = 0;
                    while (tri[k][axis] != 1)
                        ++axis;
                    const Eigen::Vector3i corner = (tri[k] - Eigen::Vector3i::Unit(axis)) / 2;
                    refs[k] = {corner[0], corner[1], corner[2], axis};
                }
                t[static_cast<std::size_t>(c)].push_back(refs);
            }
        return t;
    }();
    return table;
}

} // namespace

SurfaceMesh marchingCubes(const Mask& mask) {
    const Geometry& g = mask.geometry;
    std::array<std::int64_t, 3> lo{g.size[0], g.size[1], g.size[2]};
    std::array<std::int64_t, 3> hi{-1, -1, -1};
    for (std::int64_t k = 0; k < g.size[2]; ++k)
        for (std::int64_t j = 0; j < g.size[1]; ++j)
            for (std::int64_t i = 0; i < g.size[0]; ++i)
                if (mask.voxels[g.linearIndex(i, j, k)] != 0) {
                    const std::array<std::int64_t, 3> p{i, j, k};
                    for (std::size_t a = 0; a < 3; ++a) {
                        lo[a] = std::min(lo[a], p[a]);
                        hi[a] = std::max(hi[a], p[a]);
                    }
                }
    SurfaceMesh mesh;
    if (hi[0] < 0)
        return mesh;

    // Padded box: local voxel x in [0, n) maps to grid index lo - 1 + x.
    const std::array<std::int64_t, 3> n{hi[0] - lo[0] + 3, hi[1] - lo[1] + 3, hi[2] - lo[2] + 3};
    const std::size_t boxVoxels = static_cast<std::size_t>(n[0] * n[1] * n[2]);
    std::vector<std::uint8_t> padded(boxVoxels, 0);
    auto boxIndex = [&](std::int64_t x, std::int64_t y, std::int64_t z) {
        return static_cast<std::size_t>((z * n[1] + y) * n[0] + x);
    };
    for (std::int64_t z = 1; z + 1 < n[2]; ++z)
        for (std::int64_t y = 1; y + 1 < n[1]; ++y)
            for (std::int64_t x = 1; x + 1 < n[0]; ++x)
                padded[boxIndex(x, y, z)] =
                    mask.voxels[g.linearIndex(lo[0] - 1 + x, lo[1] - 1 + y, lo[2] - 1 + z)] != 0;

    // One vertex per crossed voxel edge: edge (corner, axis) -> vertex index.
    std::vector<int> edgeVertex(3 * boxVoxels, -1);
    const Eigen::Vector3i gridOffset(static_cast<int>(lo[0] - 1), static_cast<int>(lo[1] - 1),
                                     static_cast<int>(lo[2] - 1));
    const auto& table = caseTable();
    const std::size_t sx = 1, sy = static_cast<std::size_t>(n[0]),
                      sz = static_cast<std::size_t>(n[0] * n[1]);
    for (std::int64_t z = 0; z + 1 < n[2]; ++z)
        for (std::int64_t y = 0; y + 1 < n[1]; ++y)
            for (std::int64_t x = 0; x + 1 < n[0]; ++x) {
                const std::size_t b = boxIndex(x, y, z);
                const int inside = padded[b] | padded[b + sx] << 1 | padded[b + sy] << 2 |
                                   padded[b + sx + sy] << 3 | padded[b + sz] << 4 |
                                   padded[b + sx + sz] << 5 | padded[b + sy + sz] << 6 |
                                   padded[b + sx + sy + sz] << 7;
                if (inside == 0 || inside == 255)
                    continue;
                for (const auto& tri : table[static_cast<std::size_t>(inside)]) {
                    std::array<int, 3> t{};
                    for (std::size_t k = 0; k < 3; ++k) {
                        const EdgeRef& e = tri[k];
                        const Eigen::Vector3i corner(static_cast<int>(x) + e.dx,
                                                     static_cast<int>(y) + e.dy,
                                                     static_cast<int>(z) + e.dz);
                        int& slot = edgeVertex[3 * boxIndex(corner[0], corner[1], corner[2]) +
                                               static_cast<std::size_t>(e.axis)];
                        if (slot < 0) {
                            slot = static_cast<int>(mesh.lattice.size());
                            mesh.lattice.push_back(2 * (corner + gridOffset) +
                                                   Eigen::Vector3i::Unit(e.axis));
                        }
                        t[k] = slot;
                    }
                    mesh.triangles.push_back(t);
                }
            }
    return mesh;
}

Eigen::Matrix3d latticeToPhysical(const Geometry& geometry) {
    return 0.5 * geometry.direction * geometry.spacing.asDiagonal();
}

VolumeArea meshVolumeArea(const std::vector<Eigen::Vector3d>& vertices,
                          const std::vector<std::array<int, 3>>& triangles) {
    double signedVolume = 0.0;
    double area = 0.0;
    for (const auto& t : triangles) {
        const Eigen::Vector3d& a = vertices[static_cast<std::size_t>(t[0])];
        const Eigen::Vector3d& b = vertices[static_cast<std::size_t>(t[1])];
        const Eigen::Vector3d& c = vertices[static_cast<std::size_t>(t[2])];
        signedVolume += a.dot(b.cross(c));
        area += (b - a).cross(c - a).norm();
    }
    return {std::abs(signedVolume) / 6.0, area / 2.0};
}

} // namespace rgw::radiomics::morphology
