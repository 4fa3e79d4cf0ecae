#include "stats/GlmnetCommon.h"

#include "util/Error.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <sstream>

namespace rgw::stats::glmnet_detail {

using Eigen::Index;

namespace {

std::string number(double v) {
    std::ostringstream os;
    os << v;
    return os.str();
}

/// One coordinate's exact minimiser: soft-threshold of u = g_j + b_j xv_j at
/// vp_j l1, shrunk by vp_j l2 (Friedman, Hastie, Tibshirani 2010, eq. 5).
double coordinateUpdate(double old, double gradient, double xv, double vp, double l1, double l2) {
    const double u = gradient + old * xv;
    const double excess = std::abs(u) - vp * l1;
    const double denominator = xv + vp * l2;
    if (excess <= 0.0 || denominator <= 0.0)
        return 0.0;
    return std::copysign(excess, u) / denominator;
}

/// One cycle over the strong set (or the active set) and the intercept;
/// returns glmnet's dlx = max v_j (delta b_j)^2.
double cdPass(const WlsProblem& p, double& b0, Eigen::Ref<Eigen::VectorXd> beta, ActiveSet& set,
              bool activeOnly) {
    double dlx = 0.0;
    auto visit = [&](Index j) {
        const double old = beta(j);
        const double gradient = p.r.dot(p.x.col(j));
        const double updated = coordinateUpdate(old, gradient, p.xv(j), p.penalty(j), p.l1, p.l2);
        if (updated == old)
            return;
        if (!set.active[static_cast<std::size_t>(j)]) {
            set.active[static_cast<std::size_t>(j)] = 1;
            set.members.push_back(j);
        }
        const double delta = updated - old;
        beta(j) = updated;
        dlx = std::max(dlx, p.xv(j) * delta * delta);
        p.r.array() -= delta * p.v.array() * p.x.col(j).array();
    };
    if (activeOnly) {
        for (std::size_t k = 0; k < set.members.size(); ++k)
            visit(set.members[k]);
    } else {
        for (Index j = 0; j < p.x.cols(); ++j)
            if (set.strong[static_cast<std::size_t>(j)])
                visit(j);
    }
    if (p.intercept && p.vSum > 0.0) {
        const double delta = p.r.sum() / p.vSum;
        if (delta != 0.0) {
            b0 += delta;
            dlx = std::max(dlx, p.vSum * delta * delta);
            p.r -= delta * p.v;
        }
    }
    return dlx;
}

} // namespace

void checkDesign(const Eigen::MatrixXd& x, Index responseRows, const std::string& family) {
    if (x.rows() < 2 || x.cols() < 1)
        throw Error(family + ": x needs at least 2 rows and 1 column, got " +
                    std::to_string(x.rows()) + " × " + std::to_string(x.cols()));
    if (responseRows != x.rows())
        throw Error(family + ": the response has " + std::to_string(responseRows) +
                    " rows but x has " + std::to_string(x.rows()));
    for (Index j = 0; j < x.cols(); ++j)
        for (Index i = 0; i < x.rows(); ++i)
            if (!std::isfinite(x(i, j)))
                throw Error(family + ": x row " + std::to_string(i + 1) + ", column " +
                            std::to_string(j + 1) + " is not a finite number (impute or drop it)");
}

void checkOptions(const GlmnetOptions& o, Index p, const std::string& family) {
    if (!(o.alpha >= 0.0 && o.alpha <= 1.0))
        throw Error(family + ": alpha must be in [0, 1], got " + number(o.alpha));
    if (!(o.threshold > 0.0) || !std::isfinite(o.threshold))
        throw Error(family + ": the convergence threshold must be positive, got " +
                    number(o.threshold));
    if (o.maxIterations < 1)
        throw Error(family + ": maxIterations must be at least 1");
    if (o.lambda.empty()) {
        if (o.nlambda < 2)
            throw Error(family + ": nlambda must be at least 2, got " + std::to_string(o.nlambda));
        if (o.lambdaMinRatio >= 1.0 || std::isnan(o.lambdaMinRatio))
            throw Error(family + ": lambdaMinRatio must be less than 1, got " +
                        number(o.lambdaMinRatio));
    }
    for (double l : o.lambda)
        if (!(l >= 0.0) || !std::isfinite(l))
            throw Error(family + ": lambdas must be finite and non-negative, got " + number(l));
    if (!o.penaltyFactor.empty()) {
        if (static_cast<Index>(o.penaltyFactor.size()) != p)
            throw Error(family + ": penaltyFactor has " + std::to_string(o.penaltyFactor.size()) +
                        " values for " + std::to_string(p) + " features");
        double largest = 0.0;
        for (double v : o.penaltyFactor) {
            if (!std::isfinite(v) || v < 0.0)
                throw Error(family + ": penalty factors must be finite and non-negative, got " +
                            number(v));
            largest = std::max(largest, v);
        }
        if (largest <= 0.0)
            throw Error(family + ": at least one penalty factor must be positive");
    }
}

Design standardizeDesign(const Eigen::MatrixXd& x, bool standardize) {
    Design d;
    const Index n = x.rows(), p = x.cols();
    const double w = 1.0 / static_cast<double>(n);
    d.x = x;
    d.mean = Eigen::VectorXd::Zero(p);
    d.scale = Eigen::VectorXd::Ones(p);
    d.included.assign(static_cast<std::size_t>(p), 0);
    for (Index j = 0; j < p; ++j) {
        auto col = d.x.col(j);
        const bool constant = (col.array() == col(0)).all();
        d.included[static_cast<std::size_t>(j)] = constant ? 0 : 1;
        if (constant)
            continue;
        // x_j - sum_i w_i x_ij; then / sqrt(sum_i w_i x_ij^2) (glmnet's lstandard1).
        d.mean(j) = w * col.sum();
        col.array() -= d.mean(j);
        if (standardize) {
            d.scale(j) = std::sqrt(w * col.squaredNorm());
            col /= d.scale(j);
        }
    }
    return d;
}

Eigen::VectorXd normalizedPenalty(const GlmnetOptions& options, Index p) {
    Eigen::VectorXd vp = Eigen::VectorXd::Ones(p);
    if (!options.penaltyFactor.empty())
        for (Index j = 0; j < p; ++j)
            vp(j) = std::max(0.0, options.penaltyFactor[static_cast<std::size_t>(j)]);
    return vp * (static_cast<double>(p) / vp.sum()); // vp * p / sum(vp) (glmnet)
}

LambdaSchedule::LambdaSchedule(const GlmnetOptions& o, Index n, Index p,
                               bool singlePrecisionExponent)
    : alpha_(o.alpha) {
    if (!o.lambda.empty()) {
        user_ = o.lambda;
        std::sort(user_.begin(), user_.end(), std::greater<>());
        steps_ = static_cast<int>(user_.size());
        return;
    }
    steps_ = o.nlambda;
    const double flmin = o.lambdaMinRatio < 0.0 ? (n < p ? 0.01 : 1e-4) : o.lambdaMinRatio;
    // alf = max(flmin, eps)^(1 / (nlam - 1)) (glmnet).
    double exponent = 1.0 / (static_cast<double>(steps_) - 1.0);
    if (singlePrecisionExponent)
        exponent = static_cast<double>(1.0F / static_cast<float>(steps_ - 1));
    ratio_ = std::pow(std::max(kMinLambdaRatio, flmin), exponent);
}

void LambdaSchedule::advance(int m, const Eigen::VectorXd& absGradient, const Design& design,
                             const Eigen::VectorXd& penalty) {
    previous_ = current_;
    if (!user_.empty()) {
        current_ = user_[static_cast<std::size_t>(m)];
    } else if (m > 1) {
        current_ *= ratio_;
    } else if (m == 0) {
        current_ = kBigLambda;
    } else {
        // lambda_max = max_j |x_j' r| / vp_j / max(alpha, 1e-3) at the null fit.
        double largest = 0.0;
        for (Index j = 0; j < absGradient.size(); ++j)
            if (design.included[static_cast<std::size_t>(j)] && penalty(j) > 0.0)
                largest = std::max(largest, absGradient(j) / penalty(j));
        previous_ = largest / std::max(alpha_, 1e-3);
        current_ = previous_ * ratio_;
    }
}

std::vector<double> LambdaSchedule::reported(const std::vector<double>& fitted) const {
    std::vector<double> out = fitted;
    if (user_.empty() && out.size() > 2) // fix.lam
        out[0] = std::exp(2.0 * std::log(out[1]) - std::log(out[2]));
    return out;
}

bool ActiveSet::addStrong(const Eigen::VectorXd& absGradient, double threshold,
                          const Eigen::VectorXd& penalty, const Design& design) {
    bool added = false;
    for (Index j = 0; j < absGradient.size(); ++j) {
        const auto k = static_cast<std::size_t>(j);
        if (strong[k] || !design.included[k])
            continue;
        if (absGradient(j) > threshold * penalty(j)) {
            strong[k] = 1;
            added = true;
        }
    }
    return added;
}

void solveWls(const WlsProblem& problem, double& b0, Eigen::Ref<Eigen::VectorXd> beta,
              ActiveSet& set, PassBudget& budget) {
    // Strong-set pass; when it moved something, cycle the active set to
    // convergence and repeat (glmnet's wls loop).
    for (;;) {
        ++budget.used;
        if (cdPass(problem, b0, beta, set, false) < problem.threshold)
            return;
        if (budget.used > budget.max)
            throw PassBudgetExhausted{};
        for (;;) {
            ++budget.used;
            if (cdPass(problem, b0, beta, set, true) < problem.threshold)
                break;
            if (budget.used > budget.max)
                throw PassBudgetExhausted{};
        }
    }
}

void updateAbsGradient(Eigen::VectorXd& absGradient, const Eigen::MatrixXd& x,
                       const Eigen::VectorXd& r, const ActiveSet& set, const Design& design) {
    for (Index j = 0; j < x.cols(); ++j) {
        const auto k = static_cast<std::size_t>(j);
        if (!set.strong[k] && design.included[k])
            absGradient(j) = std::abs(r.dot(x.col(j)));
    }
}

RiskSets::RiskSets(const Eigen::VectorXd& time, const Eigen::VectorXd& event,
                   const Eigen::VectorXd& weight) {
    const Index n = time.size();
    eventWeight = (event.array() * weight.array()).matrix();
    std::vector<Index> rows;
    double firstEvent = std::numeric_limits<double>::infinity();
    for (Index i = 0; i < n; ++i) {
        if (weight(i) <= 0.0)
            continue;
        rows.push_back(i);
        if (event(i) > 0.0)
            firstEvent = std::min(firstEvent, time(i));
    }
    if (!std::isfinite(firstEvent))
        throw Error("Cox model: there is no event (status 1) among the rows");
    std::stable_sort(rows.begin(), rows.end(), [&](Index a, Index b) { return time(a) < time(b); });
    for (Index i : rows)
        if (time(i) >= firstEvent)
            order.push_back(i);
    // Group k: rows with time in [t_k, t_k+1), t_k the distinct event times
    // (by value: a censored time equal to t_k is at risk at t_k).
    std::vector<double> eventTimes;
    for (Index i : order)
        if (event(i) > 0.0 && (eventTimes.empty() || time(i) > eventTimes.back()))
            eventTimes.push_back(time(i));
    std::vector<double> deathsOf;
    std::size_t group = 0;
    double groupDeaths = 0.0;
    for (std::size_t pos = 0; pos < order.size(); ++pos) {
        const Index i = order[pos];
        while (group + 1 < eventTimes.size() && time(i) >= eventTimes[group + 1]) {
            groupEnd.push_back(pos);
            deathsOf.push_back(groupDeaths);
            groupDeaths = 0.0;
            ++group;
        }
        groupDeaths += eventWeight(i);
    }
    groupEnd.push_back(order.size());
    deathsOf.push_back(groupDeaths);
    deaths = Eigen::Map<Eigen::VectorXd>(deathsOf.data(), static_cast<Index>(deathsOf.size()));
}

double RiskSets::logLikelihood(const Eigen::VectorXd& f, const Eigen::VectorXd& weight) const {
    // sum_i d_i w_i f_i - sum_k D_k log sum_{R_k} w_j exp(f_j) (Breslow).
    double ll = 0.0;
    for (Index i : order)
        ll += eventWeight(i) * f(i);
    double atRisk = 0.0;
    for (std::size_t k = groupEnd.size(); k-- > 0;) {
        const std::size_t begin = k == 0 ? 0 : groupEnd[k - 1];
        for (std::size_t pos = groupEnd[k]; pos-- > begin;)
            atRisk += weight(order[pos]) * cappedExp(f(order[pos]));
        ll -= deaths(static_cast<Index>(k)) * std::log(atRisk);
    }
    return ll;
}

double RiskSets::saturated() const {
    double s = 0.0;
    for (Index k = 0; k < deaths.size(); ++k)
        if (deaths(k) > 0.0)
            s += deaths(k) * std::log(deaths(k));
    return s;
}

double cappedExp(double f) {
    static const double fmax = std::log(std::numeric_limits<double>::max() * 0.1);
    return std::exp(std::copysign(std::min(std::abs(f), fmax), f));
}

Eigen::VectorXd originalScale(const Eigen::VectorXd& b, const Design& design, double& b0) {
    Eigen::VectorXd out = Eigen::VectorXd::Zero(b.size());
    for (Index j = 0; j < b.size(); ++j) {
        if (!design.included[static_cast<std::size_t>(j)] || b(j) == 0.0)
            continue;
        out(j) = b(j) / design.scale(j);
        b0 -= out(j) * design.mean(j); // a0 - sum_j b_j xbar_j
    }
    return out;
}

GlmnetPath assemblePath(const PathPoints& points, const Design& design,
                        const LambdaSchedule& schedule, double nullDeviance, bool converged,
                        bool hasIntercept) {
    GlmnetPath path;
    const auto steps = static_cast<Index>(points.lambda.size());
    const Index p = design.x.cols();
    path.lambda = schedule.reported(points.lambda);
    path.beta = Eigen::MatrixXd::Zero(p, steps);
    path.intercept = Eigen::VectorXd::Zero(steps);
    for (Index m = 0; m < steps; ++m) {
        const auto k = static_cast<std::size_t>(m);
        double b0 = points.intercept[k];
        path.beta.col(m) = originalScale(points.beta[k], design, b0);
        path.intercept(m) = hasIntercept ? b0 : 0.0;
        path.df.push_back(static_cast<int>((path.beta.col(m).array() != 0.0).count()));
    }
    path.devianceRatio = points.devianceRatio;
    path.nullDeviance = nullDeviance;
    path.converged = converged;
    return path;
}

bool logisticPathEnds(const std::vector<double>& devianceRatio, const LambdaSchedule& schedule,
                      bool saturated) {
    const std::size_t fitted = devianceRatio.size();
    const auto minSteps = static_cast<std::size_t>(std::min(kMinLambdas, schedule.steps()));
    if (fitted < minSteps || schedule.userSupplied())
        return false;
    const double now = devianceRatio.back();
    const double before = fitted > 1 ? devianceRatio[fitted - 2] : 0.0;
    return now - before < kFractionDevianceChange || now > kDevianceMax || saturated;
}

} // namespace rgw::stats::glmnet_detail
