#include "stats/LogRank.h"

#include "stats/Distributions.h"
#include "stats/KaplanMeier.h"
#include "util/Error.h"

#include <Eigen/LU>
#include <string>

namespace rgw::stats {

LogRankTest logRankTest(const Eigen::VectorXd& time, const Eigen::VectorXd& event01,
                        const std::vector<std::string>& group) {
    const std::string function = "log-rank test";
    requireSurvivalData(time, event01, function);
    const RowGroups groups = groupRows(group, time.size(), function);
    const auto k = static_cast<Eigen::Index>(groups.names.size());
    if (k < 2)
        throw Error(function + ": there is only one group ('" + groups.names.front() +
                    "'); the test compares two or more");

    const Eigen::VectorXd t = harmonizedTimes(time);
    const std::vector<Eigen::Index> order = orderByTime(t);
    Eigen::VectorXd atRisk = Eigen::VectorXd::Zero(k), observed = Eigen::VectorXd::Zero(k),
                    expected = Eigen::VectorXd::Zero(k);
    Eigen::MatrixXd variance = Eigen::MatrixXd::Zero(k, k);
    auto groupOf = [&](Eigen::Index row) {
        return static_cast<Eigen::Index>(groups.of[static_cast<std::size_t>(row)]);
    };
    for (Eigen::Index row : order)
        atRisk(groupOf(row)) += 1.0;

    for (std::size_t first = 0; first < order.size();) {
        const double now = t(order[first]);
        Eigen::VectorXd deaths = Eigen::VectorXd::Zero(k), leaving = Eigen::VectorXd::Zero(k);
        for (; first < order.size() && t(order[first]) == now; ++first) {
            const Eigen::Index g = groupOf(order[first]);
            deaths(g) += event01(order[first]);
            leaving(g) += 1.0;
        }
        const double d = deaths.sum(), n = atRisk.sum();
        if (d > 0.0) {
            // E_g += d n_g / n (Mantel 1966; Peto & Peto 1972).
            expected += d * atRisk / n;
            if (n > 1.0) {
                // Hypergeometric V_gh += d (n − d) / (n (n − 1)) · n_g (δ_gh − n_h / n).
                const double kk = d * (n - d) / (n * (n - 1.0));
                variance += kk * Eigen::MatrixXd(atRisk.asDiagonal()) -
                            (kk / n) * atRisk * atRisk.transpose();
            }
        }
        observed += deaths;
        atRisk -= leaving;
    }

    // survdiff: groups with E > 0, the first of them dropped.
    std::vector<Eigen::Index> used;
    for (Eigen::Index g = 0; g < k; ++g)
        if (expected(g) > 0.0)
            used.push_back(g);
    if (used.size() < 2)
        throw Error(function + ": fewer than two groups have subjects at risk at an event time; "
                               "there is nothing to compare");
    const auto m = static_cast<Eigen::Index>(used.size()) - 1;
    Eigen::VectorXd difference(m);
    Eigen::MatrixXd v(m, m);
    for (Eigen::Index a = 0; a < m; ++a) {
        const Eigen::Index ga = used[static_cast<std::size_t>(a + 1)];
        difference(a) = observed(ga) - expected(ga);
        for (Eigen::Index b = 0; b < m; ++b)
            v(a, b) = variance(ga, used[static_cast<std::size_t>(b + 1)]);
    }
    const Eigen::FullPivLU<Eigen::MatrixXd> lu(v);
    if (!lu.isInvertible())
        throw Error(function + ": the variance matrix of the observed − expected events is "
                               "singular (no group differs in its risk sets)");

    LogRankTest out;
    out.groups = groups.names;
    out.observed.assign(observed.data(), observed.data() + k);
    out.expected.assign(expected.data(), expected.data() + k);
    out.chiSquared = difference.dot(lu.solve(difference)); // (O − E)ᵀ V⁻¹ (O − E)
    out.df = static_cast<int>(m);
    out.p = chiSquaredUpperTail(out.chiSquared, static_cast<double>(out.df));
    return out;
}

} // namespace rgw::stats
