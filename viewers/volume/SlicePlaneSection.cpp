#include "volume/SlicePlaneSection.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace rgw::viewers {

std::vector<Eigen::Vector3d> slicePlaneSection(const Geometry& geometry, PatientPlane plane,
                                               const Eigen::Vector3d& point) {
    const int axis = static_cast<int>(plane);
    const double level = point[axis];
    std::array<Eigen::Vector3d, 8> corners;
    for (int c = 0; c < 8; ++c) {
        const Eigen::Vector3d index((c & 1) ? double(geometry.size[0] - 1) : 0.0,
                                    (c & 2) ? double(geometry.size[1] - 1) : 0.0,
                                    (c & 4) ? double(geometry.size[2] - 1) : 0.0);
        corners[c] = geometry.physicalPoint(index);
    }
    // Edges of the box join corners differing in one index bit.
    std::vector<Eigen::Vector3d> points;
    const double eps =
        1e-9 * (1.0 + geometry.spacing.maxCoeff() *
                          double(std::max({geometry.size[0], geometry.size[1], geometry.size[2]})));
    for (int a = 0; a < 8; ++a)
        for (int bit = 1; bit < 8; bit <<= 1) {
            const int b = a | bit;
            if (b == a)
                continue;
            const double da = corners[a][axis] - level;
            const double db = corners[b][axis] - level;
            if (std::abs(da) <= eps)
                points.push_back(corners[a]);
            if (std::abs(db) <= eps)
                points.push_back(corners[b]);
            if ((da < -eps && db > eps) || (da > eps && db < -eps))
                points.push_back(corners[a] + (corners[b] - corners[a]) * (da / (da - db)));
        }
    // Remove duplicates (corners lying on the plane are met by three edges).
    std::vector<Eigen::Vector3d> unique;
    for (const auto& p : points)
        if (std::none_of(unique.begin(), unique.end(),
                         [&](const Eigen::Vector3d& q) { return (p - q).norm() <= 1e-6; }))
            unique.push_back(p);
    if (unique.size() < 3)
        return {};
    // Convex polygon: order by angle around the centroid in the plane.
    Eigen::Vector3d centre = Eigen::Vector3d::Zero();
    for (const auto& p : unique)
        centre += p;
    centre /= double(unique.size());
    const int u = (axis + 1) % 3;
    const int v = (axis + 2) % 3;
    std::sort(unique.begin(), unique.end(),
              [&](const Eigen::Vector3d& p, const Eigen::Vector3d& q) {
                  return std::atan2(p[v] - centre[v], p[u] - centre[u]) <
                         std::atan2(q[v] - centre[v], q[u] - centre[u]);
              });
    return unique;
}

} // namespace rgw::viewers
