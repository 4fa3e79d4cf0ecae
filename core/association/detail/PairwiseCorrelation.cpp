#include "association/detail/PairwiseCorrelation.h"

#include "association/detail/RNumerics.h"

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
        centre(byRow.data(), rows, col.centred);
    }
    return columns;
}

/// Scratch space of the pairs with missing values, reused across pairs.
struct Scratch {
    std::vector<double> x, y, sorted, ranks, rankByRow;
    Centred cx, cy;
};

/// R's rank(column[ok]) in row order, ok = rows where `other` has a value too.
void ranksAmong(const PreparedColumn& column, const PreparedColumn& other, Scratch& s,
                std::vector<double>& out) {
    s.sorted.clear();
    for (std::size_t row : column.byValue)
        if (!std::isnan(other.values[row]))
            s.sorted.push_back(column.values[row]);
    s.ranks.resize(s.sorted.size());
    midRanksOfSorted(s.sorted.data(), s.sorted.size(), s.ranks.data());
    std::size_t k = 0;
    for (std::size_t row : column.byValue)
        if (!std::isnan(other.values[row]))
            s.rankByRow[row] = s.ranks[k++];
    out.clear();
    for (std::size_t row = 0; row < s.rankByRow.size(); ++row)
        if (!std::isnan(column.values[row]) && !std::isnan(other.values[row]))
            out.push_back(s.rankByRow[row]);
}

} // namespace

PairwiseCorrelations pairwiseCorrelations(const Eigen::MatrixXd& xs, const Eigen::MatrixXd& ys,
                                          CorrelationMethod method, Eigen::Index minimumPatients) {
    const Eigen::Index nx = xs.cols(), ny = ys.cols(), rows = xs.rows();
    PairwiseCorrelations map;
    map.r = Eigen::MatrixXd::Constant(nx, ny, kNaN);
    map.n.setZero(nx, ny);
    map.statuses.assign(static_cast<std::size_t>(nx * ny), PairStatus::TooFewPatients);

    const std::vector<PreparedColumn> xColumns = prepare(xs, method);
    const std::vector<PreparedColumn> yColumns = prepare(ys, method);
    Scratch s;
    s.rankByRow.assign(static_cast<std::size_t>(rows), kNaN);
    for (Eigen::Index j = 0; j < ny; ++j) {
        const PreparedColumn& y = yColumns[static_cast<std::size_t>(j)];
        for (Eigen::Index i = 0; i < nx; ++i) {
            const PreparedColumn& x = xColumns[static_cast<std::size_t>(i)];
            PairStatus& status = map.statuses[static_cast<std::size_t>(j * nx + i)];
            const bool complete = x.complete && y.complete;
            Eigen::Index n = rows;
            if (!complete) {
                n = 0;
                for (Eigen::Index k = 0; k < rows; ++k)
                    n += !std::isnan(x.values[k]) && !std::isnan(y.values[k]);
            }
            map.n(i, j) = n;
            if (n < minimumPatients)
                continue;
            const Centred* cx = &x.centred;
            const Centred* cy = &y.centred;
            if (!complete) {
                // The pair's own rows, as R's cor.test(x[ok], y[ok]).
                if (method == CorrelationMethod::Spearman) {
                    ranksAmong(x, y, s, s.x);
                    ranksAmong(y, x, s, s.y);
                } else {
                    s.x.clear();
                    s.y.clear();
                    for (Eigen::Index k = 0; k < rows; ++k)
                        if (!std::isnan(x.values[k]) && !std::isnan(y.values[k])) {
                            s.x.push_back(x.values[k]);
                            s.y.push_back(y.values[k]);
                        }
                }
                centre(s.x.data(), s.x.size(), s.cx);
                centre(s.y.data(), s.y.size(), s.cy);
                cx = &s.cx;
                cy = &s.cy;
            }
            if (cx->sd == 0.0)
                status = PairStatus::ConstantFeature;
            else if (cy->sd == 0.0)
                status = PairStatus::ConstantMolecular;
            else {
                map.r(i, j) = rCorrelation(*cx, *cy);
                status = PairStatus::Tested;
            }
        }
    }
    return map;
}

} // namespace rgw::association::detail
