#pragma once

// "Table 1" of a study: the characteristics of the patients by group (the
// train / test split) with the test of each difference, built from plain
// columns so that it needs no database (storage/ReportCohort.cpp fills it
// from the cohort's variables).
//
// Continuous: median [Q1, Q3] (R quantile type 7) and mean ± SD, compared
// with the Wilcoxon rank-sum test as R wilcox.test(x_1, x_2) chooses by
// default (stats::wilcoxonRankSum: the exact distribution when both groups
// have fewer than 50 values and there are no ties, else the normal
// approximation with continuity and tie correction;
// ties; three or more groups: Kruskal–Wallis). Categorical: n (%) per level, the percentage of the
// group's rows with a known value; compared with Pearson's chi-square test (R chisq.test's default:
// Yates' correction for a 2 × 2 table only), or Fisher's exact test for a 2 × 2 table with an
// expected count below 5. Missing values are a line of their own ("missing", n and % of the group's
// rows), never a level and never in a test; so are "separate" levels such as
// a gene's "not profiled" (never wild-type). Tests compare the groups only
// (the "All" column is their union plus rows in no group).

#include "report/ReportDocument.h"
#include "stats/DataTable.h"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace rgw::report {

/// One characteristic: numbers (continuous) or texts (categorical).
struct TableOneColumn {
    std::string label; ///< as printed, e.g. "Age (years)"
    bool continuous = false;
    std::vector<double> numbers;    ///< continuous: per row, NaN = missing
    std::vector<std::string> texts; ///< categorical: per row, "" = missing
    /// Categorical levels in display order; empty = the values found, sorted
    /// (numbers numerically). Values outside a given list are an error.
    std::vector<std::string> levels;
    /// Values shown as their own line like "missing", outside the levels,
    /// the percentages and the test (e.g. "not profiled").
    std::vector<std::string> separateLevels;
};

struct TableOneGroup {
    std::string key;   ///< the value in TableOneInput::group, e.g. "train"
    std::string title; ///< column title without n, e.g. "Training"
};

struct TableOneInput {
    /// Per row: the key of its group, "" = in no group (counted in "All").
    std::vector<std::string> group;
    /// The groups compared, in column order; empty = no split: one column
    /// "All" and no tests.
    std::vector<TableOneGroup> groups;
    std::vector<TableOneColumn> columns;
};

enum class TableOneTest {
    None,
    Wilcoxon,       ///< two groups, continuous, normal approximation
    WilcoxonExact,  ///< two groups, continuous, exact (n < 50 each, no ties)
    KruskalWallis,  ///< three or more groups, continuous (R kruskal.test)
    ChiSquare,      ///< Pearson, no correction
    ChiSquareYates, ///< Pearson with Yates' correction (2 × 2)
    FisherExact,    ///< 2 × 2 with an expected count below 5
};

/// A line's numbers per column: the groups in order, then "All".
struct TableOneCell {
    std::size_t n = 0; ///< rows with a (non-separate) value / with this level
    std::size_t missing = 0;
    std::size_t denominator = 0;       ///< categorical: rows with a known level
    double median = 0, q1 = 0, q3 = 0; ///< continuous (NaN when n = 0)
    double mean = 0, sd = 0;           ///< continuous (sd NaN when n < 2)
};

struct TableOneLine {
    std::string label; ///< the level ("" for a continuous variable's line)
    std::vector<TableOneCell> cells;
};

/// One characteristic's statistics.
struct TableOneVariable {
    std::string label;
    bool continuous = false;
    std::vector<TableOneCell> summary;  ///< continuous: one cell per column
    std::vector<TableOneLine> levels;   ///< categorical: one line per level
    std::vector<TableOneLine> separate; ///< separate levels present, in given order
    std::vector<std::size_t> missing;   ///< per column
    TableOneTest test = TableOneTest::None;
    double statistic = 0, p = 0; ///< NaN when no test could be made
    std::string testNote;        ///< why no test, or a caution
};

struct TableOneSummary {
    std::vector<std::string> columnTitles; ///< groups then "All", each with "(n = N)"
    std::vector<std::size_t> columnRows;   ///< rows per column
    std::vector<TableOneVariable> variables;
    bool tested = false; ///< two or more groups
};

/// Computes the statistics. Throws rgw::Error naming the column for a
/// column whose size differs from the group's, a categorical value outside
/// its `levels`, or a group key used twice.
TableOneSummary summariseTableOne(const TableOneInput& input);

/// The report table: a "Characteristic" column, one per group and "All",
/// and "p" when tested; each p carries a mark naming its test in the notes.
Table tableOneTable(const TableOneSummary& summary, const std::string& anchor,
                    const std::string& caption);

/// The input from an analysis table: `variables` (numeric columns
/// continuous unless listed in `categorical`), grouped by `groupColumn`
/// ("" = no split) with `groups`.
TableOneInput tableOneInput(const stats::DataTable& table,
                            const std::vector<std::string>& variables,
                            const std::vector<std::string>& categorical,
                            const std::string& groupColumn,
                            const std::vector<TableOneGroup>& groups);

/// "Wilcoxon rank-sum test", "Pearson's chi-square test", ...
const char* tableOneTestName(TableOneTest test);

} // namespace rgw::report
