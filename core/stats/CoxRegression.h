#pragma once

// Cox proportional hazards regression for right-censored survival (e.g.
// overall survival against radiomic features and clinical covariates), fitted
// exactly as R's survival::coxph: maximum partial likelihood by Newton–Raphson
// with step halving, Efron (1977) or Breslow (1974) handling of tied times,
// covariates centred by their means as coxph does (centring changes neither the
// estimates nor the likelihood, only the arithmetic).

#include "stats/CoefficientTable.h"

#include <Eigen/Core>
#include <string>
#include <vector>

namespace rgw::stats {

enum class CoxTies { Efron, Breslow };

struct CoxOptions {
    CoxTies ties = CoxTies::Efron; ///< coxph's default
    int maxIterations = 30;
    /// Convergence when |1 - ℓ_old / ℓ_new| <= tolerance for the log partial
    /// likelihood ℓ (coxph.control's eps is 1e-9).
    double tolerance = 1e-12;
};

struct CoxFit {
    CoefficientTable coefficients; ///< one row per predictor (no intercept); ratio() = hazard ratio
    double logLikelihood = 0,
           nullLogLikelihood = 0; ///< log partial likelihood at β̂ and at β = 0 (coxph's loglik)
    /// summary(coxph)'s global tests, each χ² with p degrees of freedom:
    /// 2 (ℓ(β̂) - ℓ(0)), β̂ᵀ I(β̂) β̂, and the score (log-rank) test U(0)ᵀ I(0)⁻¹ U(0).
    double likelihoodRatio = 0, waldStatistic = 0, scoreStatistic = 0;
    int iterations = 0; ///< Newton steps taken (halved steps included)
    CoxTies ties = CoxTies::Efron;
    /// Column means used for centring, as coxph's fit$means: 0 for a column whose
    /// values all lie in {-1, 0, 1} (coxph's nocenter default), which it leaves uncentred.
    Eigen::VectorXd means;
};

/// Cox proportional hazards by Newton–Raphson with step halving, as
/// survival::coxph(Surv(time, event) ~ x, ties = "efron" | "breslow").
/// x: n × p predictors, time > 0 (any positive unit), event 1 = event, 0 =
/// censored (the caller maps R's 1/2 status), names: the p predictor names.
/// Standard errors from the inverse information at β̂. Throws rgw::Error for
/// non-finite values, size mismatch, event not 0/1, no events, non-positive
/// times, a constant or collinear predictor (naming it), infinite estimates
/// (monotone likelihood, naming the predictor) and non-convergence.
CoxFit fitCox(const Eigen::MatrixXd& x, const Eigen::VectorXd& time, const Eigen::VectorXd& event,
              const std::vector<std::string>& names, const CoxOptions& options = {});

/// The cumulative baseline hazard H₀(t) at the distinct event times (ascending),
/// for a subject with x = 0 on the uncentred scale.
struct BaselineHazard {
    std::vector<double> time, cumulativeHazard;
};

/// H₀ of `fit` estimated from the data it was fitted to (x, time, event as
/// given to fitCox). Equals survival::basehaz(fit, centered = FALSE) at its
/// event times (basehaz also lists censoring times, where H₀ does not change):
/// increments d / Σ_{risk} e^{xβ} for Breslow ties (Breslow 1974) and, for Efron
/// ties, Σ_{k<d} 1 / (Σ_{risk} e^{xβ} - (k/d) Σ_{deaths} e^{xβ}), the Efron-adjusted
/// hazard survfit.coxph uses for an Efron fit. Survival for covariates z is
/// exp(-H₀(t) e^{zβ}). Throws rgw::Error for input fitCox would reject.
BaselineHazard baselineHazard(const CoxFit& fit, const Eigen::MatrixXd& x,
                              const Eigen::VectorXd& time, const Eigen::VectorXd& event);

} // namespace rgw::stats
