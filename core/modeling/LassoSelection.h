#pragma once

// LASSO / elastic-net selection: the features with a non-zero coefficient at
// the λ an inner cross-validation chooses (Tibshirani 1996; Zou & Hastie
// 2005; glmnet: Friedman, Hastie & Tibshirani 2010, Simon et al. 2011).

#include "modeling/Outcome.h"
#include "modeling/Pipeline.h"
#include "stats/Glmnet.h"

#include <Eigen/Core>
#include <vector>

namespace rgw::modeling {

/// cv.glmnet(x, y, foldid = foldId) of the family the outcome calls for:
/// binomial (binary), multinomial (ungrouped; classes), Cox (survival). The
/// one call behind lassoSelection and the pipeline's penalised learner.
stats::GlmnetCvResult cvGlmnetFor(const Eigen::MatrixXd& x, const Outcome& y,
                                  const std::vector<int>& foldId,
                                  const stats::GlmnetOptions& options);

/// The columns of x (ascending) whose coefficient is non-zero at
/// cv.glmnet(x, y, alpha = alpha, foldid = foldId)'s lambda.min or
/// lambda.1se: binomial for a binary outcome, multinomial (ungrouped) for a
/// multiclass one, with a feature kept when it is non-zero for any class
/// (the union over classes), Cox (Breslow) for survival. Standardised
/// internally, default λ path, type.measure "deviance" (stats/Glmnet.h).
/// foldId: 1..K per row, K >= 3. Throws rgw::Error for alpha outside
/// (0, 1], non-finite x, sizes disagreeing, and what cvGlmnet refuses.
std::vector<Eigen::Index> lassoSelection(const Eigen::MatrixXd& x, const Outcome& y, double alpha,
                                         LambdaRule rule, const std::vector<int>& foldId);

/// The stratified inner folds (1..folds) of the rows of y for
/// lassoSelection, as the penalised learner draws them: Resampling.h
/// stratifiedFolds on y.strata() with the stream (seed, 1).
std::vector<int> lassoFolds(const Outcome& y, int folds, std::uint64_t seed);

} // namespace rgw::modeling
