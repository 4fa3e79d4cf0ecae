#pragma once

// Unpenalised logistic regression for a binary outcome (e.g. malignant vs
// benign from radiomic features), fitted exactly as R's
// glm(y ~ x, family = binomial): maximum likelihood by iteratively reweighted
// least squares (Fisher scoring, which for the logit link is Newton–Raphson).

#include "stats/CoefficientTable.h"

#include <Eigen/Core>
#include <string>
#include <vector>

namespace rgw::stats {

struct LogisticOptions {
    int maxIterations = 25;
    /// Convergence when |D_new - D_old| / (|D_new| + 0.1) < tolerance for the
    /// deviance D, as glm.control's epsilon (default 1e-8) but tighter.
    double tolerance = 1e-10;
};

struct LogisticFit {
    CoefficientTable
        coefficients; ///< "(Intercept)" first, then the predictors; ratio() = odds ratio
    double logLikelihood = 0,
           nullLogLikelihood = 0;          ///< R's logLik(fit) and that of the intercept-only model
    double deviance = 0, nullDeviance = 0; ///< -2 log-likelihood (binary data: saturated = 0)
    double aic = 0;                        ///< deviance + 2 (predictors + 1), as glm's aic
    int iterations = 0;                    ///< IRLS steps taken
};

/// Maximum-likelihood logistic regression by IRLS (Fisher scoring), as R
/// glm(family = binomial) with an intercept. x: n × p predictors (no intercept
/// column), y: 0/1, names: the p predictor names. Standard errors come from the
/// inverse Fisher information at the estimate (summary.glm, dispersion 1).
/// Throws rgw::Error for non-finite values, y not 0/1 or of one class only, size
/// mismatch, fewer rows than parameters, a constant or collinear predictor
/// (naming it), complete or quasi-complete separation (fitted probabilities
/// running to 0 or 1, the estimates to infinity: says so and that a penalised
/// model is the remedy), and non-convergence. A fit whose likelihood has a
/// finite maximum is returned even when some fitted probability rounds to 0 or
/// 1, where glm merely warns.
LogisticFit fitLogistic(const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                        const std::vector<std::string>& names, const LogisticOptions& options = {});

/// P(y = 1) = 1 / (1 + exp(-β₀ - x·β)) for new rows under a fit; x has the
/// fit's predictors in the same column order (R's predict(fit, type = "response")).
Eigen::VectorXd predictLogistic(const LogisticFit& fit, const Eigen::MatrixXd& x);

} // namespace rgw::stats
