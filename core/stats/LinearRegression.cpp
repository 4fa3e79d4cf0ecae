#include "stats/LinearRegression.h"

#include "stats/Distributions.h"
#include "util/Error.h"

#include <Eigen/QR>
#include <cmath>
#include <string>

namespace rgw::stats {

namespace {
constexpr const char* kWhat = "linear regression";
} // namespace

LinearFit fitLinear(const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                    const std::vector<std::string>& names) {
    if (y.size() != x.rows())
        throw Error(std::string(kWhat) + ": " + std::to_string(y.size()) + " outcomes for " +
                    std::to_string(x.rows()) + " rows of predictors");
    requireFinitePredictors(x, names, kWhat);
    for (Eigen::Index i = 0; i < y.size(); ++i)
        if (!std::isfinite(y(i)))
            throw Error(std::string(kWhat) + ": outcome row " + std::to_string(i + 1) +
                        " is not a finite number");
    const Eigen::Index n = x.rows(), p = x.cols();
    if (n < p + 2)
        throw Error(std::string(kWhat) + ": " + std::to_string(n) + " rows for " +
                    std::to_string(p + 1) +
                    " parameters; at least one more row is needed for a residual variance");
    requireFullRank(x, names, kWhat);

    // Centring the predictors and the outcome conditions the QR; the intercept
    // is recovered as ȳ - x̄·β and its variance through the same transform.
    const Eigen::RowVectorXd means = x.colwise().mean();
    Eigen::MatrixXd design(n, p + 1);
    design.col(0).setOnes();
    design.rightCols(p) = x.rowwise() - means;
    const Eigen::HouseholderQR<Eigen::MatrixXd> qr(design);
    const Eigen::VectorXd centredBeta = qr.solve(y);
    const Eigen::VectorXd residuals = y - design * centredBeta;

    LinearFit fit;
    fit.residualDf = static_cast<double>(n - p - 1);
    fit.residualSumOfSquares = residuals.squaredNorm();
    const double variance = fit.residualSumOfSquares / fit.residualDf;
    fit.sigma = std::sqrt(variance);
    const double total = (y.array() - y.mean()).square().sum();
    fit.rSquared = total > 0 ? 1.0 - fit.residualSumOfSquares / total : 0.0;

    // (XᵀX)⁻¹ = R⁻¹ R⁻ᵀ from the triangular factor.
    const Eigen::MatrixXd r = qr.matrixQR().topRows(p + 1).template triangularView<Eigen::Upper>();
    const Eigen::MatrixXd rInverse =
        r.template triangularView<Eigen::Upper>().solve(Eigen::MatrixXd::Identity(p + 1, p + 1));
    Eigen::MatrixXd transform = Eigen::MatrixXd::Identity(p + 1, p + 1);
    transform.block(0, 1, 1, p) = -means;
    const Eigen::MatrixXd covariance =
        variance * transform * rInverse * rInverse.transpose() * transform.transpose();

    std::vector<std::string> termNames{"(Intercept)"};
    termNames.insert(termNames.end(), names.begin(), names.end());
    fit.coefficients = waldTable(std::move(termNames), transform * centredBeta, covariance);
    for (Eigen::Index i = 0; i < fit.coefficients.p.size(); ++i)
        fit.coefficients.p(i) = studentTwoSidedP(fit.coefficients.z(i), fit.residualDf);
    return fit;
}

} // namespace rgw::stats
