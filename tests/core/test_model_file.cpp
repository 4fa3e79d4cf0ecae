// Issue #13 §5: a trained model is stored with its whole pipeline as a
// portable JSON file that another installation can import. These tests show
// the file is exact (a model read back predicts bit-identically and writes
// the same text, with the same id) and that a damaged, edited or hostile file
// is refused with an rgw::Error naming the file and the field, never used.
// Pipelines are fitted on synthetic data drawn with rgw::Rng.

#include "modeling/ModelFile.h"
#include "radiomics/Sha256.h"
#include "util/Error.h"
#include "util/Random.h"

#include <algorithm>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <gtest/gtest.h>
#include <iterator>
#include <limits>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <sys/resource.h>
#include <vector>

namespace {

using namespace rgw::modeling;
namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr int kFeatures = 8;
const std::vector<std::string> kBatches = {"siteA", "siteB", "siteC"};

// ---- synthetic data -----------------------------------------------------------

/// n rows of 8 features: f0..f2 carry the signal, f7 is positive and skewed
/// (a log column), about 4 % of values are missing; with `batches`, each
/// site shifts and scales every feature (what ComBat removes).
PipelineData simulate(ModelKind kind, Eigen::Index n, std::uint64_t seed, bool batches) {
    rgw::Rng rng(seed);
    PipelineData d;
    for (int j = 0; j < kFeatures; ++j)
        d.features.push_back("f" + std::to_string(j));
    d.x.resize(n, kFeatures);
    Eigen::MatrixXd clean(n, kFeatures);
    for (Eigen::Index i = 0; i < n; ++i) {
        const std::size_t site = static_cast<std::size_t>(i) % kBatches.size();
        if (batches)
            d.batch.push_back(kBatches[site]);
        for (Eigen::Index j = 0; j < kFeatures; ++j) {
            const double z = rng.normal();
            clean(i, j) = j == kFeatures - 1 ? std::exp(0.7 * z) : z;
            const double shift = batches ? 0.6 * static_cast<double>(site) - 0.4 : 0.0;
            const double scale = batches ? 1.0 + 0.3 * static_cast<double>(site) : 1.0;
            d.x(i, j) = j == kFeatures - 1 ? clean(i, j) : clean(i, j) * scale + shift;
        }
    }
    const Eigen::VectorXd eta = 1.3 * clean.col(0) - 1.0 * clean.col(1) + 0.7 * clean.col(2);
    d.y.kind = kind;
    switch (kind) {
    case ModelKind::Logistic:
        d.y.classes = {"benign", "malignant"};
        d.y.label.resize(n);
        for (Eigen::Index i = 0; i < n; ++i)
            d.y.label(i) = rng.uniform() < 1.0 / (1.0 + std::exp(-eta(i))) ? 1.0 : 0.0;
        break;
    case ModelKind::Multinomial:
        // Class = argmax of the class predictors plus Gumbel noise (a multinomial logit).
        d.y.classes = {"grade1", "grade2", "grade3"};
        for (Eigen::Index i = 0; i < n; ++i) {
            const double score[] = {0.0, eta(i), 1.2 * clean(i, 3) - 0.5 * eta(i)};
            int best = 0;
            double top = -std::numeric_limits<double>::infinity();
            for (int c = 0; c < 3; ++c) {
                const double g = score[c] - std::log(-std::log(1.0 - rng.uniform()));
                if (g > top) {
                    top = g;
                    best = c;
                }
            }
            d.y.classOf.push_back(best);
        }
        break;
    case ModelKind::Cox:
        // Exponential times with hazard exp(eta), uniform censoring, rounded to
        // tenths so that there are ties (Efron's correction matters).
        d.y.time.resize(n);
        d.y.event.resize(n);
        for (Eigen::Index i = 0; i < n; ++i) {
            const double t = -std::log(1.0 - rng.uniform()) / std::exp(0.6 * eta(i));
            const double c = rng.uniform(0.2, 3.0);
            d.y.time(i) = std::ceil(10.0 * std::min(t, c)) / 10.0;
            d.y.event(i) = t <= c ? 1.0 : 0.0;
        }
        break;
    }
    // Missing values (not in the outcome): median imputation fills them.
    for (Eigen::Index i = 0; i < n; ++i)
        for (Eigen::Index j = 0; j < kFeatures; ++j)
            if (rng.uniform() < 0.04)
                d.x(i, j) = kNaN;
    return d;
}

/// The columns `names` of `data` (and its batches): what a new patient of a
/// reduced model supplies.
PipelineData onlyColumns(const PipelineData& data, const std::vector<std::string>& names) {
    PipelineData out;
    out.features = names;
    out.batch = data.batch;
    out.x.resize(data.x.rows(), static_cast<Eigen::Index>(names.size()));
    for (std::size_t k = 0; k < names.size(); ++k) {
        const auto at = std::find(data.features.begin(), data.features.end(), names[k]);
        out.x.col(static_cast<Eigen::Index>(k)) =
            data.x.col(static_cast<Eigen::Index>(at - data.features.begin()));
    }
    return out;
}

// ---- models ---------------------------------------------------------------------

SelectionStep step(SelectionKind kind, double threshold, int maxFeatures) {
    SelectionStep s;
    s.kind = kind;
    s.threshold = threshold;
    s.maxFeatures = maxFeatures;
    return s;
}

struct Case {
    std::string name;
    PipelineSpec spec;
    bool batches = false;
    /// f6 becomes a 0/1 covariate without missing values, and every third
    /// row has a repeated extraction (x plus noise).
    bool covariateAndRepeats = false;
};

/// The data of `c`: simulate() with the case's own columns.
PipelineData simulate(const Case& c, Eigen::Index n, std::uint64_t seed) {
    PipelineData d = simulate(c.spec.learner.kind, n, seed, c.batches);
    if (!c.covariateAndRepeats)
        return d;
    rgw::Rng rng(seed + 1000);
    d.repeats =
        Eigen::MatrixXd::Constant(d.x.rows(), d.x.cols(), std::numeric_limits<double>::quiet_NaN());
    for (Eigen::Index i = 0; i < d.x.rows(); ++i) {
        d.x(i, 6) = static_cast<double>(i % 2);
        if (i % 3 == 0)
            for (Eigen::Index j = 0; j < d.x.cols(); ++j)
                d.repeats(i, j) = d.x(i, j) + (j == 5 ? 2.0 : 0.05) * rng.normal();
    }
    return d;
}

std::vector<Case> cases() {
    std::vector<Case> all;
    {
        Case c{"logistic lasso, median imputation, log, z-score, selection", {}, false};
        c.spec.preprocessing.logColumns = {"f7"};
        c.spec.selection = {step(SelectionKind::NearZeroVariance, 95.0 / 5.0, 0),
                            step(SelectionKind::Univariate, 0.0, 5)};
        c.spec.learner.kind = ModelKind::Logistic;
        c.spec.learner.penalty = Penalty::Lasso;
        c.spec.learner.innerFolds = 5;
        all.push_back(c);
    }
    {
        Case c{"multinomial lasso", {}, false};
        c.spec.selection = {step(SelectionKind::Univariate, 0.0, 4)};
        c.spec.learner.kind = ModelKind::Multinomial;
        c.spec.learner.penalty = Penalty::Lasso;
        c.spec.learner.innerFolds = 4;
        all.push_back(c);
    }
    {
        Case c{"multinomial unpenalised", {}, false};
        c.spec.selection = {step(SelectionKind::Univariate, 0.0, 3)};
        c.spec.learner.kind = ModelKind::Multinomial;
        c.spec.learner.penalty = Penalty::None;
        all.push_back(c);
    }
    {
        Case c{"cox lasso", {}, false};
        c.spec.preprocessing.logColumns = {"f7"};
        c.spec.selection = {step(SelectionKind::Correlation, 0.9, 0),
                            step(SelectionKind::Univariate, 0.0, 6)};
        c.spec.learner.kind = ModelKind::Cox;
        c.spec.learner.penalty = Penalty::Lasso;
        c.spec.learner.lambdaRule = LambdaRule::OneStandardError;
        c.spec.learner.innerFolds = 5;
        all.push_back(c);
    }
    {
        Case c{"cox unpenalised efron", {}, false};
        c.spec.selection = {step(SelectionKind::Univariate, 0.0, 3)};
        c.spec.learner.kind = ModelKind::Cox;
        c.spec.learner.penalty = Penalty::None;
        c.spec.learner.ties = rgw::stats::CoxTies::Efron;
        all.push_back(c);
    }
    {
        Case c{"logistic ridge after relief-f, svm-rfe and lasso selection", {}, false};
        SelectionStep relief = step(SelectionKind::ReliefF, 0.0, 8);
        relief.neighbours = 5;
        SelectionStep rfe = step(SelectionKind::SvmRfe, 0.0, 5);
        rfe.svmCost = 0.5;
        rfe.eliminationShare = 0.25;
        SelectionStep lasso = step(SelectionKind::Lasso, 0.0, 0);
        lasso.alpha = 0.5;
        lasso.lambdaRule = LambdaRule::OneStandardError;
        lasso.innerFolds = 4;
        c.spec.selection = {relief, rfe, lasso};
        c.spec.learner.kind = ModelKind::Logistic;
        c.spec.learner.penalty = Penalty::Ridge;
        c.spec.learner.innerFolds = 5;
        all.push_back(c);
    }
    {
        Case c{"logistic lasso, ComBat without priors keeping a covariate, stability filter",
               {},
               true,
               true};
        c.spec.combat = true;
        c.spec.combatCovariates = {"f6"};
        c.spec.combatParametric = false;
        c.spec.stability = StabilitySpec{rgw::stats::IccKind::TwoWayConsistency, 0.8};
        c.spec.learner.kind = ModelKind::Logistic;
        c.spec.learner.penalty = Penalty::Lasso;
        c.spec.learner.innerFolds = 5;
        all.push_back(c);
    }
    {
        Case c{"logistic elastic net with ComBat", {}, true};
        c.spec.combat = true;
        c.spec.selection = {step(SelectionKind::Univariate, 0.0, 5)};
        c.spec.learner.kind = ModelKind::Logistic;
        c.spec.learner.penalty = Penalty::ElasticNet;
        c.spec.learner.alpha = 0.3;
        c.spec.learner.innerFolds = 5;
        all.push_back(c);
    }
    return all;
}

/// A trained model as the workstation would store it: the reduced pipeline
/// and every record around it.
TrainedModel train(const Case& c, const PipelineData& data) {
    TrainedModel m;
    m.name = c.name;
    m.softwareVersion = "0.9.0-test";
    m.createdUtc = "2026-12-05T17:00:00Z";
    m.task.kind = c.spec.learner.kind;
    if (m.task.kind == ModelKind::Cox) {
        m.task.time = "os_months";
        m.task.event = "os_event";
    } else {
        m.task.target = "diagnosis";
        m.task.classes = data.y.classes;
    }
    if (c.batches)
        m.task.batchColumn = "site";
    std::string joined;
    for (Eigen::Index i = 0; i < data.x.rows(); ++i) {
        m.training.members.push_back("P" + std::to_string(1000 + i));
        joined += (i ? "\n" : "") + m.training.members.back();
    }
    m.training.source = "cohort synthetic@3";
    m.training.cohort = "synthetic@3";
    m.training.parameterSetHash = rgw::radiomics::sha256Hex("parameters");
    m.training.idColumn = "patient_id";
    m.training.membersSha256 = rgw::radiomics::sha256Hex(joined);
    m.training.candidateFeatures = data.features;
    m.training.rowsWithoutResponse = 2;
    m.pipeline = reducedToSelected(fitPipeline(c.spec, data, 20261205));
    m.validation.folds = 5;
    m.validation.repeats = 3;
    m.validation.seed = std::numeric_limits<std::uint64_t>::max(); // beyond a double's 2^53
    m.validation.measure = m.task.kind == ModelKind::Cox ? "c_index" : "auc";
    m.validation.mean = 0.1 + 0.6 / 7.0; // not a short decimal
    m.validation.sd = 1.0 / 3.0;
    m.validation.perRepeat = {0.7012345678901234, kNaN, 5e-324}; // NaN: a repeat undefined
    if (m.task.kind == ModelKind::Cox) {
        m.decision.threshold = kNaN;
        m.decision.riskCutoffs = {-0.1 / 3.0, std::nextafter(0.25, 1.0)};
    } else {
        m.decision.threshold = 0.4 + 1e-17 * 3;
    }
    return m;
}

// ---- comparisons ----------------------------------------------------------------

/// The number of entries that differ in bits (as doubles: NaN equals NaN),
/// and their largest absolute difference.
struct Difference {
    Eigen::Index count = 0;
    double max = 0;
};

Difference differ(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) {
    EXPECT_EQ(a.rows(), b.rows());
    EXPECT_EQ(a.cols(), b.cols());
    Difference d;
    if (a.rows() != b.rows() || a.cols() != b.cols())
        return {1, std::numeric_limits<double>::infinity()};
    for (Eigen::Index j = 0; j < a.cols(); ++j)
        for (Eigen::Index i = 0; i < a.rows(); ++i)
            if (!(a(i, j) == b(i, j) || (std::isnan(a(i, j)) && std::isnan(b(i, j))))) {
                ++d.count;
                d.max = std::max(d.max, std::abs(a(i, j) - b(i, j)));
            }
    return d;
}

void expectSamePredictions(const Prediction& a, const Prediction& b, const std::string& what) {
    const Difference score = differ(a.score, b.score);
    const Difference probabilities = differ(a.classProbabilities, b.classProbabilities);
    std::printf("%s: %ld scores, %ld class probabilities; differing %ld / %ld (max |diff| %g / "
                "%g)\n",
                what.c_str(), static_cast<long>(a.score.size()),
                static_cast<long>(a.classProbabilities.size()), static_cast<long>(score.count),
                static_cast<long>(probabilities.count), score.max, probabilities.max);
    EXPECT_EQ(score.count, 0) << what << ": max |diff| " << score.max;
    EXPECT_EQ(probabilities.count, 0) << what << ": max |diff| " << probabilities.max;
    EXPECT_TRUE(a.score.allFinite() && a.classProbabilities.allFinite()) << what;
}

std::string idIn(const std::string& text) {
    return Json::parse(text).at("id").get<std::string>();
}

/// The text of `json` with its id recomputed: what a forger (or an editor
/// who knows the format) writes. The id guards against accidents, not
/// against forgery, so everything the reader checks must hold without it.
std::string withNewId(Json json) {
    json.erase("id");
    const std::string id = rgw::radiomics::sha256Hex(json.dump());
    Json out = {{"format", json["format"]}, {"format_version", json["format_version"]}, {"id", id}};
    for (auto it = json.begin(); it != json.end(); ++it)
        if (it.key() != "format" && it.key() != "format_version")
            out[it.key()] = it.value();
    return out.dump(1);
}

/// The rgw::Error message of reading `text` as "model.json"; fails the test
/// when the text is read without an error.
std::string refusal(const std::string& text) {
    try {
        modelFromJson(text, "model.json");
    } catch (const rgw::Error& e) {
        return e.what();
    }
    ADD_FAILURE() << "read without an error";
    return {};
}

void expectRefused(const std::string& text, const std::vector<std::string>& parts) {
    const std::string message = refusal(text);
    EXPECT_EQ(message.rfind("model.json: ", 0), 0u) << message;
    for (const std::string& part : parts)
        EXPECT_NE(message.find(part), std::string::npos)
            << "'" << message << "' does not say '" << part << "'";
}

// ---- shared fixtures --------------------------------------------------------------

struct Fitted {
    Case c;
    PipelineData train, fresh;
    FittedPipeline full;
    TrainedModel model;
};

/// Each case fitted on its own training rows (data seeds from `firstSeed`),
/// with fresh rows to score.
std::vector<Fitted> fitAll(const std::vector<Case>& all, std::uint64_t firstSeed) {
    std::vector<Fitted> out;
    std::uint64_t seed = firstSeed;
    for (const Case& c : all) {
        Fitted f;
        f.c = c;
        f.train = simulate(c, 150, seed++);
        f.fresh = simulate(c, 60, seed++);
        f.full = fitPipeline(c.spec, f.train, 20261205);
        f.model = train(c, f.train);
        out.push_back(std::move(f));
    }
    return out;
}

const std::vector<Fitted>& fitted() {
    static const std::vector<Fitted> all = fitAll(cases(), 11);
    return all;
}

const Fitted& logisticCase() {
    return fitted().front();
}
const Fitted& combatCase() {
    return fitted().back();
}

/// Non-linear learners (Learners.h), small so the test stays fast.
std::vector<Case> learnerCases() {
    auto learnerCase = [](std::string name, ModelKind kind, LearnerKind algorithm) {
        Case c{std::move(name), {}, false};
        c.spec.selection = {step(SelectionKind::Univariate, 0.0, 6)};
        c.spec.learner.kind = kind;
        c.spec.learner.algorithm = algorithm;
        c.spec.learner.algorithmOptions = defaultLearnerOptions(algorithm);
        c.spec.learner.algorithmOptions.trees = 40;
        c.spec.learner.algorithmOptions.depth = 3;
        return c;
    };
    return {learnerCase("random forest, logistic", ModelKind::Logistic, LearnerKind::RandomForest),
            learnerCase("gradient boosting, multinomial", ModelKind::Multinomial,
                        LearnerKind::GradientBoosting),
            learnerCase("gradient boosting, cox", ModelKind::Cox, LearnerKind::GradientBoosting),
            learnerCase("rbf svm, logistic", ModelKind::Logistic, LearnerKind::SvmRbf),
            learnerCase("linear svm, multinomial", ModelKind::Multinomial, LearnerKind::SvmLinear)};
}

const std::vector<Fitted>& learnerFitted() {
    static const std::vector<Fitted> all = fitAll(learnerCases(), 101);
    return all;
}

// ---- 1. round trip ---------------------------------------------------------------

TEST(ModelFile, LearnerModelsRoundTripBitIdentically) {
    for (const Fitted& f : learnerFitted()) {
        SCOPED_TRACE(f.c.name);
        const TrainedModel& m = f.model;
        ASSERT_TRUE(m.pipeline.algorithm.has_value());
        const std::string text = modelToJson(m);
        const TrainedModel back = modelFromJson(text, "model.json");
        ASSERT_TRUE(back.pipeline.algorithm.has_value());

        const PipelineData inputs = onlyColumns(f.fresh, m.pipeline.inputFeatures);
        expectSamePredictions(predictPipeline(m.pipeline, inputs),
                              predictPipeline(back.pipeline, inputs), f.c.name + " read back");
        EXPECT_EQ(modelToJson(back), text);
        EXPECT_EQ(modelId(back), modelId(m));

        const TrainedLearner& a = *back.pipeline.algorithm;
        const TrainedLearner& b = *m.pipeline.algorithm;
        EXPECT_EQ(a.kind, b.kind);
        EXPECT_EQ(a.features, b.features);
        EXPECT_EQ(differ(a.importance, b.importance).count, 0);
        ASSERT_EQ(a.calibration.size(), b.calibration.size());
        for (std::size_t k = 0; k < a.calibration.size(); ++k) {
            EXPECT_EQ(a.calibration[k].a, b.calibration[k].a);
            EXPECT_EQ(a.calibration[k].b, b.calibration[k].b);
        }
        const LearnerSpec& ls = back.pipeline.spec.learner;
        EXPECT_EQ(ls.algorithm, m.pipeline.spec.learner.algorithm);
        EXPECT_EQ(ls.algorithmOptions.trees, 40);
        EXPECT_EQ(ls.algorithmOptions.depth, 3);
        EXPECT_EQ(ls.algorithmOptions.subsample,
                  m.pipeline.spec.learner.algorithmOptions.subsample);
        EXPECT_EQ(ls.algorithmOptions.svmC, m.pipeline.spec.learner.algorithmOptions.svmC);
    }
}

TEST(ModelFile, LinearModelFilesDoNotMentionLearners) {
    // A linear model's file (and so its id) is what it was before learners
    // could be stored.
    const std::string text = modelToJson(logisticCase().model);
    EXPECT_EQ(text.find("algorithm"), std::string::npos);
    EXPECT_EQ(Json::parse(text)["pipeline"]["model"]["type"], "linear");
}

TEST(ModelFile, RoundTripPredictsBitIdenticallyAndWritesTheSameText) {
    for (const Fitted& f : fitted()) {
        SCOPED_TRACE(f.c.name);
        const TrainedModel& m = f.model;
        ASSERT_FALSE(m.pipeline.inputFeatures.empty());
        const std::string text = modelToJson(m);
        const TrainedModel back = modelFromJson(text, "model.json");

        const PipelineData inputs = onlyColumns(f.fresh, m.pipeline.inputFeatures);
        expectSamePredictions(predictPipeline(m.pipeline, inputs),
                              predictPipeline(back.pipeline, inputs), f.c.name + " read back");
        // Also on the training rows (the numbers the fit saw).
        const PipelineData trainInputs = onlyColumns(f.train, m.pipeline.inputFeatures);
        expectSamePredictions(predictPipeline(m.pipeline, trainInputs),
                              predictPipeline(back.pipeline, trainInputs),
                              f.c.name + " read back, training rows");

        EXPECT_EQ(modelToJson(back), text);
        EXPECT_EQ(modelId(back), modelId(m));
        EXPECT_EQ(idIn(text), modelId(m));
        EXPECT_EQ(modelId(m).size(), 64u);
        EXPECT_EQ(modelToJson(m), text); // writing is deterministic

        // The fitted numbers themselves, not only their predictions.
        EXPECT_EQ(back.pipeline.inputFeatures, m.pipeline.inputFeatures);
        EXPECT_EQ(back.pipeline.selected, m.pipeline.selected);
        EXPECT_EQ(back.pipeline.model.features, m.pipeline.model.features);
        EXPECT_EQ(differ(back.pipeline.model.beta, m.pipeline.model.beta).count, 0);
        EXPECT_EQ(differ(back.pipeline.model.intercept, m.pipeline.model.intercept).count, 0);
        EXPECT_EQ(back.pipeline.model.lambda, m.pipeline.model.lambda);
        EXPECT_EQ(back.pipeline.preprocessing.fill, m.pipeline.preprocessing.fill);
        EXPECT_EQ(back.pipeline.preprocessing.center, m.pipeline.preprocessing.center);
        EXPECT_EQ(back.pipeline.preprocessing.scale, m.pipeline.preprocessing.scale);
        EXPECT_EQ(back.pipeline.preprocessing.logged, m.pipeline.preprocessing.logged);
        EXPECT_EQ(back.pipeline.preprocessing.imputation, m.pipeline.preprocessing.imputation);
        EXPECT_EQ(back.pipeline.combat.has_value(), m.pipeline.combat.has_value());
        if (m.pipeline.combat) {
            const auto& a = *back.pipeline.combat;
            const auto& b = *m.pipeline.combat;
            EXPECT_EQ(a.batches, b.batches);
            EXPECT_EQ(a.batchSizes, b.batchSizes);
            EXPECT_EQ(a.harmonised, b.harmonised);
            EXPECT_EQ(differ(a.gammaStar, b.gammaStar).count, 0);
            EXPECT_EQ(differ(a.deltaStar, b.deltaStar).count, 0);
            EXPECT_EQ(differ(a.grandMean, b.grandMean).count, 0);
            EXPECT_EQ(differ(a.pooledSd, b.pooledSd).count, 0);
            EXPECT_EQ(a.covariateBeta.rows(), b.covariateBeta.rows());
            EXPECT_EQ(a.covariateBeta.cols(), b.covariateBeta.cols());
        }
        EXPECT_EQ(back.pipeline.classes, m.pipeline.classes);
        EXPECT_EQ(back.pipeline.spec.combatCovariates, m.pipeline.spec.combatCovariates);
        EXPECT_EQ(back.pipeline.spec.combatParametric, m.pipeline.spec.combatParametric);
        EXPECT_EQ(back.pipeline.spec.combatMeanOnly, m.pipeline.spec.combatMeanOnly);
        ASSERT_EQ(back.pipeline.spec.stability.has_value(), m.pipeline.spec.stability.has_value());
        if (m.pipeline.spec.stability) {
            EXPECT_EQ(back.pipeline.spec.stability->kind, m.pipeline.spec.stability->kind);
            EXPECT_EQ(back.pipeline.spec.stability->threshold,
                      m.pipeline.spec.stability->threshold);
        }
        EXPECT_EQ(back.pipeline.spec.learner.penalty, m.pipeline.spec.learner.penalty);
        EXPECT_EQ(back.pipeline.spec.learner.alpha, m.pipeline.spec.learner.alpha);
        ASSERT_EQ(back.pipeline.spec.selection.size(), m.pipeline.spec.selection.size());
        for (std::size_t k = 0; k < m.pipeline.spec.selection.size(); ++k) {
            const SelectionStep& a = back.pipeline.spec.selection[k];
            const SelectionStep& b = m.pipeline.spec.selection[k];
            EXPECT_EQ(a.kind, b.kind);
            EXPECT_EQ(a.threshold, b.threshold);
            EXPECT_EQ(a.maxFeatures, b.maxFeatures);
            EXPECT_EQ(a.test, b.test);
            EXPECT_EQ(a.alpha, b.alpha);
            EXPECT_EQ(a.lambdaRule, b.lambdaRule);
            EXPECT_EQ(a.innerFolds, b.innerFolds);
            EXPECT_EQ(a.neighbours, b.neighbours);
            EXPECT_EQ(a.svmCost, b.svmCost);
            EXPECT_EQ(a.eliminationShare, b.eliminationShare);
        }

        // The records around the pipeline.
        EXPECT_EQ(back.name, m.name);
        EXPECT_EQ(back.task.kind, m.task.kind);
        EXPECT_EQ(back.task.classes, m.task.classes);
        EXPECT_EQ(back.task.batchColumn, m.task.batchColumn);
        EXPECT_EQ(back.training.members, m.training.members);
        EXPECT_EQ(back.training.membersSha256, m.training.membersSha256);
        EXPECT_EQ(back.training.rowsWithoutResponse, m.training.rowsWithoutResponse);
        EXPECT_EQ(back.validation.seed, m.validation.seed);
        EXPECT_EQ(back.validation.mean, m.validation.mean);
        EXPECT_EQ(back.validation.sd, m.validation.sd);
        ASSERT_EQ(back.validation.perRepeat.size(), 3u);
        EXPECT_EQ(back.validation.perRepeat[0], m.validation.perRepeat[0]);
        EXPECT_TRUE(std::isnan(back.validation.perRepeat[1]));
        EXPECT_EQ(back.validation.perRepeat[2], 5e-324); // the smallest subnormal survives
        EXPECT_EQ(back.decision.riskCutoffs, m.decision.riskCutoffs);
        EXPECT_EQ(std::isnan(back.decision.threshold), std::isnan(m.decision.threshold));
        if (!std::isnan(m.decision.threshold)) {
            EXPECT_EQ(back.decision.threshold, m.decision.threshold);
        }
    }
}

TEST(ModelFile, TheIdIsOfTheContent) {
    const TrainedModel& m = logisticCase().model;
    TrainedModel renamed = m;
    renamed.name += " (copy)";
    EXPECT_NE(modelId(renamed), modelId(m));
    TrainedModel nudged = m;
    nudged.pipeline.model.intercept(0) = std::nextafter(m.pipeline.model.intercept(0), 1e300);
    EXPECT_NE(modelId(nudged), modelId(m)); // one ulp of one coefficient changes it
    // Whitespace is not content: the same JSON laid out differently reads.
    const Json json = Json::parse(modelToJson(m));
    const TrainedModel compact = modelFromJson(json.dump(), "compact.json");
    EXPECT_EQ(modelToJson(compact), modelToJson(m));
}

TEST(ModelFile, ATextThatIsNotUtf8CannotBeWrittenAndIsNamedAsSuch) {
    // A column name read from a Latin-1 table ("F\xE9"): JSON text is UTF-8.
    TrainedModel m = logisticCase().model;
    m.pipeline.inputFeatures[0] = m.pipeline.preprocessing.columns[0] =
        m.pipeline.model.features[0] = "F\xE9";
    for (const auto& write : std::vector<std::function<void()>>{
             [&] { modelToJson(m); }, [&] { modelId(m); },
             [&] { saveModelFile(m, fs::temp_directory_path() / "rgw_never_written.json"); }}) {
        try {
            write();
            ADD_FAILURE() << "a name that is not UTF-8 was written";
        } catch (const rgw::Error& e) {
            EXPECT_NE(std::string(e.what()).find("not valid UTF-8"), std::string::npos) << e.what();
        }
    }
    EXPECT_FALSE(fs::exists(fs::temp_directory_path() / "rgw_never_written.json"));
    // A file holding such bytes is not JSON.
    std::string text = modelToJson(logisticCase().model);
    text.replace(text.find("\"name\": \"") + 9, 1, "\xE9");
    expectRefused(text, {"not a JSON model file"});
}

// ---- 2. reducedToSelected ----------------------------------------------------------

TEST(ModelFile, ReducedPipelinePredictsAsTheFullOneFromItsInputsOnly) {
    for (const Fitted& f : fitted()) {
        SCOPED_TRACE(f.c.name);
        const FittedPipeline reduced = reducedToSelected(f.full);
        EXPECT_LT(reduced.inputFeatures.size(), f.full.inputFeatures.size());
        // The inputs are the selected features with a non-zero coefficient.
        std::vector<std::string> used;
        for (Eigen::Index k = 0; k < f.full.model.beta.rows(); ++k)
            if ((f.full.model.beta.row(k).array() != 0.0).any())
                used.push_back(f.full.model.features[static_cast<std::size_t>(k)]);
        EXPECT_EQ(reduced.model.features, used);
        // ... then ComBat's covariates the model does not use: applying
        // ComBat needs their values.
        std::vector<std::string> inputs = used;
        for (const std::string& c : f.full.spec.combatCovariates)
            if (std::find(used.begin(), used.end(), c) == used.end())
                inputs.push_back(c);
        EXPECT_EQ(reduced.inputFeatures, inputs);
        ASSERT_EQ(reduced.selected.size(), used.size());
        for (std::size_t j = 0; j < reduced.selected.size(); ++j)
            EXPECT_EQ(reduced.selected[j], static_cast<Eigen::Index>(j));
        expectSamePredictions(predictPipeline(f.full, f.fresh),
                              predictPipeline(reduced, onlyColumns(f.fresh, reduced.inputFeatures)),
                              f.c.name + " reduced vs full");
        // The features it dropped do not matter any more: garbage in them is
        // not even seen.
        PipelineData garbage = f.fresh;
        for (std::size_t j = 0; j < garbage.features.size(); ++j)
            if (std::find(reduced.inputFeatures.begin(), reduced.inputFeatures.end(),
                          garbage.features[j]) == reduced.inputFeatures.end())
                garbage.x.col(static_cast<Eigen::Index>(j)).setConstant(1e300);
        expectSamePredictions(predictPipeline(f.full, f.fresh),
                              predictPipeline(reduced, onlyColumns(garbage, reduced.inputFeatures)),
                              f.c.name + " reduced, other columns garbage");
    }
}

TEST(ModelFile, ANullModelWithoutInputsRoundTrips) {
    // Selection keeping nothing (no feature passes q <= 1e-300): the
    // training prevalence only, a model with no inputs at all.
    const Fitted& f = logisticCase();
    PipelineSpec spec = f.c.spec;
    spec.selection = {step(SelectionKind::Univariate, 1e-300, 0)};
    TrainedModel m = f.model;
    m.pipeline = reducedToSelected(fitPipeline(spec, f.train, 1));
    ASSERT_TRUE(m.pipeline.inputFeatures.empty());
    const TrainedModel back = modelFromJson(modelToJson(m), "null.json");
    EXPECT_EQ(modelToJson(back), modelToJson(m));
    const PipelineData none = onlyColumns(f.fresh, {});
    expectSamePredictions(predictPipeline(m.pipeline, none), predictPipeline(back.pipeline, none),
                          "null model");
}

// ---- 3. files ------------------------------------------------------------------------

class ModelFileOnDisk : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() /
               ("rgw_test_model_file_" + std::to_string(rgw::Rng(std::random_device{}()).next()));
        fs::create_directories(dir_);
    }
    void TearDown() override {
        std::error_code ec;
        fs::remove_all(dir_, ec);
    }
    std::vector<std::string> entries() const {
        std::vector<std::string> out;
        for (const auto& e : fs::directory_iterator(dir_))
            out.push_back(e.path().filename().string());
        std::sort(out.begin(), out.end());
        return out;
    }
    fs::path dir_;
};

