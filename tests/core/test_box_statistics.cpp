// Box-plot statistics equal R's fivenum / boxplot.stats (Tukey hinges,
// whiskers within 1.5 IQR, outliers in input order) on the samples of
// tests/reference/boxplot/make_boxplot.R: odd and even sizes, ties, outliers
// on both sides, one and two values. Missing values are left out.
#include "Reference.h"
#include "stats/BoxStatistics.h"
#include "stats/DataTable.h"
#include "util/Error.h"

#include <cmath>
#include <gtest/gtest.h>
#include <limits>
#include <map>
#include <sstream>

using namespace rgw;

namespace {

std::vector<double> splitNumbers(const std::string& text) {
    std::vector<double> out;
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, ';'))
        if (!item.empty())
            out.push_back(std::stod(item));
    return out;
}

} // namespace

TEST(BoxStatistics, EqualRsBoxplotStats) {
    const auto input = stats::DataTable::read(test::referenceFile("boxplot/boxplot_input.csv"));
    std::map<std::string, std::vector<double>> samples;
    for (std::size_t r = 0; r < input.rows(); ++r)
        samples[input.text("sample")[r]].push_back(input.numbers("value")[r]);
    const auto expected = stats::DataTable::read(test::referenceFile("boxplot/boxplot_stats.csv"));
    ASSERT_EQ(expected.rows(), 7u);
    for (std::size_t r = 0; r < expected.rows(); ++r) {
        const std::string name = expected.text("sample")[r];
        std::vector<double> x = samples.at(name);
        x.push_back(std::numeric_limits<double>::quiet_NaN()); // missing: left out
        const stats::BoxStatistics box = stats::boxStatistics(x);
        EXPECT_EQ(box.n, static_cast<std::size_t>(expected.numbers("n")[r])) << name;
        EXPECT_EQ(box.lowerWhisker, expected.numbers("stat1")[r]) << name;
        EXPECT_EQ(box.lowerHinge, expected.numbers("stat2")[r]) << name;
        EXPECT_EQ(box.median, expected.numbers("stat3")[r]) << name;
        EXPECT_EQ(box.upperHinge, expected.numbers("stat4")[r]) << name;
        EXPECT_EQ(box.upperWhisker, expected.numbers("stat5")[r]) << name;
        EXPECT_EQ(box.outliers, splitNumbers(expected.text("outliers")[r])) << name;
        const auto five = stats::fiveNumbers(x);
        EXPECT_EQ(five[1], box.lowerHinge) << name;
    }
}

TEST(BoxStatistics, RefusesEmptyAndInfiniteInput) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    EXPECT_THROW(stats::boxStatistics({}), Error);
    EXPECT_THROW(stats::boxStatistics({nan, nan}), Error);
    EXPECT_THROW(stats::boxStatistics({1.0, std::numeric_limits<double>::infinity()}), Error);
    EXPECT_THROW(stats::boxStatistics({1.0, 2.0}, 0.0), Error);
}
