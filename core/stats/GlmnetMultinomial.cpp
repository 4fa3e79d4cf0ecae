// Multinomial elastic-net path, glmnet's lognet multi-class algorithm with
// type.multinomial = "ungrouped" (Friedman, Hastie, Tibshirani 2010,
// section 4): per class, a partial Newton step (the other classes fixed)
// solved by coordinate descent; after each sweep over the classes the
// coefficients of each feature are re-centred over the classes by the value
// that minimises the penalty (glmnet's elc), which leaves the probabilities
// unchanged.

#include "stats/GlmnetCommon.h"
#include "util/Error.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace rgw::stats {

using namespace glmnet_detail;
using Eigen::Index;

namespace {

/// The shift s minimising sum_c ((1 - alpha) / 2 (a_c - s)^2 + alpha |a_c - s|)
/// (glmnet's elc): the mean for alpha 0 or two classes, the median for
/// alpha 1 (even count: mean of the middle two, as glmnet).
double penaltyCentre(double alpha, const Eigen::VectorXd& a) {
    const Index n = a.size();
    const double mean = a.mean();
    if (alpha == 0.0 || n == 2)
        return mean;
    std::vector<double> s(a.data(), a.data() + n);
    std::sort(s.begin(), s.end());
    const auto h = static_cast<std::size_t>(n / 2);
    if (s.front() == s.back())
        return a(0);
    if (alpha == 1.0)
        return n % 2 == 1 ? s[h] : 0.5 * (s[h] + s[h - 1]);
    // Smooth pieces: with m values below s, s = mean + r (n - 2m).
    const double r = alpha / ((1.0 - alpha) * static_cast<double>(n));
    for (Index m = 0; m <= n; ++m) {
        const double candidate = mean + r * static_cast<double>(n - 2 * m);
        const double lo =
            m == 0 ? -std::numeric_limits<double>::infinity() : s[static_cast<std::size_t>(m - 1)];
        const double hi =
            m == n ? std::numeric_limits<double>::infinity() : s[static_cast<std::size_t>(m)];
        if (candidate > lo && candidate < hi)
            return candidate;
    }
    // Otherwise at a kink: the value with the least objective.
    auto objective = [&](double c) {
        return (1.0 - alpha) / 2.0 * (a.array() - c).square().sum() +
               alpha * (a.array() - c).abs().sum();
    };
    double best = s[0];
    for (double c : s)
        if (objective(c) < objective(best))
            best = c;
    return best;
}

void checkClasses(const std::vector<int>& classOf, int classCount) {
    if (classCount < 2)
        throw Error("multinomial glmnet: classCount must be at least 2, got " +
                    std::to_string(classCount));
    std::vector<int> count(static_cast<std::size_t>(classCount), 0);
    for (std::size_t i = 0; i < classOf.size(); ++i) {
        if (classOf[i] < 0 || classOf[i] >= classCount)
            throw Error("multinomial glmnet: the class of row " + std::to_string(i + 1) + " is " +
                        std::to_string(classOf[i]) + "; it must be in 0.." +
                        std::to_string(classCount - 1));
        ++count[static_cast<std::size_t>(classOf[i])];
    }
    for (int c = 0; c < classCount; ++c)
        if (count[static_cast<std::size_t>(c)] < 2)
            throw Error("multinomial glmnet: class " + std::to_string(c) + " has " +
                        std::to_string(count[static_cast<std::size_t>(c)]) +
                        " rows; every class needs at least 2");
}

/// The fitted coefficients of every class at each lambda (standardised).
struct MultinomialPoints {
    std::vector<double> lambda, devianceRatio;
    std::vector<std::vector<Eigen::VectorXd>> beta; ///< [step][class]
    std::vector<Eigen::VectorXd> intercept;         ///< [step], K
};

GlmnetPath assembleMultinomial(const MultinomialPoints& pts, const Design& design,
                               const LambdaSchedule& schedule, double nullDeviance, bool converged,
                               int classes) {
    GlmnetPath path;
    const auto steps = static_cast<Index>(pts.lambda.size());
    const Index p = design.x.cols();
    path.lambda = schedule.reported(pts.lambda);
    path.classBeta.assign(static_cast<std::size_t>(classes), Eigen::MatrixXd::Zero(p, steps));
    path.classIntercept = Eigen::MatrixXd::Zero(classes, steps);
    for (Index m = 0; m < steps; ++m) {
        const auto k = static_cast<std::size_t>(m);
        std::vector<char> nonZero(static_cast<std::size_t>(p), 0);
        for (int c = 0; c < classes; ++c) {
            const auto ck = static_cast<std::size_t>(c);
            double b0 = pts.intercept[k](c);
            path.classBeta[ck].col(m) = originalScale(pts.beta[k][ck], design, b0);
            path.classIntercept(c, m) = b0;
            for (Index j = 0; j < p; ++j)
                nonZero[static_cast<std::size_t>(j)] |= path.classBeta[ck](j, m) != 0.0 ? 1 : 0;
        }
        // Intercepts centred over the classes (R's getcoef.multinomial).
        path.classIntercept.col(m).array() -= path.classIntercept.col(m).mean();
        path.df.push_back(static_cast<int>(std::count(nonZero.begin(), nonZero.end(), 1)));
    }
    path.devianceRatio = pts.devianceRatio;
    path.nullDeviance = nullDeviance;
    path.converged = converged;
    return path;
}

} // namespace

