#include "ModelWorkflow.h"

#include "CliConsole.h"
#include "CliJson.h"
#include "CohortAnalysisTable.h"
#include "CohortScoring.h"
#include "ExitCodes.h"
#include "ModelJson.h"
#include "ModelRepository.h"
#include "SegmentationVersionRepeats.h"
#include "TableInput.h"
#include "modeling/ModelEvaluation.h"
#include "modeling/ModelFile.h"
#include "modeling/SpecNames.h"
#include "modeling/TableProvenance.h"
#include "modeling/TaskData.h"
#include "modeling/Training.h"
#include "stats/Icc.h"
#include "util/Error.h"

#include <QJsonArray>
#include <algorithm>
#include <cerrno>
#include <climits>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <sstream>

namespace rgw::cli {

modeling::ModelTask taskOptions(const ParsedArgs& parsed, const std::string& command) {
    modeling::ModelTask task;
    task.kind = modeling::parseModelKind(
        requireOption(parsed, command, "--model", "logistic|multinomial|cox"));
    if (task.kind == modeling::ModelKind::Cox) {
        if (parsed.value("--target"))
            throw UsageError("a Cox model takes --time and --event, not --target");
        task.time = requireOption(parsed, command, "--time", "COL");
        task.event = requireOption(parsed, command, "--event", "COL");
    } else {
        if (parsed.value("--time") || parsed.value("--event"))
            throw UsageError("--time and --event are for --model cox");
        task.target = requireOption(parsed, command, "--target", "COL");
    }
    return task;
}

namespace {

int positiveInt(const ParsedArgs& parsed, const std::string& option, int fallback) {
    const std::string* text = parsed.value(option);
    if (!text)
        return fallback;
    const double v = parseNumberOption(option, *text);
    if (v < 1 || v != std::floor(v) || v > INT_MAX)
        throw UsageError(option + " takes a positive whole number, not '" + *text + "'");
    return static_cast<int>(v);
}

/// The analysis table of --cohort or --table, with its provenance.
struct AnalysisInput {
    stats::DataTable table;
    modeling::TableProvenance provenance;
    std::string source;
    /// The radiomic feature columns of a cohort's table (--parameter-set);
    /// empty for --table.
    std::vector<std::string> featureColumns = {};
};

AnalysisInput readAnalysisInput(const CliContext& context, const ParsedArgs& parsed) {
    const std::string* cohort = parsed.value("--cohort");
    if (cohort && parsed.value("--table"))
        throw UsageError("give --cohort or --table, not both");
    if (!cohort) {
        if (parsed.value("--parameter-set"))
            throw UsageError("--parameter-set chooses the features of --cohort");
        stats::DataTable table = readTableOption(parsed);
        const auto provenance = modeling::readTableProvenance(*parsed.value("--table"));
        return {std::move(table), provenance.value_or(modeling::TableProvenance{}),
                "table " + *parsed.value("--table")};
    }
    storage::Database db(context.databasePath());
    storage::CohortExportOptions options;
    options.cohort = *cohort;
    if (const auto* set = parsed.value("--parameter-set"))
        options.parameterSet = *set;
    storage::CohortAnalysisTable t = storage::cohortAnalysisTable(db, options);
    const std::string source = t.table.source();
    return {std::move(t.table), t.provenance, source, std::move(t.featureColumns)};
}

/// The analysis table of --cohort for evaluating `model`: the features of
/// --parameter-set or else of the model's own parameter set, as scoring and
/// the study report read it (storage::modelAnalysisTable).
AnalysisInput modelCohortInput(const CliContext& context, const ParsedArgs& parsed,
                               const modeling::TrainedModel& model) {
    storage::Database db(context.databasePath());
    std::optional<std::string> parameterSet;
    if (const auto* set = parsed.value("--parameter-set"))
        parameterSet = *set;
    storage::CohortAnalysisTable t =
        storage::modelAnalysisTable(db, *parsed.value("--cohort"), model, parameterSet);
    const std::string source = t.table.source();
    return {std::move(t.table), t.provenance, source};
}

/// --learner and its hyperparameters (defaults: defaultLearnerOptions); the
/// options of the linear models are refused with it, and the reverse.
void learnerOf(const ParsedArgs& parsed, modeling::LearnerSpec& learner) {
    const std::string* name = parsed.value("--learner");
    static const std::vector<const char*> kTreeOptions = {"--trees", "--depth", "--eta"};
    static const std::vector<const char*> kSvmOptions = {"--svm-c", "--svm-gamma"};
    if (!name) {
        for (const char* option : kTreeOptions)
            if (parsed.value(option))
                throw UsageError(std::string(option) +
                                 " is an option of --learner random-forest|gradient-boosting");
        for (const char* option : kSvmOptions)
            if (parsed.value(option))
                throw UsageError(std::string(option) +
                                 " is an option of --learner svm-linear|svm-rbf");
        return;
    }
    for (const char* option : {"--penalty", "--alpha", "--lambda-rule", "--inner-folds"})
        if (parsed.value(option))
            throw UsageError(std::string(option) + " is for the linear models; --learner " + *name +
                             " has no penalty");
    const modeling::LearnerKind kind = modeling::parseLearnerKind(*name);
    const bool trees = kind == modeling::LearnerKind::RandomForest ||
                       kind == modeling::LearnerKind::GradientBoosting;
    for (const char* option : trees ? kSvmOptions : kTreeOptions)
        if (parsed.value(option))
            throw UsageError(std::string(option) + " is not an option of --learner " + *name);
    modeling::LearnerOptions o = modeling::defaultLearnerOptions(kind);
    o.trees = positiveInt(parsed, "--trees", o.trees);
    o.depth = positiveInt(parsed, "--depth", o.depth);
    if (const auto* eta = parsed.value("--eta"))
        o.eta = parseNumberOption("--eta", *eta);
    if (const auto* c = parsed.value("--svm-c"))
        o.svmC = parseNumberOption("--svm-c", *c);
    if (const auto* gamma = parsed.value("--svm-gamma"))
        o.svmGamma = parseNumberOption("--svm-gamma", *gamma);
    learner.algorithm = kind;
    learner.algorithmOptions = o;
}

/// --radscore-features and its options: a rad-score + clinical model
/// (modeling::makeRadScoreRequest) whose second stage is unpenalised unless
/// --penalty says otherwise; request.features are the clinical variables.
void radScoreOf(const ParsedArgs& parsed, modeling::TrainingRequest& request) {
    const std::string* features = parsed.value("--radscore-features");
    if (!features) {
        for (const char* option : {"--radscore-penalty", "--radscore-cross-fit"})
            if (parsed.value(option))
                throw UsageError(std::string(option) + " is an option of --radscore-features");
        return;
    }
    if (!parsed.value("--features"))
        throw UsageError("--radscore-features needs --features: the clinical variables the "
                         "rad-score is combined with");
    modeling::Penalty penalty = modeling::Penalty::Lasso;
    if (const auto* name = parsed.value("--radscore-penalty")) {
        penalty = modeling::parsePenalty(*name);
        if (penalty == modeling::Penalty::None)
            throw UsageError("--radscore-penalty is lasso, ridge or elastic-net");
    }
    int crossFit = 5;
    if (const auto* folds = parsed.value("--radscore-cross-fit"))
        crossFit = *folds == "0" ? 0 : positiveInt(parsed, "--radscore-cross-fit", 5);
    try {
        modeling::makeRadScoreRequest(request, commaList(*features), penalty,
                                      request.pipeline.learner.alpha, crossFit,
                                      parsed.value("--penalty") != nullptr);
    } catch (const Error& e) {
        throw UsageError(e.what()); // a wrong combination of options
    }
}

modeling::PipelineSpec pipelineOf(const ParsedArgs& parsed, modeling::ModelKind kind) {
    modeling::PipelineSpec spec;
    if (const auto* impute = parsed.value("--impute"))
        spec.preprocessing.imputation = modeling::parseImputation(*impute);
    if (const auto* logs = parsed.value("--log"))
        spec.preprocessing.logColumns = commaList(*logs);
    spec.preprocessing.zScore = !parsed.has("--no-zscore");
    spec.combat = parsed.value("--combat") != nullptr;
    if (const auto* covariates = parsed.value("--combat-covariates"))
        spec.combatCovariates = commaList(*covariates);
    spec.combatParametric = !parsed.has("--combat-nonparametric");
    spec.combatMeanOnly = parsed.has("--combat-mean-only");
    if (!spec.combat &&
        (!spec.combatCovariates.empty() || !spec.combatParametric || spec.combatMeanOnly))
        throw UsageError("--combat-covariates, --combat-nonparametric and --combat-mean-only "
                         "are options of --combat COL");
    using modeling::SelectionKind;
    if (parsed.has("--near-zero-variance"))
        spec.selection.push_back({SelectionKind::NearZeroVariance, 95.0 / 5.0, 0, {}});
    if (const auto* r = parsed.value("--correlation"))
        spec.selection.push_back(
            {SelectionKind::Correlation, parseNumberOption("--correlation", *r), 0, {}});
    if (parsed.value("--fdr") || parsed.value("--top")) {
        modeling::SelectionStep step{SelectionKind::Univariate, 0, 0, {}};
        if (const auto* q = parsed.value("--fdr"))
            step.threshold = parseNumberOption("--fdr", *q);
        step.maxFeatures = positiveInt(parsed, "--top", 0);
        if (const auto* test = parsed.value("--test"))
            step.test = modeling::parseUnivariateTest(*test);
        spec.selection.push_back(step);
    } else if (parsed.value("--test")) {
        throw UsageError("--test chooses the univariate filter's test; give --fdr or --top");
    }
    // The multivariate filters, in this order, each on what the one before kept.
    if (parsed.value("--relieff")) {
        modeling::SelectionStep step{SelectionKind::ReliefF, 0, 0, {}};
        step.maxFeatures = positiveInt(parsed, "--relieff", 0);
        spec.selection.push_back(step);
    }
    if (parsed.value("--mrmr"))
        spec.selection.push_back({SelectionKind::Mrmr, 0, positiveInt(parsed, "--mrmr", 0), {}});
    if (parsed.value("--svm-rfe"))
        spec.selection.push_back(
            {SelectionKind::SvmRfe, 0, positiveInt(parsed, "--svm-rfe", 0), {}});
    if (const auto* rule = parsed.value("--lasso-select")) {
        modeling::SelectionStep step{SelectionKind::Lasso, 0, 0, {}};
        step.lambdaRule = modeling::parseLambdaRule(*rule);
        spec.selection.push_back(step);
    }
    modeling::LearnerSpec& learner = spec.learner;
    learner.kind = kind;
    if (const auto* penalty = parsed.value("--penalty"))
        learner.penalty = modeling::parsePenalty(*penalty);
    if (const auto* alpha = parsed.value("--alpha"))
        learner.alpha = parseNumberOption("--alpha", *alpha);
    if (const auto* rule = parsed.value("--lambda-rule"))
        learner.lambdaRule = modeling::parseLambdaRule(*rule);
    learner.innerFolds = positiveInt(parsed, "--inner-folds", learner.innerFolds);
    if (const auto* ties = parsed.value("--ties")) {
        if (kind != modeling::ModelKind::Cox)
            throw UsageError("--ties is for --model cox");
        learner.ties = modeling::parseCoxTies(*ties);
    }
    learnerOf(parsed, learner);
    return spec;
}

std::uint64_t seedOf(const ParsedArgs& parsed) {
    const std::string& text = requireOption(parsed, "model train", "--seed", "S");
    char* end = nullptr;
    errno = 0;
    const unsigned long long seed = std::strtoull(text.c_str(), &end, 10);
    if (text.empty() || text[0] == '-' || *end != '\0' || errno == ERANGE)
        throw UsageError("--seed takes a whole number >= 0, not '" + text + "'");
    return seed;
}

QJsonArray names(const std::vector<std::string>& values) {
    QJsonArray out;
    for (const auto& v : values)
        out.append(QString::fromStdString(v));
    return out;
}

QJsonObject trainingJson(const modeling::TrainingResult& r, const std::string& id,
                         const std::string& file) {
    const modeling::TrainedModel& m = r.model;
    QJsonArray perRepeat, foldLambdas;
    for (const double v : m.validation.perRepeat)
        perRepeat.append(v);
    for (const auto& f : r.validation.folds)
        foldLambdas.append(f.lambda);
    QJsonObject out{
        {"model", QString::fromStdString(m.name)},
        {"model_id", QString::fromStdString(id)},
        {"file", QString::fromStdString(file)},
        {"kind", modeling::modelKindName(m.task.kind)},
        {"penalty", modeling::penaltyName(m.pipeline.spec.learner.penalty)},
        {"lambda_rule", modeling::lambdaRuleName(m.pipeline.spec.learner.lambdaRule)},
        {"lambda", m.pipeline.model.lambda},
        {"rows", qint64(m.training.members.size())},
        {"rows_without_response", qint64(m.training.rowsWithoutResponse)},
        {"candidate_features", qint64(m.training.candidateFeatures.size())},
        {"selected_features", names(m.pipeline.model.features)},
        {"validation", QJsonObject{{"folds", m.validation.folds},
                                   {"repeats", m.validation.repeats},
                                   {"seed", QString::number(m.validation.seed)},
                                   {"measure", QString::fromStdString(m.validation.measure)},
                                   {"mean", m.validation.mean},
                                   {"sd", m.validation.sd},
                                   {"per_repeat", perRepeat},
                                   {"fold_lambdas", foldLambdas}}},
        {"cross_validated", toJson(r.crossValidated)}};
    if (!m.task.classes.empty())
        out["classes"] = names(m.task.classes);
    if (m.task.kind == modeling::ModelKind::Logistic)
        out["threshold"] = m.decision.threshold;
    if (m.task.kind == modeling::ModelKind::Cox) {
        QJsonArray cut;
        for (const double c : m.decision.riskCutoffs)
            cut.append(c);
        out["risk_cutoffs"] = cut;
    }
    if (const auto& algorithm = m.pipeline.algorithm) {
        out["learner"] = modeling::learnerKindName(algorithm->kind);
        QJsonObject importance;
        for (std::size_t k = 0; k < algorithm->features.size(); ++k)
            if (static_cast<Eigen::Index>(k) < algorithm->importance.size())
                importance[QString::fromStdString(algorithm->features[k])] =
                    algorithm->importance(static_cast<Eigen::Index>(k));
        out["importance"] = importance;
    }
    if (const auto& stage = m.pipeline.radScore) {
        const auto& rs = *m.pipeline.spec.radScore;
        out["stages"] = QJsonArray{"rad-score", "clinical"};
        QJsonObject coefficients;
        for (std::size_t k = 0; k < stage->model.features.size(); ++k)
            coefficients[QString::fromStdString(stage->model.features[k])] =
                stage->model.beta(static_cast<Eigen::Index>(k), 0);
        out["rad_score"] = QJsonObject{{"penalty", modeling::penaltyName(rs.penalty)},
                                       {"lambda", stage->model.lambda},
                                       {"candidate_features", names(rs.features)},
                                       {"selected_features", names(stage->model.features)},
                                       {"standardised_coefficients", coefficients},
                                       {"cross_fit_folds", rs.crossFitFolds}};
        out["clinical_features"] = names(std::vector<std::string>(
            m.pipeline.preprocessing.columns.begin() + 1, m.pipeline.preprocessing.columns.end()));
    }
    if (r.optimism)
        out["optimism"] = toJson(*r.optimism);
    return out;
}

/// A learner's hyperparameters and its features by importance (largest
/// first), when it has an intrinsic importance.
void printLearner(const modeling::TrainedLearner& l, const modeling::LearnerOptions& o) {
    char settings[96];
    if (l.kind == modeling::LearnerKind::SvmRbf && o.svmGamma > 0)
        std::snprintf(settings, sizeof settings, "C %g, gamma %g", o.svmC, o.svmGamma);
    else if (l.kind == modeling::LearnerKind::SvmRbf)
        std::snprintf(settings, sizeof settings, "C %g, gamma 1/p", o.svmC);
    else if (l.kind == modeling::LearnerKind::SvmLinear)
        std::snprintf(settings, sizeof settings, "C %g", o.svmC);
    else
        std::snprintf(settings, sizeof settings, "%d trees of depth %d", o.trees, o.depth);
    std::printf("Final model: %s, %s", modeling::learnerKindName(l.kind), settings);
    std::printf(", on %zu features\n", l.features.size());
    if (l.importance.size() != static_cast<Eigen::Index>(l.features.size()))
        return;
    std::vector<std::size_t> order(l.features.size());
    for (std::size_t k = 0; k < order.size(); ++k)
        order[k] = k;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return l.importance(static_cast<Eigen::Index>(a)) >
               l.importance(static_cast<Eigen::Index>(b));
    });
    constexpr std::size_t kShown = 15;
    std::printf("Importance (%s):\n", l.kind == modeling::LearnerKind::SvmLinear
                                          ? "|w|, sums to 1"
                                          : "total gain, sums to 1");
    for (std::size_t r = 0; r < order.size() && r < kShown; ++r)
        std::printf("  %-40s %.4f\n", l.features[order[r]].c_str(),
                    l.importance(static_cast<Eigen::Index>(order[r])));
    if (order.size() > kShown)
        std::printf("  ... and %zu more (all in --json)\n", order.size() - kShown);
}

