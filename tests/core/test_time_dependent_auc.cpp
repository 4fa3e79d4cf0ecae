// core/stats/TimeDependentAuc against R riskRegression 2022.11.28 Score(...,
// cens.model = "km") (tests/reference/metrics/make_metrics.R).

#include "Reference.h"
#include "stats/DataTable.h"
#include "stats/TimeDependentAuc.h"
#include "util/Error.h"

#include <cmath>
#include <gtest/gtest.h>
#include <iostream>
#include <string>

namespace {

using rgw::stats::DataTable;

Eigen::VectorXd column(const DataTable& t, const std::string& name) {
    const auto& v = t.numbers(name);
    return Eigen::Map<const Eigen::VectorXd>(v.data(), static_cast<Eigen::Index>(v.size()));
}

struct Fixture {
    DataTable pred =
        DataTable::read(rgw::test::referenceFile("metrics/metrics_survival_predictions.csv"));
    DataTable ref = DataTable::read(rgw::test::referenceFile("metrics/metrics_time_dependent.csv"));
    Eigen::VectorXd time = column(pred, "time"), event = column(pred, "event"),
                    lp = column(pred, "lp");
};

std::string riskColumn(double t) {
    return "risk_" + std::to_string(static_cast<int>(t));
}

TEST(TimeDependentAuc, AucEqualsRiskRegressionScore) {
    const Fixture f;
    const auto& times = f.ref.numbers("time");
    const auto result = rgw::stats::timeDependentAuc(f.time, f.event, f.lp, times);
    ASSERT_EQ(result.size(), f.ref.rows());
    double maxDiff = 0;
    for (std::size_t r = 0; r < f.ref.rows(); ++r) {
        EXPECT_EQ(result[r].time, times[r]);
        EXPECT_EQ(static_cast<double>(result[r].cases), f.ref.numbers("cases")[r]);
        EXPECT_EQ(static_cast<double>(result[r].controls), f.ref.numbers("controls")[r]);
        EXPECT_NEAR(result[r].censoringSurvival, f.ref.numbers("censoring_survival")[r], 1e-12);
        EXPECT_NEAR(result[r].auc, f.ref.numbers("auc")[r], 1e-12) << "t = " << times[r];
        maxDiff = std::max(maxDiff, std::abs(result[r].auc - f.ref.numbers("auc")[r]));
    }
    std::cout << "[ max |diff| vs riskRegression ] AUC(t): " << maxDiff << "\n";
}

TEST(TimeDependentAuc, BrierEqualsRiskRegressionScore) {
    const Fixture f;
    double maxDiff = 0;
    for (std::size_t r = 0; r < f.ref.rows(); ++r) {
        const double t = f.ref.numbers("time")[r];
        const Eigen::VectorXd survival = (1.0 - column(f.pred, riskColumn(t)).array()).matrix();
        const double brier = rgw::stats::ipcwBrierScore(f.time, f.event, survival, t);
        EXPECT_NEAR(brier, f.ref.numbers("brier")[r], 1e-12) << "t = " << t;
        maxDiff = std::max(maxDiff, std::abs(brier - f.ref.numbers("brier")[r]));
    }
    std::cout << "[ max |diff| vs riskRegression ] Brier(t): " << maxDiff << "\n";
}

TEST(TimeDependentAuc, BadInputIsAnError) {
    const Fixture f;
    using rgw::stats::ipcwBrierScore;
    using rgw::stats::timeDependentAuc;
    EXPECT_THROW(timeDependentAuc(f.time, f.event, f.lp.head(10), {365}), rgw::Error);
    EXPECT_THROW(timeDependentAuc(f.time, f.event, f.lp, {}), rgw::Error);
    EXPECT_THROW(timeDependentAuc(f.time, f.event, f.lp, {1.0}), rgw::Error);    // no event yet
    EXPECT_THROW(timeDependentAuc(f.time, f.event, f.lp, {5000.0}), rgw::Error); // beyond follow-up
    EXPECT_THROW(timeDependentAuc(f.time, f.event, f.lp, {NAN}), rgw::Error);
    Eigen::VectorXd bad = f.lp;
    bad(3) = INFINITY;
    EXPECT_THROW(timeDependentAuc(f.time, f.event, bad, {365}), rgw::Error);
    Eigen::VectorXd badEvent = f.event;
    badEvent(0) = 2;
    EXPECT_THROW(timeDependentAuc(f.time, badEvent, f.lp, {365}), rgw::Error);
    EXPECT_THROW(timeDependentAuc(f.time, Eigen::VectorXd::Zero(f.time.size()), f.lp, {365}),
                 rgw::Error); // no events at all
    const Eigen::VectorXd half = Eigen::VectorXd::Constant(f.time.size(), 0.5);
    EXPECT_NO_THROW(ipcwBrierScore(f.time, f.event, half, 365));
    Eigen::VectorXd badS = half;
    badS(0) = 1.5;
    EXPECT_THROW(ipcwBrierScore(f.time, f.event, badS, 365), rgw::Error);
    EXPECT_THROW(ipcwBrierScore(f.time, f.event, half, 5000), rgw::Error);
    EXPECT_THROW(ipcwBrierScore(f.time, f.event, half.head(5), 365), rgw::Error);
}

} // namespace
