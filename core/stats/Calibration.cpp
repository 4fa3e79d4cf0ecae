#include "stats/Calibration.h"

#include "stats/Distributions.h"
#include "stats/LogisticRegression.h"
#include "util/Error.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>

namespace rgw::stats {

namespace {

double logit(double p) {
    return std::log(p / (1 - p));
}

/// Maximum-likelihood a of logit P(y=1) = a + offset by Newton–Raphson:
/// a += Σ(y − π) / Σ π(1 − π), π = expit(a + offset).
double offsetIntercept(const Eigen::VectorXd& offset, const Eigen::VectorXd& y) {
    double a = 0;
    for (int iteration = 0; iteration < 100; ++iteration) {
        double score = 0, information = 0;
        for (Eigen::Index i = 0; i < y.size(); ++i) {
            const double pi = 1 / (1 + std::exp(-(a + offset(i))));
            score += y(i) - pi;
            information += pi * (1 - pi);
        }
        if (!(information > 0))
            break;
        const double step = score / information;
        a += step;
        if (std::abs(step) < 1e-13 * (1 + std::abs(a)))
            return a;
    }
    throw Error("calibrationSummary: the calibration-in-the-large fit did not converge "
                "(the predictions separate the outcomes)");
}

} // namespace

void requireProbabilities(const Eigen::VectorXd& p, const Eigen::VectorXd& y01,
                          const char* function) {
    const std::string f(function);
    if (p.size() != y01.size())
        throw Error(f + ": " + std::to_string(p.size()) + " predicted probabilities but " +
                    std::to_string(y01.size()) + " outcomes");
    if (p.size() == 0)
        throw Error(f + ": no rows");
    for (Eigen::Index i = 0; i < p.size(); ++i) {
        if (!std::isfinite(p(i)) || p(i) < 0 || p(i) > 1)
            throw Error(f + ": predicted probability of row " + std::to_string(i + 1) + " is " +
                        std::to_string(p(i)) + ", not a probability in [0, 1]");
        if (y01(i) != 0 && y01(i) != 1)
            throw Error(f + ": outcome of row " + std::to_string(i + 1) + " is " +
                        std::to_string(y01(i)) + ", not 0 or 1");
    }
}

CalibrationSummary calibrationSummary(const Eigen::VectorXd& p, const Eigen::VectorXd& y01) {
    requireProbabilities(p, y01, "calibrationSummary");
    CalibrationSummary out;
    out.n = static_cast<std::size_t>(p.size());
    // Brier (1950): mean squared difference of prediction and outcome.
    out.brier = (p - y01).squaredNorm() / static_cast<double>(p.size());
    // Spiegelhalter (1986): z = Σ(y−p)(1−2p) / sqrt(Σ(1−2p)² p(1−p)).
    const Eigen::ArrayXd a = p.array(), w = 1 - 2 * a;
    const double denominator = std::sqrt((w * w * a * (1 - a)).sum());
    out.spiegelhalterZ = ((y01.array() - a) * w).sum() / denominator;
    out.spiegelhalterP = normalTwoSidedP(out.spiegelhalterZ);

    // The logistic fits use the rows with a finite logit, as val.prob.
    std::vector<Eigen::Index> rows;
    for (Eigen::Index i = 0; i < p.size(); ++i)
        if (p(i) > 0 && p(i) < 1)
            rows.push_back(i);
    out.used = rows.size();
    Eigen::VectorXd lp(static_cast<Eigen::Index>(rows.size())), y(lp.size());
    for (Eigen::Index k = 0; k < lp.size(); ++k) {
        lp(k) = logit(p(rows[static_cast<std::size_t>(k)]));
        y(k) = y01(rows[static_cast<std::size_t>(k)]);
    }
    if (lp.size() < 2 || lp.maxCoeff() == lp.minCoeff())
        throw Error("calibrationSummary: fewer than two distinct predicted probabilities strictly "
                    "between 0 and 1; the calibration slope is not identifiable");
    if (y.sum() == 0 || y.sum() == static_cast<double>(y.size()))
        throw Error("calibrationSummary: only one outcome class among the rows with a predicted "
                    "probability strictly between 0 and 1");
    out.calibrationInTheLarge = offsetIntercept(lp, y);
    // Cox (1958) recalibration: logit P(y=1) = a + b·logit(p), by glm's IRLS.
    const LogisticFit fit = fitLogistic(lp, y, {"logit(p)"});
    out.intercept = fit.coefficients.estimate(0);
    out.slope = fit.coefficients.estimate(1);
    return out;
}

CalibrationBin wilsonInterval(std::size_t events, std::size_t n, double level) {
    if (n == 0 || events > n)
        throw Error("wilsonInterval: " + std::to_string(events) + " events in " +
                    std::to_string(n) + " trials");
    if (!(level > 0 && level < 1))
        throw Error("wilsonInterval: confidence level " + std::to_string(level) +
                    " is not in (0, 1)");
    CalibrationBin b;
    b.n = n;
    b.events = events;
    const double nn = static_cast<double>(n), x = static_cast<double>(events), alpha = 1 - level;
    const double z = -normalQuantile(alpha / 2), z2 = z * z, phat = x / nn;
    // Wilson (1927): (p̂ + z²/2n ± z sqrt((p̂(1−p̂) + z²/4n)/n)) / (1 + z²/n), as Hmisc::binconf.
    const double centre = phat + z2 / 2 / nn;
    const double half = z * std::sqrt((phat * (1 - phat) + z2 / 4 / nn) / nn);
    b.observed = phat;
    b.lower = (centre - half) / (1 + z2 / nn);
    b.upper = (centre + half) / (1 + z2 / nn);
    if (events == 1)
        b.lower = -std::log(1 - alpha) / nn;
    if (events + 1 == n)
        b.upper = 1 + std::log(1 - alpha) / nn;
    return b;
}

std::vector<CalibrationBin> calibrationCurve(const Eigen::VectorXd& p, const Eigen::VectorXd& y01,
                                             int groups, double level) {
    requireProbabilities(p, y01, "calibrationCurve");
    if (groups < 1 || groups > p.size())
        throw Error("calibrationCurve: " + std::to_string(groups) + " groups for " +
                    std::to_string(p.size()) + " rows (need 1 to the number of rows)");
    if (!(level > 0 && level < 1))
        throw Error("calibrationCurve: confidence level " + std::to_string(level) +
                    " is not in (0, 1)");
    std::vector<Eigen::Index> order(static_cast<std::size_t>(p.size()));
    std::iota(order.begin(), order.end(), Eigen::Index{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](Eigen::Index i, Eigen::Index j) { return p(i) < p(j); });
    const auto g = static_cast<std::size_t>(groups), n = order.size();
    std::vector<std::size_t> count(g, 0), events(g, 0);
    std::vector<double> sum(g, 0);
    for (std::size_t r = 0; r < n; ++r) {
        const std::size_t k = g * r / n; // floor(g·r / n), dplyr::ntile
        ++count[k];
        sum[k] += p(order[r]);
        events[k] += y01(order[r]) == 1 ? 1 : 0;
    }
    std::vector<CalibrationBin> out;
    for (std::size_t k = 0; k < g; ++k) {
        CalibrationBin b = wilsonInterval(events[k], count[k], level);
        b.meanPredicted = sum[k] / static_cast<double>(count[k]);
        out.push_back(b);
    }
    return out;
}

} // namespace rgw::stats
