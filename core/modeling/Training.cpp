#include "modeling/Training.h"

#include "modeling/TaskData.h"
#include "radiomics/Sha256.h"
#include "stats/Threshold.h"
#include "util/Error.h"
#include "util/UtcTime.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>

namespace rgw::modeling {

namespace {

void requireCandidates(const std::vector<std::string>& features, const ModelTask& task) {
    const std::vector<std::string> reserved = reservedColumns(task);
    for (const std::string& f : features)
        if (std::find(reserved.begin(), reserved.end(), f) != reserved.end())
            throw Error("'" + f +
                        "' is the response, batch, id or split column and cannot be a feature");
}

/// Progress of one stage mapped into the whole run's steps.
ProgressFn stage(const ProgressFn& progress, std::size_t offset, std::size_t total) {
    if (!progress)
        return {};
    return [progress, offset, total](std::size_t done, std::size_t, const std::string& what) {
        progress(offset + done, total, what);
    };
}

/// The median of the training linear predictors (R's median).
double median(Eigen::VectorXd v) {
    std::sort(v.begin(), v.end());
    const Eigen::Index n = v.size();
    return n % 2 == 1 ? v(n / 2) : 0.5 * (v(n / 2 - 1) + v(n / 2));
}

TrainingRecord trainingRecord(const stats::DataTable& table, const std::vector<std::size_t>& rows,
                              const std::vector<std::string>& features, std::size_t withoutResponse,
                              const TrainingSource& source) {
    TrainingRecord r;
    r.source = source.source;
    r.cohort = source.cohort;
    r.parameterSetHash = source.parameterSetHash;
    r.idColumn = table.has(kIdColumn) ? kIdColumn : "";
    r.members = rowIds(table, rows);
    std::string joined;
    for (std::size_t i = 0; i < r.members.size(); ++i)
        joined += (i ? "\n" : "") + r.members[i];
    r.membersSha256 = radiomics::sha256Hex(joined);
    r.candidateFeatures = features;
    r.rowsWithoutResponse = withoutResponse;
    return r;
}

/// The rows of `rows` that have a value of every feature.
std::vector<std::size_t> completeCases(const stats::DataTable& table,
                                       const std::vector<std::size_t>& rows,
                                       const std::vector<std::string>& features) {
    std::vector<std::size_t> columns;
    for (const std::string& f : features)
        columns.push_back(table.require(f));
    std::vector<std::size_t> out;
    for (const std::size_t r : rows)
        if (std::none_of(columns.begin(), columns.end(),
                         [&](std::size_t c) { return table.isMissing(r, c); }))
            out.push_back(r);
    return out;
}

} // namespace

void makeRadScoreRequest(TrainingRequest& request, const std::vector<std::string>& radiomic,
                         Penalty penalty, std::optional<double> alpha, int crossFitFolds,
                         bool keepSecondStagePenalty) {
    if (radiomic.empty())
        throw Error("a rad-score needs at least one radiomic feature");
    if (penalty == Penalty::None)
        throw Error("the rad-score is a penalised model: lasso, ridge or elastic net");
    PipelineSpec& spec = request.pipeline;
    RadScoreSpec rs;
    rs.features = radiomic;
    rs.preprocessing = spec.preprocessing;
    rs.preprocessing.logColumns.clear();
    rs.penalty = penalty;
    if (penalty == Penalty::ElasticNet)
        rs.alpha = alpha;
    rs.lambdaRule = spec.learner.lambdaRule;
    rs.innerFolds = spec.learner.innerFolds;
    rs.crossFitFolds = crossFitFolds;
    // The candidates: the clinical variables, then the radiomic ones.
    for (const std::string& f : radiomic) {
        if (std::find(request.features.begin(), request.features.end(), f) !=
            request.features.end())
            throw Error("'" + f + "' is both a clinical variable and part of the rad-score");
        request.features.push_back(f);
    }
    if (!keepSecondStagePenalty)
        spec.learner.penalty = Penalty::None;
    spec.radScore = std::move(rs);
}

const char* softwareVersion() {
    return RGW_VERSION;
}

TrainingResult trainModel(const stats::DataTable& table, TrainingRequest request,
                          const TrainingSource& source, const ProgressFn& progress,
                          const CancelToken* cancel) {
    ModelTask& task = request.task;
    PipelineSpec& spec = request.pipeline;
    spec.learner.kind = task.kind;
    if (spec.combat && task.batchColumn.empty())
        throw Error("ComBat harmonisation needs the batch (site or scanner) column");
    if (request.features.empty())
        request.features = defaultFeatures(table, task);
    requireCandidates(request.features, task);

    std::size_t withoutResponse = 0;
    const std::optional<std::string> role =
        table.has(kSplitColumn) ? std::optional<std::string>("train") : std::nullopt;
    std::vector<std::size_t> rows = taskRows(table, task, role, &withoutResponse);
    if (spec.preprocessing.imputation == Imputation::Drop)
        rows = completeCases(table, rows, request.features); // the members record which
    if (rows.empty())
        throw Error(table.source() + ": no training row with a response" +
                    (spec.preprocessing.imputation == Imputation::Drop
                         ? std::string(" and every candidate feature")
                         : std::string()));
    PipelineData data = taskData(table, task, request.features, rows, false);
    if (spec.stability) {
        if (!request.repeats)
            throw Error("the stability filter needs a table of repeated extractions of the "
                        "features (by patient_id)");
        data.repeats = taskRepeats(table, rows, *request.repeats, request.features);
    }

    const ValidationSpec& v = request.validation;
    const std::size_t folds =
        static_cast<std::size_t>(v.folds) * static_cast<std::size_t>(v.repeats);
    const std::size_t boots =
        request.optimism ? static_cast<std::size_t>(request.optimism->bootstraps) : 0;
    const std::size_t total = folds + boots + 1;

    TrainingResult result;
    result.validation = crossValidate(spec, data, v, stage(progress, 0, total), cancel);
    if (request.optimism)
        result.optimism =
            bootstrapOptimism(spec, data, *request.optimism, stage(progress, folds, total), cancel);

    // The model itself: every step refitted on all training rows.
    const FittedPipeline full = fitPipeline(spec, data, v.seed, cancel);
    if (progress)
        progress(total, total, "final model");

    TrainedModel& m = result.model;
    m.name = request.name;
    m.softwareVersion = softwareVersion();
    m.createdUtc = utcTimestamp();
    m.task = task;
    m.training = trainingRecord(table, rows, request.features, withoutResponse, source);
    m.pipeline = reducedToSelected(full);
    m.validation = {v.folds,
                    v.repeats,
                    v.seed,
                    result.validation.measure,
                    result.validation.meanDiscrimination,
                    result.validation.sdDiscrimination,
                    result.validation.repeatDiscrimination};

    result.trainingOutcome = data.y;
    result.outOfFold = outOfFoldPrediction(result.validation, 0, data.x.rows(), task.kind);
    // The decision rule, from training rows only.
    if (task.kind == ModelKind::Logistic) {
        m.decision.threshold =
            stats::youdenThreshold(result.outOfFold.score, data.y.label).threshold;
        // Youden's J can pick pROC's -Inf ("every row positive", e.g. when the
        // out-of-fold probabilities are all equal) or +Inf ("none"). JSON has
        // no infinity: the model file wrote null and read it back as NaN, so
        // the saved model could not be evaluated ("the threshold is not a
        // number") nor its test split shown in the study report. The same
        // rule on probabilities: 0 for -Inf, the double after 1 for +Inf.
        if (std::isinf(m.decision.threshold))
            m.decision.threshold = m.decision.threshold < 0 ? 0.0 : std::nextafter(1.0, 2.0);
    }
    if (task.kind == ModelKind::Cox)
        m.decision.riskCutoffs = {median(predictPipeline(full, data).score)};
    result.crossValidated = evaluatePredictions(result.outOfFold, data.y, task, m.decision);
    return result;
}

} // namespace rgw::modeling
