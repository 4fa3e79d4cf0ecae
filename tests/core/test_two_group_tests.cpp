// Two-group tests against R wilcox.test (exact = FALSE, correct = TRUE),
// t.test (Welch and Student), pROC::auc and Cohen's d; the reference outputs
// are written by tests/reference/univariate/make_univariate.R.

#include "ErrorMessage.h"
#include "Reference.h"
#include "TestData.h"
#include "stats/DataTable.h"
#include "stats/TwoGroupTests.h"
#include "util/Error.h"

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

using rgw::stats::DataTable;
using rgw::stats::TwoGroupTest;

constexpr double kRelative = 1e-10; // the tolerance on p (and used for every statistic)
constexpr double kTinyAbsolute = 1e-12;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::vector<std::size_t> allRows(const DataTable& t) {
    std::vector<std::size_t> rows(t.rows());
    std::iota(rows.begin(), rows.end(), std::size_t{0});
    return rows;
}

/// Relative difference, or 0 when within the absolute tolerance for tiny values.
double discrepancy(double ours, double reference) {
    const double diff = std::abs(ours - reference);
    return diff <= kTinyAbsolute ? 0.0 : diff / std::abs(reference);
}

/// Compares every feature of `data` (group column `group`) with the reference
/// rows of `referenceCsv`; prints the largest relative differences.
void expectEqualsR(const DataTable& data, const char* group, const char* referenceCsv) {
    const DataTable ref = DataTable::read(rgw::test::referenceFile(referenceCsv));
    const auto rows = allRows(data);
    const Eigen::VectorXd g = data.vector(group, rows);
    double worstP = 0, worstStatistic = 0;
    auto check = [&](double ours, const char* column, std::size_t r, double& worst) {
        const double want = ref.numbers(column)[r];
        const double d = discrepancy(ours, want);
        worst = std::max(worst, std::abs(ours - want) / std::abs(want)); // reported unmasked
        EXPECT_LE(d, kRelative) << ref.text("feature")[r] << " " << column << ": ours " << ours
                                << ", R " << want;
    };
    for (std::size_t r = 0; r < ref.rows(); ++r) {
        const Eigen::VectorXd x = data.vector(ref.text("feature")[r], rows);
        const TwoGroupTest w = rgw::stats::mannWhitney(x, g);
        const TwoGroupTest welch = rgw::stats::welchT(x, g);
        const TwoGroupTest student = rgw::stats::studentT(x, g);
        EXPECT_EQ(static_cast<double>(w.n1), ref.numbers("n1")[r]);
        EXPECT_EQ(static_cast<double>(w.n0), ref.numbers("n0")[r]);
        EXPECT_EQ(welch.n1, w.n1);
        EXPECT_EQ(student.n0, w.n0);
        EXPECT_TRUE(std::isnan(w.df));
        check(w.statistic, "W", r, worstStatistic);
        check(w.p, "p_wilcox", r, worstP);
        check(w.effect, "auc", r, worstStatistic);
        check(welch.statistic, "t_welch", r, worstStatistic);
        check(welch.df, "df_welch", r, worstStatistic);
        check(welch.p, "p_welch", r, worstP);
        check(student.statistic, "t_student", r, worstStatistic);
        check(student.df, "df_student", r, worstStatistic);
        check(student.p, "p_student", r, worstP);
        check(welch.effect, "cohen_d", r, worstStatistic);
        check(student.effect, "cohen_d", r, worstStatistic);
    }
    std::cout << referenceCsv << ": max relative difference p " << worstP << ", statistics "
              << worstStatistic << "\n";
}

Eigen::VectorXd vec(std::initializer_list<double> v) {
    Eigen::VectorXd x(static_cast<Eigen::Index>(v.size()));
    std::copy(v.begin(), v.end(), x.begin());
    return x;
}

TEST(TwoGroupTests, WdbcEveryFeatureEqualsR) {
    RGW_REQUIRE_TEST_DATA();
    const DataTable wdbc = DataTable::read(rgw::test::tabularFile("wdbc_breast_cancer.csv"));
    expectEqualsR(wdbc, "malignant", "univariate/wdbc_tests.csv");
}

