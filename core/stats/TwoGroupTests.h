#pragma once

// Univariate two-group tests for feature selection: is a feature different
// between group 1 (e.g. malignant, responder) and group 0? Each equals the R
// test of x[g == 1] against x[g == 0]. Missing values (NaN, in the values or
// the group) are left out of the test, never read as zero.

#include <Eigen/Core>
#include <limits>

namespace rgw::stats {

/// The result of one two-group test; see each test for what statistic,
/// effect and df are.
struct TwoGroupTest {
    double statistic = 0, p = 0;
    double effect = 0;
    /// Degrees of freedom of the t statistic; NaN for a rank test.
    double df = std::numeric_limits<double>::quiet_NaN();
    /// Non-missing values in group 1 and group 0.
    Eigen::Index n1 = 0, n0 = 0;
};

/// Mann–Whitney U / Wilcoxon rank-sum test, as R wilcox.test(x1, x0, exact =
/// FALSE, correct = TRUE): statistic W = (sum of the mid-ranks of group 1 in
/// the pooled sample) - n1 (n1 + 1) / 2, the number of pairs with x1 > x0
/// plus half the ties; two-sided p from the normal approximation with
/// continuity and tie correction. effect = AUC = W / (n1 n0) = P(X1 > X0) +
/// P(X1 = X0) / 2. When every value is tied p is NaN (as R's NA): there is
/// nothing to test. Throws rgw::Error for sizes that differ, a group value
/// other than 0, 1 or NaN, an infinite value, or an empty group.
TwoGroupTest mannWhitney(const Eigen::VectorXd& values, const Eigen::VectorXd& group01);

/// Welch's t-test, as R t.test(x1, x0, var.equal = FALSE): statistic t =
/// (mean1 - mean0) / sqrt(v1/n1 + v0/n0), df by Welch–Satterthwaite, two-sided
/// p from Student t with that df. effect = Cohen's d = (mean1 - mean0) /
/// pooled sd, pooled sd = sqrt(((n1-1) v1 + (n0-1) v0) / (n1 + n0 - 2)) (the
/// same effect as studentT). Throws rgw::Error as mannWhitney, for a group
/// with fewer than 2 values, and for data that are essentially constant (R's
/// t.test stops there too).
TwoGroupTest welchT(const Eigen::VectorXd& values, const Eigen::VectorXd& group01);

/// Student's two-sample t-test with equal variances, as R t.test(x1, x0,
/// var.equal = TRUE): statistic t = (mean1 - mean0) / (pooled sd sqrt(1/n1 +
/// 1/n0)), df = n1 + n0 - 2. effect = Cohen's d as welchT. Throws as welchT.
TwoGroupTest studentT(const Eigen::VectorXd& values, const Eigen::VectorXd& group01);

} // namespace rgw::stats
