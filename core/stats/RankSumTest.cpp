#include "stats/RankSumTest.h"

#include "util/Error.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

namespace rgw::stats {
namespace {

constexpr int kExactLimit = 50; // R: exact when n.x < 50 && n.y < 50

/// Frequencies of W = 0 … n1 n0 over the C(n1 + n0, n1) equally likely
/// rankings, by f(i, j, k) = f(i − 1, j, k − j) + f(i, j − 1, k) (rolling rows).
std::vector<double> wilcoxonFrequencies(int n1, int n0) {
    const auto size = static_cast<std::size_t>(n1 * n0 + 1);
    std::vector<std::vector<double>> previous(static_cast<std::size_t>(n0 + 1),
                                              std::vector<double>(size, 0.0));
    for (auto& row : previous)
        row[0] = 1.0; // i = 0: W = 0 only
    for (int i = 1; i <= n1; ++i) {
        std::vector<std::vector<double>> current(static_cast<std::size_t>(n0 + 1),
                                                 std::vector<double>(size, 0.0));
        current[0][0] = 1.0; // j = 0: W = 0 only
        for (int j = 1; j <= n0; ++j) {
            auto& f = current[static_cast<std::size_t>(j)];
            const auto& left = current[static_cast<std::size_t>(j - 1)];
            const auto& up = previous[static_cast<std::size_t>(j)];
            for (int k = 0; k <= i * j; ++k) {
                const auto at = static_cast<std::size_t>(k);
                f[at] = (k <= i * (j - 1) ? left[at] : 0.0) +
                        (k >= j ? up[static_cast<std::size_t>(k - j)] : 0.0);
            }
        }
        previous = std::move(current);
    }
    return previous[static_cast<std::size_t>(n0)];
}

/// P(W ≤ w), or P(W > w) when `upper` (summed directly, as R's pwilcox with
/// lower.tail = FALSE, so small upper tails keep their digits).
double wilcoxonTail(double w, int n1, int n0, bool upper) {
    if (n1 < 0 || n0 < 0 || n1 >= kExactLimit || n0 >= kExactLimit)
        throw Error("exact Wilcoxon distribution: group sizes " + std::to_string(n1) + " and " +
                    std::to_string(n0) + " (each must be 0 to " + std::to_string(kExactLimit - 1) +
                    ")");
    const double top = std::floor(w + 1e-7); // as R's pwilcox
    const std::vector<double> f = wilcoxonFrequencies(n1, n0);
    double tail = 0.0, total = 0.0;
    for (std::size_t k = 0; k < f.size(); ++k) {
        total += f[k];
        if ((static_cast<double>(k) <= top) != upper)
            tail += f[k];
    }
    return tail / total;
}

} // namespace

double wilcoxonCdf(double w, int n1, int n0) {
    return wilcoxonTail(w, n1, n0, false);
}

RankSumTest wilcoxonRankSum(const Eigen::VectorXd& values, const Eigen::VectorXd& group01) {
    RankSumTest result;
    result.test = mannWhitney(values, group01); // checks the input, gives W
    if (result.test.n1 >= kExactLimit || result.test.n0 >= kExactLimit)
        return result;
    std::vector<double> pooled;
    for (Eigen::Index i = 0; i < values.size(); ++i)
        if (!std::isnan(values(i)) && !std::isnan(group01(i)))
            pooled.push_back(values(i));
    std::sort(pooled.begin(), pooled.end());
    if (std::adjacent_find(pooled.begin(), pooled.end()) != pooled.end())
        return result; // ties: R uses the normal approximation
    const int n1 = static_cast<int>(result.test.n1), n0 = static_cast<int>(result.test.n0);
    const double w = result.test.statistic;
    const double p =
        w > 0.5 * n1 * n0 ? wilcoxonTail(w - 1, n1, n0, true) : wilcoxonTail(w, n1, n0, false);
    result.test.p = std::min(1.0, 2.0 * p);
    result.exact = true;
    return result;
}

} // namespace rgw::stats
