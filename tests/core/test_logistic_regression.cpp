// fitLogistic against R's glm(family = binomial) on the shared tables
// (tests/reference/regression/make_regression.R), and its errors.

#include "RegressionTestSupport.h"
#include "TestData.h"
#include "stats/LogisticRegression.h"

#include <gtest/gtest.h>

namespace {

using rgw::stats::DataTable;
using rgw::stats::fitLogistic;
using rgw::stats::LogisticFit;
using rgw::test::errorOf;
using rgw::test::expectClose;
using rgw::test::regressionTolerance;

// Fits outcome ~ predictors on the complete rows of `table` (glm's na.omit);
// `outcome` maps the outcome column's value to 0/1.
template <typename Outcome>
LogisticFit fitTable(const DataTable& table, const std::string& outcomeColumn, Outcome outcome,
                     const std::vector<std::string>& predictors) {
    std::vector<std::string> used = predictors;
    used.push_back(outcomeColumn);
    const auto rows = table.completeRows(used);
    const Eigen::VectorXd y = table.vector(outcomeColumn, rows).unaryExpr(outcome);
    return fitLogistic(table.matrix(predictors, rows), y, predictors);
}

// Expects coefficients, covariance, likelihood summaries and fitted values equal to R's.
void expectMatchesGlm(const LogisticFit& fit, const DataTable& table,
                      const std::vector<std::string>& predictors,
                      const std::vector<std::size_t>& rows, const std::string& tag) {
    const std::string prefix = "logistic_" + tag;
    rgw::test::expectCoefficientsMatch(fit.coefficients, prefix);
    const DataTable summary = rgw::test::regressionReference(prefix + "_summary");
    EXPECT_EQ(static_cast<double>(rows.size()), rgw::test::summaryValue(summary, "n"));
    double likelihood = 0;
    for (const auto& [ours, quantity] :
         {std::pair{fit.logLikelihood, "logLik"}, std::pair{fit.deviance, "deviance"},
          std::pair{fit.nullDeviance, "null_deviance"}, std::pair{fit.aic, "aic"}}) {
        const double ref = rgw::test::summaryValue(summary, quantity);
        likelihood = std::max(likelihood, expectClose(ours, ref, 1e-6, prefix + " " + quantity));
    }
    rgw::test::report(prefix + " log-likelihood, deviances, AIC", likelihood);
    EXPECT_NEAR(fit.nullLogLikelihood, -fit.nullDeviance / 2, 1e-12);

    const Eigen::VectorXd fitted = rgw::stats::predictLogistic(fit, table.matrix(predictors, rows));
    const DataTable fittedTable = rgw::test::regressionReference(prefix + "_fitted");
    const auto& reference = fittedTable.numbers("fitted");
    ASSERT_EQ(reference.size(), rows.size());
    double worst = 0;
    for (std::size_t i = 0; i < rows.size(); ++i)
        worst = std::max(worst, expectClose(fitted(static_cast<Eigen::Index>(i)), reference[i],
                                            1e-8, prefix + " fitted row " + std::to_string(i + 1)));
    rgw::test::report(prefix + " fitted probabilities", worst);
}

void expectWdbc(const std::vector<std::string>& predictors, const std::string& tag) {
    const DataTable wdbc = DataTable::read(rgw::test::tabularFile("wdbc_breast_cancer.csv"));
    const auto rows = wdbc.completeRows(predictors);
    const LogisticFit fit = fitTable(
        wdbc, "malignant", [](double v) { return v; }, predictors);
    expectMatchesGlm(fit, wdbc, predictors, rows, tag);
}

TEST(LogisticRegression, BreastCancerMeanFeaturesEqualGlm) {
    RGW_REQUIRE_TEST_DATA();
    expectWdbc(
        {"mean_radius", "mean_texture", "mean_smoothness", "mean_concave_points", "mean_symmetry"},
        "wdbc_mean");
}

TEST(LogisticRegression, BreastCancerErrorFeaturesEqualGlm) {
    RGW_REQUIRE_TEST_DATA();
    expectWdbc({"mean_texture", "radius_error", "smoothness_error", "concavity_error",
                "mean_fractal_dimension"},
               "wdbc_error");
}

TEST(LogisticRegression, LungDeathEqualsGlmOnCompleteCases) {
    RGW_REQUIRE_TEST_DATA();
    const DataTable lung = DataTable::read(rgw::test::tabularFile("survival_lung.csv"));
    const std::vector<std::string> predictors{"age", "sex", "ph.ecog"};
    const auto rows = lung.completeRows({"age", "sex", "ph.ecog", "status"});
    EXPECT_EQ(rows.size(), 227u); // glm drops the one row without ph.ecog
    const LogisticFit fit = fitTable(
        lung, "status", [](double status) { return status == 2 ? 1.0 : 0.0; }, predictors);
    expectMatchesGlm(fit, lung, predictors, rows, "lung");
}

TEST(LogisticRegression, OddsRatiosAndTheirWaldIntervals) {
    RGW_REQUIRE_TEST_DATA();
    const DataTable lung = DataTable::read(rgw::test::tabularFile("survival_lung.csv"));
    const LogisticFit fit = fitTable(lung, "status", [](double s) { return s == 2 ? 1.0 : 0.0; },
                                     {"age", "sex", "ph.ecog"});
    const auto& table = fit.coefficients;
    const Eigen::Index sex = table.index("sex");
    EXPECT_EQ(sex, 2);
    EXPECT_DOUBLE_EQ(table.ratio(sex), std::exp(table.estimate(sex)));
    const double z975 = 1.959963984540054; // qnorm(0.975)
    EXPECT_NEAR(table.ratioLower(sex),
                std::exp(table.estimate(sex) - z975 * table.standardError(sex)), 1e-12);
    EXPECT_NEAR(table.ratioUpper(sex),
                std::exp(table.estimate(sex) + z975 * table.standardError(sex)), 1e-12);
    EXPECT_LT(table.ratioUpper(sex, 0.9), table.ratioUpper(sex));
    EXPECT_NE(errorOf([&] { (void)table.index("weight"); }).find("'weight'"), std::string::npos);
    EXPECT_FALSE(errorOf([&] { (void)table.ratioLower(sex, 1.5); }).empty());
}

// Twenty rows, x = 1..20, and an outcome that is noisy in the middle.
struct Small {
    Eigen::MatrixXd x = Eigen::VectorXd::LinSpaced(20, 1, 20);
    Eigen::VectorXd y =
        (Eigen::VectorXd(20) << 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 1, 1, 0, 1, 1, 0, 1, 1, 1, 1)
            .finished();
};

TEST(LogisticRegression, CompleteSeparationIsAnErrorThatSuggestsPenalising) {
    Small s;
    const Eigen::VectorXd y = (s.x.col(0).array() > 10.5).cast<double>();
    const std::string message = errorOf([&] { fitLogistic(s.x, y, {"dose"}); });
    EXPECT_NE(message.find("separated"), std::string::npos) << message;
    EXPECT_NE(message.find("penalised"), std::string::npos) << message;
    EXPECT_NE(message.find("'dose'"), std::string::npos) << message;
}

TEST(LogisticRegression, AllThirtyBreastCancerFeaturesSeparateTheClasses) {
    RGW_REQUIRE_TEST_DATA();
    const DataTable wdbc = DataTable::read(rgw::test::tabularFile("wdbc_breast_cancer.csv"));
    std::vector<std::string> features = wdbc.numericColumns();
    features.pop_back(); // malignant
    ASSERT_EQ(features.size(), 30u);
    const std::string message = errorOf([&] {
        fitTable(
            wdbc, "malignant", [](double v) { return v; }, features);
    });
    EXPECT_NE(message.find("separated"), std::string::npos)
        << message; // glm: "fitted probabilities numerically 0 or 1"
}

TEST(LogisticRegression, QuasiCompleteSeparationIsAnError) {
    Small s;
    Eigen::MatrixXd x(20, 2);
    x.col(0) = s.x.col(0);
    x.col(1) = (s.x.col(0).array() > 16).cast<double>(); // every x2 = 1 row has y = 1
    const std::string message = errorOf([&] { fitLogistic(x, s.y, {"dose", "high"}); });
    EXPECT_NE(message.find("separated"), std::string::npos) << message;
    EXPECT_NE(message.find("'high'"), std::string::npos) << message;
}

TEST(LogisticRegression, DegenerateInputIsAnErrorNamingTheCause) {
    Small s;
    Eigen::MatrixXd x(20, 3);
    x << s.x, s.x.array().square(), s.x;
    EXPECT_NE(errorOf([&] {
                  fitLogistic(x, s.y, {"dose", "dose2", "dose_copy"});
              }).find("'dose_copy'"),
              std::string::npos);
    x.col(2).setConstant(3.0);
    EXPECT_NE(errorOf([&] {
                  fitLogistic(x, s.y, {"dose", "dose2", "site"});
              }).find("'site' is constant"),
              std::string::npos);
    x.col(2) = 2.0 * s.x.col(0).array() + 1.0;
    EXPECT_NE(errorOf([&] {
                  fitLogistic(x, s.y, {"dose", "dose2", "lin"});
              }).find("'lin'"),
              std::string::npos);

    Eigen::MatrixXd nan = s.x;
    nan(4, 0) = std::numeric_limits<double>::quiet_NaN();
    const std::string message = errorOf([&] { fitLogistic(nan, s.y, {"dose"}); });
    EXPECT_NE(message.find("'dose' row 5"), std::string::npos) << message;

    Eigen::VectorXd bad = s.y;
    bad(3) = 2;
    EXPECT_NE(errorOf([&] { fitLogistic(s.x, bad, {"dose"}); }).find("not 0 or 1"),
              std::string::npos);
    bad(3) = std::numeric_limits<double>::infinity();
    EXPECT_FALSE(errorOf([&] { fitLogistic(s.x, bad, {"dose"}); }).empty());
    EXPECT_NE(errorOf([&] {
                  fitLogistic(s.x, Eigen::VectorXd::Ones(20), {"dose"});
              }).find("both classes"),
              std::string::npos);
    EXPECT_FALSE(errorOf([&] { fitLogistic(s.x, s.y.head(19), {"dose"}); }).empty());
    EXPECT_FALSE(errorOf([&] { fitLogistic(s.x, s.y, {"dose", "extra"}); }).empty());
    EXPECT_NE(
        errorOf([&] { fitLogistic(s.x.topRows(2), s.y.head(2), {"dose"}); }).find("parameters"),
        std::string::npos);
    const LogisticFit fit = fitLogistic(s.x, s.y, {"dose"});
    EXPECT_FALSE(errorOf([&] { rgw::stats::predictLogistic(fit, x); }).empty());
}

TEST(LogisticRegression, NonConvergenceIsAnError) {
    Small s;
    rgw::stats::LogisticOptions options;
    options.maxIterations = 1;
    const std::string message = errorOf([&] { fitLogistic(s.x, s.y, {"dose"}, options); });
    EXPECT_NE(message.find("did not converge"), std::string::npos) << message;
}

} // namespace
