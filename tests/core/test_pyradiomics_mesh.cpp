// PyRadiomics' mesh (classic marching cubes, ClassicMarchingCubes.h) against
// values derived by hand, and its triangle table against the properties the
// classic algorithm guarantees for each of the 256 cube configurations.
//
// Analytic values. With spacing s = (sx, sy, sz) and P = sx sy sz, a single
// voxel's mesh joins the midpoints of its six edges to the neighbours: the
// octahedron O with half-axes s / 2, of volume (4/3)(sx/2)(sy/2)(sz/2) = P/6
// and area 8 x |(sx/2, 0, 0) ... | = sqrt(sx²sy² + sy²sz² + sz²sx²) (each face
// is half the norm of the cross product of (-sx/2, sy/2, 0) and
// (-sx/2, 0, sz/2)). A box of voxels whose centres span B = [0, a] x [0, b] x
// [0, c] (mm) has for mesh the boundary of the Minkowski sum B + O: flat faces
// (4 inside corners per cube), chamfers along the edges (2 corners) and the
// octahedron's faces at the corners (1 corner). Hence
//   V = P/6 + a (sy sz / 2) + b (sx sz / 2) + c (sx sy / 2)
//       + ab sz + bc sx + ca sy + abc,
//   A = sqrt(sx²sy² + sy²sz² + sz²sx²) + 2 (ab + bc + ca)
//       + 2 a sqrt(sy² + sz²) + 2 b sqrt(sx² + sz²) + 2 c sqrt(sx² + sy²),
// (sy sz / 2 = area of O seen along i, sz = width of O along k; O's four
// edges around the i axis have length sqrt(sy² + sz²) / 2 each).
#include "radiomics/pyradiomics/ClassicMarchingCubes.h"
#include "util/Error.h"

#include <Eigen/Geometry>
#include <algorithm>
#include <array>
#include <cmath>
#include <gtest/gtest.h>
#include <set>
#include <utility>
#include <vector>

