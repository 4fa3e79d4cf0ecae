#include "modeling/ModelEvaluation.h"

#include "modeling/TaskData.h"
#include "util/Error.h"

#include <set>

namespace rgw::modeling {

namespace {

/// The scored rows' predictions in the form the metrics take.
Prediction predictionOf(const ScoringResult& scoring, ModelKind kind) {
    const auto n = static_cast<Eigen::Index>(scoring.scored.size());
    Prediction p;
    p.score.resize(n);
    for (Eigen::Index i = 0; i < n; ++i) {
        const PatientScore& s = scoring.scored[static_cast<std::size_t>(i)];
        p.score(i) = s.score;
        if (kind != ModelKind::Multinomial)
            continue;
        if (p.classProbabilities.size() == 0)
            p.classProbabilities.resize(n, static_cast<Eigen::Index>(s.classProbabilities.size()));
        for (std::size_t k = 0; k < s.classProbabilities.size(); ++k)
            p.classProbabilities(i, static_cast<Eigen::Index>(k)) = s.classProbabilities[k];
    }
    return p;
}

} // namespace

ModelEvaluation evaluateModel(const TrainedModel& model, const stats::DataTable& table,
                              const ScoringSource& source, const EvaluationOptions& options) {
    ModelEvaluation out;
    ModelTask task = model.task;
    const bool split = table.has(kSplitColumn);
    out.rowsUsed = split ? "the test split" : "all rows";
    const std::vector<std::size_t> rows =
        taskRows(table, task, split ? std::optional<std::string>("test") : std::nullopt,
                 &out.rowsWithoutResponse);
    if (rows.empty())
        throw Error(table.source() + ": no " + (split ? "test-split " : "") +
                    "row with a response to evaluate the model on");
    out.scoring = scoreRows(model, table, rows, source);
    if (out.scoring.scored.empty())
        throw Error(table.source() + ": every row to evaluate was refused (first: " +
                    out.scoring.refused.front().patientId + ", " +
                    out.scoring.refused.front().reason + ")");

    std::vector<std::size_t> scoredRows;
    for (const PatientScore& s : out.scoring.scored)
        scoredRows.push_back(s.row);
    const Outcome y = taskOutcome(table, task, scoredRows, true);
    const std::set<std::string> members(model.training.members.begin(),
                                        model.training.members.end());
    if (!model.training.idColumn.empty() && table.has(kIdColumn))
        for (const PatientScore& s : out.scoring.scored)
            out.rowsThatTrainedTheModel += members.count(s.patientId);
    out.evaluation =
        evaluatePredictions(predictionOf(out.scoring, task.kind), y, task, model.decision, options);
    return out;
}

} // namespace rgw::modeling
