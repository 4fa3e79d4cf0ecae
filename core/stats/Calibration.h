#pragma once

// Calibration of predicted probabilities against a 0/1 outcome, equal to R
// rms 6.5.0 val.prob (Brier, Intercept, Slope, S:z, S:p) and a binned
// calibration curve with Hmisc 4.8.0 binconf's Wilson interval.

#include <Eigen/Core>
#include <cstddef>
#include <vector>

namespace rgw::stats {

/// Calibration summary of probabilities p for outcomes y.
struct CalibrationSummary {
    std::size_t n = 0;    ///< rows
    std::size_t used = 0; ///< rows in the logistic fits (p strictly inside (0, 1))
    /// mean((p − y)²) over all n rows (val.prob "Brier").
    double brier = 0;
    /// a and b of the recalibration model logit P(y=1) = a + b·logit(p)
    /// (val.prob "Intercept" and "Slope", its lrm.fit(logit(p), y)).
    double intercept = 0, slope = 0;
    /// a of logit P(y=1) = a + offset(logit p): calibration-in-the-large, as
    /// glm(y ~ 1, offset = qlogis(p), family = binomial) (0 when the mean
    /// predicted risk is right on the logit scale).
    double calibrationInTheLarge = 0;
    /// Spiegelhalter (1986) z = Σ(y−p)(1−2p) / sqrt(Σ(1−2p)² p(1−p)) over all
    /// rows and its two-sided normal p (val.prob "S:z", "S:p").
    double spiegelhalterZ = 0, spiegelhalterP = 0;
};

/// Brier score, recalibration intercept and slope, calibration-in-the-large
/// and Spiegelhalter's z, as rms::val.prob(p, y). As val.prob, rows with p
/// exactly 0 or 1 (infinite logit) are left out of the logistic fits (counted
/// in `used`) but kept in the Brier score and z. Maximum likelihood to full
/// precision (val.prob's lrm.fit stops ~1e-8 earlier). Throws rgw::Error for
/// different lengths, no rows, non-finite p or p outside [0, 1], y not 0/1,
/// fewer than two distinct p in (0, 1) (where val.prob returns slope 0: the
/// slope is not identifiable) or an outcome class absent among them, and when
/// the fits diverge (p separates y).
CalibrationSummary calibrationSummary(const Eigen::VectorXd& p, const Eigen::VectorXd& y01);

/// One group of the binned calibration curve.
struct CalibrationBin {
    std::size_t n = 0, events = 0;
    double meanPredicted = 0;    ///< mean p in the group
    double observed = 0;         ///< events / n
    double lower = 0, upper = 0; ///< Wilson interval of `observed`
};

/// Binned calibration curve: rows ordered by p (ties by row order) are cut
/// into `groups` groups of nearly equal size, row of rank r (0-based) in group
/// floor(groups·r / n) (= dplyr::ntile); each group's observed fraction with
/// the Wilson score interval at `level` exactly as Hmisc::binconf(method =
/// "wilson") — including its corrections lower = −log(level)/n when
/// events = 1 and upper = 1 + log(level)/n when events = n − 1. Throws
/// rgw::Error as calibrationSummary for the data, for groups < 1 or more
/// groups than rows, and for a level outside (0, 1).
std::vector<CalibrationBin> calibrationCurve(const Eigen::VectorXd& p, const Eigen::VectorXd& y01,
                                             int groups = 10, double level = 0.95);

/// Wilson score interval of events / n as Hmisc::binconf(events, n,
/// alpha = 1 − level, method = "wilson"), with its corrections at 1 and n − 1
/// events. Throws rgw::Error for n = 0, events > n or a level outside (0, 1).
CalibrationBin wilsonInterval(std::size_t events, std::size_t n, double level = 0.95);

/// Checks predicted probabilities and 0/1 outcomes for `function`: same
/// non-zero length, p finite in [0, 1], y 0 or 1. Throws rgw::Error naming the
/// row otherwise.
void requireProbabilities(const Eigen::VectorXd& p, const Eigen::VectorXd& y01,
                          const char* function);

} // namespace rgw::stats