TEST_F(ModelFileOnDisk, SavedAndLoadedAtomically) {
    for (const Fitted* model : {&logisticCase(), &combatCase()}) {
        const Fitted& f = *model;
        const fs::path file = dir_ / "model.json";
        saveModelFile(f.model, file);
        EXPECT_EQ(entries(), std::vector<std::string>{"model.json"}); // no .part left
        const TrainedModel back = loadModelFile(file);
        EXPECT_EQ(modelToJson(back), modelToJson(f.model));
        const PipelineData inputs = onlyColumns(f.fresh, f.model.pipeline.inputFeatures);
        expectSamePredictions(predictPipeline(f.model.pipeline, inputs),
                              predictPipeline(back.pipeline, inputs), f.c.name + " from a file");
        std::ifstream in(file, std::ios::binary);
        const std::string text{std::istreambuf_iterator<char>(in), {}};
        EXPECT_EQ(text, modelToJson(f.model));
    }
    // Saving again replaces the file.
    saveModelFile(combatCase().model, dir_ / "model.json");
    EXPECT_EQ(modelToJson(loadModelFile(dir_ / "model.json")), modelToJson(combatCase().model));
    EXPECT_EQ(entries(), std::vector<std::string>{"model.json"});
}

TEST_F(ModelFileOnDisk, AnUnwritablePathIsNamed) {
    const fs::path missing = dir_ / "no such folder" / "model.json";
    try {
        saveModelFile(logisticCase().model, missing);
        ADD_FAILURE() << "saved into a folder that does not exist";
    } catch (const rgw::Error& e) {
        EXPECT_NE(std::string(e.what()).find(missing.string()), std::string::npos) << e.what();
    }
    // The target is a folder: the rename fails, and the temporary is removed.
    const fs::path folder = dir_ / "taken.json";
    fs::create_directories(folder / "inside");
    try {
        saveModelFile(logisticCase().model, folder);
        ADD_FAILURE() << "saved over a folder";
    } catch (const rgw::Error& e) {
        EXPECT_NE(std::string(e.what()).find(folder.string()), std::string::npos) << e.what();
    }
    EXPECT_EQ(entries(), std::vector<std::string>{"taken.json"});
}

