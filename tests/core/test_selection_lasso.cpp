// LASSO / elastic-net selection against cv.glmnet with the same fold ids
// (tests/reference/selection/make_selection.R writes them): the features
// with non-zero coefficients at lambda.min and lambda.1se, exactly.

#include "SelectionTestSupport.h"
#include "modeling/FeatureSelection.h"
#include "modeling/LassoSelection.h"
#include "util/Error.h"

#include <gtest/gtest.h>
#include <limits>

namespace {

using namespace rgw::modeling;
using rgw::stats::DataTable;
using rgw::test::SelectionTable;

std::vector<Eigen::Index> selectedInR(const char* referenceCsv, const char* column) {
    const DataTable ref = DataTable::read(rgw::test::referenceFile(referenceCsv));
    std::vector<Eigen::Index> kept;
    for (std::size_t j = 0; j < ref.rows(); ++j)
        if (ref.numbers(column)[j] == 1.0)
            kept.push_back(static_cast<Eigen::Index>(j));
    return kept;
}

void expectSetsOfR(const SelectionTable& t, double alpha, const char* referenceCsv) {
    const DataTable ref = DataTable::read(rgw::test::referenceFile(referenceCsv));
    ASSERT_EQ(ref.text("feature"), t.features);
    EXPECT_EQ(lassoSelection(t.x, t.y, alpha, LambdaRule::Min, t.fold),
              selectedInR(referenceCsv, "selected_min"))
        << referenceCsv << " lambda.min";
    EXPECT_EQ(lassoSelection(t.x, t.y, alpha, LambdaRule::OneStandardError, t.fold),
              selectedInR(referenceCsv, "selected_1se"))
        << referenceCsv << " lambda.1se";
}

TEST(LassoSelection, BinomialSetsEqualCvGlmnet) {
    RGW_REQUIRE_TEST_DATA();
    const SelectionTable t = rgw::test::wdbcTable();
    expectSetsOfR(t, 1.0, "selection/lasso_binomial.csv");
    expectSetsOfR(t, 0.5, "selection/lasso_binomial_enet.csv");
}

TEST(LassoSelection, MultinomialUnionOverClassesEqualsCvGlmnet) {
    expectSetsOfR(rgw::test::synthetic3Table(), 1.0, "selection/lasso_multinomial.csv");
}

TEST(LassoSelection, CoxSetsEqualCvGlmnet) {
    expectSetsOfR(rgw::test::lungTable(), 1.0, "selection/lasso_cox.csv");
}

TEST(LassoSelection, StepDrawsSeededStratifiedFolds) {
    const SelectionTable t = rgw::test::synthetic3Table();
    SelectionStep step;
    step.kind = SelectionKind::Lasso;
    step.innerFolds = 5;
    step.seed = 42;
    const std::vector<Eigen::Index> chosen = selectFeatures(step, t.x, t.y);
    EXPECT_EQ(chosen, lassoSelection(t.x, t.y, 1.0, LambdaRule::Min, lassoFolds(t.y, 5, 42)));
    EXPECT_EQ(selectFeatures(step, t.x, t.y), chosen); // same seed, same set
    const std::vector<int> folds = lassoFolds(t.y, 5, 42);
    EXPECT_EQ(*std::min_element(folds.begin(), folds.end()), 1);
    EXPECT_EQ(*std::max_element(folds.begin(), folds.end()), 5);
}

TEST(LassoSelection, RefusesBadInput) {
    const SelectionTable t = rgw::test::synthetic3Table();
    EXPECT_THROW(lassoSelection(t.x, t.y, 0.0, LambdaRule::Min, t.fold), rgw::Error);
    EXPECT_THROW(lassoSelection(t.x, t.y, 1.5, LambdaRule::Min, t.fold), rgw::Error);
    std::vector<int> shortFolds(t.fold.begin(), t.fold.end() - 1);
    EXPECT_THROW(lassoSelection(t.x, t.y, 1.0, LambdaRule::Min, shortFolds), rgw::Error);
    Eigen::MatrixXd bad = t.x;
    bad(7, 0) = std::numeric_limits<double>::quiet_NaN();
    EXPECT_THROW(lassoSelection(bad, t.y, 1.0, LambdaRule::Min, t.fold), rgw::Error);
    EXPECT_THROW(lassoFolds(t.y, 2, 1), rgw::Error);
    SelectionStep step;
    step.kind = SelectionKind::Lasso;
    step.innerFolds = 1;
    EXPECT_THROW(selectFeatures(step, t.x, t.y), rgw::Error);
}

} // namespace
