#include "stats/ContingencyTests.h"

#include "stats/Distributions.h"
#include "util/Error.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace rgw::stats {
namespace {

void requireCounts(const Eigen::MatrixXd& counts, const char* test) {
    if (counts.rows() < 2 || counts.cols() < 2)
        throw Error(std::string(test) + ": a " + std::to_string(counts.rows()) + " x " +
                    std::to_string(counts.cols()) +
                    " table has fewer than 2 rows or columns; nothing to test");
    for (Eigen::Index i = 0; i < counts.rows(); ++i)
        for (Eigen::Index j = 0; j < counts.cols(); ++j)
            if (!std::isfinite(counts(i, j)) || counts(i, j) < 0)
                throw Error(std::string(test) + ": cell (" + std::to_string(i + 1) + ", " +
                            std::to_string(j + 1) + ") is not a count");
}

/// log P(X = x) of the hypergeometric distribution of the [0, 0] cell given
/// the margins (R's dhyper(x, m, n, k)): m = first row total, n = second,
/// k = first column total.
double logHypergeometric(double x, double m, double n, double k) {
    auto logChoose = [](double a, double b) {
        return std::lgamma(a + 1) - std::lgamma(b + 1) - std::lgamma(a - b + 1);
    };
    return logChoose(m, x) + logChoose(n, k - x) - logChoose(m + n, k);
}

} // namespace

Eigen::MatrixXd expectedCounts(const Eigen::MatrixXd& counts) {
    const double total = counts.sum();
    return counts.rowwise().sum() * counts.colwise().sum() / total;
}

ContingencyTest chiSquareTest(const Eigen::MatrixXd& counts, bool yates) {
    requireCounts(counts, "chi-square test");
    const Eigen::VectorXd rowTotals = counts.rowwise().sum();
    const Eigen::RowVectorXd columnTotals = counts.colwise().sum();
    for (Eigen::Index i = 0; i < counts.rows(); ++i)
        if (rowTotals(i) <= 0)
            throw Error("chi-square test: row " + std::to_string(i + 1) + " is empty");
    for (Eigen::Index j = 0; j < counts.cols(); ++j)
        if (columnTotals(j) <= 0)
            throw Error("chi-square test: column " + std::to_string(j + 1) + " is empty");
    const Eigen::MatrixXd expected = expectedCounts(counts);
    const Eigen::MatrixXd deviation = (counts - expected).cwiseAbs();
    ContingencyTest test;
    test.minExpected = expected.minCoeff();
    double correction = 0;
    if (yates && counts.rows() == 2 && counts.cols() == 2) {
        correction = std::min(0.5, deviation.minCoeff());
        test.yates = true;
    }
    test.statistic = ((deviation.array() - correction).square() / expected.array()).sum();
    test.df = static_cast<double>((counts.rows() - 1) * (counts.cols() - 1));
    test.p = chiSquaredUpperTail(test.statistic, test.df);
    return test;
}

ContingencyTest fisherExactTest2x2(const Eigen::MatrixXd& counts) {
    if (counts.rows() != 2 || counts.cols() != 2)
        throw Error("Fisher's exact test: a " + std::to_string(counts.rows()) + " x " +
                    std::to_string(counts.cols()) + " table; only 2 x 2 tables are supported");
    requireCounts(counts, "Fisher's exact test");
    for (Eigen::Index i = 0; i < 2; ++i)
        for (Eigen::Index j = 0; j < 2; ++j)
            if (counts(i, j) != std::floor(counts(i, j)))
                throw Error("Fisher's exact test: cell (" + std::to_string(i + 1) + ", " +
                            std::to_string(j + 1) + ") is not a whole count");
    const double m = counts.row(0).sum(), n = counts.row(1).sum(), k = counts.col(0).sum();
    const double lo = std::max(0.0, k - n), hi = std::min(k, m);
    ContingencyTest test;
    test.statistic = counts(0, 0);
    test.minExpected = counts.sum() > 0 ? expectedCounts(counts).minCoeff() : 0.0;
    // As R: densities relative to the largest, so the sum keeps its digits.
    std::vector<double> logDensity;
    for (double x = lo; x <= hi; x += 1)
        logDensity.push_back(logHypergeometric(x, m, n, k));
    const double top = *std::max_element(logDensity.begin(), logDensity.end());
    std::vector<double> density;
    for (double d : logDensity)
        density.push_back(std::exp(d - top));
    const double total = [&] {
        double s = 0;
        for (double d : density)
            s += d;
        return s;
    }();
    const double observed = density[static_cast<std::size_t>(counts(0, 0) - lo)];
    const double relErr = 1 + 1e-7;
    double p = 0;
    for (double d : density)
        if (d <= observed * relErr)
            p += d;
    test.p = std::min(1.0, p / total);
    return test;
}

} // namespace rgw::stats
