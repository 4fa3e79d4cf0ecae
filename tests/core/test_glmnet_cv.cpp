// cv.glmnet with fixed folds against R glmnet 4.1.6
// (tests/reference/glmnet/make_glmnet.R): binomial deviance on wdbc, Cox
// partial-likelihood deviance on lung, multinomial deviance on lung ph.ecog.

#include "GlmnetTestSupport.h"
#include "TestData.h"
#include "stats/Glmnet.h"
#include "util/Cancel.h"
#include "util/Error.h"

#include <gtest/gtest.h>

using namespace rgw;
using namespace rgw::test::glmnet;

namespace {

std::vector<int> folds(const std::string& family) {
    const auto table =
        stats::DataTable::read(test::referenceFile("glmnet/cv_" + family + "_folds.csv"));
    std::vector<int> out;
    for (double f : table.numbers("fold"))
        out.push_back(static_cast<int>(f));
    return out;
}

stats::GlmnetCvResult runCv(stats::GlmnetFamily family, const Data& d, const std::string& name,
                            unsigned threads = 0) {
    const std::vector<int> foldId = folds(name);
    const Eigen::VectorXd& y = family == stats::GlmnetFamily::Cox ? d.time : d.y;
    return stats::cvGlmnet(family, d.x, y, d.event, d.classOf, 3, foldId, tightOptions(1.0),
                           threads);
}

/// cvm and cvsd within 1e-4 relative, lambda.min and lambda.1se equal.
void expectCvEquals(const stats::GlmnetCvResult& cv, const std::string& name) {
    const auto table = stats::DataTable::read(test::referenceFile("glmnet/cv_" + name + ".csv"));
    const auto& lambda = table.numbers("lambda");
    const auto& cvm = table.numbers("cvm");
    const auto& cvsd = table.numbers("cvsd");
    ASSERT_EQ(cv.cvm.size(), cvm.size()) << name;
    EXPECT_LT(maxRelativeDifference(cv.fit.lambda, lambda), 1e-10) << name;
    const double cvmDiff = maxRelativeDifference(cv.cvm, cvm);
    const double cvsdDiff = maxRelativeDifference(cv.cvsd, cvsd);
    EXPECT_LT(cvmDiff, 1e-4) << name;
    EXPECT_LT(cvsdDiff, 1e-4) << name;
    const std::string summary = "cv_" + name + "_summary.csv";
    EXPECT_EQ(cv.indexMin + 1, static_cast<std::size_t>(referenceValue(summary, "index_min")));
    EXPECT_EQ(cv.index1se + 1, static_cast<std::size_t>(referenceValue(summary, "index_1se")));
    EXPECT_NEAR(cv.lambdaMin, referenceValue(summary, "lambda_min"), 1e-10 * cv.lambdaMin);
    EXPECT_NEAR(cv.lambda1se, referenceValue(summary, "lambda_1se"), 1e-10 * cv.lambda1se);
    std::cout << "cv " << name << ": L = " << cv.cvm.size() << ", max rel diff cvm " << cvmDiff
              << ", cvsd " << cvsdDiff << ", index min " << cv.indexMin + 1 << ", 1se "
              << cv.index1se + 1 << "\n";
}

} // namespace

TEST(GlmnetCv, BinomialDevianceEqualsCvGlmnet) {
    RGW_REQUIRE_TEST_DATA();
    expectCvEquals(runCv(stats::GlmnetFamily::Binomial, wdbc(), "binomial"), "binomial");
}

TEST(GlmnetCv, CoxDevianceEqualsCvGlmnet) {
    RGW_REQUIRE_TEST_DATA();
    expectCvEquals(runCv(stats::GlmnetFamily::Cox, lungCox(), "cox"), "cox");
}

TEST(GlmnetCv, MultinomialDevianceEqualsCvGlmnet) {
    RGW_REQUIRE_TEST_DATA();
    expectCvEquals(runCv(stats::GlmnetFamily::Multinomial, lungMultinomial(), "multinomial"),
                   "multinomial");
}

TEST(GlmnetCv, SameResultForEveryThreadCountAndRun) {
    RGW_REQUIRE_TEST_DATA();
    const Data d = lungCox();
    const auto one = runCv(stats::GlmnetFamily::Cox, d, "cox", 1);
    const auto two = runCv(stats::GlmnetFamily::Cox, d, "cox", 2);
    const auto again = runCv(stats::GlmnetFamily::Cox, d, "cox", 2);
    for (const auto* other : {&two, &again}) {
        EXPECT_EQ(one.cvm, other->cvm); // bit-identical
        EXPECT_EQ(one.cvsd, other->cvsd);
        EXPECT_EQ(one.fit.lambda, other->fit.lambda);
        EXPECT_EQ(one.indexMin, other->indexMin);
        EXPECT_EQ(one.index1se, other->index1se);
    }
    const Data w = wdbc(); // glmnet's default threshold here, to keep the test quick
    const auto binomial = [&](unsigned threads) {
        return stats::cvGlmnet(stats::GlmnetFamily::Binomial, w.x, w.y, {}, {}, 0,
                               folds("binomial"), {}, threads);
    };
    const auto b1 = binomial(1);
    const auto b2 = binomial(2);
    EXPECT_EQ(b1.cvm, b2.cvm);
    EXPECT_EQ(b1.cvsd, b2.cvsd);
}

TEST(GlmnetCv, CancelledRunIsAnError) {
    RGW_REQUIRE_TEST_DATA();
    const Data d = lungCox();
    CancelToken token;
    token.cancel();
    EXPECT_THROW(stats::cvGlmnet(stats::GlmnetFamily::Cox, d.x, d.time, d.event, {}, 0,
                                 folds("cox"), {}, 2, &token),
                 Error);
}

TEST(GlmnetCv, BadFoldsAreAClearError) {
    Eigen::MatrixXd x(8, 2);
    x << 1, 2, 2, 1, 3, 5, 4, 3, 5, 4, 6, 7, 2, 2, 7, 1;
    Eigen::VectorXd y(8);
    y << 0, 1, 0, 1, 1, 0, 1, 0;
    const Eigen::VectorXd none;
    EXPECT_THROW(stats::cvGlmnet(stats::GlmnetFamily::Binomial, x, y, none, {}, 0,
                                 {1, 2, 1, 2, 1, 2, 1, 2}, {}),
                 Error); // 2 folds
    EXPECT_THROW(stats::cvGlmnet(stats::GlmnetFamily::Binomial, x, y, none, {}, 0,
                                 {1, 2, 3, 1, 2, 3, 1}, {}),
                 Error); // wrong length
    EXPECT_THROW(stats::cvGlmnet(stats::GlmnetFamily::Binomial, x, y, none, {}, 0,
                                 {1, 2, 4, 1, 2, 4, 1, 2}, {}),
                 Error); // fold 3 empty
    EXPECT_THROW(stats::cvGlmnet(stats::GlmnetFamily::Binomial, x, y.head(7), none, {}, 0,
                                 {1, 2, 3, 1, 2, 3, 1, 2}, {}),
                 Error);
}
