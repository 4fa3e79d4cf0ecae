#include "stats/KaplanMeier.h"

#include "stats/Distributions.h"
#include "util/Error.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>

namespace rgw::stats {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
/// survival's tolerance, sqrt(.Machine$double.eps).
const double kTolerance = std::sqrt(std::numeric_limits<double>::epsilon());

std::string rowName(Eigen::Index i) {
    return "row " + std::to_string(i + 1);
}

/// survmean's median rule (print.survfit): first S < 0.5 + tol; at S ≈ 0.5
/// the midpoint to the next drop.
double medianOf(const std::vector<KaplanMeierRow>& rows) {
    auto first = std::find_if(rows.begin(), rows.end(), [](const KaplanMeierRow& r) {
        return r.survival < 0.5 + kTolerance;
    });
    if (first == rows.end())
        return kNaN;
    if (std::abs(first->survival - 0.5) < kTolerance) {
        const auto drop = std::find_if(first, rows.end(), [&](const KaplanMeierRow& r) {
            return r.survival < first->survival;
        });
        if (drop != rows.end())
            return (first->time + drop->time) / 2.0;
    }
    return first->time;
}

/// The curve of the rows `subset` (indices into time/event, any order).
KaplanMeierCurve curveOf(const Eigen::VectorXd& time, const Eigen::VectorXd& event01,
                         std::vector<Eigen::Index> subset, double z) {
    std::stable_sort(subset.begin(), subset.end(),
                     [&](Eigen::Index a, Eigen::Index b) { return time(a) < time(b); });
    KaplanMeierCurve curve;
    std::size_t atRisk = subset.size();
    double survival = 1.0, greenwood = 0.0;
    for (std::size_t first = 0; first < subset.size();) {
        KaplanMeierRow row{time(subset[first]), atRisk, 0, 0, 0, 0, 0, 0, 0};
        for (; first < subset.size() && time(subset[first]) == row.time; ++first)
            (event01(subset[first]) == 1.0 ? row.events : row.censored) += 1;
        const auto n = static_cast<double>(atRisk), d = static_cast<double>(row.events);
        // S(t) = Π (1 − d/n); Greenwood Σ d / (n (n − d)) (Kaplan & Meier 1958; Greenwood 1926).
        survival *= (n - d) / n;
        if (row.events > 0)
            greenwood +=
                atRisk == row.events ? std::numeric_limits<double>::infinity() : d / (n * (n - d));
        row.survival = survival;
        row.logStandardError = std::sqrt(greenwood);
        if (survival > 0.0) {
            // survfit conf.type = "log": exp(log S ± z·se), upper clipped to 1.
            row.standardError = survival * row.logStandardError;
            row.lower = std::exp(std::log(survival) - z * row.logStandardError);
            row.upper = std::min(1.0, std::exp(std::log(survival) + z * row.logStandardError));
        } else {
            row.standardError = row.lower = row.upper = kNaN;
        }
        atRisk -= row.events + row.censored;
        curve.rows.push_back(row);
    }
    curve.medianSurvival = medianOf(curve.rows);
    return curve;
}

double zForLevel(double level) {
    if (!(level > 0.0 && level < 1.0))
        throw Error("Kaplan–Meier: the confidence level " + std::to_string(level) +
                    " is not in (0, 1)");
    return normalQuantile(1.0 - (1.0 - level) / 2.0);
}

} // namespace

void requireSurvivalData(const Eigen::VectorXd& time, const Eigen::VectorXd& event01,
                         const std::string& function) {
    if (time.size() != event01.size())
        throw Error(function + ": the time has " + std::to_string(time.size()) +
                    " values but the event indicator has " + std::to_string(event01.size()));
    if (time.size() == 0)
        throw Error(function + ": there are no rows");
    for (Eigen::Index i = 0; i < time.size(); ++i) {
        if (!std::isfinite(time(i)))
            throw Error(function + ": the time is not a finite number at " + rowName(i) +
                        " (drop rows with a missing time first)");
        if (event01(i) != 0.0 && event01(i) != 1.0)
            throw Error(function + ": the event at " + rowName(i) + " is " +
                        std::to_string(event01(i)) + "; events must be 1 (event) or 0 (censored)");
    }
}

