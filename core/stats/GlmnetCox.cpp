// Cox elastic-net path, glmnet's coxnet (Simon, Friedman, Hastie, Tibshirani
// 2011, "Regularization paths for Cox's proportional hazards model via
// coordinate descent", J Stat Softw 39(5)): Newton steps on the Breslow
// partial likelihood with the diagonal of the Hessian as IRLS weights, each
// weighted least-squares problem solved by coordinate descent.

#include "stats/GlmnetCommon.h"
#include "util/Error.h"

#include <cmath>
#include <limits>

namespace rgw::stats {

using namespace glmnet_detail;
using Eigen::Index;

namespace {

/// The IRLS weights vanished (glmnet's jerr -30000): the path stops there.
struct CoxWeightsVanished {};

void checkSurvival(const Eigen::VectorXd& time, const Eigen::VectorXd& event) {
    if (event.size() != time.size())
        throw Error("Cox glmnet: " + std::to_string(time.size()) + " times but " +
                    std::to_string(event.size()) + " event indicators");
    for (Index i = 0; i < time.size(); ++i) {
        if (!(time(i) > 0.0) || !std::isfinite(time(i)))
            throw Error("Cox glmnet: the time of row " + std::to_string(i + 1) + " is " +
                        std::to_string(time(i)) + "; times must be positive and finite");
        if (event(i) != 0.0 && event(i) != 1.0)
            throw Error("Cox glmnet: the event indicator of row " + std::to_string(i + 1) + " is " +
                        std::to_string(event(i)) + "; it must be 0 or 1");
    }
}

/// Gradient and Hessian diagonal of the Breslow partial likelihood in eta
/// (glmnet's outer): with b_i = sum_{k: t_k <= t_i} D_k / U_k and
/// c_i = sum D_k / U_k^2, U_k = sum_{R_k} e_j, e = w exp(eta):
/// weights v_i = e_i (b_i - e_i c_i), residual r_i = d_i w_i - e_i b_i.
void coxWorkingResponse(const RiskSets& risk, const Eigen::VectorXd& e, Eigen::VectorXd& v,
                        Eigen::VectorXd& r) {
    const std::size_t groups = risk.groupEnd.size();
    Eigen::VectorXd atRisk(static_cast<Index>(groups));
    double sum = 0.0;
    for (std::size_t k = groups; k-- > 0;) {
        const std::size_t begin = k == 0 ? 0 : risk.groupEnd[k - 1];
        for (std::size_t pos = risk.groupEnd[k]; pos-- > begin;)
            sum += e(risk.order[pos]);
        atRisk(static_cast<Index>(k)) = sum;
    }
    double b = 0.0, c = 0.0;
    for (std::size_t k = 0; k < groups; ++k) {
        const double dk = risk.deaths(static_cast<Index>(k));
        const double uk = atRisk(static_cast<Index>(k));
        b += dk / uk;
        c += dk / (uk * uk);
        const std::size_t begin = k == 0 ? 0 : risk.groupEnd[k - 1];
        for (std::size_t pos = begin; pos < risk.groupEnd[k]; ++pos) {
            const Index i = risk.order[pos];
            v(i) = e(i) * (b - e(i) * c);
            if (v(i) <= 0.0)
                throw CoxWeightsVanished{};
            r(i) = risk.eventWeight(i) - e(i) * b;
        }
    }
}

/// glmnet's Cox path stop (default sequence, after mnlam steps): the
/// deviance ratio gained over the last mnlam - 1 steps, relative, below
/// 100 fdev, or the ratio above devmax * 0.99 / 0.999 (coxnet's Fortran
/// literals are single precision: 0.99 as a float).
bool coxPathEnds(const std::vector<double>& dev, const LambdaSchedule& schedule) {
    const std::size_t fitted = dev.size();
    const auto minSteps = static_cast<std::size_t>(std::min(kMinLambdas, schedule.steps()));
    if (fitted < minSteps || schedule.userSupplied())
        return false;
    const double now = dev.back();
    const double before = dev[fitted - minSteps];
    return (now - before) / now < 100.0 * kFractionDevianceChange ||
           now > static_cast<double>(0.999F) * static_cast<double>(0.99F) /
                     static_cast<double>(0.999F);
}

} // namespace

GlmnetPath fitGlmnetCox(const Eigen::MatrixXd& x, const Eigen::VectorXd& time,
                        const Eigen::VectorXd& event01, const GlmnetOptions& options) {
    const std::string family = "Cox glmnet";
    checkDesign(x, time.size(), family);
    checkOptions(options, x.cols(), family);
    checkSurvival(time, event01);

    const Index n = x.rows(), p = x.cols();
    const Design design = standardizeDesign(x, options.standardize);
    const Eigen::VectorXd vp = normalizedPenalty(options, p);
    const Eigen::VectorXd q = Eigen::VectorXd::Constant(n, 1.0 / static_cast<double>(n));
    // glmnet's tie-break: a censored time just after an equal event time.
    const Eigen::VectorXd tieBroken =
        (time.array() + (1.0 - event01.array()) * 100.0 * std::numeric_limits<double>::epsilon())
            .matrix();
    const RiskSets risk(tieBroken, event01, q);
    if (risk.order.size() <= 2)
        throw Error("Cox glmnet: fewer than 3 rows are at risk at the first event time");

    Eigen::VectorXd f = Eigen::VectorXd::Zero(n), e = q;
    const double nullLogLik = risk.logLikelihood(f, q);
    const double nullDev = -(risk.saturated() + nullLogLik); // half the null deviance / n
    const double thr = options.threshold * nullDev;
    Eigen::VectorXd v = Eigen::VectorXd::Zero(n), r = Eigen::VectorXd::Zero(n);
    coxWorkingResponse(risk, e, v, r);

    ActiveSet set(p);
    Eigen::VectorXd absGradient = Eigen::VectorXd::Zero(p);
    updateAbsGradient(absGradient, design.x, r, set, design);
    Eigen::VectorXd beta = Eigen::VectorXd::Zero(p), xv = Eigen::VectorXd::Zero(p), saved(p);

    LambdaSchedule schedule(options, n, p, true);
    PassBudget budget{0, options.maxIterations};
    PathPoints points;
    bool converged = true;
    for (int m = 0; m < schedule.steps(); ++m) {
        schedule.advance(m, absGradient, design, vp);
        const double l1 = options.alpha * schedule.current();
        const double l2 = (1.0 - options.alpha) * schedule.current();
        set.addStrong(absGradient, schedule.strongThreshold(), vp, design);
        try {
            for (;;) { // Newton / IRLS
                if (budget.used > budget.max)
                    throw PassBudgetExhausted{};
                saved = beta;
                for (Index j = 0; j < p; ++j)
                    if (set.strong[static_cast<std::size_t>(j)])
                        xv(j) = (v.array() * design.x.col(j).array().square()).sum();
                double noIntercept = 0.0;
                solveWls({design.x, v, 0.0, r, xv, vp, l1, l2, thr, false}, noIntercept, beta, set,
                         budget);
                f.setZero();
                for (Index k : set.members)
                    f += beta(k) * design.x.col(k);
                for (Index i = 0; i < n; ++i)
                    e(i) = q(i) * cappedExp(f(i));
                coxWorkingResponse(risk, e, v, r);
                bool moved = false;
                for (std::size_t k = 0; k < set.members.size() && !moved; ++k) {
                    const Index j = set.members[k];
                    const double d = beta(j) - saved(j);
                    moved = xv(j) * d * d >= thr;
                }
                if (moved)
                    continue;
                updateAbsGradient(absGradient, design.x, r, set, design);
                if (!set.addStrong(absGradient, l1, vp, design)) // KKT conditions hold
                    break;
            }
        } catch (const PassBudgetExhausted&) {
            converged = false;
            break;
        } catch (const CoxWeightsVanished&) {
            converged = false;
            break;
        }
        const double devRatio = (risk.logLikelihood(f, q) - nullLogLik) / nullDev;
        points.add(schedule.current(), devRatio, beta, 0.0);
        if (coxPathEnds(points.devianceRatio, schedule))
            break;
    }
    return assemblePath(points, design, schedule, 2.0 * static_cast<double>(n) * nullDev, converged,
                        false);
}

} // namespace rgw::stats
