// Cox elastic-net paths against R glmnet 4.1.6
// (tests/reference/glmnet/make_glmnet.R): lung complete cases,
// Surv(time, status == 2) ~ 7 clinical covariates, Breslow ties.

#include "GlmnetTestSupport.h"
#include "TestData.h"
#include "stats/Glmnet.h"
#include "util/Error.h"

#include <gtest/gtest.h>

using namespace rgw;
using namespace rgw::test::glmnet;

namespace {

void expectCoxPath(const char* name, double alpha) {
    const Data d = lungCox();
    ASSERT_EQ(d.x.rows(), 168);
    const auto fit = stats::fitGlmnetCox(d.x, d.time, d.event, tightOptions(alpha));
    const auto ref = readPath(std::string(name) + ".csv", d.features);
    expectPathEquals(fit, ref, name);
    EXPECT_EQ(fit.df, ref.df);
    EXPECT_TRUE((fit.intercept.array() == 0.0).all());
    EXPECT_NEAR(fit.nullDeviance, referenceValue(std::string(name) + "_summary.csv", "nulldev"),
                1e-9 * fit.nullDeviance);
    EXPECT_TRUE(fit.converged);
}

} // namespace

TEST(GlmnetCox, LassoPathEqualsGlmnet) {
    RGW_REQUIRE_TEST_DATA();
    expectCoxPath("cox_lasso", 1.0);
}

TEST(GlmnetCox, ElasticNetPathEqualsGlmnet) {
    RGW_REQUIRE_TEST_DATA();
    expectCoxPath("cox_enet", 0.5);
}

TEST(GlmnetCox, TimeScaleDoesNotMatter) {
    RGW_REQUIRE_TEST_DATA();
    // Only the order of the times enters the partial likelihood (the
    // reference was computed with the time in years).
    const Data d = lungCox();
    const auto days = stats::fitGlmnetCox(d.x, d.time, d.event, tightOptions(1.0));
    const Eigen::VectorXd years = d.time / 365.25;
    const auto inYears = stats::fitGlmnetCox(d.x, years, d.event, tightOptions(1.0));
    ASSERT_EQ(days.lambda.size(), inYears.lambda.size());
    EXPECT_LT((days.beta - inYears.beta).cwiseAbs().maxCoeff(), 1e-10);
}

TEST(GlmnetCox, LinearPredictorIsXBeta) {
    RGW_REQUIRE_TEST_DATA();
    const Data d = lungCox();
    const auto fit = stats::fitGlmnetCox(d.x, d.time, d.event);
    const Eigen::MatrixXd eta = stats::glmnetLinearPredictor(fit, d.x);
    const Eigen::Index last = eta.cols() - 1;
    EXPECT_NEAR(eta(5, last), d.x.row(5).dot(fit.beta.col(last)), 1e-12);
}

TEST(GlmnetCox, BadInputIsAClearError) {
    Eigen::MatrixXd x(6, 2);
    x << 1, 2, 2, 1, 3, 5, 4, 3, 5, 4, 6, 7;
    Eigen::VectorXd time(6), event(6);
    time << 5, 8, 3, 9, 12, 4;
    event << 1, 0, 1, 1, 0, 1;
    EXPECT_NO_THROW(stats::fitGlmnetCox(x, time, event));
    EXPECT_THROW(stats::fitGlmnetCox(x, time.head(5), event.head(5)), Error);
    EXPECT_THROW(stats::fitGlmnetCox(x, time, event.head(5)), Error);
    Eigen::VectorXd negative = time;
    negative(2) = -1;
    EXPECT_THROW(stats::fitGlmnetCox(x, negative, event), Error);
    Eigen::VectorXd badEvent = event;
    badEvent(0) = 2;
    EXPECT_THROW(stats::fitGlmnetCox(x, time, badEvent), Error);
    EXPECT_THROW(stats::fitGlmnetCox(x, time, Eigen::VectorXd::Zero(6)), Error);
}
