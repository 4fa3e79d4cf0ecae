#include "Reference.h"
#include "stats/DataTable.h"
#include "stats/MultinomialRegression.h"
#include "util/Error.h"

#include <gtest/gtest.h>

namespace {

using rgw::stats::DataTable;

// nnet::multinom's baseline-category model on R's lung data
// (tests/reference/multinomial/make_multinomial.R).
TEST(MultinomialRegression, EqualsNnetMultinomOnLung) {
    RGW_REQUIRE_TEST_DATA();
    const DataTable lung = DataTable::read(rgw::test::tabularFile("survival_lung.csv"));
    const std::vector<std::string> features{"age", "sex", "pat.karno", "wt.loss"};
    std::vector<std::string> used = features;
    used.push_back("ph.ecog");
    std::vector<std::size_t> rows;
    for (const std::size_t r : lung.completeRows(used))
        if (lung.numbers("ph.ecog")[r] <= 2.0)
            rows.push_back(r);
    std::vector<int> classOf;
    for (const std::size_t r : rows)
        classOf.push_back(static_cast<int>(lung.numbers("ph.ecog")[r]));

    const auto fit = rgw::stats::fitMultinomial(lung.matrix(features, rows), classOf, 3, features);

    const DataTable summary =
        DataTable::read(rgw::test::referenceFile("multinomial/multinomial_lung_summary.csv"));
    EXPECT_EQ(static_cast<double>(rows.size()), summary.numbers("value")[0]);
    EXPECT_NEAR(fit.logLikelihood, summary.numbers("value")[1], 1e-8);

    const DataTable ref =
        DataTable::read(rgw::test::referenceFile("multinomial/multinomial_lung.csv"));
    ASSERT_EQ(ref.rows(), 10u);
    double worstEstimate = 0, worstSe = 0;
    for (std::size_t r = 0; r < ref.rows(); ++r) {
        const auto& table =
            fit.coefficients.at(static_cast<std::size_t>(ref.numbers("class")[r]) - 1);
        const Eigen::Index i = table.index(ref.text("term")[r]);
        worstEstimate =
            std::max(worstEstimate, std::abs(table.estimate(i) - ref.numbers("estimate")[r]));
        worstSe = std::max(worstSe, std::abs(table.standardError(i) - ref.numbers("std_error")[r]));
    }
    EXPECT_LT(worstEstimate, 1e-6);
    EXPECT_LT(worstSe, 1e-6);
    std::printf("max |difference| to multinom: estimates %.2e, standard errors %.2e\n",
                worstEstimate, worstSe);

    const Eigen::MatrixXd p = rgw::stats::predictMultinomial(fit, lung.matrix(features, rows));
    EXPECT_NEAR(p.row(0).sum(), 1.0, 1e-14);
}

TEST(MultinomialRegression, RefusesSeparationAndEmptyClasses) {
    Eigen::MatrixXd x(9, 1);
    x << 1, 2, 3, 4, 5, 6, 7, 8, 9;
    EXPECT_THROW(rgw::stats::fitMultinomial(x, {0, 0, 0, 1, 1, 1, 2, 2, 2}, 3, {"x"}), rgw::Error);
    EXPECT_THROW(rgw::stats::fitMultinomial(x, {0, 0, 0, 0, 0, 1, 1, 1, 1}, 3, {"x"}), rgw::Error);
    x(4, 0) = std::numeric_limits<double>::infinity();
    EXPECT_THROW(rgw::stats::fitMultinomial(x, {0, 1, 2, 0, 1, 2, 0, 1, 2}, 3, {"x"}), rgw::Error);
}

} // namespace
