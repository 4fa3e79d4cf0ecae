// The validated protocol end to end on synthetic tables (issue #13 §4-5):
// training records where its rows came from and chooses the threshold and
// risk cut-off on training rows only; the same seed gives the same model on
// any thread count; scoring refuses another parameter set, absent inputs
// and missing values it cannot impute, naming them; evaluation uses the
// held-out split only.
#include "ErrorMessage.h"
#include "TestData.h"
#include "modeling/ModelEvaluation.h"
#include "modeling/ModelFile.h"
#include "modeling/Scoring.h"
#include "modeling/TableProvenance.h"
#include "modeling/TaskData.h"
#include "modeling/Training.h"
#include "radiomics/Sha256.h"
#include "stats/Concordance.h"
#include "stats/Threshold.h"
#include "util/Error.h"
#include "util/Random.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <gtest/gtest.h>

namespace {

using namespace rgw::modeling;
using rgw::stats::DataTable;

std::string text(double v) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.17g", v);
    return buffer;
}

/// `n` patients P001.., features f1..f5 (f1 informative), a binary target
/// with values "no"/"yes", a survival time/event driven by f1, a site, and
/// a split (every 4th patient "test"). Patient 3 lacks f2; patient 5 lacks
/// the target.
DataTable cohort(int n, std::uint64_t seed) {
    rgw::Rng rng(seed);
    std::vector<std::string> names{"patient_id", "split", "site",   "f1",   "f2",   "f3",
                                   "f4",         "f5",    "target", "time", "event"};
    std::vector<std::vector<std::string>> columns(names.size());
    for (int i = 0; i < n; ++i) {
        char id[16];
        std::snprintf(id, sizeof id, "P%03d", i + 1);
        columns[0].push_back(id);
        columns[1].push_back(i % 4 == 3 ? "test" : "train");
        columns[2].push_back(i % 3 == 0 ? "A" : (i % 3 == 1 ? "B" : "C"));
        const double f1 = rng.normal();
        columns[3].push_back(text(f1));
        for (int j = 4; j <= 7; ++j)
            columns[static_cast<std::size_t>(j)].push_back(i == 2 && j == 4 ? ""
                                                                            : text(rng.normal()));
        const double p = 1.0 / (1.0 + std::exp(-2.0 * f1));
        columns[8].push_back(i == 4 ? "" : (rng.uniform() < p ? "yes" : "no"));
        const double hazard = std::exp(0.8 * f1);
        const double t = -std::log(1.0 - rng.uniform()) / hazard * 100.0;
        const double censor = rng.uniform() * 250.0;
        columns[9].push_back(text(std::min(t, censor) + 1.0));
        columns[10].push_back(t <= censor ? "1" : "0");
    }
    return DataTable::fromText("cohort.csv", names, columns);
}

TrainingRequest logisticRequest() {
    TrainingRequest r;
    r.name = "test model";
    r.task.kind = ModelKind::Logistic;
    r.task.target = "target";
    r.features = {"f1", "f2", "f3", "f4", "f5"};
    r.pipeline.learner.penalty = Penalty::Lasso;
    r.pipeline.learner.innerFolds = 5;
    r.validation.folds = 5;
    r.validation.repeats = 2;
    r.validation.seed = 11;
    return r;
}

TrainingRequest coxRequest() {
    TrainingRequest r = logisticRequest();
    r.task = {};
    r.task.kind = ModelKind::Cox;
    r.task.time = "time";
    r.task.event = "event";
    return r;
}

const TrainingSource kSource{"table cohort.csv", "", "abcdef0123456789"};