TEST_F(ModelFileOnDisk, AFailedWriteLeavesNoPartialFile) {
    // A disk that fills up, simulated by a file-size limit of 1000 bytes
    // (writes beyond it fail with EFBIG once SIGXFSZ is ignored).
    rlimit before{};
    ASSERT_EQ(getrlimit(RLIMIT_FSIZE, &before), 0);
    rlimit small = before;
    small.rlim_cur = 1000;
    const auto handler = std::signal(SIGXFSZ, SIG_IGN);
    ASSERT_EQ(setrlimit(RLIMIT_FSIZE, &small), 0);
    const fs::path file = dir_ / "model.json";
    std::string message;
    try {
        saveModelFile(logisticCase().model, file);
    } catch (const rgw::Error& e) {
        message = e.what();
    }
    setrlimit(RLIMIT_FSIZE, &before);
    std::signal(SIGXFSZ, handler);
    EXPECT_NE(message.find(file.string()), std::string::npos) << message;
    EXPECT_EQ(entries(), std::vector<std::string>{});
}

TEST_F(ModelFileOnDisk, MissingAndOversizedFilesAreRefusedBeforeReading) {
    const fs::path missing = dir_ / "absent.json";
    try {
        loadModelFile(missing);
        ADD_FAILURE() << "read a file that does not exist";
    } catch (const rgw::Error& e) {
        EXPECT_NE(std::string(e.what()).find(missing.string()), std::string::npos) << e.what();
    }
    // A sparse file one byte over the budget: refused by its size, so the
    // message is about the size, not about JSON (it is never read).
    const fs::path huge = dir_ / "huge.json";
    { std::ofstream(huge) << modelToJson(logisticCase().model); }
    fs::resize_file(huge, kMaxModelFileBytes + 1);
    try {
        loadModelFile(huge);
        ADD_FAILURE() << "read a file over the budget";
    } catch (const rgw::Error& e) {
        const std::string message = e.what();
        EXPECT_EQ(message.rfind(huge.string() + ": ", 0), 0u) << message;
        EXPECT_NE(message.find("larger than a model file can be"), std::string::npos) << message;
    }
    // Exactly at the budget it is read (and refused as not JSON: trailing zeros).
    fs::resize_file(huge, kMaxModelFileBytes);
    try {
        loadModelFile(huge);
        ADD_FAILURE() << "read a file with 64 MB of zeros";
    } catch (const rgw::Error& e) {
        EXPECT_NE(std::string(e.what()).find("not a JSON model file"), std::string::npos)
            << e.what();
    }
}

