#pragma once

#include <Eigen/Core>
#include <array>
#include <vector>

namespace rgw::radiomics::morphology {

/// Convex hull of integer lattice points, computed with exact integer
/// orientation tests (no tolerance, no missed or spurious vertices).
struct ConvexHull {
    std::vector<int> vertices;             ///< indices of hull vertices into the input
    std::vector<std::array<int, 3>> faces; ///< triangles, indices into the input, normals outward
};

/// Quickhull with conflict lists. Coordinates must stay within +-2^20 so that
/// orientation determinants fit in 64 bits. Points that are all coplanar give
/// an empty hull (no volume).
ConvexHull convexHull(const std::vector<Eigen::Vector3i>& points);

/// Indices of the points that are the lowest or highest on their line
/// parallel to each coordinate axis, for all three axes. Every hull vertex is
/// such a point, so the hull of this (much smaller) subset is the same hull.
std::vector<int> axisLineExtremes(const std::vector<Eigen::Vector3i>& points);

/// Orientation of p against the plane through a, b, c: > 0 when p is on the
/// side the right-hand normal of (a, b, c) points to. Exact.
long long orientation(const Eigen::Vector3i& a, const Eigen::Vector3i& b, const Eigen::Vector3i& c,
                      const Eigen::Vector3i& p);

} // namespace rgw::radiomics::morphology