TEST(TwoGroupTests, TiesAndMissingValuesEqualR) {
    const DataTable synthetic =
        DataTable::read(rgw::test::referenceFile("univariate/synthetic_input.csv"));
    expectEqualsR(synthetic, "group", "univariate/synthetic_tests.csv");
}

TEST(TwoGroupTests, MissingValuesAreLeftOutNeverZero) {
    const Eigen::VectorXd x = vec({1.5, 2.0, kNaN, 3.5, 0.5, 2.5, kNaN});
    const Eigen::VectorXd g = vec({1, 1, 1, 0, 0, kNaN, 0});
    const Eigen::VectorXd xKept = vec({1.5, 2.0, 3.5, 0.5});
    const Eigen::VectorXd gKept = vec({1, 1, 0, 0});
    for (auto test : {rgw::stats::mannWhitney, rgw::stats::welchT, rgw::stats::studentT}) {
        const TwoGroupTest a = test(x, g), b = test(xKept, gKept);
        EXPECT_EQ(a.statistic, b.statistic);
        EXPECT_EQ(a.p, b.p);
        EXPECT_EQ(a.n1, 2);
        EXPECT_EQ(a.n0, 2);
    }
}

TEST(TwoGroupTests, MannWhitneyCountsPairsAndHalfTies) {
    // Pairs x1 > x0: 3 > 1, 3 > 2, 2 > 1, and 2 = 2 counts one half: W = 3.5.
    const TwoGroupTest r = rgw::stats::mannWhitney(vec({3, 2, 1, 2}), vec({1, 1, 0, 0}));
    EXPECT_DOUBLE_EQ(r.statistic, 3.5);
    EXPECT_DOUBLE_EQ(r.effect, 3.5 / 4.0);
}

TEST(TwoGroupTests, AllTiedGivesNoPValueAsR) {
    // R: wilcox.test(c(1, 1, 1), c(1, 1), exact = FALSE) gives W = 3, p = NA.
    const TwoGroupTest r = rgw::stats::mannWhitney(vec({1, 1, 1, 1, 1}), vec({1, 1, 1, 0, 0}));
    EXPECT_EQ(r.statistic, 3.0);
    EXPECT_EQ(r.effect, 0.5);
    EXPECT_TRUE(std::isnan(r.p));
}

TEST(TwoGroupTests, BadInputIsAClearError) {
    const Eigen::VectorXd x = vec({1, 2, 3, 4});
    const Eigen::VectorXd g = vec({1, 1, 0, 0});
    EXPECT_NE(errorOf([&] {
                  rgw::stats::mannWhitney(x, vec({1, 0}));
              }).find("4 values but 2 group labels"),
              std::string::npos);
    EXPECT_NE(errorOf([&] {
                  rgw::stats::welchT(x, vec({1, 2, 0, 0}));
              }).find("group 2 is 2.0"),
              std::string::npos);
    EXPECT_NE(errorOf([&] {
                  rgw::stats::studentT(vec({1, std::numeric_limits<double>::infinity(), 3, 4}), g);
              }).find("value 2 is not finite"),
              std::string::npos);
    EXPECT_NE(errorOf([&] {
                  rgw::stats::mannWhitney(x, vec({0, 0, 0, kNaN}));
              }).find("group 1 has 0 non-missing values, needs at least 1"),
              std::string::npos);
    EXPECT_NE(errorOf([&] {
                  rgw::stats::welchT(x, vec({1, 0, 0, 0}));
              }).find("Welch t-test: group 1 has 1 non-missing values, needs at least 2"),
              std::string::npos);
    EXPECT_NE(errorOf([&] {
                  rgw::stats::studentT(vec({1, kNaN, 3, 4}), g);
              }).find("Student t-test: group 1 has 1"),
              std::string::npos);
    for (auto test : {rgw::stats::welchT, rgw::stats::studentT}) {
        EXPECT_NE(errorOf([&] {
                      test(vec({5, 5, 5, 5}), g);
                  }).find("essentially constant"),
                  std::string::npos);
        EXPECT_NE(errorOf([&] {
                      test(vec({0, 0, 0, 0}), g);
                  }).find("essentially constant"),
                  std::string::npos);
    }
}

} // namespace
