// fitCox and baselineHazard against R's survival::coxph and basehaz(centered =
// FALSE), Efron and Breslow ties (tests/reference/regression/make_regression.R),
// and their errors.

#include "RegressionTestSupport.h"
#include "TestData.h"
#include "stats/CoxRegression.h"
#include "stats/Distributions.h"

#include <gtest/gtest.h>
#include <numeric>

namespace {

using rgw::stats::CoxFit;
using rgw::stats::CoxTies;
using rgw::stats::DataTable;
using rgw::stats::fitCox;
using rgw::test::errorOf;
using rgw::test::expectClose;

// A survival sample: predictors, time, event (0/1) on complete rows.
struct Survival {
    std::vector<std::string> names;
    Eigen::MatrixXd x;
    Eigen::VectorXd time, event;
};

// R's lung on complete cases, event = status == 2 (dead), as Surv(time, status == 2).
Survival lung() {
    const DataTable table = DataTable::read(rgw::test::tabularFile("survival_lung.csv"));
    Survival s{{"age", "sex", "ph.ecog", "ph.karno", "wt.loss"}, {}, {}, {}};
    std::vector<std::string> used = s.names;
    used.insert(used.end(), {"time", "status"});
    const auto rows = table.completeRows(used);
    s.x = table.matrix(s.names, rows);
    s.time = table.vector("time", rows);
    s.event = table.vector("status", rows).unaryExpr([](double v) { return v == 2 ? 1.0 : 0.0; });
    return s;
}

// The synthetic heavy-ties sample written by make_regression.R (times 1..10, n = 200).
Survival ties() {
    const DataTable table = DataTable::read(rgw::test::referenceFile("regression/ties_data.csv"));
    Survival s{{"x1", "x2", "x3"}, {}, {}, {}};
    std::vector<std::size_t> rows(table.rows());
    std::iota(rows.begin(), rows.end(), std::size_t{0});
    s.x = table.matrix(s.names, rows);
    s.time = table.vector("time", rows);
    s.event = table.vector("event", rows);
    return s;
}

const char* tiesName(CoxTies ties) {
    return ties == CoxTies::Efron ? "efron" : "breslow";
}

CoxFit fit(const Survival& s, CoxTies ties) {
    rgw::stats::CoxOptions options;
    options.ties = ties;
    return fitCox(s.x, s.time, s.event, s.names, options);
}

// Coefficients, covariance, log-likelihoods, the three global tests, means and
// the baseline hazard equal to R's for `tag` and the fit's ties.
void expectMatchesCoxph(const Survival& s, const std::string& tag, CoxTies ties) {
    const CoxFit cox = fit(s, ties);
    EXPECT_EQ(cox.ties, ties);
    const std::string prefix = "cox_" + tag + "_" + tiesName(ties);
    rgw::test::expectCoefficientsMatch(cox.coefficients, prefix);

    const DataTable summary = rgw::test::regressionReference(prefix + "_summary");
    EXPECT_EQ(static_cast<double>(s.x.rows()), rgw::test::summaryValue(summary, "n"));
    EXPECT_EQ(s.event.sum(), rgw::test::summaryValue(summary, "events"));
    double worst = 0;
    for (const auto& [ours, quantity] :
         {std::pair{cox.logLikelihood, "logLik"}, std::pair{cox.nullLogLikelihood, "logLik_null"},
          std::pair{cox.likelihoodRatio, "likelihood_ratio"}, std::pair{cox.waldStatistic, "wald"},
          std::pair{cox.scoreStatistic, "score"}}) {
        const double ref = rgw::test::summaryValue(summary, quantity);
        worst = std::max(worst, expectClose(ours, ref, 1e-6, prefix + " " + quantity));
    }
    rgw::test::report(prefix + " log-likelihoods and LR / Wald / score tests", worst);
    const double df = rgw::test::summaryValue(summary, "df");
    EXPECT_EQ(df, static_cast<double>(s.names.size()));
    for (const auto& [statistic, quantity] :
         {std::pair{cox.likelihoodRatio, "likelihood_ratio_p"},
          std::pair{cox.waldStatistic, "wald_p"}, std::pair{cox.scoreStatistic, "score_p"}}) {
        const double ref = rgw::test::summaryValue(summary, quantity);
        expectClose(rgw::stats::chiSquaredUpperTail(statistic, df), ref, 1e-6 * ref,
                    prefix + " " + quantity);
    }

    const DataTable means = rgw::test::regressionReference(prefix + "_means");
    ASSERT_EQ(static_cast<std::size_t>(cox.means.size()), means.rows());
    for (Eigen::Index j = 0; j < cox.means.size(); ++j)
        EXPECT_NEAR(cox.means(j), means.numbers("mean")[static_cast<std::size_t>(j)], 1e-12);

    const rgw::stats::BaselineHazard hazard = rgw::stats::baselineHazard(cox, s.x, s.time, s.event);
    const DataTable basehaz = rgw::test::regressionReference(prefix + "_basehaz");
    ASSERT_EQ(hazard.time.size(), basehaz.rows());
    double relative = 0;
    for (std::size_t i = 0; i < hazard.time.size(); ++i) {
        EXPECT_EQ(hazard.time[i], basehaz.numbers("time")[i]);
        const double ref = basehaz.numbers("cumulative_hazard")[i];
        relative = std::max(relative,
                            expectClose(hazard.cumulativeHazard[i], ref, 1e-6 * ref,
                                        prefix + " basehaz at " + std::to_string(hazard.time[i])) /
                                ref);
    }
    rgw::test::report(prefix + " baseline cumulative hazard (relative)", relative);
}

TEST(CoxRegression, LungEqualsCoxphWithEfronTies) {
    RGW_REQUIRE_TEST_DATA();
    const Survival s = lung();
    EXPECT_EQ(s.x.rows(), 213); // coxph drops 15 rows with a missing value
    expectMatchesCoxph(s, "lung", CoxTies::Efron);
}

TEST(CoxRegression, LungEqualsCoxphWithBreslowTies) {
    RGW_REQUIRE_TEST_DATA();
    expectMatchesCoxph(lung(), "lung", CoxTies::Breslow);
}

TEST(CoxRegression, HeavyTiesEqualCoxphWithEfronTies) {
    expectMatchesCoxph(ties(), "ties", CoxTies::Efron);
}

TEST(CoxRegression, HeavyTiesEqualCoxphWithBreslowTies) {
    expectMatchesCoxph(ties(), "ties", CoxTies::Breslow);
}

TEST(CoxRegression, HazardRatiosAndUncentredLinearPredictor) {
    const Survival s = ties();
    const CoxFit cox = fit(s, CoxTies::Efron);
    const auto& table = cox.coefficients;
    EXPECT_EQ(table.names, s.names); // no intercept
    const Eigen::Index x2 = table.index("x2");
    EXPECT_DOUBLE_EQ(table.ratio(x2), std::exp(table.estimate(x2)));
    EXPECT_LT(table.ratioLower(x2), table.ratio(x2));
    EXPECT_GT(table.ratioUpper(x2), table.ratio(x2));
    const Eigen::VectorXd eta = rgw::stats::linearPredictor(table, s.x.topRows(5));
    for (Eigen::Index i = 0; i < 5; ++i)
        EXPECT_NEAR(eta(i), s.x.row(i).dot(table.estimate), 1e-12); // x·β, not (x - x̄)·β
}

// Six subjects, two groups; every death at which both groups are at risk is in
// group 1 unless `mixed`.
Survival small(bool mixed) {
    Survival s{{"group"}, Eigen::MatrixXd(6, 1), Eigen::VectorXd(6), Eigen::VectorXd(6)};
    s.x << 1, 1, 1, 0, 0, 0;
    s.time << 1, 2, 3, 4, 5, 6;
    s.event << 1, 1, 0, 1, 1, 0;
    if (mixed)
        s.x(1, 0) = 0; // a group-0 death while group 1 is at risk
    return s;
}

TEST(CoxRegression, MonotoneLikelihoodIsAnErrorNamingThePredictor) {
    for (const CoxTies ties : {CoxTies::Efron, CoxTies::Breslow}) {
        const Survival s = small(false);
        const std::string message = errorOf([&] { fit(s, ties); });
        EXPECT_NE(message.find("'group'"), std::string::npos) << message;
        EXPECT_NE(message.find("infinity"), std::string::npos) << message;
    }
    EXPECT_NO_THROW(fit(small(true), CoxTies::Efron));
}

TEST(CoxRegression, DegenerateInputIsAnErrorNamingTheCause) {
    const Survival s = ties();
    Eigen::MatrixXd x(s.x.rows(), 4);
    x << s.x, s.x.col(1);
    const std::vector<std::string> names{"x1", "x2", "x3", "x2_again"};
    EXPECT_NE(errorOf([&] { fitCox(x, s.time, s.event, names); }).find("'x2_again'"),
              std::string::npos);
    x.col(3).setConstant(1.0);
    EXPECT_NE(errorOf([&] { fitCox(x, s.time, s.event, names); }).find("'x2_again' is constant"),
              std::string::npos);

    Eigen::MatrixXd nan = s.x;
    nan(7, 2) = std::numeric_limits<double>::quiet_NaN();
    const std::string message = errorOf([&] { fitCox(nan, s.time, s.event, s.names); });
    EXPECT_NE(message.find("'x3' row 8"), std::string::npos) << message;

    Eigen::VectorXd time = s.time;
    time(3) = 0;
    EXPECT_NE(errorOf([&] { fitCox(s.x, time, s.event, s.names); }).find("positive"),
              std::string::npos);
    time(3) = std::numeric_limits<double>::infinity();
    EXPECT_NE(errorOf([&] { fitCox(s.x, time, s.event, s.names); }).find("finite"),
              std::string::npos);
    Eigen::VectorXd event = s.event;
    event(0) = 2; // R's status coding must be mapped by the caller
    EXPECT_NE(errorOf([&] { fitCox(s.x, s.time, event, s.names); }).find("not 1 (event) or 0"),
              std::string::npos);
    EXPECT_NE(errorOf([&] {
                  fitCox(s.x, s.time, Eigen::VectorXd::Zero(s.time.size()), s.names);
              }).find("no events"),
              std::string::npos);
    EXPECT_FALSE(errorOf([&] { fitCox(s.x, s.time.head(10), s.event, s.names); }).empty());
    EXPECT_FALSE(errorOf([&] { fitCox(s.x, s.time, s.event, {"x1"}); }).empty());

    const CoxFit cox = fit(s, CoxTies::Breslow);
    EXPECT_FALSE(errorOf([&] { rgw::stats::baselineHazard(cox, x, s.time, s.event); }).empty());
    EXPECT_FALSE(errorOf([&] { rgw::stats::linearPredictor(cox.coefficients, x); }).empty());
}

TEST(CoxRegression, NonConvergenceIsAnError) {
    rgw::stats::CoxOptions options;
    options.maxIterations = 1;
    const Survival s = ties();
    const std::string message = errorOf([&] { fitCox(s.x, s.time, s.event, s.names, options); });
    EXPECT_NE(message.find("did not converge"), std::string::npos) << message;
}

} // namespace
