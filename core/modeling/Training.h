#pragma once

// Training a model by the validated protocol, the one path behind the GUI's
// model builder and `rgw-cli model train`:
//  1. the training rows of the table (its `split` column's "train" rows when
//     present; rows without a response are left out and counted);
//  2. repeated stratified k-fold cross-validation of the whole pipeline
//     (preprocessing, ComBat, selection and λ fitted inside each fold);
//  3. optionally Harrell's bootstrap optimism correction;
//  4. the final pipeline fitted on all training rows, reduced to the
//     features its learner uses;
//  5. the decision rule chosen on training data only: Youden's threshold of
//     the out-of-fold probabilities (logistic), the median training linear
//     predictor between low and high risk (Cox).

#include "modeling/Evaluation.h"
#include "modeling/Optimism.h"
#include "modeling/TrainedModel.h"
#include "modeling/Validation.h"
#include "stats/DataTable.h"
#include "util/Cancel.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace rgw::modeling {

struct TrainingRequest {
    std::string name;                     ///< the model's name
    ModelTask task;                       ///< kind, target or time/event, batch column
    std::vector<std::string> features;    ///< candidates; empty: defaultFeatures()
    PipelineSpec pipeline;                ///< pipeline.learner.kind is set from task.kind
    ValidationSpec validation;            ///< folds, repeats, seed, threads
    std::optional<OptimismSpec> optimism; ///< Harrell's bootstrap when set
    /// The repeated extraction of the candidates, by patient_id, that the
    /// stability filter (pipeline.stability) reads (taskRepeats); required
    /// with it, ignored without.
    std::shared_ptr<const stats::DataTable> repeats;
};

/// Makes `request` a rad-score + clinical model (PipelineSpec::radScore): the
/// `radiomic` columns form the rad-score with their own `penalty` (lasso,
/// ridge or elastic net with `alpha`), the request's preprocessing (without
/// log columns), λ rule and inner folds, cross-fitted over `crossFitFolds`
/// (0 = in-sample); request.features, the clinical variables, join the
/// rad-score in the second stage, which is unpenalised unless
/// `keepSecondStagePenalty`. The radiomic columns are appended to the
/// candidates. Throws rgw::Error for no radiomic column, a penalty of None,
/// or a column that is both clinical and radiomic (naming it).
void makeRadScoreRequest(TrainingRequest& request, const std::vector<std::string>& radiomic,
                         Penalty penalty, std::optional<double> alpha, int crossFitFolds,
                         bool keepSecondStagePenalty);

/// Where the table came from, recorded in the model.
struct TrainingSource {
    std::string source;           ///< "table FILE" or "cohort NAME@VERSION"
    std::string cohort;           ///< NAME@VERSION, empty for a plain table
    std::string parameterSetHash; ///< the features' radiomic parameter set, if any
};

struct TrainingResult {
    TrainedModel model;
    ValidationResult validation;
    Outcome trainingOutcome;   ///< of the training rows, in row order
    Prediction outOfFold;      ///< repeat 0's out-of-fold predictions, in row order
    Evaluation crossValidated; ///< metrics of outOfFold with the chosen decision rule
    std::optional<OptimismResult> optimism;
};

/// Trains by the protocol above. Progress: one step per outer fold, per
/// bootstrap sample and one for the final fit. Throws rgw::Error for unknown
/// columns, an unusable response, a fold without both classes / events, and
/// "cancelled" when `cancel` is set.
TrainingResult trainModel(const stats::DataTable& table, TrainingRequest request,
                          const TrainingSource& source, const ProgressFn& progress = {},
                          const CancelToken* cancel = nullptr);

/// The software version written into models (RGW_VERSION).
const char* softwareVersion();

} // namespace rgw::modeling