TEST(Training, RecordsTheTrainingRowsAndLeavesTheTestSplitOut) {
    const DataTable t = cohort(160, 1);
    const TrainingResult r = trainModel(t, logisticRequest(), kSource);
    const TrainedModel& m = r.model;
    // 120 train rows, one of them (P005) without a target.
    EXPECT_EQ(m.training.members.size(), 119u);
    EXPECT_EQ(m.training.rowsWithoutResponse, 1u);
    EXPECT_EQ(std::count(m.training.members.begin(), m.training.members.end(), "P004"), 0);
    EXPECT_EQ(std::count(m.training.members.begin(), m.training.members.end(), "P005"), 0);
    EXPECT_EQ(m.training.members.front(), "P001");
    std::string joined;
    for (const std::string& id : m.training.members)
        joined += (joined.empty() ? "" : "\n") + id;
    EXPECT_EQ(m.training.membersSha256, rgw::radiomics::sha256Hex(joined));
    EXPECT_EQ(m.training.idColumn, "patient_id");
    EXPECT_EQ(m.training.parameterSetHash, "abcdef0123456789");
    EXPECT_EQ(m.task.classes, (std::vector<std::string>{"no", "yes"}));
    EXPECT_EQ(m.softwareVersion, std::string(RGW_VERSION));
    EXPECT_EQ(m.createdUtc.size(), 20u);
    // The informative feature is kept; inputs are only what the learner uses.
    EXPECT_NE(std::find(m.pipeline.inputFeatures.begin(), m.pipeline.inputFeatures.end(), "f1"),
              m.pipeline.inputFeatures.end());
    EXPECT_EQ(m.pipeline.inputFeatures, m.pipeline.model.features);
    for (Eigen::Index k = 0; k < m.pipeline.model.beta.rows(); ++k)
        EXPECT_NE(m.pipeline.model.beta(k, 0), 0.0);
    EXPECT_EQ(m.validation.measure, "auc");
    EXPECT_EQ(m.validation.perRepeat.size(), 2u);
    EXPECT_GT(m.validation.mean, 0.7);
}

TEST(Training, ChoosesTheThresholdOnOutOfFoldTrainingPredictions) {
    const DataTable t = cohort(160, 2);
    const TrainingResult r = trainModel(t, logisticRequest(), kSource);
    EXPECT_EQ(r.model.decision.threshold,
              rgw::stats::youdenThreshold(r.outOfFold.score, r.trainingOutcome.label).threshold);
    ASSERT_TRUE(r.crossValidated.binary.has_value());
    EXPECT_EQ(r.crossValidated.binary->atThreshold.threshold, r.model.decision.threshold);
    // The out-of-fold AUC of repeat 1 is the mean of nothing else: it is the
    // AUC of the pooled predictions, close to the fold mean of that repeat.
    EXPECT_NEAR(r.crossValidated.binary->auc.auc, r.validation.repeatDiscrimination[0], 0.05);
}

TEST(Training, CoxRiskCutoffIsTheMedianTrainingLinearPredictor) {
    const DataTable t = cohort(200, 3);
    const TrainingResult r = trainModel(t, coxRequest(), kSource);
    ASSERT_EQ(r.model.decision.riskCutoffs.size(), 1u);
    std::vector<std::size_t> rows = taskRows(t, r.model.task, std::string("train"));
    ModelTask task = r.model.task;
    PipelineData data = taskData(t, task, r.model.pipeline.inputFeatures, rows, true);
    const Eigen::VectorXd lp = predictPipeline(r.model.pipeline, data).score;
    const auto above = std::count_if(lp.begin(), lp.end(),
                                     [&](double v) { return v > r.model.decision.riskCutoffs[0]; });
    EXPECT_EQ(above, lp.size() / 2);
    ASSERT_TRUE(r.crossValidated.survival.has_value());
    EXPECT_EQ(r.crossValidated.survival->kaplanMeier.size(), 2u);
    EXPECT_TRUE(r.crossValidated.survival->logRank.has_value());
    EXPECT_EQ(r.model.validation.measure, "c_index");
}

TEST(Training, SameSeedSameModelOnEveryThreadCount) {
    const DataTable t = cohort(160, 4);
    TrainingRequest one = logisticRequest();
    one.validation.threads = 1;
    TrainingRequest two = logisticRequest();
    two.validation.threads = 2;
    TrainingResult a = trainModel(t, one, kSource);
    TrainingResult b = trainModel(t, two, kSource);
    b.model.createdUtc = a.model.createdUtc;
    EXPECT_EQ(modelToJson(a.model), modelToJson(b.model));
    TrainingRequest other = logisticRequest();
    other.validation.seed = 12;
    TrainingResult c = trainModel(t, other, kSource);
    EXPECT_NE(c.model.validation.perRepeat, a.model.validation.perRepeat);
}

