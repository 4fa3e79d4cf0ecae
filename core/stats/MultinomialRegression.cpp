#include "stats/MultinomialRegression.h"

#include "stats/Distributions.h"
#include "util/Error.h"

#include <Eigen/Cholesky>
#include <algorithm>
#include <cmath>

namespace rgw::stats {

namespace {

// Class probabilities of every row for the stacked coefficients B ((p+1) × (K-1)),
// computed against the largest linear predictor so that exp() cannot overflow.
Eigen::MatrixXd probabilities(const Eigen::MatrixXd& design, const Eigen::MatrixXd& b) {
    const Eigen::MatrixXd eta = design * b; // n × (K-1)
    Eigen::MatrixXd pi(design.rows(), b.cols() + 1);
    for (Eigen::Index i = 0; i < design.rows(); ++i) {
        const double top = std::max(0.0, eta.row(i).maxCoeff());
        double total = std::exp(-top);
        pi(i, 0) = total;
        for (Eigen::Index k = 0; k < b.cols(); ++k) {
            pi(i, k + 1) = std::exp(eta(i, k) - top);
            total += pi(i, k + 1);
        }
        pi.row(i) /= total;
    }
    return pi;
}

// ℓ = Σ_i log π_{i, y_i}.
double logLikelihood(const Eigen::MatrixXd& pi, const std::vector<int>& classOf) {
    double ll = 0.0;
    for (Eigen::Index i = 0; i < pi.rows(); ++i)
        ll += std::log(pi(i, classOf[static_cast<std::size_t>(i)]));
    return ll;
}

Eigen::MatrixXd withIntercept(const Eigen::MatrixXd& x) {
    Eigen::MatrixXd d(x.rows(), x.cols() + 1);
    d.col(0).setOnes();
    d.rightCols(x.cols()) = x;
    return d;
}

} // namespace

MultinomialFit fitMultinomial(const Eigen::MatrixXd& x, const std::vector<int>& classOf,
                              int classCount, const std::vector<std::string>& names,
                              const MultinomialOptions& options) {
    const Eigen::Index n = x.rows(), q = x.cols() + 1, m = classCount - 1;
    if (static_cast<std::size_t>(x.cols()) != names.size())
        throw Error("multinomial regression: " + std::to_string(names.size()) + " names for " +
                    std::to_string(x.cols()) + " predictors");
    if (classOf.size() != static_cast<std::size_t>(n))
        throw Error("multinomial regression: a class for each of the " + std::to_string(n) +
                    " rows is needed");
    if (classCount < 2)
        throw Error("multinomial regression needs at least two classes");
    if (!x.allFinite())
        throw Error(
            "multinomial regression: the predictors hold a value that is not a finite number");
    std::vector<std::size_t> perClass(static_cast<std::size_t>(classCount), 0);
    for (const int c : classOf) {
        if (c < 0 || c >= classCount)
            throw Error("multinomial regression: class " + std::to_string(c) + " out of range");
        ++perClass[static_cast<std::size_t>(c)];
    }
    for (int c = 0; c < classCount; ++c)
        if (perClass[static_cast<std::size_t>(c)] == 0)
            throw Error("multinomial regression: class " + std::to_string(c) + " has no rows");
    if (n <= q * m)
        throw Error("multinomial regression: " + std::to_string(n) + " rows for " +
                    std::to_string(q * m) + " parameters");

    const Eigen::MatrixXd design = withIntercept(x);
    Eigen::MatrixXd b = Eigen::MatrixXd::Zero(q, m);
    Eigen::MatrixXd pi = probabilities(design, b);
    double ll = logLikelihood(pi, classOf);
    Eigen::MatrixXd information(q * m, q * m);
    MultinomialFit fit;
    for (int iteration = 1;; ++iteration) {
        // Score U_k = Σ_i x_i (1[y_i = k] − π_ik); information blocks
        // I_kl = Σ_i π_ik (δ_kl − π_il) x_i x_iᵀ (Newton–Raphson for the canonical link).
        Eigen::VectorXd score(q * m);
        for (Eigen::Index k = 0; k < m; ++k) {
            Eigen::VectorXd r(n);
            for (Eigen::Index i = 0; i < n; ++i)
                r(i) = (classOf[static_cast<std::size_t>(i)] == k + 1 ? 1.0 : 0.0) - pi(i, k + 1);
            score.segment(k * q, q) = design.transpose() * r;
            for (Eigen::Index l = k; l < m; ++l) {
                Eigen::VectorXd w(n);
                for (Eigen::Index i = 0; i < n; ++i)
                    w(i) = pi(i, k + 1) * ((k == l ? 1.0 : 0.0) - pi(i, l + 1));
                const Eigen::MatrixXd block = design.transpose() * w.asDiagonal() * design;
                information.block(k * q, l * q, q, q) = block;
                information.block(l * q, k * q, q, q) = block.transpose();
            }
        }
        const Eigen::LDLT<Eigen::MatrixXd> ldlt(information);
        if (ldlt.info() != Eigen::Success || ldlt.rcond() < 1e-13)
            throw Error("multinomial regression: the information matrix is singular (a constant "
                        "or collinear predictor, or a class separated completely)");
        const Eigen::VectorXd step = ldlt.solve(score);
        // Step halving until the log-likelihood does not decrease.
        double factor = 1.0;
        Eigen::MatrixXd next;
        double nextLl = 0;
        for (int halving = 0;; ++halving) {
            next = b + factor * Eigen::Map<const Eigen::MatrixXd>(step.data(), q, m);
            pi = probabilities(design, next);
            nextLl = logLikelihood(pi, classOf);
            if (nextLl >= ll - 1e-12 * std::abs(ll) || halving == 30)
                break;
            factor /= 2;
        }
        const double change = std::abs(nextLl - ll);
        b = next;
        ll = nextLl;
        fit.iterations = iteration;
        if (change <= options.tolerance * (std::abs(ll) + options.tolerance))
            break;
        if (iteration == options.maxIterations || (b.array().abs() > 1e6).any())
            throw Error("multinomial regression did not converge in " + std::to_string(iteration) +
                        " iterations (classes separated by the predictors? a penalised model "
                        "handles that)");
    }
    // Complete separation: every row's own class is predicted with certainty
    // (the likelihood approaches 1 while the estimates grow without bound).
    double worst = 1.0;
    for (Eigen::Index i = 0; i < n; ++i)
        worst = std::min(worst, pi(i, classOf[static_cast<std::size_t>(i)]));
    if (worst > 1.0 - 1e-6)
        throw Error("multinomial regression: the predictors separate the classes completely "
                    "(the estimates are infinite); a penalised model handles that");
    // Covariance at the estimate: the inverse information, recomputed at b.
    for (Eigen::Index k = 0; k < m; ++k)
        for (Eigen::Index l = k; l < m; ++l) {
            Eigen::VectorXd w(n);
            for (Eigen::Index i = 0; i < n; ++i)
                w(i) = pi(i, k + 1) * ((k == l ? 1.0 : 0.0) - pi(i, l + 1));
            const Eigen::MatrixXd block = design.transpose() * w.asDiagonal() * design;
            information.block(k * q, l * q, q, q) = block;
            information.block(l * q, k * q, q, q) = block.transpose();
        }
    const Eigen::MatrixXd covariance =
        information.ldlt().solve(Eigen::MatrixXd::Identity(q * m, q * m));
    std::vector<std::string> termNames{"(Intercept)"};
    termNames.insert(termNames.end(), names.begin(), names.end());
    for (Eigen::Index k = 0; k < m; ++k) {
        CoefficientTable t;
        t.names = termNames;
        t.estimate = b.col(k);
        t.covariance = covariance.block(k * q, k * q, q, q);
        t.standardError = t.covariance.diagonal().cwiseSqrt();
        t.z = t.estimate.cwiseQuotient(t.standardError);
        t.p.resize(q);
        for (Eigen::Index j = 0; j < q; ++j)
            t.p(j) = normalTwoSidedP(t.z(j));
        fit.coefficients.push_back(std::move(t));
    }
    fit.logLikelihood = ll;
    return fit;
}

Eigen::MatrixXd predictMultinomial(const MultinomialFit& fit, const Eigen::MatrixXd& x) {
    const Eigen::Index q = x.cols() + 1, m = static_cast<Eigen::Index>(fit.coefficients.size());
    Eigen::MatrixXd b(q, m);
    for (Eigen::Index k = 0; k < m; ++k) {
        if (fit.coefficients[static_cast<std::size_t>(k)].estimate.size() != q)
            throw Error("multinomial prediction: the data have " + std::to_string(x.cols()) +
                        " predictors, the model " +
                        std::to_string(fit.coefficients[0].estimate.size() - 1));
        b.col(k) = fit.coefficients[static_cast<std::size_t>(k)].estimate;
    }
    return probabilities(withIntercept(x), b);
}

} // namespace rgw::stats
