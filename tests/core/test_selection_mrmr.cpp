// mRMR "classic" (De Jay et al. 2013) against tests/reference/selection/
// make_selection.R. mRMRe is not in Debian: the reference is a base-R
// implementation of the paper's definition in that script (MI = −½ log(1 − ρ²),
// greedy MI(f, y) − mean MI(f, chosen)), written apart from the C++.

#include "SelectionTestSupport.h"
#include "modeling/FeatureSelection.h"
#include "modeling/Mrmr.h"
#include "util/Error.h"

#include <gtest/gtest.h>
#include <iostream>
#include <limits>

namespace {

using namespace rgw::modeling;
using rgw::stats::DataTable;
using rgw::test::SelectionTable;

constexpr double kScoreTolerance = 1e-12;

void expectOrderOfR(const SelectionTable& t, const char* referenceCsv) {
    const DataTable ref = DataTable::read(rgw::test::referenceFile(referenceCsv));
    const std::vector<Eigen::Index> want = rgw::test::indicesOf(t.features, ref.text("feature"));
    const std::vector<MrmrChoice> got = mrmrClassic(t.x, t.y, static_cast<int>(t.x.cols()));
    ASSERT_EQ(got.size(), want.size());
    double worst = 0;
    for (std::size_t k = 0; k < got.size(); ++k) {
        EXPECT_EQ(got[k].feature, want[k]) << "step " << k + 1;
        const double d = std::abs(got[k].score - ref.numbers("score")[k]);
        worst = std::max(worst, d);
        EXPECT_LE(d, kScoreTolerance) << "step " << k + 1;
    }
    std::cout << referenceCsv << ": max |score - R| = " << worst << "\n";
}

TEST(Mrmr, BinaryOrderEqualsTheReferenceOnWdbc) {
    RGW_REQUIRE_TEST_DATA();
    expectOrderOfR(rgw::test::wdbcTable(), "selection/mrmr_wdbc.csv");
}

TEST(Mrmr, MulticlassOrderEqualsTheReferenceOnTheSyntheticTable) {
    expectOrderOfR(rgw::test::synthetic3Table(), "selection/mrmr_synthetic3.csv");
}

TEST(Mrmr, SelectionKeepsTheFirstMaxFeaturesInColumnOrder) {
    const SelectionTable t = rgw::test::synthetic3Table();
    const DataTable ref =
        DataTable::read(rgw::test::referenceFile("selection/mrmr_synthetic3.csv"));
    std::vector<std::string> first(ref.text("feature").begin(), ref.text("feature").begin() + 3);
    std::vector<Eigen::Index> want = rgw::test::indicesOf(t.features, first);
    std::sort(want.begin(), want.end());
    SelectionStep step;
    step.kind = SelectionKind::Mrmr;
    step.maxFeatures = 3;
    EXPECT_EQ(selectFeatures(step, t.x, t.y), want);
    step.maxFeatures = 100; // more than there are: all of them
    EXPECT_EQ(selectFeatures(step, t.x, t.y).size(), t.features.size());
}

TEST(Mrmr, RefusesBadInput) {
    const SelectionTable t = rgw::test::synthetic3Table();
    SelectionStep step;
    step.kind = SelectionKind::Mrmr;
    step.maxFeatures = 0;
    EXPECT_THROW(selectFeatures(step, t.x, t.y), rgw::Error);
    EXPECT_THROW(mrmrClassic(t.x, t.y, 0), rgw::Error);
    EXPECT_THROW(mrmrClassic(t.x, t.y, 9), rgw::Error);
    Eigen::MatrixXd bad = t.x;
    bad(4, 2) = std::numeric_limits<double>::quiet_NaN();
    EXPECT_THROW(mrmrClassic(bad, t.y, 2), rgw::Error);
    const SelectionTable lung = rgw::test::lungTable();
    EXPECT_THROW(mrmrClassic(lung.x, lung.y, 2), rgw::Error); // survival refused
    Outcome one = t.y;
    std::fill(one.classOf.begin(), one.classOf.end(), 0);
    EXPECT_THROW(mrmrClassic(t.x, one, 2), rgw::Error);
    EXPECT_THROW(mrmrClassic(t.x.topRows(2), t.y.subset({0, 1}), 2), rgw::Error);
}

} // namespace