// ---- 4. hostile and edited files -------------------------------------------------------

Json validJson(const Fitted& f = logisticCase()) {
    return Json::parse(modelToJson(f.model));
}

/// Edits the JSON of `f`'s model, gives it a new id (as a forger would) and
/// expects the reader to refuse it with a message holding `parts`.
void refusedWith(const std::function<void(Json&)>& edit, const std::vector<std::string>& parts,
                 const Fitted& f = logisticCase()) {
    Json json = validJson(f);
    edit(json);
    expectRefused(withNewId(json), parts);
}

TEST(ModelFileHostile, NotJson) {
    expectRefused("", {"not a JSON model file"});
    expectRefused("{\"format\": \"rgw-model\",", {"not a JSON model file"});
    expectRefused(modelToJson(logisticCase().model).substr(0, 500), {"not a JSON model file"});
    expectRefused("[1, 2, 3]", {"model is not an object"});
    expectRefused("\"rgw-model\"", {"model is not an object"});
    expectRefused("{}", {"model.id is missing"});
    // JSON has no NaN or infinity; an overflowing number is not JSON either.
    std::string text = modelToJson(logisticCase().model);
    const std::size_t lambda = text.find("\"lambda\": ") + 10;
    text.replace(lambda, text.find('\n', lambda) - lambda, "1e999");
    expectRefused(text, {"not a JSON model file", "1e999"});
    expectRefused(modelToJson(logisticCase().model) + "{}", {"not a JSON model file"});
}

