#pragma once

// The coefficient table shared by the workstation's regressions (logistic,
// Cox): estimates with Wald standard errors, z and p, the covariance they come
// from, and exp(estimate) as an odds or hazard ratio with its Wald interval,
// as R's summary(glm) and summary(coxph) print them. Also the input checks the
// regressions share (finite values, no constant or collinear predictor).

#include <Eigen/Core>
#include <string>
#include <string_view>
#include <vector>

namespace rgw::stats {

/// Estimates with Wald statistics; ratio() = exp(estimate) (odds / hazard ratio).
struct CoefficientTable {
    std::vector<std::string> names; ///< logistic: "(Intercept)" first, then the predictors
    Eigen::VectorXd estimate, standardError, z, p; ///< z = estimate / se, p two-sided normal
    Eigen::MatrixXd covariance;                    ///< inverse information at the estimate

    /// exp(estimate(i)): the odds ratio (logistic) or hazard ratio (Cox) per unit of predictor i.
    double ratio(Eigen::Index i) const;
    /// exp(estimate(i) - z_{1-(1-level)/2} se(i)), as confint.default / summary(coxph)'s "lower
    /// .95".
    double ratioLower(Eigen::Index i, double level = 0.95) const;
    /// exp(estimate(i) + z_{1-(1-level)/2} se(i)).
    double ratioUpper(Eigen::Index i, double level = 0.95) const;
    /// The row of coefficient `name`; throws rgw::Error naming it and the known names otherwise.
    Eigen::Index index(std::string_view name) const;
};

/// A table from estimates and their covariance: se = sqrt(diag(covariance)),
/// z = estimate / se, p = 2 (1 - Φ(|z|)) (Wald 1943; R's summary.glm with
/// dispersion 1 and summary.coxph). Sizes must agree.
CoefficientTable waldTable(std::vector<std::string> names, Eigen::VectorXd estimate,
                           Eigen::MatrixXd covariance);

/// Linear predictors x·β for the rows of `x` (n × predictors, in the table's
/// order without the intercept). When names[0] == "(Intercept)" the intercept is
/// added, so x has names.size() - 1 columns; otherwise (Cox) x has names.size()
/// columns and nothing is centred: the result is x·β on the scale of x itself,
/// not coxph's predict(type = "lp"), which subtracts means·β.
Eigen::VectorXd linearPredictor(const CoefficientTable& table, const Eigen::MatrixXd& x);

/// Throws rgw::Error naming `what`, the predictor and the row when a value of
/// `x` is not finite, and when `names` does not have one entry per column.
void requireFinitePredictors(const Eigen::MatrixXd& x, const std::vector<std::string>& names,
                             std::string_view what);

/// Throws rgw::Error naming the predictor when a column of `x` is constant or a
/// linear combination of the intercept and the columns before it (collinear,
/// e.g. a duplicated column), the cases where glm and coxph report NA. Uses
/// Gram–Schmidt on the centred columns with relative tolerance 1e-7 (as the QR
/// rank test of lm / glm.fit).
void requireFullRank(const Eigen::MatrixXd& x, const std::vector<std::string>& names,
                     std::string_view what);

} // namespace rgw::stats
