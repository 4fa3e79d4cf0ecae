#pragma once

// The Wilcoxon rank-sum test as R's wilcox.test(x1, x0) computes it by
// default: the exact null distribution of W when both groups have fewer
// than 50 values and there are no ties, otherwise the normal approximation
// with continuity and tie correction (stats::mannWhitney).

#include "stats/TwoGroupTests.h"

#include <Eigen/Core>

namespace rgw::stats {

struct RankSumTest {
    TwoGroupTest test;  ///< W, p, AUC effect and the group sizes, as mannWhitney
    bool exact = false; ///< p from the exact distribution of W
};

/// R wilcox.test(x1, x0) with R's default choice of method (exact when
/// n1 < 50, n0 < 50 and no ties). Throws as mannWhitney.
RankSumTest wilcoxonRankSum(const Eigen::VectorXd& values, const Eigen::VectorXd& group01);

/// P(W ≤ w) under the null hypothesis for group sizes n1, n0 (R's pwilcox).
/// Throws rgw::Error for a negative size or sizes of 50 or more, where the
/// exact distribution is not used.
double wilcoxonCdf(double w, int n1, int n0);

} // namespace rgw::stats
