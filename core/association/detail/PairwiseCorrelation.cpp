#include "association/detail/PairwiseCorrelation.h"

#include "association/detail/RNumerics.h"
#include "util/Error.h"
#include "util/ParallelFor.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

namespace rgw::association::detail {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// One column prepared once for all its pairs.
struct PreparedColumn {
    const double* values = nullptr;
    bool complete = false;
    /// Spearman: the rows with a value, ordered by value (ties by row).
    std::vector<std::size_t> byValue;
    /// Complete columns: the centred values (Pearson) or mid-ranks (Spearman).
    Centred centred;
};

std::vector<PreparedColumn> prepare(const Eigen::MatrixXd& m, CorrelationMethod method) {
    const auto rows = static_cast<std::size_t>(m.rows());
    std::vector<PreparedColumn> columns(static_cast<std::size_t>(m.cols()));
    std::vector<double> sorted(rows), ranks(rows), byRow(rows);
    for (Eigen::Index c = 0; c < m.cols(); ++c) {
        PreparedColumn& col = columns[static_cast<std::size_t>(c)];
        col.values = m.col(c).data();
        for (std::size_t k = 0; k < rows; ++k)
            if (!std::isnan(col.values[k]))
                col.byValue.push_back(k);
        col.complete = col.byValue.size() == rows;
        if (method == CorrelationMethod::Spearman)
            std::stable_sort(
                col.byValue.begin(), col.byValue.end(),
                [&](std::size_t a, std::size_t b) { return col.values[a] < col.values[b]; });
        if (!col.complete || rows < 2)
            continue;
        if (method == CorrelationMethod::Pearson) {
            centre(col.values, rows, col.centred);
            continue;
        }
        // R's rank(x) of the whole column, then centred as cor() does.
        for (std::size_t k = 0; k < rows; ++k)
            sorted[k] = col.values[col.byValue[k]];
        midRanksOfSorted(sorted.data(), rows, ranks.data());
        for (std::size_t k = 0; k < rows; ++k)
            byRow[col.byValue[k]] = ranks[k];
        centreRanks(byRow.data(), rows, col.centred);
    }
    return columns;
}

/// Scratch space of the pairs with missing values, reused across pairs.
struct Scratch {
    std::vector<double> x, y, sorted, ranks, rankByRow;
    std::vector<std::size_t> rows;   ///< the pair's rows, ascending
    std::vector<std::size_t> inPair; ///< per row: the stamp of the last pair it was in
    std::size_t stamp = 0;
    Centred cx, cy;
};

/// R's rank(column[ok]) in row order, ok = the rows of the current pair.
void ranksAmong(const PreparedColumn& column, Scratch& s, std::vector<double>& out) {
    s.sorted.clear();
    for (std::size_t row : column.byValue)
        if (s.inPair[row] == s.stamp)
            s.sorted.push_back(column.values[row]);
    s.ranks.resize(s.sorted.size());
    midRanksOfSorted(s.sorted.data(), s.sorted.size(), s.ranks.data());
    std::size_t k = 0;
    for (std::size_t row : column.byValue)
        if (s.inPair[row] == s.stamp)
            s.rankByRow[row] = s.ranks[k++];
    out.clear();
    for (std::size_t row : s.rows)
        out.push_back(s.rankByRow[row]);
}

} // namespace