void printTraining(const modeling::TrainingResult& r, const std::string& id,
                   const std::string& file) {
    const modeling::TrainedModel& m = r.model;
    const auto& learner = m.pipeline.spec.learner;
    std::printf("Trained '%s' (%s, %s %s) on %zu rows of %s", m.name.c_str(),
                modeling::modelKindName(m.task.kind), learner.algorithm ? "learner" : "penalty",
                learner.algorithm ? modeling::learnerKindName(*learner.algorithm)
                                  : modeling::penaltyName(learner.penalty),
                m.training.members.size(), m.training.source.c_str());
    if (m.training.rowsWithoutResponse != 0)
        std::printf(" (%zu rows without a response left out)", m.training.rowsWithoutResponse);
    std::printf("\nCross-validation %d-fold x %d, seed %llu: %s %.4f +/- %.4f (fold SD)\n",
                m.validation.folds, m.validation.repeats,
                static_cast<unsigned long long>(m.validation.seed), m.validation.measure.c_str(),
                m.validation.mean, m.validation.sd);
    std::printf("Out-of-fold predictions of repeat 1:\n");
    printEvaluation(r.crossValidated);
    if (const auto& stage = m.pipeline.radScore) {
        const auto& rs = *m.pipeline.spec.radScore;
        std::printf("Stage 1, rad-score: %s, lambda %.6g, %zu of %zu radiomic features:",
                    modeling::penaltyName(rs.penalty), stage->model.lambda,
                    stage->model.features.size(), rs.features.size());
        for (const auto& f : stage->model.features)
            std::printf(" %s", f.c_str());
        if (rs.crossFitFolds > 0)
            std::printf("\n  (the second stage was fitted on %d-fold cross-fitted training "
                        "rad-scores)\n",
                        rs.crossFitFolds);
        else
            std::printf("\n  (the second stage was fitted on in-sample training rad-scores)\n");
        std::printf("Stage 2, rad-score + clinical:\n");
    }
    if (m.pipeline.algorithm) {
        printLearner(*m.pipeline.algorithm, learner.algorithmOptions);
    } else if (learner.penalty != modeling::Penalty::None)
        std::printf("Final model: lambda %.6g (inner %d-fold CV, %s), ", m.pipeline.model.lambda,
                    learner.innerFolds,
                    learner.lambdaRule == modeling::LambdaRule::Min ? "lambda.min" : "lambda.1se");
    else
        std::printf("Final model: ");
    std::printf("%s%zu of %zu candidate features", m.pipeline.algorithm ? "Selected " : "",
                m.pipeline.model.features.size(), m.training.candidateFeatures.size());
    if (!m.pipeline.algorithm) { // a learner's are listed by importance above
        std::printf(":");
        for (const auto& f : m.pipeline.model.features)
            std::printf(" %s", f.c_str());
    }
    std::printf("\n");
    if (r.optimism)
        printOptimism(*r.optimism);
    std::printf("Wrote %s (model id %s)\n", file.c_str(), id.substr(0, 12).c_str());
}

