// ICC(1,1), ICC(2,1), ICC(3,1) against R psych::ICC 2.2.9 (lmer = FALSE); the
// reference outputs are written by tests/reference/icc/make_icc.R.

#include "ErrorMessage.h"
#include "Reference.h"
#include "TestData.h"
#include "stats/DataTable.h"
#include "stats/Icc.h"
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
using rgw::stats::IccKind;
using rgw::stats::IccResult;
using rgw::stats::intraclassCorrelation;

constexpr double kTolerance = 1e-6; // as the other reference comparisons (ComBat: 1e-6)

const std::vector<std::string> kWdbcFeatures = {
    "mean_radius",     "mean_texture",          "mean_perimeter", "mean_area",
    "mean_smoothness", "mean_compactness",      "mean_concavity", "mean_concave_points",
    "mean_symmetry",   "mean_fractal_dimension"};

std::vector<std::size_t> allRows(const DataTable& t) {
    std::vector<std::size_t> rows(t.rows());
    std::iota(rows.begin(), rows.end(), std::size_t{0});
    return rows;
}

IccKind kindOf(const std::string& psychType) {
    return rgw::stats::parseIccKind(psychType);
}

/// Compares every field with one psych row; returns the largest difference.
double compare(const IccResult& ours, const DataTable& ref, std::size_t row) {
    const std::vector<std::pair<const char*, double>> fields = {
        {"icc", ours.icc}, {"f", ours.f},         {"df1", ours.df1},    {"df2", ours.df2},
        {"p", ours.p},     {"lower", ours.lower}, {"upper", ours.upper}};
    double worst = 0;
    for (const auto& [name, value] : fields) {
        const double want = ref.numbers(name)[row];
        // F is compared relative to its size (it reaches 1000 here).
        const double diff = std::abs(value - want) / std::max(1.0, std::abs(want));
        EXPECT_LT(diff, kTolerance) << name << " of " << ref.text("type")[row] << " row " << row + 1
                                    << ": ours " << value << ", psych " << want;
        worst = std::max(worst, diff);
    }
    return worst;
}

TEST(Icc, ShroutFleissTableEqualsPsych) {
    const DataTable in = DataTable::read(rgw::test::referenceFile("icc/shrout_fleiss_input.csv"));
    const Eigen::MatrixXd ratings =
        in.matrix({"judge1", "judge2", "judge3", "judge4"}, allRows(in));
    const DataTable ref = DataTable::read(rgw::test::referenceFile("icc/shrout_fleiss_icc.csv"));
    ASSERT_EQ(ref.rows(), 3u);
    double worst = 0;
    for (std::size_t r = 0; r < ref.rows(); ++r)
        worst = std::max(
            worst, compare(intraclassCorrelation(ratings, kindOf(ref.text("type")[r])), ref, r));
    std::cout << "Shrout & Fleiss 6 x 4: max relative |ours - psych| = " << worst << "\n";
    // The published values (Shrout & Fleiss 1979, Table 4): .17, .29, .71.
    EXPECT_NEAR(intraclassCorrelation(ratings, IccKind::OneWay).icc, 0.17, 0.005);
    EXPECT_NEAR(intraclassCorrelation(ratings, IccKind::TwoWayAgreement).icc, 0.29, 0.005);
    EXPECT_NEAR(intraclassCorrelation(ratings, IccKind::TwoWayConsistency).icc, 0.71, 0.005);
}

