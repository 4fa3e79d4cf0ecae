// Logistic elastic-net paths against R glmnet 4.1.6
// (tests/reference/glmnet/make_glmnet.R): wdbc, malignant ~ 30 features.

#include "GlmnetTestSupport.h"
#include "TestData.h"
#include "stats/Glmnet.h"
#include "util/Error.h"

#include <gtest/gtest.h>
#include <limits>

using namespace rgw;
using namespace rgw::test::glmnet;

namespace {

void expectBinomialPath(const char* name, double alpha) {
    const Data d = wdbc();
    const auto fit = stats::fitGlmnetBinomial(d.x, d.y, tightOptions(alpha));
    const auto ref = readPath(std::string(name) + ".csv", d.features);
    expectPathEquals(fit, ref, name);
    EXPECT_EQ(fit.df, ref.df);
    EXPECT_NEAR(fit.nullDeviance, referenceValue(std::string(name) + "_summary.csv", "nulldev"),
                1e-9 * fit.nullDeviance);
    EXPECT_TRUE(fit.converged);
}

} // namespace

TEST(GlmnetBinomial, LassoPathEqualsGlmnet) {
    RGW_REQUIRE_TEST_DATA();
    expectBinomialPath("binomial_lasso", 1.0);
}

TEST(GlmnetBinomial, ElasticNetPathEqualsGlmnet) {
    RGW_REQUIRE_TEST_DATA();
    expectBinomialPath("binomial_enet", 0.5);
}

TEST(GlmnetBinomial, RidgePathEqualsGlmnet) {
    RGW_REQUIRE_TEST_DATA();
    expectBinomialPath("binomial_ridge", 0.0);
}

TEST(GlmnetBinomial, UserLambdasAreFittedInDecreasingOrder) {
    RGW_REQUIRE_TEST_DATA();
    const Data d = wdbc();
    const auto ref = readPath("binomial_lasso.csv", d.features);
    auto options = tightOptions(1.0);
    options.lambda = {ref.lambda[40], ref.lambda[10], ref.lambda[25]};
    const auto fit = stats::fitGlmnetBinomial(d.x, d.y, options);
    ASSERT_EQ(fit.lambda.size(), 3u);
    EXPECT_EQ(fit.lambda[0], ref.lambda[10]);
    EXPECT_EQ(fit.lambda[2], ref.lambda[40]);
    // Exact optima at these lambdas, whatever the warm starts.
    EXPECT_LT((fit.beta.col(0) - ref.beta.col(10)).cwiseAbs().maxCoeff(), 1e-4);
    EXPECT_LT((fit.beta.col(1) - ref.beta.col(25)).cwiseAbs().maxCoeff(), 1e-4);
    EXPECT_LT((fit.beta.col(2) - ref.beta.col(40)).cwiseAbs().maxCoeff(), 1e-4);
}

TEST(GlmnetBinomial, LinearPredictorIsInterceptPlusXBeta) {
    RGW_REQUIRE_TEST_DATA();
    const Data d = wdbc();
    const auto fit = stats::fitGlmnetBinomial(d.x, d.y);
    const Eigen::MatrixXd eta = stats::glmnetLinearPredictor(fit, d.x);
    ASSERT_EQ(eta.rows(), d.x.rows());
    ASSERT_EQ(eta.cols(), static_cast<Eigen::Index>(fit.lambda.size()));
    const Eigen::Index last = eta.cols() - 1;
    EXPECT_NEAR(eta(3, last), fit.intercept(last) + d.x.row(3).dot(fit.beta.col(last)), 1e-9);
}

TEST(GlmnetBinomial, BadInputIsAClearError) {
    Eigen::MatrixXd x(6, 2);
    x << 1, 2, 2, 1, 3, 5, 4, 3, 5, 4, 6, 7;
    Eigen::VectorXd y(6);
    y << 0, 1, 0, 1, 1, 0;
    EXPECT_NO_THROW(stats::fitGlmnetBinomial(x, y));
    EXPECT_THROW(stats::fitGlmnetBinomial(x, y.head(5)), Error);
    Eigen::VectorXd two = y;
    two(0) = 2;
    EXPECT_THROW(stats::fitGlmnetBinomial(x, two), Error);
    Eigen::VectorXd oneCase = Eigen::VectorXd::Zero(6);
    oneCase(2) = 1;
    EXPECT_THROW(stats::fitGlmnetBinomial(x, oneCase), Error);
    Eigen::MatrixXd bad = x;
    bad(1, 1) = std::numeric_limits<double>::quiet_NaN();
    EXPECT_THROW(stats::fitGlmnetBinomial(bad, y), Error);
    stats::GlmnetOptions options;
    options.alpha = 1.5;
    EXPECT_THROW(stats::fitGlmnetBinomial(x, y, options), Error);
    options = {};
    options.penaltyFactor = {1.0};
    EXPECT_THROW(stats::fitGlmnetBinomial(x, y, options), Error);
    options = {};
    options.lambda = {0.1, -1.0};
    EXPECT_THROW(stats::fitGlmnetBinomial(x, y, options), Error);
}

TEST(GlmnetBinomial, ConstantColumnGetsZeroCoefficient) {
    Eigen::MatrixXd x(8, 2);
    x << 1, 3, 2, 3, 3, 3, 4, 3, 5, 3, 6, 3, 7, 3, 8, 3;
    Eigen::VectorXd y(8);
    y << 0, 0, 1, 0, 1, 0, 1, 1;
    const auto fit = stats::fitGlmnetBinomial(x, y);
    EXPECT_TRUE((fit.beta.row(1).array() == 0.0).all());
    EXPECT_GT(fit.beta(0, static_cast<Eigen::Index>(fit.lambda.size()) - 1), 0.0);
}

TEST(GlmnetBinomial, PenaltyFactorsAreRescaledAndZeroMeansUnpenalised) {
    RGW_REQUIRE_TEST_DATA();
    const Data d = wdbc();
    auto options = tightOptions(1.0);
    options.nlambda = 20;
    const auto plain = stats::fitGlmnetBinomial(d.x, d.y, options);
    options.penaltyFactor.assign(d.features.size(), 2.0); // rescaled to sum to p: same fit
    const auto doubled = stats::fitGlmnetBinomial(d.x, d.y, options);
    ASSERT_EQ(plain.lambda.size(), doubled.lambda.size());
    EXPECT_LT((plain.beta - doubled.beta).cwiseAbs().maxCoeff(), 1e-12);
    options.penaltyFactor.assign(d.features.size(), 1.0);
    options.penaltyFactor[1] = 0.0; // mean_texture unpenalised: in the model from the start
    const auto free = stats::fitGlmnetBinomial(d.x, d.y, options);
    EXPECT_NE(free.beta(1, 0), 0.0);
    EXPECT_EQ(plain.beta(1, 0), 0.0);
}