TEST(ModelFileHostile, WrongFormatOrNewerVersion) {
    Json json = validJson();
    json["format"] = "rgw-modell";
    expectRefused(withNewId(json), {"model.format", "is not 'rgw-model'"});
    json = validJson();
    json["format_version"] = 2;
    expectRefused(withNewId(json), {"model.format_version", "is 2; this program reads 1"});
    json["format_version"] = "1";
    expectRefused(withNewId(json), {"model.format_version", "is not an integer"});
}

TEST(ModelFileHostile, AnEditedCoefficientNoLongerMatchesTheId) {
    Json json = validJson();
    Json& beta = json["pipeline"]["model"]["beta"][0];
    for (Json& b : beta)
        if (b.get<double>() != 0.0) {
            b = b.get<double>() * 1.5;
            break;
        }
    const std::string id = json["id"].get<std::string>();
    expectRefused(json.dump(1), {"does not match its id " + id, "edited or damaged"});
    // A one-character edit in the name too.
    json = validJson();
    json["name"] = json["name"].get<std::string>() + "!";
    expectRefused(json.dump(1), {"does not match its id"});
    // And the id itself edited or removed.
    json = validJson();
    json["id"] = std::string(64, '0');
    expectRefused(json.dump(1), {"does not match its id " + std::string(64, '0')});
    json.erase("id");
    expectRefused(json.dump(1), {"model.id is missing"});
}