/// --stability versions: the repeats of the cohort's stored segmentation
/// versions (storage::stabilityVersionRepeats). Every candidate must be a
/// radiomic feature of --parameter-set, since only those are measured again
/// on another version; UsageError naming the others.
std::shared_ptr<const stats::DataTable>
segmentationVersionRepeats(const CliContext& context, const ParsedArgs& parsed,
                           const AnalysisInput& input, const modeling::TrainingRequest& request) {
    const std::string& parameterSet = *parsed.value("--parameter-set");
    const std::vector<std::string> candidates =
        request.features.empty() ? modeling::defaultFeatures(input.table, request.task)
                                 : request.features;
    storage::Database db(context.databasePath());
    storage::StabilityVersionRepeats repeats;
    try {
        repeats = storage::stabilityVersionRepeats(db, *parsed.value("--cohort"), parameterSet,
                                                   input.featureColumns, candidates);
    } catch (const storage::NotRadiomicCandidates& e) {
        const std::size_t count = e.candidates.size();
        throw UsageError("--stability versions filters the radiomic features of --parameter-set " +
                         parameterSet + "; " + std::to_string(count) + " candidate" +
                         (count == 1 ? " is" : "s are") + " not (" + e.firstFew() +
                         "): give --features with radiomic features only, or "
                         "--stability REPEATS.csv with every candidate");
    }
    if (!parsed.has("--json"))
        std::printf("Stability repeats: %zu of %zu patients with features have an earlier "
                    "segmentation version extracted with %s (the version before the analysed "
                    "one)\n",
                    repeats.pairs.pairs.size(), repeats.pairs.patientsWithFeatures,
                    parameterSet.c_str());
    return repeats.repeats;
}

} // namespace

