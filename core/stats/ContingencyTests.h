#pragma once

// Tests of independence in a contingency table of counts (rows × columns,
// e.g. the levels of a characteristic × the train / test split), as R's
// chisq.test and fisher.test. The study report's "Table 1" uses them.

#include <Eigen/Core>

namespace rgw::stats {

struct ContingencyTest {
    double statistic = 0; ///< X² (chi-square); the observed [0, 0] count (Fisher)
    double df = 0;        ///< (r - 1)(c - 1); 0 for Fisher
    double p = 0;
    /// The chi-square statistic used Yates' continuity correction.
    bool yates = false;
    /// The smallest expected count E = row total × column total / N.
    double minExpected = 0;
};

/// Expected counts under independence, E_ij = r_i c_j / N.
Eigen::MatrixXd expectedCounts(const Eigen::MatrixXd& counts);

/// Pearson's chi-square test of independence as R chisq.test(counts,
/// correct = yates): X² = Σ (|O − E| − Y)² / E with Y = min(0.5, min |O − E|)
/// when `yates` and the table is 2 × 2, else Y = 0 (R applies the
/// correction to 2 × 2 tables only); df = (r − 1)(c − 1); p from the χ²
/// upper tail. Throws rgw::Error for fewer than 2 rows or columns, a
/// negative or non-finite count, or a row or column whose total is 0 (R
/// gives NA there: drop empty levels first).
ContingencyTest chiSquareTest(const Eigen::MatrixXd& counts, bool yates = true);

/// Fisher's exact test of a 2 × 2 table as R fisher.test(counts) (two-sided):
/// p = Σ P(x) over the tables with the observed margins whose hypergeometric
/// probability P(x) ≤ P(observed) (1 + 1e-7). Throws rgw::Error for a table
/// that is not 2 × 2 or holds a negative or non-integer count.
ContingencyTest fisherExactTest2x2(const Eigen::MatrixXd& counts);

} // namespace rgw::stats
