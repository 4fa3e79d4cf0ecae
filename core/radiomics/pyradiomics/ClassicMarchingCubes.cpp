#include "radiomics/pyradiomics/ClassicMarchingCubes.h"

#include "radiomics/processing/RoiBox.h"
#include "util/Error.h"

#include <Eigen/Geometry>
#include <algorithm>
#include <cmath>

namespace rgw::radiomics::pyradiomics {
namespace {

/// The classic marching-cubes triangle table, configurations 0-127 (corner 7
/// outside): Lorensen & Cline (1987), as tabulated by Paul Bourke
/// ("Polygonising a scalar field", 1994, after Cory Gene Bloyd's table), with
/// his corner and edge numbering (see ClassicMarchingCubes.h). Each row lists
/// up to five triangles as edge triples, terminated by -1. Bourke's winding
/// is reversed when the triangles are handed out (classicTriangles), so they
/// turn counter-clockwise seen from outside in (i, j, k).
///
/// PyRadiomics' cshape.c carries the same 128 rows except that 15 of them
/// (30, 45, 51, 53, 60, 75, 83, 85, 86, 89, 92, 101, 105, 106, 120) split the
/// same polygons along other diagonals. The midpoint polygons are symmetric
/// enough that both splits have the same area and enclose the same volume
/// (checked row by row at random anisotropic spacings), so the measures agree.
constexpr std::int8_t kTriangleTable[128][15] = {
    {-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1}, // 0
    {0, 8, 3, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1},    // 1
    {0, 1, 9, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1},    // 2
    {1, 8, 3, 9, 8, 1, -1, -1, -1, -1, -1, -1, -1, -1, -1},       // 3
    {1, 2, 10, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1},   // 4
    {0, 8, 3, 1, 2, 10, -1, -1, -1, -1, -1, -1, -1, -1, -1},      // 5
    {9, 2, 10, 0, 2, 9, -1, -1, -1, -1, -1, -1, -1, -1, -1},      // 6
    {2, 8, 3, 2, 10, 8, 10, 9, 8, -1, -1, -1, -1, -1, -1},        // 7
    {3, 11, 2, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1},   // 8
    {0, 11, 2, 8, 11, 0, -1, -1, -1, -1, -1, -1, -1, -1, -1},     // 9
    {1, 9, 0, 2, 3, 11, -1, -1, -1, -1, -1, -1, -1, -1, -1},      // 10
    {1, 11, 2, 1, 9, 11, 9, 8, 11, -1, -1, -1, -1, -1, -1},       // 11
    {3, 10, 1, 11, 10, 3, -1, -1, -1, -1, -1, -1, -1, -1, -1},    // 12
    {0, 10, 1, 0, 8, 10, 8, 11, 10, -1, -1, -1, -1, -1, -1},      // 13
    {3, 9, 0, 3, 11, 9, 11, 10, 9, -1, -1, -1, -1, -1, -1},       // 14
    {9, 8, 10, 10, 8, 11, -1, -1, -1, -1, -1, -1, -1, -1, -1},    // 15
    {4, 7, 8, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1},    // 16
    {4, 3, 0, 7, 3, 4, -1, -1, -1, -1, -1, -1, -1, -1, -1},       // 17
    {0, 1, 9, 8, 4, 7, -1, -1, -1, -1, -1, -1, -1, -1, -1},       // 18
    {4, 1, 9, 4, 7, 1, 7, 3, 1, -1, -1, -1, -1, -1, -1},          // 19
    {1, 2, 10, 8, 4, 7, -1, -1, -1, -1, -1, -1, -1, -1, -1},      // 20
    {3, 4, 7, 3, 0, 4, 1, 2, 10, -1, -1, -1, -1, -1, -1},         // 21
    {9, 2, 10, 9, 0, 2, 8, 4, 7, -1, -1, -1, -1, -1, -1},         // 22
    {2, 10, 9, 2, 9, 7, 2, 7, 3, 7, 9, 4, -1, -1, -1},            // 23
    {8, 4, 7, 3, 11, 2, -1, -1, -1, -1, -1, -1, -1, -1, -1},      // 24
    {11, 4, 7, 11, 2, 4, 2, 0, 4, -1, -1, -1, -1, -1, -1},        // 25
    {9, 0, 1, 8, 4, 7, 2, 3, 11, -1, -1, -1, -1, -1, -1},         // 26
    {4, 7, 11, 9, 4, 11, 9, 11, 2, 9, 2, 1, -1, -1, -1},          // 27
    {3, 10, 1, 3, 11, 10, 7, 8, 4, -1, -1, -1, -1, -1, -1},       // 28
    {1, 11, 10, 1, 4, 11, 1, 0, 4, 7, 11, 4, -1, -1, -1},         // 29
    {4, 7, 8, 9, 0, 11, 9, 11, 10, 11, 0, 3, -1, -1, -1},         // 30
    {4, 7, 11, 4, 11, 9, 9, 11, 10, -1, -1, -1, -1, -1, -1},      // 31
    {9, 5, 4, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1},    // 32
    {9, 5, 4, 0, 8, 3, -1, -1, -1, -1, -1, -1, -1, -1, -1},       // 33
    {0, 5, 4, 1, 5, 0, -1, -1, -1, -1, -1, -1, -1, -1, -1},       // 34
    {8, 5, 4, 8, 3, 5, 3, 1, 5, -1, -1, -1, -1, -1, -1},          // 35
    {1, 2, 10, 9, 5, 4, -1, -1, -1, -1, -1, -1, -1, -1, -1},      // 36
    {3, 0, 8, 1, 2, 10, 4, 9, 5, -1, -1, -1, -1, -1, -1},         // 37
    {5, 2, 10, 5, 4, 2, 4, 0, 2, -1, -1, -1, -1, -1, -1},         // 38
    {2, 10, 5, 3, 2, 5, 3, 5, 4, 3, 4, 8, -1, -1, -1},            // 39
    {9, 5, 4, 2, 3, 11, -1, -1, -1, -1, -1, -1, -1, -1, -1},      // 40
    {0, 11, 2, 0, 8, 11, 4, 9, 5, -1, -1, -1, -1, -1, -1},        // 41
    {0, 5, 4, 0, 1, 5, 2, 3, 11, -1, -1, -1, -1, -1, -1},         // 42
    {2, 1, 5, 2, 5, 8, 2, 8, 11, 4, 8, 5, -1, -1, -1},            // 43
    {10, 3, 11, 10, 1, 3, 9, 5, 4, -1, -1, -1, -1, -1, -1},       // 44
    {4, 9, 5, 0, 8, 1, 8, 10, 1, 8, 11, 10, -1, -1, -1},          // 45
    {5, 4, 0, 5, 0, 11, 5, 11, 10, 11, 0, 3, -1, -1, -1},         // 46
    {5, 4, 8, 5, 8, 10, 10, 8, 11, -1, -1, -1, -1, -1, -1},       // 47
    {9, 7, 8, 5, 7, 9, -1, -1, -1, -1, -1, -1, -1, -1, -1},       // 48
    {9, 3, 0, 9, 5, 3, 5, 7, 3, -1, -1, -1, -1, -1, -1},          // 49
    {0, 7, 8, 0, 1, 7, 1, 5, 7, -1, -1, -1, -1, -1, -1},          // 50
    {1, 5, 3, 3, 5, 7, -1, -1, -1, -1, -1, -1, -1, -1, -1},       // 51
    {9, 7, 8, 9, 5, 7, 10, 1, 2, -1, -1, -1, -1, -1, -1},         // 52
    {10, 1, 2, 9, 5, 0, 5, 3, 0, 5, 7, 3, -1, -1, -1},            // 53
    {8, 0, 2, 8, 2, 5, 8, 5, 7, 10, 5, 2, -1, -1, -1},            // 54
    {2, 10, 5, 2, 5, 3, 3, 5, 7, -1, -1, -1, -1, -1, -1},         // 55
    {7, 9, 5, 7, 8, 9, 3, 11, 2, -1, -1, -1, -1, -1, -1},         // 56
    {9, 5, 7, 9, 7, 2, 9, 2, 0, 2, 7, 11, -1, -1, -1},            // 57
    {2, 3, 11, 0, 1, 8, 1, 7, 8, 1, 5, 7, -1, -1, -1},            // 58
    {11, 2, 1, 11, 1, 7, 7, 1, 5, -1, -1, -1, -1, -1, -1},        // 59
    {9, 5, 8, 8, 5, 7, 10, 1, 3, 10, 3, 11, -1, -1, -1},          // 60
    {5, 7, 0, 5, 0, 9, 7, 11, 0, 1, 0, 10, 11, 10, 0},            // 61
    {11, 10, 0, 11, 0, 3, 10, 5, 0, 8, 0, 7, 5, 7, 0},            // 62
    {11, 10, 5, 7, 11, 5, -1, -1, -1, -1, -1, -1, -1, -1, -1},    // 63
    {10, 6, 5, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1},   // 64
    {0, 8, 3, 5, 10, 6, -1, -1, -1, -1, -1, -1, -1, -1, -1},      // 65
    {9, 0, 1, 5, 10, 6, -1, -1, -1, -1, -1, -1, -1, -1, -1},      // 66
    {1, 8, 3, 1, 9, 8, 5, 10, 6, -1, -1, -1, -1, -1, -1},         // 67
    {1, 6, 5, 2, 6, 1, -1, -1, -1, -1, -1, -1, -1, -1, -1},       // 68
    {1, 6, 5, 1, 2, 6, 3, 0, 8, -1, -1, -1, -1, -1, -1},          // 69
    {9, 6, 5, 9, 0, 6, 0, 2, 6, -1, -1, -1, -1, -1, -1},          // 70
    {5, 9, 8, 5, 8, 2, 5, 2, 6, 3, 2, 8, -1, -1, -1},             // 71
    {2, 3, 11, 10, 6, 5, -1, -1, -1, -1, -1, -1, -1, -1, -1},     // 72
    {11, 0, 8, 11, 2, 0, 10, 6, 5, -1, -1, -1, -1, -1, -1},       // 73
    {0, 1, 9, 2, 3, 11, 5, 10, 6, -1, -1, -1, -1, -1, -1},        // 74
    {5, 10, 6, 1, 9, 2, 9, 11, 2, 9, 8, 11, -1, -1, -1},          // 75
    {6, 3, 11, 6, 5, 3, 5, 1, 3, -1, -1, -1, -1, -1, -1},         // 76
    {0, 8, 11, 0, 11, 5, 0, 5, 1, 5, 11, 6, -1, -1, -1},          // 77
    {3, 11, 6, 0, 3, 6, 0, 6, 5, 0, 5, 9, -1, -1, -1},            // 78
    {6, 5, 9, 6, 9, 11, 11, 9, 8, -1, -1, -1, -1, -1, -1},        // 79
    {5, 10, 6, 4, 7, 8, -1, -1, -1, -1, -1, -1, -1, -1, -1},      // 80
    {4, 3, 0, 4, 7, 3, 6, 5, 10, -1, -1, -1, -1, -1, -1},         // 81
    {1, 9, 0, 5, 10, 6, 8, 4, 7, -1, -1, -1, -1, -1, -1},         // 82
    {10, 6, 5, 1, 9, 7, 1, 7, 3, 7, 9, 4, -1, -1, -1},            // 83
    {6, 1, 2, 6, 5, 1, 4, 7, 8, -1, -1, -1, -1, -1, -1},          // 84
    {1, 2, 5, 5, 2, 6, 3, 0, 4, 3, 4, 7, -1, -1, -1},             // 85
    {8, 4, 7, 9, 0, 5, 0, 6, 5, 0, 2, 6, -1, -1, -1},             // 86
    {7, 3, 9, 7, 9, 4, 3, 2, 9, 5, 9, 6, 2, 6, 9},                // 87
    {3, 11, 2, 7, 8, 4, 10, 6, 5, -1, -1, -1, -1, -1, -1},        // 88
    {5, 10, 6, 4, 7, 2, 4, 2, 0, 2, 7, 11, -1, -1, -1},           // 89
    {0, 1, 9, 4, 7, 8, 2, 3, 11, 5, 10, 6, -1, -1, -1},           // 90
    {9, 2, 1, 9, 11, 2, 9, 4, 11, 7, 11, 4, 5, 10, 6},            // 91
    {8, 4, 7, 3, 11, 5, 3, 5, 1, 5, 11, 6, -1, -1, -1},           // 92
    {5, 1, 11, 5, 11, 6, 1, 0, 11, 7, 11, 4, 0, 4, 11},           // 93
    {0, 5, 9, 0, 6, 5, 0, 3, 6, 11, 6, 3, 8, 4, 7},               // 94
    {6, 5, 9, 6, 9, 11, 4, 7, 9, 7, 11, 9, -1, -1, -1},           // 95
    {10, 4, 9, 6, 4, 10, -1, -1, -1, -1, -1, -1, -1, -1, -1},     // 96
    {4, 10, 6, 4, 9, 10, 0, 8, 3, -1, -1, -1, -1, -1, -1},        // 97
    {10, 0, 1, 10, 6, 0, 6, 4, 0, -1, -1, -1, -1, -1, -1},        // 98
    {8, 3, 1, 8, 1, 6, 8, 6, 4, 6, 1, 10, -1, -1, -1},            // 99
    {1, 4, 9, 1, 2, 4, 2, 6, 4, -1, -1, -1, -1, -1, -1},          // 100
    {3, 0, 8, 1, 2, 9, 2, 4, 9, 2, 6, 4, -1, -1, -1},             // 101
    {0, 2, 4, 4, 2, 6, -1, -1, -1, -1, -1, -1, -1, -1, -1},       // 102
    {8, 3, 2, 8, 2, 4, 4, 2, 6, -1, -1, -1, -1, -1, -1},          // 103
    {10, 4, 9, 10, 6, 4, 11, 2, 3, -1, -1, -1, -1, -1, -1},       // 104
    {0, 8, 2, 2, 8, 11, 4, 9, 10, 4, 10, 6, -1, -1, -1},          // 105
    {3, 11, 2, 0, 1, 6, 0, 6, 4, 6, 1, 10, -1, -1, -1},           // 106
    {6, 4, 1, 6, 1, 10, 4, 8, 1, 2, 1, 11, 8, 11, 1},             // 107
    {9, 6, 4, 9, 3, 6, 9, 1, 3, 11, 6, 3, -1, -1, -1},            // 108
    {8, 11, 1, 8, 1, 0, 11, 6, 1, 9, 1, 4, 6, 4, 1},              // 109
    {3, 11, 6, 3, 6, 0, 0, 6, 4, -1, -1, -1, -1, -1, -1},         // 110
    {6, 4, 8, 11, 6, 8, -1, -1, -1, -1, -1, -1, -1, -1, -1},      // 111
    {7, 10, 6, 7, 8, 10, 8, 9, 10, -1, -1, -1, -1, -1, -1},       // 112
    {0, 7, 3, 0, 10, 7, 0, 9, 10, 6, 7, 10, -1, -1, -1},          // 113
    {10, 6, 7, 1, 10, 7, 1, 7, 8, 1, 8, 0, -1, -1, -1},           // 114
    {10, 6, 7, 10, 7, 1, 1, 7, 3, -1, -1, -1, -1, -1, -1},        // 115
    {1, 2, 6, 1, 6, 8, 1, 8, 9, 8, 6, 7, -1, -1, -1},             // 116
    {2, 6, 9, 2, 9, 1, 6, 7, 9, 0, 9, 3, 7, 3, 9},                // 117
    {7, 8, 0, 7, 0, 6, 6, 0, 2, -1, -1, -1, -1, -1, -1},          // 118
    {7, 3, 2, 6, 7, 2, -1, -1, -1, -1, -1, -1, -1, -1, -1},       // 119
    {2, 3, 11, 10, 6, 8, 10, 8, 9, 8, 6, 7, -1, -1, -1},          // 120
    {2, 0, 7, 2, 7, 11, 0, 9, 7, 6, 7, 10, 9, 10, 7},             // 121
    {1, 8, 0, 1, 7, 8, 1, 10, 7, 6, 7, 10, 2, 3, 11},             // 122
    {11, 2, 1, 11, 1, 7, 10, 6, 1, 6, 7, 1, -1, -1, -1},          // 123
    {8, 9, 6, 8, 6, 7, 9, 1, 6, 11, 6, 3, 1, 3, 6},               // 124
    {0, 9, 1, 11, 6, 7, -1, -1, -1, -1, -1, -1, -1, -1, -1},      // 125
    {7, 8, 0, 7, 0, 6, 3, 11, 0, 11, 6, 0, -1, -1, -1},           // 126
    {7, 11, 6, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1},   // 127
};

} // namespace

CubeTriangles classicTriangles(std::uint8_t configuration) {
    // Corner 7 inside: the complement's surface, turned the other way.
    const bool complement = (configuration & 0x80) != 0;
    const std::int8_t* row = kTriangleTable[complement ? configuration ^ 0xFF : configuration];
    CubeTriangles out;
    for (int t = 0; t < 5 && row[3 * t] >= 0; ++t) {
        const int a = row[3 * t], b = row[3 * t + 1], c = row[3 * t + 2];
        // Bourke's winding reversed (see kTriangleTable), again for a complement.
        out.triangles[static_cast<std::size_t>(t)] =
            complement ? std::array<int, 3>{a, b, c} : std::array<int, 3>{a, c, b};
        ++out.count;
    }
    return out;
}

ClassicMesh classicMeshMeasures(const Mask& mask) {
    const Geometry& g = mask.geometry;
    const processing::Box box = processing::boundingBox(mask);
    const std::array<std::int64_t, 3>&lo = box.lo, &hi = box.hi;
    if (box.empty())
        throw Error("PyRadiomics shape: the mask is empty");
    // The padded bounding box: [lo - 1, hi + 1] on every axis; its first voxel
    // is the coordinate origin.
    const std::array<std::int64_t, 3> origin{lo[0] - 1, lo[1] - 1, lo[2] - 1};
    auto inside = [&](std::int64_t i, std::int64_t j, std::int64_t k) {
        return g.contains(i, j, k) && mask.voxels[g.linearIndex(i, j, k)] != 0;
    };
    const Eigen::Vector3d halfSpacing = 0.5 * g.spacing;
    ClassicMesh mesh;
    double volume6 = 0.0;
    // Cubes whose first corner runs over the padded box but its last voxel.
    for (std::int64_t k = origin[2]; k <= hi[2]; ++k)
        for (std::int64_t j = origin[1]; j <= hi[1]; ++j)
            for (std::int64_t i = origin[0]; i <= hi[0]; ++i) {
                std::uint8_t configuration = 0;
                for (std::size_t c = 0; c < 8; ++c)
                    if (inside(i + kCubeCorners[c][0], j + kCubeCorners[c][1],
                               k + kCubeCorners[c][2]))
                        configuration = static_cast<std::uint8_t>(configuration | 1u << c);
                if (configuration == 0 || configuration == 0xFF)
                    continue;
                // Twice the cube's first corner, relative to the padded box.
                const Eigen::Vector3i base(static_cast<int>(2 * (i - origin[0])),
                                           static_cast<int>(2 * (j - origin[1])),
                                           static_cast<int>(2 * (k - origin[2])));
                auto vertex = [&](int edge) {
                    const auto& c0 = kCubeCorners[static_cast<std::size_t>(
                        kCubeEdges[static_cast<std::size_t>(edge)][0])];
                    const auto& c1 = kCubeCorners[static_cast<std::size_t>(
                        kCubeEdges[static_cast<std::size_t>(edge)][1])];
                    const Eigen::Vector3i lattice =
                        base + Eigen::Vector3i(c0[0] + c1[0], c0[1] + c1[1], c0[2] + c1[2]);
                    return Eigen::Vector3d(lattice.cast<double>().cwiseProduct(halfSpacing));
                };
                const CubeTriangles cube = classicTriangles(configuration);
                for (int t = 0; t < cube.count; ++t) {
                    const auto& tri = cube.triangles[static_cast<std::size_t>(t)];
                    const Eigen::Vector3d a = vertex(tri[0]), b = vertex(tri[1]),
                                          c = vertex(tri[2]);
                    volume6 += a.dot(b.cross(c));
                    mesh.surfaceArea += 0.5 * (b - a).cross(c - a).norm();
                }
            }
    mesh.volume = volume6 / 6.0;
    // Vertices: the midpoint of every voxel edge along i, j or k that joins an
    // inside and an outside voxel, each edge taken once from its lower voxel.
    for (std::int64_t k = origin[2]; k <= hi[2]; ++k)
        for (std::int64_t j = origin[1]; j <= hi[1]; ++j)
            for (std::int64_t i = origin[0]; i <= hi[0]; ++i) {
                const bool here = inside(i, j, k);
                const Eigen::Vector3i base(static_cast<int>(2 * (i - origin[0])),
                                           static_cast<int>(2 * (j - origin[1])),
                                           static_cast<int>(2 * (k - origin[2])));
                if (here != inside(i + 1, j, k))
                    mesh.vertices.push_back(base + Eigen::Vector3i(1, 0, 0));
                if (here != inside(i, j + 1, k))
                    mesh.vertices.push_back(base + Eigen::Vector3i(0, 1, 0));
                if (here != inside(i, j, k + 1))
                    mesh.vertices.push_back(base + Eigen::Vector3i(0, 0, 1));
            }
    return mesh;
}

} // namespace rgw::radiomics::pyradiomics
