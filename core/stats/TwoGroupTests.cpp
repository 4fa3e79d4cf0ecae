#include "stats/TwoGroupTests.h"

#include "stats/Distributions.h"
#include "util/Error.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <utility>
#include <vector>

namespace rgw::stats {

namespace {

/// The non-missing values of each group.
struct Groups {
    std::vector<double> one, zero;
};

Groups split(const Eigen::VectorXd& values, const Eigen::VectorXd& group01, const char* test,
             std::size_t minimum) {
    if (values.size() != group01.size())
        throw Error(std::string(test) + ": " + std::to_string(values.size()) + " values but " +
                    std::to_string(group01.size()) + " group labels");
    Groups g;
    for (Eigen::Index i = 0; i < values.size(); ++i) {
        const double v = values(i), label = group01(i);
        if (std::isinf(v))
            throw Error(std::string(test) + ": value " + std::to_string(i + 1) +
                        " is not finite (" + std::to_string(v) + ")");
        if (!std::isnan(label) && label != 0.0 && label != 1.0)
            throw Error(std::string(test) + ": group " + std::to_string(i + 1) + " is " +
                        std::to_string(label) + "; groups are 0 or 1 (or missing)");
        if (std::isnan(v) || std::isnan(label))
            continue;
        (label == 1.0 ? g.one : g.zero).push_back(v);
    }
    for (const auto& [name, group] : {std::pair{"1", &g.one}, std::pair{"0", &g.zero}})
        if (group->size() < minimum)
            throw Error(std::string(test) + ": group " + name + " has " +
                        std::to_string(group->size()) + " non-missing values, needs at least " +
                        std::to_string(minimum));
    return g;
}

/// Mean and sample variance (divisor n - 1) of one group.
struct Moments {
    double n = 0, mean = 0, variance = 0;
};

Moments momentsOf(const std::vector<double>& x) {
    Moments m;
    m.n = static_cast<double>(x.size());
    for (double v : x)
        m.mean += v;
    m.mean /= m.n;
    for (double v : x)
        m.variance += (v - m.mean) * (v - m.mean);
    m.variance /= m.n - 1.0;
    return m;
}

/// Cohen's d = (mean1 - mean0) / sqrt(((n1-1) v1 + (n0-1) v0) / (n1 + n0 - 2)) (Cohen 1988).
double cohensD(const Moments& one, const Moments& zero) {
    const double pooled =
        ((one.n - 1.0) * one.variance + (zero.n - 1.0) * zero.variance) / (one.n + zero.n - 2.0);
    return (one.mean - zero.mean) / std::sqrt(pooled);
}

/// t = (mean1 - mean0) / stderr and its two-sided p; R's t.test stops when
/// stderr < 10 eps max(|mean1|, |mean0|) ("data are essentially constant"),
/// we also when stderr = 0 (R then returns NaN for all-zero data).
TwoGroupTest tTest(const Groups& g, const char* test, bool equalVariances) {
    const Moments one = momentsOf(g.one), zero = momentsOf(g.zero);
    TwoGroupTest r;
    r.n1 = static_cast<Eigen::Index>(g.one.size());
    r.n0 = static_cast<Eigen::Index>(g.zero.size());
    double stderror = 0;
    if (equalVariances) {
        // Student: df = n1 + n0 - 2, stderr = pooled sd sqrt(1/n1 + 1/n0).
        r.df = one.n + zero.n - 2.0;
        const double pooled =
            ((one.n - 1.0) * one.variance + (zero.n - 1.0) * zero.variance) / r.df;
        stderror = std::sqrt(pooled * (1.0 / one.n + 1.0 / zero.n));
    } else {
        // Welch–Satterthwaite: df = (s1² + s0²)² / (s1⁴/(n1-1) + s0⁴/(n0-1)), s² = v/n.
        const double s1 = one.variance / one.n, s0 = zero.variance / zero.n;
        stderror = std::sqrt(s1 + s0);
        r.df = (s1 + s0) * (s1 + s0) / (s1 * s1 / (one.n - 1.0) + s0 * s0 / (zero.n - 1.0));
    }
    const double scale = std::max(std::abs(one.mean), std::abs(zero.mean));
    if (!(stderror > 0.0 && stderror >= 10.0 * std::numeric_limits<double>::epsilon() * scale))
        throw Error(std::string(test) + ": the data are essentially constant");
    r.statistic = (one.mean - zero.mean) / stderror;
    r.p = studentTwoSidedP(r.statistic, r.df);
    r.effect = cohensD(one, zero);
    return r;
}

} // namespace

TwoGroupTest mannWhitney(const Eigen::VectorXd& values, const Eigen::VectorXd& group01) {
    const Groups g = split(values, group01, "Mann-Whitney test", 1);
    // Pool the values, remembering which are of group 1, and rank them.
    std::vector<std::pair<double, bool>> pooled;
    for (double v : g.one)
        pooled.emplace_back(v, true);
    for (double v : g.zero)
        pooled.emplace_back(v, false);
    std::sort(pooled.begin(), pooled.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    double rankSumOne = 0, tieTerm = 0;
    for (std::size_t start = 0; start < pooled.size();) {
        std::size_t end = start;
        while (end < pooled.size() && pooled[end].first == pooled[start].first)
            ++end;
        const auto ties = static_cast<double>(end - start);
        const double midRank = (static_cast<double>(start + 1 + end)) / 2.0; // 1-based mid-rank
        for (std::size_t k = start; k < end; ++k)
            if (pooled[k].second)
                rankSumOne += midRank;
        tieTerm += ties * ties * ties - ties; // sum (t³ - t) over tie groups
        start = end;
    }
    const auto n1 = static_cast<double>(g.one.size()), n0 = static_cast<double>(g.zero.size());
    const double n = n1 + n0;
    TwoGroupTest r;
    r.n1 = static_cast<Eigen::Index>(g.one.size());
    r.n0 = static_cast<Eigen::Index>(g.zero.size());
    // W = R1 - n1 (n1 + 1) / 2 (Mann & Whitney 1947); AUC = W / (n1 n0).
    r.statistic = rankSumOne - n1 * (n1 + 1.0) / 2.0;
    r.effect = r.statistic / (n1 * n0);
    // z = (W - n1 n0 / 2 - sign · 1/2) / sqrt(n1 n0 / 12 · (n + 1 - sum(t³ - t) / (n (n - 1)))).
    const double centred = r.statistic - n1 * n0 / 2.0;
    const double sigma = std::sqrt(n1 * n0 / 12.0 * ((n + 1.0) - tieTerm / (n * (n - 1.0))));
    if (!(sigma > 0.0)) {
        r.p = std::numeric_limits<double>::quiet_NaN(); // all values tied: R gives NA
        return r;
    }
    const double correction = centred > 0.0 ? 0.5 : (centred < 0.0 ? -0.5 : 0.0);
    r.p = normalTwoSidedP((centred - correction) / sigma);
    return r;
}

TwoGroupTest welchT(const Eigen::VectorXd& values, const Eigen::VectorXd& group01) {
    return tTest(split(values, group01, "Welch t-test", 2), "Welch t-test", false);
}

TwoGroupTest studentT(const Eigen::VectorXd& values, const Eigen::VectorXd& group01) {
    return tTest(split(values, group01, "Student t-test", 2), "Student t-test", true);
}

} // namespace rgw::stats
