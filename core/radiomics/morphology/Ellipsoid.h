#pragma once

#include <Eigen/Core>
#include <vector>

namespace rgw::radiomics::morphology {

/// Surface area of an ellipsoid with semi-axes a >= b >= c by the IBSI
/// Legendre series (RDD2): 4 pi a b sum_{v=0}^{20} (alpha beta)^v / (1 - 4 v^2)
/// P_v((alpha^2 + beta^2) / (2 alpha beta)), alpha = sqrt(1 - b^2/a^2),
/// beta = sqrt(1 - c^2/a^2). Axes are sorted internally.
double ellipsoidSurfaceArea(double a, double b, double c);

/// Minimum volume enclosing ellipsoid by Khachiyan's barycentric coordinate
/// ascent, stopped when the largest step falls below `tolerance` (IBSI
/// default 0.001). Returns the semi-axis lengths, largest first.
Eigen::Vector3d mveeSemiAxes(const std::vector<Eigen::Vector3d>& points, double tolerance = 1e-3);

} // namespace rgw::radiomics::morphology