namespace {

namespace py = rgw::radiomics::pyradiomics;

const Eigen::Vector3d kSpacing(0.7, 1.3, 2.1);

rgw::Mask emptyMask(std::int64_t ni, std::int64_t nj, std::int64_t nk) {
    rgw::Geometry g;
    g.size = {ni, nj, nk};
    g.spacing = kSpacing;
    return rgw::Mask(g, 0);
}

/// The analytic box of the header comment; extents in voxels along i, j, k.
struct Expected {
    double volume, area;
};
Expected boxOfVoxels(int ni, int nj, int nk) {
    const double sx = kSpacing[0], sy = kSpacing[1], sz = kSpacing[2];
    const double a = (ni - 1) * sx, b = (nj - 1) * sy, c = (nk - 1) * sz;
    const double P = sx * sy * sz;
    const double volume = P / 6 + a * sy * sz / 2 + b * sx * sz / 2 + c * sx * sy / 2 + a * b * sz +
                          b * c * sx + c * a * sy + a * b * c;
    const double area = std::sqrt(sx * sx * sy * sy + sy * sy * sz * sz + sz * sz * sx * sx) +
                        2 * (a * b + b * c + c * a) + 2 * a * std::hypot(sy, sz) +
                        2 * b * std::hypot(sx, sz) + 2 * c * std::hypot(sx, sy);
    return {volume, area};
}

void expectMesh(const py::ClassicMesh& mesh, const Expected& e) {
    EXPECT_NEAR(mesh.volume, e.volume, 1e-12 * e.volume);
    EXPECT_NEAR(mesh.surfaceArea, e.area, 1e-12 * e.area);
}

TEST(PyRadiomicsMesh, SingleVoxelIsTheOctahedronOfItsEdgeMidpoints) {
    const double P = kSpacing.prod();
    const Expected octahedron{P / 6, std::sqrt(std::pow(kSpacing[0] * kSpacing[1], 2) +
                                               std::pow(kSpacing[1] * kSpacing[2], 2) +
                                               std::pow(kSpacing[2] * kSpacing[0], 2))};
    rgw::Mask mask = emptyMask(5, 4, 3);
    mask.at(2, 1, 1) = 1;
    const auto mesh = py::classicMeshMeasures(mask);
    expectMesh(mesh, octahedron);
    EXPECT_EQ(mesh.vertices.size(), 6u);
    // A voxel on the grid's border: voxels outside the grid are background.
    rgw::Mask corner = emptyMask(1, 1, 1);
    corner.at(0, 0, 0) = 1;
    expectMesh(py::classicMeshMeasures(corner), octahedron);
}

TEST(PyRadiomicsMesh, TwoVoxelsAlongEachAxis) {
    for (int axis = 0; axis < 3; ++axis) {
        rgw::Mask mask = emptyMask(4, 4, 4);
        std::array<std::int64_t, 3> p{1, 2, 1};
        mask.at(p[0], p[1], p[2]) = 1;
        p[static_cast<std::size_t>(axis)] += 1;
        mask.at(p[0], p[1], p[2]) = 1;
        const auto mesh = py::classicMeshMeasures(mask);
        expectMesh(mesh, boxOfVoxels(axis == 0 ? 2 : 1, axis == 1 ? 2 : 1, axis == 2 ? 2 : 1));
        EXPECT_EQ(mesh.vertices.size(), 10u) << "axis " << axis;
    }
}

TEST(PyRadiomicsMesh, FullThreeByThreeByThreeBlock) {
    // V = 139 P / 6 and A = 8 (sx sy + sy sz + sz sx) + 4 (sx sqrt(sy² + sz²)
    // + ...) + sqrt(...) by the formulas above with a = 2 sx, b = 2 sy, c = 2 sz.
    const double P = kSpacing.prod();
    EXPECT_NEAR(boxOfVoxels(3, 3, 3).volume, 139 * P / 6, 1e-12);
    // The same block anywhere in the grid (a closed mesh's volume does not
    // depend on where its coordinates start).
    for (std::int64_t offset : {0, 2}) {
        rgw::Mask mask = emptyMask(6, 6, 5);
        for (std::int64_t k = 0; k < 3; ++k)
            for (std::int64_t j = 0; j < 3; ++j)
                for (std::int64_t i = 0; i < 3; ++i)
                    mask.at(i + offset, j + offset, k + offset) = 1;
        const auto mesh = py::classicMeshMeasures(mask);
        expectMesh(mesh, boxOfVoxels(3, 3, 3));
        EXPECT_EQ(mesh.vertices.size(), 54u); // 9 boundary voxel faces per side
    }
}

TEST(PyRadiomicsMesh, DiagonalNeighboursInAFaceStayApart) {
    // Voxels (0,0,0) and (1,1,0) touch along an edge only. Both cubes holding
    // them have corner 7 outside (configurations 5 and 80), where the classic
    // table separates inside corners on an ambiguous face: two octahedra
    // (where the IBSI mesh joins them).
    rgw::Mask mask = emptyMask(2, 2, 1);
    mask.at(0, 0, 0) = 1;
    mask.at(1, 1, 0) = 1;
    const auto mesh = py::classicMeshMeasures(mask);
    const double P = kSpacing.prod();
    const double octahedronArea =
        std::sqrt(std::pow(kSpacing[0] * kSpacing[1], 2) + std::pow(kSpacing[1] * kSpacing[2], 2) +
                  std::pow(kSpacing[2] * kSpacing[0], 2));
    expectMesh(mesh, {P / 3, 2 * octahedronArea});
}

TEST(PyRadiomicsMesh, EmptyMaskIsRefused) {
    EXPECT_THROW(py::classicMeshMeasures(emptyMask(3, 3, 3)), rgw::Error);
}

Eigen::Vector3d corner(int c) {
    const auto& p = py::kCubeCorners[static_cast<std::size_t>(c)];
    return {static_cast<double>(p[0]), static_cast<double>(p[1]), static_cast<double>(p[2])};
}

Eigen::Vector3d midpoint(int edge) {
    const auto& e = py::kCubeEdges[static_cast<std::size_t>(edge)];
    return 0.5 * (corner(e[0]) + corner(e[1]));
}

/// A triangle up to rotation of its vertices (orientation kept).
std::array<int, 3> canonical(std::array<int, 3> t) {
    while (t[0] != std::min({t[0], t[1], t[2]}))
        t = {t[1], t[2], t[0]};
    return t;
}

TEST(PyRadiomicsMesh, TriangleTableOverAll256Configurations) {
    // The cube's geometry: corners at unit offsets, each edge joins corners
    // one step apart, and the six faces (4 edges each).
    for (const auto& e : py::kCubeEdges)
        EXPECT_DOUBLE_EQ((corner(e[0]) - corner(e[1])).norm(), 1.0);
    const std::array<std::set<int>, 6> faces = {{
        {0, 1, 2, 3},   // k = 0
        {4, 5, 6, 7},   // k = 1
        {0, 9, 4, 8},   // j = 0
        {2, 10, 6, 11}, // j = 1
        {3, 11, 7, 8},  // i = 0
        {1, 10, 5, 9},  // i = 1
    }};
    auto onOneFace = [&](int u, int v) {
        return std::any_of(faces.begin(), faces.end(),
                           [&](const std::set<int>& f) { return f.count(u) && f.count(v); });
    };
    for (int configuration = 0; configuration < 256; ++configuration) {
        SCOPED_TRACE(configuration);
        auto inside = [&](int c) { return (configuration >> c & 1) != 0; };
        const auto cube = py::classicTriangles(static_cast<std::uint8_t>(configuration));
        std::set<int> crossed, used;
        for (int e = 0; e < 12; ++e)
            if (inside(py::kCubeEdges[static_cast<std::size_t>(e)][0]) !=
                inside(py::kCubeEdges[static_cast<std::size_t>(e)][1]))
                crossed.insert(e);
        std::multiset<std::pair<int, int>> directed;
        for (int t = 0; t < cube.count; ++t) {
            const auto& tri = cube.triangles[static_cast<std::size_t>(t)];
            EXPECT_TRUE(tri[0] != tri[1] && tri[1] != tri[2] && tri[0] != tri[2]);
            double outward = 0.0;
            const Eigen::Vector3d n =
                (midpoint(tri[1]) - midpoint(tri[0])).cross(midpoint(tri[2]) - midpoint(tri[0]));
            for (int v = 0; v < 3; ++v) {
                // Every vertex on an edge joining an inside and an outside corner.
                EXPECT_TRUE(crossed.count(tri[static_cast<std::size_t>(v)]));
                used.insert(tri[static_cast<std::size_t>(v)]);
                const auto& e =
                    py::kCubeEdges[static_cast<std::size_t>(tri[static_cast<std::size_t>(v)])];
                const Eigen::Vector3d inToOut =
                    inside(e[0]) ? corner(e[1]) - corner(e[0]) : corner(e[0]) - corner(e[1]);
                outward += n.dot(inToOut);
                directed.insert(
                    {tri[static_cast<std::size_t>(v)], tri[static_cast<std::size_t>((v + 1) % 3)]});
            }
            // Counter-clockwise seen from outside: the normal leaves the inside.
            EXPECT_GT(outward, 0.0);
        }
        // Every crossed edge carries a vertex, and the patch is a surface
        // whose border lies on the cube's faces: an inner mesh edge is walked
        // once each way.
        EXPECT_EQ(used, crossed);
        for (const auto& [u, v] : directed)
            if (!onOneFace(u, v)) {
                EXPECT_EQ(directed.count({u, v}), 1u);
                EXPECT_EQ(directed.count({v, u}), 1u);
            }
        // PyRadiomics' complement trick: a configuration and its complement
        // have the same triangles, turned the other way.
        const auto other = py::classicTriangles(static_cast<std::uint8_t>(configuration ^ 0xFF));
        std::multiset<std::array<int, 3>> mine, reversed;
        for (int t = 0; t < cube.count; ++t)
            mine.insert(canonical(cube.triangles[static_cast<std::size_t>(t)]));
        for (int t = 0; t < other.count; ++t) {
            const auto& tri = other.triangles[static_cast<std::size_t>(t)];
            reversed.insert(canonical({tri[0], tri[2], tri[1]}));
        }
        EXPECT_EQ(mine, reversed);
    }
}

} // namespace
