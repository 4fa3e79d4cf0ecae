// The ICC stability filter: ICCs equal to psych::ICC 2.2.9 on seeded wdbc
// repeats (tests/reference/icc/make_icc.R), the features kept are exactly
// those at or above the threshold, and inside the pipeline (and so inside
// cross-validation) only the training rows' repeats are used.

#include "ErrorMessage.h"
#include "Reference.h"
#include "TestData.h"
#include "modeling/Pipeline.h"
#include "modeling/StabilityFilter.h"
#include "modeling/Validation.h"
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

using namespace rgw::modeling;
using rgw::stats::DataTable;
using rgw::stats::IccKind;

constexpr double kTolerance = 1e-6; // as the other reference comparisons
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

const std::vector<std::string> kFeatures = {
    "mean_radius",     "mean_texture",          "mean_perimeter", "mean_area",
    "mean_smoothness", "mean_compactness",      "mean_concavity", "mean_concave_points",
    "mean_symmetry",   "mean_fractal_dimension"};

std::vector<std::size_t> range(std::size_t n) {
    std::vector<std::size_t> rows(n);
    std::iota(rows.begin(), rows.end(), std::size_t{0});
    return rows;
}

/// wdbc's ten mean_* features with the seeded repeats of make_icc.R
/// (150 rows have one) and the malignant outcome.
PipelineData wdbc() {
    const DataTable t = DataTable::read(rgw::test::tabularFile("wdbc_breast_cancer.csv"));
    const DataTable rep = DataTable::read(rgw::test::referenceFile("icc/wdbc_repeats.csv"));
    PipelineData d;
    d.features = kFeatures;
    d.x = t.matrix(kFeatures, range(t.rows()));
    d.repeats = rep.matrix(kFeatures, range(rep.rows()));
    d.y.kind = ModelKind::Logistic;
    d.y.classes = {"0", "1"};
    d.y.label = t.vector("malignant", range(t.rows()));
    return d;
}

/// psych's ICC of each feature for one type ("ICC1", "ICC2", "ICC3").
std::vector<double> psychIcc(const std::string& type) {
    const DataTable ref = DataTable::read(rgw::test::referenceFile("icc/wdbc_icc.csv"));
    std::vector<double> out;
    for (const std::string& f : kFeatures)
        for (std::size_t r = 0; r < ref.rows(); ++r)
            if (ref.text("feature")[r] == f && ref.text("type")[r] == type)
                out.push_back(ref.numbers("icc")[r]);
    return out;
}

std::vector<Eigen::Index> atOrAbove(const std::vector<double>& icc, double threshold) {
    std::vector<Eigen::Index> kept;
    for (std::size_t j = 0; j < icc.size(); ++j)
        if (icc[j] >= threshold)
            kept.push_back(static_cast<Eigen::Index>(j));
    return kept;
}

TEST(StabilityFilter, IccsEqualPsychAndTheFilterKeepsThoseAtOrAboveTheThreshold) {
    RGW_REQUIRE_TEST_DATA();
    const PipelineData d = wdbc();
    const std::vector<std::pair<IccKind, std::string>> kinds = {
        {IccKind::OneWay, "ICC1"},
        {IccKind::TwoWayAgreement, "ICC2"},
        {IccKind::TwoWayConsistency, "ICC3"}};
    double worst = 0;
    for (const auto& [kind, type] : kinds) {
        StabilitySpec spec;
        spec.kind = kind;
        const StabilityResult r = stabilityFilter(spec, d.x, d.repeats, d.features);
        const std::vector<double> want = psychIcc(type);
        ASSERT_EQ(want.size(), kFeatures.size());
        for (std::size_t j = 0; j < want.size(); ++j) {
            EXPECT_EQ(r.pairs[j], 150);
            worst = std::max(worst, std::abs(r.icc[j] - want[j]));
            EXPECT_NEAR(r.icc[j], want[j], kTolerance) << type << " " << kFeatures[j];
        }
        EXPECT_EQ(r.kept, atOrAbove(want, 0.75)) << type;
    }
    std::cout << "stability filter ICCs, 10 features x 3 kinds: max |ours - psych| = " << worst
              << "\n";
    // The default is ICC(2,1) >= 0.75: the shifted mean_area (0.854) and
    // mean_compactness (0.793) stay, mean_concave_points (0.728) goes.
    const StabilityResult r = stabilityFilter({}, d.x, d.repeats, d.features);
    EXPECT_EQ(r.kept, (std::vector<Eigen::Index>{0, 1, 2, 3, 4, 5, 6}));
}

