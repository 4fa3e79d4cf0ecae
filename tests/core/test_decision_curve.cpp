// core/stats/DecisionCurve against net benefit computed in R by the formula of
// Vickers & Elkin 2006 (tests/reference/metrics/make_metrics.R).

#include "Reference.h"
#include "stats/DataTable.h"
#include "stats/DecisionCurve.h"
#include "util/Error.h"

#include <cmath>
#include <gtest/gtest.h>
#include <iostream>

namespace {

using rgw::stats::DataTable;

TEST(DecisionCurve, NetBenefitEqualsR) {
    const DataTable pred =
        DataTable::read(rgw::test::referenceFile("metrics/metrics_predictions.csv"));
    std::vector<double> p, y;
    for (std::size_t r = 0; r < pred.rows(); ++r)
        if (pred.text("set")[r] == "test") {
            p.push_back(pred.numbers("p")[r]);
            y.push_back(pred.numbers("malignant")[r]);
        }
    const auto n = static_cast<Eigen::Index>(p.size());
    const DataTable ref =
        DataTable::read(rgw::test::referenceFile("metrics/metrics_decision_curve.csv"));
    const auto& thresholds = ref.numbers("threshold");
    const auto curve =
        rgw::stats::decisionCurve(Eigen::Map<Eigen::VectorXd>(p.data(), n),
                                  Eigen::Map<Eigen::VectorXd>(y.data(), n), thresholds);
    ASSERT_EQ(curve.size(), ref.rows());
    double maxDiff = 0;
    for (std::size_t r = 0; r < ref.rows(); ++r) {
        EXPECT_EQ(curve[r].threshold, thresholds[r]);
        for (const auto& [expected, actual] :
             {std::pair{ref.numbers("model")[r], curve[r].model},
              std::pair{ref.numbers("treat_all")[r], curve[r].treatAll},
              std::pair{ref.numbers("treat_none")[r], curve[r].treatNone}}) {
            EXPECT_NEAR(actual, expected, 1e-12) << "threshold " << thresholds[r];
            maxDiff = std::max(maxDiff, std::abs(actual - expected));
        }
    }
    std::cout << "[ max |diff| vs R ] net benefit: " << maxDiff << "\n";
}

TEST(DecisionCurve, BadInputIsAnError) {
    const Eigen::VectorXd p = (Eigen::VectorXd(3) << 0.1, 0.5, 0.9).finished();
    const Eigen::VectorXd y = (Eigen::VectorXd(3) << 0, 1, 1).finished();
    using rgw::stats::decisionCurve;
    EXPECT_THROW(decisionCurve(p.head(2), y, {0.1}), rgw::Error);
    EXPECT_THROW(decisionCurve(p, y, {}), rgw::Error);
    EXPECT_THROW(decisionCurve(p, y, {1.0}), rgw::Error);
    EXPECT_THROW(decisionCurve(p, y, {-0.1}), rgw::Error);
    EXPECT_THROW(decisionCurve(p, y, {std::nan("")}), rgw::Error);
    Eigen::VectorXd bad = p;
    bad(0) = -0.5;
    EXPECT_THROW(decisionCurve(bad, y, {0.2}), rgw::Error);
    bad(0) = INFINITY;
    EXPECT_THROW(decisionCurve(bad, y, {0.2}), rgw::Error);
}

} // namespace
