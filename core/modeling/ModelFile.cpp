#include "modeling/ModelFile.h"

#include "modeling/SpecNames.h"
#include "radiomics/Sha256.h"
#include "util/AtomicFile.h"
#include "util/Error.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <sstream>

namespace rgw::modeling {

namespace {

using Json = nlohmann::ordered_json;

constexpr const char* kFormat = "rgw-model";
constexpr int kFormatVersion = 1;
/// The deepest nesting of arrays and objects read (a model file needs 5):
/// the id is computed by serialising what was read, which recurses.
constexpr int kMaxNesting = 32;

// ---- writing ----------------------------------------------------------------

/// NaN (a value the model leaves undefined) is written as null.
Json number(double v) {
    return std::isfinite(v) ? Json(v) : Json(nullptr);
}

Json vector(const Eigen::VectorXd& v) {
    Json out = Json::array();
    for (Eigen::Index i = 0; i < v.size(); ++i)
        out.push_back(number(v(i)));
    return out;
}

Json vector(const std::vector<double>& v) {
    Json out = Json::array();
    for (const double x : v)
        out.push_back(number(x));
    return out;
}

/// A matrix as an array of its columns.
Json columnsOf(const Eigen::MatrixXd& m) {
    Json out = Json::array();
    for (Eigen::Index j = 0; j < m.cols(); ++j)
        out.push_back(vector(Eigen::VectorXd(m.col(j))));
    return out;
}

/// A selection step: the fields every kind has, then the options of the kind
/// that has them (so the files of the other kinds stay as they were).
Json selectionJson(const SelectionStep& step) {
    Json out = {{"kind", selectionKindName(step.kind)},
                {"threshold", step.threshold},
                {"max_features", step.maxFeatures},
                {"test", univariateTestName(step.test)}};
    switch (step.kind) {
    case SelectionKind::Lasso:
        out["alpha"] = step.alpha;
        out["lambda_rule"] = lambdaRuleName(step.lambdaRule);
        out["inner_folds"] = step.innerFolds;
        break;
    case SelectionKind::ReliefF:
        out["neighbours"] = step.neighbours;
        break;
    case SelectionKind::SvmRfe:
        out["svm_cost"] = step.svmCost;
        out["elimination_share"] = step.eliminationShare;
        break;
    default:
        break;
    }
    return out;
}

/// The learner and its hyperparameters; the seed is fitPipeline's (the
/// validation seed), recorded there.
Json algorithmJson(LearnerKind kind, const LearnerOptions& o) {
    return {{"kind", learnerKindName(kind)},
            {"trees", o.trees},
            {"depth", o.depth},
            {"eta", o.eta},
            {"subsample", o.subsample},
            {"colsample", o.colsample},
            {"min_child_weight", o.minChildWeight},
            {"lambda", o.lambda},
            {"svm_c", o.svmC},
            {"svm_gamma", o.svmGamma},
            {"platt_folds", o.plattFolds}};
}

Json specJson(const PipelineSpec& spec) {
    Json selection = Json::array();
    for (const SelectionStep& step : spec.selection)
        selection.push_back(selectionJson(step));
    const LearnerSpec& l = spec.learner;
    Json learner = {{"kind", modelKindName(l.kind)},
                    {"penalty", penaltyName(l.penalty)},
                    {"alpha", l.alpha ? Json(*l.alpha) : Json(nullptr)},
                    {"lambda_rule", lambdaRuleName(l.lambdaRule)},
                    {"inner_folds", l.innerFolds},
                    {"ties", coxTiesName(l.ties)}};
    // Written only for a non-linear learner: the files (and ids) of linear
    // models stay as they were.
    if (l.algorithm)
        learner["algorithm"] = algorithmJson(*l.algorithm, l.algorithmOptions);
    Json out = {{"preprocessing",
                 {{"imputation", imputationName(spec.preprocessing.imputation)},
                  {"log_columns", spec.preprocessing.logColumns},
                  {"z_score", spec.preprocessing.zScore}}},
                {"combat", spec.combat},
                {"selection", selection},
                {"learner", learner}};
    // Written only when they differ from the defaults, as above.
    if (!spec.combatCovariates.empty())
        out["combat_covariates"] = spec.combatCovariates;
    if (!spec.combatParametric)
        out["combat_parametric"] = false;
    if (spec.combatMeanOnly)
        out["combat_mean_only"] = true;
    if (spec.stability) {
        out["stability"] = {{"icc", std::string(stats::iccKindName(spec.stability->kind))},
                            {"threshold", spec.stability->threshold}};
        // Only when recorded, so models of a user's repeats table keep their ids.
        if (!spec.stability->repeatsSource.empty())
            out["stability"]["repeats"] = spec.stability->repeatsSource;
    }
    if (spec.radScore) {
        const RadScoreSpec& r = *spec.radScore;
        out["rad_score"] = {{"features", r.features},
                            {"preprocessing",
                             {{"imputation", imputationName(r.preprocessing.imputation)},
                              {"log_columns", r.preprocessing.logColumns},
                              {"z_score", r.preprocessing.zScore}}},
                            {"penalty", penaltyName(r.penalty)},
                            {"alpha", r.alpha ? Json(*r.alpha) : Json(nullptr)},
                            {"lambda_rule", lambdaRuleName(r.lambdaRule)},
                            {"inner_folds", r.innerFolds},
                            {"cross_fit_folds", r.crossFitFolds}};
    }
    return out;
}

Json preprocessingJson(const FittedPreprocessing& p) {
    std::vector<int> logged;
    for (const bool b : p.logged)
        logged.push_back(b ? 1 : 0);
    return {{"columns", p.columns},
            {"fill", vector(p.fill)},
            {"logged", logged},
            {"log_shift", vector(p.logShift)},
            {"log_floor", vector(p.logFloor)},
            {"center", vector(p.center)},
            {"scale", vector(p.scale)}};
}

Json combatJson(const stats::ComBatModel& c) {
    std::vector<long long> sizes(c.batchSizes.begin(), c.batchSizes.end());
    std::vector<int> harmonised;
    for (const bool b : c.harmonised)
        harmonised.push_back(b ? 1 : 0);
    return {{"batches", c.batches},
            {"batch_sizes", sizes},
            {"mean_only", c.meanOnly},
            {"harmonised", harmonised},
            {"grand_mean", vector(c.grandMean)},
            {"pooled_sd", vector(c.pooledSd)},
            {"covariate_beta", columnsOf(c.covariateBeta)},
            {"gamma_star", columnsOf(c.gammaStar)},
            {"delta_star", columnsOf(c.deltaStar)}};
}

/// A linear model by its coefficients; a non-linear learner by the library
/// state encodeLearnerState writes (checksummed and validated on reading).
Json fittedModelJson(const FittedPipeline& f) {
    if (f.algorithm)
        return {{"type", "learner"},
                {"features", f.model.features},
                {"state", encodeLearnerState(*f.algorithm)}};
    return {{"type", "linear"},
            {"features", f.model.features},
            {"intercept", vector(f.model.intercept)},
            {"beta", columnsOf(f.model.beta)},
            {"lambda", f.model.lambda}};
}

Json pipelineJson(const FittedPipeline& f) {
    Json out = {{"input_features", f.inputFeatures},
                {"preprocessing", preprocessingJson(f.preprocessing)},
                {"combat", f.combat ? combatJson(*f.combat) : Json(nullptr)},
                {"selected", std::vector<long long>(f.selected.begin(), f.selected.end())},
                {"model", fittedModelJson(f)},
                {"classes", f.classes}};
    // Written only for a rad-score model: other files (and ids) stay as they were.
    if (f.radScore)
        out["rad_score"] = pipelineJson(*f.radScore);
    return out;
}

Json modelJson(const TrainedModel& m) {
    const ModelTask& t = m.task;
    const TrainingRecord& r = m.training;
    const ValidationRecord& v = m.validation;
    return {{"format", kFormat},
            {"format_version", kFormatVersion},
            {"name", m.name},
            {"software_version", m.softwareVersion},
            {"created_utc", m.createdUtc},
            {"task",
             {{"kind", modelKindName(t.kind)},
              {"target", t.target},
              {"time", t.time},
              {"event", t.event},
              {"batch_column", t.batchColumn},
              {"classes", t.classes}}},
            {"training",
             {{"source", r.source},
              {"cohort", r.cohort},
              {"parameter_set_hash", r.parameterSetHash},
              {"id_column", r.idColumn},
              {"members", r.members},
              {"members_sha256", r.membersSha256},
              {"candidate_features", r.candidateFeatures},
              {"rows_without_response", r.rowsWithoutResponse}}},
            {"spec", specJson(m.pipeline.spec)},
            {"pipeline", pipelineJson(m.pipeline)},
            {"validation",
             {{"folds", v.folds},
              {"repeats", v.repeats},
              // as text: a 64-bit seed does not survive JSON readers that use doubles
              {"seed", std::to_string(v.seed)},
              {"measure", v.measure},
              {"mean", number(v.mean)},
              {"sd", number(v.sd)},
              {"per_repeat", vector(v.perRepeat)}}},
            {"decision",
             {{"threshold", number(m.decision.threshold)},
              {"risk_cutoffs", vector(m.decision.riskCutoffs)}}}};
}

/// The JSON text; rgw::Error for a text in the model that is not UTF-8 (a
/// column name read from a Latin-1 table), which JSON cannot hold.
std::string dumped(const Json& json, int indent = -1) {
    try {
        return json.dump(indent);
    } catch (const nlohmann::json::type_error& e) {
        throw Error(std::string("the model cannot be written: a name or text in it is not valid "
                                "UTF-8 (") +
                    e.what() + ")");
    }
}

std::string idOf(const Json& withoutId) {
    return radiomics::sha256Hex(dumped(withoutId));
}

// ---- reading ----------------------------------------------------------------

/// A JSON value with its path for error messages.
class Field {
public:
    Field(const Json& value, std::string path, const std::string& source)
        : value_(value), path_(std::move(path)), source_(source) {}

