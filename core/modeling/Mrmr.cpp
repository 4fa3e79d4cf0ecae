#include "modeling/Mrmr.h"

#include "modeling/SelectionChecks.h"
#include "util/Error.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

namespace rgw::modeling {

namespace {

// Mutual information of two normal variables with squared correlation r²:
// MI = −½ log(1 − r²) (De Jay et al. 2013, mRMRe).
double mutualInformation(double r2) {
    return -0.5 * std::log1p(-std::min(r2, 1.0));
}

/// Columns centred and scaled to unit length: their dot products are Pearson r
/// (a constant column stays 0, so its r with anything is 0).
Eigen::MatrixXd unitColumns(const Eigen::MatrixXd& x) {
    Eigen::MatrixXd z = x.rowwise() - x.colwise().mean();
    for (Eigen::Index j = 0; j < z.cols(); ++j)
        if (const double norm = z.col(j).norm(); norm > 0)
            z.col(j) /= norm;
    return z;
}

// η² = Σ_c n_c (x̄_c − x̄)² / Σ_i (x_i − x̄)², the correlation ratio (Pearson 1903).
Eigen::VectorXd correlationRatios(const Eigen::MatrixXd& x, const std::vector<int>& cls) {
    const int k = *std::max_element(cls.begin(), cls.end()) + 1;
    Eigen::VectorXd eta2 = Eigen::VectorXd::Zero(x.cols());
    for (Eigen::Index j = 0; j < x.cols(); ++j) {
        const double mean = x.col(j).mean();
        Eigen::VectorXd sum = Eigen::VectorXd::Zero(k), n = Eigen::VectorXd::Zero(k);
        for (Eigen::Index i = 0; i < x.rows(); ++i) {
            sum(cls[static_cast<std::size_t>(i)]) += x(i, j);
            n(cls[static_cast<std::size_t>(i)]) += 1.0;
        }
        double between = 0;
        for (Eigen::Index c = 0; c < k; ++c)
            if (n(c) > 0)
                between += n(c) * std::pow(sum(c) / n(c) - mean, 2);
        const double total = (x.col(j).array() - mean).square().sum();
        eta2(j) = total > 0 ? between / total : 0.0;
    }
    return eta2;
}

Eigen::VectorXd relevance(const Eigen::MatrixXd& x, const Eigen::MatrixXd& z, const Outcome& y) {
    const std::vector<int> cls = detail::classesOf("mRMR", y, 1);
    Eigen::VectorXd r2;
    if (y.kind == ModelKind::Logistic) {
        const Eigen::VectorXd label = unitColumns(y.label);
        r2 = (z.transpose() * label).array().square();
    } else {
        r2 = correlationRatios(x, cls);
    }
    return r2.unaryExpr([](double v) { return mutualInformation(v); });
}

} // namespace

std::vector<MrmrChoice> mrmrClassic(const Eigen::MatrixXd& x, const Outcome& y, int count) {
    detail::checkSelectionInput("mRMR", x, y, 3);
    if (count < 1 || count > x.cols())
        throw Error("mRMR: the number of features to keep must lie in 1.." +
                    std::to_string(x.cols()) + ", not " + std::to_string(count));
    const Eigen::MatrixXd z = unitColumns(x);
    const Eigen::VectorXd rel = relevance(x, z, y);
    const Eigen::MatrixXd r = z.transpose() * z;
    // Sum over the chosen features of MI(f, s), per candidate f.
    Eigen::VectorXd redundancy = Eigen::VectorXd::Zero(x.cols());
    std::vector<bool> chosen(static_cast<std::size_t>(x.cols()), false);
    std::vector<MrmrChoice> order;
    while (static_cast<int>(order.size()) < count) {
        const auto m = static_cast<double>(order.size());
        MrmrChoice best{-1, -std::numeric_limits<double>::infinity()};
        for (Eigen::Index f = 0; f < x.cols(); ++f) {
            if (chosen[static_cast<std::size_t>(f)])
                continue;
            // Score MI(f, y) − (1/|S|) Σ_{s∈S} MI(f, s) (classic mRMR, Ding & Peng 2005).
            const double score = order.empty() ? rel(f) : rel(f) - redundancy(f) / m;
            if (best.feature < 0 || score > best.score)
                best = {f, score};
        }
        chosen[static_cast<std::size_t>(best.feature)] = true;
        order.push_back(best);
        for (Eigen::Index f = 0; f < x.cols(); ++f)
            redundancy(f) += mutualInformation(r(f, best.feature) * r(f, best.feature));
    }
    return order;
}

} // namespace rgw::modeling
