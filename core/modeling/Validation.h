#pragma once

// Validation of a pipeline by repeated stratified k-fold cross-validation.
// Each outer training split fits the whole pipeline — preprocessing, ComBat,
// selection and the inner cross-validation that chooses λ — so the test
// rows of the split are never seen by any fitted step (nested
// cross-validation). The only protocol offered is this one.

#include "modeling/Pipeline.h"
#include "modeling/Resampling.h"
#include "util/Cancel.h"

#include <cstdint>
#include <string>
#include <vector>

namespace rgw::modeling {

struct ValidationSpec {
    int folds = 5;
    int repeats = 1;
    std::uint64_t seed = 1;
    unsigned threads = 0; ///< 0: one per hardware thread; results do not depend on it
};

struct FoldResult {
    int repeat = 0, fold = 0;
    std::vector<std::size_t> testRows;
    Prediction prediction;             ///< on testRows, in that order
    double discrimination = 0;         ///< AUC / Harrell's C / mean one-vs-rest AUC
    std::vector<std::string> selected; ///< features the learner used
    double lambda = 0;
};

struct ValidationResult {
    std::string measure;                      ///< "auc", "c_index" or "mean_ovr_auc"
    std::vector<FoldResult> folds;            ///< repeat-major
    double meanDiscrimination = 0;            ///< mean over folds
    double sdDiscrimination = 0;              ///< their standard deviation (n - 1)
    std::vector<double> repeatDiscrimination; ///< each repeat's mean over its folds
};

/// The discrimination of a prediction: AUC (logistic), Harrell's C with the
/// linear predictor as risk (Cox), mean one-vs-rest AUC (multinomial).
double discrimination(const Prediction& prediction, const Outcome& y);
const char* discriminationName(ModelKind kind);

/// Runs the repeated stratified k-fold protocol. Folds run in parallel;
/// fold f of repeat r uses seed streamSeed(seed, r * folds + f) for its
/// inner folds, so results are identical for every thread count. `progress`
/// is called after each fold (from worker threads). Throws rgw::Error
/// "cancelled" when `cancel` is set.
ValidationResult crossValidate(const PipelineSpec& spec, const PipelineData& data,
                               const ValidationSpec& validation, const ProgressFn& progress = {},
                               const CancelToken* cancel = nullptr);

} // namespace rgw::modeling
