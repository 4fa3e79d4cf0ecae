#pragma once

// Feature-selection steps of the model pipeline. Each step sees only the
// training rows of the current resampling split (the pipeline calls it inside
// the loop), so that selection can never look at the rows it is judged on.

#include "modeling/Outcome.h"

#include <Eigen/Core>
#include <cstdint>
#include <vector>

namespace rgw::modeling {

/// Which λ of cv.glmnet a penalised step keeps (defined in Pipeline.h, where
/// the learner uses it too; declared here so that a selection step can hold one).
enum class LambdaRule;

enum class SelectionKind {
    NearZeroVariance, ///< caret's nearZeroVar: a dominant value and few distinct values
    Univariate,       ///< a univariate test per feature, Benjamini–Hochberg q and/or top k
    Correlation,      ///< |Pearson r| above a threshold: keep the more relevant of a pair
    Lasso,   ///< non-zero coefficients of cv.glmnet at lambda.min / lambda.1se (LassoSelection.h)
    Mrmr,    ///< mRMRe's "classic" minimum redundancy maximum relevance (Mrmr.h)
    ReliefF, ///< RELIEF-F weights, top maxFeatures or weight > threshold (ReliefF.h)
    SvmRfe,  ///< linear-SVM recursive feature elimination (SvmRfe.h)
};

enum class UnivariateTest {
    Automatic,   ///< Mann–Whitney (binary), Kruskal–Wallis (classes), univariate Cox (survival)
    MannWhitney, ///< binary targets
    WelchT,      ///< binary targets
    /// binary targets: ranked by |AUC − 0.5| (pROC's auc), p of the Mann–Whitney test
    Auc,
    Cox, ///< survival targets: Wald p of the univariate Cox model (coxph, Efron ties)
};

struct SelectionStep {
    SelectionKind kind = SelectionKind::Univariate;
    /// NearZeroVariance: the frequency-ratio cut (caret: 95/5) — a feature is
    /// dropped when its most common value is more than this many times as
    /// frequent as the second and at most 10 % of its values are distinct, or
    /// when it is constant (caret::nearZeroVar; missing values not counted). Univariate: the
    /// largest BH q kept (0 = no FDR cut). Correlation: the largest |r| allowed between kept
    /// features. ReliefF (with maxFeatures 0): keep the features whose weight > threshold.
    double threshold = 0.05;
    /// Univariate: keep at most this many features, smallest p first (0 = no
    /// cap). ReliefF: the top this many by weight (0 = use threshold). Mrmr
    /// and SvmRfe: how many to keep (>= 1, required). Lasso: not used.
    int maxFeatures = 0;
    UnivariateTest test = UnivariateTest::Automatic;

    // New fields stay at the end: callers aggregate-initialise the ones above.

    /// Lasso: glmnet's alpha (1 lasso, in (0, 1) elastic net).
    double alpha = 1.0;
    /// Lasso: lambda.min (the default, value 0) or lambda.1se.
    LambdaRule lambdaRule{};
    /// Lasso: folds of the inner cross-validation (>= 3, cv.glmnet's minimum).
    int innerFolds = 10;
    /// Lasso: seed of the stratified inner folds (Resampling.h stratifiedFolds).
    /// fitPipeline sets it from its own seed (kSelectionSeedStream).
    std::uint64_t seed = 1;
    /// ReliefF: nearest hits and misses per class (capped by the class sizes).
    int neighbours = 10;
    /// SvmRfe: cost C of the linear C-SVC (> 0).
    double svmCost = 1.0;
    /// SvmRfe: share of the remaining features removed per refit (0 = one at a
    /// time, Guyon's default; otherwise floor(share × remaining), at least 1).
    double eliminationShare = 0.0;
};

/// The nominal p-value of each feature's univariate association with the
/// outcome on the given rows (smaller = more relevant); NaN for a feature
/// that cannot be tested (constant).
std::vector<double> univariatePValues(const Eigen::MatrixXd& x, const Outcome& y,
                                      UnivariateTest test);

/// pROC's AUC of each feature as a score for label 1 (direction "<"): the
/// Mann–Whitney P(X₁ > X₀) + ½ P(X₁ = X₀); NaN for a constant feature.
/// Needs a binary (Logistic) outcome; throws rgw::Error otherwise.
std::vector<double> univariateAucs(const Eigen::MatrixXd& x, const Outcome& y);

/// The columns of `x` (indices into it, ascending) that `step` keeps, given
/// the outcome of the same rows. Throws rgw::Error for a method the outcome
/// cannot use, non-finite values (the methods other than NearZeroVariance and
/// Univariate) and options out of range.
std::vector<Eigen::Index> selectFeatures(const SelectionStep& step, const Eigen::MatrixXd& x,
                                         const Outcome& y);

} // namespace rgw::modeling