int trainModelCommand(const CliContext& context, const ParsedArgs& parsed) {
    if (parsed.positional.size() != 1)
        throw UsageError("model train takes no positional arguments");
    modeling::TrainingRequest request;
    request.task = taskOptions(parsed, "model train");
    if (const auto* batch = parsed.value("--combat"))
        request.task.batchColumn = *batch;
    request.pipeline = pipelineOf(parsed, request.task.kind);
    if (const auto* features = parsed.value("--features"))
        request.features = commaList(*features);
    radScoreOf(parsed, request);
    request.validation.folds = positiveInt(parsed, "--folds", 0);
    if (!parsed.value("--folds"))
        throw UsageError("model train needs --folds K");
    request.validation.repeats = positiveInt(parsed, "--repeats", 1);
    request.validation.seed = seedOf(parsed);
    request.validation.threads = static_cast<unsigned>(positiveInt(parsed, "--threads", 0));
    if (parsed.value("--bootstraps"))
        request.optimism =
            modeling::OptimismSpec{positiveInt(parsed, "--bootstraps", 200),
                                   request.validation.seed, request.validation.threads};
    const std::string* repeats = parsed.value("--stability");
    const bool versions = repeats && *repeats == "versions";
    if (repeats) {
        modeling::StabilitySpec stability;
        if (const auto* kind = parsed.value("--icc"))
            stability.kind = stats::parseIccKind(*kind);
        if (const auto* threshold = parsed.value("--icc-threshold"))
            stability.threshold = parseNumberOption("--icc-threshold", *threshold);
        if (versions) {
            if (parsed.value("--table"))
                throw UsageError("--stability versions reads the stored segmentation versions of "
                                 "--cohort NAME; a --table has none (give --stability "
                                 "REPEATS.csv)");
            if (!parsed.value("--cohort"))
                throw UsageError("--stability versions needs --cohort NAME");
            if (!parsed.value("--parameter-set"))
                throw UsageError("--stability versions needs --parameter-set P (the features "
                                 "compared across segmentation versions)");
            stability.repeatsSource = storage::kSegmentationVersionsSource;
        } else {
            request.repeats =
                std::make_shared<const stats::DataTable>(stats::DataTable::read(*repeats));
        }
        request.pipeline.stability = stability;
    } else if (parsed.value("--icc") || parsed.value("--icc-threshold")) {
        throw UsageError(
            "--icc and --icc-threshold are options of --stability REPEATS.csv|versions");
    }
    const std::filesystem::path out = requireOption(parsed, "model train", "--out", "MODEL.json");
    const std::string* name = parsed.value("--name");
    request.name = name ? *name : out.stem().string();

    AnalysisInput input = readAnalysisInput(context, parsed);
    if (versions)
        request.repeats = segmentationVersionRepeats(context, parsed, input, request);
    const modeling::TrainingSource source{input.source, input.provenance.cohort,
                                          input.provenance.parameterSetHash};
    SigintCancel sigint;
    ConsoleProgress progress("training");
    const modeling::TrainingResult result = modeling::trainModel(
        input.table, std::move(request), source, progress.callback(), sigint.token());
    progress.finish();
    modeling::saveModelFile(result.model, out);
    const std::string id = modeling::modelId(result.model);
    if (parsed.has("--json"))
        printJson(trainingJson(result, id, out.string()));
    else
        printTraining(result, id, out.string());
    return kExitOk;
}

