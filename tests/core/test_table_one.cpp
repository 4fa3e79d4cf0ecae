// "Table 1" of the study report (report/TableOne.h) and the contingency tests
// under it (stats/ContingencyTests.h) against base R on a seeded synthetic
// cohort (tests/reference/table_one/make_table_one.R): quantile(type = 7),
// mean, sd, wilcox.test (R's default choice of exact or normal), chisq.test
// (Yates for 2 x 2) and fisher.test. Every comparison is to 1e-9 (relative for the statistics,
// absolute for p); the largest deviation is printed.
#include "Reference.h"
#include "report/TableOne.h"
#include "stats/ContingencyTests.h"
#include "stats/DataTable.h"
#include "stats/RankSumTest.h"
#include "util/Error.h"

#include <algorithm>
#include <cmath>
#include <gtest/gtest.h>
#include <sstream>

using namespace rgw;
using rgw::stats::DataTable;

namespace {

constexpr double kTolerance = 1e-9;

struct Deviation {
    double max = 0;
    std::string where;
    void check(double ours, double reference, const std::string& what, bool relative = true) {
        const double scale = relative ? std::max(1.0, std::fabs(reference)) : 1.0;
        const double d = std::fabs(ours - reference) / scale;
        EXPECT_LE(d, kTolerance) << what << ": ours " << ours << ", R " << reference;
        if (d > max) {
            max = d;
            where = what;
        }
    }
    ~Deviation() { std::cout << "[ max deviation from R " << max << " at " << where << " ]\n"; }
};

const std::vector<report::TableOneGroup> kSplit{{"train", "Training"}, {"test", "Test"}};

report::TableOneSummary referenceSummary() {
    const DataTable input = DataTable::read(test::referenceFile("table_one/table_one_input.csv"));
    return report::summariseTableOne(report::tableOneInput(
        input, {"age", "size", "score", "sex", "rare", "stage", "grade"}, {}, "group", kSplit));
}

std::size_t columnIndex(const std::string& column) {
    return column == "train" ? 0 : column == "test" ? 1 : 2;
}

const report::TableOneVariable& variableNamed(const report::TableOneSummary& s,
                                              const std::string& name) {
    for (const auto& v : s.variables)
        if (v.label == name)
            return v;
    throw Error("no variable " + name);
}

TEST(TableOne, ContinuousSummariesEqualR) {
    const report::TableOneSummary summary = referenceSummary();
    const DataTable ref =
        DataTable::read(test::referenceFile("table_one/table_one_continuous.csv"));
    ASSERT_EQ(ref.rows(), 9u);
    Deviation dev;
    for (std::size_t r = 0; r < ref.rows(); ++r) {
        const auto& v = variableNamed(summary, ref.text("variable")[r]);
        ASSERT_TRUE(v.continuous);
        const auto& cell = v.summary.at(columnIndex(ref.text("column")[r]));
        const std::string what = ref.text("variable")[r] + "/" + ref.text("column")[r];
        EXPECT_EQ(cell.n, static_cast<std::size_t>(ref.numbers("n")[r])) << what;
        EXPECT_EQ(cell.missing, static_cast<std::size_t>(ref.numbers("missing")[r])) << what;
        dev.check(cell.median, ref.numbers("median")[r], what + " median");
        dev.check(cell.q1, ref.numbers("q1")[r], what + " q1");
        dev.check(cell.q3, ref.numbers("q3")[r], what + " q3");
        dev.check(cell.mean, ref.numbers("mean")[r], what + " mean");
        dev.check(cell.sd, ref.numbers("sd")[r], what + " sd");
    }
}

TEST(TableOne, LevelCountsEqualR) {
    const report::TableOneSummary summary = referenceSummary();
    const DataTable ref = DataTable::read(test::referenceFile("table_one/table_one_levels.csv"));
    ASSERT_GT(ref.rows(), 20u);
    for (std::size_t r = 0; r < ref.rows(); ++r) {
        const auto& v = variableNamed(summary, ref.text("variable")[r]);
        ASSERT_FALSE(v.continuous);
        const std::size_t c = columnIndex(ref.text("column")[r]);
        const auto line = std::find_if(v.levels.begin(), v.levels.end(), [&](const auto& l) {
            return l.label == ref.text("level")[r];
        });
        ASSERT_NE(line, v.levels.end()) << ref.text("level")[r];
        EXPECT_EQ(line->cells[c].n, static_cast<std::size_t>(ref.numbers("n")[r]));
        EXPECT_EQ(line->cells[c].denominator, static_cast<std::size_t>(ref.numbers("known")[r]));
        EXPECT_EQ(v.missing[c], static_cast<std::size_t>(ref.numbers("missing")[r]));
    }
}

TEST(TableOne, TestsEqualR) {
    const report::TableOneSummary summary = referenceSummary();
    const DataTable ref = DataTable::read(test::referenceFile("table_one/table_one_tests.csv"));
    ASSERT_EQ(ref.rows(), 7u);
    Deviation dev;
    for (std::size_t r = 0; r < ref.rows(); ++r) {
        const std::string name = ref.text("variable")[r];
        const auto& v = variableNamed(summary, name);
        const std::string test = ref.text("test")[r];
        const report::TableOneTest expected = test == "wilcoxon" ? report::TableOneTest::Wilcoxon
                                              : test == "fisher" ? report::TableOneTest::FisherExact
                                              : test == "chisq_yates"
                                                  ? report::TableOneTest::ChiSquareYates
                                                  : report::TableOneTest::ChiSquare;
        EXPECT_EQ(v.test, expected) << name;
        dev.check(v.statistic, ref.numbers("statistic")[r], name + " statistic");
        dev.check(v.p, ref.numbers("p")[r], name + " p", false);
    }
}

Eigen::MatrixXd countsOf(const std::string& text, int rows, int cols) {
    Eigen::MatrixXd m(rows, cols);
    std::istringstream in(text);
    for (int i = 0; i < rows; ++i)
        for (int j = 0; j < cols; ++j)
            in >> m(i, j);
    return m;
}

TEST(ContingencyTests, ChiSquareAndFisherEqualR) {
    const DataTable ref = DataTable::read(test::referenceFile("table_one/contingency_tables.csv"));
    ASSERT_EQ(ref.rows(), 40u);
    Deviation dev;
    for (std::size_t r = 0; r < ref.rows(); ++r) {
        const int rows = static_cast<int>(ref.numbers("rows")[r]);
        const int cols = static_cast<int>(ref.numbers("cols")[r]);
        const Eigen::MatrixXd m = countsOf(ref.text("counts")[r], rows, cols);
        const std::string id = "table " + ref.text("id")[r];
        const auto yates = stats::chiSquareTest(m, true);
        const auto plain = stats::chiSquareTest(m, false);
        dev.check(yates.statistic, ref.numbers("chisq_yates")[r], id + " X2 (Yates)");
        dev.check(yates.p, ref.numbers("p_yates")[r], id + " p (Yates)", false);
        dev.check(plain.statistic, ref.numbers("chisq")[r], id + " X2");
        dev.check(plain.p, ref.numbers("p")[r], id + " p", false);
        EXPECT_EQ(plain.df, ref.numbers("df")[r]) << id;
        EXPECT_EQ(yates.yates, rows == 2 && cols == 2) << id;
        if (rows == 2 && cols == 2)
            dev.check(stats::fisherExactTest2x2(m).p, ref.numbers("fisher_p")[r], id + " Fisher p",
                      false);
    }
}

std::vector<double> numbersOf(const std::string& text) {
    std::vector<double> out;
    std::istringstream in(text);
    for (double v; in >> v;)
        out.push_back(v);
    return out;
}

// The rank-sum test chooses exact or normal as R does and gives R's W and p.
TEST(RankSumTest, EqualsRWilcoxTest) {
    const DataTable ref = DataTable::read(test::referenceFile("table_one/wilcoxon_cases.csv"));
    ASSERT_EQ(ref.rows(), 30u);
    Deviation dev;
    int exact = 0;
    for (std::size_t r = 0; r < ref.rows(); ++r) {
        const auto x1 = numbersOf(ref.text("x1")[r]), x0 = numbersOf(ref.text("x0")[r]);
        Eigen::VectorXd values(static_cast<Eigen::Index>(x1.size() + x0.size()));
        Eigen::VectorXd group(values.size());
        Eigen::Index i = 0;
        for (double v : x1) {
            values(i) = v;
            group(i++) = 1;
        }
        for (double v : x0) {
            values(i) = v;
            group(i++) = 0;
        }
        const std::string id = "case " + ref.text("id")[r];
        const stats::RankSumTest test = stats::wilcoxonRankSum(values, group);
        EXPECT_EQ(test.exact, ref.numbers("exact")[r] == 1) << id;
        exact += test.exact;
        dev.check(test.test.statistic, ref.numbers("statistic")[r], id + " W");
        dev.check(test.test.p, ref.numbers("p")[r], id + " p", false);
    }
    EXPECT_GT(exact, 15);
    EXPECT_EQ(stats::wilcoxonCdf(-1, 3, 4), 0.0);
    EXPECT_DOUBLE_EQ(stats::wilcoxonCdf(12, 3, 4), 1.0);
    EXPECT_DOUBLE_EQ(stats::wilcoxonCdf(0, 3, 4), 1.0 / 35.0); // one ranking of C(7, 3)
    EXPECT_THROW(stats::wilcoxonCdf(1, 50, 3), Error);
}

TEST(ContingencyTests, RefuseTablesWithoutInformation) {
    EXPECT_THROW(stats::chiSquareTest(Eigen::MatrixXd::Ones(1, 3)), Error);
    Eigen::MatrixXd empty(2, 2);
    empty << 1, 0, 2, 0;
    EXPECT_THROW(stats::chiSquareTest(empty), Error);
    Eigen::MatrixXd fraction(2, 2);
    fraction << 1.5, 2, 3, 4;
    EXPECT_THROW(stats::fisherExactTest2x2(fraction), Error);
    EXPECT_THROW(stats::fisherExactTest2x2(Eigen::MatrixXd::Ones(3, 2)), Error);
}

// Missing and "not profiled" are lines of their own, never a level, never
// in the percentages or the test; one column "All" and no test without a split.
TEST(TableOne, MissingAndNotProfiledAreNeverLevels) {
    report::TableOneInput input;
    input.group = {"train", "train", "train", "test", "test", "test", ""};
    input.groups = kSplit;
    report::TableOneColumn egfr;
    egfr.label = "EGFR";
    egfr.texts = {"mutated", "wild-type", "not profiled", "mutated", "", "wild-type", "mutated"};
    egfr.levels = {"mutated", "wild-type"};
    egfr.separateLevels = {"not profiled"};
    input.columns.push_back(egfr);
    const auto summary = report::summariseTableOne(input);
    ASSERT_EQ(summary.columnTitles.size(), 3u);
    EXPECT_EQ(summary.columnTitles[2], "All (n = 7)");
    const auto& v = summary.variables.front();
    ASSERT_EQ(v.levels.size(), 2u);
    EXPECT_EQ(v.levels[0].cells[0].n, 1u);           // train mutated
    EXPECT_EQ(v.levels[0].cells[0].denominator, 2u); // not profiled is not known
    EXPECT_EQ(v.levels[1].cells[1].n, 1u);           // test wild-type
    EXPECT_EQ(v.levels[0].cells[2].n, 3u);           // All includes the row in no group
    ASSERT_EQ(v.separate.size(), 1u);
    EXPECT_EQ(v.separate[0].cells[0].n, 1u);
    EXPECT_EQ(v.missing, (std::vector<std::size_t>{0, 1, 1}));
    EXPECT_EQ(v.test, report::TableOneTest::FisherExact);

    const report::Table table = report::tableOneTable(summary, "t1", "Characteristics");
    ASSERT_EQ(table.header.size(), 5u);
    EXPECT_EQ(table.header.back(), "p");
    std::vector<std::string> labels;
    for (const auto& row : table.rows) {
        EXPECT_EQ(row.size(), table.header.size());
        labels.push_back(row.front());
    }
    EXPECT_EQ(labels, (std::vector<std::string>{"EGFR, n (%)", "    mutated", "    wild-type",
                                                "    not profiled", "    missing"}));
    EXPECT_EQ(table.rows[1][1], "1 (50.0 %)");

    input.groups.clear();
    const auto single = report::summariseTableOne(input);
    EXPECT_FALSE(single.tested);
    ASSERT_EQ(single.columnTitles, (std::vector<std::string>{"All (n = 7)"}));
    const report::Table plain = report::tableOneTable(single, "t1", "Characteristics");
    EXPECT_EQ(plain.header, (std::vector<std::string>{"Characteristic", "All (n = 7)"}));
}

TEST(TableOne, RefusesUnknownLevelsAndRaggedColumns) {
    report::TableOneInput input;
    input.group = {"train", "test"};
    input.groups = kSplit;
    report::TableOneColumn c;
    c.label = "stage";
    c.texts = {"I", "IV"};
    c.levels = {"I", "II"};
    input.columns = {c};
    EXPECT_THROW(report::summariseTableOne(input), Error);
    c.levels.clear();
    c.texts = {"I"};
    input.columns = {c};
    EXPECT_THROW(report::summariseTableOne(input), Error);
}

} // namespace
