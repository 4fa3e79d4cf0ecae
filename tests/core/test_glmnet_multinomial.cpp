// Multinomial (ungrouped) elastic-net paths against R glmnet 4.1.6
// (tests/reference/glmnet/make_glmnet.R): lung, ph.ecog 0/1/2 ~ age, sex,
// ph.karno, pat.karno, meal.cal, wt.loss (complete cases, ph.ecog 3 dropped).

#include "GlmnetTestSupport.h"
#include "TestData.h"
#include "stats/Glmnet.h"
#include "util/Error.h"

#include <gtest/gtest.h>

using namespace rgw;
using namespace rgw::test::glmnet;

namespace {

void expectMultinomialPath(const char* name, double alpha) {
    const Data d = lungMultinomial();
    ASSERT_EQ(d.x.rows(), 167);
    const auto fit = stats::fitGlmnetMultinomial(d.x, d.classOf, 3, tightOptions(alpha));
    ASSERT_EQ(fit.classBeta.size(), 3u);
    for (int c = 0; c < 3; ++c) {
        const auto ref = readPath(std::string(name) + ".csv", d.features, std::to_string(c));
        stats::GlmnetPath classPath = fit;
        classPath.beta = fit.classBeta[static_cast<std::size_t>(c)];
        classPath.intercept = fit.classIntercept.row(c).transpose();
        expectPathEquals(classPath, ref, std::string(name) + " class " + std::to_string(c));
        EXPECT_EQ(fit.df, ref.df);
    }
    EXPECT_NEAR(fit.nullDeviance, referenceValue(std::string(name) + "_summary.csv", "nulldev"),
                1e-9 * fit.nullDeviance);
    EXPECT_TRUE(fit.converged);
}

} // namespace

TEST(GlmnetMultinomial, LassoPathEqualsGlmnet) {
    RGW_REQUIRE_TEST_DATA();
    expectMultinomialPath("multinomial_lasso", 1.0);
}

TEST(GlmnetMultinomial, ElasticNetPathEqualsGlmnet) {
    RGW_REQUIRE_TEST_DATA();
    expectMultinomialPath("multinomial_enet", 0.5);
}

TEST(GlmnetMultinomial, ProbabilitiesSumToOne) {
    RGW_REQUIRE_TEST_DATA();
    const Data d = lungMultinomial();
    const auto fit = stats::fitGlmnetMultinomial(d.x, d.classOf, 3);
    const auto prob = stats::glmnetClassProbabilities(fit, d.x);
    ASSERT_EQ(prob.size(), fit.lambda.size());
    for (const auto& pm : prob) {
        ASSERT_EQ(pm.rows(), d.x.rows());
        ASSERT_EQ(pm.cols(), 3);
        EXPECT_LT((pm.rowwise().sum().array() - 1.0).abs().maxCoeff(), 1e-12);
    }
    // At the first lambda (null model) the probabilities are the class shares.
    EXPECT_NEAR(prob[0](0, 1), 81.0 / 167.0, 1e-9);
    EXPECT_THROW(stats::glmnetLinearPredictor(fit, d.x), Error);
}

TEST(GlmnetMultinomial, BadInputIsAClearError) {
    Eigen::MatrixXd x(7, 2);
    x << 1, 2, 2, 1, 3, 5, 4, 3, 5, 4, 6, 7, 2, 2;
    const std::vector<int> classes{0, 1, 2, 0, 1, 2, 2};
    EXPECT_NO_THROW(stats::fitGlmnetMultinomial(x, classes, 3));
    EXPECT_THROW(stats::fitGlmnetMultinomial(x, {0, 1, 2}, 3), Error);
    EXPECT_THROW(stats::fitGlmnetMultinomial(x, {0, 1, 3, 0, 1, 2, 2}, 3), Error);
    EXPECT_THROW(stats::fitGlmnetMultinomial(x, {0, 1, 1, 0, 1, 2, 1}, 3), Error);
    EXPECT_THROW(stats::fitGlmnetMultinomial(x, classes, 1), Error);
}
