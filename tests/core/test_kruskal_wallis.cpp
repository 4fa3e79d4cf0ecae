#include "Reference.h"
#include "stats/DataTable.h"
#include "stats/KruskalWallis.h"
#include "util/Error.h"

#include <gtest/gtest.h>

namespace {

using rgw::stats::DataTable;

// R's kruskal.test on lung, every numeric column by ph.ecog
// (tests/reference/kruskal_wallis/make_kruskal_wallis.R).
TEST(KruskalWallis, EqualsRKruskalTest) {
    RGW_REQUIRE_TEST_DATA();
    const DataTable lung = DataTable::read(rgw::test::tabularFile("survival_lung.csv"));
    const DataTable ref =
        DataTable::read(rgw::test::referenceFile("kruskal_wallis/kruskal_wallis_lung.csv"));
    ASSERT_EQ(ref.rows(), 6u);
    for (std::size_t r = 0; r < ref.rows(); ++r) {
        const std::string variable = ref.text("variable")[r];
        const auto rows = lung.completeRows({variable, "ph.ecog"});
        std::vector<int> group;
        for (const std::size_t i : rows)
            group.push_back(static_cast<int>(lung.numbers("ph.ecog")[i]));
        const auto test = rgw::stats::kruskalWallis(lung.vector(variable, rows), group);
        EXPECT_NEAR(test.statistic, ref.numbers("statistic")[r],
                    1e-10 * ref.numbers("statistic")[r])
            << variable;
        EXPECT_EQ(test.df, static_cast<int>(ref.numbers("df")[r])) << variable;
        EXPECT_NEAR(test.p, ref.numbers("p")[r], 1e-10 * ref.numbers("p")[r] + 1e-300) << variable;
    }
}

TEST(KruskalWallis, LeavesOutMissingAndNeedsTwoGroups) {
    Eigen::VectorXd v(5);
    v << 1, 2, std::numeric_limits<double>::quiet_NaN(), 4, 5;
    EXPECT_THROW(rgw::stats::kruskalWallis(v, {0, 0, 1, 0, 0}), rgw::Error);
    const auto test = rgw::stats::kruskalWallis(v, {0, 0, 1, 1, 1});
    EXPECT_EQ(test.df, 1);
}

} // namespace
