#include "stats/KruskalWallis.h"

#include "stats/Distributions.h"
#include "util/Error.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>

namespace rgw::stats {

KruskalWallisTest kruskalWallis(const Eigen::VectorXd& values, const std::vector<int>& group) {
    if (static_cast<std::size_t>(values.size()) != group.size())
        throw Error("Kruskal-Wallis: " + std::to_string(values.size()) + " values for " +
                    std::to_string(group.size()) + " group labels");
    std::vector<std::size_t> rows;
    for (Eigen::Index i = 0; i < values.size(); ++i)
        if (!std::isnan(values(i)))
            rows.push_back(static_cast<std::size_t>(i));
    std::sort(rows.begin(), rows.end(), [&](std::size_t a, std::size_t b) {
        return values(static_cast<Eigen::Index>(a)) < values(static_cast<Eigen::Index>(b));
    });
    const auto n = static_cast<double>(rows.size());
    std::map<int, std::pair<double, double>> rankSum; // group -> (R_g, n_g)
    double tieSum = 0.0;
    for (std::size_t start = 0; start < rows.size();) {
        std::size_t end = start + 1;
        const double v = values(static_cast<Eigen::Index>(rows[start]));
        while (end < rows.size() && values(static_cast<Eigen::Index>(rows[end])) == v)
            ++end;
        const double t = static_cast<double>(end - start);
        const double midRank = 0.5 * static_cast<double>(start + 1 + end); // mean of start+1 .. end
        for (std::size_t k = start; k < end; ++k) {
            auto& [r, count] = rankSum[group[rows[k]]];
            r += midRank;
            count += 1.0;
        }
        tieSum += t * t * t - t;
        start = end;
    }
    if (rankSum.size() < 2)
        throw Error("Kruskal-Wallis needs values in at least two groups");
    double h = 0.0;
    for (const auto& [g, sum] : rankSum)
        h += sum.first * sum.first / sum.second;
    h = 12.0 / (n * (n + 1.0)) * h - 3.0 * (n + 1.0);
    const double correction = 1.0 - tieSum / (n * n * n - n);
    KruskalWallisTest test;
    test.df = static_cast<int>(rankSum.size()) - 1;
    if (correction <= 0.0) {
        test.statistic = test.p = std::numeric_limits<double>::quiet_NaN();
        return test;
    }
    test.statistic = h / correction;
    test.p = chiSquaredUpperTail(test.statistic, test.df);
    return test;
}

} // namespace rgw::stats