TEST(ModelFileHostile, MissingFieldsAreNamed) {
    const std::vector<std::vector<std::string>> paths = {{"name"},
                                                         {"task", "kind"},
                                                         {"training", "members"},
                                                         {"spec", "learner", "lambda_rule"},
                                                         {"pipeline", "model", "intercept"},
                                                         {"pipeline", "preprocessing", "scale"},
                                                         {"pipeline", "input_features"},
                                                         {"validation", "seed"},
                                                         {"decision", "risk_cutoffs"}};
    for (const auto& path : paths) {
        Json json = validJson();
        Json* parent = &json;
        std::string dotted = "model";
        for (std::size_t k = 0; k + 1 < path.size(); ++k) {
            parent = &(*parent)[path[k]];
            dotted += "." + path[k];
        }
        parent->erase(path.back());
        dotted += "." + path.back();
        SCOPED_TRACE(dotted);
        expectRefused(withNewId(json), {dotted + " is missing"});
    }
}

TEST(ModelFileHostile, WrongTypesAreNamed) {
    refusedWith([](Json& j) { j["task"]["kind"] = 3; }, {"model.task.kind is not a string"});
    refusedWith([](Json& j) { j["name"] = nullptr; }, {"model.name is not a string"});
    refusedWith([](Json& j) { j["pipeline"]["selected"] = "0"; },
                {"model.pipeline.selected is not an array"});
    refusedWith([](Json& j) { j["pipeline"]["selected"][0] = 0.5; },
                {"model.pipeline.selected[0] is not an integer"});
    refusedWith([](Json& j) { j["pipeline"]["model"]["beta"][0][0] = "0.1"; },
                {"model.pipeline.model.beta[0][0] is not a number"});
    refusedWith([](Json& j) { j["spec"]["combat"] = 0; },
                {"model.spec.combat is not true or false"});
    refusedWith([](Json& j) { j["pipeline"]["preprocessing"]["logged"][0] = true; },
                {"model.pipeline.preprocessing.logged[0] is not an integer"});
    refusedWith([](Json& j) { j["pipeline"]["preprocessing"]["logged"][0] = 2; },
                {"model.pipeline.preprocessing.logged[0] is 2, outside 0..1"});
    refusedWith([](Json& j) { j["validation"]["seed"] = 7; },
                {"model.validation.seed is not a string"});
    refusedWith([](Json& j) { j["validation"]["seed"] = "18446744073709551616"; },
                {"model.validation.seed is not a 64-bit seed"});
    refusedWith([](Json& j) { j["validation"]["seed"] = "-1"; },
                {"model.validation.seed is not a 64-bit seed"});
    refusedWith([](Json& j) { j["training"]["rows_without_response"] = -1; },
                {"model.training.rows_without_response is -1, outside 0..1000000000"});
    // Beyond a 64-bit signed integer: named as written, not wrapped around.
    refusedWith([](Json& j) { j["pipeline"]["selected"][0] = 18446744073709551615ull; },
                {"model.pipeline.selected[0] is 18446744073709551615, outside 0.."});
    refusedWith([](Json& j) { j["spec"] = Json::array(); }, {"model.spec is not an object"});
    refusedWith([](Json& j) { j["pipeline"]["model"]["type"] = "tree"; },
                {"model.pipeline.model.type is 'tree'; this version reads 'linear' and 'learner' "
                 "models"});
}

TEST(ModelFileHostile, UnknownNamesAreNamed) {
    refusedWith([](Json& j) { j["task"]["kind"] = "probit"; },
                {"model.task.kind is invalid", "unknown model 'probit'"});
    refusedWith([](Json& j) { j["spec"]["learner"]["penalty"] = "lasso2"; },
                {"model.spec.learner.penalty is invalid", "'lasso2'"});
    refusedWith([](Json& j) { j["spec"]["selection"][0]["kind"] = "boruta"; },
                {"model.spec.selection[0].kind is invalid", "'boruta'"});
    refusedWith([](Json& j) { j["spec"]["preprocessing"]["imputation"] = "mice"; },
                {"model.spec.preprocessing.imputation is invalid", "'mice'"});
    // A name of the wrong type is named once, as a type error.
    Json json = validJson();
    json["task"]["kind"] = 1;
    const std::string message = refusal(withNewId(json));
    EXPECT_EQ(message, "model.json: model.task.kind is not a string");
    // Kinds that disagree with each other.
    refusedWith([](Json& j) { j["task"]["kind"] = "cox"; },
                {"model.spec.learner.kind differs from task.kind"});
}

