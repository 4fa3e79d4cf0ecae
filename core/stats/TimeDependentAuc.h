#pragma once

// Cumulative/dynamic time-dependent AUC and the Brier score at time t for
// right-censored survival, with inverse probability of censoring weights
// from the Kaplan–Meier of the censoring distribution, equal to R
// riskRegression 2022.11.28 Score(..., metrics = c("auc", "brier"),
// cens.model = "km") (Uno et al. 2007, Blanche et al. 2013, Graf et al. 1999).

#include <Eigen/Core>
#include <vector>

namespace rgw::stats {

/// The time-dependent AUC at one time.
struct TimeDependentAuc {
    double time = 0;
    double auc = 0;
    std::size_t cases = 0;        ///< events at or before t
    std::size_t controls = 0;     ///< subjects still followed after t (T > t)
    double censoringSurvival = 0; ///< G(t), the censoring survival at t
};

/// Cumulative/dynamic AUC(t) of a risk score (higher = higher risk, e.g. a
/// Cox linear predictor) at each time t (Uno 2007; Blanche, Dartigues &
/// Jacqmin-Gadda 2013): cases are subjects with an event at T ≤ t (an event
/// at exactly t is a case), weighted 1/G(T−); controls have T > t, weighted
/// 1/G(t); subjects censored at or before t get weight 0; AUC = Σᵢ Σⱼ wᵢ wⱼ
/// [I(Mᵢ > Mⱼ) + ½ I(Mᵢ = Mⱼ)] / Σᵢ Σⱼ wᵢ wⱼ. G is the Kaplan–Meier of the
/// censoring as prodlim(reverse = TRUE), which riskRegression uses: deaths at
/// a time leave the censoring risk set before that time's censorings, G(s) =
/// Π (1 − c/(n − d)). Equals riskRegression::Score(list(score), Hist(time,
/// event) ~ 1, metrics = "auc", cens.model = "km") (timeROC(weighting =
/// "marginal") estimates the same quantity; it is not installed here and not
/// compared, its marker-tie handling may differ). Times as survival's timefix.
/// Throws rgw::Error for bad survival input (requireSurvivalData), a score of
/// another length or not finite, no times, and a time that is not finite,
/// has no event at or before it, or no subject followed beyond it.
std::vector<TimeDependentAuc> timeDependentAuc(const Eigen::VectorXd& time,
                                               const Eigen::VectorXd& event01,
                                               const Eigen::VectorXd& score,
                                               const std::vector<double>& times);

/// IPCW Brier score at time t (Graf et al. 1999) of predicted survival
/// probabilities S(t | xᵢ) in [0, 1]: (1/n) Σ [I(Tᵢ ≤ t, event) Sᵢ² / G(Tᵢ−) +
/// I(Tᵢ > t) (1 − Sᵢ)² / G(t)], G as in timeDependentAuc; equals
/// riskRegression::Score(list(1 − S), ..., times = t, metrics = "brier",
/// cens.model = "km") (which is written with the risk 1 − S). Throws
/// rgw::Error as timeDependentAuc and for survival probabilities outside
/// [0, 1].
double ipcwBrierScore(const Eigen::VectorXd& time, const Eigen::VectorXd& event01,
                      const Eigen::VectorXd& survivalProbability, double t);

} // namespace rgw::stats
