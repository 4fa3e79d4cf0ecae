#pragma once

#include "image/Image.h"

#include <Eigen/Core>
#include <array>
#include <cstdint>
#include <vector>

namespace rgw::radiomics::pyradiomics {

/// The surface PyRadiomics' shape class measures (its C extension cshape.c):
/// classic marching cubes (Lorensen & Cline 1987) on the binary mask at
/// iso-level 0.5, so every vertex is the midpoint of a voxel edge joining an
/// inside and an outside voxel. Cubes are numbered as in Paul Bourke's
/// tabulation ("Polygonising a scalar field"), with x = i, y = j, z = k: the
/// cube at voxel (i, j, k) has corner c at (i, j, k) + kCubeCorners[c], and
/// its configuration has bit c set when corner c is inside the mask.
///
///          7 ------6 ------ 6          edges: 0 = 0-1   4 = 4-5   8 = 0-4
///         /|              /|                  1 = 1-2   5 = 5-6   9 = 1-5
///       7  11           5  10                 2 = 2-3   6 = 6-7  10 = 2-6
///      /   |           /   |                  3 = 3-0   7 = 7-4  11 = 3-7
///     4 ------4 ------ 5   |
///     |    3 ----2 ----|-- 2       k
///     8   /            9  /        |  j
///     |  3             | 1         | /
///     | /              |/          |/
///     0 ------0 ------ 1           +---- i
///
/// This differs from the IBSI mesh (morphology::marchingCubes) only on
/// ambiguous and non-planar cube configurations, where the classic table
/// splits differently and may leave the surface open (see
/// classicMeshMeasures).
inline constexpr std::array<std::array<int, 3>, 8> kCubeCorners = {{
    {0, 0, 0},
    {1, 0, 0},
    {1, 1, 0},
    {0, 1, 0},
    {0, 0, 1},
    {1, 0, 1},
    {1, 1, 1},
    {0, 1, 1},
}};

/// Edge e of the cube joins corners kCubeEdges[e][0] and kCubeEdges[e][1].
inline constexpr std::array<std::array<int, 2>, 12> kCubeEdges = {{
    {0, 1},
    {1, 2},
    {2, 3},
    {3, 0},
    {4, 5},
    {5, 6},
    {6, 7},
    {7, 4},
    {0, 4},
    {1, 5},
    {2, 6},
    {3, 7},
}};

/// The triangles of one cube configuration: each an edge triple, its vertices
/// counter-clockwise seen from outside the mask in (i, j, k).
struct CubeTriangles {
    std::array<std::array<int, 3>, 5> triangles{};
    int count = 0;
};

/// The classic table's triangles for `configuration` (0-255). Like
/// PyRadiomics, only configurations 0-127 are tabulated (corner 7 outside);
/// one with corner 7 inside takes the triangles of its complement
/// (configuration ^ 0xFF) with the opposite orientation — cshape.c's
/// sign_correction of -1 on their volume.
CubeTriangles classicTriangles(std::uint8_t configuration);

/// What PyRadiomics' shape class takes from its mesh.
struct ClassicMesh {
    double volume = 0.0;      ///< mm³, sum a.(b x c) / 6 over the triangles
    double surfaceArea = 0.0; ///< mm², sum |ab x ac| / 2
    /// Every vertex once, as 2 x continuous voxel index relative to the
    /// padded bounding box (physical offset = spacing ∘ lattice / 2).
    std::vector<Eigen::Vector3i> vertices;
};

/// The classic marching-cubes mesh of `mask` as cshape.c measures it: the
/// mask cropped to its bounding box and padded by one background voxel on
/// every side (voxels outside the grid count as background), every cube of
/// that box visited, vertex coordinates (index in the padded box + edge
/// midpoint) x spacing with the direction cosines ignored. Cubes on either side
/// of an ambiguous face may split it differently, leaving small holes, so the
/// signed volume depends on where the coordinates start; it is taken from
/// the padded box's first voxel as PyRadiomics does. Throws rgw::Error for
/// an empty mask.
ClassicMesh classicMeshMeasures(const Mask& mask);

} // namespace rgw::radiomics::pyradiomics
