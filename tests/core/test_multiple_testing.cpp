// Benjamini–Hochberg and Bonferroni against R p.adjust; the reference output
// is written by tests/reference/univariate/make_univariate.R.

#include "ErrorMessage.h"
#include "Reference.h"
#include "stats/DataTable.h"
#include "stats/MultipleTesting.h"
#include "util/Error.h"

#include <cmath>
#include <functional>
#include <gtest/gtest.h>
#include <iostream>
#include <limits>
#include <string>
#include <vector>

namespace {

using rgw::test::errorOf;

using rgw::stats::benjaminiHochberg;
using rgw::stats::bonferroni;

constexpr double kRelative = 1e-10;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

void expectSame(const std::vector<double>& ours, const std::vector<double>& reference,
                const char* what) {
    ASSERT_EQ(ours.size(), reference.size());
    double worst = 0;
    for (std::size_t i = 0; i < ours.size(); ++i) {
        if (std::isnan(reference[i])) {
            EXPECT_TRUE(std::isnan(ours[i])) << what << " " << i;
            continue;
        }
        const double d = std::abs(ours[i] - reference[i]) / reference[i];
        worst = std::max(worst, d);
        EXPECT_LE(d, kRelative) << what << " " << i << ": ours " << ours[i] << ", R "
                                << reference[i];
    }
    std::cout << what << ": max relative difference " << worst << "\n";
}

TEST(MultipleTesting, EqualsRPAdjustWithAMissingPValue) {
    const auto t =
        rgw::stats::DataTable::read(rgw::test::referenceFile("univariate/multiple_testing.csv"));
    const std::vector<double>& p = t.numbers("p");
    ASSERT_TRUE(std::isnan(p[10]));
    expectSame(benjaminiHochberg(p), t.numbers("bh"), "BH");
    expectSame(bonferroni(p), t.numbers("bonferroni"), "Bonferroni");
}

TEST(MultipleTesting, SmallExampleByHand) {
    // m = 4: sorted 0.005, 0.01, 0.03, 0.04 -> 4p/k = 0.02, 0.02, 0.04, 0.04.
    const std::vector<double> p = {0.01, 0.04, 0.03, 0.005};
    const std::vector<double> bh = benjaminiHochberg(p);
    const std::vector<double> want = {0.02, 0.04, 0.04, 0.02};
    for (std::size_t i = 0; i < p.size(); ++i)
        EXPECT_DOUBLE_EQ(bh[i], want[i]);
    EXPECT_EQ(bonferroni({0.3, 0.2}), (std::vector<double>{0.6, 0.4}));
    EXPECT_EQ(bonferroni({0.6, 0.2}), (std::vector<double>{1.0, 0.4}));
}

TEST(MultipleTesting, MissingIsNotCountedAmongTheTests) {
    const std::vector<double> bon = bonferroni({0.01, kNaN, 0.02});
    EXPECT_DOUBLE_EQ(bon[0], 0.02);
    EXPECT_TRUE(std::isnan(bon[1]));
    EXPECT_DOUBLE_EQ(bon[2], 0.04);
    const std::vector<double> bh = benjaminiHochberg({kNaN, 0.02, 0.01});
    EXPECT_TRUE(std::isnan(bh[0]));
    EXPECT_DOUBLE_EQ(bh[1], 0.02);
    EXPECT_DOUBLE_EQ(bh[2], 0.02);
    EXPECT_TRUE(benjaminiHochberg({}).empty());
    EXPECT_TRUE(std::isnan(bonferroni({kNaN})[0]));
}

TEST(MultipleTesting, AValueThatIsNotAProbabilityIsAnError) {
    EXPECT_NE(errorOf([] {
                  benjaminiHochberg({0.1, -0.2});
              }).find("p-value 2 is -0.2"),
              std::string::npos);
    EXPECT_NE(errorOf([] { bonferroni({1.5}); }).find("Bonferroni: p-value 1 is 1.5"),
              std::string::npos);
    EXPECT_NE(errorOf([] {
                  bonferroni({std::numeric_limits<double>::infinity()});
              }).find("not a probability"),
              std::string::npos);
}

} // namespace
