#include "stats/LogisticRegression.h"

#include "util/Error.h"

#include <Eigen/Cholesky>
#include <cmath>
#include <string>

namespace rgw::stats {

namespace {

constexpr const char* kWhat = "logistic regression";

// μ = 1 / (1 + e^{-η}), the inverse logit.
double inverseLogit(double eta) {
    return 1.0 / (1.0 + std::exp(-eta));
}

// Binary deviance D = -2 Σ [y η - log(1 + e^η)], computed without overflow.
double deviance(const Eigen::VectorXd& eta, const Eigen::VectorXd& y) {
    double loglik = 0.0;
    for (Eigen::Index i = 0; i < eta.size(); ++i)
        loglik += y(i) * eta(i) - (std::max(eta(i), 0.0) + std::log1p(std::exp(-std::abs(eta(i)))));
    return -2.0 * loglik;
}

// Score U = Xᵀ(y - μ) and Fisher information I = Xᵀ W X with W = μ(1 - μ).
struct Derivatives {
    Eigen::VectorXd score;
    Eigen::MatrixXd information;
};

Derivatives derivatives(const Eigen::MatrixXd& design, const Eigen::VectorXd& eta,
                        const Eigen::VectorXd& y) {
    const Eigen::VectorXd mu = eta.unaryExpr(&inverseLogit);
    const Eigen::VectorXd weight = mu.array() * (1.0 - mu.array());
    Derivatives d;
    d.score = design.transpose() * (y - mu);
    d.information = design.transpose() * weight.asDiagonal() * design;
    return d;
}

void validate(const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
              const std::vector<std::string>& names, const LogisticOptions& options) {
    if (y.size() != x.rows())
        throw Error(std::string(kWhat) + ": " + std::to_string(y.size()) + " outcomes for " +
                    std::to_string(x.rows()) + " rows of predictors");
    requireFinitePredictors(x, names, kWhat);
    for (Eigen::Index i = 0; i < y.size(); ++i)
        if (!(y(i) == 0.0 || y(i) == 1.0))
            throw Error(std::string(kWhat) + ": outcome row " + std::to_string(i + 1) + " is " +
                        std::to_string(y(i)) + ", not 0 or 1");
    if (x.rows() <= x.cols() + 1)
        throw Error(std::string(kWhat) + ": " + std::to_string(x.rows()) + " rows for " +
                    std::to_string(x.cols() + 1) + " parameters; more rows are needed");
    const double events = y.sum();
    if (events == 0.0 || events == static_cast<double>(y.size()))
        throw Error(std::string(kWhat) + ": every outcome is " + (events == 0.0 ? "0" : "1") +
                    "; both classes are needed");
    if (options.maxIterations < 1 || !(options.tolerance > 0.0))
        throw Error(std::string(kWhat) + ": maxIterations must be positive and tolerance > 0");
    requireFullRank(x, names, kWhat);
}

// The predictor whose coefficient moves most along `direction` (the last Newton
// step, in units of the predictor's spread): under separation, the one running
// fastest to infinity.
std::string divergingPredictor(const Eigen::VectorXd& direction, const Eigen::MatrixXd& centred,
                               const std::vector<std::string>& names) {
    Eigen::Index worst = 0;
    double largest = -1.0;
    for (Eigen::Index j = 0; j < centred.cols(); ++j)
        if (const double move = std::abs(direction(j + 1)) * centred.col(j).norm();
            move > largest) {
            largest = move;
            worst = j;
        }
    return names[static_cast<std::size_t>(worst)];
}

[[noreturn]] void throwSeparation(const std::string& predictor) {
    throw Error(std::string(kWhat) +
                ": the outcome is completely or quasi-completely separated (fitted "
                "probabilities run to 0 or 1 and the estimates to infinity, fastest the "
                "coefficient of '" +
                predictor +
                "'); the maximum-likelihood model does not exist, use a penalised model "
                "(Firth, ridge or lasso) or remove the separating predictor");
}

} // namespace

LogisticFit fitLogistic(const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                        const std::vector<std::string>& names, const LogisticOptions& options) {
    validate(x, y, names, options);
    const Eigen::Index n = x.rows(), p = x.cols();
    // Centre the predictors for conditioning (β is mapped back below): design [1, x - x̄].
    const Eigen::RowVectorXd means = x.colwise().mean();
    Eigen::MatrixXd design(n, p + 1);
    design.col(0).setOnes();
    design.rightCols(p) = x.rowwise() - means;

    const double rate = y.mean();
    Eigen::VectorXd beta = Eigen::VectorXd::Zero(p + 1);
    beta(0) = std::log(rate / (1.0 - rate)); // the intercept-only MLE logit(ȳ)
    Eigen::VectorXd eta = design * beta;
    LogisticFit fit;
    fit.nullDeviance = deviance(eta, y);
    double current = fit.nullDeviance;

    bool converged = false;
    Derivatives d = derivatives(design, eta, y);
    Eigen::VectorXd step;
    while (!converged && fit.iterations < options.maxIterations) {
        // Newton / Fisher-scoring step β ← β + I⁻¹U, halved while the deviance rises (glm.fit).
        step = d.information.ldlt().solve(d.score);
        if (!step.allFinite())
            throwSeparation(divergingPredictor(beta, design.rightCols(p), names));
        Eigen::VectorXd next = beta + step;
        Eigen::VectorXd nextEta = design * next;
        double candidate = deviance(nextEta, y);
        for (int halving = 0; halving < 30 && !(candidate <= current * (1.0 + 1e-12)); ++halving) {
            next = (next + beta) / 2.0;
            nextEta = design * next;
            candidate = deviance(nextEta, y);
        }
        ++fit.iterations;
        converged = std::abs(candidate - current) / (std::abs(candidate) + 0.1) < options.tolerance;
        beta = next;
        eta = nextEta;
        current = candidate;
        d = derivatives(design, eta, y);
    }

    // Where the likelihood has a finite maximum, the next Newton step after
    // convergence is negligible. Under separation the likelihood keeps rising,
    // ever more slowly, along a direction that moves fitted log-odds by about one
    // unit per step: a step that moves η while the deviance it promises to gain
    // (the Newton decrement UᵀI⁻¹U) is negligible.
    const Eigen::LDLT<Eigen::MatrixXd> information(d.information);
    const Eigen::VectorXd nextStep = information.solve(d.score);
    const bool singular = information.info() != Eigen::Success || !nextStep.allFinite();
    const bool flat = (design * nextStep).cwiseAbs().maxCoeff() > 1e-3 &&
                      d.score.dot(nextStep) <= std::sqrt(options.tolerance) * (current + 0.1);
    // When the iterations run out first, fitted probabilities within 1e-8 of 0 or 1
    // (|η| > logit(1 - 1e-8)) are the sign of separation a finite fit rarely shows.
    const bool extreme = (eta.array().abs() > 18.420680733952366).any();
    const bool diverging = singular || flat || (!converged && extreme);
    if (diverging)
        throwSeparation(
            divergingPredictor(nextStep.allFinite() ? nextStep : step, design.rightCols(p), names));
    if (!converged)
        throw Error(std::string(kWhat) + ": did not converge in " +
                    std::to_string(options.maxIterations) + " iterations; raise maxIterations");

    // Back to the uncentred predictors: β₀ = β̃₀ - x̄·β̃, Cov = A Ĩ⁻¹ Aᵀ with A = [1 -x̄; 0 I].
    Eigen::MatrixXd transform = Eigen::MatrixXd::Identity(p + 1, p + 1);
    transform.block(0, 1, 1, p) = -means;
    const Eigen::MatrixXd covariance = transform *
                                       information.solve(Eigen::MatrixXd::Identity(p + 1, p + 1)) *
                                       transform.transpose();
    std::vector<std::string> termNames{"(Intercept)"};
    termNames.insert(termNames.end(), names.begin(), names.end());
    fit.coefficients = waldTable(std::move(termNames), transform * beta, covariance);
    fit.deviance = current;
    fit.logLikelihood = -current / 2.0; // saturated log-likelihood of 0/1 data is 0
    fit.nullLogLikelihood = -fit.nullDeviance / 2.0;
    fit.aic = current + 2.0 * static_cast<double>(p + 1);
    return fit;
}

Eigen::VectorXd predictLogistic(const LogisticFit& fit, const Eigen::MatrixXd& x) {
    return linearPredictor(fit.coefficients, x).unaryExpr(&inverseLogit);
}

} // namespace rgw::stats