TEST(Icc, WdbcRepeatedExtractionEqualsPsych) {
    RGW_REQUIRE_TEST_DATA();
    const DataTable wdbc = DataTable::read(rgw::test::tabularFile("wdbc_breast_cancer.csv"));
    const DataTable rep = DataTable::read(rgw::test::referenceFile("icc/wdbc_repeats.csv"));
    const DataTable ref = DataTable::read(rgw::test::referenceFile("icc/wdbc_icc.csv"));
    ASSERT_EQ(rep.rows(), wdbc.rows());
    ASSERT_EQ(ref.rows(), 3 * kWdbcFeatures.size());
    double worst = 0;
    for (std::size_t r = 0; r < ref.rows(); ++r) {
        const std::string& feature = ref.text("feature")[r];
        std::vector<std::size_t> rows;
        for (std::size_t i = 0; i < rep.rows(); ++i)
            if (!std::isnan(rep.numbers(feature)[i]))
                rows.push_back(i);
        ASSERT_EQ(rows.size(), 150u);
        Eigen::MatrixXd ratings(static_cast<Eigen::Index>(rows.size()), 2);
        ratings.col(0) = wdbc.vector(feature, rows);
        ratings.col(1) = rep.vector(feature, rows);
        worst = std::max(
            worst, compare(intraclassCorrelation(ratings, kindOf(ref.text("type")[r])), ref, r));
    }
    std::cout << "wdbc repeats, 10 features x 3 kinds: max relative |ours - psych| = " << worst
              << "\n";
}

TEST(Icc, AgreementPenalisesAShiftConsistencyDoesNot) {
    Eigen::MatrixXd ratings(5, 2);
    ratings << 1, 3, 2, 4, 3, 5, 4, 6, 5, 7; // second rater = first + 2
    const IccResult consistency = intraclassCorrelation(ratings, IccKind::TwoWayConsistency);
    EXPECT_DOUBLE_EQ(consistency.icc, 1.0);
    EXPECT_TRUE(std::isinf(consistency.f));
    EXPECT_EQ(consistency.p, 0.0);
    EXPECT_EQ(consistency.lower, 1.0);
    EXPECT_EQ(consistency.upper, 1.0);
    // MSB = 5, MSJ = 10, MSE = 0: ICC(2,1) = 5 / (5 + 2 * 10 / 5).
    EXPECT_NEAR(intraclassCorrelation(ratings, IccKind::TwoWayAgreement).icc, 5.0 / 9.0, 1e-15);
}

TEST(Icc, KindNames) {
    using rgw::stats::iccKindName;
    using rgw::stats::parseIccKind;
    for (const IccKind k : {IccKind::OneWay, IccKind::TwoWayAgreement, IccKind::TwoWayConsistency})
        EXPECT_EQ(parseIccKind(iccKindName(k)), k);
    EXPECT_EQ(iccKindName(IccKind::TwoWayAgreement), "ICC(2,1)");
    EXPECT_EQ(parseIccKind("icc3"), IccKind::TwoWayConsistency);
    EXPECT_NE(errorOf([] { parseIccKind("ICC(2,k)"); }).find("unknown ICC kind 'ICC(2,k)'"),
              std::string::npos);
}

TEST(Icc, BadInputIsAClearError) {
    const auto error = [](const Eigen::MatrixXd& m, double confidence = 0.95) {
        return errorOf([&] { intraclassCorrelation(m, IccKind::TwoWayAgreement, confidence); });
    };
    EXPECT_NE(error(Eigen::MatrixXd::Ones(1, 2)).find("at least 2 subjects and 2 raters"),
              std::string::npos);
    EXPECT_NE(error(Eigen::MatrixXd::Ones(4, 1)).find("at least 2 subjects and 2 raters"),
              std::string::npos);
    Eigen::MatrixXd m(3, 2);
    m << 1, 2, 3, 4, 5, std::numeric_limits<double>::quiet_NaN();
    EXPECT_NE(error(m).find("subject 3 by rater 2 is not a finite"), std::string::npos);
    m(2, 1) = 6;
    EXPECT_NE(error(m, 1.0).find("confidence level"), std::string::npos);
    EXPECT_NE(error(m, 0.0).find("confidence level"), std::string::npos);
    Eigen::MatrixXd same(3, 2);
    same << 1, 2, 1, 2, 1, 2; // subjects identical
    EXPECT_NE(error(same).find("no variance between subjects"), std::string::npos);
}

} // namespace