GlmnetPath fitGlmnetMultinomial(const Eigen::MatrixXd& x, const std::vector<int>& classOf,
                                int classCount, const GlmnetOptions& options) {
    const std::string family = "multinomial glmnet";
    checkDesign(x, static_cast<Index>(classOf.size()), family);
    checkOptions(options, x.cols(), family);
    checkClasses(classOf, classCount);

    const Index n = x.rows(), p = x.cols(), nc = classCount;
    const auto ncs = static_cast<std::size_t>(nc);
    const Design design = standardizeDesign(x, options.standardize);
    const Eigen::VectorXd vp = normalizedPenalty(options, p);
    const double w = 1.0 / static_cast<double>(n);
    const double pmin = kMinProbability;
    const double pLow = (1.0 + pmin) * pmin, pHigh = (1.0 - pmin) * (1.0 - pmin);
    const double vMin = (1.0 + pmin) * pmin * (1.0 - pmin);
    const double eMin = pmin / (1.0 - pmin), eMax = 1.0 / eMin;

    Eigen::MatrixXd y = Eigen::MatrixXd::Zero(n, nc);
    for (Index i = 0; i < n; ++i)
        y(i, classOf[static_cast<std::size_t>(i)]) = 1.0;
    // Null model: intercepts log(class share), centred; q = exp(eta), sxp = sum q.
    Eigen::VectorXd b0(nc);
    double nullDev = 0.0; // -sum_c share_c log share_c
    for (Index c = 0; c < nc; ++c) {
        const double share = w * y.col(c).sum();
        b0(c) = std::log(share);
        nullDev -= share * b0(c);
    }
    b0.array() -= b0.mean();
    Eigen::MatrixXd q(n, nc);
    for (Index c = 0; c < nc; ++c)
        q.col(c).setConstant(std::exp(b0(c)));
    Eigen::VectorXd sxp = q.rowwise().sum();
    const double thr = options.threshold * nullDev;

    ActiveSet set(p);
    Eigen::VectorXd absGradient = Eigen::VectorXd::Zero(p), r(n), v(n), eta(n), shift(n);
    // |gradient| of a feature: the largest over the classes.
    auto updateGradient = [&] {
        Eigen::VectorXd classGradient = Eigen::VectorXd::Zero(p);
        for (Index j = 0; j < p; ++j)
            if (!set.strong[static_cast<std::size_t>(j)])
                absGradient(j) = 0.0;
        for (Index c = 0; c < nc; ++c) {
            r = (w * (y.col(c).array() - q.col(c).array() / sxp.array())).matrix();
            updateAbsGradient(classGradient, design.x, r, set, design);
            absGradient = absGradient.cwiseMax(classGradient);
        }
    };
    updateGradient();
    std::vector<Eigen::VectorXd> beta(ncs, Eigen::VectorXd::Zero(p)), xv = beta, saved = beta;
    Eigen::VectorXd savedB0(nc), across(nc);

    LambdaSchedule schedule(options, n, p);
    PassBudget budget{0, options.maxIterations};
    MultinomialPoints points;
    bool converged = true;
    for (int m = 0; m < schedule.steps(); ++m) {
        schedule.advance(m, absGradient, design, vp);
        const double l1 = options.alpha * schedule.current();
        const double l2 = (1.0 - options.alpha) * schedule.current();
        set.addStrong(absGradient, schedule.strongThreshold(), vp, design);
        bool saturated = false;
        try {
            for (;;) {
                if (budget.used > budget.max)
                    throw PassBudgetExhausted{};
                bool moved = false, anyClass = false;
                for (Index c = 0; c < nc; ++c) { // partial Newton step of class c
                    const auto ck = static_cast<std::size_t>(c);
                    savedB0(c) = b0(c);
                    saved[ck] = beta[ck];
                    double vSum = 0.0;
                    for (Index i = 0; i < n; ++i) {
                        double pic = q(i, c) / sxp(i);
                        v(i) = 0.0;
                        if (pic < pLow) {
                            pic = 0.0;
                        } else if (pic > pHigh) {
                            pic = 1.0;
                        } else {
                            v(i) = w * pic * (1.0 - pic);
                            vSum += v(i);
                        }
                        r(i) = w * (y(i, c) - pic);
                    }
                    if (vSum <= vMin)
                        continue; // class saturated: skipped, as glmnet
                    anyClass = true;
                    for (Index j = 0; j < p; ++j)
                        if (set.strong[static_cast<std::size_t>(j)])
                            xv[ck](j) = (v.array() * design.x.col(j).array().square()).sum();
                    solveWls({design.x, v, vSum, r, xv[ck], vp, l1, l2, thr, true}, b0(c), beta[ck],
                             set, budget);
                    if (!moved) {
                        const double d0 = b0(c) - savedB0(c);
                        moved = vSum * d0 * d0 > thr;
                        for (std::size_t k = 0; k < set.members.size() && !moved; ++k) {
                            const Index j = set.members[k];
                            const double d = beta[ck](j) - saved[ck](j);
                            moved = xv[ck](j) * d * d > thr;
                        }
                    }
                    // New exp(eta) of class c, bounded relative to the others.
                    eta.setConstant(b0(c));
                    for (Index k : set.members)
                        eta += beta[ck](k) * design.x.col(k);
                    eta = eta.cwiseMax(-kMaxLinearPredictor).cwiseMin(kMaxLinearPredictor);
                    sxp -= q.col(c);
                    q.col(c) =
                        eta.array().exp().max(eMin * sxp.array()).min(eMax * sxp.array()).matrix();
                    sxp += q.col(c);
                }
                // Re-centre intercepts (mean) and coefficients (elc) over the classes.
                double s = -b0.mean();
                b0.array() += s;
                shift.setConstant(s);
                for (Index l : set.members) {
                    for (Index c = 0; c < nc; ++c)
                        across(c) = beta[static_cast<std::size_t>(c)](l);
                    s = vp(l) <= 0.0 ? across.mean() : penaltyCentre(options.alpha, across);
                    for (Index c = 0; c < nc; ++c)
                        beta[static_cast<std::size_t>(c)](l) -= s;
                    shift -= s * design.x.col(l);
                }
                shift = shift.array().exp().matrix();
                sxp.array() *= shift.array();
                for (Index c = 0; c < nc; ++c)
                    q.col(c).array() *= shift.array();
                if (!anyClass) {
                    saturated = true;
                    break;
                }
                if (moved)
                    continue;
                updateGradient();
                if (!set.addStrong(absGradient, l1, vp, design)) // KKT conditions hold
                    break;
            }
        } catch (const PassBudgetExhausted&) {
            converged = false;
            break;
        }
        // Deviance: -sum_i w_i sum_c y_ic log(p_ic).
        double dev = 0.0;
        for (Index c = 0; c < nc; ++c)
            for (Index i = 0; i < n; ++i)
                if (y(i, c) > 0.0)
                    dev -= w * y(i, c) * std::log(q(i, c) / sxp(i));
        points.lambda.push_back(schedule.current());
        points.devianceRatio.push_back((nullDev - dev) / nullDev);
        points.beta.push_back(beta);
        points.intercept.push_back(b0);
        if (logisticPathEnds(points.devianceRatio, schedule, saturated))
            break;
    }
    return assembleMultinomial(points, design, schedule, 2.0 * static_cast<double>(n) * nullDev,
                               converged, classCount);
}

