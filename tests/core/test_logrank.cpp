// core/stats/LogRank against R survival 3.5.3 survdiff
// (tests/reference/survival/make_survival.R).

#include "Reference.h"
#include "TestData.h"
#include "stats/DataTable.h"
#include "stats/LogRank.h"
#include "util/Error.h"

#include <cmath>
#include <gtest/gtest.h>
#include <iostream>

namespace {

using rgw::stats::DataTable;

struct Survival {
    Eigen::VectorXd time, event;
    std::vector<std::string> group;
};

/// lung (event = status 2) or the committed synthetic set ("synthetic": its
/// random groups a, b, c; "synthetic_all": every group), rows with a missing
/// `grouping` dropped.
Survival load(const std::string& dataset, const std::string& grouping) {
    const bool lung = dataset == "lung";
    const DataTable t =
        lung ? DataTable::read(rgw::test::tabularFile("survival_lung.csv"))
             : DataTable::read(rgw::test::referenceFile("survival/survival_synthetic.csv"));
    const char* event = lung ? "status" : "event";
    Survival s;
    std::vector<std::size_t> rows;
    for (std::size_t r : t.completeRows({"time", event, grouping})) {
        const std::string& g = t.text(grouping)[r];
        if (dataset != "synthetic" || g == "a" || g == "b" || g == "c") {
            rows.push_back(r);
            s.group.push_back(g);
        }
    }
    s.time = t.vector("time", rows);
    s.event = t.vector(event, rows);
    if (lung)
        s.event = (s.event.array() == 2.0).cast<double>();
    return s;
}

double relative(double expected, double actual) {
    return std::abs(actual - expected) / std::max(std::abs(expected), 1e-300);
}

TEST(LogRank, EqualsSurvdiff) {
    RGW_REQUIRE_TEST_DATA();
    const DataTable ref = DataTable::read(rgw::test::referenceFile("survival/logrank.csv"));
    double maxChi = 0, maxExpected = 0, maxP = 0;
    for (std::size_t r = 0; r < ref.rows();) {
        const std::string dataset = ref.text("dataset")[r], grouping = ref.text("grouping")[r];
        const Survival s = load(dataset, grouping);
        const auto test = rgw::stats::logRankTest(s.time, s.event, s.group);
        for (std::size_t g = 0; g < test.groups.size(); ++g, ++r) {
            ASSERT_LT(r, ref.rows());
            const std::string what = dataset + "/" + grouping + "/" + test.groups[g];
            EXPECT_EQ(test.groups[g], ref.text("group")[r]) << what;
            EXPECT_EQ(test.observed[g], ref.numbers("observed")[r]) << what;
            maxExpected =
                std::max(maxExpected, relative(ref.numbers("expected")[r], test.expected[g]));
            EXPECT_LT(relative(ref.numbers("expected")[r], test.expected[g]), 1e-10) << what;
            EXPECT_EQ(static_cast<double>(test.df), ref.numbers("df")[r]) << what;
            maxChi = std::max(maxChi, relative(ref.numbers("chisq")[r], test.chiSquared));
            EXPECT_LT(relative(ref.numbers("chisq")[r], test.chiSquared), 1e-8) << what;
            maxP = std::max(maxP, relative(ref.numbers("p")[r], test.p));
            EXPECT_LT(relative(ref.numbers("p")[r], test.p), 1e-8) << what;
        }
    }
    std::cout << "[ max relative diff vs survdiff ] chisq " << maxChi << ", expected "
              << maxExpected << ", p " << maxP << "\n";
}

TEST(LogRank, TwoIdenticalGroupsGiveNoDifference) {
    // Same times and events in both groups: O = E, χ² = 0, p = 1.
    const Eigen::VectorXd time = (Eigen::VectorXd(6) << 1, 1, 2, 2, 3, 3).finished();
    const Eigen::VectorXd event = (Eigen::VectorXd(6) << 1, 1, 0, 0, 1, 1).finished();
    const auto test = rgw::stats::logRankTest(time, event, {"x", "y", "x", "y", "x", "y"});
    EXPECT_EQ(test.groups, (std::vector<std::string>{"x", "y"}));
    EXPECT_NEAR(test.chiSquared, 0.0, 1e-15);
    EXPECT_EQ(test.df, 1);
    EXPECT_NEAR(test.p, 1.0, 1e-12);
}

std::string errorOf(const auto& call) {
    try {
        call();
    } catch (const rgw::Error& e) {
        return e.what();
    }
    return "no error";
}

TEST(LogRank, BadInputIsAClearError) {
    const Eigen::Vector3d time(1, 2, 3), event(1, 0, 1);
    using rgw::stats::logRankTest;
    EXPECT_NE(errorOf([&] {
                  logRankTest(time, event, {"a", "a", "a"});
              }).find("only one group"),
              std::string::npos);
    EXPECT_NE(errorOf([&] {
                  logRankTest(time, event, {"a", "", "b"});
              }).find("missing at row 2"),
              std::string::npos);
    EXPECT_NE(errorOf([&] {
                  logRankTest(time, event, {"a", "b"});
              }).find("2 values"),
              std::string::npos);
    EXPECT_NE(errorOf([&] {
                  logRankTest(time, Eigen::Vector3d::Zero(), {"a", "b", "a"});
              }).find("fewer than two groups"),
              std::string::npos);
    Eigen::Vector3d inf = time;
    inf(0) = HUGE_VAL;
    EXPECT_NE(errorOf([&] {
                  logRankTest(inf, event, {"a", "b", "a"});
              }).find("row 1"),
              std::string::npos);
}

} // namespace
