// The rad-score + clinical model (PipelineSpec::radScore): a lasso of the
// radiomic features whose linear predictor, cross-fitted within the training
// rows, enters an unpenalised logistic / Cox model beside the clinical
// variables. Checked here:
//  - the second stage equals R's glm / coxph fitted on the same rad-scores
//    and clinical columns (tests/reference/radscore/make_radscore.R);
//  - the nomogram ("rad-score" + clinical axes) gives the model's own
//    probability / linear predictor;
//  - the model file round trip (nested stage written, read, validated) and
//    that a model file written before rad-scores existed reads back to the
//    same text and id;
//  - no leakage: on noise the cross-validated AUC stays near 0.5.

#include "Reference.h"
#include "modeling/ModelFile.h"
#include "modeling/ModelNomogram.h"
#include "modeling/TaskData.h"
#include "modeling/Training.h"
#include "modeling/Validation.h"
#include "radiomics/Sha256.h"
#include "stats/DataTable.h"
#include "util/Error.h"
#include "util/Random.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

namespace {

using namespace rgw;
using namespace rgw::modeling;
using Json = nlohmann::ordered_json;

const std::vector<std::string> kRadiomic = {"r1", "r2", "r3", "r4", "r5", "r6"};
const std::vector<std::string> kClinical = {"age", "sex"};

const stats::DataTable& cohort() {
    static const stats::DataTable table =
        stats::DataTable::read(test::referenceFile("radscore/radscore_data.csv"));
    return table;
}

ModelTask taskOf(ModelKind kind) {
    ModelTask task;
    task.kind = kind;
    if (kind == ModelKind::Cox) {
        task.time = "time";
        task.event = "status";
    } else {
        task.target = "y";
    }
    return task;
}

/// Trains the rad-score + clinical model by the workstation's protocol.
TrainingResult train(ModelKind kind) {
    TrainingRequest request;
    request.name = "radscore";
    request.task = taskOf(kind);
    request.features = kClinical;
    request.features.insert(request.features.end(), kRadiomic.begin(), kRadiomic.end());
    request.pipeline.learner.penalty = Penalty::None;
    RadScoreSpec radScore;
    radScore.features = kRadiomic;
    request.pipeline.radScore = radScore;
    request.validation.folds = 5;
    request.validation.seed = 11;
    return trainModel(cohort(), request, {"table radscore_data.csv", "", ""});
}

const TrainedModel& trained(ModelKind kind) {
    static const TrainedModel logistic = train(ModelKind::Logistic).model;
    static const TrainedModel cox = train(ModelKind::Cox).model;
    return kind == ModelKind::Cox ? cox : logistic;
}

std::string readText(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

/// The second stage on the input scale: {intercept, b per model feature}.
std::vector<double> inputScale(const FittedPipeline& p) {
    const FittedPreprocessing& pre = p.preprocessing;
    double intercept = p.model.intercept(0);
    std::vector<double> b;
    for (std::size_t k = 0; k < p.model.features.size(); ++k) {
        const auto at = std::find(pre.columns.begin(), pre.columns.end(), p.model.features[k]);
        const auto c = static_cast<std::size_t>(at - pre.columns.begin());
        const double beta = p.model.beta(static_cast<Eigen::Index>(k), 0);
        b.push_back(beta / pre.scale[c]);
        intercept -= beta * pre.center[c] / pre.scale[c];
    }
    b.insert(b.begin(), intercept);
    return b;
}

TEST(RadScore, SecondStageEqualsGlmAndCoxphOnTheSameRadScores) {
    const TrainedModel& logistic = trained(ModelKind::Logistic);
    const TrainedModel& cox = trained(ModelKind::Cox);
    for (const TrainedModel* m : {&logistic, &cox}) {
        ASSERT_TRUE(m->pipeline.radScore);
        EXPECT_EQ(m->pipeline.preprocessing.columns.front(), kRadScoreName);
        ASSERT_EQ(m->pipeline.trainingRadScore.size(), 240);
        EXPECT_EQ(m->pipeline.model.features,
                  (std::vector<std::string>{kRadScoreName, "age", "sex"}));
    }
    const auto scoresFile = test::referenceFile("radscore/radscore_scores.csv");
    if (const char* out = std::getenv("RGW_WRITE_RADSCORE_SCORES")) {
        // The generation step: the rad-scores R fits the second stage on.
        std::ofstream f(out);
        f << "patient_id,logistic_radscore,cox_radscore\n";
        char line[128];
        for (std::size_t i = 0; i < 240; ++i) {
            const auto r = static_cast<Eigen::Index>(i);
            std::snprintf(line, sizeof line, ",%.17g,%.17g\n",
                          logistic.pipeline.trainingRadScore(r), cox.pipeline.trainingRadScore(r));
            f << cohort().text("patient_id")[i] << line;
        }
        GTEST_SKIP() << "wrote " << out << "; now run make_radscore.R";
    }
    // Our code still computes the rad-scores R was given.
    const stats::DataTable scores = stats::DataTable::read(scoresFile);
    double worstScore = 0;
    for (std::size_t i = 0; i < 240; ++i) {
        const auto r = static_cast<Eigen::Index>(i);
        worstScore = std::max(worstScore, std::abs(logistic.pipeline.trainingRadScore(r) -
                                                   scores.numbers("logistic_radscore")[i]));
        worstScore = std::max(worstScore, std::abs(cox.pipeline.trainingRadScore(r) -
                                                   scores.numbers("cox_radscore")[i]));
    }
    std::printf("rad-scores vs the committed ones: max |difference| %.3g\n", worstScore);
    EXPECT_LT(worstScore, 1e-12);

    const stats::DataTable glm =
        stats::DataTable::read(test::referenceFile("radscore/logistic_second_stage.csv"));
    const std::vector<double> ours = inputScale(logistic.pipeline);
    ASSERT_EQ(ours.size(), glm.rows());
    double worst = 0;
    for (std::size_t j = 0; j < ours.size(); ++j) {
        const double r = glm.numbers("estimate")[j];
        std::printf("logistic %-12s %.12g (glm %.12g)\n", glm.text("name")[j].c_str(), ours[j], r);
        worst = std::max(worst, std::abs(ours[j] - r) / std::max(1.0, std::abs(r)));
    }
    const stats::DataTable coxph =
        stats::DataTable::read(test::referenceFile("radscore/cox_second_stage.csv"));
    const std::vector<double> oursCox = inputScale(cox.pipeline);
    ASSERT_EQ(oursCox.size(), coxph.rows() + 1);
    for (std::size_t j = 0; j < coxph.rows(); ++j) {
        const double r = coxph.numbers("estimate")[j];
        std::printf("cox      %-12s %.12g (coxph %.12g)\n", coxph.text("name")[j].c_str(),
                    oursCox[j + 1], r);
        worst = std::max(worst, std::abs(oursCox[j + 1] - r) / std::max(1.0, std::abs(r)));
    }
    std::printf("second stage vs glm / coxph: max relative difference %.3g\n", worst);
    EXPECT_LT(worst, 1e-8);
}

TEST(RadScore, InSampleScoreIsTheFinalRadiomicModelsAndPredictionAppliesBothStages) {
    ModelTask task = taskOf(ModelKind::Logistic);
    std::vector<std::string> features = kClinical;
    features.insert(features.end(), kRadiomic.begin(), kRadiomic.end());
    const PipelineData data =
        taskData(cohort(), task, features, taskRows(cohort(), task, std::nullopt), false);
    PipelineSpec spec;
    spec.learner.penalty = Penalty::None;
    RadScoreSpec radScore;
    radScore.features = kRadiomic;
    radScore.crossFitFolds = 0;
    spec.radScore = radScore;
    const FittedPipeline f = fitPipeline(spec, data, 3);
    ASSERT_TRUE(f.radScore);
    PipelineData radiomic = data;
    radiomic.x = data.x.rightCols(6);
    radiomic.features = kRadiomic;
    const Eigen::VectorXd lp = linearPredictor(*f.radScore, radiomic).col(0);
    EXPECT_EQ(f.trainingRadScore, lp);
    // The prediction: the second stage on [rad-score, age, sex].
    const Prediction p = predictPipeline(f, data);
    const std::vector<double> b = inputScale(f);
    double worst = 0;
    for (Eigen::Index i = 0; i < data.x.rows(); ++i) {
        const double eta = b[0] + b[1] * lp(i) + b[2] * data.x(i, 0) + b[3] * data.x(i, 1);
        worst = std::max(worst, std::abs(1.0 / (1.0 + std::exp(-eta)) - p.score(i)));
    }
    EXPECT_LT(worst, 1e-12);
    // Reduced to its inputs, it predicts the same.
    const FittedPipeline reduced = reducedToSelected(f);
    ModelTask again = taskOf(ModelKind::Logistic);
    const PipelineData inputs = taskData(cohort(), again, reduced.inputFeatures,
                                         taskRows(cohort(), again, std::nullopt), false);
    EXPECT_EQ(predictPipeline(reduced, inputs).score, p.score);
}

TEST(RadScore, BadSpecificationsAreNamed) {
    ModelTask task = taskOf(ModelKind::Logistic);
    const PipelineData data = taskData(cohort(), task, {"age", "sex", "r1", "r2"},
                                       taskRows(cohort(), task, std::nullopt), false);
    PipelineSpec spec;
    spec.learner.penalty = Penalty::None;
    RadScoreSpec radScore;
    radScore.features = {"r1", "r9"};
    spec.radScore = radScore;
    try {
        fitPipeline(spec, data, 1);
        FAIL() << "accepted an unknown rad-score feature";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("rad-score feature 'r9'"), std::string::npos);
    }
    spec.radScore->features = {"r1", "r2"};
    spec.radScore->crossFitFolds = 1;
    EXPECT_THROW(fitPipeline(spec, data, 1), Error);
    spec.radScore->crossFitFolds = 5;
    spec.combat = true;
    EXPECT_THROW(fitPipeline(spec, data, 1), Error);
}

TEST(RadScore, NomogramTotalPointsGiveTheModelsOwnPrediction) {
    for (const ModelKind kind : {ModelKind::Logistic, ModelKind::Cox}) {
        const TrainedModel& m = trained(kind);
        const ModelNomogram drawn = nomogramOfModel(m, cohort(), {5.0, 10.0});
        ASSERT_TRUE(drawn.model) << drawn.whyNot;
        std::vector<std::string> names;
        for (const auto& p : drawn.model->predictors)
            names.push_back(p.name);
        EXPECT_EQ(names, (std::vector<std::string>{kRadScoreName, "age", "sex"}));
        const Nomogram nomogram(*drawn.model);
        ModelTask task = m.task;
        const PipelineData data = taskData(cohort(), task, m.pipeline.inputFeatures,
                                           taskRows(cohort(), task, std::nullopt), true);
        const Eigen::MatrixXd stage = stageInput(m.pipeline, data);
        const Prediction p = predictPipeline(m.pipeline, data);
        double worst = 0, first = 0;
        for (Eigen::Index i = 0; i < stage.rows(); ++i) {
            const std::vector<double> values = {stage(i, 0), stage(i, 1), stage(i, 2)};
            const double points = nomogram.totalPoints(values);
            if (kind == ModelKind::Logistic) {
                worst = std::max(worst, std::abs(nomogram.probabilityAt(points) - p.score(i)));
            } else {
                // Cox: the nomogram's lp is centred (cph), the model's is not.
                const double shift = nomogram.lpAt(points) - p.score(i);
                if (i == 0)
                    first = shift;
                worst = std::max(worst, std::abs(shift - first));
            }
        }
        std::printf("%s nomogram vs model: max |difference| %.3g\n", modelKindName(kind), worst);
        EXPECT_LT(worst, 1e-9);
    }
}

// ---- the model file ---------------------------------------------------------------

std::string withNewId(Json json) {
    json.erase("id");
    const std::string id = radiomics::sha256Hex(json.dump());
    Json out = {{"format", json["format"]}, {"format_version", json["format_version"]}, {"id", id}};
    for (auto it = json.begin(); it != json.end(); ++it)
        if (it.key() != "format" && it.key() != "format_version")
            out[it.key()] = it.value();
    return out.dump(1);
}

TEST(RadScoreModelFile, RoundTripPredictsBitIdentically) {
    for (const ModelKind kind : {ModelKind::Logistic, ModelKind::Cox}) {
        const TrainedModel& m = trained(kind);
        const std::string text = modelToJson(m);
        const TrainedModel back = modelFromJson(text, "radscore.json");
        EXPECT_EQ(modelToJson(back), text);
        EXPECT_EQ(modelId(back), modelId(m));
        ASSERT_TRUE(back.pipeline.radScore);
        EXPECT_EQ(back.pipeline.spec.radScore->features, kRadiomic);
        ModelTask task = m.task;
        const PipelineData data = taskData(cohort(), task, m.pipeline.inputFeatures,
                                           taskRows(cohort(), task, std::nullopt), true);
        EXPECT_EQ(predictPipeline(back.pipeline, data).score,
                  predictPipeline(m.pipeline, data).score);
    }
}

TEST(RadScoreModelFile, AModelWrittenBeforeRadScoresKeepsItsTextAndId) {
    // Written by rgw-cli of main before this feature (make_radscore.R's data):
    // the file of a model without a rad-score does not change.
    const std::string text = readText(test::referenceFile("radscore/plain_model_main.json"));
    const TrainedModel m = modelFromJson(text, "plain_model_main.json");
    EXPECT_FALSE(m.pipeline.radScore);
    EXPECT_EQ(modelToJson(m), text);
    EXPECT_NE(text.find(modelId(m)), std::string::npos);
    EXPECT_EQ(text.find("rad_score"), std::string::npos);
}

void refusedWith(const std::function<void(Json&)>& edit, const std::string& part) {
    Json json = Json::parse(modelToJson(trained(ModelKind::Logistic)));
    edit(json);
    try {
        modelFromJson(withNewId(json), "model.json");
        ADD_FAILURE() << "accepted an edit; expected: " << part;
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find(part), std::string::npos) << e.what();
    }
}

