#pragma once

#include "image/Image.h"

#include <Eigen/Core>
#include <array>
#include <vector>

namespace rgw::radiomics::morphology {

/// Closed triangle mesh of a binary mask drawn by marching cubes at iso-level
/// 0.5 (IBSI WRJH). Every vertex lies half-way along a voxel edge, so vertices
/// are kept exactly on the half-voxel lattice: `lattice` = 2 x continuous voxel
/// index (integers), which lets the convex hull use exact integer arithmetic.
struct SurfaceMesh {
    std::vector<Eigen::Vector3i> lattice;      ///< unique vertices, 2 x voxel index
    std::vector<std::array<int, 3>> triangles; ///< indices into `lattice`, normals outward
};

/// Marching cubes over the mask padded by one background voxel on every side,
/// with the decisions of Lewiner's topology-consistent variant (scikit-image
/// `marching_cubes`, the mesh behind the IBSI reference values) on a binary
/// mask: on a face whose inside corners touch only diagonally the saddle lies
/// exactly on the iso-level and counts as inside, so the inside corners are
/// joined (the same decision on both cubes sharing the face keeps the mesh
/// closed); each loop takes the triangulation of largest index-space area.
SurfaceMesh marchingCubes(const Mask& mask);

/// Lattice point to physical offset (mm) from the grid origin: direction *
/// diag(spacing) * lattice / 2. Morphology is translation invariant, so the
/// origin is left out to keep coordinates small.
Eigen::Matrix3d latticeToPhysical(const Geometry& geometry);

/// Mesh volume |sum a.(b x c)| / 6 (IBSI RNU0) and area sum |ab x ac| / 2 (C0JK)
/// of triangles given in physical coordinates.
struct VolumeArea {
    double volume = 0.0;
    double area = 0.0;
};
VolumeArea meshVolumeArea(const std::vector<Eigen::Vector3d>& vertices,
                          const std::vector<std::array<int, 3>>& triangles);

} // namespace rgw::radiomics::morphology