Eigen::VectorXd harmonizedTimes(const Eigen::VectorXd& time) {
    std::vector<double> distinct(time.data(), time.data() + time.size());
    std::sort(distinct.begin(), distinct.end());
    distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
    if (distinct.empty())
        return time;
    double meanAbs = 0.0;
    for (double t : distinct)
        meanAbs += std::abs(t);
    meanAbs /= static_cast<double>(distinct.size());
    // aeqSurv: a gap dy ≤ tol or dy / mean|y| ≤ tol merges into the previous cut.
    std::map<double, double> cutOf;
    double cut = distinct.front();
    cutOf[cut] = cut;
    for (std::size_t k = 1; k < distinct.size(); ++k) {
        const double gap = distinct[k] - distinct[k - 1];
        if (!(gap <= kTolerance || gap / meanAbs <= kTolerance))
            cut = distinct[k];
        cutOf[distinct[k]] = cut;
    }
    return time.unaryExpr([&](double t) { return cutOf.at(t); });
}

RowGroups groupRows(const std::vector<std::string>& group, Eigen::Index rows,
                    const std::string& function) {
    if (static_cast<Eigen::Index>(group.size()) != rows)
        throw Error(function + ": the group has " + std::to_string(group.size()) +
                    " values but the time has " + std::to_string(rows));
    RowGroups out;
    out.names = group;
    std::sort(out.names.begin(), out.names.end());
    out.names.erase(std::unique(out.names.begin(), out.names.end()), out.names.end());
    if (!out.names.empty() && out.names.front().empty()) {
        const auto missing = std::find(group.begin(), group.end(), std::string());
        throw Error(function + ": the group is missing at " +
                    rowName(static_cast<Eigen::Index>(missing - group.begin())) +
                    " (drop rows with a missing group first)");
    }
    out.of.reserve(group.size());
    for (const std::string& g : group)
        out.of.push_back(static_cast<std::size_t>(
            std::lower_bound(out.names.begin(), out.names.end(), g) - out.names.begin()));
    return out;
}

std::vector<Eigen::Index> orderByTime(const Eigen::VectorXd& time) {
    std::vector<Eigen::Index> order(static_cast<std::size_t>(time.size()));
    std::iota(order.begin(), order.end(), Eigen::Index{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](Eigen::Index a, Eigen::Index b) { return time(a) < time(b); });
    return order;
}

KaplanMeierCurve kaplanMeier(const Eigen::VectorXd& time, const Eigen::VectorXd& event01,
                             double level) {
    requireSurvivalData(time, event01, "Kaplan–Meier");
    const Eigen::VectorXd t = harmonizedTimes(time);
    return curveOf(t, event01, orderByTime(t), zForLevel(level));
}

std::vector<KaplanMeierCurve> kaplanMeierByGroup(const Eigen::VectorXd& time,
                                                 const Eigen::VectorXd& event01,
                                                 const std::vector<std::string>& group,
                                                 double level) {
    requireSurvivalData(time, event01, "Kaplan–Meier");
    const RowGroups groups = groupRows(group, time.size(), "Kaplan–Meier");
    const double z = zForLevel(level);
    std::vector<std::vector<Eigen::Index>> members(groups.names.size());
    for (Eigen::Index i = 0; i < time.size(); ++i)
        members[groups.of[static_cast<std::size_t>(i)]].push_back(i);
    // survfit applies aeqSurv to all rows before splitting them into strata.
    const Eigen::VectorXd t = harmonizedTimes(time);
    std::vector<KaplanMeierCurve> curves;
    for (std::size_t g = 0; g < groups.names.size(); ++g) {
        curves.push_back(curveOf(t, event01, members[g], z));
        curves.back().group = groups.names[g];
    }
    return curves;
}

} // namespace rgw::stats
