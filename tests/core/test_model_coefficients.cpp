// The coefficient table of a trained model (core/modeling/ModelCoefficients):
// an unpenalised logistic / Cox pipeline's coefficients on the input scale
// with Wald SE, p and odds / hazard ratio intervals must be R's glm / coxph
// on the same rows (tests/reference/coefficients/make_coefficients.R);
// penalised, multinomial and non-linear models say why they have no
// intervals or no coefficients.

#include "Reference.h"
#include "TestData.h"
#include "modeling/ModelCoefficients.h"
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

double relative(double a, double b) {
    return std::abs(a - b) / std::max(1.0, std::abs(b));
}

/// The columns `names` of `table` (renamed `as`), complete rows only.
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

TrainedModel train(const stats::DataTable& table, ModelTask task, std::vector<std::string> features,
                   Penalty penalty) {
    TrainingRequest request;
    request.name = "coefficients";
    request.task = std::move(task);
    request.features = std::move(features);
    request.pipeline.learner.penalty = penalty;
    request.pipeline.learner.innerFolds = 3;
    request.validation.folds = 3;
    request.validation.seed = 1;
    request.validation.threads = 1;
    return trainModel(table, request, {"reference rows", "", ""}).model;
}

/// Largest relative deviation of the set from the reference table.
double expectTable(const ModelCoefficientSet& set, const std::string& file) {
    const auto ref = stats::DataTable::read(test::referenceFile("coefficients/" + file));
    EXPECT_EQ(set.names.size(), ref.rows());
    EXPECT_EQ(set.standardError.size(), ref.rows());
    double worst = 0;
    for (std::size_t i = 0; i < std::min(set.names.size(), ref.rows()); ++i) {
        SCOPED_TRACE(set.names[i]);
        EXPECT_EQ(set.names[i], ref.text("name")[i]);
        const double d[] = {relative(set.estimate[i], ref.numbers("estimate")[i]),
                            relative(set.standardError[i], ref.numbers("se")[i]),
                            relative(set.p[i], ref.numbers("p")[i])};
        for (const double v : d) {
            EXPECT_LT(v, 1e-7);
            worst = std::max(worst, v);
        }
        if (set.names[i] == "(Intercept)") {
            EXPECT_TRUE(std::isnan(set.ratio[i]));
            continue;
        }
        // Ratios relative to themselves: exp() turns absolute into relative error.
        for (const char* column : {"ratio", "lower", "upper"}) {
            const double mine = std::string(column) == "ratio"   ? set.ratio[i]
                                : std::string(column) == "lower" ? set.ratioLower[i]
                                                                 : set.ratioUpper[i];
            const double r = ref.numbers(column)[i];
            const double v = std::abs(mine - r) / std::abs(r);
            EXPECT_LT(v, 1e-6) << column;
            worst = std::max(worst, v);
        }
    }
    std::printf("%s: max relative deviation %.2e\n", file.c_str(), worst);
    return worst;
}

TEST(ModelCoefficients, UnpenalisedLogisticEqualsGlm) {
    RGW_REQUIRE_TEST_DATA();
    const auto wdbc = stats::DataTable::read(test::tabularFile("wdbc_breast_cancer.csv"));
    const auto table =
        completeColumns(wdbc, {"malignant", "mean_radius", "mean_texture", "mean_smoothness"},
                        {"malignant", "radius_mean", "texture_mean", "smoothness_mean"});
    ModelTask task;
    task.kind = ModelKind::Logistic;
    task.target = "malignant";
    const TrainedModel m =
        train(table, task, {"radius_mean", "texture_mean", "smoothness_mean"}, Penalty::None);
    const ModelCoefficients c = coefficientsOfModel(m, table);
    EXPECT_TRUE(c.linear);
    EXPECT_TRUE(c.originalScale);
    ASSERT_EQ(c.sets.size(), 1u);
    expectTable(c.sets[0], "logistic_coefficients.csv");
    // The same coefficients as the stored model's on its input scale (the nomogram's).
    const ModelNomogram n = nomogramOfModel(m, table, {});
    ASSERT_TRUE(n.model);
    EXPECT_LT(relative(c.sets[0].estimate[0], n.model->intercept), 1e-6);
    for (std::size_t j = 0; j < n.model->predictors.size(); ++j)
        EXPECT_LT(relative(c.sets[0].estimate[j + 1], n.model->predictors[j].coefficient), 1e-6);
}

