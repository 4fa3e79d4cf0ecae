#pragma once

// A trained model with everything needed to score a new patient and to say
// how it was made: the task, the frozen pipeline (reduced to the features the
// learner uses), the training rows and their provenance, the validated
// performance and the decision rule chosen on training data. Written and read
// by ModelFile; stored in the database by storage::ModelRepository.

#include "modeling/Pipeline.h"

#include <cstdint>
#include <string>
#include <vector>

namespace rgw::modeling {

/// What the model predicts, by column name of the analysis table.
struct ModelTask {
    ModelKind kind = ModelKind::Logistic;
    std::string target;      ///< logistic / multinomial
    std::string time, event; ///< Cox
    std::string batchColumn; ///< ComBat's site / scanner column (empty without ComBat)
    /// Logistic: {value coded 0, value coded 1 (the event)}; multinomial: the
    /// classes in coding order; Cox: empty.
    std::vector<std::string> classes;
};

/// Where the training rows came from.
struct TrainingRecord {
    std::string source;           ///< "cohort NAME@VERSION" or "table FILE"
    std::string cohort;           ///< NAME@VERSION, empty for a table
    std::string parameterSetHash; ///< the radiomic parameter set of the features (may be empty)
    std::string idColumn;         ///< the column naming the rows (patient_id)
    std::vector<std::string> members; ///< row ids used for training, in table order
    std::string membersSha256;        ///< of the members joined by '\n'
    std::vector<std::string> candidateFeatures; ///< the features selection chose from
    std::size_t rowsWithoutResponse = 0;        ///< left out: missing target, time or event
};

/// The cross-validated performance of the pipeline (Validation.h).
struct ValidationRecord {
    int folds = 0, repeats = 0;
    std::uint64_t seed = 0;
    std::string measure; ///< "auc", "c_index" or "mean_ovr_auc"
    double mean = 0, sd = 0;
    std::vector<double> perRepeat;
};

/// How a score becomes a decision, chosen on training data only.
struct DecisionRule {
    /// Logistic: the probability threshold maximising Youden's J on the
    /// out-of-fold training predictions (score >= threshold = positive).
    double threshold = 0;
    /// Cox: the linear-predictor cut-offs between risk groups (ascending;
    /// the training median gives "low" / "high").
    std::vector<double> riskCutoffs;
};

struct TrainedModel {
    std::string name;
    std::string softwareVersion;
    std::string createdUtc; ///< ISO 8601, e.g. 2026-12-05T17:00:00Z
    ModelTask task;
    TrainingRecord training;
    FittedPipeline pipeline; ///< reducedToSelected(): inputFeatures are the required inputs
    ValidationRecord validation;
    DecisionRule decision;
};

} // namespace rgw::modeling
