#pragma once

// Non-linear learners of the model issue on well-kept libraries rather than
// hand-written ones: support vector machines from libsvm (Chang & Lin 2011),
// gradient-boosted trees and random forests from xgboost (Chen & Guestrin
// 2016). Values in, values out: a TrainedLearner holds the library's
// serialised model, so it is copied, stored and restored like any value.
//
// Determinism: the same data, options and seed give the same predictions on
// every run and thread count. xgboost runs with nthread = 1 (the caller
// parallelises across folds) and options.seed; libsvm's own probability
// estimates draw from the global rand(), so they are never used: the SVMs are
// calibrated here by Platt scaling on decision values of internal stratified
// folds seeded with options.seed.

#include "modeling/Outcome.h"

#include <Eigen/Core>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace rgw::modeling {

enum class LearnerKind { RandomForest, GradientBoosting, SvmLinear, SvmRbf };

/// "random-forest" | "gradient-boosting" | "svm-linear" | "svm-rbf".
const char* learnerKindName(LearnerKind kind);
/// The inverse of learnerKindName; throws rgw::Error for another name.
LearnerKind parseLearnerKind(std::string_view name);

/// Hyperparameters. The member initialisers are the gradient-boosting
/// defaults; defaultLearnerOptions(kind) gives each kind's defaults. Fields a
/// kind does not use are ignored.
struct LearnerOptions {
    int trees = 100;             ///< boosting rounds (GB) or trees of the forest (RF)
    int depth = 3;               ///< max_depth of every tree (>= 1)
    double eta = 0.1;            ///< learning rate (GB; RF always uses 1)
    double subsample = 0.8;      ///< fraction of rows sampled per tree, in (0, 1]
    double colsample = 1.0;      ///< colsample_bynode in (0, 1]; 0 = sqrt(p)/p
    double minChildWeight = 1.0; ///< min_child_weight (hessian sum of a leaf), >= 0
    double lambda = 1.0;         ///< L2 penalty on leaf values (xgboost reg_lambda), >= 0
    double svmC = 1.0;           ///< cost C of the SVMs, > 0
    double svmGamma = 0.0;       ///< RBF gamma of exp(-gamma |u - v|^2); 0 = 1/p (e1071's default)
    int plattFolds = 5;          ///< internal stratified folds of the Platt calibration (>= 2)
    std::uint64_t seed = 1;      ///< row/column sampling (xgboost) and calibration folds (SVM)
};

/// The defaults of `kind`:
///  - GradientBoosting: 100 rounds, depth 3, eta 0.1, subsample 0.8,
///    colsample 1, min_child_weight 1, lambda 1;
///  - RandomForest: 500 trees, depth 10, subsample 0.632 (the expected share
///    of distinct rows in a bootstrap sample), colsample sqrt(p)/p,
///    min_child_weight 1, lambda 1;
///  - SvmLinear / SvmRbf: C 1, gamma 1/p, 5 Platt folds; seed 1 for all.
LearnerOptions defaultLearnerOptions(LearnerKind kind);

/// Platt's sigmoid P(y = 1 | f) = 1 / (1 + exp(A f + B)) of a decision value f.
struct PlattSigmoid {
    double a = 0.0;
    double b = 0.0;
    double probability(double decision) const;
};

struct TrainedLearner {
    LearnerKind kind = LearnerKind::GradientBoosting;
    ModelKind outcome = ModelKind::Logistic; ///< the outcome it was trained on
    int classes = 2; ///< 2 for a binary outcome, K for a multiclass one, 1 for Cox
    std::vector<std::string> features; ///< column names of x, in order
    /// The library's serialised model: xgboost's JSON model
    /// (XGBoosterSaveModelToBuffer, format json) or the libsvm model fields
    /// as text written by this module (one binary SVM per sigmoid).
    std::string state;
    /// SVMs: the Platt sigmoid of each binary SVM (binary: 1; multiclass: K
    /// one-vs-rest); trees: empty.
    std::vector<PlattSigmoid> calibration;
    /// Per feature, summing to 1 when any is non-zero: trees: xgboost's
    /// total_gain; linear SVM: |w| (averaged over the one-vs-rest SVMs);
    /// RBF SVM: empty (no intrinsic importance).
    Eigen::VectorXd importance;
};

