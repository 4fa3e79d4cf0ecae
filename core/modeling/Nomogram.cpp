#include "modeling/Nomogram.h"

#include "util/Error.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <numeric>
#include <set>

namespace rgw::modeling {
namespace {

constexpr double kMaxScale = 100; // rms maxscale

void requireFinite(double x, const std::string& what) {
    if (!std::isfinite(x))
        throw Error("Nomogram: " + what + " is not a finite number");
}

// R_pretty (R 4.2 src/appl/pretty.c) with bounds = TRUE: the unit from
// {1, 2, 5, 10} x 10^k nearest the cell dx / n, favouring larger units.
struct PrettyRange {
    double low, high, unit;
    int intervals;
};

PrettyRange rPretty(double lo, double up, int ndiv) {
    const double h = 1.5, h5 = 0.5 + 1.5 * h, roundingEps = 1e-10;
    const int minN = ndiv / 3;
    const double dx = up - lo;
    double cell = 0;
    bool small = false;
    if (dx == 0 && up == 0) {
        cell = 1;
        small = true;
    } else {
        cell = std::max(std::fabs(lo), std::fabs(up));
        double u = 1 + ((h5 >= 1.5 * h + .5) ? 1 / (1 + h) : 1.5 / (1 + h5));
        u *= std::max(1, ndiv) * DBL_EPSILON;
        small = dx < cell * u * 3;
    }
    if (small) {
        if (cell > 10)
            cell = 9 + cell / 10;
        cell *= 0.75;
        if (minN > 1)
            cell /= minN;
    } else {
        cell = dx;
        if (ndiv > 1)
            cell /= ndiv;
    }
    cell = std::max(cell, std::ldexp(DBL_MIN, -20));
    const double base = std::pow(10.0, std::floor(std::log10(cell)));
    double unit = base;
    if (2 * base - cell < h * (cell - unit)) {
        unit = 2 * base;
        if (5 * base - cell < h5 * (cell - unit)) {
            unit = 5 * base;
            if (10 * base - cell < h * (cell - unit))
                unit = 10 * base;
        }
    }
    double ns = std::floor(lo / unit + roundingEps);
    double nu = std::ceil(up / unit - roundingEps);
    while (ns * unit > lo + roundingEps * unit)
        ns--;
    while (nu * unit < up - roundingEps * unit)
        nu++;
    int k = static_cast<int>(0.5 + nu - ns);
    if (k < minN) {
        k = minN - k;
        if (ns >= 0.) {
            nu += k / 2;
            ns -= k / 2 + k % 2;
        } else {
            ns -= k / 2;
            nu += k / 2 + k % 2;
        }
        ndiv = minN;
    } else {
        ndiv = k;
    }
    return {std::min(lo, ns * unit), std::max(up, nu * unit), unit, ndiv};
}

// Logistic inverse: lp = qlogis(p) = log(p / (1 - p)).
double logitOf(double p, double /*unused*/) {
    return std::log(p) - std::log1p(-p);
}

// Cox inverse: S = exp(-H0 exp(lp))  =>  lp = log(-log(S) / H0).
double coxLpOf(double s, double cumulativeHazard) {
    return std::log(-std::log(s) / cumulativeHazard);
}

void validateModel(const NomogramModel& model) {
    if (model.predictors.empty())
        throw Error("Nomogram: the model has no predictors");
    for (const auto& p : model.predictors) {
        requireFinite(p.coefficient, "the coefficient of '" + p.name + "'");
        if (p.values.empty()) {
            requireFinite(p.low, "the axis low of '" + p.name + "'");
            requireFinite(p.high, "the axis high of '" + p.name + "'");
            if (!(p.low < p.high))
                throw Error("Nomogram: the axis range of '" + p.name + "' is empty (low " +
                            std::to_string(p.low) + ", high " + std::to_string(p.high) + ")");
        } else {
            for (double v : p.values)
                requireFinite(v, "a value of '" + p.name + "'");
            if (p.values.size() < 2 ||
                std::set<double>(p.values.begin(), p.values.end()).size() != p.values.size())
                throw Error("Nomogram: '" + p.name + "' needs at least 2 distinct values");
        }
    }
    requireFinite(model.lpLow, "the linear predictor range's low");
    requireFinite(model.lpHigh, "the linear predictor range's high");
    if (!(model.lpLow < model.lpHigh))
        throw Error("Nomogram: the linear predictor range is empty");
    if (model.link == NomogramModel::Link::Logistic) {
        requireFinite(model.intercept, "the intercept");
        return;
    }
    requireFinite(model.centre, "the Cox centre");
    if (model.baseline.empty())
        throw Error("Nomogram: a Cox model needs the baseline cumulative hazard at a time");
    for (const auto& b : model.baseline)
        if (!(std::isfinite(b.time) && b.time > 0 && std::isfinite(b.cumulativeHazard) &&
              b.cumulativeHazard > 0))
            throw Error("Nomogram: the Cox baseline at time " + std::to_string(b.time) +
                        " needs a positive time and cumulative hazard");
}

void requireProbability(double p) {
    if (!(p > 0 && p < 1))
        throw Error("Nomogram: probability " + std::to_string(p) + " is not in (0, 1)");
}

} // namespace

std::vector<double> prettyTicks(double low, double high, int n) {
    if (!std::isfinite(low) || !std::isfinite(high) || low > high || n < 1)
        throw Error("pretty ticks: needs finite low <= high and n >= 1");
    const PrettyRange r = rPretty(low, high, n);
    // seq.int(l, u, length.out = k + 1): from both ends towards the middle.
    const int count = r.intervals + 1;
    std::vector<double> s(static_cast<std::size_t>(count));
    s.front() = r.low;
    if (count > 1)
        s.back() = r.high;
    const double by = count > 1 ? (r.high - r.low) / (count - 1) : 0;
    for (int i = 1; i < count - 1; ++i)
        s[static_cast<std::size_t>(i)] =
            i < count / 2 ? r.low + i * by : r.high - (count - 1 - i) * by;
    // pretty.default zaps values below 1e-14 of the step to 0.
    if (r.intervals > 0) {
        const double delta = (r.high - r.low) / r.intervals;
        for (double& v : s)
            if (std::fabs(v) < 1e-14 * delta)
                v = 0;
    }
    return s;
}

NomogramPredictor NomogramPredictor::continuous(std::string name, double coefficient, double low,
                                                double high) {
    return {std::move(name), coefficient, low, high, {}};
}

NomogramPredictor NomogramPredictor::discrete(std::string name, double coefficient,
                                              std::vector<double> values) {
    std::sort(values.begin(), values.end());
    return {std::move(name), coefficient, 0, 0, std::move(values)};
}

Nomogram::Nomogram(const NomogramModel& model) : model_(model) {
    validateModel(model_);
    // Effect b*v at each tick; the widest effect range gets maxscale points
    // (rms: sc = maxscale / max(R[2, ] - R[1, ])).
    std::vector<double> lowestEffect;
    double widest = 0;
    for (const auto& p : model_.predictors) {
        NomogramAxis axis;
        axis.name = p.name;
        axis.discrete = !p.values.empty();
        const std::vector<double> ticks = axis.discrete ? p.values : prettyTicks(p.low, p.high);
        double lo = HUGE_VAL, hi = -HUGE_VAL;
        for (double v : ticks) {
            lo = std::min(lo, p.coefficient * v);
            hi = std::max(hi, p.coefficient * v);
            axis.ticks.push_back({v, 0});
        }
        lowestEffect.push_back(lo);
        widest = std::max(widest, hi - lo);
        axes_.push_back(std::move(axis));
    }
    if (!(widest > 0) || !std::isfinite(widest))
        throw Error("Nomogram: every coefficient is 0; no predictor has an effect to scale");
    scale_ = kMaxScale / widest;
    // points = (b*v - min effect) * sc.
    for (std::size_t j = 0; j < axes_.size(); ++j) {
        const double b = model_.predictors[j].coefficient;
        axes_[j].slope = b * scale_;
        axes_[j].offset = -lowestEffect[j] * scale_;
        for (auto& t : axes_[j].ticks)
            t.points = (b * t.value - lowestEffect[j]) * scale_;
    }
    // rms Intercept: lp at 0 points = beta0 + sum of the lowest effects
    // (beta0 = intercept for lrm, -centre for cph).
    const double beta0 =
        model_.link == NomogramModel::Link::Logistic ? model_.intercept : -model_.centre;
    lpAtZero_ = std::accumulate(lowestEffect.begin(), lowestEffect.end(), beta0);
    const std::vector<double> lpAt = prettyTicks(model_.lpLow, model_.lpHigh);
    for (double lp : lpAt)
        lpTicks_.push_back({lp, (lp - lpAtZero_) * scale_});
    double sumMax = kMaxScale;
    if (axes_.size() > 1)
        sumMax = std::max(kMaxScale, scale_ * (lpAt.back() - lpAtZero_));
    totalTicks_ = prettyTicks(0, sumMax);
}

double Nomogram::maxTotalPoints() const {
    double total = 0;
    for (const auto& a : axes_) {
        double m = 0;
        for (const auto& t : a.ticks)
            m = std::max(m, t.points);
        total += m;
    }
    return total;
}

double Nomogram::totalPoints(const std::vector<double>& values) const {
    if (values.size() != axes_.size())
        throw Error("Nomogram: " + std::to_string(values.size()) + " values given for " +
                    std::to_string(axes_.size()) + " predictors");
    double total = 0;
    for (std::size_t j = 0; j < axes_.size(); ++j) {
        requireFinite(values[j], "the value of '" + axes_[j].name + "'");
        total += axes_[j].slope * values[j] + axes_[j].offset;
    }
    return total;
}

double Nomogram::lpAt(double totalPoints) const {
    requireFinite(totalPoints, "the total points");
    return lpAtZero_ + totalPoints / scale_;
}

double Nomogram::totalPointsAtLp(double lp) const {
    requireFinite(lp, "the linear predictor");
    return (lp - lpAtZero_) * scale_;
}

double Nomogram::probabilityAt(double totalPoints) const {
    if (model_.link != NomogramModel::Link::Logistic)
        throw Error("Nomogram: probabilityAt needs a logistic model (Cox: survivalAt)");
    // plogis(lp) = 1 / (1 + exp(-lp)).
    return 1 / (1 + std::exp(-lpAt(totalPoints)));
}

double Nomogram::cumulativeHazardAt(double time) const {
    if (model_.link != NomogramModel::Link::Cox)
        throw Error("Nomogram: survival needs a Cox model (logistic: probabilityAt)");
    for (const auto& b : model_.baseline)
        if (b.time == time)
            return b.cumulativeHazard;
    throw Error("Nomogram: no baseline hazard at time " + std::to_string(time));
}

double Nomogram::survivalAt(double totalPoints, double time) const {
    // S(t) = exp(-H0(t) exp(lp)), lp centred as cph's.
    return std::exp(-cumulativeHazardAt(time) * std::exp(lpAt(totalPoints)));
}

std::vector<NomogramTick> Nomogram::functionTicks(const std::vector<double>& probabilities,
                                                  double (*inverse)(double, double),
                                                  double parameter) const {
    if (probabilities.empty())
        throw Error("Nomogram: no probabilities given for the axis ticks");
    const double lpMin = lpTicks_.front().value, lpMax = lpTicks_.back().value;
    std::vector<NomogramTick> ticks;
    for (double p : probabilities) {
        requireProbability(p);
        const double lp = inverse(p, parameter);
        if (lp >= lpMin && lp <= lpMax) // rms keeps the ticks within lp.at
            ticks.push_back({p, (lp - lpAtZero_) * scale_});
    }
    return ticks;
}

std::vector<NomogramTick>
Nomogram::probabilityTicks(const std::vector<double>& probabilities) const {
    if (model_.link != NomogramModel::Link::Logistic)
        throw Error("Nomogram: probabilityTicks needs a logistic model (Cox: survivalTicks)");
    return functionTicks(probabilities, logitOf, 0);
}

std::vector<NomogramTick> Nomogram::survivalTicks(const std::vector<double>& probabilities,
                                                  double time) const {
    return functionTicks(probabilities, coxLpOf, cumulativeHazardAt(time));
}

} // namespace rgw::modeling