int evaluateModelCommand(const CliContext& context, const ParsedArgs& parsed) {
    if (parsed.positional.size() != 2)
        throw UsageError("usage: model evaluate MODEL.json (--cohort NAME | --table F.csv)");
    const std::filesystem::path file = parsed.positional[1];
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec))
        throw NotFoundError("no such file: " + file.string());
    const modeling::TrainedModel model = modeling::loadModelFile(file);
    const AnalysisInput input = parsed.value("--cohort") && !parsed.value("--table")
                                    ? modelCohortInput(context, parsed, model)
                                    : readAnalysisInput(context, parsed);
    const modeling::ModelEvaluation e =
        modeling::evaluateModel(model, input.table, {input.provenance.parameterSetHash});
    if (parsed.has("--json")) {
        QJsonObject out = toJson(e.evaluation);
        out["model"] = QString::fromStdString(model.name);
        out["model_id"] = QString::fromStdString(e.scoring.modelId);
        out["rows_used"] = QString::fromStdString(e.rowsUsed);
        out["rows_without_response"] = qint64(e.rowsWithoutResponse);
        out["rows_that_trained_the_model"] = qint64(e.rowsThatTrainedTheModel);
        out["refused"] = toJson(e.scoring)["refused"];
        printJson(out);
        return kExitOk;
    }
    std::printf("Model '%s' (%s) on %s of %s:\n", model.name.c_str(),
                e.scoring.modelId.substr(0, 12).c_str(), e.rowsUsed.c_str(), input.source.c_str());
    printEvaluation(e.evaluation);
    if (e.rowsThatTrainedTheModel != 0)
        std::printf("warning: %zu of these rows trained the model; their performance is "
                    "optimistic\n",
                    e.rowsThatTrainedTheModel);
    printRefused(e.scoring);
    return kExitOk;
}