PairwiseCorrelations pairwiseCorrelations(const Eigen::MatrixXd& xs, const Eigen::MatrixXd& ys,
                                          CorrelationMethod method, Eigen::Index minimumPatients,
                                          unsigned threads, const CancelToken* cancel) {
    const Eigen::Index nx = xs.cols(), ny = ys.cols(), rows = xs.rows();
    PairwiseCorrelations map;
    map.r = Eigen::MatrixXd::Constant(nx, ny, kNaN);
    map.n.setZero(nx, ny);
    map.statuses.assign(static_cast<std::size_t>(nx * ny), PairStatus::TooFewPatients);

    const std::vector<PreparedColumn> xColumns = prepare(xs, method);
    const std::vector<PreparedColumn> yColumns = prepare(ys, method);
    const auto setResult = [&](Eigen::Index i, Eigen::Index j, const Centred& cx, const Centred& cy,
                               long double sum, std::size_t n) {
        PairStatus& status = map.statuses[static_cast<std::size_t>(j * nx + i)];
        if (cx.sd == 0.0)
            status = PairStatus::ConstantFeature;
        else if (cy.sd == 0.0)
            status = PairStatus::ConstantMolecular;
        else {
            map.r(i, j) = correlationFromSum(sum, n, cx.sd, cy.sd);
            status = PairStatus::Tested;
        }
    };
    const auto cancelled = [cancel] { return cancel && cancel->isCancelled(); };
    // One unit of work: a block of kBlock y columns against every x column.
    // Each pair's sum runs over the rows in order, as R's, so the block and
    // the thread count change nothing in the result.
    constexpr Eigen::Index kBlock = 4;
    const Eigen::Index blocks = (ny + kBlock - 1) / kBlock;
    const std::vector<long double> zeros(static_cast<std::size_t>(rows), 0.0L);
    parallelFor(
        static_cast<std::size_t>(blocks),
        resolveThreadCount(threads, static_cast<std::size_t>(blocks)),
        [&](std::size_t block) {
            const Eigen::Index j0 = static_cast<Eigen::Index>(block) * kBlock;
            const Eigen::Index j1 = std::min(ny, j0 + kBlock);
            // The complete y columns of the block take the fast path with
            // complete x columns: kBlock independent sums share each load of x.
            Eigen::Index complete[kBlock];
            const long double* deviations[kBlock];
            int completeCount = 0;
            for (Eigen::Index j = j0; j < j1; ++j)
                if (yColumns[static_cast<std::size_t>(j)].complete && rows >= minimumPatients)
                    complete[completeCount++] = j;
            for (int q = 0; q < kBlock; ++q)
                deviations[q] =
                    q < completeCount
                        ? yColumns[static_cast<std::size_t>(complete[q])].centred.deviations.data()
                        : zeros.data();
            Scratch s;
            s.rankByRow.assign(static_cast<std::size_t>(rows), kNaN);
            s.inPair.assign(static_cast<std::size_t>(rows), 0);
            for (Eigen::Index i = 0; i < nx; ++i) {
                const PreparedColumn& x = xColumns[static_cast<std::size_t>(i)];
                if (x.complete && completeCount > 0) {
                    const long double* xd = x.centred.deviations.data();
                    long double sum[kBlock] = {0.0L, 0.0L, 0.0L, 0.0L};
                    for (Eigen::Index k = 0; k < rows; ++k) {
                        const long double v = xd[k];
                        sum[0] += v * deviations[0][k];
                        sum[1] += v * deviations[1][k];
                        sum[2] += v * deviations[2][k];
                        sum[3] += v * deviations[3][k];
                    }
                    for (int q = 0; q < completeCount; ++q) {
                        map.n(i, complete[q]) = rows;
                        setResult(i, complete[q], x.centred,
                                  yColumns[static_cast<std::size_t>(complete[q])].centred, sum[q],
                                  static_cast<std::size_t>(rows));
                    }
                }
                for (Eigen::Index j = j0; j < j1; ++j) {
                    const PreparedColumn& y = yColumns[static_cast<std::size_t>(j)];
                    if (x.complete && y.complete) {
                        if (completeCount == 0) // fewer rows than the minimum
                            map.n(i, j) = rows;
                        continue;
                    }
                    // The pair's own rows, as R's cor.test(x[ok], y[ok]).
                    ++s.stamp;
                    s.rows.clear();
                    s.x.clear();
                    s.y.clear();
                    for (Eigen::Index k = 0; k < rows; ++k)
                        if (!std::isnan(x.values[k]) && !std::isnan(y.values[k])) {
                            const auto row = static_cast<std::size_t>(k);
                            s.rows.push_back(row);
                            s.inPair[row] = s.stamp;
                            s.x.push_back(x.values[k]);
                            s.y.push_back(y.values[k]);
                        }
                    const std::size_t n = s.rows.size();
                    map.n(i, j) = static_cast<Eigen::Index>(n);
                    if (static_cast<Eigen::Index>(n) < minimumPatients)
                        continue;
                    if (method == CorrelationMethod::Spearman) {
                        ranksAmong(x, s, s.x);
                        ranksAmong(y, s, s.y);
                        centreRanks(s.x.data(), n, s.cx);
                        centreRanks(s.y.data(), n, s.cy);
                    } else {
                        centre(s.x.data(), n, s.cx);
                        centre(s.y.data(), n, s.cy);
                    }
                    long double sum = 0.0L;
                    for (std::size_t k = 0; k < n; ++k)
                        sum += s.cx.deviations[k] * s.cy.deviations[k];
                    setResult(i, j, s.cx, s.cy, sum, n);
                }
            }
        },
        cancelled);
    if (cancelled())
        throw Error("correlation map: cancelled");
    return map;
}

} // namespace rgw::association::detail