TEST(Training, NonLinearLearnersRunInsideTheSameProtocol) {
    const DataTable t = cohort(160, 12);
    for (const LearnerKind kind :
         {LearnerKind::RandomForest, LearnerKind::GradientBoosting, LearnerKind::SvmRbf}) {
        TrainingRequest one = logisticRequest();
        one.pipeline.learner.algorithm = kind;
        one.pipeline.learner.algorithmOptions = defaultLearnerOptions(kind);
        one.validation.threads = 1;
        TrainingRequest two = one;
        two.validation.threads = 2;
        const TrainingResult a = trainModel(t, one, kSource);
        const TrainingResult b = trainModel(t, two, kSource);
        SCOPED_TRACE(learnerKindName(kind));
        ASSERT_TRUE(a.model.pipeline.algorithm.has_value());
        EXPECT_EQ(a.model.pipeline.inputFeatures.size(), 5u); // every selected feature
        EXPECT_EQ(a.model.validation.perRepeat, b.model.validation.perRepeat);
        EXPECT_EQ(a.model.decision.threshold, b.model.decision.threshold);
        EXPECT_GT(a.model.validation.mean, 0.65);
        // The model file holds the learner (test_model_file checks the
        // predictions of the read-back model bit for bit).
        const TrainedModel back = modelFromJson(modelToJson(a.model), "model.json");
        ASSERT_TRUE(back.pipeline.algorithm.has_value());
        EXPECT_EQ(back.pipeline.algorithm->kind, kind);
        EXPECT_EQ(modelId(back), modelId(a.model));
    }
    TrainingRequest cox = coxRequest();
    cox.pipeline.learner.algorithm = LearnerKind::GradientBoosting;
    const TrainingResult c = trainModel(t, cox, kSource);
    EXPECT_EQ(c.model.decision.riskCutoffs.size(), 1u);
    // Higher score = higher risk: the boosted trees' margin fits the
    // training rows (apparent C ~0.94); out of fold, 100 rounds of depth 3 on
    // 120 rows overfit (C ~0.53 where the lasso gives ~0.63) — above chance.
    ModelTask task = c.model.task;
    const auto rows = taskRows(t, task, std::string("train"));
    const PipelineData d = taskData(t, task, c.model.pipeline.inputFeatures, rows, true);
    const Eigen::VectorXd lp = predictPipeline(c.model.pipeline, d).score;
    EXPECT_GT(rgw::stats::harrellConcordance(d.y.time, d.y.event, lp).cIndex, 0.8);
    EXPECT_GT(c.model.validation.mean, 0.5);
}

TEST(Training, RefusesAResponseAsAFeatureAndComBatWithoutBatch) {
    const DataTable t = cohort(80, 5);
    TrainingRequest r = logisticRequest();
    r.features.push_back("target");
    EXPECT_THROW(trainModel(t, r, kSource), rgw::Error);
    TrainingRequest c = logisticRequest();
    c.pipeline.combat = true;
    try {
        trainModel(t, c, kSource);
        ADD_FAILURE() << "ComBat without a batch column was accepted";
    } catch (const rgw::Error& e) {
        EXPECT_NE(std::string(e.what()).find("batch"), std::string::npos) << e.what();
    }
}

TEST(Training, CancelStopsTraining) {
    const DataTable t = cohort(80, 6);
    rgw::CancelToken cancel;
    cancel.cancel();
    EXPECT_THROW(trainModel(t, logisticRequest(), kSource, {}, &cancel), rgw::Error);
}

// The stability filter reads a second extraction of the candidates, matched
// by patient: a feature whose repeat disagrees (f4: an unrelated value) is
// not a candidate of the model; the others are.
TEST(Training, StabilityFilterReadsRepeatedExtractionsByPatient) {
    const DataTable t = cohort(160, 14);
    rgw::Rng rng(15);
    std::vector<std::string> names{"patient_id", "f1", "f2", "f3", "f4", "f5"};
    std::vector<std::vector<std::string>> columns(names.size());
    for (std::size_t r = 0; r < 90; ++r) { // 90 of the 160 patients were extracted twice
        columns[0].push_back(t.text("patient_id")[r]);
        for (std::size_t j = 1; j < names.size(); ++j) {
            const double x = t.numbers(names[j])[r];
            const double repeat = names[j] == "f4" ? rng.normal() : x + 0.05 * rng.normal();
            columns[j].push_back(std::isnan(x) ? "" : text(repeat));
        }
    }
    TrainingRequest request = logisticRequest();
    request.pipeline.stability = StabilitySpec{};
    request.repeats =
        std::make_shared<const DataTable>(DataTable::fromText("repeats.csv", names, columns));
    const TrainingResult r = trainModel(t, request, kSource);
    const auto& inputs = r.model.pipeline.inputFeatures;
    EXPECT_EQ(std::find(inputs.begin(), inputs.end(), "f4"), inputs.end());
    EXPECT_NE(std::find(inputs.begin(), inputs.end(), "f1"), inputs.end());
    // The rows line up by patient: the matrix holds each patient's repeat.
    const std::vector<std::size_t> rows{0, 100, 2};
    const Eigen::MatrixXd m = taskRepeats(t, rows, *request.repeats, {"f1", "f4"});
    EXPECT_EQ(m(0, 0), std::stod(columns[1][0]));
    EXPECT_TRUE(std::isnan(m(1, 0))) << "patient 101 has no repeat";
    EXPECT_EQ(m(2, 1), std::stod(columns[4][2]));

    // Without the table, with a column it lacks, with a patient twice: named.
    TrainingRequest without = request;
    without.repeats.reset();
    EXPECT_NE(rgw::test::errorOf([&] {
                  trainModel(t, without, kSource);
              }).find("needs a table of repeated extractions"),
              std::string::npos);
    const auto lacking =
        DataTable::fromText("repeats.csv", {"patient_id", "f1"}, {{"P001"}, {"0.5"}});
    EXPECT_NE(rgw::test::errorOf([&] {
                  taskRepeats(t, rows, lacking, {"f1", "f2"});
              }).find("repeats.csv: no column 'f2'"),
              std::string::npos);
    const auto twice = DataTable::fromText("repeats.csv", {"patient_id", "f1"},
                                           {{"P001", "P001"}, {"0.5", "0.6"}});
    EXPECT_NE(rgw::test::errorOf([&] {
                  taskRepeats(t, rows, twice, {"f1"});
              }).find("repeats.csv line 3: patient 'P001' has a second repeated extraction"),
              std::string::npos);
}