namespace {

/// MODEL.json when the file exists, else a stored model by name or id prefix.
modeling::TrainedModel modelArgument(storage::Database& db, const std::string& key,
                                     std::optional<storage::StoredModel>& stored) {
    std::error_code ec;
    if (std::filesystem::is_regular_file(key, ec)) {
        modeling::TrainedModel model = modeling::loadModelFile(key);
        stored = storage::storeModel(db, model);
        return model;
    }
    if (key.size() > 5 && key.substr(key.size() - 5) == ".json")
        throw NotFoundError("no such file: " + key);
    stored = storage::findModel(db, key);
    return storage::loadStoredModel(db, *stored);
}

QJsonObject storedJson(const storage::StoredModel& m) {
    return QJsonObject{{"name", QString::fromStdString(m.name)},
                       {"model_id", QString::fromStdString(m.modelId)},
                       {"kind", QString::fromStdString(m.kind)},
                       {"created_at", QString::fromStdString(m.createdUtc)},
                       {"software_version", QString::fromStdString(m.softwareVersion)},
                       {"cohort", QString::fromStdString(m.cohort)},
                       {"parameter_set_hash", QString::fromStdString(m.parameterSetHash)},
                       {"stored_at", QString::fromStdString(m.storedUtc)},
                       {"predictions", qint64(m.predictions)}};
}

} // namespace