TEST(StabilityFilter, ThresholdIsInclusive) {
    RGW_REQUIRE_TEST_DATA();
    const PipelineData d = wdbc();
    const StabilityResult base = stabilityFilter({}, d.x, d.repeats, d.features);
    StabilitySpec at;
    at.threshold = base.icc[5]; // mean_compactness exactly
    const StabilityResult r = stabilityFilter(at, d.x, d.repeats, d.features);
    EXPECT_EQ(r.kept, atOrAbove(base.icc, at.threshold));
    EXPECT_NE(std::find(r.kept.begin(), r.kept.end(), 5), r.kept.end());
    StabilitySpec above;
    above.threshold = std::nextafter(base.icc[5], 2.0);
    const StabilityResult s = stabilityFilter(above, d.x, d.repeats, d.features);
    EXPECT_EQ(std::find(s.kept.begin(), s.kept.end(), 5), s.kept.end());
    EXPECT_EQ(s.kept.size() + 1, r.kept.size());
}

TEST(StabilityFilter, ExemptFeaturesAreKeptWithoutRepeats) {
    Eigen::MatrixXd x(5, 3), rep(5, 3);
    x << 1, 10, 50, 2, 20, 60, 3, 30, 65, 4, 40, 70, 5, 50, 80;
    rep << 1.1, 31, kNaN, 2.1, 12, kNaN, 2.9, 45, kNaN, 4.2, 18, kNaN, kNaN, kNaN, kNaN;
    const StabilityResult r = stabilityFilter({}, x, rep, {"stable", "noisy", "age"}, {2});
    EXPECT_EQ(r.kept, (std::vector<Eigen::Index>{0, 2}));
    EXPECT_EQ(r.pairs, (std::vector<Eigen::Index>{4, 4, 0}));
    EXPECT_TRUE(std::isnan(r.icc[2]));
    EXPECT_GT(r.icc[0], 0.95);
    EXPECT_LT(r.icc[1], 0.75);
}

TEST(StabilityFilter, AFeatureWithoutVarianceIsDropped) {
    Eigen::MatrixXd x(4, 2), rep(4, 2);
    x << 1, 7, 2, 7, 3, 7, 4, 7;
    rep << 1, 7, 2, 7, 3, 7, 4, 7;
    const StabilityResult r = stabilityFilter({}, x, rep, {"a", "flat"});
    EXPECT_EQ(r.kept, (std::vector<Eigen::Index>{0}));
    EXPECT_DOUBLE_EQ(r.icc[0], 1.0);
    EXPECT_TRUE(std::isnan(r.icc[1]));
}

TEST(StabilityFilter, BadInputIsAClearError) {
    Eigen::MatrixXd x(4, 2), rep(4, 2);
    x << 1, 5, 2, 6, 3, 8, 4, 7;
    rep << 1, 5, 2, 6, kNaN, kNaN, kNaN, kNaN;
    const std::vector<std::string> names = {"a", "b"};
    EXPECT_NE(errorOf([&] {
                  stabilityFilter({}, x, rep, names);
              }).find("at least 3 training rows, found 2"),
              std::string::npos);
    rep(2, 0) = 3.1; // row 3 has a repeat of a only
    EXPECT_NE(errorOf([&] {
                  stabilityFilter({}, x, rep, names);
              }).find("feature 'b' has 2 training rows with both"),
              std::string::npos);
    EXPECT_NE(errorOf([&] {
                  stabilityFilter({}, x, rep.topRows(3), names);
              }).find("repeated measurements are 3 × 2 but the features are 4 × 2"),
              std::string::npos);
    StabilitySpec bad;
    bad.threshold = 1.5;
    EXPECT_NE(errorOf([&] { stabilityFilter(bad, x, rep, names); }).find("threshold 1.5"),
              std::string::npos);
    bad.threshold = kNaN;
    EXPECT_NE(errorOf([&] { stabilityFilter(bad, x, rep, names); }).find("threshold"),
              std::string::npos);
    rep(1, 1) = std::numeric_limits<double>::infinity();
    EXPECT_NE(errorOf([&] {
                  stabilityFilter({}, x, rep, names);
              }).find("feature 'b' has an infinite value in row 2"),
              std::string::npos);
}

