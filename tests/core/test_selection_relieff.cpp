// RELIEF-F weights (Kononenko 1994; Robnik-Šikonja & Kononenko 2003, every
// row a sample, k = 10) against tests/reference/selection/make_selection.R.
// CORElearn's "ReliefFequalK" is the same estimator but is not in Debian: the
// reference is the base-R implementation in that script, written apart from
// the C++.

#include "SelectionTestSupport.h"
#include "modeling/FeatureSelection.h"
#include "modeling/ReliefF.h"
#include "util/Error.h"

#include <gtest/gtest.h>
#include <iostream>
#include <limits>

namespace {

using namespace rgw::modeling;
using rgw::stats::DataTable;
using rgw::test::SelectionTable;

constexpr double kWeightTolerance = 1e-12; // the issue's

void expectWeightsOfR(const SelectionTable& t, const char* referenceCsv) {
    const DataTable ref = DataTable::read(rgw::test::referenceFile(referenceCsv));
    ASSERT_EQ(ref.text("feature"), t.features);
    const Eigen::VectorXd w = reliefFWeights(t.x, t.y, 10);
    double worst = 0;
    for (Eigen::Index j = 0; j < w.size(); ++j) {
        const double d = std::abs(w(j) - ref.numbers("weight")[static_cast<std::size_t>(j)]);
        worst = std::max(worst, d);
        EXPECT_LE(d, kWeightTolerance) << t.features[static_cast<std::size_t>(j)];
    }
    std::cout << referenceCsv << ": max |weight - R| = " << worst << "\n";
}

TEST(ReliefF, BinaryWeightsEqualTheReferenceOnWdbc) {
    RGW_REQUIRE_TEST_DATA();
    expectWeightsOfR(rgw::test::wdbcTable(), "selection/relieff_wdbc.csv");
}

TEST(ReliefF, MulticlassWeightsEqualTheReferenceOnTheSyntheticTable) {
    expectWeightsOfR(rgw::test::synthetic3Table(), "selection/relieff_synthetic3.csv");
}

TEST(ReliefF, SelectionKeepsTheTopWeightsOrThoseAboveTheThreshold) {
    const SelectionTable t = rgw::test::synthetic3Table();
    const DataTable ref =
        DataTable::read(rgw::test::referenceFile("selection/relieff_synthetic3.csv"));
    const std::vector<double>& w = ref.numbers("weight");
    std::vector<Eigen::Index> byWeight(w.size());
    std::iota(byWeight.begin(), byWeight.end(), Eigen::Index{0});
    std::stable_sort(byWeight.begin(), byWeight.end(), [&](Eigen::Index a, Eigen::Index b) {
        return w[static_cast<std::size_t>(a)] > w[static_cast<std::size_t>(b)];
    });
    SelectionStep step;
    step.kind = SelectionKind::ReliefF;
    step.maxFeatures = 3;
    std::vector<Eigen::Index> top(byWeight.begin(), byWeight.begin() + 3);
    std::sort(top.begin(), top.end());
    EXPECT_EQ(selectFeatures(step, t.x, t.y), top);

    step.maxFeatures = 0;
    step.threshold = 0.02;
    std::vector<Eigen::Index> above;
    for (std::size_t j = 0; j < w.size(); ++j)
        if (w[j] > step.threshold)
            above.push_back(static_cast<Eigen::Index>(j));
    ASSERT_FALSE(above.empty());
    ASSERT_LT(above.size(), w.size());
    EXPECT_EQ(selectFeatures(step, t.x, t.y), above);
}

TEST(ReliefF, NeighboursAreCappedBySmallClasses) {
    // Two classes of 3 rows: at most 2 hits and 3 misses, still finite weights.
    const SelectionTable t = rgw::test::synthetic3Table();
    Outcome y;
    y.kind = ModelKind::Logistic;
    y.label = (Eigen::VectorXd(6) << 0, 0, 0, 1, 1, 1).finished();
    y.classes = {"0", "1"};
    const Eigen::VectorXd w = reliefFWeights(t.x.topRows(6), y, 10);
    EXPECT_TRUE(w.allFinite());
    EXPECT_TRUE((w.array().abs() <= 1.0).all());
}

TEST(ReliefF, RefusesBadInput) {
    const SelectionTable t = rgw::test::synthetic3Table();
    EXPECT_THROW(reliefFWeights(t.x, t.y, 0), rgw::Error);
    Eigen::MatrixXd bad = t.x;
    bad(3, 1) = std::numeric_limits<double>::infinity();
    EXPECT_THROW(reliefFWeights(bad, t.y, 10), rgw::Error);
    const SelectionTable lung = rgw::test::lungTable();
    EXPECT_THROW(reliefFWeights(lung.x, lung.y, 10), rgw::Error);
    Outcome lonely = t.y; // class 2 with a single row
    std::fill(lonely.classOf.begin(), lonely.classOf.end(), 0);
    lonely.classOf[0] = 1;
    lonely.classOf[1] = 1;
    lonely.classOf[2] = 2;
    EXPECT_THROW(reliefFWeights(t.x, lonely, 10), rgw::Error);
    SelectionStep step;
    step.kind = SelectionKind::ReliefF;
    step.maxFeatures = -1;
    EXPECT_THROW(selectFeatures(step, t.x, t.y), rgw::Error);
}

} // namespace