/// Trains `kind` on x (rows = samples, finite) and y (Logistic: label 0/1;
/// Multinomial: classOf 0 .. classes-1, every class present; Cox (trees
/// only): time > 0 and event 0/1, xgboost's survival:cox, Breslow ties).
///  - Trees: xgboost binary:logistic / multi:softprob, tree_method exact,
///    base_score 0.5, nthread 1. RandomForest is xgboost's documented
///    random-forest mode: one round of num_parallel_tree = trees trees with
///    eta 1, row subsampling and colsample_bynode (one library instead of a
///    hand-written forest; Debian has no C++ ranger/randomForest library).
///  - SVMs: libsvm C-SVC (linear or RBF kernel, eps 1e-3, shrinking), as
///    e1071::svm(scale = FALSE). Probabilities by Platt scaling (Platt 1999;
///    fit by Lin, Lin & Weng 2007, as libsvm's sigmoid_train) of decision
///    values from options.plattFolds stratified folds (seed options.seed),
///    applied to the SVM trained on all rows. Multiclass: K one-vs-rest
///    SVMs, each calibrated, probabilities normalised to sum 1 (libsvm's
///    one-vs-one pairwise coupling draws from rand()).
/// `features` names the columns (default x1 .. xp). Throws rgw::Error for
/// non-finite x, sizes disagreeing, a single class, a Cox outcome with an
/// SVM, or options out of range.
TrainedLearner trainLearner(LearnerKind kind, const Eigen::MatrixXd& x, const Outcome& y,
                            const LearnerOptions& options,
                            const std::vector<std::string>& features = {});

/// Probabilities of the rows of x (columns in the order of
/// learner.features): binary (classes == 2, also a multinomial outcome of
/// two classes): rows × 1, P(y = 1); multiclass: rows × K summing to 1;
/// Cox: rows × 1, the relative risk exp(margin) (xgboost's survival:cox
/// prediction), not a probability. Throws rgw::Error for non-finite x or a
/// column count other than features.size().
Eigen::MatrixXd predictLearner(const TrainedLearner& learner, const Eigen::MatrixXd& x);

/// The raw scores before probabilities: SVMs: the decision value of each
/// binary SVM, positive towards class 1 (binary, rows × 1, equal to
/// e1071's decision.values oriented "1/0") or towards class k (one-vs-rest,
/// rows × K); trees: xgboost's margin (rows × 1 or rows × K; Cox: the log
/// relative risk).
Eigen::MatrixXd learnerDecisionValues(const TrainedLearner& learner, const Eigen::MatrixXd& x);

/// The Platt sigmoid of decision values f and labels 0/1 by Lin, Lin & Weng
/// (2007), as libsvm's sigmoid_train: Newton with backtracking on the
/// likelihood with Platt's targets (N+ + 1)/(N+ + 2) and 1/(N- + 2).
/// Throws rgw::Error for sizes disagreeing, non-finite values or labels
/// other than 0/1.
PlattSigmoid fitPlattSigmoid(const Eigen::VectorXd& decision, const Eigen::VectorXd& label);

/// A self-contained text encoding of `learner` (for a JSON model file: store
/// it as a string). restoreLearnerState is its inverse.
std::string encodeLearnerState(const TrainedLearner& learner);

/// The learner encoded by encodeLearnerState. Validates everything it reads
/// (version, kind, counts, finite numbers, the libsvm fields, the checksum of
/// the library state, xgboost accepting its model, one prediction) and
/// throws rgw::Error naming what is wrong, never crashing, on corrupt input.
/// The FNV-1a checksum guards against corruption, not forgery: xgboost does
/// not check every tree index of a JSON model, so a state must come from
/// encodeLearnerState.
TrainedLearner restoreLearnerState(std::string_view text);

} // namespace rgw::modeling
