#pragma once

// The nomogram of a linear model (rad-score + clinical predictors), equal to
// R rms::nomogram (rms 6.5.0, Harrell, "Regression Modeling Strategies"):
// every predictor's points are linear in its value, 0 at its lowest-effect
// tick, and the predictor with the widest effect range spans 100 points;
// total points map linearly to the linear predictor and through it to the
// probability (logistic, plogis) or the survival at time t (Cox).

#include <string>
#include <vector>

namespace rgw::modeling {

/// One predictor of the model. Continuous: its axis range [low, high] (rms
/// datadist's Low/High, the data's minimum and maximum), drawn at R's
/// pretty(c(low, high), 10) ticks as rms does. Discrete: the values drawn as
/// ticks (datadist's values for <= 10 unique values; a 0/1 predictor is {0, 1}).
struct NomogramPredictor {
    std::string name;
    double coefficient = 0;     ///< per unit of the predictor, original scale
    double low = 0, high = 0;   ///< continuous axis range (ignored when discrete)
    std::vector<double> values; ///< discrete ticks; empty = continuous

    static NomogramPredictor continuous(std::string name, double coefficient, double low,
                                        double high);
    static NomogramPredictor discrete(std::string name, double coefficient,
                                      std::vector<double> values);
};

/// Cox baseline at one time: S(t | x) = exp(-cumulativeHazard * exp(x.b - centre)),
/// i.e. S0(t)^exp(x.b - centre) with S0(t) = exp(-cumulativeHazard) the
/// survival at the centre (cph's Survival(fit)(t, 0), Breslow).
struct CoxBaselineAt {
    double time = 0;             ///< same unit as the model's survival times
    double cumulativeHazard = 0; ///< H0(t) at the centre, > 0
};

/// The model the nomogram draws. Linear predictor convention (the LP axis):
/// logistic lp = intercept + x.b; Cox lp = x.b - centre (cph's
/// linear.predictors, centre = fit$center = sum_j b_j mean(x_j)).
struct NomogramModel {
    enum class Link { Logistic, Cox };
    Link link = Link::Logistic;
    std::vector<NomogramPredictor> predictors;
    double intercept = 0;                ///< logistic only
    double centre = 0;                   ///< Cox only
    std::vector<CoxBaselineAt> baseline; ///< Cox only: the times survival axes are drawn for
    /// Range of the training linear predictors (same convention), from which
    /// the LP axis ticks are pretty(c(lpLow, lpHigh), 10) (rms's lp.at default).
    double lpLow = 0, lpHigh = 0;
};

/// A tick: the axis value and its position in points.
struct NomogramTick {
    double value = 0;
    double points = 0;
};

/// One predictor's scale: points(v) = slope * v + offset (slope = b * scale,
/// offset = -scale * min over ticks of b * v).
struct NomogramAxis {
    std::string name;
    bool discrete = false;
    double slope = 0, offset = 0;
    std::vector<NomogramTick> ticks; ///< in value order, as rms's $points
};

class Nomogram {
public:
    /// Builds the scales as rms::nomogram(fit, lp = TRUE, maxscale = 100,
    /// nint = 10). Throws rgw::Error for no predictors, a non-finite number,
    /// an empty or reversed continuous range, fewer than 2 or duplicate
    /// discrete values, all coefficients 0, a non-finite or empty LP range,
    /// and for Cox no baseline or a non-positive time or cumulative hazard.
    explicit Nomogram(const NomogramModel& model);

    const std::vector<NomogramAxis>& axes() const { return axes_; }
    /// The model the nomogram was built from (Cox: its baseline times).
    const NomogramModel& model() const { return model_; }
    NomogramModel::Link link() const { return model_.link; }
    /// Points per unit of linear predictor (rms's info$sc).
    double pointsPerUnitLp() const { return scale_; }
    /// Linear predictor at 0 total points (rms's info$Intercept).
    double lpAtZeroPoints() const { return lpAtZero_; }
    /// The Total Points axis ticks: pretty(c(0, max(100, scale * max(lp.at -
    /// lpAtZero))), 10) (100 alone when there is one predictor).
    const std::vector<double>& totalPointsTicks() const { return totalTicks_; }
    /// The largest total a patient can reach (sum of every axis's maximum).
    double maxTotalPoints() const;
    /// The Linear Predictor axis: pretty(c(lpLow, lpHigh), 10) and their points.
    const std::vector<NomogramTick>& lpTicks() const { return lpTicks_; }

    /// Total points of one patient: values in the order of the predictors.
    /// Throws rgw::Error for a wrong count or a non-finite value.
    double totalPoints(const std::vector<double>& values) const;
    /// lp = lpAtZero + totalPoints / scale, and back.
    double lpAt(double totalPoints) const;
    double totalPointsAtLp(double lp) const;
    /// Logistic: P(y = 1) = plogis(lp).
    double probabilityAt(double totalPoints) const;
    /// Cox: S(t) = exp(-H0(t) exp(lp)); t must be one of the model's baseline times.
    double survivalAt(double totalPoints, double time) const;

    /// Ticks of the probability axis (logistic) for `probabilities` in (0, 1):
    /// total points where P equals each (exact inverse qlogis), kept only when
    /// inside the LP axis range, as rms's fun.at (rms inverts on a 1000-point
    /// grid; this is the exact value rms gives with fun.lp.at).
    std::vector<NomogramTick> probabilityTicks(const std::vector<double>& probabilities) const;
    /// Ticks of the survival axis at `time` (Cox): lp = log(-log(S) / H0(t)).
    std::vector<NomogramTick> survivalTicks(const std::vector<double>& probabilities,
                                            double time) const;

private:
    double cumulativeHazardAt(double time) const;
    std::vector<NomogramTick> functionTicks(const std::vector<double>& probabilities,
                                            double (*inverse)(double, double),
                                            double parameter) const;

    NomogramModel model_;
    std::vector<NomogramAxis> axes_;
    double scale_ = 0, lpAtZero_ = 0;
    std::vector<double> totalTicks_;
    std::vector<NomogramTick> lpTicks_;
};

/// R's pretty(c(low, high), n) (R 4.2 R_pretty with its defaults: min.n = n %/% 3,
/// shrink.sml = 0.75, high.u.bias = 1.5, u5.bias = 2.75, bounds = TRUE):
/// about n + 1 equally spaced round values covering [low, high]; n = 10 is rms nint.
std::vector<double> prettyTicks(double low, double high, int n = 10);

} // namespace rgw::modeling
