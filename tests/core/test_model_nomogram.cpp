// The nomogram of a trained model (core/modeling/ModelNomogram): an
// unpenalised logistic / Cox pipeline rewritten on the input scale must be
// the model rms::nomogram draws from lrm / cph on the same rows — the same
// coefficients, axis ranges (datadist limits and values), linear-predictor
// range, Cox centre and baseline survival at the chosen times
// (tests/reference/nomogram/make_nomogram.R, rms 6.5.0).

#include "Reference.h"
#include "TestData.h"
#include "modeling/ModelNomogram.h"
#include "modeling/Training.h"
#include "stats/DataTable.h"

#include <cmath>
#include <gtest/gtest.h>
#include <string>
#include <vector>

namespace {

using namespace rgw;
using namespace rgw::modeling;

stats::DataTable reference(const std::string& file) {
    return stats::DataTable::read(test::referenceFile("nomogram/" + file));
}

double relative(double a, double b) {
    return std::abs(a - b) / std::max(1.0, std::abs(b));
}

/// The columns `names` of `table` (renamed `as`), its complete rows only,
/// as the R script uses them.
stats::DataTable completeColumns(const stats::DataTable& table,
                                 const std::vector<std::string>& names,
                                 const std::vector<std::string>& as) {
    std::vector<std::vector<std::string>> columns(names.size());
    for (std::size_t r = 0; r < table.rows(); ++r) {
        bool complete = true;
        for (const auto& n : names)
            complete = complete && !table.text(n)[r].empty() && table.text(n)[r] != "NA";
        if (!complete)
            continue;
        for (std::size_t c = 0; c < names.size(); ++c)
            columns[c].push_back(table.text(names[c])[r]);
    }
    return stats::DataTable::fromText("reference rows", as, columns);
}

TrainedModel trainUnpenalised(const stats::DataTable& table, ModelTask task,
                              std::vector<std::string> features, stats::CoxTies ties) {
    TrainingRequest request;
    request.name = "nomogram";
    request.task = std::move(task);
    request.features = std::move(features);
    request.pipeline.learner.penalty = Penalty::None;
    request.pipeline.learner.ties = ties;
    request.validation.folds = 3;
    request.validation.seed = 1;
    return trainModel(table, request, {"reference rows", "", ""}).model;
}

/// Each predictor's coefficient and axis against the reference's model table.
void expectPredictors(const NomogramModel& nm, const stats::DataTable& ref, double tolerance) {
    ASSERT_EQ(nm.predictors.size(), ref.rows());
    for (std::size_t j = 0; j < ref.rows(); ++j) {
        const NomogramPredictor& p = nm.predictors[j];
        SCOPED_TRACE(p.name);
        EXPECT_EQ(p.name, ref.text("name")[j]);
        const double b = ref.numbers("coefficient")[j];
        std::printf("%-16s b %.12g (rms %.12g, rel. diff %.2e)\n", p.name.c_str(), p.coefficient, b,
                    relative(p.coefficient, b));
        EXPECT_LT(relative(p.coefficient, b), tolerance);
        const std::string values = ref.text("values")[j];
        if (values.empty()) {
            EXPECT_TRUE(p.values.empty());
            EXPECT_EQ(p.low, ref.numbers("low")[j]);
            EXPECT_EQ(p.high, ref.numbers("high")[j]);
            continue;
        }
        std::vector<double> expected;
        for (std::size_t from = 0; from <= values.size();) {
            const std::size_t to = std::min(values.find(';', from), values.size());
            expected.push_back(std::stod(values.substr(from, to - from)));
            from = to + 1;
        }
        EXPECT_EQ(p.values, expected);
    }
}

TEST(ModelNomogram, LogisticEqualsRmsOnLrm) {
    RGW_REQUIRE_TEST_DATA();
    const auto wdbc = stats::DataTable::read(test::tabularFile("wdbc_breast_cancer.csv"));
    const auto table =
        completeColumns(wdbc, {"malignant", "mean_radius", "mean_texture", "mean_smoothness"},
                        {"malignant", "radius_mean", "texture_mean", "smoothness_mean"});
    ModelTask task;
    task.kind = ModelKind::Logistic;
    task.target = "malignant";
    const TrainedModel m = trainUnpenalised(
        table, task, {"radius_mean", "texture_mean", "smoothness_mean"}, stats::CoxTies::Efron);
    const ModelNomogram n = nomogramOfModel(m, table, {});
    ASSERT_TRUE(n.model.has_value()) << n.whyNot;
    // IRLS and lrm's Newton stop at their own tolerances: 1e-8 relative.
    expectPredictors(*n.model, reference("logistic_model.csv"), 1e-8);
    const auto link = reference("logistic_model_link.csv");
    EXPECT_LT(relative(n.model->intercept, link.numbers("intercept")[0]), 1e-8);
    EXPECT_LT(relative(n.model->lpLow, link.numbers("lp_low")[0]), 1e-8);
    EXPECT_LT(relative(n.model->lpHigh, link.numbers("lp_high")[0]), 1e-8);
    EXPECT_EQ(n.model->link, NomogramModel::Link::Logistic);
}

TEST(ModelNomogram, CoxEqualsRmsOnCphWithItsBaselineSurvival) {
    RGW_REQUIRE_TEST_DATA();
    const auto lung = stats::DataTable::read(test::tabularFile("survival_lung.csv"));
    // female = (sex == 2), as the R script derives it.
    std::vector<std::vector<std::string>> columns(5);
    for (std::size_t r = 0; r < lung.rows(); ++r) {
        const std::string ecog = lung.text("ph.ecog")[r];
        if (ecog.empty() || ecog == "NA")
            continue;
        columns[0].push_back(lung.text("time")[r]);
        columns[1].push_back(lung.text("status")[r]);
        columns[2].push_back(lung.text("age")[r]);
        columns[3].push_back(lung.text("sex")[r] == "2" ? "1" : "0");
        columns[4].push_back(ecog);
    }
    const auto table = stats::DataTable::fromText(
        "reference rows", {"time", "status", "age", "female", "ph.ecog"}, columns);
    ModelTask task;
    task.kind = ModelKind::Cox;
    task.time = "time";
    task.event = "status";
    const TrainedModel m =
        trainUnpenalised(table, task, {"age", "female", "ph.ecog"}, stats::CoxTies::Efron);
    const auto baseline = reference("cox_baseline.csv");
    const ModelNomogram n = nomogramOfModel(m, table, baseline.numbers("time"));
    ASSERT_TRUE(n.model.has_value()) << n.whyNot;
    expectPredictors(*n.model, reference("cox_model.csv"), 1e-8);
    const auto link = reference("cox_model_link.csv");
    EXPECT_LT(relative(n.model->centre, link.numbers("centre")[0]), 1e-8);
    EXPECT_LT(relative(n.model->lpLow, link.numbers("lp_low")[0]), 1e-8);
    EXPECT_LT(relative(n.model->lpHigh, link.numbers("lp_high")[0]), 1e-8);
    ASSERT_EQ(n.model->baseline.size(), baseline.rows());
    for (std::size_t i = 0; i < baseline.rows(); ++i) {
        const double h = baseline.numbers("cumulative_hazard")[i];
        std::printf("H0(%g) %.12g (rms %.12g, rel. diff %.2e)\n", n.model->baseline[i].time,
                    n.model->baseline[i].cumulativeHazard, h,
                    relative(n.model->baseline[i].cumulativeHazard, h));
        EXPECT_EQ(n.model->baseline[i].time, baseline.numbers("time")[i]);
        EXPECT_LT(relative(n.model->baseline[i].cumulativeHazard, h), 1e-8);
    }
    // Drawable once built: the points scale exists.
    EXPECT_NO_THROW(Nomogram{*n.model});
}

TEST(ModelNomogram, ModelsThatAreNotLinearInTheirInputsSayWhy) {
    RGW_REQUIRE_TEST_DATA();
    const auto wdbc = stats::DataTable::read(test::tabularFile("wdbc_breast_cancer.csv"));
    ModelTask task;
    task.kind = ModelKind::Logistic;
    task.target = "malignant";
    TrainingRequest request;
    request.task = task;
    request.features = {"mean_radius", "mean_texture"};
    request.validation.folds = 3;
    request.validation.seed = 1;
    request.pipeline.preprocessing.logColumns = {"mean_radius"};
    request.pipeline.learner.penalty = Penalty::None;
    auto n = nomogramOfModel(trainModel(wdbc, request, {"t", "", ""}).model, wdbc, {});
    EXPECT_FALSE(n.model);
    EXPECT_NE(n.whyNot.find("'mean_radius' is log-transformed"), std::string::npos) << n.whyNot;

    request.pipeline.preprocessing.logColumns.clear();
    request.pipeline.learner.algorithm = LearnerKind::GradientBoosting;
    request.pipeline.learner.algorithmOptions =
        defaultLearnerOptions(LearnerKind::GradientBoosting);
    request.pipeline.learner.algorithmOptions.trees = 5;
    n = nomogramOfModel(trainModel(wdbc, request, {"t", "", ""}).model, wdbc, {});
    EXPECT_FALSE(n.model);
    EXPECT_NE(n.whyNot.find("gradient-boosting learner is not one"), std::string::npos) << n.whyNot;
}

} // namespace
