#include "stats/CoxRegression.h"

#include "util/Error.h"

#include <Eigen/Cholesky>
#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>

namespace rgw::stats {

namespace {

constexpr const char* kWhat = "Cox regression";

void validate(const Eigen::MatrixXd& x, const Eigen::VectorXd& time, const Eigen::VectorXd& event,
              const std::vector<std::string>& names) {
    if (time.size() != x.rows() || event.size() != x.rows())
        throw Error(std::string(kWhat) + ": " + std::to_string(time.size()) + " times and " +
                    std::to_string(event.size()) + " event indicators for " +
                    std::to_string(x.rows()) + " rows of predictors");
    requireFinitePredictors(x, names, kWhat);
    for (Eigen::Index i = 0; i < time.size(); ++i) {
        const std::string row = " row " + std::to_string(i + 1);
        if (!(std::isfinite(time(i)) && time(i) > 0.0))
            throw Error(std::string(kWhat) + ": time" + row + " is " + std::to_string(time(i)) +
                        "; times must be finite and positive");
        if (!(event(i) == 0.0 || event(i) == 1.0))
            throw Error(std::string(kWhat) + ": event" + row + " is " + std::to_string(event(i)) +
                        ", not 1 (event) or 0 (censored)");
    }
    if (event.sum() == 0.0)
        throw Error(std::string(kWhat) + ": no events, every subject is censored");
    requireFullRank(x, names, kWhat);
}

// The subjects sorted by decreasing time, covariates centred by `means`, and the
// blocks of equal time: risk sets R(t) = {i : tᵢ ≥ t} grow block by block.
struct Sample {
    Eigen::MatrixXd x;
    Eigen::VectorXd event;
    std::vector<double> blockTime;
    std::vector<Eigen::Index> blockEnd; ///< block b is [blockEnd[b-1], blockEnd[b])
};

Sample sortedSample(const Eigen::MatrixXd& x, const Eigen::VectorXd& time,
                    const Eigen::VectorXd& event, const Eigen::VectorXd& means) {
    std::vector<Eigen::Index> order(static_cast<std::size_t>(x.rows()));
    std::iota(order.begin(), order.end(), Eigen::Index{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](Eigen::Index a, Eigen::Index b) { return time(a) > time(b); });
    Sample s;
    s.x.resize(x.rows(), x.cols());
    s.event.resize(x.rows());
    for (Eigen::Index r = 0; r < x.rows(); ++r) {
        const Eigen::Index i = order[static_cast<std::size_t>(r)];
        s.x.row(r) = x.row(i) - means.transpose();
        s.event(r) = event(i);
        if (r == 0 || time(i) != s.blockTime.back()) {
            if (r > 0)
                s.blockEnd.push_back(r);
            s.blockTime.push_back(time(i));
        }
    }
    s.blockEnd.push_back(x.rows());
    return s;
}

// coxph's centring: column means, except 0 for a column whose values all lie in
// {-1, 0, 1} (coxph's default nocenter = c(-1, 0, 1), e.g. 0/1 indicators).
Eigen::VectorXd centringMeans(const Eigen::MatrixXd& x) {
    Eigen::VectorXd means = x.colwise().mean().transpose();
    for (Eigen::Index j = 0; j < x.cols(); ++j)
        if ((x.col(j).array() == 0.0 || x.col(j).array().abs() == 1.0).all())
            means(j) = 0.0;
    return means;
}

struct PartialLikelihood {
    double logLikelihood = 0;
    Eigen::VectorXd score;
    Eigen::MatrixXd information;
};

// Log partial likelihood, score and information at β, accumulating the risk-set
// sums S0 = Σ r, S1 = Σ r x, S2 = Σ r x xᵀ (r = e^{xβ}) from the largest time
// down: O(n p²). For d deaths at t with death sums D0, D1, D2, Breslow (1974)
// uses d copies of (S0, S1, S2), Efron (1977) the k-th copy minus k/d of the deaths'.
PartialLikelihood partialLikelihood(const Sample& s, const Eigen::VectorXd& beta, CoxTies ties) {
    const Eigen::Index p = s.x.cols();
    PartialLikelihood pl{0.0, Eigen::VectorXd::Zero(p), Eigen::MatrixXd::Zero(p, p)};
    const Eigen::VectorXd eta = s.x * beta;
    double s0 = 0.0;
    Eigen::VectorXd s1 = Eigen::VectorXd::Zero(p);
    Eigen::MatrixXd s2 = Eigen::MatrixXd::Zero(p, p);
    Eigen::Index begin = 0;
    for (const Eigen::Index end : s.blockEnd) {
        double deaths = 0.0, d0 = 0.0;
        Eigen::VectorXd d1 = Eigen::VectorXd::Zero(p);
        Eigen::MatrixXd d2 = Eigen::MatrixXd::Zero(p, p);
        for (Eigen::Index i = begin; i < end; ++i) {
            const double r = std::exp(eta(i));
            const auto xi = s.x.row(i).transpose();
            s0 += r;
            s1 += r * xi;
            s2.selfadjointView<Eigen::Lower>().rankUpdate(xi, r);
            if (s.event(i) == 1.0) {
                deaths += 1.0;
                d0 += r;
                d1 += r * xi;
                d2.selfadjointView<Eigen::Lower>().rankUpdate(xi, r);
                pl.logLikelihood += eta(i); // Σ_deaths xβ
                pl.score += xi;
            }
        }
        begin = end;
        const int copies = ties == CoxTies::Efron ? static_cast<int>(deaths) : (deaths > 0 ? 1 : 0);
        const double multiplicity = ties == CoxTies::Efron ? 1.0 : deaths;
        for (int k = 0; k < copies; ++k) {
            const double f = ties == CoxTies::Efron ? k / deaths : 0.0;
            const double r0 = s0 - f * d0;
            const Eigen::VectorXd mean = (s1 - f * d1) / r0; // weighted mean of x over the risk set
            pl.logLikelihood -= multiplicity * std::log(r0);
            pl.score -= multiplicity * mean;
            const Eigen::MatrixXd second = (s2 - f * d2) / r0;
            pl.information.triangularView<Eigen::Lower>() +=
                multiplicity * (second - mean * mean.transpose());
        }
    }
    pl.information = pl.information.selfadjointView<Eigen::Lower>();
    return pl;
}

// Newton step I⁻¹U; throws when the information is not positive definite.
Eigen::VectorXd newtonStep(const PartialLikelihood& pl) {
    const Eigen::LDLT<Eigen::MatrixXd> ldlt(pl.information);
    Eigen::VectorXd step = ldlt.solve(pl.score);
    if (ldlt.info() != Eigen::Success || !ldlt.isPositive() || !step.allFinite())
        return Eigen::VectorXd::Constant(pl.score.size(), std::numeric_limits<double>::infinity());
    return step;
}

} // namespace

CoxFit fitCox(const Eigen::MatrixXd& x, const Eigen::VectorXd& time, const Eigen::VectorXd& event,
              const std::vector<std::string>& names, const CoxOptions& options) {
    validate(x, time, event, names);
    if (options.maxIterations < 1 || !(options.tolerance > 0.0))
        throw Error(std::string(kWhat) + ": maxIterations must be positive and tolerance > 0");
    const Eigen::Index p = x.cols();
    CoxFit fit;
    fit.ties = options.ties;
    fit.means = centringMeans(x);
    const Sample sample = sortedSample(x, time, event, fit.means);

    Eigen::VectorXd beta = Eigen::VectorXd::Zero(p);
    PartialLikelihood current = partialLikelihood(sample, beta, options.ties);
    fit.nullLogLikelihood = current.logLikelihood;
    Eigen::VectorXd step = newtonStep(current);
    // Score (log-rank) test U(0)ᵀ I(0)⁻¹ U(0).
    fit.scoreStatistic = step.allFinite() ? current.score.dot(step) : 0.0;

    // Newton–Raphson with step halving when ℓ falls, as coxph's coxfit6.
    bool converged = false, halving = false;
    while (!converged && fit.iterations < options.maxIterations && step.allFinite()) {
        ++fit.iterations;
        const Eigen::VectorXd trial = beta + step;
        const PartialLikelihood next = partialLikelihood(sample, trial, options.ties);
        const double change = std::abs(1.0 - current.logLikelihood / next.logLikelihood);
        converged = !halving && change <= options.tolerance;
        if (!converged && !(next.logLikelihood >= current.logLikelihood)) {
            step /= 2.0;
            halving = true;
            continue;
        }
        halving = false;
        beta = trial;
        current = next;
        step = newtonStep(current);
    }

    // Monotone likelihood: ℓ levels off while β runs to infinity, so the next
    // Newton step still moves some xβ although the gain it promises (the Newton
    // decrement UᵀI⁻¹U) is negligible (coxph warns "coefficient may be infinite").
    const bool singular = !step.allFinite();
    const bool flat =
        !singular && (sample.x * step).cwiseAbs().maxCoeff() > 1e-3 &&
        current.score.dot(step) <= std::sqrt(options.tolerance) * std::abs(current.logLikelihood);
    if (singular && fit.iterations == 0)
        throw Error(std::string(kWhat) + ": the information matrix is singular (" +
                    std::to_string(static_cast<long>(event.sum())) + " events for " +
                    std::to_string(p) + " predictors); the coefficients cannot be estimated");
    if (flat || singular) {
        // The coefficient moving fastest in units of its predictor's spread (along
        // the step, or where the information broke down, the estimate itself).
        const Eigen::VectorXd& direction = singular ? beta : step;
        Eigen::Index worst = 0;
        (direction.cwiseAbs().array() * sample.x.colwise().norm().transpose().array())
            .maxCoeff(&worst);
        throw Error(std::string(kWhat) +
                    ": the partial likelihood keeps increasing as the "
                    "coefficient of '" +
                    names[static_cast<std::size_t>(worst)] +
                    "' runs to infinity (monotone likelihood: e.g. every event in one group); "
                    "its hazard ratio cannot be estimated, remove or regroup that predictor");
    }
    if (!converged)
        throw Error(std::string(kWhat) + ": did not converge in " +
                    std::to_string(options.maxIterations) + " iterations; raise maxIterations");

    const Eigen::LDLT<Eigen::MatrixXd> information(current.information);
    fit.coefficients = waldTable(names, beta, information.solve(Eigen::MatrixXd::Identity(p, p)));
    fit.logLikelihood = current.logLikelihood;
    fit.likelihoodRatio = 2.0 * (fit.logLikelihood - fit.nullLogLikelihood); // 2 (ℓ(β̂) - ℓ(0))
    fit.waldStatistic = beta.dot(current.information * beta);                // β̂ᵀ I(β̂) β̂
    return fit;
}

BaselineHazard baselineHazard(const CoxFit& fit, const Eigen::MatrixXd& x,
                              const Eigen::VectorXd& time, const Eigen::VectorXd& event) {
    validate(x, time, event, fit.coefficients.names);
    if (fit.means.size() != x.cols())
        throw Error(std::string(kWhat) + ": the fit has " + std::to_string(fit.means.size()) +
                    " predictors but the data have " + std::to_string(x.cols()) + " columns");
    const Sample sample = sortedSample(x, time, event, fit.means);
    const Eigen::VectorXd risk = (sample.x * fit.coefficients.estimate).array().exp();
    // Increments from the largest time down with the centred risk e^{(x-x̄)β}; H₀ at
    // x = 0 is the centred hazard times e^{-x̄β} (basehaz's offset).
    const double scale = std::exp(-fit.means.dot(fit.coefficients.estimate));
    std::vector<double> times, increments;
    double s0 = 0.0;
    Eigen::Index begin = 0;
    for (std::size_t b = 0; b < sample.blockEnd.size(); ++b) {
        const Eigen::Index end = sample.blockEnd[b];
        double deaths = 0.0, d0 = 0.0;
        for (Eigen::Index i = begin; i < end; ++i) {
            s0 += risk(i);
            if (sample.event(i) == 1.0) {
                deaths += 1.0;
                d0 += risk(i);
            }
        }
        begin = end;
        if (deaths == 0.0)
            continue;
        double increment = 0.0;
        if (fit.ties == CoxTies::Breslow)
            increment = deaths / s0; // Breslow (1974): d / Σ_risk r
        else
            for (int k = 0; k < static_cast<int>(deaths); ++k)
                increment += 1.0 / (s0 - k / deaths * d0); // Efron: Σ_k 1 / (S0 - k/d D0)
        times.push_back(sample.blockTime[b]);
        increments.push_back(increment * scale);
    }
    BaselineHazard hazard;
    hazard.time.assign(times.rbegin(), times.rend());
    hazard.cumulativeHazard.resize(increments.size());
    double total = 0.0;
    std::transform(increments.rbegin(), increments.rend(), hazard.cumulativeHazard.begin(),
                   [&](double dh) { return total += dh; });
    return hazard;
}

} // namespace rgw::stats