int scoreModelCommand(const CliContext& context, const ParsedArgs& parsed) {
    if (parsed.positional.size() != 2 || !parsed.value("--cohort"))
        throw UsageError("usage: model score MODEL.json|NAME --cohort NAME[@VERSION] "
                         "[--parameter-set P]");
    storage::Database db(context.databasePath());
    std::optional<storage::StoredModel> stored;
    const modeling::TrainedModel model = modelArgument(db, parsed.positional[1], stored);
    storage::CohortScoringOptions options;
    options.cohort = *parsed.value("--cohort");
    // The features of the model's own parameter set unless told otherwise;
    // scoring refuses another one either way.
    if (const std::string* set = parsed.value("--parameter-set"))
        options.parameterSet = *set;
    SigintCancel sigint;
    options.cancel = sigint.token();
    const storage::CohortScoringResult result = storage::scoreCohort(db, *stored, options);
    const modeling::ScoringResult& scoring = result.scoring;
    const std::size_t saved = result.stored;
    if (parsed.has("--json")) {
        QJsonObject out = toJson(scoring);
        out["model"] = QString::fromStdString(model.name);
        out["software_version"] = QString::fromStdString(model.softwareVersion);
        out["cohort"] = QString::fromStdString(result.provenance.cohort);
        out["stored"] = qint64(saved);
        printJson(out);
        return kExitOk;
    }
    std::printf("Scored %zu patient%s of %s with '%s' (%s); predictions stored\n",
                scoring.scored.size(), scoring.scored.size() == 1 ? "" : "s", result.source.c_str(),
                model.name.c_str(), scoring.modelId.substr(0, 12).c_str());
    for (const auto& p : scoring.scored) {
        std::printf("  %-16s %10.4f", p.patientId.c_str(), p.score);
        if (!p.predictedClass.empty())
            std::printf("  %s", p.predictedClass.c_str());
        if (!p.riskGroup.empty())
            std::printf("  %s risk", p.riskGroup.c_str());
        if (!p.imputed.empty())
            std::printf("  (imputed %zu input%s)", p.imputed.size(),
                        p.imputed.size() == 1 ? "" : "s");
        std::printf("\n");
    }
    printRefused(scoring);
    return kExitOk;
}

