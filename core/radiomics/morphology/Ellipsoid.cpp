#include "radiomics/morphology/Ellipsoid.h"

#include <Eigen/Dense>
#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>

namespace rgw::radiomics::morphology {

double ellipsoidSurfaceArea(double a, double b, double c) {
    std::array<double, 3> axes{a, b, c};
    std::sort(axes.begin(), axes.end(), std::greater<>());
    const double major = axes[0];
    if (major <= 0.0)
        return 0.0;
    const double alpha = std::sqrt(std::max(0.0, 1.0 - axes[1] * axes[1] / (major * major)));
    const double beta = std::sqrt(std::max(0.0, 1.0 - axes[2] * axes[2] / (major * major)));
    // Q_v = (alpha beta)^v P_v(x), x = s / (alpha beta), s = (alpha^2 + beta^2) / 2, follows
    // from Bonnet's recursion without dividing by alpha beta (which may be 0):
    // (v + 1) Q_{v+1} = (2v + 1) s Q_v - v (alpha beta)^2 Q_{v-1}.
    const double s = 0.5 * (alpha * alpha + beta * beta);
    const double ab2 = alpha * alpha * beta * beta;
    double previous = 1.0; // Q_0
    double current = s;    // Q_1
    double sum = previous + current / (1.0 - 4.0);
    for (int v = 1; v < 20; ++v) {
        const double next = ((2.0 * v + 1.0) * s * current - v * ab2 * previous) / (v + 1.0);
        previous = current;
        current = next;
        const double order = v + 1.0;
        sum += current / (1.0 - 4.0 * order * order);
    }
    return 4.0 * std::numbers::pi * major * axes[1] * sum;
}

Eigen::Vector3d mveeSemiAxes(const std::vector<Eigen::Vector3d>& points, double tolerance) {
    const Eigen::Index n = static_cast<Eigen::Index>(points.size());
    if (n < 4)
        return Eigen::Vector3d::Zero();
    // Lifted points q_i = (p_i, 1); weights u on the simplex.
    Eigen::Matrix<double, 4, Eigen::Dynamic> q(4, n);
    for (Eigen::Index i = 0; i < n; ++i)
        q.col(i) << points[static_cast<std::size_t>(i)], 1.0;
    Eigen::VectorXd u = Eigen::VectorXd::Constant(n, 1.0 / static_cast<double>(n));
    constexpr double d = 3.0;
    // X = Q diag(u) Q^T and M_i = q_i^T X^-1 q_i. A Khachiyan step moves weight
    // to the point j of largest M: u <- (1 - s) u + s e_j, so X changes by a
    // rank-one term and X^-1, M follow by Sherman-Morrison in O(n) per step;
    // both are recomputed from scratch every 200 steps against round-off.
    Eigen::Matrix4d xInverse;
    Eigen::VectorXd m(n);
    auto refresh = [&] {
        xInverse = (q * u.asDiagonal() * q.transpose()).inverse();
        m = (q.transpose() * xInverse).cwiseProduct(q.transpose()).rowwise().sum();
    };
    refresh();
    double uNorm2 = u.squaredNorm();
    for (int iteration = 1; iteration <= 100000; ++iteration) {
        Eigen::Index j = 0;
        const double maximum = m.maxCoeff(&j);
        const double step = (maximum - d - 1.0) / ((d + 1.0) * (maximum - 1.0));
        // |u_new - u| = s |e_j - u|
        const double change = step * std::sqrt(std::max(0.0, uNorm2 - 2.0 * u[j] + 1.0));
        uNorm2 =
            (1.0 - step) * (1.0 - step) * uNorm2 + 2.0 * (1.0 - step) * step * u[j] + step * step;
        u *= 1.0 - step;
        u[j] += step;
        if (change < tolerance)
            break;
        if (iteration % 200 == 0) {
            refresh();
            continue;
        }
        // X' = (1 - s) (X + r q_j q_j^T), r = s / (1 - s).
        const double r = step / (1.0 - step);
        const Eigen::Vector4d v = xInverse * q.col(j);
        const double denominator = 1.0 + r * maximum;
        const Eigen::VectorXd projections = q.transpose() * v; // q_i^T X^-1 q_j
        m = (m - (r / denominator) * projections.cwiseAbs2()) / (1.0 - step);
        xInverse = (xInverse - (r / denominator) * v * v.transpose()) / (1.0 - step);
    }
    // Ellipsoid (x - c)^T A (x - c) <= 1 with A = (P U P^T - c c^T)^-1 / d.
    Eigen::Matrix<double, 3, Eigen::Dynamic> p = q.topRows<3>();
    const Eigen::Vector3d centre = p * u;
    const Eigen::Matrix3d scatter =
        p * u.asDiagonal() * p.transpose() - centre * centre.transpose();
    const Eigen::Matrix3d shape = scatter.inverse() / d;
    const Eigen::SelfAdjointEigenSolver<Eigen::Matrix3d> eigen(shape);
    Eigen::Vector3d axes = eigen.eigenvalues().cwiseSqrt().cwiseInverse();
    std::sort(axes.begin(), axes.end(), std::greater<>());
    return axes;
}

} // namespace rgw::radiomics::morphology