TEST(ModelCoefficients, UnpenalisedCoxEqualsCoxph) {
    RGW_REQUIRE_TEST_DATA();
    const auto lung = stats::DataTable::read(test::tabularFile("survival_lung.csv"));
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
    const TrainedModel m = train(table, task, {"age", "female", "ph.ecog"}, Penalty::None);
    const ModelCoefficients c = coefficientsOfModel(m, table);
    ASSERT_EQ(c.sets.size(), 1u);
    expectTable(c.sets[0], "cox_coefficients.csv");
}

TEST(ModelCoefficients, PenalisedAndNonLinearModelsSayWhy) {
    RGW_REQUIRE_TEST_DATA();
    const auto wdbc = stats::DataTable::read(test::tabularFile("wdbc_breast_cancer.csv"));
    ModelTask task;
    task.kind = ModelKind::Logistic;
    task.target = "malignant";
    const TrainedModel ridge = train(wdbc, task, {"mean_radius", "mean_texture"}, Penalty::Ridge);
    const ModelCoefficients c = coefficientsOfModel(ridge, wdbc);
    ASSERT_EQ(c.sets.size(), 1u);
    EXPECT_TRUE(c.sets[0].standardError.empty());
    ASSERT_EQ(c.notes.size(), 1u);
    EXPECT_NE(c.notes[0].find("penalised (ridge)"), std::string::npos) << c.notes[0];
    // Ridge keeps every feature: b_j = beta_j / scale_j of the stored model.
    const ModelNomogram n = nomogramOfModel(ridge, wdbc, {});
    ASSERT_TRUE(n.model);
    for (std::size_t j = 0; j < n.model->predictors.size(); ++j)
        EXPECT_EQ(c.sets[0].estimate[j + 1], n.model->predictors[j].coefficient);
    EXPECT_EQ(c.sets[0].estimate[0], n.model->intercept);

    TrainingRequest request;
    request.task = task;
    request.features = {"mean_radius", "mean_texture"};
    request.validation.folds = 3;
    request.validation.seed = 1;
    request.pipeline.learner.algorithm = LearnerKind::GradientBoosting;
    request.pipeline.learner.algorithmOptions =
        defaultLearnerOptions(LearnerKind::GradientBoosting);
    request.pipeline.learner.algorithmOptions.trees = 5;
    const TrainedModel boosted = trainModel(wdbc, request, {"t", "", ""}).model;
    const ModelCoefficients b = coefficientsOfModel(boosted, wdbc);
    EXPECT_FALSE(b.linear);
    EXPECT_TRUE(b.sets.empty());
    ASSERT_EQ(b.importance.size(),
              static_cast<std::size_t>(boosted.pipeline.algorithm->importance.size()));
    for (std::size_t i = 0; i < b.importance.size(); ++i)
        EXPECT_EQ(b.importance[i],
                  boosted.pipeline.algorithm->importance(static_cast<Eigen::Index>(i)));

    request.pipeline.learner.algorithm.reset();
    request.pipeline.learner.penalty = Penalty::None;
    request.pipeline.preprocessing.logColumns = {"mean_radius"};
    const ModelCoefficients logged =
        coefficientsOfModel(trainModel(wdbc, request, {"t", "", ""}).model, wdbc);
    EXPECT_FALSE(logged.originalScale);
    EXPECT_TRUE(logged.sets.at(0).standardError.empty());
    EXPECT_NE(logged.notes.at(0).find("'mean_radius' is log-transformed"), std::string::npos);
}

} // namespace
