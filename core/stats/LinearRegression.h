#pragma once

// Ordinary least squares for a continuous outcome with an intercept, as R's
// lm(y ~ x): estimates by Householder QR, standard errors from
// σ̂² (XᵀX)⁻¹ with σ̂² = RSS / (n - p - 1), t statistics and two-sided p from
// Student's t with n - p - 1 degrees of freedom (summary.lm).

#include "stats/CoefficientTable.h"

#include <Eigen/Core>
#include <string>
#include <vector>

namespace rgw::stats {

struct LinearFit {
    /// "(Intercept)" first, then the predictors. `z` holds the t statistics and
    /// `p` their two-sided Student-t p-values on `residualDf` degrees of freedom
    /// (summary.lm), not normal ones; ratio() is meaningless for a linear model.
    CoefficientTable coefficients;
    double residualDf = 0; ///< n - p - 1
    double sigma = 0;      ///< residual standard error sqrt(RSS / residualDf)
    double rSquared = 0;   ///< 1 - RSS / TSS
    double residualSumOfSquares = 0;
};

/// Least-squares fit of y on an intercept and the columns of x (n × p, no
/// intercept column; names: the p predictor names), as R lm(y ~ x).
/// Throws rgw::Error for non-finite values, size mismatch, fewer than p + 2
/// rows (no residual degree of freedom), and a constant or collinear predictor
/// (naming it, where lm reports NA).
LinearFit fitLinear(const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                    const std::vector<std::string>& names);

} // namespace rgw::stats