TEST(ModelFileHostile, SizesThatDisagreeWithTheFeatureLists) {
    const std::size_t k = logisticCase().model.pipeline.inputFeatures.size();
    const std::string ks = std::to_string(k);
    refusedWith(
        [](Json& j) { j["pipeline"]["model"]["beta"][0].erase(0); },
        {"model.pipeline.model.beta[0] has " + std::to_string(k - 1) + " values for " + ks});
    refusedWith(
        [](Json& j) {
            j["pipeline"]["model"]["beta"].push_back(j["pipeline"]["model"]["beta"][0]);
        },
        {"model.pipeline.model.beta has 2 columns for 1"});
    refusedWith([](Json& j) { j["pipeline"]["model"]["intercept"].push_back(0.5); },
                {"model.pipeline.model.intercept has 2 values for 1"});
    refusedWith([](Json& j) { j["pipeline"]["model"]["features"].erase(0); },
                {"model.pipeline.model.features has " + std::to_string(k - 1) + " names for " + ks +
                 " selected features"});
    refusedWith([](Json& j) { j["pipeline"]["preprocessing"]["center"].push_back(0.0); },
                {"model.pipeline.preprocessing.center has " + std::to_string(k + 1) +
                 " values for " + ks + " columns"});
    refusedWith([](Json& j) { j["pipeline"]["input_features"].push_back("f99"); },
                {"model.pipeline.preprocessing.columns has " + ks + " names for " +
                 std::to_string(k + 1) + " input features"});
    refusedWith([](Json& j) { j["pipeline"]["selected"][0] = 99; },
                {"model.pipeline.selected[0] is 99, outside 0.." + std::to_string(k - 1)});
    refusedWith(
        [](Json& j) {
            std::swap(j["pipeline"]["model"]["features"][0], j["pipeline"]["model"]["features"][1]);
        },
        {"model.pipeline.model.features[0] is not the selected input feature"});
    refusedWith([](Json& j) { j["pipeline"]["preprocessing"]["columns"][0] = "f99"; },
                {"model.pipeline.preprocessing.columns differ from input_features"});
    // Multinomial: one intercept and beta column per class.
    refusedWith([](Json& j) { j["pipeline"]["classes"].erase(2); },
                {"model.pipeline.model.intercept has 3 values for 2"}, fitted()[1]);
    refusedWith([](Json& j) { j["pipeline"]["classes"] = {"only"}; },
                {"model.pipeline.classes has fewer than 2 classes"}, fitted()[1]);
    // ComBat: gamma* and delta* have a row per batch, a column per feature.
    const std::size_t kc = combatCase().model.pipeline.inputFeatures.size();
    refusedWith([](Json& j) { j["pipeline"]["combat"]["gamma_star"][0].erase(0); },
                {"model.pipeline.combat.gamma_star[0] has 2 values for 3"}, combatCase());
    refusedWith([](Json& j) { j["pipeline"]["combat"]["delta_star"].erase(0); },
                {"model.pipeline.combat.delta_star has " + std::to_string(kc - 1) +
                 " columns for " + std::to_string(kc)},
                combatCase());
    refusedWith([](Json& j) { j["pipeline"]["combat"]["batch_sizes"].erase(0); },
                {"model.pipeline.combat.batch_sizes has 2 values for 3 batches"}, combatCase());
    refusedWith([](Json& j) { j["pipeline"]["combat"]["harmonised"].push_back(1); },
                {"model.pipeline.combat.harmonised has " + std::to_string(kc + 1) + " values for " +
                 std::to_string(kc)},
                combatCase());
    refusedWith([](Json& j) { j["pipeline"]["combat"] = nullptr; },
                {"model.pipeline.combat is null but the spec asks for ComBat"}, combatCase());
    refusedWith([](Json& j) { j["task"]["batch_column"] = ""; },
                {"model.task.batch_column is empty but ComBat is used"}, combatCase());
}

TEST(ModelFileHostile, NullOrNonFiniteWhereANumberIsNeeded) {
    refusedWith([](Json& j) { j["pipeline"]["model"]["beta"][0][0] = nullptr; },
                {"model.pipeline.model.beta[0][0] is not a number"});
    refusedWith([](Json& j) { j["pipeline"]["model"]["intercept"][0] = nullptr; },
                {"model.pipeline.model.intercept[0] is not a number"});
    refusedWith([](Json& j) { j["pipeline"]["model"]["lambda"] = nullptr; },
                {"model.pipeline.model.lambda is not a number"});
    refusedWith([](Json& j) { j["pipeline"]["model"]["lambda"] = -0.5; },
                {"model.pipeline.model.lambda is negative"});
    refusedWith([](Json& j) { j["pipeline"]["preprocessing"]["fill"][0] = nullptr; },
                {"model.pipeline.preprocessing.fill[0] is not a number"});
    refusedWith([](Json& j) { j["pipeline"]["preprocessing"]["scale"][1] = 0.0; },
                {"model.pipeline.preprocessing.scale[1] is not positive"});
    refusedWith([](Json& j) { j["spec"]["selection"][0]["threshold"] = nullptr; },
                {"model.spec.selection[0].threshold is not a number"});
    refusedWith(
        [](Json& j) {
            j["decision"]["risk_cutoffs"] = {0.5, nullptr};
        },
        {"model.decision.risk_cutoffs[1] is not a number"});
    // ComBat parameters may be null only for a feature it does not harmonise.
    refusedWith([](Json& j) { j["pipeline"]["combat"]["gamma_star"][0][1] = nullptr; },
                {"model.pipeline.combat.grand_mean", "harmonised feature 0 is null"}, combatCase());
    refusedWith([](Json& j) { j["pipeline"]["combat"]["delta_star"][0][1] = 0.0; },
                {"model.pipeline.combat.pooled_sd", "feature 0 is not positive"}, combatCase());
    // Where NaN is allowed, null reads as NaN (validation summaries, threshold).
    Json json = validJson();
    json["validation"]["mean"] = nullptr;
    json["decision"]["threshold"] = nullptr;
    const TrainedModel m = modelFromJson(withNewId(json), "model.json");
    EXPECT_TRUE(std::isnan(m.validation.mean));
    EXPECT_TRUE(std::isnan(m.decision.threshold));
}

