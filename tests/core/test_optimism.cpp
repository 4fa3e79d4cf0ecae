// Harrell's bootstrap optimism correction (core/modeling/Optimism), equal to
// the same computation in R (tests/reference/optimism/make_optimism.R) on the
// same 50 bootstrap samples: glm on three wdbc features and coxph on lung.
// On pure noise with selection and a lasso, the corrected AUC falls far below
// the apparent one, and the results do not depend on the thread count.
#include "Reference.h"
#include "TestData.h"
#include "modeling/Optimism.h"
#include "modeling/Validation.h"
#include "stats/DataTable.h"
#include "util/Error.h"
#include "util/Random.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <gtest/gtest.h>
#include <map>

namespace {

using namespace rgw::modeling;
using rgw::stats::DataTable;

constexpr double kTolerance = 1e-6;

/// The bootstrap rows of make_optimism.R (1-based in the file), 0-based.
std::vector<std::vector<std::size_t>> readDraws(const char* file) {
    const DataTable t = DataTable::read(rgw::test::referenceFile(std::string("optimism/") + file));
    const auto& resample = t.numbers("resample");
    const auto& row = t.numbers("row");
    std::vector<std::vector<std::size_t>> draws;
    for (std::size_t i = 0; i < t.rows(); ++i) {
        const auto b = static_cast<std::size_t>(resample[i]) - 1;
        if (draws.size() <= b)
            draws.resize(b + 1);
        draws[b].push_back(static_cast<std::size_t>(row[i]) - 1);
    }
    return draws;
}

/// No preprocessing, no selection, an unpenalised learner: R's plain fit.
PipelineSpec plainSpec(ModelKind kind) {
    PipelineSpec spec;
    spec.preprocessing.imputation = Imputation::None;
    spec.preprocessing.zScore = false;
    spec.learner.kind = kind;
    spec.learner.penalty = Penalty::None;
    return spec;
}

PipelineData wdbcData() {
    const DataTable t = DataTable::read(rgw::test::tabularFile("wdbc_breast_cancer.csv"));
    std::vector<std::size_t> rows(t.rows());
    for (std::size_t i = 0; i < rows.size(); ++i)
        rows[i] = i;
    PipelineData d;
    d.features = {"mean_radius", "mean_texture", "mean_smoothness"};
    d.x = t.matrix(d.features, rows);
    d.y.kind = ModelKind::Logistic;
    d.y.classes = {"0", "1"};
    d.y.label = t.vector("malignant", rows);
    return d;
}

PipelineData lungData() {
    const DataTable t = DataTable::read(rgw::test::tabularFile("survival_lung.csv"));
    const std::vector<std::size_t> rows =
        t.completeRows({"time", "status", "age", "sex", "ph.ecog"});
    PipelineData d;
    d.features = {"age", "sex", "ph.ecog"};
    d.x = t.matrix(d.features, rows);
    d.y.kind = ModelKind::Cox;
    d.y.time = t.vector("time", rows);
    d.y.event = (t.vector("status", rows).array() == 2.0).cast<double>().matrix();
    return d;
}

/// Asserts every index of `model` in optimism_summary.csv and every
/// resample's apparent_b and test_b of optimism_resamples.csv.
void expectEqualToR(const OptimismResult& result, const std::string& model) {
    const std::vector<std::string> names =
        optimismIndexNames(model == "cox" ? ModelKind::Cox : ModelKind::Logistic);
    std::map<std::string, std::size_t> position;
    for (std::size_t i = 0; i < names.size(); ++i)
        position[names[i]] = i;

    double maxSummary = 0, maxResample = 0;
    const DataTable summary =
        DataTable::read(rgw::test::referenceFile("optimism/optimism_summary.csv"));
    int compared = 0;
    for (std::size_t r = 0; r < summary.rows(); ++r) {
        if (summary.text("model")[r] != model)
            continue;
        const std::string& name = summary.text("index")[r];
        const OptimismIndex& ix = result.index(name);
        SCOPED_TRACE(model + " " + name);
        const std::pair<const char*, double> columns[] = {{"apparent", ix.apparent},
                                                          {"training", ix.training},
                                                          {"test", ix.test},
                                                          {"optimism", ix.optimism},
                                                          {"corrected", ix.corrected}};
        for (const auto& [column, value] : columns) {
            const double expected = summary.numbers(column)[r];
            EXPECT_NEAR(value, expected, kTolerance) << column;
            maxSummary = std::max(maxSummary, std::abs(value - expected));
        }
        EXPECT_EQ(ix.used, static_cast<int>(summary.numbers("used")[r]));
        ++compared;
    }
    EXPECT_EQ(compared, static_cast<int>(names.size()));

    const DataTable per =
        DataTable::read(rgw::test::referenceFile("optimism/optimism_resamples.csv"));
    for (std::size_t r = 0; r < per.rows(); ++r) {
        if (per.text("model")[r] != model)
            continue;
        const auto b = static_cast<std::size_t>(per.numbers("resample")[r]) - 1;
        const std::size_t i = position.at(per.text("index")[r]);
        ASSERT_LT(b, result.resamples.size());
        const OptimismResample& mine = result.resamples[b];
        ASSERT_FALSE(mine.failed) << "resample " << b + 1 << ": " << mine.error;
        EXPECT_NEAR(mine.apparent[i], per.numbers("bootstrap")[r], kTolerance)
            << model << " resample " << b + 1 << " " << names[i];
        EXPECT_NEAR(mine.test[i], per.numbers("test")[r], kTolerance)
            << model << " resample " << b + 1 << " " << names[i];
        maxResample =
            std::max({maxResample, std::abs(mine.apparent[i] - per.numbers("bootstrap")[r]),
                      std::abs(mine.test[i] - per.numbers("test")[r])});
    }
    std::printf("%s: max |difference| to R: summary %.3g, per resample %.3g\n", model.c_str(),
                maxSummary, maxResample);
}

TEST(Optimism, LogisticEqualsRWithTheSameBootstrapSamples) {
    RGW_REQUIRE_TEST_DATA();
    const auto draws = readDraws("optimism_bootstrap_wdbc.csv");
    ASSERT_EQ(draws.size(), 50u);
    OptimismSpec spec;
    spec.seed = 11;
    const OptimismResult result =
        bootstrapOptimism(plainSpec(ModelKind::Logistic), wdbcData(), draws, spec);
    EXPECT_EQ(result.failedResamples, 0);
    ASSERT_EQ(result.resamples.size(), 50u);
    expectEqualToR(result, "logistic");
}

TEST(Optimism, CoxEqualsRWithTheSameBootstrapSamples) {
    RGW_REQUIRE_TEST_DATA();
    const auto draws = readDraws("optimism_bootstrap_lung.csv");
    ASSERT_EQ(draws.size(), 50u);
    OptimismSpec spec;
    spec.seed = 11;
    const OptimismResult result =
        bootstrapOptimism(plainSpec(ModelKind::Cox), lungData(), draws, spec);
    EXPECT_EQ(result.failedResamples, 0);
    expectEqualToR(result, "cox");
}

PipelineData noise(std::uint64_t seed, Eigen::Index rows, Eigen::Index features) {
    rgw::Rng rng(seed);
    PipelineData d;
    d.x.resize(rows, features);
    for (Eigen::Index j = 0; j < features; ++j)
        for (Eigen::Index i = 0; i < rows; ++i)
            d.x(i, j) = rng.normal();
    for (Eigen::Index j = 0; j < features; ++j)
        d.features.push_back("noise_" + std::to_string(j));
    d.y.kind = ModelKind::Logistic;
    d.y.classes = {"0", "1"};
    d.y.label.resize(rows);
    for (Eigen::Index i = 0; i < rows; ++i)
        d.y.label(i) = i < rows / 2 ? 0.0 : 1.0;
    rng.shuffle(d.y.label.data(), d.y.label.data() + d.y.label.size());
    return d;
}

/// Equal, NaN included (an index a sample could not give).
bool sameValue(double a, double b) {
    return a == b || (std::isnan(a) && std::isnan(b));
}

/// Top-10 univariate selection, then a lasso with λ by 5-fold inner CV.
PipelineSpec selectionLassoSpec() {
    PipelineSpec spec;
    spec.learner.kind = ModelKind::Logistic;
    spec.learner.penalty = Penalty::Lasso;
    spec.learner.innerFolds = 5;
    SelectionStep top;
    top.threshold = 0;
    top.maxFeatures = 10;
    spec.selection = {top};
    return spec;
}

TEST(Optimism, CorrectsTheApparentAucOfSelectionOnNoise) {
    const PipelineData data = noise(20261207, 80, 200);
    OptimismSpec spec;
    spec.bootstraps = 30;
    spec.seed = 5;
    spec.threads = 1;
    const OptimismResult one = bootstrapOptimism(selectionLassoSpec(), data, spec);
    spec.threads = 2;
    std::atomic<std::size_t> calls{0}, lastTotal{0};
    const OptimismResult two = bootstrapOptimism(
        selectionLassoSpec(), data, spec, [&](std::size_t, std::size_t total, const std::string&) {
            lastTotal = total;
            ++calls; // from worker threads
        });
    EXPECT_EQ(calls.load(), 30u);
    EXPECT_EQ(lastTotal.load(), 30u);

    ASSERT_EQ(one.indices.size(), two.indices.size());
    for (std::size_t i = 0; i < one.indices.size(); ++i) {
        EXPECT_EQ(one.indices[i].name, two.indices[i].name);
        EXPECT_EQ(one.indices[i].used, two.indices[i].used);
        EXPECT_TRUE(sameValue(one.indices[i].apparent, two.indices[i].apparent));
        EXPECT_TRUE(sameValue(one.indices[i].optimism, two.indices[i].optimism));
        EXPECT_TRUE(sameValue(one.indices[i].corrected, two.indices[i].corrected));
    }
    EXPECT_EQ(one.failedResamples, two.failedResamples);
    ASSERT_EQ(one.resamples.size(), two.resamples.size());
    for (std::size_t b = 0; b < one.resamples.size(); ++b) {
        EXPECT_EQ(one.resamples[b].failed, two.resamples[b].failed);
        ASSERT_EQ(one.resamples[b].apparent.size(), two.resamples[b].apparent.size());
        for (std::size_t i = 0; i < one.resamples[b].apparent.size(); ++i) {
            EXPECT_TRUE(sameValue(one.resamples[b].apparent[i], two.resamples[b].apparent[i]));
            EXPECT_TRUE(sameValue(one.resamples[b].test[i], two.resamples[b].test[i]));
        }
    }

    // The apparent AUC of selection + lasso on noise is high; the bootstrap
    // correction takes a large part of it back. It does not reach the
    // cross-validated AUC (≈ 0.5): test_b is measured on the original rows,
    // about 63.2 % of which were in sample b, so on noise the ordinary
    // bootstrap under-estimates optimism when the pipeline overfits this much
    // (Efron 1983; Efron & Tibshirani 1997, the .632+ estimator). Both are
    // printed for the record.
    const OptimismIndex& auc = one.index("auc");
    ValidationSpec cv;
    cv.folds = 5;
    cv.repeats = 2;
    cv.seed = 5;
    const double cvAuc = crossValidate(selectionLassoSpec(), data, cv).meanDiscrimination;
    std::printf("noise (80 x 200), top-10 selection + lasso, %d bootstraps (%d used): apparent "
                "AUC %.3f, optimism %.3f, corrected AUC %.3f (5-fold x 2 cross-validated AUC "
                "%.3f)\n",
                spec.bootstraps, auc.used, auc.apparent, auc.optimism, auc.corrected, cvAuc);
    EXPECT_EQ(auc.used, 30);
    EXPECT_GT(auc.apparent, 0.75);
    EXPECT_GT(auc.apparent - auc.corrected, 0.1);
    const OptimismIndex& slope = one.index("calibration_slope");
    std::printf("calibration slope: apparent %.3f, corrected %.3f\n", slope.apparent,
                slope.corrected);
    EXPECT_LT(slope.corrected, slope.apparent);
}

TEST(Optimism, BadInputIsAnError) {
    const PipelineData data = noise(1, 30, 3);
    PipelineSpec spec = plainSpec(ModelKind::Logistic);
    OptimismSpec none;
    none.bootstraps = 0;
    EXPECT_THROW(bootstrapOptimism(spec, data, none), rgw::Error);
    none.bootstraps = -3;
    EXPECT_THROW(bootstrapOptimism(spec, data, none), rgw::Error);

    PipelineData empty;
    empty.features = data.features;
    empty.x.resize(0, 3);
    empty.y.kind = ModelKind::Logistic;
    EXPECT_THROW(bootstrapOptimism(spec, empty, OptimismSpec{}), rgw::Error);

    const OptimismSpec ok;
    EXPECT_THROW(bootstrapOptimism(spec, data, std::vector<std::vector<std::size_t>>{}, ok),
                 rgw::Error);
    EXPECT_THROW(bootstrapOptimism(spec, data, {{0, 1, 2}, {}}, ok), rgw::Error);
    EXPECT_THROW(bootstrapOptimism(spec, data, {{0, 1, 30}}, ok), rgw::Error);

    // A pipeline that cannot be fitted on all rows (a non-finite value, no
    // imputation) names the reason.
    PipelineData bad = data;
    bad.x(4, 1) = std::nan("");
    try {
        bootstrapOptimism(spec, bad, ok);
        ADD_FAILURE() << "no error";
    } catch (const rgw::Error& e) {
        EXPECT_NE(std::string(e.what()).find("all rows"), std::string::npos) << e.what();
    }

    // Every sample failing (each has one class only) is an error too.
    std::vector<std::size_t> zeros, ones;
    for (Eigen::Index i = 0; i < data.y.label.size(); ++i)
        (data.y.label(i) == 0 ? zeros : ones).push_back(static_cast<std::size_t>(i));
    EXPECT_THROW(bootstrapOptimism(spec, data, {zeros, ones}, ok), rgw::Error);
}

TEST(Optimism, AFailedSampleIsSkippedAndCounted) {
    const PipelineData data = noise(2, 40, 2);
    std::vector<std::size_t> zeros, all;
    for (Eigen::Index i = 0; i < data.y.label.size(); ++i) {
        all.push_back(static_cast<std::size_t>(i));
        if (data.y.label(i) == 0)
            zeros.push_back(static_cast<std::size_t>(i));
    }
    const OptimismResult r =
        bootstrapOptimism(plainSpec(ModelKind::Logistic), data, {zeros, all}, OptimismSpec{});
    EXPECT_EQ(r.failedResamples, 1);
    EXPECT_TRUE(r.resamples[0].failed);
    EXPECT_FALSE(r.resamples[0].error.empty());
    // The one sample used is all rows: apparent_b = test_b = apparent.
    const OptimismIndex& auc = r.index("auc");
    EXPECT_EQ(auc.used, 1);
    EXPECT_NEAR(auc.optimism, 0.0, 1e-15);
    EXPECT_NEAR(auc.corrected, auc.apparent, 1e-15);
    EXPECT_THROW(r.index("r2"), rgw::Error);
}

TEST(Optimism, CancelledIsAnError) {
    const PipelineData data = noise(3, 40, 2);
    rgw::CancelToken cancel;
    cancel.cancel();
    OptimismSpec spec;
    spec.bootstraps = 5;
    try {
        bootstrapOptimism(plainSpec(ModelKind::Logistic), data, spec, {}, &cancel);
        ADD_FAILURE() << "no error";
    } catch (const rgw::Error& e) {
        EXPECT_STREQ(e.what(), "cancelled");
    }
}

} // namespace
