// The AUC and Cox univariate filters against tests/reference/selection/
// make_selection.R (pROC::auc and wilcox.test on wdbc; coxph's Wald p on
// lung), and the names of every selection kind and univariate test.

#include "SelectionTestSupport.h"
#include "modeling/FeatureSelection.h"
#include "modeling/SpecNames.h"
#include "util/Error.h"

#include <gtest/gtest.h>
#include <iostream>

namespace {

using namespace rgw::modeling;
using rgw::stats::DataTable;
using rgw::test::SelectionTable;

constexpr double kAucTolerance = 1e-12; // absolute
constexpr double kPRelative = 1e-10;    // relative, the univariate tests' tolerance

TEST(UnivariateAuc, AucAndPEqualPRocAndWilcoxOnWdbc) {
    RGW_REQUIRE_TEST_DATA();
    const SelectionTable t = rgw::test::wdbcTable();
    const DataTable ref = DataTable::read(rgw::test::referenceFile("selection/univariate_auc.csv"));
    ASSERT_EQ(ref.text("feature"), t.features);
    const std::vector<double> auc = univariateAucs(t.x, t.y);
    const std::vector<double> p = univariatePValues(t.x, t.y, UnivariateTest::Auc);
    double worstAuc = 0, worstP = 0;
    for (std::size_t j = 0; j < auc.size(); ++j) {
        worstAuc = std::max(worstAuc, std::abs(auc[j] - ref.numbers("auc")[j]));
        worstP = std::max(worstP, std::abs(p[j] - ref.numbers("p")[j]) / ref.numbers("p")[j]);
    }
    std::cout << "max |AUC - pROC| = " << worstAuc << ", max relative |p - R| = " << worstP << "\n";
    EXPECT_LE(worstAuc, kAucTolerance);
    EXPECT_LE(worstP, kPRelative);

    // Top 5 by |AUC − 0.5| (ties in column order), from R's AUCs.
    std::vector<Eigen::Index> order(auc.size());
    std::iota(order.begin(), order.end(), Eigen::Index{0});
    const std::vector<double>& rAuc = ref.numbers("auc");
    std::stable_sort(order.begin(), order.end(), [&](Eigen::Index a, Eigen::Index b) {
        return std::abs(rAuc[static_cast<std::size_t>(a)] - 0.5) >
               std::abs(rAuc[static_cast<std::size_t>(b)] - 0.5);
    });
    std::vector<Eigen::Index> top(order.begin(), order.begin() + 5);
    std::sort(top.begin(), top.end());
    const SelectionStep step{SelectionKind::Univariate, 0.0, 5, UnivariateTest::Auc};
    EXPECT_EQ(selectFeatures(step, t.x, t.y), top);
}

TEST(UnivariateCox, WaldPEqualsCoxph) {
    const SelectionTable t = rgw::test::lungTable();
    const DataTable ref = DataTable::read(rgw::test::referenceFile("selection/univariate_cox.csv"));
    ASSERT_EQ(ref.text("feature"), t.features);
    const std::vector<double> p = univariatePValues(t.x, t.y, UnivariateTest::Cox);
    double worst = 0;
    for (std::size_t j = 0; j < p.size(); ++j)
        worst = std::max(worst, std::abs(p[j] - ref.numbers("p")[j]) / ref.numbers("p")[j]);
    std::cout << "max relative |p - coxph| = " << worst << "\n";
    EXPECT_LE(worst, kPRelative);
    EXPECT_EQ(p, univariatePValues(t.x, t.y, UnivariateTest::Automatic));
}

TEST(UnivariateTests, RefuseAnOutcomeTheyCannotUse) {
    const SelectionTable lung = rgw::test::lungTable();
    const SelectionTable three = rgw::test::synthetic3Table();
    EXPECT_THROW(univariatePValues(lung.x, lung.y, UnivariateTest::Auc), rgw::Error);
    EXPECT_THROW(univariateAucs(lung.x, lung.y), rgw::Error);
    EXPECT_THROW(univariatePValues(three.x, three.y, UnivariateTest::Cox), rgw::Error);
    EXPECT_THROW(univariatePValues(three.x, three.y, UnivariateTest::Auc), rgw::Error);
    Outcome binary;
    binary.kind = ModelKind::Logistic;
    binary.label = Eigen::VectorXd::Zero(three.x.rows());
    binary.label.tail(10).setOnes();
    EXPECT_THROW(univariatePValues(three.x, binary, UnivariateTest::Cox), rgw::Error);
}

TEST(SelectionNames, RoundTripEveryKindAndTest) {
    for (const SelectionKind k :
         {SelectionKind::NearZeroVariance, SelectionKind::Univariate, SelectionKind::Correlation,
          SelectionKind::Lasso, SelectionKind::Mrmr, SelectionKind::ReliefF, SelectionKind::SvmRfe})
        EXPECT_EQ(parseSelectionKind(selectionKindName(k)), k);
    for (const UnivariateTest u :
         {UnivariateTest::Automatic, UnivariateTest::MannWhitney, UnivariateTest::WelchT,
          UnivariateTest::Auc, UnivariateTest::Cox})
        EXPECT_EQ(parseUnivariateTest(univariateTestName(u)), u);
    EXPECT_STREQ(selectionKindName(SelectionKind::Lasso), "lasso");
    EXPECT_STREQ(selectionKindName(SelectionKind::Mrmr), "mrmr");
    EXPECT_STREQ(selectionKindName(SelectionKind::ReliefF), "relieff");
    EXPECT_STREQ(selectionKindName(SelectionKind::SvmRfe), "svm-rfe");
    EXPECT_STREQ(univariateTestName(UnivariateTest::Auc), "auc");
    EXPECT_STREQ(univariateTestName(UnivariateTest::Cox), "cox");
    EXPECT_THROW(parseSelectionKind("boruta"), rgw::Error);
    EXPECT_THROW(parseUnivariateTest("chi-squared"), rgw::Error);
}

TEST(SelectionSteps, MultivariateStepsKeepNothingFromNothing) {
    const SelectionTable t = rgw::test::synthetic3Table();
    for (const SelectionKind k : {SelectionKind::Lasso, SelectionKind::Mrmr, SelectionKind::ReliefF,
                                  SelectionKind::SvmRfe}) {
        SelectionStep step;
        step.kind = k;
        step.maxFeatures = 2;
        EXPECT_TRUE(selectFeatures(step, Eigen::MatrixXd(t.x.rows(), 0), t.y).empty());
    }
}

} // namespace