int importModelCommand(const CliContext& context, const ParsedArgs& parsed) {
    if (parsed.positional.size() != 2)
        throw UsageError("usage: model import MODEL.json");
    std::error_code ec;
    if (!std::filesystem::is_regular_file(parsed.positional[1], ec))
        throw NotFoundError("no such file: " + parsed.positional[1]);
    storage::Database db(context.databasePath());
    const storage::StoredModel m = storage::importModelFile(db, parsed.positional[1]);
    if (parsed.has("--json"))
        printJson(storedJson(m));
    else
        std::printf("Model '%s' (%s, %s) is in %s\n", m.name.c_str(), m.kind.c_str(),
                    m.modelId.substr(0, 12).c_str(), context.databasePath().string().c_str());
    return kExitOk;
}

int listModelsCommand(const CliContext& context, const ParsedArgs& parsed) {
    storage::Database db(context.databasePath());
    const std::vector<storage::StoredModel> models = storage::listModels(db);
    if (parsed.has("--json")) {
        QJsonArray out;
        for (const auto& m : models)
            out.append(storedJson(m));
        printJson(out);
        return kExitOk;
    }
    for (const auto& m : models)
        std::printf("%-12s  %-24s %-11s %-20s %5zu predictions  %s\n",
                    m.modelId.substr(0, 12).c_str(), m.name.c_str(), m.kind.c_str(),
                    m.createdUtc.c_str(), m.predictions,
                    m.cohort.empty() ? "" : ("trained on " + m.cohort).c_str());
    if (models.empty())
        std::printf("No models in %s\n", context.databasePath().string().c_str());
    return kExitOk;
}

int predictionsCommand(const CliContext& context, const ParsedArgs& parsed) {
    if (parsed.positional.size() != 2)
        throw UsageError("usage: model predictions NAME|ID");
    storage::Database db(context.databasePath());
    const storage::StoredModel m = storage::findModel(db, parsed.positional[1]);
    const std::vector<storage::StoredPrediction> rows = storage::predictionsForModel(db, m);
    if (parsed.has("--json")) {
        QJsonArray out;
        for (const auto& p : rows) {
            QJsonObject row{{"patient_id", QString::fromStdString(p.patientId)},
                            {"score", p.score},
                            {"class", QString::fromStdString(p.predictedClass)},
                            {"risk_group", QString::fromStdString(p.riskGroup)},
                            {"model_id", QString::fromStdString(p.modelId)},
                            {"software_version", QString::fromStdString(p.softwareVersion)},
                            {"scored_at", QString::fromStdString(p.scoredUtc)}};
            out.append(row);
        }
        printJson(out);
        return kExitOk;
    }
    for (const auto& p : rows)
        std::printf("%-16s %10.4f  %-12s %-8s %s\n", p.patientId.c_str(), p.score,
                    p.predictedClass.c_str(), p.riskGroup.c_str(), p.scoredUtc.c_str());
    return kExitOk;
}

} // namespace rgw::cli
