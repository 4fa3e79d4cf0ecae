// core/stats/KaplanMeier against R survival 3.5.3 survfit
// (tests/reference/survival/make_survival.R).

#include "Reference.h"
#include "TestData.h"
#include "stats/DataTable.h"
#include "stats/KaplanMeier.h"
#include "util/Error.h"

#include <cmath>
#include <gtest/gtest.h>
#include <iostream>
#include <map>

namespace {

using rgw::stats::DataTable;

struct Survival {
    Eigen::VectorXd time, event;
    std::vector<std::string> group;
};

/// lung (event = status 2) or the committed synthetic set; rows with a
/// missing `grouping` dropped ("all": one group).
Survival load(const std::string& dataset, const std::string& grouping) {
    const bool lung = dataset == "lung";
    const DataTable t =
        lung ? DataTable::read(rgw::test::tabularFile("survival_lung.csv"))
             : DataTable::read(rgw::test::referenceFile("survival/survival_synthetic.csv"));
    std::vector<std::string> needed{"time", lung ? "status" : "event"};
    if (grouping != "all")
        needed.push_back(grouping);
    const auto rows = t.completeRows(needed);
    Survival s{t.vector("time", rows), t.vector(needed[1], rows), {}};
    if (lung)
        s.event = (s.event.array() == 2.0).cast<double>();
    for (std::size_t r : rows)
        s.group.push_back(grouping == "all" ? "all" : t.text(grouping)[r]);
    return s;
}

/// Compares a value against a reference that is NA where R has NA/NaN.
double maxDiff = 0;
void same(double expected, double actual, double tolerance, const std::string& what) {
    if (std::isnan(expected)) {
        EXPECT_TRUE(std::isnan(actual)) << what << ": R has NA, we have " << actual;
        return;
    }
    maxDiff = std::max(maxDiff, std::abs(expected - actual));
    EXPECT_NEAR(actual, expected, tolerance) << what;
}

TEST(KaplanMeier, EveryRowEqualsSurvfit) {
    RGW_REQUIRE_TEST_DATA();
    const DataTable ref = DataTable::read(rgw::test::referenceFile("survival/km_rows.csv"));
    std::map<std::string, std::vector<rgw::stats::KaplanMeierCurve>> fits;
    std::map<std::string, std::size_t> next;
    for (std::size_t r = 0; r < ref.rows(); ++r) {
        const std::string key =
            ref.text("dataset")[r] + "/" + ref.text("grouping")[r] + "/" + ref.text("level")[r];
        if (!fits.count(key)) {
            const Survival s = load(ref.text("dataset")[r], ref.text("grouping")[r]);
            fits[key] =
                rgw::stats::kaplanMeierByGroup(s.time, s.event, s.group, ref.numbers("level")[r]);
        }
        const auto& curves = fits[key];
        const auto curve = std::find_if(curves.begin(), curves.end(), [&](const auto& c) {
            return c.group == ref.text("group")[r];
        });
        ASSERT_NE(curve, curves.end()) << key << " group " << ref.text("group")[r];
        const std::string what = key + "/" + curve->group;
        const std::size_t k = next[what]++;
        ASSERT_LT(k, curve->rows.size()) << what;
        const auto& row = curve->rows[k];
        const std::string at = what + " row " + std::to_string(k);
        EXPECT_EQ(row.time, ref.numbers("time")[r]) << at;
        EXPECT_EQ(static_cast<double>(row.atRisk), ref.numbers("n_risk")[r]) << at;
        EXPECT_EQ(static_cast<double>(row.events), ref.numbers("n_event")[r]) << at;
        EXPECT_EQ(static_cast<double>(row.censored), ref.numbers("n_censor")[r]) << at;
        same(ref.numbers("surv")[r], row.survival, 1e-10, at + " surv");
        if (ref.numbers("log_std_err_infinite")[r] == 1.0)
            EXPECT_EQ(row.logStandardError, HUGE_VAL) << at;
        else
            same(ref.numbers("log_std_err")[r], row.logStandardError, 1e-10, at + " log se");
        same(ref.numbers("std_err")[r], row.standardError, 1e-10, at + " se");
        same(ref.numbers("lower")[r], row.lower, 1e-10, at + " lower");
        same(ref.numbers("upper")[r], row.upper, 1e-10, at + " upper");
    }
    for (const auto& [key, curves] : fits)
        for (const auto& c : curves)
            EXPECT_EQ(next[key + "/" + c.group], c.rows.size()) << key << "/" << c.group;
    std::cout << "[ max |diff| vs survfit ] rows: " << maxDiff << "\n";
    maxDiff = 0;
}

TEST(KaplanMeier, MedianIsPrintSurvfitsRule) {
    RGW_REQUIRE_TEST_DATA();
    const DataTable ref = DataTable::read(rgw::test::referenceFile("survival/km_median.csv"));
    for (std::size_t r = 0; r < ref.rows(); ++r) {
        const Survival s = load(ref.text("dataset")[r], ref.text("grouping")[r]);
        const auto curves = rgw::stats::kaplanMeierByGroup(s.time, s.event, s.group);
        const auto curve = std::find_if(curves.begin(), curves.end(), [&](const auto& c) {
            return c.group == ref.text("group")[r];
        });
        ASSERT_NE(curve, curves.end());
        same(ref.numbers("median")[r], curve->medianSurvival, 1e-10,
             ref.text("dataset")[r] + "/" + curve->group + " median");
    }
    std::cout << "[ max |diff| vs survfit ] median: " << maxDiff << "\n";
    maxDiff = 0;
}

TEST(KaplanMeier, SingleCurveEqualsTheOneGroupCurve) {
    const Survival s = load("synthetic", "group");
    const auto whole = rgw::stats::kaplanMeier(s.time, s.event, 0.9);
    const auto grouped = rgw::stats::kaplanMeierByGroup(
        s.time, s.event, std::vector<std::string>(s.group.size(), "x"), 0.9);
    ASSERT_EQ(grouped.size(), 1u);
    ASSERT_EQ(whole.rows.size(), grouped[0].rows.size());
    for (std::size_t k = 0; k < whole.rows.size(); ++k)
        EXPECT_EQ(whole.rows[k].upper, grouped[0].rows[k].upper);
    EXPECT_EQ(whole.medianSurvival, grouped[0].medianSurvival);
}

TEST(KaplanMeier, NearlyEqualTimesAreOneTimeAsSurvivalTimefix) {
    const Eigen::Vector3d time(1.0, 1.0 + 1e-12, 2.0), event(1, 0, 1);
    const auto curve = rgw::stats::kaplanMeier(time, event);
    ASSERT_EQ(curve.rows.size(), 2u);
    EXPECT_EQ(curve.rows[0].time, 1.0);
    EXPECT_EQ(curve.rows[0].censored, 1u);
}

std::string errorOf(const auto& call) {
    try {
        call();
    } catch (const rgw::Error& e) {
        return e.what();
    }
    return "no error";
}

TEST(KaplanMeier, BadInputIsAClearError) {
    const Eigen::Vector3d time(1, 2, 3), event(1, 0, 1);
    Eigen::Vector3d nan = time, badEvent = event;
    nan(1) = std::nan("");
    badEvent(2) = 2;
    using rgw::stats::kaplanMeier;
    EXPECT_NE(errorOf([&] { kaplanMeier(nan, event); }).find("not a finite number at row 2"),
              std::string::npos);
    EXPECT_NE(errorOf([&] { kaplanMeier(time, badEvent); }).find("event at row 3 is 2"),
              std::string::npos);
    EXPECT_NE(errorOf([&] { kaplanMeier(time, Eigen::Vector2d(1, 0)); }).find("3 values"),
              std::string::npos);
    EXPECT_NE(errorOf([&] { kaplanMeier(Eigen::VectorXd(), Eigen::VectorXd()); }).find("no rows"),
              std::string::npos);
    EXPECT_NE(errorOf([&] { kaplanMeier(time, event, 1.0); }).find("level"), std::string::npos);
    using rgw::stats::kaplanMeierByGroup;
    EXPECT_NE(errorOf([&] {
                  kaplanMeierByGroup(time, event, {"a", "", "b"});
              }).find("group is missing at row 2"),
              std::string::npos);
    EXPECT_NE(errorOf([&] {
                  kaplanMeierByGroup(time, event, {"a", "b"});
              }).find("2 values"),
              std::string::npos);
}

} // namespace
