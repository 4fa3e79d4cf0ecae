#pragma once

// The small, hand-built trained models that fuzz_model_file edits and the
// seed generator writes (shared so both use the same valid files): one per
// kind, together covering every part of the file format — log columns,
// ComBat (full and mean-only, with a feature it does not harmonise: null
// parameters), imputation on and off, a selection that is not the identity,
// penalties with and without alpha, NaN where the format allows it — and a
// gradient-boosting model for the learner state a file can hold.

#include "modeling/Learners.h"
#include "modeling/TrainedModel.h"

#include <limits>
#include <vector>

namespace rgw::fuzz {

/// Logistic with ComBat and a log column; multinomial without imputation,
/// z-score or ComBat, selecting 2 of 3 inputs; Cox with mean-only ComBat;
/// the logistic model's inputs with a small gradient-boosting learner.
inline std::vector<modeling::TrainedModel> fuzzModels() {
    using namespace rgw::modeling;
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const auto matrix = [](Eigen::Index rows, Eigen::Index cols, std::vector<double> values) {
        return Eigen::MatrixXd(Eigen::Map<Eigen::MatrixXd>(values.data(), rows, cols));
    };
    const auto vector = [](std::vector<double> values) {
        return Eigen::VectorXd(
            Eigen::Map<Eigen::VectorXd>(values.data(), static_cast<Eigen::Index>(values.size())));
    };
    std::vector<TrainedModel> models;

    TrainedModel logistic;
    logistic.name = "malignancy (lasso, ComBat)";
    logistic.softwareVersion = "0.1.0";
    logistic.createdUtc = "2026-12-05T17:00:00Z";
    logistic.task = {ModelKind::Logistic, "diagnosis", "", "", "site", {"benign", "malignant"}};
    logistic.training = {"cohort demo@2",
                         "demo@2",
                         "ab12",
                         "patient_id",
                         {"P1", "P2", "P3"},
                         "0f3c",
                         {"sphericity", "volume", "entropy"},
                         1};
    PipelineSpec& spec = logistic.pipeline.spec;
    spec.preprocessing = {Imputation::Median, {"volume"}, true};
    spec.combat = true;
    spec.selection = {{SelectionKind::Univariate, 0.05, 2, UnivariateTest::MannWhitney}};
    spec.learner = {ModelKind::Logistic,
                    Penalty::Lasso,
                    std::nullopt,
                    LambdaRule::OneStandardError,
                    5,
                    stats::CoxTies::Efron,
                    {},
                    {}};
    FittedPipeline& p = logistic.pipeline;
    p.inputFeatures = {"sphericity", "volume"};
    p.preprocessing = {p.inputFeatures, Imputation::Median, {0.7, 12.5}, {false, true},
                       {0.0, 0.0},      {0.0, 1.5},         {0.68, 2.9}, {0.11, 0.8}};
    stats::ComBatModel combat;
    combat.batches = {"siteA", "siteB"};
    combat.batchSizes = {20, 25};
    combat.grandMean = vector({0.01, -0.02});
    combat.pooledSd = vector({0.95, 1.05});
    combat.covariateBeta = Eigen::MatrixXd(0, 2);
    combat.gammaStar = matrix(2, 2, {0.3, -0.25, 0.1, -0.08});
    combat.deltaStar = matrix(2, 2, {1.2, 0.85, 0.9, 1.1});
    combat.harmonised = {true, true};
    p.combat = combat;
    p.selected = {0, 1};
    p.model = {p.inputFeatures, vector({-0.4}), matrix(2, 1, {1.3, -0.7}), 0.031};
    p.classes = {"benign", "malignant"};
    logistic.validation = {5, 2, 42, "auc", 0.81, 0.03, {0.8, 0.82}};
    logistic.decision.threshold = 0.42;
    models.push_back(logistic);

    TrainedModel multinomial = logistic;
    multinomial.name = "grade (unpenalised)";
    multinomial.task = {ModelKind::Multinomial, "grade", "", "", "", {"G1", "G2", "G3"}};
    FittedPipeline& q = multinomial.pipeline;
    q.spec.preprocessing = {Imputation::None, {}, false};
    q.spec.combat = false;
    q.spec.selection = {{SelectionKind::NearZeroVariance, 19.0, 0, UnivariateTest::Automatic},
                        {SelectionKind::Correlation, 0.9, 0, UnivariateTest::Automatic}};
    // The steps with options of their own, and the stability filter.
    SelectionStep relief{SelectionKind::ReliefF, 0.0, 3, UnivariateTest::Automatic};
    relief.neighbours = 5;
    SelectionStep rfe{SelectionKind::SvmRfe, 0.0, 2, UnivariateTest::Automatic};
    rfe.svmCost = 0.5;
    rfe.eliminationShare = 0.25;
    SelectionStep lasso{SelectionKind::Lasso, 0.0, 0, UnivariateTest::Automatic};
    lasso.alpha = 0.5;
    lasso.lambdaRule = LambdaRule::OneStandardError;
    lasso.innerFolds = 4;
    q.spec.selection.insert(q.spec.selection.end(), {relief, rfe, lasso});
    q.spec.stability = StabilitySpec{stats::IccKind::TwoWayAgreement, 0.75};
    q.spec.learner = {ModelKind::Multinomial,
                      Penalty::None,
                      std::nullopt,
                      LambdaRule::Min,
                      10,
                      stats::CoxTies::Efron,
                      {},
                      {}};
    q.inputFeatures = {"a", "b", "c"};
    q.preprocessing = {q.inputFeatures, Imputation::None, {1, 2, 3}, {false, false, false},
                       {0, 0, 0},       {0, 0, 0},        {0, 0, 0}, {1, 1, 1}};
    q.combat.reset();
    q.selected = {0, 2};
    q.model = {{"a", "c"}, vector({0, 0.5, -0.25}), matrix(2, 3, {0, 0, 0.8, -1.1, 1.5, 0.2}), 0};
    q.classes = {"G1", "G2", "G3"};
    multinomial.validation = {5, 1, 18446744073709551615ull, "mean_ovr_auc", 0.7, nan, {0.7}};
    multinomial.decision.threshold = nan;
    models.push_back(multinomial);

    TrainedModel cox = logistic;
    cox.name = "overall survival (elastic net, mean-only ComBat)";
    cox.task = {ModelKind::Cox, "", "os_months", "os_event", "scanner", {}};
    FittedPipeline& c = cox.pipeline;
    c.spec.learner = {ModelKind::Cox,
                      Penalty::ElasticNet,
                      0.5,
                      LambdaRule::Min,
                      3,
                      stats::CoxTies::Breslow,
                      {},
                      {}};
    c.spec.selection.clear();
    // The second input is a biological covariate ComBat keeps (and passes
    // through unharmonised), estimated without parametric priors.
    c.spec.combatCovariates = {c.inputFeatures[1]};
    c.spec.combatParametric = false;
    c.spec.combatMeanOnly = true;
    c.combat->covariateBeta = matrix(1, 2, {0.2, nan});
    c.combat->meanOnly = true;
    c.combat->deltaStar.setOnes();
    c.combat->harmonised = {true, false}; // a feature constant within a batch: null parameters
    c.combat->grandMean(1) = c.combat->pooledSd(1) = nan;
    c.combat->gammaStar.col(1).setConstant(nan);
    c.combat->deltaStar.col(1).setConstant(nan);
    c.model = {c.inputFeatures, vector({0.0}), matrix(2, 1, {0.45, 0.0}), 0.1};
    c.classes.clear();
    cox.validation = {10, 5, 7, "c_index", 0.66, 0.02, {0.65, nan, 0.67, 0.66, 0.67}};
    cox.decision = {nan, {-0.2, 0.3}};
    models.push_back(cox);

    TrainedModel boosted = models.front();
    boosted.name = "malignancy (gradient boosting)";
    boosted.task.batchColumn.clear();
    FittedPipeline& g = boosted.pipeline;
    g.spec.combat = false;
    g.combat.reset();
    g.spec.learner.algorithm = LearnerKind::GradientBoosting;
    g.spec.learner.algorithmOptions = defaultLearnerOptions(LearnerKind::GradientBoosting);
    g.spec.learner.algorithmOptions.trees = 3;
    Eigen::MatrixXd x(16, 2);
    Outcome y;
    y.kind = ModelKind::Logistic;
    y.label.resize(x.rows());
    for (Eigen::Index i = 0; i < x.rows(); ++i) {
        x(i, 0) = static_cast<double>(i % 5) - 2.0;
        x(i, 1) = static_cast<double>((i * 3) % 7) / 2.0;
        y.label(i) = x(i, 0) + 0.4 * x(i, 1) > 0.5 ? 1.0 : 0.0;
    }
    g.algorithm = trainLearner(LearnerKind::GradientBoosting, x, y, g.spec.learner.algorithmOptions,
                               g.model.features);
    g.model = {g.model.features, {}, {}, 0.0};
    models.push_back(boosted);
    return models;
}

} // namespace rgw::fuzz