    [[noreturn]] void fail(const std::string& what) const {
        throw Error(source_ + ": " + path_ + " " + what);
    }

    Field operator[](const char* key) const {
        if (!value_.is_object())
            fail("is not an object");
        const auto it = value_.find(key);
        if (it == value_.end())
            Field(value_, path_ + "." + key, source_).fail("is missing");
        return {*it, path_ + "." + key, source_};
    }
    Field at(std::size_t i) const {
        return {value_[i], path_ + "[" + std::to_string(i) + "]", source_};
    }
    std::size_t size() const {
        if (!value_.is_array())
            fail("is not an array");
        return value_.size();
    }
    bool isNull() const { return value_.is_null(); }
    /// Whether the object has `key` (an optional field).
    bool has(const char* key) const {
        if (!value_.is_object())
            fail("is not an object");
        return value_.contains(key);
    }

    std::string text() const {
        if (!value_.is_string())
            fail("is not a string");
        return value_.get<std::string>();
    }
    bool flag() const {
        if (!value_.is_boolean())
            fail("is not true or false");
        return value_.get<bool>();
    }
    double number(bool nullIsNaN = false) const {
        if (nullIsNaN && value_.is_null())
            return std::numeric_limits<double>::quiet_NaN();
        if (!value_.is_number())
            fail(nullIsNaN ? "is not a number or null" : "is not a number");
        const double v = value_.get<double>();
        if (!std::isfinite(v))
            fail("is not finite");
        return v;
    }
    long long integer(long long lo, long long hi) const {
        if (!value_.is_number_integer())
            fail("is not an integer");
        // An unsigned value beyond long long would wrap around: name it as written.
        if (value_.is_number_unsigned() &&
            (hi < 0 || value_.get<unsigned long long>() > static_cast<unsigned long long>(hi)))
            fail("is " + value_.dump() + ", outside " + std::to_string(lo) + ".." +
                 std::to_string(hi));
        const long long v = value_.get<long long>();
        if (v < lo || v > hi)
            fail("is " + std::to_string(v) + ", outside " + std::to_string(lo) + ".." +
                 std::to_string(hi));
        return v;
    }
    std::vector<std::string> texts() const {
        std::vector<std::string> out(size());
        for (std::size_t i = 0; i < out.size(); ++i)
            out[i] = at(i).text();
        return out;
    }
    std::vector<double> numbers(bool nullIsNaN = false) const {
        std::vector<double> out(size());
        for (std::size_t i = 0; i < out.size(); ++i)
            out[i] = at(i).number(nullIsNaN);
        return out;
    }
    Eigen::VectorXd vector(std::size_t expected, bool nullIsNaN = false) const {
        const std::vector<double> v = numbers(nullIsNaN);
        if (v.size() != expected)
            fail("has " + std::to_string(v.size()) + " values for " + std::to_string(expected));
        return Eigen::Map<const Eigen::VectorXd>(v.data(), static_cast<Eigen::Index>(v.size()));
    }
    /// A rows × cols matrix stored as an array of `cols` columns.
    Eigen::MatrixXd columns(std::size_t rows, std::size_t cols, bool nullIsNaN = false) const {
        if (size() != cols)
            fail("has " + std::to_string(size()) + " columns for " + std::to_string(cols));
        Eigen::MatrixXd m(static_cast<Eigen::Index>(rows), static_cast<Eigen::Index>(cols));
        for (std::size_t j = 0; j < cols; ++j)
            m.col(static_cast<Eigen::Index>(j)) = at(j).vector(rows, nullIsNaN);
        return m;
    }
    std::vector<bool> flags(std::size_t expected) const {
        if (size() != expected)
            fail("has " + std::to_string(size()) + " values for " + std::to_string(expected));
        std::vector<bool> out;
        for (std::size_t i = 0; i < expected; ++i)
            out.push_back(at(i).integer(0, 1) == 1);
        return out;
    }
    template <class Parse> auto named(Parse parse) const {
        const std::string name = text(); // a type error is reported as such, once
        try {
            return parse(name);
        } catch (const Error& e) {
            fail(std::string("is invalid: ") + e.what());
        }
    }

private:
    const Json& value_;
    std::string path_;
    const std::string& source_;
};

constexpr long long kMaxCount = 1'000'000;

/// v as %g writes it ("0.5", "inf"), for messages.
std::string shortNumber(double v) {
    char text[32];
    std::snprintf(text, sizeof text, "%g", v);
    return text;
}

/// A number in [lo, hi] (lo excluded when `open`).
double numberIn(const Field& f, double lo, double hi, bool open = false) {
    const double v = f.number();
    if (!(open ? v > lo : v >= lo) || !(v <= hi))
        f.fail("is " + shortNumber(v) + ", outside " + (open ? "(" : "[") + shortNumber(lo) + ", " +
               shortNumber(hi) + "]");
    return v;
}

void readAlgorithm(const Field& f, LearnerSpec& learner) {
    const LearnerKind kind = f["kind"].named(parseLearnerKind);
    LearnerOptions& o = learner.algorithmOptions;
    o = defaultLearnerOptions(kind);
    o.trees = static_cast<int>(f["trees"].integer(1, kMaxCount));
    o.depth = static_cast<int>(f["depth"].integer(1, 64));
    o.eta = numberIn(f["eta"], 0, 1, true);
    o.subsample = numberIn(f["subsample"], 0, 1, true);
    o.colsample = numberIn(f["colsample"], 0, 1);
    o.minChildWeight = numberIn(f["min_child_weight"], 0, HUGE_VAL);
    o.lambda = numberIn(f["lambda"], 0, HUGE_VAL);
    o.svmC = numberIn(f["svm_c"], 0, HUGE_VAL, true);
    o.svmGamma = numberIn(f["svm_gamma"], 0, HUGE_VAL);
    o.plattFolds = static_cast<int>(f["platt_folds"].integer(2, kMaxCount));
    learner.algorithm = kind;
}

void readSelectionOptions(const Field& s, SelectionStep& step) {
    switch (step.kind) {
    case SelectionKind::Lasso:
        step.alpha = numberIn(s["alpha"], 0, 1, true);
        step.lambdaRule = s["lambda_rule"].named(parseLambdaRule);
        step.innerFolds = static_cast<int>(s["inner_folds"].integer(3, kMaxCount));
        break;
    case SelectionKind::ReliefF:
        step.neighbours = static_cast<int>(s["neighbours"].integer(1, kMaxCount));
        break;
    case SelectionKind::SvmRfe:
        step.svmCost = numberIn(s["svm_cost"], 0, HUGE_VAL, true);
        step.eliminationShare = numberIn(s["elimination_share"], 0, 1);
        if (step.eliminationShare == 1)
            s["elimination_share"].fail("is 1; a step must keep some features (share < 1)");
        break;
    default:
        break;
    }
}

PipelineSpec readSpec(const Field& f) {
    PipelineSpec spec;
    const Field pre = f["preprocessing"];
    spec.preprocessing.imputation = pre["imputation"].named(parseImputation);
    spec.preprocessing.logColumns = pre["log_columns"].texts();
    spec.preprocessing.zScore = pre["z_score"].flag();
    spec.combat = f["combat"].flag();
    const Field selection = f["selection"];
    for (std::size_t i = 0; i < selection.size(); ++i) {
        const Field s = selection.at(i);
        SelectionStep step;
        step.kind = s["kind"].named(parseSelectionKind);
        step.threshold = s["threshold"].number();
        step.maxFeatures = static_cast<int>(s["max_features"].integer(0, kMaxCount));
        step.test = s["test"].named(parseUnivariateTest);
        readSelectionOptions(s, step);
        spec.selection.push_back(step);
    }
    if (f.has("combat_covariates"))
        spec.combatCovariates = f["combat_covariates"].texts();
    if (f.has("combat_parametric"))
        spec.combatParametric = f["combat_parametric"].flag();
    if (f.has("combat_mean_only"))
        spec.combatMeanOnly = f["combat_mean_only"].flag();
    if (f.has("stability")) {
        const Field s = f["stability"];
        StabilitySpec stability;
        stability.kind = s["icc"].named(stats::parseIccKind);
        stability.threshold = numberIn(s["threshold"], 0, 1);
        if (s.has("repeats"))
            stability.repeatsSource = s["repeats"].text();
        spec.stability = stability;
    }
    const Field l = f["learner"];
    spec.learner.kind = l["kind"].named(parseModelKind);
    spec.learner.penalty = l["penalty"].named(parsePenalty);
    if (!l["alpha"].isNull())
        spec.learner.alpha = l["alpha"].number();
    spec.learner.lambdaRule = l["lambda_rule"].named(parseLambdaRule);
    spec.learner.innerFolds = static_cast<int>(l["inner_folds"].integer(2, kMaxCount));
    spec.learner.ties = l["ties"].named(parseCoxTies);
    if (l.has("algorithm"))
        readAlgorithm(l["algorithm"], spec.learner);
    if (f.has("rad_score")) {
        const Field r = f["rad_score"];
        RadScoreSpec rs;
        rs.features = r["features"].texts();
        if (rs.features.empty())
            r["features"].fail("is empty");
        const Field rp = r["preprocessing"];
        rs.preprocessing.imputation = rp["imputation"].named(parseImputation);
        rs.preprocessing.logColumns = rp["log_columns"].texts();
        rs.preprocessing.zScore = rp["z_score"].flag();
        rs.penalty = r["penalty"].named(parsePenalty);
        if (!r["alpha"].isNull())
            rs.alpha = r["alpha"].number();
        rs.lambdaRule = r["lambda_rule"].named(parseLambdaRule);
        rs.innerFolds = static_cast<int>(r["inner_folds"].integer(2, kMaxCount));
        rs.crossFitFolds = static_cast<int>(r["cross_fit_folds"].integer(0, kMaxCount));
        if (rs.crossFitFolds == 1)
            r["cross_fit_folds"].fail("is 1; it is 0 (in-sample) or at least 2");
        if (spec.learner.kind == ModelKind::Multinomial || spec.learner.algorithm || spec.combat ||
            spec.stability)
            r.fail("is given but the model is not a linear logistic or Cox model without "
                   "ComBat and the stability filter");
        spec.radScore = rs;
    }
    return spec;
}

FittedPreprocessing readPreprocessing(const Field& f, std::size_t columns) {
    FittedPreprocessing p;
    p.columns = f["columns"].texts();
    if (p.columns.size() != columns)
        f["columns"].fail("has " + std::to_string(p.columns.size()) + " names for " +
                          std::to_string(columns) + " input features");
    auto values = [&](const char* key) {
        const std::vector<double> v = f[key].numbers();
        if (v.size() != columns)
            f[key].fail("has " + std::to_string(v.size()) + " values for " +
                        std::to_string(columns) + " columns");
        return v;
    };
    p.fill = values("fill");
    p.logged = f["logged"].flags(columns);
    p.logShift = values("log_shift");
    p.logFloor = values("log_floor");
    p.center = values("center");
    p.scale = values("scale");
    for (std::size_t j = 0; j < columns; ++j) {
        if (!(p.scale[j] > 0))
            f["scale"].at(j).fail("is not positive");
        // applyPreprocessing clamps to log(floor + shift): it must be defined.
        if (p.logged[j] && !(p.logFloor[j] + p.logShift[j] > 0))
            f["log_floor"].at(j).fail("plus log_shift is outside the log's domain (not > 0)");
    }
    return p;
}

stats::ComBatModel readComBat(const Field& f, std::size_t features) {
    stats::ComBatModel c;
    c.batches = f["batches"].texts();
    if (c.batches.empty())
        f["batches"].fail("is empty");
    // applyComBat finds a row's batch by binary search.
    for (std::size_t b = 1; b < c.batches.size(); ++b)
        if (!(c.batches[b - 1] < c.batches[b]))
            f["batches"].fail("are not sorted and distinct");
    const Field sizes = f["batch_sizes"];
    if (sizes.size() != c.batches.size())
        sizes.fail("has " + std::to_string(sizes.size()) + " values for " +
                   std::to_string(c.batches.size()) + " batches");
    for (std::size_t b = 0; b < sizes.size(); ++b)
        c.batchSizes.push_back(static_cast<Eigen::Index>(sizes.at(b).integer(1, kMaxCount)));
    c.meanOnly = f["mean_only"].flag();
    c.harmonised = f["harmonised"].flags(features);
    c.grandMean = f["grand_mean"].vector(features, true);
    c.pooledSd = f["pooled_sd"].vector(features, true);
    const Field covariates = f["covariate_beta"];
    const std::size_t rows = covariates.size() == 0 ? 0 : covariates.at(0).size();
    c.covariateBeta = covariates.size() == 0
                          ? Eigen::MatrixXd(0, static_cast<Eigen::Index>(features))
                          : covariates.columns(rows, features, true);
    c.gammaStar = f["gamma_star"].columns(c.batches.size(), features, true);
    c.deltaStar = f["delta_star"].columns(c.batches.size(), features, true);
    for (std::size_t j = 0; j < features; ++j) {
        const auto jj = static_cast<Eigen::Index>(j);
        const bool finite = std::isfinite(c.grandMean(jj)) && std::isfinite(c.pooledSd(jj)) &&
                            c.gammaStar.col(jj).allFinite() && c.deltaStar.col(jj).allFinite() &&
                            c.covariateBeta.col(jj).allFinite();
        if (c.harmonised[j] && !finite)
            f["grand_mean"].fail("or another parameter of harmonised feature " + std::to_string(j) +
                                 " is null");
        if (c.harmonised[j] && !(c.pooledSd(jj) > 0 && (c.deltaStar.col(jj).array() > 0).all()))
            f["pooled_sd"].fail("or delta_star of feature " + std::to_string(j) +
                                " is not positive");
    }
    return c;
}

void readLinearModel(const Field& m, FittedPipeline& p) {
    if (p.spec.learner.algorithm)
        m["type"].fail("is 'linear' but the spec names the " +
                       std::string(learnerKindName(*p.spec.learner.algorithm)) + " learner");
    const std::size_t outputs =
        p.spec.learner.kind == ModelKind::Multinomial ? p.classes.size() : 1;
    p.model.intercept = m["intercept"].vector(outputs);
    p.model.beta = m["beta"].columns(p.selected.size(), outputs);
    p.model.lambda = m["lambda"].number();
    if (p.model.lambda < 0)
        m["lambda"].fail("is negative");
}

/// The learner's own checks (checksum, libsvm fields, xgboost accepting its
/// model, one prediction) and its agreement with the spec and the pipeline.
void readLearnerModel(const Field& m, FittedPipeline& p) {
    const Field state = m["state"];
    if (!p.spec.learner.algorithm)
        m["type"].fail("is 'learner' but the spec has no spec.learner.algorithm");
    TrainedLearner learner;
    try {
        learner = restoreLearnerState(state.text());
    } catch (const Error& e) {
        state.fail(std::string("is not a valid learner state: ") + e.what());
    }
    if (learner.kind != *p.spec.learner.algorithm)
        state.fail(std::string("holds a ") + learnerKindName(learner.kind) +
                   " learner; the spec names " + learnerKindName(*p.spec.learner.algorithm));
    if (learner.outcome != p.spec.learner.kind)
        state.fail(std::string("was trained on a ") + modelKindName(learner.outcome) +
                   " outcome; the spec is " + modelKindName(p.spec.learner.kind));
    if (learner.features != p.model.features)
        state.fail("names other features than pipeline.model.features");
    const std::size_t classes =
        p.spec.learner.kind == ModelKind::Cox ? 1 : std::max<std::size_t>(p.classes.size(), 2);
    if (static_cast<std::size_t>(learner.classes) != classes)
        state.fail("has " + std::to_string(learner.classes) + " classes; the pipeline has " +
                   std::to_string(classes));
    p.algorithm = std::move(learner);
}

FittedPipeline readPipeline(const Field& f, PipelineSpec spec) {
    FittedPipeline p;
    p.spec = std::move(spec);
    p.inputFeatures = f["input_features"].texts();
    // The stage columns: the inputs, or for a rad-score model the rad-score,
    // then the clinical inputs (those before the radiomic model's own).
    std::vector<std::string> stage = p.inputFeatures;
    if (p.spec.radScore.has_value() != f.has("rad_score"))
        f.fail(p.spec.radScore ? "lacks rad_score but the spec has a rad-score"
                               : "has rad_score but the spec has no rad-score");
    if (p.spec.radScore) {
        const Field r = f["rad_score"];
        auto radiomic = std::make_shared<FittedPipeline>(
            readPipeline(r, radScoreStageSpec(*p.spec.radScore, p.spec.learner.kind)));
        const std::vector<std::string>& own = radiomic->inputFeatures;
        const std::vector<std::string>& named = p.spec.radScore->features;
        for (std::size_t k = 0; k < own.size(); ++k)
            if (std::find(named.begin(), named.end(), own[k]) == named.end())
                r["input_features"].at(k).fail("is not a rad-score feature of the spec");
        if (own.size() > p.inputFeatures.size() ||
            !std::equal(own.begin(), own.end(),
                        p.inputFeatures.end() - static_cast<std::ptrdiff_t>(own.size())))
            f["input_features"].fail("do not end with rad_score.input_features");
        if (radiomic->classes != f["classes"].texts())
            r["classes"].fail("differ from the pipeline's classes");
        stage.assign(p.inputFeatures.begin(),
                     p.inputFeatures.end() - static_cast<std::ptrdiff_t>(own.size()));
        for (const std::string& name : stage)
            if (std::find(named.begin(), named.end(), name) != named.end() || name == kRadScoreName)
                f["input_features"].fail("name '" + name +
                                         "' as a clinical input; it is a rad-score feature");
        stage.insert(stage.begin(), kRadScoreName);
        p.radScore = std::move(radiomic);
    }
    const std::size_t inputs = stage.size();
    p.preprocessing = readPreprocessing(f["preprocessing"], inputs);
    if (p.preprocessing.columns != stage)
        f["preprocessing"]["columns"].fail(
            p.spec.radScore ? "are not rad-score followed by the clinical input_features"
                            : "differ from input_features");
    p.preprocessing.imputation = p.spec.preprocessing.imputation;
    if (!f["combat"].isNull())
        p.combat = readComBat(f["combat"], inputs);
    if (p.spec.combat != p.combat.has_value())
        f["combat"].fail(p.spec.combat ? "is null but the spec asks for ComBat"
                                       : "is given but the spec has no ComBat");
    // applyComBat takes the covariates by name from the inputs, in the order
    // of their coefficient rows.
    if (p.combat &&
        p.combat->covariates() != static_cast<Eigen::Index>(p.spec.combatCovariates.size()))
        f["combat"]["covariate_beta"].fail("has coefficients of " +
                                           std::to_string(p.combat->covariates()) +
                                           " covariates; the "
                                           "spec names " +
                                           std::to_string(p.spec.combatCovariates.size()));
    for (const std::string& name : p.spec.combatCovariates)
        if (std::find(p.inputFeatures.begin(), p.inputFeatures.end(), name) ==
            p.inputFeatures.end())
            f["input_features"].fail("lack the ComBat covariate '" + name + "'");
    const Field selected = f["selected"];
    for (std::size_t i = 0; i < selected.size(); ++i)
        p.selected.push_back(static_cast<Eigen::Index>(
            selected.at(i).integer(0, static_cast<long long>(inputs) - 1)));
    p.classes = f["classes"].texts();

    const Field m = f["model"];
    p.model.features = m["features"].texts();
    if (p.model.features.size() != p.selected.size())
        m["features"].fail("has " + std::to_string(p.model.features.size()) + " names for " +
                           std::to_string(p.selected.size()) + " selected features");
    for (std::size_t i = 0; i < p.selected.size(); ++i)
        if (p.model.features[i] != stage[static_cast<std::size_t>(p.selected[i])])
            m["features"].at(i).fail("is not the selected input feature");
    const ModelKind kind = p.spec.learner.kind;
    if (kind == ModelKind::Multinomial && p.classes.size() < 2)
        f["classes"].fail("has fewer than 2 classes");
    const std::string type = m["type"].text();
    if (type == "learner")
        readLearnerModel(m, p);
    else if (type == "linear")
        readLinearModel(m, p);
    else
        m["type"].fail("is '" + type + "'; this version reads 'linear' and 'learner' models");
    return p;
}

std::uint64_t readSeed(const Field& f) {
    const std::string text = f.text();
    std::uint64_t seed = 0;
    if (text.empty() || text.size() > 20)
        f.fail("is not a 64-bit seed");
    for (const char c : text) {
        if (c < '0' || c > '9')
            f.fail("is not a 64-bit seed");
        const auto digit = static_cast<std::uint64_t>(c - '0');
        if (seed > (std::numeric_limits<std::uint64_t>::max() - digit) / 10)
            f.fail("is not a 64-bit seed");
        seed = seed * 10 + digit;
    }
    return seed;
}

TrainedModel readModel(const Field& root) {
    if (root["format"].text() != kFormat)
        root["format"].fail("is not '" + std::string(kFormat) + "'");
    const long long version = root["format_version"].integer(1, 1'000'000);
    if (version != kFormatVersion)
        root["format_version"].fail("is " + std::to_string(version) + "; this program reads " +
                                    std::to_string(kFormatVersion));
    TrainedModel m;
    m.name = root["name"].text();
    m.softwareVersion = root["software_version"].text();
    m.createdUtc = root["created_utc"].text();

    const Field t = root["task"];
    m.task.kind = t["kind"].named(parseModelKind);
    m.task.target = t["target"].text();
    m.task.time = t["time"].text();
    m.task.event = t["event"].text();
    m.task.batchColumn = t["batch_column"].text();
    m.task.classes = t["classes"].texts();

    const Field r = root["training"];
    m.training.source = r["source"].text();
    m.training.cohort = r["cohort"].text();
    m.training.parameterSetHash = r["parameter_set_hash"].text();
    m.training.idColumn = r["id_column"].text();
    m.training.members = r["members"].texts();
    m.training.membersSha256 = r["members_sha256"].text();
    m.training.candidateFeatures = r["candidate_features"].texts();
    m.training.rowsWithoutResponse =
        static_cast<std::size_t>(r["rows_without_response"].integer(0, 1'000'000'000));

    m.pipeline = readPipeline(root["pipeline"], readSpec(root["spec"]));
    if (m.pipeline.spec.learner.kind != m.task.kind)
        root["spec"]["learner"]["kind"].fail("differs from task.kind");
    // Scoring names a prediction by its class index: one name per class,
    // the pipeline's own in its coding order.
    if (m.task.kind != ModelKind::Cox) {
        const std::size_t classes =
            m.task.kind == ModelKind::Logistic ? std::size_t{2} : m.pipeline.classes.size();
        if (m.task.classes.size() != classes)
            t["classes"].fail("has " + std::to_string(m.task.classes.size()) + " names for " +
                              std::to_string(classes) + " classes");
    }
    if (m.task.classes != m.pipeline.classes)
        t["classes"].fail("differ from pipeline.classes");
    if (m.pipeline.spec.combat != !m.task.batchColumn.empty())
        root["task"]["batch_column"].fail(m.pipeline.spec.combat ? "is empty but ComBat is used"
                                                                 : "is set but ComBat is not used");

    const Field v = root["validation"];
    m.validation.folds = static_cast<int>(v["folds"].integer(0, kMaxCount));
    m.validation.repeats = static_cast<int>(v["repeats"].integer(0, kMaxCount));
    m.validation.seed = readSeed(v["seed"]);
    m.validation.measure = v["measure"].text();
    m.validation.mean = v["mean"].number(true);
    m.validation.sd = v["sd"].number(true);
    m.validation.perRepeat = v["per_repeat"].numbers(true);

    const Field d = root["decision"];
    m.decision.threshold = d["threshold"].number(true);
    m.decision.riskCutoffs = d["risk_cutoffs"].numbers();
    // Risk groups are looked up between ascending cut-offs.
    if (!std::is_sorted(m.decision.riskCutoffs.begin(), m.decision.riskCutoffs.end()))
        d["risk_cutoffs"].fail("are not ascending");
    return m;
}

} // namespace

std::string modelId(const TrainedModel& model) {
    return idOf(modelJson(model));
}

std::string modelToJson(const TrainedModel& model) {
    Json json = modelJson(model);
    const std::string id = idOf(json);
    Json out = {{"format", json["format"]}, {"format_version", json["format_version"]}, {"id", id}};
    for (auto it = json.begin(); it != json.end(); ++it)
        if (it.key() != "format" && it.key() != "format_version")
            out[it.key()] = it.value();
    return dumped(out, 1) + "\n";
}

TrainedModel modelFromJson(std::string_view text, const std::string& source) {
    // nlohmann's parser ends the input at a NUL byte: without this check,
    // anything after one would ride along in a file whose id matches.
    if (const std::size_t nul = text.find('\0'); nul != std::string_view::npos)
        throw Error(source + ": not a JSON model file (a NUL byte at offset " +
                    std::to_string(nul) + ")");
    Json json;
    try {
        const auto shallow = [&](int depth, nlohmann::json::parse_event_t event, Json&) {
            if (depth > kMaxNesting && (event == nlohmann::json::parse_event_t::object_start ||
                                        event == nlohmann::json::parse_event_t::array_start))
                throw Error(source + ": not a model file (arrays or objects nested more than " +
                            std::to_string(kMaxNesting) + " levels deep)");
            return true;
        };
        json = Json::parse(text.begin(), text.end(), shallow);
    } catch (const nlohmann::json::exception& e) {
        throw Error(source + ": not a JSON model file (" + e.what() + ")");
    }
    const Field root(json, "model", source);
    const std::string id = root["id"].text();
    TrainedModel model = readModel(root);
    json.erase("id");
    if (idOf(json) != id)
        throw Error(source + ": the content does not match its id " + id +
                    " (the file was edited or damaged)");
    return model;
}

void saveModelFile(const TrainedModel& model, const std::filesystem::path& file) {
    writeTextFileAtomically(file, modelToJson(model));
}

TrainedModel loadModelFile(const std::filesystem::path& file) {
    std::error_code ec;
    const std::uintmax_t bytes = std::filesystem::file_size(file, ec);
    if (ec)
        throw Error("cannot read " + file.string() + ": " + ec.message());
    if (bytes > kMaxModelFileBytes)
        throw Error(file.string() + ": " + std::to_string(bytes >> 20) +
                    " MB is larger than a model file can be (" +
                    std::to_string(kMaxModelFileBytes >> 20) + " MB)");
    std::ifstream in(file, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in && !in.eof())
        throw Error("cannot read " + file.string());
    return modelFromJson(text.str(), file.string());
}

} // namespace rgw::modeling