TEST(StabilityFilter, SubsetCarriesTheRepeats) {
    PipelineData d;
    d.x = Eigen::MatrixXd::Random(5, 2);
    d.repeats = Eigen::MatrixXd::Random(5, 2);
    d.features = {"a", "b"};
    d.y.label = Eigen::VectorXd::Zero(5);
    const PipelineData s = d.subset({4, 1, 1});
    ASSERT_EQ(s.repeats.rows(), 3);
    EXPECT_EQ(s.repeats.row(0), d.repeats.row(4));
    EXPECT_EQ(s.repeats.row(2), d.repeats.row(1));
    d.repeats.resize(0, 0);
    EXPECT_EQ(d.subset({0, 1}).repeats.size(), 0);
}

PipelineSpec stableLasso() {
    PipelineSpec spec;
    spec.stability = StabilitySpec{};
    spec.learner.kind = ModelKind::Logistic;
    spec.learner.penalty = Penalty::Lasso;
    spec.learner.innerFolds = 5;
    return spec;
}

TEST(StabilityFilter, PipelineFiltersOnTheTrainingRowsOnly) {
    RGW_REQUIRE_TEST_DATA();
    const PipelineData all = wdbc();
    std::vector<std::size_t> train;
    for (std::size_t i = 0; i < all.y.size(); ++i)
        if (i % 3 != 0)
            train.push_back(i);
    const PipelineData t = all.subset(train);
    const FittedPipeline f = fitPipeline(stableLasso(), t, 5);
    const StabilityResult direct = stabilityFilter({}, t.x, t.repeats, t.features);
    ASSERT_EQ(f.stabilityIcc.size(), kFeatures.size());
    for (std::size_t j = 0; j < kFeatures.size(); ++j)
        EXPECT_EQ(f.stabilityIcc[j], direct.icc[j]) << kFeatures[j];
    EXPECT_NE(f.stabilityIcc, stabilityFilter({}, all.x, all.repeats, all.features).icc);
    // The learner sees only the stable features.
    for (const Eigen::Index j : f.selected)
        EXPECT_NE(std::find(direct.kept.begin(), direct.kept.end(), j), direct.kept.end());
    EXPECT_FALSE(f.selected.empty());
    // Predicting needs no repeats.
    PipelineData fresh = all.subset({0, 3, 6});
    fresh.repeats.resize(0, 0);
    EXPECT_TRUE(predictPipeline(f, fresh).score.allFinite());
}

TEST(StabilityFilter, PipelineErrors) {
    RGW_REQUIRE_TEST_DATA();
    PipelineData d = wdbc();
    PipelineData none = d;
    none.repeats.resize(0, 0);
    EXPECT_NE(errorOf([&] {
                  fitPipeline(stableLasso(), none, 1);
              }).find("the stability filter needs a repeated extraction"),
              std::string::npos);
    // 569 rows, repeats only for rows 0 and 1 (and not in this row set).
    PipelineData few = d;
    few.repeats.setConstant(kNaN);
    few.repeats.topRows(2) = few.x.topRows(2);
    EXPECT_NE(errorOf([&] {
                  fitPipeline(stableLasso(), few, 1);
              }).find("at least 3 training rows, found 2"),
              std::string::npos);
}

