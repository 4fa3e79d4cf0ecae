#pragma once

// Penalised regression paths by cyclic coordinate descent, equal to R glmnet
// 4.1.6 (Friedman, Hastie, Tibshirani 2010, "Regularization paths for
// generalized linear models via coordinate descent", J Stat Softw 33(1);
// Simon et al. 2011 for Cox): the elastic-net penalty
//     lambda * sum_j vp_j * ((1 - alpha) / 2 * b_j^2 + alpha * |b_j|)
// on the mean log-likelihood (binomial, multinomial) or the Breslow partial
// log-likelihood divided by n (Cox), along a decreasing lambda path with warm
// starts, the sequential strong rule and KKT checks, and glmnet's stopping
// rules (a path may end before nlambda values when the deviance explained
// stops changing or exceeds 0.999 (Cox 0.99), as glmnet's does).
// Features are standardised internally (1/n variance) when asked; the
// coefficients are always on the original scale. Observation weights are
// all 1 (glmnet's default).

#include "util/Cancel.h"

#include <Eigen/Core>
#include <cstddef>
#include <vector>

namespace rgw::stats {

/// glmnet's arguments of the same names (see ?glmnet).
struct GlmnetOptions {
    double alpha = 1.0;           ///< 1 lasso, 0 ridge, in between elastic net
    std::vector<double> lambda;   ///< empty: glmnet's default sequence
    int nlambda = 100;            ///< length of the default sequence
    double lambdaMinRatio = -1.0; ///< < 0: glmnet's default (n < p ? 0.01 : 1e-4)
    bool standardize = true;      ///< standardise x internally (coefficients on the original scale)
    double threshold = 1e-7;      ///< thresh: CD convergence, relative to the null deviance
    int maxIterations = 100000;   ///< maxit: passes over the data, all lambdas together
    std::vector<double> penaltyFactor; ///< empty = all 1; rescaled to sum to p as glmnet
};

/// One fitted path, one column per lambda (decreasing). Binomial/Cox: beta is
/// p × L; multinomial: classBeta[k] is p × L and classIntercept K × L
/// (intercepts centred over the classes, as glmnet reports them).
struct GlmnetPath {
    std::vector<double> lambda;
    Eigen::MatrixXd beta;      ///< p × L, original scale (binomial, Cox)
    Eigen::VectorXd intercept; ///< L (binomial; zeros for Cox)
    std::vector<Eigen::MatrixXd> classBeta;
    Eigen::MatrixXd classIntercept;
    std::vector<int> df; ///< non-zero coefficients (multinomial: features non-zero in any class)
    std::vector<double> devianceRatio; ///< glmnet's dev.ratio
    double nullDeviance = 0;           ///< glmnet's nulldev
    /// false when maxIterations passes were used up: the path then holds the
    /// lambdas fitted before (glmnet warns and returns them likewise).
    bool converged = true;
};

/// Logistic elastic-net path (glmnet(x, y, family = "binomial")): P(y = 1).
/// y01 holds 0/1; each class needs at least 2 rows. Throws rgw::Error for
/// sizes that disagree, non-finite values, y not 0/1 and bad options.
GlmnetPath fitGlmnetBinomial(const Eigen::MatrixXd& x, const Eigen::VectorXd& y01,
                             const GlmnetOptions& options = {});

/// Multinomial elastic-net path (glmnet(..., family = "multinomial"),
/// type.multinomial = "ungrouped"): classOf[i] in 0..classCount-1,
/// classCount >= 2 (2 classes give glmnet's symmetric two-class multinomial),
/// each class with at least 2 rows. Coefficients in classBeta/classIntercept.
GlmnetPath fitGlmnetMultinomial(const Eigen::MatrixXd& x, const std::vector<int>& classOf,
                                int classCount, const GlmnetOptions& options = {});

/// Cox proportional-hazards elastic-net path (glmnet(x, Surv(time, event),
/// family = "cox")), Breslow ties: a censored time equal to a death time stays
/// in that death's risk set. time > 0; event01 1 = event, 0 = censored;
/// at least one event.
GlmnetPath fitGlmnetCox(const Eigen::MatrixXd& x, const Eigen::VectorXd& time,
                        const Eigen::VectorXd& event01, const GlmnetOptions& options = {});

/// Linear predictor for every lambda, n × L: binomial the logit a0 + x·b,
/// Cox x·b (predict(fit, x, type = "link")).
Eigen::MatrixXd glmnetLinearPredictor(const GlmnetPath& path, const Eigen::MatrixXd& x);

/// Multinomial class probabilities (predict(..., type = "response")): one
/// n × K matrix per lambda.
std::vector<Eigen::MatrixXd> glmnetClassProbabilities(const GlmnetPath& path,
                                                      const Eigen::MatrixXd& x);

enum class GlmnetFamily { Binomial, Multinomial, Cox };

/// cv.glmnet's result with the default type.measure "deviance".
struct GlmnetCvResult {
    GlmnetPath fit; ///< on all rows; its lambdas are the ones cross-validated
    /// Cross-validated deviance and its standard error per lambda: binomial and
    /// multinomial the mean deviance of the held-out rows (fold means weighted
    /// by fold size, grouped = TRUE); Cox the grouped partial-likelihood
    /// deviance per event (Verweij & van Houwelingen 1993), cv.glmnet's default.
    std::vector<double> cvm, cvsd;
    double lambdaMin = 0, lambda1se = 0;
    std::size_t indexMin = 0, index1se = 0; ///< 0-based
};

/// cv.glmnet(x, y, foldid = foldId): each fold k (1..K, K >= 3) is fitted on
/// the other rows (with its own default lambda sequence, or options.lambda,
/// as cv.glmnet), its coefficients read at the full fit's lambdas by linear
/// interpolation in lambda (predict(..., s = lambda)), then scored on its own
/// rows. Responses as in the fit functions: binomial y01orTime (0/1),
/// multinomial classOf/classCount, Cox y01orTime = time and event01; unused
/// ones may be empty. Folds run in parallel on `threads` threads (0 = one per
/// core); the result is the same for every thread count. When `cancel` is set
/// during the run, throws rgw::Error.
GlmnetCvResult cvGlmnet(GlmnetFamily family, const Eigen::MatrixXd& x,
                        const Eigen::VectorXd& y01orTime, const Eigen::VectorXd& event01,
                        const std::vector<int>& classOf, int classCount,
                        const std::vector<int>& foldId, const GlmnetOptions& options = {},
                        unsigned threads = 0, const CancelToken* cancel = nullptr);

} // namespace rgw::stats
