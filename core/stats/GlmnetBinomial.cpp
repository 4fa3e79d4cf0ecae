// Logistic elastic-net path, glmnet's lognet two-class Newton algorithm
// (Friedman, Hastie, Tibshirani 2010, section 3): an IRLS outer loop whose
// weighted least-squares problems are solved by coordinate descent.

#include "stats/GlmnetCommon.h"
#include "util/Error.h"

#include <cmath>

namespace rgw::stats {

using namespace glmnet_detail;
using Eigen::Index;

namespace {

/// -sum_i w_i (y_i log p_i + (1 - y_i) log(1 - p_i)) with p clipped to
/// [pmin, 1 - pmin] (glmnet's dev2).
double binomialDeviance(const Eigen::VectorXd& y, const Eigen::VectorXd& q, double w) {
    double s = 0.0;
    for (Index i = 0; i < y.size(); ++i) {
        const double p = std::min(std::max(kMinProbability, q(i)), 1.0 - kMinProbability);
        s -= w * (y(i) * std::log(p) + (1.0 - y(i)) * std::log(1.0 - p));
    }
    return s;
}

void checkBinary(const Eigen::VectorXd& y) {
    Index ones = 0;
    for (Index i = 0; i < y.size(); ++i) {
        if (y(i) != 0.0 && y(i) != 1.0)
            throw Error("binomial glmnet: the response of row " + std::to_string(i + 1) + " is " +
                        std::to_string(y(i)) + "; it must be 0 or 1");
        ones += y(i) == 1.0 ? 1 : 0;
    }
    if (ones < 2 || y.size() - ones < 2)
        throw Error("binomial glmnet: each class needs at least 2 rows (" +
                    std::to_string(y.size() - ones) + " zeros, " + std::to_string(ones) + " ones)");
}

/// State of the two-class IRLS: probabilities q, weights v = w q (1 - q) and
/// the weighted residual r = w (y - q) at the current coefficients.
struct LogisticState {
    Eigen::VectorXd q, v, r, eta;
    double vSum = 0;
};

} // namespace

GlmnetPath fitGlmnetBinomial(const Eigen::MatrixXd& x, const Eigen::VectorXd& y01,
                             const GlmnetOptions& options) {
    const std::string family = "binomial glmnet";
    checkDesign(x, y01.size(), family);
    checkOptions(options, x.cols(), family);
    checkBinary(y01);

    const Index n = x.rows(), p = x.cols();
    const Design design = standardizeDesign(x, options.standardize);
    const Eigen::VectorXd vp = normalizedPenalty(options, p);
    const double w = 1.0 / static_cast<double>(n);
    const double fmax = std::log(1.0 / kMinProbability - 1.0);
    const double vMin = (1.0 + kMinProbability) * kMinProbability * (1.0 - kMinProbability);

    // Null model: intercept logit(ybar), weights ybar (1 - ybar) / n.
    const double q0 = w * y01.sum();
    double b0 = std::log(q0 / (1.0 - q0));
    LogisticState s;
    s.q = Eigen::VectorXd::Constant(n, q0);
    s.v = Eigen::VectorXd::Constant(n, w * q0 * (1.0 - q0));
    s.vSum = q0 * (1.0 - q0);
    s.r = (w * (y01.array() - q0)).matrix();
    s.eta.resize(n);
    const double nullDev = -(b0 * q0 + std::log(1.0 - q0)); // half the null deviance / n
    const double thr = options.threshold * nullDev;

    ActiveSet set(p);
    Eigen::VectorXd absGradient = Eigen::VectorXd::Zero(p);
    updateAbsGradient(absGradient, design.x, s.r, set, design);
    Eigen::VectorXd beta = Eigen::VectorXd::Zero(p), xv = Eigen::VectorXd::Zero(p), saved(p);

    LambdaSchedule schedule(options, n, p);
    PassBudget budget{0, options.maxIterations};
    PathPoints points;
    bool converged = true;
    for (int m = 0; m < schedule.steps(); ++m) {
        schedule.advance(m, absGradient, design, vp);
        const double l1 = options.alpha * schedule.current();
        const double l2 = (1.0 - options.alpha) * schedule.current();
        set.addStrong(absGradient, schedule.strongThreshold(), vp, design);
        bool saturated = false;
        try {
            for (;;) { // IRLS
                if (budget.used > budget.max)
                    throw PassBudgetExhausted{};
                const double savedB0 = b0;
                saved = beta;
                for (Index j = 0; j < p; ++j)
                    if (set.strong[static_cast<std::size_t>(j)])
                        xv(j) = (s.v.array() * design.x.col(j).array().square()).sum();
                solveWls({design.x, s.v, s.vSum, s.r, xv, vp, l1, l2, thr, true}, b0, beta, set,
                         budget);
                // New probabilities (0 or 1 beyond |eta| > logit(1 - pmin)).
                s.eta.setConstant(b0);
                for (Index k : set.members)
                    s.eta += beta(k) * design.x.col(k);
                for (Index i = 0; i < n; ++i)
                    s.q(i) = s.eta(i) < -fmax  ? 0.0
                             : s.eta(i) > fmax ? 1.0
                                               : 1.0 / (1.0 + std::exp(-s.eta(i)));
                s.v = (w * s.q.array() * (1.0 - s.q.array())).matrix();
                s.vSum = s.v.sum();
                if (s.vSum <= vMin) {
                    saturated = true;
                    break;
                }
                s.r = (w * (y01 - s.q).array()).matrix();
                // Converged when no coefficient moved by more than thr (v-weighted).
                const double d0 = b0 - savedB0;
                bool moved = s.vSum * d0 * d0 > thr;
                for (std::size_t k = 0; k < set.members.size() && !moved; ++k) {
                    const Index j = set.members[k];
                    const double d = beta(j) - saved(j);
                    moved = xv(j) * d * d > thr;
                }
                if (moved)
                    continue;
                updateAbsGradient(absGradient, design.x, s.r, set, design);
                if (!set.addStrong(absGradient, l1, vp, design)) // KKT conditions hold
                    break;
            }
        } catch (const PassBudgetExhausted&) {
            converged = false;
            break;
        }
        const double devRatio = (nullDev - binomialDeviance(y01, s.q, w)) / nullDev;
        points.add(schedule.current(), devRatio, beta, b0);
        if (logisticPathEnds(points.devianceRatio, schedule, saturated))
            break;
    }
    return assemblePath(points, design, schedule, 2.0 * static_cast<double>(n) * nullDev, converged,
                        true);
}

Eigen::MatrixXd glmnetLinearPredictor(const GlmnetPath& path, const Eigen::MatrixXd& x) {
    if (!path.classBeta.empty())
        throw Error("glmnet prediction: a multinomial path has class probabilities, not one "
                    "linear predictor");
    if (x.cols() != path.beta.rows())
        throw Error("glmnet prediction: x has " + std::to_string(x.cols()) +
                    " columns but the model has " + std::to_string(path.beta.rows()) + " features");
    Eigen::MatrixXd eta = x * path.beta; // a0 + x b per lambda
    if (path.intercept.size() == eta.cols())
        eta.rowwise() += path.intercept.transpose();
    return eta;
}

} // namespace rgw::stats
