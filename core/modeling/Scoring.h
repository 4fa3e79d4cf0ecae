#pragma once

// Scoring new patients with a frozen model: the stored pipeline applied
// unchanged, the stored decision rule turning each score into a class or a
// risk group. Scoring refuses what would silently give a wrong number:
//  - features of a different radiomic parameter set than the model's
//    (the whole table is refused, naming both hashes);
//  - a required input column absent from the table (refused, naming it);
//  - a patient with a missing required value when the model was trained
//    without imputation (that patient is refused, naming the features).

#include "modeling/TrainedModel.h"
#include "stats/DataTable.h"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace rgw::modeling {

/// One patient's prediction.
struct PatientScore {
    std::string patientId;
    std::size_t row = 0; ///< the row of the scored table
    /// Logistic: P(event class); Cox: the linear predictor (higher = higher
    /// risk); multinomial: the probability of the predicted class.
    double score = 0;
    /// Logistic: the class at the stored threshold; multinomial: the most
    /// probable class; Cox: empty.
    std::string predictedClass;
    /// Cox: "low" / "high" (or "group k of n") by the stored cut-offs;
    /// otherwise empty.
    std::string riskGroup;
    std::vector<double> classProbabilities; ///< multinomial, in task.classes order
    std::vector<std::string> imputed;       ///< inputs filled by the model's imputation
};

/// A patient left unscored, and why.
struct RefusedPatient {
    std::string patientId;
    std::string reason; ///< e.g. "missing original_shape_Sphericity, original_firstorder_Mean"
};

struct ScoringResult {
    std::string modelId;
    std::vector<PatientScore> scored; ///< in table order
    std::vector<RefusedPatient> refused;
};

/// Where the rows to score come from: their radiomic parameter set (from the
/// cohort export's provenance; empty when unknown or a plain table).
struct ScoringSource {
    std::string parameterSetHash;
};

/// Scores the rows of `table` (all rows; the response columns are not
/// needed). Throws rgw::Error for another parameter set or a missing input
/// column; refuses patients with missing inputs as above.
ScoringResult scoreTable(const TrainedModel& model, const stats::DataTable& table,
                         const ScoringSource& source);

/// The same for the given rows of the table only (in that order).
ScoringResult scoreRows(const TrainedModel& model, const stats::DataTable& table,
                        const std::vector<std::size_t>& rows, const ScoringSource& source);

/// The class or risk group of one score by the model's decision rule.
std::string riskGroupOf(const DecisionRule& rule, double linearPredictor);

} // namespace rgw::modeling
