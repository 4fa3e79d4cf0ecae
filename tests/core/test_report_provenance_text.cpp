// The methods text written from provenance (core/report): a parameter set in
// IBSI reporting terms (report/ParameterSetDescription.h) and a model's
// protocol from its stored pipeline spec (report/ModelProtocol.h). The text
// must state every setting that was run, in pipeline order.
#include "modeling/TrainedModel.h"
#include "radiomics/ParameterSet.h"
#include "report/ModelProtocol.h"
#include "report/NumberFormat.h"
#include "report/ParameterSetDescription.h"

#include <gtest/gtest.h>
#include <map>
#include <string>

using namespace rgw;

namespace {

std::map<std::string, std::string>
asMap(const std::vector<std::pair<std::string, std::string>>& e) {
    return {e.begin(), e.end()};
}

TEST(ReportProvenanceText, ParameterSetInIbsiTerms) {
    const auto a =
        asMap(report::describeParameterSet(radiomics::loadParameterSet("ibsi-config-A")));
    EXPECT_EQ(a.at("Parameter set"), "IBSI configuration A (ibsi-config-A)");
    EXPECT_EQ(a.at("Parameter-set SHA-256"), radiomics::loadParameterSet("ibsi-config-A").hash);
    EXPECT_EQ(a.at("Analysis"), "2D (slice-wise)");
    EXPECT_EQ(a.at("Interpolation"), "none (features on the native voxel grid)");
    EXPECT_EQ(a.at("Re-segmentation range"), "[-500, 400]");
    EXPECT_EQ(a.at("Outlier filtering"), "none");
    EXPECT_EQ(a.at("Discretisation (intensity histogram and texture)")
                  .rfind("fixed bin size, bin width 25", 0),
              0u);
    EXPECT_NE(a.at("Texture aggregation").find("BTW3"), std::string::npos);
    EXPECT_EQ(a.at("Valid for modalities"), "CT");

    const auto e =
        asMap(report::describeParameterSet(radiomics::loadParameterSet("ibsi-config-E")));
    EXPECT_EQ(e.at("Analysis"), "3D (volumetric)");
    EXPECT_EQ(e.at("Interpolation"),
              "to 2 × 2 × 2 mm; image cubic B-spline, mask linear with partial-volume threshold "
              "0.5; interpolated intensities rounded to integers");
    EXPECT_EQ(e.at("Outlier filtering"), "voxels outside μ ± 3 σ of the ROI removed");
    EXPECT_EQ(e.at("Discretisation (intensity histogram and texture)"),
              "fixed bin number, 32 bins over the ROI range");
    EXPECT_NE(e.at("Texture aggregation").find("ITBB"), std::string::npos);
    EXPECT_EQ(report::intensityUnitOfModality("CT"), "Hounsfield units");
    EXPECT_EQ(e.at("Convolutional filters (IBSI 2)"), "none");
}

TEST(ReportProvenanceText, ConvolutionalFiltersWithTheirSettingsAndFamilies) {
    // IBSI 2 asks for each filter's settings to be reported; the text names
    // each filter as its features' names do.
    const auto set = radiomics::parseParameterSet(
        "filters:\n"
        "  - type: log\n    dimensions: 3D\n    boundary: mirror\n    sigma_mm: 1.5\n"
        "  - type: riesz\n    dimensions: 2D\n    boundary: zero\n    order: [0, 1, 0]\n"
        "    base: log\n    sigma_mm: 3\n    align: structure_tensor\n"
        "    tensor_sigma_mm: 2\n    families: [intensity_statistics, glcm]\n"
        "    discretisation:\n      method: fixed_bin_number\n      bin_count: 16\n",
        "filters.yaml");
    EXPECT_EQ(asMap(report::describeParameterSet(set)).at("Convolutional filters (IBSI 2)"),
              "1. log_sigma1.5_trunc4_3D_mirror → intensity_statistics; "
              "2. riesz_l0-1-0_aligned_tensor_sigma2_log_sigma3_trunc4_2D_zero → "
              "intensity_statistics, glcm (fixed bin number, 16 bins over the ROI range); "
              "responses read in the ROI after re-segmentation of the unfiltered image");
}

TEST(ReportProvenanceText, ModelProtocolInPipelineOrder) {
    modeling::TrainedModel m;
    m.name = "response";
    m.task.kind = modeling::ModelKind::Logistic;
    m.task.target = "response";
    m.task.classes = {"no", "yes"};
    m.task.batchColumn = "site";
    m.training.source = "cohort lung@2";
    m.training.members = {"P1", "P2", "P3"};
    m.training.candidateFeatures = {"a", "b", "c", "age"};
    auto& spec = m.pipeline.spec;
    spec.preprocessing.logColumns = {"a"};
    spec.combat = true;
    spec.combatCovariates = {"age"};
    modeling::SelectionStep univariate;
    univariate.kind = modeling::SelectionKind::Univariate;
    univariate.threshold = 0.1;
    univariate.maxFeatures = 20;
    univariate.test = modeling::UnivariateTest::MannWhitney;
    modeling::SelectionStep correlation;
    correlation.kind = modeling::SelectionKind::Correlation;
    correlation.threshold = 0.9;
    spec.selection = {univariate, correlation};
    spec.learner.penalty = modeling::Penalty::ElasticNet;
    spec.learner.alpha = 0.5;
    spec.learner.lambdaRule = modeling::LambdaRule::OneStandardError;
    spec.learner.innerFolds = 5;
    m.pipeline.model.features = {"a", "age"};
    m.pipeline.model.lambda = 0.0123;
    m.validation = {5, 10, 7, "auc", 0.81, 0.05, {}};
    m.decision.threshold = 0.42;

    const auto lines = report::modelProtocol(m);
    std::vector<std::string> labels;
    for (const auto& [label, text] : lines)
        labels.push_back(label);
    EXPECT_EQ(labels, (std::vector<std::string>{
                          "Task", "Training rows", "Missing values", "Transforms", "Harmonisation",
                          "Feature selection step 1", "Feature selection step 2", "Learner",
                          "Features in the final model", "Validation", "Decision rule",
                          "Leakage control"}));
    const auto t = asMap(lines);
    EXPECT_EQ(t.at("Task"), "binary logistic model of response (yes as the event, no as 0)");
    EXPECT_EQ(t.at("Training rows"), "3 (cohort lung@2), 4 candidate features");
    EXPECT_NE(t.at("Transforms").find("log(x + shift) of a"), std::string::npos);
    EXPECT_EQ(t.at("Harmonisation"), "ComBat (parametric empirical Bayes) across batch column "
                                     "site; biological covariates kept: age");
    EXPECT_EQ(t.at("Feature selection step 1"),
              "univariate test (mann-whitney), keep Benjamini-Hochberg q ≤ 0.1, at most 20 "
              "features (smallest p)");
    EXPECT_NE(t.at("Feature selection step 2").find("|Pearson r| > 0.9"), std::string::npos);
    EXPECT_EQ(t.at("Learner").rfind("elastic net (α = 0.5); λ chosen by 5-fold inner", 0), 0u);
    EXPECT_NE(t.at("Learner").find("lambda.1se"), std::string::npos);
    EXPECT_EQ(t.at("Features in the final model"), "2: a, age (λ = 0.0123)");
    EXPECT_EQ(t.at("Validation"), "5-fold stratified cross-validation × 10 repeats, seed 7; "
                                  "auc 0.81 ± 0.05 (mean ± SD over folds)");
    EXPECT_EQ(t.at("Decision rule"),
              "positive when P ≥ 0.42 (Youden's J on the out-of-fold training predictions)");
    EXPECT_NE(t.at("Leakage control").find("inside the resampling loop"), std::string::npos);
}

TEST(ReportProvenanceText, NumbersAsJournalsPrintThem) {
    EXPECT_EQ(report::formatNumber(63.456), "63.5");
    EXPECT_EQ(report::formatNumber(0.5), "0.5");
    EXPECT_EQ(report::formatNumber(1200.0), "1200");
    EXPECT_EQ(report::formatNumber(std::nan("")), "NA");
    EXPECT_EQ(report::formatP(0.0004), "< 0.001");
    EXPECT_EQ(report::formatP(0.0432), "0.043");
    EXPECT_EQ(report::formatP(0.6), "0.60");
    EXPECT_EQ(report::formatP(0.999), "1.0");
    EXPECT_EQ(report::countPercent(1, 3), "1 (33.3 %)");
    EXPECT_EQ(report::countPercent(2, 0), "2");
}

} // namespace