TEST(Scoring, AppliesTheStoredRuleAndNamesWhatItRefuses) {
    const DataTable t = cohort(160, 7);
    TrainingRequest request = logisticRequest();
    request.pipeline.preprocessing.imputation = Imputation::None;
    request.features = {"f1", "f3"};
    // Training rows must be complete without imputation: P003 lacks f2 only.
    const TrainedModel m = trainModel(t, request, kSource).model;
    const ScoringResult s = scoreTable(m, t, {"abcdef0123456789"});
    EXPECT_EQ(s.modelId, modelId(m));
    EXPECT_EQ(s.scored.size(), 160u);
    for (const PatientScore& p : s.scored)
        EXPECT_EQ(p.predictedClass, p.score >= m.decision.threshold ? "yes" : "no");

    // Another parameter set: refused, naming both.
    try {
        scoreTable(m, t, {"999999999999aaaa"});
        ADD_FAILURE() << "another parameter set was accepted";
    } catch (const rgw::Error& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("abcdef012345"), std::string::npos) << what;
        EXPECT_NE(what.find("999999999999"), std::string::npos) << what;
    }
    // An absent input column: refused, naming it.
    const DataTable without =
        DataTable::fromText("new.csv", {"patient_id", "f1"}, {{"X1"}, {"0.5"}});
    if (std::find(m.pipeline.inputFeatures.begin(), m.pipeline.inputFeatures.end(), "f3") !=
        m.pipeline.inputFeatures.end()) {
        try {
            scoreTable(m, without, {});
            ADD_FAILURE() << "a table without f3 was scored";
        } catch (const rgw::Error& e) {
            EXPECT_NE(std::string(e.what()).find("f3"), std::string::npos) << e.what();
        }
    }
    // A missing value without imputation: that patient is refused, by name.
    const DataTable gap = DataTable::fromText("new.csv", {"patient_id", "f1", "f3"},
                                              {{"X1", "X2"}, {"", "0.1"}, {"0.2", "0.3"}});
    const ScoringResult g = scoreTable(m, gap, {});
    ASSERT_EQ(g.refused.size(), 1u);
    EXPECT_EQ(g.refused[0].patientId, "X1");
    EXPECT_EQ(g.refused[0].reason, "missing f1");
    ASSERT_EQ(g.scored.size(), 1u);
    EXPECT_EQ(g.scored[0].patientId, "X2");
}

TEST(Scoring, ImputesWithTheTrainingMedianAndSaysSo) {
    const DataTable t = cohort(160, 8);
    TrainingRequest request = logisticRequest();
    request.features = {"f1"};
    const TrainedModel m = trainModel(t, request, kSource).model;
    ASSERT_EQ(m.pipeline.inputFeatures, std::vector<std::string>{"f1"});
    const DataTable gap = DataTable::fromText("new.csv", {"patient_id", "f1"}, {{"X1"}, {""}});
    const ScoringResult g = scoreTable(m, gap, {});
    ASSERT_EQ(g.scored.size(), 1u);
    EXPECT_EQ(g.scored[0].imputed, std::vector<std::string>{"f1"});
    const DataTable filled = DataTable::fromText(
        "new.csv", {"patient_id", "f1"}, {{"X1"}, {text(m.pipeline.preprocessing.fill[0])}});
    EXPECT_EQ(scoreTable(m, filled, {}).scored[0].score, g.scored[0].score);
}

