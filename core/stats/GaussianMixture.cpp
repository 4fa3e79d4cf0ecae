#include "stats/GaussianMixture.h"

#include "util/Error.h"
#include "util/ParallelFor.h"

#include <Eigen/Cholesky>
#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

namespace rgw::stats {

namespace {

constexpr std::size_t kChunk = 4096; // fixed: results never depend on the thread count
constexpr double kLog2Pi = 1.8378770664093454836;

struct Component {
    Eigen::LLT<Eigen::MatrixXd> chol;
    double logConstant = 0; ///< log w − (d log 2π + log det Σ) / 2
};

void mStep(const Eigen::MatrixXd& x, const Eigen::MatrixXd& z, double ridge, GaussianMixture& m) {
    const Eigen::Index n = x.rows(), d = x.cols(), k = z.cols();
    m.weights.resize(k);
    m.means.setZero(k, d);
    m.covariances.assign(static_cast<std::size_t>(k), Eigen::MatrixXd::Zero(d, d));
    for (Eigen::Index c = 0; c < k; ++c) {
        double nk = 0.0;
        for (Eigen::Index i = 0; i < n; ++i) {
            nk += z(i, c);
            m.means.row(c) += z(i, c) * x.row(i);
        }
        if (!(nk > 0.0))
            throw Error("Gaussian mixture: component " + std::to_string(c + 1) +
                        " has no weight left (too many components for the data?)");
        m.means.row(c) /= nk;
        Eigen::MatrixXd& s = m.covariances[static_cast<std::size_t>(c)];
        for (Eigen::Index i = 0; i < n; ++i) {
            const Eigen::RowVectorXd r = x.row(i) - m.means.row(c);
            s.noalias() += z(i, c) * (r.transpose() * r);
        }
        s /= nk;
        s.diagonal().array() += ridge;
        m.weights(c) = nk / static_cast<double>(n);
    }
}

std::vector<Component> factorise(const GaussianMixture& m) {
    const auto k = static_cast<std::size_t>(m.weights.size());
    const double d = static_cast<double>(m.means.cols());
    std::vector<Component> out(k);
    for (std::size_t c = 0; c < k; ++c) {
        out[c].chol.compute(m.covariances[c]);
        const Eigen::MatrixXd l = out[c].chol.matrixL();
        const double minDiag = l.diagonal().minCoeff(), maxDiag = l.diagonal().maxCoeff();
        // mclust's test: reciprocal condition of the Cholesky factor below eps.
        if (out[c].chol.info() != Eigen::Success || !(minDiag > 0.0) ||
            minDiag / maxDiag <= std::numeric_limits<double>::epsilon())
            throw Error("Gaussian mixture: the covariance of component " + std::to_string(c + 1) +
                        " is singular (tied values?); use a ridge > 0");
        out[c].logConstant = std::log(m.weights(static_cast<Eigen::Index>(c))) -
                             0.5 * (d * kLog2Pi + 2.0 * l.diagonal().array().log().sum());
    }
    return out;
}

/// Responsibilities into z and the log-likelihood of the data.
double eStep(const Eigen::MatrixXd& x, const GaussianMixture& m, unsigned threads,
             Eigen::MatrixXd& z) {
    const auto comps = factorise(m);
    const auto n = static_cast<std::size_t>(x.rows());
    const Eigen::Index k = m.means.rows();
    std::vector<double> pointLog(n);
    const std::size_t chunks = (n + kChunk - 1) / kChunk;
    parallelFor(chunks, resolveThreadCount(threads, chunks), [&](std::size_t chunk) {
        Eigen::VectorXd r(x.cols());
        Eigen::VectorXd logs(k);
        const std::size_t end = std::min(n, (chunk + 1) * kChunk);
        for (std::size_t ii = chunk * kChunk; ii < end; ++ii) {
            const auto i = static_cast<Eigen::Index>(ii);
            for (Eigen::Index c = 0; c < k; ++c) {
                const Component& comp = comps[static_cast<std::size_t>(c)];
                r = (x.row(i) - m.means.row(c)).transpose();
                comp.chol.matrixL().solveInPlace(r);
                logs(c) = comp.logConstant - 0.5 * r.squaredNorm();
            }
            const double top = logs.maxCoeff();
            const double sum = (logs.array() - top).exp().sum();
            const double total = top + std::log(sum);
            z.row(i) = (logs.array() - total).exp().matrix().transpose();
            pointLog[ii] = total;
        }
    });
    double logLikelihood = 0.0;
    for (const double v : pointLog)
        logLikelihood += v;
    return logLikelihood;
}

} // namespace

int vvvParameterCount(int k, int d) {
    return (k - 1) + k * d + k * d * (d + 1) / 2;
}

double mclustBic(double logLikelihood, int parameters, double n) {
    return 2.0 * logLikelihood - static_cast<double>(parameters) * std::log(n);
}

Eigen::MatrixXd hardResponsibilities(const std::vector<int>& cluster, int k) {
    Eigen::MatrixXd z = Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(cluster.size()), k);
    for (std::size_t i = 0; i < cluster.size(); ++i) {
        if (cluster[i] < 0 || cluster[i] >= k)
            throw Error("hard responsibilities: label " + std::to_string(cluster[i]) +
                        " of point " + std::to_string(i + 1) + " is outside 0.." +
                        std::to_string(k - 1));
        z(static_cast<Eigen::Index>(i), cluster[i]) = 1.0;
    }
    return z;
}

GaussianMixtureFit fitGaussianMixture(const Eigen::MatrixXd& x, const Eigen::MatrixXd& initial,
                                      const EmOptions& options) {
    if (x.rows() == 0 || x.cols() == 0)
        throw Error("Gaussian mixture: no data to fit");
    if (initial.rows() != x.rows() || initial.cols() < 1)
        throw Error("Gaussian mixture: " + std::to_string(initial.rows()) +
                    " rows of responsibilities for " + std::to_string(x.rows()) + " points");
    if (!x.allFinite() || !initial.allFinite())
        throw Error("Gaussian mixture: the data hold a missing or infinite value");
    if (!(options.ridge >= 0.0) || !std::isfinite(options.ridge))
        throw Error("Gaussian mixture: the ridge must be a finite value >= 0");
    if (options.maxIterations < 1 || !(options.tolerance >= 0.0))
        throw Error("Gaussian mixture: need at least one iteration and a tolerance >= 0");

    const int k = static_cast<int>(initial.cols());
    GaussianMixtureFit fit;
    fit.responsibilities = initial;
    double previous = -std::numeric_limits<double>::max();
    for (int iter = 1;; ++iter) {
        mStep(x, fit.responsibilities, options.ridge, fit.model);
        fit.logLikelihood = eStep(x, fit.model, options.threads, fit.responsibilities);
        fit.iterations = iter;
        const double change =
            std::abs(fit.logLikelihood - previous) / (1.0 + std::abs(fit.logLikelihood));
        previous = fit.logLikelihood;
        if (change <= options.tolerance) {
            fit.converged = true;
            break;
        }
        if (iter >= options.maxIterations)
            break;
    }
    fit.parameters = vvvParameterCount(k, static_cast<int>(x.cols()));
    fit.bic = mclustBic(fit.logLikelihood, fit.parameters, static_cast<double>(x.rows()));
    fit.cluster.resize(static_cast<std::size_t>(x.rows()));
    for (Eigen::Index i = 0; i < x.rows(); ++i) {
        Eigen::Index best = 0;
        fit.responsibilities.row(i).maxCoeff(&best);
        fit.cluster[static_cast<std::size_t>(i)] = static_cast<int>(best);
    }
    return fit;
}

} // namespace rgw::stats
