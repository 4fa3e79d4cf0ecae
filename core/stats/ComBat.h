#pragma once

// ComBat harmonisation of features measured in batches (scanners,
// institutions, protocols): the parametric empirical Bayes location/scale
// model of Johnson, Li & Rabinovic 2007 (Biostatistics 8:118), parametric or
// non-parametric, split into a fit on training rows and an apply step that
// uses the learned model unchanged on test rows and new patients. fit + apply
// on the same rows equal R sva::ComBat(dat = t(x), batch, mod, par.prior,
// mean.only) (sva 3.46.0).
//
// Model, per feature j and sample i of batch b:
//   x_ij = alpha_j + c_i' beta_j + gamma_bj + sqrt(delta_bj) eps_ij
// and the harmonised value is
//   (x_ij - m_ij) / s_j, m_ij = alpha_j + c_i' beta_j, s_j = pooled sd,
//   y_ij = (z_ij - gamma*_bj) / sqrt(delta*_bj) * s_j + m_ij.

#include <Eigen/Core>
#include <string>
#include <vector>

namespace rgw::stats {

struct ComBatOptions {
    /// Parametric priors (normal for gamma, inverse gamma for delta), as sva's
    /// par.prior = TRUE. false: the non-parametric priors of sva's
    /// par.prior = FALSE (int.eprior): each feature's gamma* and delta* are
    /// the other features' batch estimates averaged with weights equal to
    /// the likelihood of the feature's data under them. It costs O(features²)
    /// per batch and suits features whose batch effects are not normal.
    bool parametric = true;
    /// Adjust only the batch means (delta* = 1), as sva's mean.only = TRUE.
    /// Required when a training batch has a single sample.
    bool meanOnly = false;
};

/// What ComBat learned on the training rows; applyComBat() uses it unchanged
/// on test rows and new patients. Features are the columns of the training
/// matrix, in order.
struct ComBatModel {
    /// Sorted batch labels seen in training; row k of gammaStar/deltaStar.
    std::vector<std::string> batches;
    /// Training samples per batch (same order as `batches`).
    std::vector<Eigen::Index> batchSizes;
    /// Per feature: alpha, the sample-size-weighted mean of the batch
    /// coefficients of the least-squares fit on [batch indicators |
    /// covariates] (sva's grand.mean). NaN for a feature not harmonised.
    Eigen::VectorXd grandMean;
    /// Per feature: sqrt(var.pooled), the root mean square (divisor n) of the
    /// residuals of that fit. NaN for a feature not harmonised.
    Eigen::VectorXd pooledSd;
    /// Covariates × features: the covariate coefficients of that fit (empty,
    /// 0 rows, without covariates). NaN columns for features not harmonised.
    Eigen::MatrixXd covariateBeta;
    /// Batches × features: EB-adjusted location (gamma*) and scale (delta*)
    /// of the standardised data. delta* = 1 in the mean-only model. NaN
    /// columns for features not harmonised.
    Eigen::MatrixXd gammaStar, deltaStar;
    /// Per feature: false when the feature is constant within a training
    /// batch of more than one sample. As sva does, such a feature is left out
    /// of the fit (it does not inform the priors of the others) and apply
    /// passes it through unchanged.
    std::vector<bool> harmonised;
    /// Whether the mean-only model was fitted.
    bool meanOnly = false;

    Eigen::Index features() const { return static_cast<Eigen::Index>(harmonised.size()); }
    Eigen::Index covariates() const { return covariateBeta.rows(); }
};

/// Fits ComBat on x (rows = samples, columns = features; sva takes the
/// transpose), a batch label per row, and optional covariates: rows × c
/// numeric design WITHOUT intercept (e.g. dummy-coded biological variables
/// whose effect is preserved; sva's mod = model.matrix(~cov) minus its
/// intercept column). Parametric: iterates the EB estimates exactly as sva's
/// it.sol (stop when max relative change of gamma* and delta* <= 1e-4).
/// Non-parametric: sva's int.eprior, on the log scale (sva's direct product
/// underflows to NaN for large batches; elsewhere the two agree to rounding).
/// Throws rgw::Error for: sizes that do not match, a non-finite value, an
/// empty batch label, fewer than 2 batches, a batch with one sample (unless
/// options.meanOnly — sva silently switches every batch to mean-only then),
/// fewer than 2 features that vary within every batch (the priors borrow
/// across features), covariates that are constant or confounded with batch
/// or with each other (sva stops too), and EB estimates that do not converge
/// to finite values.
ComBatModel fitComBat(const Eigen::MatrixXd& x, const std::vector<std::string>& batch,
                      const Eigen::MatrixXd& covariates = {}, const ComBatOptions& options = {});

/// Harmonised x for rows of batches seen in training (same feature columns as
/// in fit); covariates as in fit (same columns) for these rows, or empty when
/// the model has none. Features the model did not harmonise are returned
/// unchanged. Throws rgw::Error naming an unseen batch, and for sizes that do
/// not match the model or a non-finite value.
Eigen::MatrixXd applyComBat(const ComBatModel& model, const Eigen::MatrixXd& x,
                            const std::vector<std::string>& batch,
                            const Eigen::MatrixXd& covariates = {});

/// The model of the features `keep` (indices, in that order): ComBat adjusts
/// each feature with its own parameters once the priors are estimated, so a
/// fitted model restricted to some features harmonises them identically.
ComBatModel subsetFeatures(const ComBatModel& model, const std::vector<Eigen::Index>& keep);

/// The inverse of subsetFeatures: a model of `total` features in which
/// feature positions[k] is the model's feature k and every other feature is
/// passed through unharmonised (harmonised = false, NaN parameters). Used to
/// keep columns that are not harmonised (biological covariates) in place.
/// Throws rgw::Error when positions do not match the model's features or
/// are out of range or repeated.
ComBatModel embedFeatures(const ComBatModel& model, const std::vector<Eigen::Index>& positions,
                          Eigen::Index total);

} // namespace rgw::stats