// Complete cases (--impute drop): the same model as training without the
// incomplete rows, which the members leave out; scoring refuses a patient
// missing an input instead of filling it.
TEST(Training, DropTrainsOnCompleteCasesAndScoringRefusesMissingInputs) {
    const DataTable t = cohort(160, 8); // P003 (a training row) lacks f2
    TrainingRequest request = logisticRequest();
    request.pipeline.learner.penalty = Penalty::Ridge; // every input stays in the model
    request.pipeline.preprocessing.imputation = Imputation::Drop;
    const TrainedModel dropped = trainModel(t, request, kSource).model;
    const auto& members = dropped.training.members;
    EXPECT_EQ(std::find(members.begin(), members.end(), "P003"), members.end());

    std::vector<std::vector<std::string>> columns;
    for (const std::string& name : t.columnNames()) {
        std::vector<std::string> column;
        for (std::size_t r = 0; r < t.rows(); ++r)
            if (t.text("patient_id")[r] != "P003")
                column.push_back(t.text(name)[r]);
        columns.push_back(std::move(column));
    }
    const DataTable complete = DataTable::fromText("cohort.csv", t.columnNames(), columns);
    request.pipeline.preprocessing.imputation = Imputation::None;
    const TrainedModel reference = trainModel(complete, request, kSource).model;
    EXPECT_EQ(members, reference.training.members);
    EXPECT_EQ(dropped.validation.mean, reference.validation.mean);
    EXPECT_EQ(dropped.pipeline.model.beta, reference.pipeline.model.beta);
    EXPECT_EQ(dropped.pipeline.model.intercept, reference.pipeline.model.intercept);

    const DataTable gap =
        DataTable::fromText("new.csv", {"patient_id", "f1", "f2", "f3", "f4", "f5"},
                            {{"X1"}, {"0.1"}, {""}, {"0.2"}, {"0.3"}, {"0.4"}});
    const ScoringResult s = scoreTable(dropped, gap, {});
    EXPECT_TRUE(s.scored.empty());
    ASSERT_EQ(s.refused.size(), 1u);
    EXPECT_NE(s.refused[0].reason.find("f2"), std::string::npos) << s.refused[0].reason;
}

TEST(Scoring, ComBatModelRefusesAnUnknownSite) {
    const DataTable t = cohort(180, 9);
    TrainingRequest request = logisticRequest();
    request.pipeline.combat = true;
    request.task.batchColumn = "site";
    const TrainedModel m = trainModel(t, request, kSource).model;
    std::vector<std::string> names{"patient_id", "site"};
    std::vector<std::vector<std::string>> columns{{"X1", "X2"}, {"A", "Z"}};
    for (const std::string& f : m.pipeline.inputFeatures) {
        names.push_back(f);
        columns.push_back({"0.1", "0.2"});
    }
    const ScoringResult s = scoreTable(m, DataTable::fromText("new.csv", names, columns), {});
    ASSERT_EQ(s.refused.size(), 1u);
    EXPECT_EQ(s.refused[0].patientId, "X2");
    EXPECT_NE(s.refused[0].reason.find("'Z'"), std::string::npos) << s.refused[0].reason;
}

TEST(Scoring, AMissingComBatCovariateRefusesThatPatientOnly) {
    const DataTable t = cohort(180, 9);
    TrainingRequest request = logisticRequest();
    request.pipeline.combat = true;
    request.pipeline.combatCovariates = {"f3"};
    request.task.batchColumn = "site";
    const TrainedModel m = trainModel(t, request, kSource).model;
    // ComBat needs its covariate even when the model does not use it.
    ASSERT_NE(std::find(m.pipeline.inputFeatures.begin(), m.pipeline.inputFeatures.end(), "f3"),
              m.pipeline.inputFeatures.end());
    std::vector<std::string> names{"patient_id", "site"};
    std::vector<std::vector<std::string>> columns{{"X1", "X2"}, {"A", "B"}};
    for (const std::string& f : m.pipeline.inputFeatures) {
        names.push_back(f);
        columns.push_back({"0.1", f == "f3" ? "" : "0.2"});
    }
    const ScoringResult s = scoreTable(m, DataTable::fromText("new.csv", names, columns), {});
    ASSERT_EQ(s.scored.size(), 1u);
    EXPECT_EQ(s.scored[0].patientId, "X1");
    ASSERT_EQ(s.refused.size(), 1u);
    EXPECT_EQ(s.refused[0].patientId, "X2");
    EXPECT_EQ(s.refused[0].reason, "missing the ComBat covariate f3");
}

