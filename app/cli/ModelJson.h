#pragma once

// The printed forms (text and --json) of model training, evaluation and
// scoring results, shared by the model sub-commands.

#include "modeling/Evaluation.h"
#include "modeling/Optimism.h"
#include "modeling/Scoring.h"

#include <QJsonObject>

namespace rgw::cli {

/// Metrics keyed as the model issue names them: auc, ci_lower, ci_upper,
/// sensitivity, specificity, threshold, brier, calibration_intercept,
/// calibration_slope, calibration_curve, decision_curve (binary);
/// one_vs_rest_auc, mean_ovr_auc, accuracy, confusion (multiclass); c_index,
/// se, logrank, risk_groups, time_dependent_auc (survival).
QJsonObject toJson(const modeling::Evaluation& evaluation);
QJsonObject toJson(const modeling::OptimismResult& optimism);
QJsonObject toJson(const modeling::ScoringResult& scoring);

/// One indented paragraph of the headline metrics.
void printEvaluation(const modeling::Evaluation& evaluation);
void printOptimism(const modeling::OptimismResult& optimism);
/// The refused patients and why, or nothing.
void printRefused(const modeling::ScoringResult& scoring);

} // namespace rgw::cli
