// The two simplest selection steps against their references
// (tests/reference/selection/make_filters.R): near-zero variance equals
// caret::nearZeroVar(freqCut = 95/5, uniqueCut = 10) on columns built on
// each side of both cuts (missing values ignored as caret does); correlation
// redundancy keeps, in univariate-p order, every wdbc feature whose |r| with
// the features already kept is at most the threshold — the base-R
// implementation of that rule, at 0.8, 0.9 and 0.95.
#include "Reference.h"
#include "SelectionTestSupport.h"
#include "TestData.h"
#include "modeling/FeatureSelection.h"
#include "stats/DataTable.h"

#include <gtest/gtest.h>
#include <sstream>

using namespace rgw;
using modeling::SelectionKind;
using modeling::SelectionStep;

namespace {

std::vector<std::string> splitNames(const std::string& text) {
    std::vector<std::string> out;
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, ';'))
        out.push_back(item);
    return out;
}

} // namespace

TEST(SelectionFilters, NearZeroVarianceEqualsCaret) {
    const auto input = stats::DataTable::read(test::referenceFile("selection/nzv_input.csv"));
    const auto caret = stats::DataTable::read(test::referenceFile("selection/nzv_caret.csv"));
    const std::vector<std::string>& names = input.columnNames();
    const Eigen::MatrixXd x = input.matrix(names, test::allRows(input));
    modeling::Outcome y; // not read by this step
    y.kind = modeling::ModelKind::Logistic;
    const auto kept =
        modeling::selectFeatures({SelectionKind::NearZeroVariance, 95.0 / 5.0, 0, {}}, x, y);
    ASSERT_EQ(caret.rows(), names.size());
    for (std::size_t r = 0; r < caret.rows(); ++r) {
        const auto j = static_cast<Eigen::Index>(r);
        ASSERT_EQ(caret.text("feature")[r], names[r]);
        const bool dropped = std::find(kept.begin(), kept.end(), j) == kept.end();
        EXPECT_EQ(dropped, caret.numbers("nzv")[r] == 1.0) << names[r];
    }
}

TEST(SelectionFilters, CorrelationRedundancyKeepsTheMoreRelevantAsTheReference) {
    RGW_REQUIRE_TEST_DATA();
    const test::SelectionTable wdbc = test::wdbcTable();
    const auto expected =
        stats::DataTable::read(test::referenceFile("selection/correlation_wdbc.csv"));
    ASSERT_EQ(expected.rows(), 3u);
    for (std::size_t r = 0; r < expected.rows(); ++r) {
        const double threshold = expected.numbers("threshold")[r];
        SelectionStep step{SelectionKind::Correlation, threshold, 0, {}};
        step.test = modeling::UnivariateTest::MannWhitney;
        std::vector<std::string> kept;
        for (const Eigen::Index j : modeling::selectFeatures(step, wdbc.x, wdbc.y))
            kept.push_back(wdbc.features[static_cast<std::size_t>(j)]);
        EXPECT_EQ(kept, splitNames(expected.text("kept")[r])) << "threshold " << threshold;
        EXPECT_LT(kept.size(), wdbc.features.size());
    }
}