TEST(RadScoreModelFile, HostileEditsAreNamed) {
    refusedWith([](Json& m) { m["pipeline"].erase("rad_score"); },
                "model.pipeline lacks rad_score but the spec has a rad-score");
    refusedWith([](Json& m) { m["spec"].erase("rad_score"); },
                "model.pipeline has rad_score but the spec has no rad-score");
    refusedWith([](Json& m) { m["spec"]["rad_score"]["features"] = {"r6"}; },
                "is not a rad-score feature of the spec");
    refusedWith([](Json& m) { m["spec"]["rad_score"]["features"] = Json::array(); },
                "model.spec.rad_score.features is empty");
    refusedWith([](Json& m) { m["spec"]["rad_score"]["cross_fit_folds"] = 1; },
                "model.spec.rad_score.cross_fit_folds is 1");
    refusedWith([](Json& m) { m["pipeline"]["preprocessing"]["columns"][0] = "r1"; },
                "model.pipeline.preprocessing.columns are not rad-score followed by");
    refusedWith(
        [](Json& m) {
            auto& inputs = m["pipeline"]["input_features"];
            std::rotate(inputs.begin(), inputs.begin() + 1, inputs.end());
        },
        "model.pipeline.input_features");
    refusedWith(
        [](Json& m) {
            m["pipeline"]["rad_score"]["model"]["type"] = "learner";
            m["pipeline"]["rad_score"]["model"]["state"] = "x";
        },
        "model.pipeline.rad_score.model.type is 'learner'");
    refusedWith([](Json& m) { m["pipeline"]["rad_score"]["model"]["beta"][0].erase(0); },
                "model.pipeline.rad_score.model.beta");
    refusedWith([](Json& m) { m["spec"]["learner"]["kind"] = "multinomial"; },
                "model.spec.rad_score");
}

