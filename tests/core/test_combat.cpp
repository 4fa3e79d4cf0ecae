// ComBat fit/apply against R sva::ComBat 3.46.0 (par.prior = TRUE and FALSE);
// the reference outputs are written by tests/reference/combat/make_combat.R.

#include "ErrorMessage.h"
#include "Reference.h"
#include "TestData.h"
#include "stats/ComBat.h"
#include "stats/DataTable.h"
#include "util/Error.h"
#include "util/Random.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <gtest/gtest.h>
#include <iostream>
#include <limits>
#include <numeric>
#include <string>
#include <vector>

namespace {

using rgw::test::errorOf;

using rgw::stats::applyComBat;
using rgw::stats::ComBatModel;
using rgw::stats::ComBatOptions;
using rgw::stats::DataTable;
using rgw::stats::fitComBat;

constexpr double kTolerance = 1e-6; // the issue's: equal to sva to 1e-6

const std::vector<std::string> kSyntheticFeatures = {"f1", "f2", "f3", "f4", "f5", "f6"};
const std::vector<std::string> kLungFeatures = {"age", "ph.karno", "pat.karno", "meal.cal",
                                                "wt.loss"};

std::vector<std::size_t> allRows(const DataTable& t) {
    std::vector<std::size_t> rows(t.rows());
    std::iota(rows.begin(), rows.end(), std::size_t{0});
    return rows;
}

/// A reference table's features, batch labels and optional 0/1 covariate.
struct Cohort {
    Eigen::MatrixXd x;
    std::vector<std::string> batch;
    Eigen::MatrixXd covariate; ///< n × 1
};

Cohort readCohort(const char* file, const std::vector<std::string>& features,
                  const char* batchColumn, const char* covariateColumn, double covariateLevel) {
    const DataTable t = DataTable::read(rgw::test::referenceFile(file));
    Cohort c;
    c.x = t.matrix(features, allRows(t));
    c.batch = t.text(batchColumn);
    if (covariateColumn != nullptr) {
        const Eigen::VectorXd v = t.vector(covariateColumn, allRows(t));
        c.covariate = (v.array() == covariateLevel).cast<double>().matrix();
    }
    return c;
}

Cohort synthetic(const char* file = "combat/synthetic_input.csv") {
    return readCohort(file, kSyntheticFeatures, "batch", "cov", 1.0);
}

/// Lung: institution is the batch; the covariate is sex == 2 (sva's mod =
/// model.matrix(~factor(sex)) less its intercept).
Cohort lung() {
    return readCohort("combat/lung_input.csv", kLungFeatures, "inst", "sex", 2.0);
}

/// covariates_input.csv: batch, a 3-level factor `group` and numeric `age`;
/// covariates = [group == g2, group == g3, age], sva's
/// model.matrix(~factor(group) + age) less its intercept.
Cohort withFactorAndAge() {
    const DataTable t = DataTable::read(rgw::test::referenceFile("combat/covariates_input.csv"));
    Cohort c;
    c.x = t.matrix(kSyntheticFeatures, allRows(t));
    c.batch = t.text("batch");
    const std::vector<std::string>& group = t.text("group");
    c.covariate.resize(c.x.rows(), 3);
    for (Eigen::Index i = 0; i < c.x.rows(); ++i) {
        c.covariate(i, 0) = group[static_cast<std::size_t>(i)] == "g2" ? 1.0 : 0.0;
        c.covariate(i, 1) = group[static_cast<std::size_t>(i)] == "g3" ? 1.0 : 0.0;
    }
    c.covariate.col(2) = t.vector("age", allRows(t));
    return c;
}

ComBatOptions options(bool parametric, bool meanOnly = false) {
    ComBatOptions o;
    o.parametric = parametric;
    o.meanOnly = meanOnly;
    return o;
}

const ComBatOptions kNonParametric = options(false);
const ComBatOptions kNonParametricMeanOnly = options(false, true);

Eigen::MatrixXd expected(const char* file, const std::vector<std::string>& features) {
    const DataTable t = DataTable::read(rgw::test::referenceFile(file));
    return t.matrix(features, allRows(t));
}

/// fit + apply on the same rows, compared with sva's output.
void expectEqualsSva(const Cohort& c, const Eigen::MatrixXd& covariates, const char* reference,
                     const std::vector<std::string>& features, const ComBatOptions& options = {}) {
    const ComBatModel model = fitComBat(c.x, c.batch, covariates, options);
    const Eigen::MatrixXd y = applyComBat(model, c.x, c.batch, covariates);
    const Eigen::MatrixXd want = expected(reference, features);
    ASSERT_EQ(y.rows(), want.rows());
    ASSERT_EQ(y.cols(), want.cols());
    const double diff = (y - want).cwiseAbs().maxCoeff();
    std::cout << reference << ": max |ours - sva| = " << diff << "\n";
    EXPECT_LT(diff, kTolerance) << reference;
}

bool sameModel(const ComBatModel& a, const ComBatModel& b) {
    auto same = [](const Eigen::MatrixXd& u, const Eigen::MatrixXd& v) {
        return u.rows() == v.rows() && u.cols() == v.cols() &&
               (u.array() == v.array() || (u.array().isNaN() && v.array().isNaN())).all();
    };
    return a.batches == b.batches && a.batchSizes == b.batchSizes &&
           same(a.grandMean, b.grandMean) && same(a.pooledSd, b.pooledSd) &&
           same(a.covariateBeta, b.covariateBeta) && same(a.gammaStar, b.gammaStar) &&
           same(a.deltaStar, b.deltaStar) && a.harmonised == b.harmonised &&
           a.meanOnly == b.meanOnly;
}

TEST(ComBat, SyntheticEqualsSva) {
    expectEqualsSva(synthetic(), {}, "combat/synthetic_combat.csv", kSyntheticFeatures);
}

TEST(ComBat, SyntheticWithBiologicalCovariateEqualsSva) {
    const Cohort c = synthetic();
    expectEqualsSva(c, c.covariate, "combat/synthetic_combat_cov.csv", kSyntheticFeatures);
}

TEST(ComBat, SyntheticMeanOnlyEqualsSva) {
    ComBatOptions options;
    options.meanOnly = true;
    expectEqualsSva(synthetic(), {}, "combat/synthetic_combat_meanonly.csv", kSyntheticFeatures,
                    options);
}

TEST(ComBat, LungInstitutionsEqualSva) {
    expectEqualsSva(lung(), {}, "combat/lung_combat.csv", kLungFeatures);
}

TEST(ComBat, LungInstitutionsWithSexEqualSva) {
    const Cohort c = lung();
    expectEqualsSva(c, c.covariate, "combat/lung_combat_sex.csv", kLungFeatures);
}

TEST(ComBat, FactorAndNumericCovariatesEqualSva) {
    const Cohort c = withFactorAndAge();
    expectEqualsSva(c, c.covariate, "combat/covariates_combat.csv", kSyntheticFeatures);
}

// ---- Non-parametric priors: sva par.prior = FALSE (int.eprior) --------------

TEST(ComBatNonParametric, SyntheticEqualsSva) {
    expectEqualsSva(synthetic(), {}, "combat/synthetic_combat_nonparam.csv", kSyntheticFeatures,
                    kNonParametric);
}

TEST(ComBatNonParametric, SyntheticWithBiologicalCovariateEqualsSva) {
    const Cohort c = synthetic();
    expectEqualsSva(c, c.covariate, "combat/synthetic_combat_cov_nonparam.csv", kSyntheticFeatures,
                    kNonParametric);
}

TEST(ComBatNonParametric, SyntheticMeanOnlyEqualsSva) {
    expectEqualsSva(synthetic(), {}, "combat/synthetic_combat_meanonly_nonparam.csv",
                    kSyntheticFeatures, kNonParametricMeanOnly);
    const Cohort c = synthetic();
    const ComBatModel model = fitComBat(c.x, c.batch, {}, kNonParametricMeanOnly);
    EXPECT_TRUE((model.deltaStar.array() == 1.0).all());
}

TEST(ComBatNonParametric, FactorAndNumericCovariatesEqualSva) {
    const Cohort c = withFactorAndAge();
    expectEqualsSva(c, c.covariate, "combat/covariates_combat_nonparam.csv", kSyntheticFeatures,
                    kNonParametric);
    expectEqualsSva(c, c.covariate, "combat/covariates_combat_meanonly_nonparam.csv",
                    kSyntheticFeatures, kNonParametricMeanOnly);
}

TEST(ComBatNonParametric, LungInstitutionsEqualSva) {
    const Cohort c = lung();
    expectEqualsSva(c, {}, "combat/lung_combat_nonparam.csv", kLungFeatures, kNonParametric);
    expectEqualsSva(c, c.covariate, "combat/lung_combat_sex_nonparam.csv", kLungFeatures,
                    kNonParametric);
}

TEST(ComBatNonParametric, FeatureConstantWithinABatchIsPassedThroughAsSva) {
    const Cohort c = synthetic("combat/constant_input.csv");
    const ComBatModel model = fitComBat(c.x, c.batch, c.covariate, kNonParametric);
    EXPECT_EQ(model.harmonised, (std::vector<bool>{true, true, true, true, true, false}));
    expectEqualsSva(c, c.covariate, "combat/constant_combat_cov_nonparam.csv", kSyntheticFeatures,
                    kNonParametric);
}

TEST(ComBatNonParametric, SingleSampleBatchMeanOnlyEqualsSva) {
    const DataTable t = DataTable::read(rgw::test::referenceFile("combat/single_input.csv"));
    Cohort c;
    c.x = t.matrix(kSyntheticFeatures, allRows(t));
    c.batch = t.text("batch");
    EXPECT_NE(errorOf([&] {
                  fitComBat(c.x, c.batch, {}, kNonParametric);
              }).find("batch 'D' has only one sample"),
              std::string::npos);
    expectEqualsSva(c, {}, "combat/single_combat_meanonly_nonparam.csv", kSyntheticFeatures,
                    kNonParametricMeanOnly);
}

TEST(ComBatNonParametric, FittedOnTrainingRowsAppliesUnchangedToHeldOutRows) {
    const Cohort c = withFactorAndAge();
    std::vector<Eigen::Index> train, test;
    std::vector<std::string> trainBatch, testBatch;
    for (Eigen::Index i = 0; i < c.x.rows(); ++i) {
        const bool held = i % 3 == 2;
        (held ? test : train).push_back(i);
        (held ? testBatch : trainBatch).push_back(c.batch[static_cast<std::size_t>(i)]);
    }
    const Eigen::MatrixXd xTrain = c.x(train, Eigen::all), xTest = c.x(test, Eigen::all);
    const Eigen::MatrixXd covTrain = c.covariate(train, Eigen::all);
    const Eigen::MatrixXd covTest = c.covariate(test, Eigen::all);
    const ComBatModel model = fitComBat(xTrain, trainBatch, covTrain, kNonParametric);
    const ComBatModel before = model;
    const Eigen::MatrixXd y = applyComBat(model, xTest, testBatch, covTest);
    EXPECT_TRUE(sameModel(model, before));
    EXPECT_TRUE(y.allFinite());
    EXPECT_FALSE(sameModel(fitComBat(c.x, c.batch, c.covariate, kNonParametric), model));
    EXPECT_FALSE(sameModel(fitComBat(xTrain, trainBatch, covTrain), model)); // parametric differs
    // Each held-out row on its own gives the same values.
    for (Eigen::Index i = 0; i < xTest.rows(); ++i)
        EXPECT_EQ(applyComBat(model, xTest.row(i), {testBatch[static_cast<std::size_t>(i)]},
                              covTest.row(i)),
                  y.row(i));
}

TEST(ComBatNonParametric, LargeBatchesStayFinite) {
    // sva multiplies the likelihoods directly and they underflow to 0 for a
    // batch of a few hundred samples (its output is then NaN); on the log
    // scale the weights are relative to the largest one.
    rgw::Rng rng(7);
    const Eigen::Index n = 1600, p = 8;
    Eigen::MatrixXd x(n, p);
    std::vector<std::string> batch(static_cast<std::size_t>(n));
    for (Eigen::Index i = 0; i < n; ++i) {
        const bool second = i >= n / 2;
        batch[static_cast<std::size_t>(i)] = second ? "B" : "A";
        for (Eigen::Index j = 0; j < p; ++j)
            x(i, j) = static_cast<double>(j) + (second ? 0.5 : 0.0) +
                      rng.normal() * (1.0 + 0.1 * static_cast<double>(j));
    }
    const ComBatModel model = fitComBat(x, batch, {}, kNonParametric);
    EXPECT_TRUE(model.gammaStar.allFinite());
    EXPECT_TRUE((model.deltaStar.array() > 0.0).all());
    EXPECT_TRUE(applyComBat(model, x, batch).allFinite());

    // sva's int.eprior written out directly in long double (whose range
    // holds these likelihoods) for batch A: the same gamma* and delta*.
    const Eigen::MatrixXd z = ((x.rowwise() - model.grandMean.transpose()).array().rowwise() /
                               model.pooledSd.transpose().array())
                                  .topRows(n / 2);
    const Eigen::VectorXd gHat = z.colwise().mean().transpose();
    Eigen::VectorXd dHat(p);
    for (Eigen::Index j = 0; j < p; ++j)
        dHat(j) = (z.col(j).array() - gHat(j)).square().sum() / static_cast<double>(n / 2 - 1);
    double diff = 0;
    for (Eigen::Index j = 0; j < p; ++j) {
        long double sumL = 0, sumG = 0, sumD = 0;
        for (Eigen::Index k = 0; k < p; ++k) {
            if (k == j)
                continue;
            long double sum2 = 0;
            for (Eigen::Index i = 0; i < n / 2; ++i)
                sum2 += (static_cast<long double>(z(i, j)) - gHat(k)) *
                        (static_cast<long double>(z(i, j)) - gHat(k));
            const long double d = dHat(k);
            const long double likelihood =
                std::pow(2.0L * 3.14159265358979323846264338327950288L * d,
                         -static_cast<long double>(n / 2) / 2.0L) *
                std::exp(-sum2 / (2.0L * d));
            sumL += likelihood;
            sumG += gHat(k) * likelihood;
            sumD += d * likelihood;
        }
        ASSERT_GT(sumL, 0.0L);
        diff = std::max({diff, std::abs(static_cast<double>(sumG / sumL) - model.gammaStar(0, j)),
                         std::abs(static_cast<double>(sumD / sumL) - model.deltaStar(0, j))});
    }
    std::cout << "large batch: max |log scale - long double direct| = " << diff << "\n";
    EXPECT_LT(diff, 1e-9);
}

TEST(ComBat, EmbeddedModelPassesTheOtherColumnsThrough) {
    const Cohort c = synthetic();
    const ComBatModel model = fitComBat(c.x.leftCols(4), c.batch, c.covariate);
    // Features 0..3 at positions 4, 0, 1, 3 of five; position 2 passes through.
    const ComBatModel wide = rgw::stats::embedFeatures(model, {4, 0, 1, 3}, 5);
    EXPECT_EQ(wide.harmonised, (std::vector<bool>{true, true, false, true, true}));
    EXPECT_TRUE(sameModel(rgw::stats::subsetFeatures(wide, {4, 0, 1, 3}), model));
    Eigen::MatrixXd x(c.x.rows(), 5);
    x << c.x.col(1), c.x.col(2), c.x.col(5), c.x.col(3), c.x.col(0);
    const Eigen::MatrixXd y = applyComBat(wide, x, c.batch, c.covariate);
    const Eigen::MatrixXd narrow = applyComBat(model, c.x.leftCols(4), c.batch, c.covariate);
    EXPECT_EQ(y.col(4), narrow.col(0));
    EXPECT_EQ(y.col(0), narrow.col(1));
    EXPECT_EQ(y.col(2), c.x.col(5));
    EXPECT_NE(errorOf([&] {
                  rgw::stats::embedFeatures(model, {0, 1, 1, 2}, 5);
              }).find("out of range or repeated"),
              std::string::npos);
    EXPECT_NE(errorOf([&] {
                  rgw::stats::embedFeatures(model, {0, 1, 2}, 5);
              }).find("3 positions for a model of 4 features"),
              std::string::npos);
}

TEST(ComBat, LungReferenceRowsAreTheCompleteCasesOfTheSharedTable) {
    RGW_REQUIRE_TEST_DATA();
    const DataTable shared = DataTable::read(rgw::test::tabularFile("survival_lung.csv"));
    std::vector<std::string> needed = kLungFeatures;
    needed.insert(needed.begin(), {"inst", "sex"});
    const std::vector<std::size_t> complete = shared.completeRows(needed);
    const DataTable ref = DataTable::read(rgw::test::referenceFile("combat/lung_input.csv"));
    // Every institution keeps >= 3 complete rows, so the filter keeps them all.
    ASSERT_EQ(complete.size(), ref.rows());
    const Eigen::VectorXd row = ref.vector("row", allRows(ref));
    for (std::size_t k = 0; k < complete.size(); ++k)
        EXPECT_EQ(static_cast<double>(complete[k] + 1), row(static_cast<Eigen::Index>(k)));
    EXPECT_EQ(shared.matrix(needed, complete), ref.matrix(needed, allRows(ref)));
}

TEST(ComBat, FeatureConstantWithinABatchIsPassedThroughAsSva) {
    const Cohort c = synthetic("combat/constant_input.csv");
    const ComBatModel model = fitComBat(c.x, c.batch, c.covariate);
    EXPECT_EQ(model.harmonised, (std::vector<bool>{true, true, true, true, true, false}));
    EXPECT_TRUE(std::isnan(model.gammaStar(0, 5)));
    EXPECT_EQ(applyComBat(model, c.x, c.batch, c.covariate).col(5), c.x.col(5));
    expectEqualsSva(c, c.covariate, "combat/constant_combat_cov.csv", kSyntheticFeatures);
}

TEST(ComBat, SingleSampleBatchNeedsTheMeanOnlyModelAsSvaUses) {
    const DataTable t = DataTable::read(rgw::test::referenceFile("combat/single_input.csv"));
    Cohort c;
    c.x = t.matrix(kSyntheticFeatures, allRows(t));
    c.batch = t.text("batch");
    const std::string error = errorOf([&] { fitComBat(c.x, c.batch); });
    EXPECT_NE(error.find("batch 'D' has only one sample (row 61)"), std::string::npos) << error;
    EXPECT_NE(error.find("mean-only"), std::string::npos) << error;
    ComBatOptions options;
    options.meanOnly = true;
    expectEqualsSva(c, {}, "combat/single_combat_meanonly.csv", kSyntheticFeatures, options);
}

TEST(ComBat, ModelRecordsSortedBatchesAndSizes) {
    const Cohort c = synthetic();
    const ComBatModel model = fitComBat(c.x, c.batch, c.covariate);
    EXPECT_EQ(model.batches, (std::vector<std::string>{"A", "B", "C"}));
    EXPECT_EQ(model.batchSizes, (std::vector<Eigen::Index>{18, 20, 22}));
    EXPECT_EQ(model.covariates(), 1);
    EXPECT_EQ(model.features(), 6);
    EXPECT_TRUE(model.gammaStar.allFinite());
    EXPECT_TRUE((model.deltaStar.array() > 0.0).all());
    EXPECT_TRUE((model.pooledSd.array() > 0.0).all());
}

TEST(ComBat, EachRowIsHarmonisedOnItsOwn) {
    // The fitted model is all apply needs: one row at a time gives sva's rows.
    const Cohort c = synthetic();
    const ComBatModel model = fitComBat(c.x, c.batch, c.covariate);
    const Eigen::MatrixXd want = expected("combat/synthetic_combat_cov.csv", kSyntheticFeatures);
    for (Eigen::Index i = 0; i < c.x.rows(); ++i) {
        const Eigen::MatrixXd y =
            applyComBat(model, c.x.row(i), {c.batch[std::size_t(i)]}, c.covariate.row(i));
        EXPECT_LT((y.row(0) - want.row(i)).cwiseAbs().maxCoeff(), kTolerance) << "row " << i;
    }
}

TEST(ComBat, ModelFittedOnTrainingRowsHarmonisesHeldOutRowsWithoutChange) {
    const Cohort c = lung();
    std::vector<Eigen::Index> train, test;
    std::vector<std::string> trainBatch, testBatch;
    for (Eigen::Index i = 0; i < c.x.rows(); ++i) {
        const bool held = i % 4 == 3;
        (held ? test : train).push_back(i);
        (held ? testBatch : trainBatch).push_back(c.batch[static_cast<std::size_t>(i)]);
    }
    const Eigen::MatrixXd xTrain = c.x(train, Eigen::all), xTest = c.x(test, Eigen::all);
    const Eigen::MatrixXd covTrain = c.covariate(train, Eigen::all);
    const Eigen::MatrixXd covTest = c.covariate(test, Eigen::all);

    const ComBatModel model = fitComBat(xTrain, trainBatch, covTrain);
    const ComBatModel before = model;
    const Eigen::MatrixXd y = applyComBat(model, xTest, testBatch, covTest);
    EXPECT_TRUE(sameModel(model, before));
    ASSERT_EQ(y.rows(), xTest.rows());
    EXPECT_TRUE(y.allFinite());
    EXPECT_GT((y - xTest).cwiseAbs().maxCoeff(), 0.0); // it did adjust

    // Only the training rows inform the model: refitting on them gives the
    // same model, and a fit on all rows is another one.
    EXPECT_TRUE(sameModel(fitComBat(xTrain, trainBatch, covTrain), model));
    EXPECT_FALSE(sameModel(fitComBat(c.x, c.batch, c.covariate), model));
    // Held-out rows are harmonised independently of each other.
    const Eigen::MatrixXd first = applyComBat(
        model, xTest.topRows(5), {testBatch.begin(), testBatch.begin() + 5}, covTest.topRows(5));
    EXPECT_EQ(first, y.topRows(5));
}

TEST(ComBat, UnseenBatchIsAnErrorNamingIt) {
    const Cohort c = synthetic();
    const ComBatModel model = fitComBat(c.x, c.batch);
    const std::string error = errorOf([&] {
        applyComBat(model, c.x.topRows(2), {"A", "Scanner Z"});
    });
    EXPECT_NE(error.find("row 2 is of batch 'Scanner Z'"), std::string::npos) << error;
    EXPECT_NE(error.find("'A', 'B', 'C'"), std::string::npos) << error;
}

TEST(ComBat, BadInputIsAClearError) {
    const Cohort c = synthetic();
    auto fitError = [&](const Eigen::MatrixXd& x, const std::vector<std::string>& batch,
                        const Eigen::MatrixXd& cov, const ComBatOptions& options = {}) {
        return errorOf([&] { fitComBat(x, batch, cov, options); });
    };
    Eigen::MatrixXd withNaN = c.x;
    withNaN(4, 2) = std::numeric_limits<double>::quiet_NaN();
    EXPECT_NE(fitError(withNaN, c.batch, {}).find("feature row 5, column 3 is not a finite"),
              std::string::npos);
    Eigen::MatrixXd withInf = c.covariate;
    withInf(0, 0) = std::numeric_limits<double>::infinity();
    EXPECT_NE(fitError(c.x, c.batch, withInf).find("covariate row 1, column 1"), std::string::npos);
    EXPECT_NE(fitError(c.x.topRows(10), c.batch, {}).find("10 rows of features but 60 batch"),
              std::string::npos);
    EXPECT_NE(fitError(c.x, c.batch, c.covariate.topRows(5)).find("5 rows of covariates"),
              std::string::npos);
    EXPECT_NE(fitError(c.x, std::vector<std::string>(60, "A"), {}).find("at least 2 batches"),
              std::string::npos);
    std::vector<std::string> unlabelled = c.batch;
    unlabelled[7] = "";
    EXPECT_NE(fitError(c.x, unlabelled, {}).find("row 8 has no batch label"), std::string::npos);
    EXPECT_NE(fitError(c.x.leftCols(1), c.batch, {}).find("at least 2 features"),
              std::string::npos);

    // Covariates: an intercept, one confounded with batch, two confounded together.
    EXPECT_NE(fitError(c.x, c.batch, Eigen::MatrixXd::Ones(60, 1)).find("constant"),
              std::string::npos);
    Eigen::MatrixXd isA(60, 1);
    for (Eigen::Index i = 0; i < 60; ++i)
        isA(i, 0) = c.batch[static_cast<std::size_t>(i)] == "A" ? 1.0 : 0.0;
    EXPECT_NE(fitError(c.x, c.batch, isA).find("the covariate is confounded with batch"),
              std::string::npos);
    Eigen::MatrixXd twice(60, 2);
    twice << c.covariate, 2.0 * c.covariate;
    EXPECT_NE(fitError(c.x, c.batch, twice).find("confounded with each other"), std::string::npos);
    Eigen::MatrixXd withA(60, 2);
    withA << c.covariate, isA;
    EXPECT_NE(fitError(c.x, c.batch, withA).find("at least one covariate is confounded"),
              std::string::npos);

    const ComBatModel model = fitComBat(c.x, c.batch, c.covariate);
    EXPECT_NE(errorOf([&] {
                  applyComBat(model, c.x.leftCols(5), c.batch, c.covariate);
              }).find("fitted on 6 features, the data have 5"),
              std::string::npos);
    EXPECT_NE(errorOf([&] {
                  applyComBat(model, c.x, c.batch);
              }).find("fitted with 1 covariate columns, the data have 0"),
              std::string::npos);
    EXPECT_NE(errorOf([&] {
                  applyComBat(model, withNaN, c.batch, c.covariate);
              }).find("not a finite number"),
              std::string::npos);
}

} // namespace
