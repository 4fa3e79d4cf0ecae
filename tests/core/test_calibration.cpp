// core/stats/Calibration against R rms 6.5.0 val.prob, glm and Hmisc 4.8.0
// binconf (tests/reference/metrics/make_metrics.R).

#include "Reference.h"
#include "stats/Calibration.h"
#include "stats/DataTable.h"
#include "util/Error.h"

#include <algorithm>
#include <cmath>
#include <gtest/gtest.h>
#include <iostream>
#include <string>

namespace {

using rgw::stats::DataTable;

Eigen::VectorXd column(const DataTable& t, const char* name, const std::string& set = "",
                       const char* setColumn = "set") {
    const auto& v = t.numbers(name);
    std::vector<double> out;
    for (std::size_t r = 0; r < t.rows(); ++r)
        if (set.empty() || t.text(setColumn)[r] == set)
            out.push_back(v[r]);
    return Eigen::Map<const Eigen::VectorXd>(out.data(), static_cast<Eigen::Index>(out.size()));
}

struct Predictions {
    Eigen::VectorXd p, y;
};

/// The fixed predictions of make_metrics.R by name (test, train, synthetic).
Predictions predictions(const std::string& name) {
    if (name == "synthetic") {
        const DataTable syn =
            DataTable::read(rgw::test::referenceFile("metrics/metrics_calibration_synthetic.csv"));
        return {column(syn, "p"), column(syn, "y")};
    }
    const DataTable t =
        DataTable::read(rgw::test::referenceFile("metrics/metrics_predictions.csv"));
    return {column(t, "p", name), column(t, "malignant", name)};
}

double maxDiff = 0;
void near(double expected, double actual, double tolerance, const std::string& what) {
    maxDiff = std::max(maxDiff, std::abs(expected - actual));
    EXPECT_NEAR(actual, expected, tolerance) << what;
}
void report(const char* what) {
    std::cout << "[ max |diff| vs R ] " << what << ": " << maxDiff << "\n";
    maxDiff = 0;
}

TEST(Calibration, SummaryEqualsValProbAndGlm) {
    const DataTable ref =
        DataTable::read(rgw::test::referenceFile("metrics/metrics_calibration.csv"));
    ASSERT_EQ(ref.rows(), 3u);
    double vsValProb = 0;
    for (std::size_t r = 0; r < ref.rows(); ++r) {
        const std::string name = ref.text("name")[r];
        const Predictions d = predictions(name);
        const auto s = rgw::stats::calibrationSummary(d.p, d.y);
        EXPECT_EQ(static_cast<double>(s.n), ref.numbers("n")[r]) << name;
        EXPECT_EQ(static_cast<double>(s.used), ref.numbers("used")[r]) << name;
        near(ref.numbers("brier")[r], s.brier, 1e-12, name + " Brier");
        // Exact maximum likelihood: equal to glm run to convergence.
        near(ref.numbers("glm_intercept")[r], s.intercept, 1e-9, name + " intercept");
        near(ref.numbers("glm_slope")[r], s.slope, 1e-9, name + " slope");
        near(ref.numbers("calibration_in_the_large")[r], s.calibrationInTheLarge, 1e-9,
             name + " calibration-in-the-large");
        near(ref.numbers("spiegelhalter_z")[r], s.spiegelhalterZ, 1e-9, name + " S:z");
        near(ref.numbers("spiegelhalter_p")[r], s.spiegelhalterP, 1e-9, name + " S:p");
        // val.prob's lrm.fit stops earlier; within the 1e-6.
        EXPECT_NEAR(s.intercept, ref.numbers("intercept")[r], 1e-6) << name;
        EXPECT_NEAR(s.slope, ref.numbers("slope")[r], 1e-6) << name;
        vsValProb = std::max({vsValProb, std::abs(s.intercept - ref.numbers("intercept")[r]),
                              std::abs(s.slope - ref.numbers("slope")[r])});
    }
    report("calibration summary (vs glm)");
    std::cout << "[ max |diff| vs R ] intercept/slope vs val.prob (lrm.fit): " << vsValProb << "\n";
}

TEST(Calibration, CurveEqualsBinconfWilson) {
    const DataTable ref =
        DataTable::read(rgw::test::referenceFile("metrics/metrics_calibration_curve.csv"));
    std::size_t r = 0;
    while (r < ref.rows()) {
        const std::string name = ref.text("name")[r];
        const int g = static_cast<int>(ref.numbers("g")[r]);
        const Predictions d = predictions(name);
        const auto bins = rgw::stats::calibrationCurve(d.p, d.y, g);
        ASSERT_EQ(bins.size(), static_cast<std::size_t>(g));
        for (const auto& b : bins) {
            ASSERT_LT(r, ref.rows());
            const std::string what = name + " g=" + std::to_string(g) + " row " + std::to_string(r);
            EXPECT_EQ(static_cast<double>(b.n), ref.numbers("n")[r]) << what;
            EXPECT_EQ(static_cast<double>(b.events), ref.numbers("events")[r]) << what;
            near(ref.numbers("mean_predicted")[r], b.meanPredicted, 1e-12, what);
            near(ref.numbers("observed")[r], b.observed, 1e-12, what);
            near(ref.numbers("lower")[r], b.lower, 1e-12, what);
            near(ref.numbers("upper")[r], b.upper, 1e-12, what);
            ++r;
        }
    }
    report("binned calibration curve");
}

TEST(Calibration, WilsonCorrectionsAtOneAndNMinusOne) {
    // Hmisc::binconf: lower = -log(0.95)/n at 1 event, upper = 1 + log(0.95)/n at n-1.
    EXPECT_DOUBLE_EQ(rgw::stats::wilsonInterval(1, 20).lower, -std::log(0.95) / 20);
    EXPECT_DOUBLE_EQ(rgw::stats::wilsonInterval(19, 20).upper, 1 + std::log(0.95) / 20);
}

TEST(Calibration, BadInputIsAnError) {
    const Eigen::VectorXd p = (Eigen::VectorXd(4) << 0.1, 0.4, 0.6, 0.9).finished();
    const Eigen::VectorXd y = (Eigen::VectorXd(4) << 0, 1, 0, 1).finished();
    using rgw::stats::calibrationSummary;
    EXPECT_THROW(calibrationSummary(p.head(3), y), rgw::Error);
    EXPECT_THROW(calibrationSummary(Eigen::VectorXd(), Eigen::VectorXd()), rgw::Error);
    Eigen::VectorXd bad = p;
    bad(1) = 1.2;
    EXPECT_THROW(calibrationSummary(bad, y), rgw::Error);
    bad(1) = std::nan("");
    EXPECT_THROW(calibrationSummary(bad, y), rgw::Error);
    Eigen::VectorXd badY = y;
    badY(0) = 2;
    EXPECT_THROW(calibrationSummary(p, badY), rgw::Error);
    EXPECT_THROW(calibrationSummary(p, Eigen::VectorXd::Zero(4)), rgw::Error); // one class
    EXPECT_THROW(calibrationSummary(Eigen::VectorXd::Constant(4, 0.3), y), rgw::Error);
    EXPECT_THROW(rgw::stats::calibrationCurve(p, y, 0), rgw::Error);
    EXPECT_THROW(rgw::stats::calibrationCurve(p, y, 5), rgw::Error);
    EXPECT_THROW(rgw::stats::calibrationCurve(p, y, 2, 1.0), rgw::Error);
    EXPECT_THROW(rgw::stats::wilsonInterval(3, 2), rgw::Error);
    try {
        bad(1) = 1.2;
        calibrationSummary(bad, y);
    } catch (const rgw::Error& e) {
        EXPECT_NE(std::string(e.what()).find("row 2"), std::string::npos) << e.what();
    }
}

} // namespace