// ---- leakage ----------------------------------------------------------------------

/// 100 rows: 40 noise "radiomic" features, one noise clinical variable, a
/// random balanced label.
PipelineData noise(std::uint64_t seed) {
    Rng rng(seed);
    PipelineData d;
    d.x.resize(100, 41);
    for (Eigen::Index j = 0; j < d.x.cols(); ++j)
        for (Eigen::Index i = 0; i < d.x.rows(); ++i)
            d.x(i, j) = rng.normal();
    d.features.push_back("clinical");
    for (int j = 0; j < 40; ++j)
        d.features.push_back("noise_" + std::to_string(j));
    d.y.kind = ModelKind::Logistic;
    d.y.classes = {"0", "1"};
    d.y.label.resize(100);
    for (Eigen::Index i = 0; i < 100; ++i)
        d.y.label(i) = i < 50 ? 0.0 : 1.0;
    rng.shuffle(d.y.label.data(), d.y.label.data() + d.y.label.size());
    return d;
}

TEST(RadScoreLeakage, CrossValidatedAucOnNoiseStaysNearHalf) {
    constexpr int kExperiments = 8;
    ValidationSpec validation;
    validation.folds = 5;
    validation.repeats = 2;
    validation.seed = 7;
    double sum = 0;
    for (int e = 0; e < kExperiments; ++e) {
        const PipelineData data = noise(20261206 + static_cast<std::uint64_t>(e));
        PipelineSpec spec;
        spec.learner.penalty = Penalty::None;
        RadScoreSpec radScore;
        radScore.features.assign(data.features.begin() + 1, data.features.end());
        radScore.innerFolds = 5;
        spec.radScore = radScore;
        const double auc = crossValidate(spec, data, validation).meanDiscrimination;
        std::printf("noise data set %d (100 x 40 + 1 clinical): rad-score + clinical CV AUC %.3f\n",
                    e + 1, auc);
        sum += auc;
    }
    std::printf("mean over %d data sets: %.3f\n", kExperiments, sum / kExperiments);
    EXPECT_NEAR(sum / kExperiments, 0.5, 0.07);
}

} // namespace
