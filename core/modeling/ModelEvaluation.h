#pragma once

// A stored model judged on new labelled rows — a cohort's held-out test
// split or an external cohort — the one path behind `rgw-cli model evaluate`
// and the GUI's "Evaluate": the rows are scored exactly as new patients are
// (Scoring.h: same refusals), then measured against their outcomes with the
// model's stored decision rule (Evaluation.h).

#include "modeling/Evaluation.h"
#include "modeling/Scoring.h"

#include <optional>
#include <string>

namespace rgw::modeling {

struct ModelEvaluation {
    std::string rowsUsed; ///< "the test split" or "all rows"
    Evaluation evaluation;
    ScoringResult scoring;                   ///< the scored and the refused rows
    std::size_t rowsWithoutResponse = 0;     ///< left out: missing target, time or event
    std::size_t rowsThatTrainedTheModel = 0; ///< ids among the model's training members
};

/// Evaluates `model` on the rows of `table` with a response: the "test" rows
/// when the table has a split column (its "train" rows trained the model),
/// otherwise every row (an external cohort). Throws rgw::Error as scoreRows,
/// when no row is left to evaluate, and when the outcome is coded with
/// classes the model does not know.
ModelEvaluation evaluateModel(const TrainedModel& model, const stats::DataTable& table,
                              const ScoringSource& source, const EvaluationOptions& options = {});

} // namespace rgw::modeling