std::vector<Eigen::MatrixXd> glmnetClassProbabilities(const GlmnetPath& path,
                                                      const Eigen::MatrixXd& x) {
    if (path.classBeta.empty())
        throw Error("glmnet prediction: class probabilities need a multinomial path");
    const auto classes = static_cast<Index>(path.classBeta.size());
    if (x.cols() != path.classBeta[0].rows())
        throw Error("glmnet prediction: x has " + std::to_string(x.cols()) +
                    " columns but the model has " + std::to_string(path.classBeta[0].rows()) +
                    " features");
    std::vector<Eigen::MatrixXd> out;
    for (Index m = 0; m < path.classIntercept.cols(); ++m) {
        Eigen::MatrixXd eta(x.rows(), classes);
        for (Index c = 0; c < classes; ++c)
            eta.col(c) = (x * path.classBeta[static_cast<std::size_t>(c)].col(m)).array() +
                         path.classIntercept(c, m);
        // Softmax p_ic = exp(eta_ic) / sum_c exp(eta_ic), shifted by the row maximum.
        const Eigen::VectorXd top = eta.rowwise().maxCoeff();
        eta = (eta.colwise() - top).array().exp().matrix();
        const Eigen::VectorXd total = eta.rowwise().sum();
        out.push_back(eta.array().colwise() / total.array());
    }
    return out;
}

} // namespace rgw::stats
