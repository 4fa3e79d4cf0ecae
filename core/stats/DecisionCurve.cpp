#include "stats/DecisionCurve.h"

#include "stats/Calibration.h"
#include "util/Error.h"

#include <cmath>
#include <string>

namespace rgw::stats {

std::vector<NetBenefit> decisionCurve(const Eigen::VectorXd& p, const Eigen::VectorXd& y01,
                                      const std::vector<double>& thresholds) {
    requireProbabilities(p, y01, "decisionCurve");
    if (thresholds.empty())
        throw Error("decisionCurve: no threshold probabilities");
    const double n = static_cast<double>(p.size()), prevalence = y01.sum() / n;
    std::vector<NetBenefit> out;
    for (const double pt : thresholds) {
        if (!std::isfinite(pt) || pt < 0 || pt >= 1)
            throw Error("decisionCurve: threshold probability " + std::to_string(pt) +
                        " is not in [0, 1)");
        const double odds = pt / (1 - pt);
        double tp = 0, fp = 0;
        for (Eigen::Index i = 0; i < p.size(); ++i)
            if (p(i) >= pt)
                (y01(i) == 1 ? tp : fp) += 1;
        // Vickers & Elkin (2006): NB = TP/n − FP/n · pt/(1 − pt).
        out.push_back({pt, tp / n - fp / n * odds, prevalence - (1 - prevalence) * odds, 0.0});
    }
    return out;
}

} // namespace rgw::stats
