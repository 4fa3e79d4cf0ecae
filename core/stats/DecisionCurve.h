#pragma once

// Decision curve analysis (Vickers & Elkin 2006): the net benefit of treating
// the patients whose predicted risk reaches a threshold probability.

#include <Eigen/Core>
#include <vector>

namespace rgw::stats {

/// Net benefit at one threshold probability pt.
struct NetBenefit {
    double threshold = 0;
    double model = 0;     ///< TP/n − FP/n · pt/(1 − pt), treating p >= pt
    double treatAll = 0;  ///< prevalence − (1 − prevalence) · pt/(1 − pt)
    double treatNone = 0; ///< always 0
};

/// Net benefit of predicted risks p (in [0, 1]) for 0/1 outcomes at each
/// threshold probability pt in [0, 1) (Vickers & Elkin 2006): a patient is
/// treated when p >= pt, NB = TP/n − FP/n · pt/(1 − pt); with treat-all and
/// treat-none. Equals dcurves::dca's net benefit (the R reference computes
/// the formula; dcurves is not in Debian). Throws rgw::Error for different
/// lengths, no rows, p non-finite or outside [0, 1], y not 0/1, no
/// thresholds, or a threshold outside [0, 1) or not finite.
std::vector<NetBenefit> decisionCurve(const Eigen::VectorXd& p, const Eigen::VectorXd& y01,
                                      const std::vector<double>& thresholds);

} // namespace rgw::stats
