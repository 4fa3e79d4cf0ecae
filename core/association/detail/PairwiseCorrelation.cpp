#include "association/detail/PairwiseCorrelation.h"

#include "association/detail/RNumerics.h"
#include "util/Error.h"
#include "util/ParallelFor.h"

#include <Eigen/Core>
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

/// Spearman pairs of complete columns as one matrix product. The centred
/// mid-ranks are multiples of 1/2 below n in magnitude, so every product is a
/// multiple of 1/4 and every partial sum of them is bounded by
/// Σ|dx dy| ≤ √(Σdx² Σdy²) ≈ n³/12: below kExactRankRows patients each sum is
/// an exact double whatever the order of the additions. The product (Eigen's
/// blocked GEMM, single-threaded per block of y columns) therefore gives to
/// the bit the long double sums of the pair-by-pair path, whatever the
/// blocking and the thread count.
constexpr Eigen::Index kExactRankRows = 100000;

/// The complete columns' centred values as a dense rows × columns matrix
/// (exact: the Spearman deviations are multiples of 1/2), and their indices.
Eigen::MatrixXd denseDeviations(const std::vector<PreparedColumn>& columns, Eigen::Index rows,
                                std::vector<Eigen::Index>& indices) {
    indices.clear();
    for (std::size_t c = 0; c < columns.size(); ++c)
        if (columns[c].complete)
            indices.push_back(static_cast<Eigen::Index>(c));
    Eigen::MatrixXd dense(rows, static_cast<Eigen::Index>(indices.size()));
    for (std::size_t k = 0; k < indices.size(); ++k) {
        const auto& d = columns[static_cast<std::size_t>(indices[k])].centred.deviations;
        for (Eigen::Index i = 0; i < rows; ++i)
            dense(i, static_cast<Eigen::Index>(k)) =
                static_cast<double>(d[static_cast<std::size_t>(i)]);
    }
    return dense;
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
    // Spearman pairs of complete columns: one dense product per block of y
    // columns (see kExactRankRows); the loop below then skips them.
    const bool byProduct = method == CorrelationMethod::Spearman && rows >= minimumPatients &&
                           rows >= 2 && rows <= kExactRankRows;
    if (byProduct) {
        std::vector<Eigen::Index> xIndex, yIndex;
        const Eigen::MatrixXd dx = denseDeviations(xColumns, rows, xIndex);
        const Eigen::MatrixXd dy = denseDeviations(yColumns, rows, yIndex);
        constexpr Eigen::Index kProductBlock = 256;
        const auto ySize = static_cast<Eigen::Index>(yIndex.size());
        const Eigen::Index productBlocks = (ySize + kProductBlock - 1) / kProductBlock;
        parallelFor(
            static_cast<std::size_t>(productBlocks),
            resolveThreadCount(threads, static_cast<std::size_t>(productBlocks)),
            [&](std::size_t block) {
                const Eigen::Index k0 = static_cast<Eigen::Index>(block) * kProductBlock;
                const Eigen::Index width = std::min(ySize, k0 + kProductBlock) - k0;
                Eigen::MatrixXd sums(dx.cols(), width);
                sums.noalias() = dx.transpose() * dy.middleCols(k0, width);
                for (Eigen::Index k = 0; k < width; ++k) {
                    const Eigen::Index j = yIndex[static_cast<std::size_t>(k0 + k)];
                    const Centred& cy = yColumns[static_cast<std::size_t>(j)].centred;
                    for (Eigen::Index a = 0; a < dx.cols(); ++a) {
                        const Eigen::Index i = xIndex[static_cast<std::size_t>(a)];
                        map.n(i, j) = rows;
                        setResult(i, j, xColumns[static_cast<std::size_t>(i)].centred, cy,
                                  static_cast<long double>(sums(a, k)),
                                  static_cast<std::size_t>(rows));
                    }
                }
            },
            cancelled);
    }
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
                if (yColumns[static_cast<std::size_t>(j)].complete && rows >= minimumPatients &&
                    !byProduct)
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
                        if (completeCount == 0 && !byProduct) // fewer rows than the minimum
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