/// Edits a forger could make with a recomputed id: the reader must refuse
/// each one rather than return a model that scores wrongly or silently NaN.
TEST(ModelFileHostile, ForgedModelsThatWouldScoreWronglyAreRefused) {
    // A log column whose floor is outside the log's domain scores NaN.
    refusedWith(
        [](Json& m) {
            m["pipeline"]["preprocessing"]["logged"][0] = 1;
            m["pipeline"]["preprocessing"]["log_floor"][0] = -2.0;
            m["pipeline"]["preprocessing"]["log_shift"][0] = 1.0;
        },
        {"model.pipeline.preprocessing.log_floor[0]", "outside the log's domain"});
    // applyComBat finds a batch by binary search: the labels must be sorted.
    refusedWith(
        [](Json& m) {
            std::swap(m["pipeline"]["combat"]["batches"][0], m["pipeline"]["combat"]["batches"][2]);
        },
        {"model.pipeline.combat.batches", "not sorted"}, combatCase());
    refusedWith([](Json& m) { m["pipeline"]["combat"]["batches"][1] = "siteA"; },
                {"model.pipeline.combat.batches", "not sorted"}, combatCase());
    // Risk groups are found among ascending cut-offs.
    refusedWith(
        [](Json& m) {
            m["decision"]["risk_cutoffs"] = {0.5, -0.5};
        },
        {"model.decision.risk_cutoffs", "not ascending"}, fitted()[4]);
    // Scoring names classes by index: one class name per model output.
    // The options of a selection step are checked as a refit would need them.
    const Fitted& selected = fitted()[5];
    refusedWith([](Json& m) { m["spec"]["selection"][2]["alpha"] = 0; },
                {"model.spec.selection[2].alpha is 0", "outside (0"}, selected);
    refusedWith([](Json& m) { m["spec"]["selection"][2]["inner_folds"] = 2; },
                {"model.spec.selection[2].inner_folds is 2, outside 3.."}, selected);
    refusedWith([](Json& m) { m["spec"]["selection"][1]["elimination_share"] = 1; },
                {"model.spec.selection[1].elimination_share is 1"}, selected);
    refusedWith([](Json& m) { m["spec"]["selection"][0].erase("neighbours"); },
                {"model.spec.selection[0].neighbours is missing"}, selected);
    // ComBat's covariates are found by name among the inputs, one per
    // coefficient row.
    const Fitted& covariate = fitted()[6];
    refusedWith(
        [](Json& m) {
            m["spec"]["combat_covariates"] = {"f6", "f1"};
        },
        {"model.pipeline.combat.covariate_beta has coefficients of 1 covariates; the "
         "spec names 2"},
        covariate);
    refusedWith([](Json& m) { m["spec"]["combat_covariates"] = {"age"}; },
                {"model.pipeline.input_features lack the ComBat covariate 'age'"}, covariate);
    refusedWith([](Json& m) { m["spec"]["stability"]["threshold"] = 1.5; },
                {"model.spec.stability.threshold is 1.5"}, covariate);
    refusedWith([](Json& m) { m["spec"]["stability"]["icc"] = "ICC(9,1)"; },
                {"model.spec.stability.icc is invalid"}, covariate);
    refusedWith([](Json& m) { m["task"]["classes"] = {"benign"}; },
                {"model.task.classes has 1 names for 2 classes"});
    refusedWith([](Json& m) { m["task"]["classes"].erase(0); },
                {"model.task.classes has 2 names for 3 classes"}, fitted()[1]);
    // ... and the pipeline's names in the pipeline's coding order.
    refusedWith([](Json& m) { std::swap(m["task"]["classes"][0], m["task"]["classes"][1]); },
                {"model.task.classes differ from pipeline.classes"});
}

TEST(ModelFileHostile, DeepNestingIsRefusedWithoutExhaustingTheStack) {
    // A valid model with an extra field nested a million levels deep: the
    // reader must not recurse through it (serialising it for the id would).
    Json json = validJson();
    json.erase("id");
    std::string text = withNewId(json);
    const std::size_t depth = 1'000'000;
    text.insert(text.rfind('}'),
                ",\n \"extra\": " + std::string(depth, '[') + std::string(depth, ']'));
    expectRefused(text, {"nested"});
    // Shallower nesting inside a known field is refused as that field's type.
    text = withNewId(validJson());
    const std::string key = "\"name\": ";
    const std::size_t from = text.find(key) + key.size();
    const std::size_t to = text.find('\n', from) - 1; // the comma
    text.replace(from, to - from, std::string(20, '[') + std::string(20, ']'));
    expectRefused(text, {"model.name is not a string"});
}

TEST(ModelFileHostile, EveryTruncationIsRefused) {
    // Every prefix of a small model's text (a null model: a short file).
    const Fitted& f = logisticCase();
    PipelineSpec spec = f.c.spec;
    spec.selection = {step(SelectionKind::Univariate, 0.0, 1)};
    TrainedModel m = f.model;
    m.training.members.resize(3);
    m.pipeline = reducedToSelected(fitPipeline(spec, f.train, 1));
    const std::string text = modelToJson(m);
    std::size_t refused = 0;
    for (std::size_t n = 0; n + 1 < text.size(); ++n) { // the last byte is the newline
        try {
            modelFromJson(std::string_view(text).substr(0, n), "cut.json");
        } catch (const rgw::Error& e) {
            ++refused;
            EXPECT_EQ(std::string(e.what()).rfind("cut.json: ", 0), 0u) << e.what();
        }
    }
    EXPECT_EQ(refused, text.size() - 1);
    EXPECT_NO_THROW(modelFromJson(std::string_view(text).substr(0, text.size() - 1), "cut.json"));
}

TEST(ModelFileHostile, LearnerModelsThatDisagreeWithTheirSpecAreRefused) {
    const Fitted& forest = learnerFitted().front();
    const Fitted& svm = learnerFitted()[3];
    // One character of the library state changed: its checksum fails.
    refusedWith(
        [](Json& m) {
            std::string state = m["pipeline"]["model"]["state"];
            const std::size_t at = state.size() / 2;
            state[at] = state[at] == '1' ? '2' : '1';
            m["pipeline"]["model"]["state"] = state;
        },
        {"model.pipeline.model.state is not a valid learner state"}, forest);
    refusedWith([](Json& m) { m["pipeline"]["model"]["state"] = ""; },
                {"model.pipeline.model.state is not a valid learner state"}, forest);
    // The spec names another learner than the state holds.
    refusedWith([](Json& m) { m["spec"]["learner"]["algorithm"]["kind"] = "gradient-boosting"; },
                {"model.pipeline.model.state holds a random-forest learner; the spec names "
                 "gradient-boosting"},
                forest);
    // The learner's state in a spec without a learner, and the reverse.
    refusedWith([](Json& m) { m["spec"]["learner"].erase("algorithm"); },
                {"model.pipeline.model.type is 'learner' but the spec has no"}, forest);
    refusedWith(
        [&](Json& m) {
            m["spec"]["learner"]["algorithm"] =
                Json::parse(modelToJson(forest.model))["spec"]["learner"]["algorithm"];
        },
        {"model.pipeline.model.type is 'linear' but the spec names the random-forest learner"});
    // Hyperparameters out of range are named.
    refusedWith([](Json& m) { m["spec"]["learner"]["algorithm"]["svm_c"] = 0; },
                {"model.spec.learner.algorithm.svm_c is 0", "outside (0"}, svm);
    refusedWith([](Json& m) { m["spec"]["learner"]["algorithm"]["depth"] = 0; },
                {"model.spec.learner.algorithm.depth is 0, outside 1..64"}, forest);
    refusedWith([](Json& m) { m["spec"]["learner"]["algorithm"]["kind"] = "boosted-ferns"; },
                {"model.spec.learner.algorithm.kind is invalid"}, forest);
    // The learner was trained on other features than the pipeline selects.
    refusedWith(
        [](Json& m) {
            auto& names = m["pipeline"]["model"]["features"];
            auto& inputs = m["pipeline"]["input_features"];
            auto& columns = m["pipeline"]["preprocessing"]["columns"];
            names[0] = "renamed";
            inputs[0] = "renamed";
            columns[0] = "renamed";
        },
        {"model.pipeline.model.state names other features than pipeline.model.features"}, forest);
}

} // namespace
