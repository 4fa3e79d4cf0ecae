#include "stats/TimeDependentAuc.h"

#include "stats/KaplanMeier.h"
#include "util/Error.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace rgw::stats {

namespace {

/// Kaplan–Meier of the censoring distribution as prodlim(reverse = TRUE):
/// deaths at a time leave the risk set before its censorings, G(s) = Π_{u ≤ s}
/// (1 − c_u / (n_u − d_u)). Built on the counts of kaplanMeier(time, 1 − event).
class CensoringSurvival {
public:
    CensoringSurvival(const Eigen::VectorXd& time, const Eigen::VectorXd& event01) {
        const Eigen::VectorXd censored = (1.0 - event01.array()).matrix();
        double g = 1;
        for (const KaplanMeierRow& row : kaplanMeier(time, censored).rows) {
            // In the reversed curve `events` are censorings and `censored` deaths.
            const auto c = static_cast<double>(row.events);
            const auto alive = static_cast<double>(row.atRisk - row.censored);
            if (c > 0)
                g *= 1 - c / alive;
            times_.push_back(row.time);
            values_.push_back(g);
        }
    }
    /// G(s): the last value at a time <= s (1 before the first time).
    double at(double s) const {
        const auto k = std::upper_bound(times_.begin(), times_.end(), s) - times_.begin();
        return k == 0 ? 1.0 : values_[static_cast<std::size_t>(k - 1)];
    }
    /// G(s−): the last value at a time < s.
    double before(double s) const {
        const auto k = std::lower_bound(times_.begin(), times_.end(), s) - times_.begin();
        return k == 0 ? 1.0 : values_[static_cast<std::size_t>(k - 1)];
    }

private:
    std::vector<double> times_, values_;
};

/// Checks the predictions and that t lies inside the follow-up: at least one
/// event at or before t and one subject followed beyond it.
void requireTime(const Eigen::VectorXd& time, const Eigen::VectorXd& event01, double t,
                 const std::string& function) {
    if (!std::isfinite(t))
        throw Error(function + ": the evaluation time is not finite");
    bool caseSeen = false, controlSeen = false;
    for (Eigen::Index i = 0; i < time.size(); ++i) {
        caseSeen = caseSeen || (time(i) <= t && event01(i) == 1);
        controlSeen = controlSeen || time(i) > t;
    }
    if (!caseSeen)
        throw Error(function + ": no event at or before time " + std::to_string(t) +
                    " (before the first event of the follow-up)");
    if (!controlSeen)
        throw Error(function + ": time " + std::to_string(t) + " is at or beyond the last " +
                    "follow-up time " + std::to_string(time.maxCoeff()) +
                    "; no subject is followed past it");
}

void requirePrediction(const Eigen::VectorXd& time, const Eigen::VectorXd& value, const char* what,
                       const std::string& function) {
    if (value.size() != time.size())
        throw Error(function + ": " + std::to_string(time.size()) + " times but " +
                    std::to_string(value.size()) + " " + what);
    for (Eigen::Index i = 0; i < value.size(); ++i)
        if (!std::isfinite(value(i)))
            throw Error(function + ": the " + what + " of row " + std::to_string(i + 1) +
                        " is not finite");
}

} // namespace

std::vector<TimeDependentAuc> timeDependentAuc(const Eigen::VectorXd& time,
                                               const Eigen::VectorXd& event01,
                                               const Eigen::VectorXd& score,
                                               const std::vector<double>& times) {
    const std::string f = "timeDependentAuc";
    requireSurvivalData(time, event01, f);
    requirePrediction(time, score, "scores", f);
    if (times.empty())
        throw Error(f + ": no evaluation times");
    const Eigen::VectorXd tt = harmonizedTimes(time);
    const CensoringSurvival g(time, event01);
    std::vector<TimeDependentAuc> out;
    for (const double t : times) {
        requireTime(tt, event01, t, f);
        std::vector<double> controls;
        for (Eigen::Index j = 0; j < tt.size(); ++j)
            if (tt(j) > t)
                controls.push_back(score(j));
        std::sort(controls.begin(), controls.end());
        const auto m0 = static_cast<double>(controls.size());
        // Uno (2007), Blanche (2013): Σ wᵢ [#(Mⱼ < Mᵢ) + ½ #(Mⱼ = Mᵢ)] / (Σ wᵢ · #controls),
        // wᵢ = 1/G(Tᵢ−) for cases; the constant control weight 1/G(t) cancels.
        double weighted = 0, weights = 0;
        std::size_t cases = 0;
        for (Eigen::Index i = 0; i < tt.size(); ++i) {
            if (!(tt(i) <= t && event01(i) == 1))
                continue;
            const double w = 1 / g.before(tt(i));
            const auto lower = std::lower_bound(controls.begin(), controls.end(), score(i));
            const auto upper = std::upper_bound(lower, controls.end(), score(i));
            const auto below = static_cast<double>(lower - controls.begin());
            const auto tied = static_cast<double>(upper - lower);
            weighted += w * (below + 0.5 * tied);
            weights += w;
            ++cases;
        }
        out.push_back({t, weighted / (weights * m0), cases, controls.size(), g.at(t)});
    }
    return out;
}

double ipcwBrierScore(const Eigen::VectorXd& time, const Eigen::VectorXd& event01,
                      const Eigen::VectorXd& survivalProbability, double t) {
    const std::string f = "ipcwBrierScore";
    requireSurvivalData(time, event01, f);
    requirePrediction(time, survivalProbability, "survival probabilities", f);
    for (Eigen::Index i = 0; i < survivalProbability.size(); ++i)
        if (survivalProbability(i) < 0 || survivalProbability(i) > 1)
            throw Error(f + ": the survival probability of row " + std::to_string(i + 1) + " is " +
                        std::to_string(survivalProbability(i)) + ", not in [0, 1]");
    const Eigen::VectorXd tt = harmonizedTimes(time);
    requireTime(tt, event01, t, f);
    const CensoringSurvival g(time, event01);
    const double gt = g.at(t);
    // Graf et al. (1999): (1/n) Σ [I(Tᵢ ≤ t, δᵢ) Sᵢ²/G(Tᵢ−) + I(Tᵢ > t)(1 − Sᵢ)²/G(t)].
    double sum = 0;
    for (Eigen::Index i = 0; i < tt.size(); ++i) {
        const double s = survivalProbability(i);
        if (tt(i) > t)
            sum += (1 - s) * (1 - s) / gt;
        else if (event01(i) == 1)
            sum += s * s / g.before(tt(i));
    }
    return sum / static_cast<double>(tt.size());
}

} // namespace rgw::stats