TEST(StabilityFilter, ComBatCovariatesNeedNoRepeats) {
    // Two scanners, a clinical covariate without repeats, two radiomic
    // features with repeats of the first 10 rows: f1 agrees, f2 does not.
    const Eigen::Index n = 40;
    rgw::Rng rng(21);
    PipelineData d;
    d.features = {"f1", "f2", "age"};
    d.x.resize(n, 3);
    d.repeats = Eigen::MatrixXd::Constant(n, 3, kNaN);
    for (Eigen::Index i = 0; i < n; ++i) {
        d.batch.push_back(i % 2 == 0 ? "scanner A" : "scanner B");
        d.x(i, 2) = 50.0 + 10.0 * rng.normal();
        d.x(i, 0) = 0.05 * d.x(i, 2) + rng.normal() + (i % 2 == 0 ? 1.0 : 0.0);
        d.x(i, 1) = rng.normal() * (i % 2 == 0 ? 2.0 : 1.0);
        if (i < 10) {
            d.repeats(i, 0) = d.x(i, 0) + 0.05 * rng.normal();
            d.repeats(i, 1) = rng.normal();
        }
    }
    d.y.kind = ModelKind::Logistic;
    d.y.classes = {"0", "1"};
    d.y.label.resize(n);
    for (Eigen::Index i = 0; i < n; ++i)
        d.y.label(i) = (i / 2) % 2 == 0 ? 0.0 : 1.0;
    PipelineSpec spec;
    spec.combat = true;
    spec.combatCovariates = {"age"};
    spec.stability = StabilitySpec{};
    spec.learner.kind = ModelKind::Logistic;
    spec.learner.penalty = Penalty::None;
    const FittedPipeline f = fitPipeline(spec, d, 1);
    EXPECT_EQ(f.model.features, (std::vector<std::string>{"f1", "age"}));
    ASSERT_EQ(f.stabilityIcc.size(), 3u);
    EXPECT_GT(f.stabilityIcc[0], 0.75);
    EXPECT_LT(f.stabilityIcc[1], 0.75);
    EXPECT_TRUE(std::isnan(f.stabilityIcc[2]));
    // Without ComBat, age is an ordinary feature and needs its repeats.
    spec.combat = false;
    spec.combatCovariates.clear();
    EXPECT_NE(errorOf([&] { fitPipeline(spec, d, 1); }).find("feature 'age' has 0 training rows"),
              std::string::npos);
}

/// Cross-validation: a feature that is stable except for one row's repeat
/// is kept exactly in the fold that holds that row out.
TEST(StabilityFilter, CrossValidationFiltersEachFoldOnItsTrainingRows) {
    const Eigen::Index n = 60;
    rgw::Rng rng(3);
    PipelineData d;
    d.features = {"stable", "borderline", "noisy"};
    d.x.resize(n, 3);
    d.repeats.resize(n, 3);
    for (Eigen::Index i = 0; i < n; ++i) {
        for (Eigen::Index j = 0; j < 3; ++j)
            d.x(i, j) = rng.normal();
        d.repeats(i, 0) = d.x(i, 0) + 0.1 * rng.normal();
        d.repeats(i, 1) = d.x(i, 1) + 0.1 * rng.normal();
        d.repeats(i, 2) = rng.normal();
    }
    const Eigen::Index outlier = 17;
    d.repeats(outlier, 1) = d.x(outlier, 1) + 40.0; // one failed re-extraction
    d.y.kind = ModelKind::Logistic;
    d.y.classes = {"0", "1"};
    d.y.label.resize(n);
    for (Eigen::Index i = 0; i < n; ++i)
        d.y.label(i) = i % 2 == 0 ? 0.0 : 1.0;
    rng.shuffle(d.y.label.data(), d.y.label.data() + d.y.label.size());

    PipelineSpec spec;
    spec.stability = StabilitySpec{};
    spec.learner.kind = ModelKind::Logistic;
    spec.learner.penalty = Penalty::None;
    ValidationSpec validation;
    validation.folds = 5;
    validation.seed = 9;
    validation.threads = 1;
    const ValidationResult cv = crossValidate(spec, d, validation);
    int held = 0;
    for (const FoldResult& fold : cv.folds) {
        const bool outlierHeldOut =
            std::find(fold.testRows.begin(), fold.testRows.end(),
                      static_cast<std::size_t>(outlier)) != fold.testRows.end();
        held += outlierHeldOut ? 1 : 0;
        const std::vector<std::string> want = outlierHeldOut
                                                  ? std::vector<std::string>{"stable", "borderline"}
                                                  : std::vector<std::string>{"stable"};
        EXPECT_EQ(fold.selected, want) << "fold " << fold.fold;
    }
    EXPECT_EQ(held, 1);
}

} // namespace
