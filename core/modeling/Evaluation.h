#pragma once

// The performance of a model's predictions against observed outcomes — the
// numbers of the results page, `rgw-cli model train` (on the out-of-fold
// predictions) and `rgw-cli model evaluate` (on a test or external cohort):
//  - binary: ROC with the DeLong 95 % CI, sensitivity / specificity at the
//    threshold chosen on training data, Brier score, calibration intercept
//    and slope with a calibration curve, decision-curve net benefit;
//  - multiclass: one-vs-rest AUCs and the confusion matrix;
//  - survival: Harrell's C with its SE, Kaplan-Meier curves by predicted risk
//    group with the log-rank test, time-dependent AUC.
// Every number comes from core/stats, each checked there against R.

#include "modeling/Pipeline.h"
#include "modeling/TrainedModel.h"
#include "stats/Calibration.h"
#include "stats/Concordance.h"
#include "stats/DecisionCurve.h"
#include "stats/KaplanMeier.h"
#include "stats/LogRank.h"
#include "stats/Roc.h"
#include "stats/Threshold.h"
#include "stats/TimeDependentAuc.h"

#include <optional>
#include <string>
#include <vector>

namespace rgw::modeling {

struct BinaryMetrics {
    stats::RocCurve roc;
    stats::AucInterval auc;                              ///< DeLong 95 % CI
    stats::ThresholdPerformance atThreshold;             ///< at DecisionRule::threshold
    stats::CalibrationSummary calibration;               ///< Brier, intercept, slope, ...
    std::vector<stats::CalibrationBin> calibrationCurve; ///< deciles of risk
    std::vector<stats::NetBenefit> decisionCurve;        ///< thresholds 0.01 .. 0.99
};

struct MulticlassMetrics {
    std::vector<std::string> classes;
    stats::MulticlassPerformance performance;
    double meanOneVsRestAuc = 0;
};

struct SurvivalMetrics {
    stats::ConcordanceResult concordance;                  ///< Harrell's C, higher lp = higher risk
    std::vector<std::string> riskGroups;                   ///< per row, by the stored cut-offs
    std::vector<stats::KaplanMeierCurve> kaplanMeier;      ///< one curve per risk group
    std::optional<stats::LogRankTest> logRank;             ///< when ≥ 2 groups are present
    std::vector<stats::TimeDependentAuc> timeDependentAuc; ///< at the evaluation times
};

struct Evaluation {
    ModelKind kind = ModelKind::Logistic;
    std::size_t rows = 0;
    std::optional<BinaryMetrics> binary;
    std::optional<MulticlassMetrics> multiclass;
    std::optional<SurvivalMetrics> survival;
    std::vector<std::string> notes; ///< metrics that could not be estimated, and why
};

struct EvaluationOptions {
    int calibrationGroups = 10;
    /// Times for the time-dependent AUC; empty: the 25th, 50th and 75th
    /// percentiles of the observed event times.
    std::vector<double> times;
};

/// Evaluates `prediction` of the rows whose outcome is `y` with the decision
/// rule of the model. Throws rgw::Error when the outcome cannot support a
/// metric (one class only, no events, fewer than two cases or controls).
Evaluation evaluatePredictions(const Prediction& prediction, const Outcome& y,
                               const ModelTask& task, const DecisionRule& rule,
                               const EvaluationOptions& options = {});

/// The out-of-fold predictions of one repeat of a cross-validation, in row
/// order (every row is tested once per repeat).
Prediction outOfFoldPrediction(const struct ValidationResult& validation, int repeat,
                               Eigen::Index rows, ModelKind kind);

} // namespace rgw::modeling