TEST(Scoring, CoxRiskGroups) {
    DecisionRule rule;
    rule.riskCutoffs = {0.0};
    EXPECT_EQ(riskGroupOf(rule, -0.1), "low");
    EXPECT_EQ(riskGroupOf(rule, 0.0), "low");
    EXPECT_EQ(riskGroupOf(rule, 0.1), "high");
    rule.riskCutoffs = {-1.0, 1.0};
    EXPECT_EQ(riskGroupOf(rule, 0.0), "group 2 of 3");
    EXPECT_EQ(riskGroupOf(rule, 2.0), "group 3 of 3");
}

TEST(ModelEvaluation, UsesTheTestSplitOnly) {
    const DataTable t = cohort(200, 10);
    const TrainedModel m = trainModel(t, coxRequest(), kSource).model;
    const ModelEvaluation e = evaluateModel(m, t, {});
    EXPECT_EQ(e.rowsUsed, "the test split");
    EXPECT_EQ(e.evaluation.rows, 50u);
    EXPECT_EQ(e.rowsThatTrainedTheModel, 0u);
    ASSERT_TRUE(e.evaluation.survival.has_value());
    EXPECT_GT(e.evaluation.survival->concordance.cIndex, 0.55);

    // The same rows without the split column: an "external" table that
    // contains the training patients is flagged.
    std::vector<std::string> names;
    std::vector<std::vector<std::string>> columns;
    for (const std::string& name : t.columnNames())
        if (name != "split") {
            names.push_back(name);
            columns.push_back(t.text(name));
        }
    const ModelEvaluation all =
        evaluateModel(m, DataTable::fromText("all.csv", names, columns), {});
    EXPECT_EQ(all.rowsUsed, "all rows");
    EXPECT_EQ(all.rowsThatTrainedTheModel, m.training.members.size());
}

TEST(Evaluation, SeparatedPredictionsGiveTheBrierScoreAndSayWhyCalibrationIsMissing) {
    Outcome y;
    y.kind = ModelKind::Logistic;
    y.label = (Eigen::VectorXd(6) << 0, 0, 0, 1, 1, 1).finished();
    Prediction p;
    p.score = (Eigen::VectorXd(6) << 0.1, 0.2, 0.3, 0.7, 0.8, 0.9).finished();
    ModelTask task;
    DecisionRule rule;
    rule.threshold = 0.5;
    const Evaluation e = evaluatePredictions(p, y, task, rule);
    ASSERT_TRUE(e.binary.has_value());
    EXPECT_DOUBLE_EQ(e.binary->calibration.brier, (0.01 + 0.04 + 0.09) * 2 / 6);
    EXPECT_TRUE(std::isnan(e.binary->calibration.slope));
    ASSERT_EQ(e.notes.size(), 1u);
    EXPECT_NE(e.notes[0].find("separated"), std::string::npos) << e.notes[0];
    EXPECT_EQ(e.binary->auc.auc, 1.0);
    EXPECT_EQ(e.binary->atThreshold.sensitivity, 1.0);
}

TEST(TableProvenance, ReadsTheCohortExportSideFile) {
    rgw::test::TempDir dir;
    const auto table = dir.path() / "t.csv";
    EXPECT_FALSE(readTableProvenance(table).has_value());
    std::ofstream(provenanceFileOf(table))
        << R"({"cohort": {"name": "c", "version": 2, "reference": "c@2"},
               "parameter_set": {"hash": "0123abcd", "name": "ct"}})";
    const auto p = readTableProvenance(table);
    ASSERT_TRUE(p.has_value());
    EXPECT_EQ(p->cohort, "c@2");
    EXPECT_EQ(p->parameterSetHash, "0123abcd");
    std::ofstream(provenanceFileOf(table)) << "{\"parameter_set\": 3}";
    try {
        readTableProvenance(table);
        ADD_FAILURE() << "a malformed side file was accepted";
    } catch (const rgw::Error& e) {
        EXPECT_NE(std::string(e.what()).find("t.csv.provenance.json"), std::string::npos)
            << e.what();
    }
}

} // namespace
