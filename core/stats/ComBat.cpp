#include "stats/ComBat.h"

#include "util/Error.h"

#include <Eigen/Cholesky>
#include <Eigen/QR>
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <string>

namespace rgw::stats {

namespace {

using Eigen::Index;
using Rows = std::vector<Index>;

/// sva::it.sol's stopping rule: max relative change of gamma* and delta*.
constexpr double kConvergence = 1e-4;
/// A guard sva does not have; its iteration converges in a few dozen steps.
constexpr int kMaxIterations = 10000;
/// Relative pivot threshold of the rank check (R's qr() tolerance).
constexpr double kRankTolerance = 1e-7;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

void checkFinite(const Eigen::MatrixXd& m, const std::string& what) {
    for (Index c = 0; c < m.cols(); ++c)
        for (Index r = 0; r < m.rows(); ++r)
            if (!std::isfinite(m(r, c)))
                throw Error("ComBat: " + what + " row " + std::to_string(r + 1) + ", column " +
                            std::to_string(c + 1) + " is not a finite number (" +
                            std::to_string(m(r, c)) + ")");
}

/// The batches in sorted order and the rows of each.
struct BatchLayout {
    std::vector<std::string> levels;
    std::vector<Rows> rows; ///< per level, ascending
};

BatchLayout layoutOf(const std::vector<std::string>& batch) {
    std::map<std::string, Rows> byLabel;
    for (std::size_t r = 0; r < batch.size(); ++r) {
        if (batch[r].empty())
            throw Error("ComBat: row " + std::to_string(r + 1) + " has no batch label");
        byLabel[batch[r]].push_back(static_cast<Index>(r));
    }
    BatchLayout layout;
    for (auto& [label, rows] : byLabel) {
        layout.levels.push_back(label);
        layout.rows.push_back(std::move(rows));
    }
    return layout;
}

/// sva's zero.rows: a feature constant within a batch of more than one sample.
std::vector<bool> variesWithinBatches(const Eigen::MatrixXd& x, const BatchLayout& layout) {
    std::vector<bool> varies(static_cast<std::size_t>(x.cols()), true);
    for (Index j = 0; j < x.cols(); ++j)
        for (const Rows& rows : layout.rows)
            if (rows.size() > 1 && std::all_of(rows.begin(), rows.end(), [&](Index r) {
                    return x(r, j) == x(rows.front(), j);
                }))
                varies[static_cast<std::size_t>(j)] = false;
    return varies;
}

/// [batch indicators | covariates], n × (B + c): sva's design without the
/// intercept of mod.
Eigen::MatrixXd designOf(const BatchLayout& layout, const Eigen::MatrixXd& covariates, Index n) {
    const auto batches = static_cast<Index>(layout.levels.size());
    Eigen::MatrixXd design = Eigen::MatrixXd::Zero(n, batches + covariates.cols());
    for (Index b = 0; b < batches; ++b)
        for (Index r : layout.rows[static_cast<std::size_t>(b)])
            design(r, b) = 1.0;
    if (covariates.cols() > 0)
        design.rightCols(covariates.cols()) = covariates;
    return design;
}

Index rankOf(const Eigen::MatrixXd& m) {
    Eigen::ColPivHouseholderQR<Eigen::MatrixXd> qr(m);
    qr.setThreshold(kRankTolerance);
    return qr.rank();
}

/// sva stops when the design [batch | mod] is not of full rank; so do we,
/// with its three messages, and name a constant covariate (an intercept or a
/// variable with one value) first.
void checkConfounding(const Eigen::MatrixXd& design, Index batches) {
    const Index covariates = design.cols() - batches;
    for (Index c = 0; c < covariates; ++c) {
        const auto column = design.col(batches + c);
        if ((column.array() == column(0)).all())
            throw Error("ComBat: covariate column " + std::to_string(c + 1) +
                        " is constant: give covariates without an intercept (the batch "
                        "indicators carry it) and only variables that vary");
    }
    if (rankOf(design) == design.cols())
        return;
    if (covariates == 1)
        throw Error("ComBat: the covariate is confounded with batch; remove it");
    if (rankOf(design.rightCols(covariates)) < covariates)
        throw Error("ComBat: the covariates are confounded with each other; remove one or more");
    throw Error("ComBat: at least one covariate is confounded with batch; remove it");
}

double mean(const Eigen::Ref<const Eigen::ArrayXd>& v) {
    return v.mean();
}

/// Sample variance (divisor n - 1), as R's var.
double sampleVariance(const Eigen::Ref<const Eigen::ArrayXd>& v) {
    return (v - v.mean()).square().sum() / static_cast<double>(v.size() - 1);
}

/// The standardisation step of sva: least squares on the design, the
/// sample-size-weighted batch mean alpha, pooled variance (divisor n) and
/// the standardised data z = (x - alpha - C beta) / s.
struct Standardised {
    Eigen::VectorXd grandMean, pooledSd;
    Eigen::MatrixXd covariateBeta; ///< c × p
    Eigen::MatrixXd z;             ///< n × p
};

Standardised standardise(const Eigen::MatrixXd& x, const Eigen::MatrixXd& design,
                         const BatchLayout& layout) {
    const auto batches = static_cast<Index>(layout.levels.size());
    const Index n = x.rows();
    // B = (D'D)^-1 D'X, ordinary least squares (sva: solve(crossprod(design), ...)).
    const Eigen::MatrixXd beta = (design.transpose() * design).ldlt().solve(design.transpose() * x);
    Eigen::RowVectorXd weights(batches);
    for (Index b = 0; b < batches; ++b)
        weights(b) = static_cast<double>(layout.rows[static_cast<std::size_t>(b)].size()) /
                     static_cast<double>(n);
    Standardised s;
    // alpha_j = sum_b (n_b / n) B_bj.
    s.grandMean = (weights * beta.topRows(batches)).transpose();
    // sigma_j^2 = mean_i (x_ij - D_i B_j)^2.
    const Eigen::MatrixXd residual = x - design * beta;
    s.pooledSd =
        (residual.array().square().colwise().sum() / static_cast<double>(n)).sqrt().transpose();
    s.covariateBeta = beta.bottomRows(design.cols() - batches);
    const Eigen::MatrixXd standMean = design.rightCols(design.cols() - batches) * s.covariateBeta +
                                      Eigen::VectorXd::Ones(n) * s.grandMean.transpose();
    s.z = (x - standMean).array().rowwise() / s.pooledSd.transpose().array();
    return s;
}

/// The hyperparameters of one batch: gamma ~ N(gammaBar, tau2) and
/// delta ~ InvGamma(a, b) by the method of moments across features
/// (sva's aprior, bprior).
struct Prior {
    double gammaBar = 0, tau2 = 0, a = 0, b = 0;
};

Prior priorOf(const Eigen::ArrayXd& gammaHat, const Eigen::ArrayXd& deltaHat) {
    Prior prior;
    prior.gammaBar = mean(gammaHat);
    prior.tau2 = sampleVariance(gammaHat);
    const double m = mean(deltaHat), s2 = sampleVariance(deltaHat);
    prior.a = (2.0 * s2 + m * m) / s2;   // a = (2 s² + m²) / s²
    prior.b = (m * s2 + m * m * m) / s2; // b = (m s² + m³) / s²
    return prior;
}

/// Posterior mean of gamma: (tau² n gammaHat + delta gammaBar) / (tau² n + delta).
Eigen::ArrayXd posteriorMean(const Eigen::ArrayXd& gammaHat, const Prior& prior, double n,
                             const Eigen::ArrayXd& delta) {
    return (prior.tau2 * n * gammaHat + delta * prior.gammaBar) / (prior.tau2 * n + delta);
}

/// The EB estimates of one batch (rows zb of the standardised data), iterated
/// as sva's it.sol: gamma* from delta*, then delta* = (sum (z - gamma*)² / 2
/// + b) / (n / 2 + a - 1), until max(|new - old| / old) <= 1e-4 (divided by
/// the signed old value, as sva).
void iterate(const Eigen::MatrixXd& zb, const Prior& prior, const std::string& label,
             Eigen::ArrayXd& gamma, Eigen::ArrayXd& delta) {
    const auto n = static_cast<double>(zb.rows());
    const Eigen::ArrayXd gammaHat = gamma;
    double change = 1.0;
    for (int iteration = 0; change > kConvergence; ++iteration) {
        if (iteration == kMaxIterations)
            throw Error("ComBat: the empirical Bayes estimates of batch '" + label +
                        "' did not converge");
        const Eigen::ArrayXd gammaNew = posteriorMean(gammaHat, prior, n, delta);
        const Eigen::ArrayXd sum2 =
            (zb.rowwise() - gammaNew.matrix().transpose()).array().square().colwise().sum();
        const Eigen::ArrayXd deltaNew = (0.5 * sum2 + prior.b) / (n / 2.0 + prior.a - 1.0);
        const Eigen::ArrayXd relative =
            ((gammaNew - gamma).abs() / gamma).max((deltaNew - delta).abs() / delta);
        if (relative.isNaN().any())
            throw Error("ComBat: the empirical Bayes estimates of batch '" + label +
                        "' are undefined (a feature's batch effect is exactly zero or its "
                        "scale prior is degenerate)");
        change = relative.maxCoeff();
        gamma = gammaNew;
        delta = deltaNew;
    }
}

/// The non-parametric EB estimates of one batch, as sva's int.eprior: for
/// feature j, the average of the other features' (gammaHat_k, deltaHat_k)
/// weighted by the likelihood of feature j's data under them,
///   L_k = (2 pi d_k)^(-n/2) exp(-sum_i (z_ij - g_k)^2 / (2 d_k)), k != j,
///   gamma*_j = sum_k g_k L_k / sum_k L_k, delta*_j = sum_k d_k L_k / sum_k L_k
/// (Johnson, Li & Rabinovic 2007, section 3.2). Computed on the log scale
/// relative to the largest L_k, which changes nothing but the rounding where
/// sva's direct product does not underflow (it does, to NaN, for large
/// batches). sum_i (z_ij - g_k)^2 = S_j + n (zbar_j - g_k)^2 with S_j the
/// within-batch sum of squares of feature j. A weight sva sees as NaN (a
/// d_k <= 0) is 0, as in sva.
void nonParametric(const Eigen::MatrixXd& zb, const std::string& label, Eigen::ArrayXd& gamma,
                   Eigen::ArrayXd& delta) {
    const auto n = static_cast<double>(zb.rows());
    const Index p = zb.cols();
    const Eigen::ArrayXd gHat = gamma, dHat = delta;
    const Eigen::ArrayXd zbar = zb.colwise().mean().transpose();
    const Eigen::ArrayXd within =
        (zb.rowwise() - zbar.matrix().transpose()).array().square().colwise().sum().transpose();
    Eigen::ArrayXd logL(p);
    for (Index j = 0; j < p; ++j) {
        // log L_k + (n/2) log(2 pi): the constant cancels in the ratios.
        logL = -0.5 * n * dHat.log() - (within(j) + n * (zbar(j) - gHat).square()) / (2.0 * dHat);
        logL(j) = -std::numeric_limits<double>::infinity(); // k != j
        double top = -std::numeric_limits<double>::infinity();
        for (Index k = 0; k < p; ++k)
            if (!std::isnan(logL(k)))
                top = std::max(top, logL(k));
        if (!std::isfinite(top))
            throw Error("ComBat: the non-parametric empirical Bayes estimates of batch '" + label +
                        "' are undefined for feature column " + std::to_string(j + 1));
        const Eigen::ArrayXd w = logL.isNaN().select(0.0, (logL - top).exp());
        gamma(j) = (w * gHat).sum() / w.sum();
        delta(j) = (w * dHat).sum() / w.sum();
    }
}

Eigen::MatrixXd rowsOf(const Eigen::MatrixXd& m, const Rows& rows) {
    return m(rows, Eigen::all);
}

/// Columns `keep` of m, in order.
Eigen::MatrixXd columnsOf(const Eigen::MatrixXd& m, const Rows& keep) {
    return m(Eigen::all, keep);
}

void checkRows(Index rows, std::size_t labels, Index covariateRows, Index covariateCols) {
    if (rows != static_cast<Index>(labels))
        throw Error("ComBat: " + std::to_string(rows) + " rows of features but " +
                    std::to_string(labels) + " batch labels");
    if (covariateCols > 0 && covariateRows != rows)
        throw Error("ComBat: " + std::to_string(rows) + " rows of features but " +
                    std::to_string(covariateRows) + " rows of covariates");
}

} // namespace

ComBatModel fitComBat(const Eigen::MatrixXd& x, const std::vector<std::string>& batch,
                      const Eigen::MatrixXd& covariates, const ComBatOptions& options) {
    checkRows(x.rows(), batch.size(), covariates.rows(), covariates.cols());
    checkFinite(x, "feature");
    checkFinite(covariates, "covariate");
    const BatchLayout layout = layoutOf(batch);
    const auto batches = static_cast<Index>(layout.levels.size());
    if (batches < 2)
        throw Error("ComBat: needs at least 2 batches, found " + std::to_string(batches));
    for (std::size_t b = 0; b < layout.rows.size(); ++b)
        if (layout.rows[b].size() == 1 && !options.meanOnly)
            throw Error("ComBat: batch '" + layout.levels[b] + "' has only one sample (row " +
                        std::to_string(layout.rows[b].front() + 1) +
                        "), so its scale cannot be estimated; use the mean-only model (sva "
                        "switches to it for every batch) or merge the batch into another");

    ComBatModel model;
    model.batches = layout.levels;
    for (const Rows& rows : layout.rows)
        model.batchSizes.push_back(static_cast<Index>(rows.size()));
    model.meanOnly = options.meanOnly;
    model.harmonised = variesWithinBatches(x, layout);
    Rows kept;
    for (Index j = 0; j < x.cols(); ++j)
        if (model.harmonised[static_cast<std::size_t>(j)])
            kept.push_back(j);
    if (kept.size() < 2)
        throw Error("ComBat: needs at least 2 features that vary within every batch (the "
                    "priors are estimated across features), found " +
                    std::to_string(kept.size()));

    const Eigen::MatrixXd design = designOf(layout, covariates, x.rows());
    checkConfounding(design, batches);
    const Standardised s = standardise(columnsOf(x, kept), design, layout);
    for (Index k = 0; k < s.pooledSd.size(); ++k)
        if (!(s.pooledSd(k) > 0.0))
            throw Error("ComBat: feature column " +
                        std::to_string(kept[static_cast<std::size_t>(k)] + 1) +
                        " is explained exactly by batch and covariates (no residual variance)");

    const auto p = static_cast<Index>(kept.size());
    Eigen::MatrixXd gammaStar(batches, p), deltaStar(batches, p);
    for (Index b = 0; b < batches; ++b) {
        const auto& label = layout.levels[static_cast<std::size_t>(b)];
        const Eigen::MatrixXd zb = rowsOf(s.z, layout.rows[static_cast<std::size_t>(b)]);
        // gammaHat = batch mean of z; deltaHat = its sample variance (1 when mean-only).
        Eigen::ArrayXd gamma = zb.colwise().mean().transpose();
        Eigen::ArrayXd delta = Eigen::ArrayXd::Ones(p);
        if (!options.meanOnly)
            for (Index j = 0; j < p; ++j)
                delta(j) = sampleVariance(zb.col(j).array());
        if (!options.parametric) {
            nonParametric(zb, label, gamma, delta);
            if (options.meanOnly)
                delta.setOnes(); // sva's weighted mean of ones: 1 up to rounding
        } else if (options.meanOnly) {
            // sva: postmean(g, gbar, 1, 1, t2)
            gamma = posteriorMean(gamma, priorOf(gamma, delta), 1.0, delta);
        } else {
            iterate(zb, priorOf(gamma, delta), label, gamma, delta);
        }
        if (!gamma.allFinite() || !delta.allFinite() || (delta <= 0.0).any())
            throw Error("ComBat: the empirical Bayes estimates of batch '" + label +
                        "' are not finite");
        gammaStar.row(b) = gamma.transpose();
        deltaStar.row(b) = delta.transpose();
    }

    // Scatter the harmonised features back; the others stay NaN (not estimated).
    const Index c = covariates.cols();
    model.grandMean = Eigen::VectorXd::Constant(x.cols(), kNaN);
    model.pooledSd = Eigen::VectorXd::Constant(x.cols(), kNaN);
    model.covariateBeta = Eigen::MatrixXd::Constant(c, x.cols(), kNaN);
    model.gammaStar = Eigen::MatrixXd::Constant(batches, x.cols(), kNaN);
    model.deltaStar = Eigen::MatrixXd::Constant(batches, x.cols(), kNaN);
    for (Index k = 0; k < p; ++k) {
        const Index j = kept[static_cast<std::size_t>(k)];
        model.grandMean(j) = s.grandMean(k);
        model.pooledSd(j) = s.pooledSd(k);
        model.covariateBeta.col(j) = s.covariateBeta.col(k);
        model.gammaStar.col(j) = gammaStar.col(k);
        model.deltaStar.col(j) = deltaStar.col(k);
    }
    return model;
}

Eigen::MatrixXd applyComBat(const ComBatModel& model, const Eigen::MatrixXd& x,
                            const std::vector<std::string>& batch,
                            const Eigen::MatrixXd& covariates) {
    checkRows(x.rows(), batch.size(), covariates.rows(), covariates.cols());
    if (x.cols() != model.features())
        throw Error("ComBat: the model was fitted on " + std::to_string(model.features()) +
                    " features, the data have " + std::to_string(x.cols()));
    if (covariates.cols() != model.covariates())
        throw Error("ComBat: the model was fitted with " + std::to_string(model.covariates()) +
                    " covariate columns, the data have " + std::to_string(covariates.cols()));
    checkFinite(x, "feature");
    checkFinite(covariates, "covariate");

    Eigen::MatrixXd y = x;
    for (Index i = 0; i < x.rows(); ++i) {
        const std::string& label = batch[static_cast<std::size_t>(i)];
        const auto found = std::lower_bound(model.batches.begin(), model.batches.end(), label);
        if (found == model.batches.end() || *found != label) {
            std::string known;
            for (const auto& b : model.batches)
                known += (known.empty() ? "'" : ", '") + b + "'";
            throw Error("ComBat: row " + std::to_string(i + 1) + " is of batch '" + label +
                        "', which was not in the training data (batches: " + known + ")");
        }
        const auto b = static_cast<Index>(found - model.batches.begin());
        for (Index j = 0; j < x.cols(); ++j) {
            if (!model.harmonised[static_cast<std::size_t>(j)])
                continue;
            // m = alpha + c' beta; y = ((x - m) / s - gamma*) / sqrt(delta*) * s + m.
            double m = model.grandMean(j);
            if (model.covariates() > 0)
                m += covariates.row(i).dot(model.covariateBeta.col(j));
            const double s = model.pooledSd(j);
            const double z = (x(i, j) - m) / s;
            y(i, j) = (z - model.gammaStar(b, j)) / std::sqrt(model.deltaStar(b, j)) * s + m;
        }
    }
    return y;
}

ComBatModel subsetFeatures(const ComBatModel& model, const std::vector<Eigen::Index>& keep) {
    ComBatModel out;
    out.batches = model.batches;
    out.batchSizes = model.batchSizes;
    out.meanOnly = model.meanOnly;
    const auto k = static_cast<Eigen::Index>(keep.size());
    out.grandMean.resize(k);
    out.pooledSd.resize(k);
    out.covariateBeta.resize(model.covariateBeta.rows(), k);
    out.gammaStar.resize(model.gammaStar.rows(), k);
    out.deltaStar.resize(model.deltaStar.rows(), k);
    for (Eigen::Index i = 0; i < k; ++i) {
        const Eigen::Index j = keep[static_cast<std::size_t>(i)];
        if (j < 0 || j >= model.features())
            throw Error("ComBat model has no feature " + std::to_string(j));
        out.grandMean(i) = model.grandMean(j);
        out.pooledSd(i) = model.pooledSd(j);
        out.covariateBeta.col(i) = model.covariateBeta.col(j);
        out.gammaStar.col(i) = model.gammaStar.col(j);
        out.deltaStar.col(i) = model.deltaStar.col(j);
        out.harmonised.push_back(model.harmonised[static_cast<std::size_t>(j)]);
    }
    return out;
}

ComBatModel embedFeatures(const ComBatModel& model, const std::vector<Eigen::Index>& positions,
                          Eigen::Index total) {
    if (static_cast<Eigen::Index>(positions.size()) != model.features())
        throw Error("ComBat: " + std::to_string(positions.size()) + " positions for a model of " +
                    std::to_string(model.features()) + " features");
    ComBatModel out;
    out.batches = model.batches;
    out.batchSizes = model.batchSizes;
    out.meanOnly = model.meanOnly;
    out.grandMean = Eigen::VectorXd::Constant(total, kNaN);
    out.pooledSd = Eigen::VectorXd::Constant(total, kNaN);
    out.covariateBeta = Eigen::MatrixXd::Constant(model.covariateBeta.rows(), total, kNaN);
    out.gammaStar = Eigen::MatrixXd::Constant(model.gammaStar.rows(), total, kNaN);
    out.deltaStar = Eigen::MatrixXd::Constant(model.deltaStar.rows(), total, kNaN);
    out.harmonised.assign(static_cast<std::size_t>(std::max<Eigen::Index>(total, 0)), false);
    std::vector<bool> taken(out.harmonised.size(), false);
    for (std::size_t k = 0; k < positions.size(); ++k) {
        const Eigen::Index j = positions[k];
        if (j < 0 || j >= total || taken[static_cast<std::size_t>(j)])
            throw Error("ComBat: feature position " + std::to_string(j) +
                        " is out of range or repeated");
        taken[static_cast<std::size_t>(j)] = true;
        const auto i = static_cast<Eigen::Index>(k);
        out.grandMean(j) = model.grandMean(i);
        out.pooledSd(j) = model.pooledSd(i);
        out.covariateBeta.col(j) = model.covariateBeta.col(i);
        out.gammaStar.col(j) = model.gammaStar.col(i);
        out.deltaStar.col(j) = model.deltaStar.col(i);
        out.harmonised[static_cast<std::size_t>(j)] = model.harmonised[k];
    }
    return out;
}

} // namespace rgw::stats
