#include "report/TableOne.h"

#include "report/NumberFormat.h"
#include "stats/ContingencyTests.h"
#include "stats/KruskalWallis.h"
#include "stats/Quantile.h"
#include "stats/RankSumTest.h"
#include "util/Error.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <map>
#include <set>

namespace rgw::report {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// The column (0 … groups − 1) of each row, or −1 for a row in no group.
std::vector<int> groupIndexOf(const TableOneInput& input) {
    std::map<std::string, int> index;
    for (std::size_t g = 0; g < input.groups.size(); ++g)
        if (!index.emplace(input.groups[g].key, static_cast<int>(g)).second)
            throw Error("Table 1: the group '" + input.groups[g].key + "' is listed twice");
    std::vector<int> out;
    out.reserve(input.group.size());
    for (const std::string& key : input.group) {
        const auto it = index.find(key);
        out.push_back(it == index.end() ? -1 : it->second);
    }
    return out;
}

TableOneCell continuousCell(std::vector<double> values, std::size_t missing) {
    TableOneCell cell;
    cell.missing = missing;
    std::sort(values.begin(), values.end());
    cell.n = values.size();
    if (values.empty()) {
        cell.median = cell.q1 = cell.q3 = cell.mean = cell.sd = kNaN;
        return cell;
    }
    cell.median = stats::quantileType7(values, 0.5);
    cell.q1 = stats::quantileType7(values, 0.25);
    cell.q3 = stats::quantileType7(values, 0.75);
    double sum = 0;
    for (double v : values)
        sum += v;
    cell.mean = sum / static_cast<double>(values.size());
    if (values.size() < 2) {
        cell.sd = kNaN;
    } else {
        double squares = 0;
        for (double v : values)
            squares += (v - cell.mean) * (v - cell.mean);
        cell.sd = std::sqrt(squares / static_cast<double>(values.size() - 1));
    }
    return cell;
}

bool parseNumber(const std::string& text, double& value) {
    const char* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    return ec == std::errc() && ptr == end;
}

/// The values found, numbers in numeric order when every value is one.
std::vector<std::string> sortedLevels(const std::set<std::string>& found) {
    std::vector<std::string> levels(found.begin(), found.end());
    std::vector<std::pair<double, std::string>> numeric;
    for (const std::string& level : levels) {
        double v = 0;
        if (!parseNumber(level, v))
            return levels;
        numeric.emplace_back(v, level);
    }
    std::sort(numeric.begin(), numeric.end());
    levels.clear();
    for (auto& [v, level] : numeric)
        levels.push_back(level);
    return levels;
}

void testContinuous(TableOneVariable& variable, const TableOneColumn& column,
                    const std::vector<int>& groupOf, std::size_t groups) {
    std::vector<double> values;
    std::vector<int> labels;
    for (std::size_t r = 0; r < groupOf.size(); ++r)
        if (groupOf[r] >= 0 && !std::isnan(column.numbers[r])) {
            values.push_back(column.numbers[r]);
            labels.push_back(groupOf[r]);
        }
    std::vector<std::size_t> perGroup(groups, 0);
    for (int g : labels)
        ++perGroup[static_cast<std::size_t>(g)];
    if (std::any_of(perGroup.begin(), perGroup.end(), [](std::size_t n) { return n == 0; })) {
        variable.testNote = "no test: a group has no value";
        return;
    }
    const Eigen::Map<const Eigen::VectorXd> x(values.data(),
                                              static_cast<Eigen::Index>(values.size()));
    if (groups == 2) {
        Eigen::VectorXd group01(x.size());
        for (Eigen::Index i = 0; i < x.size(); ++i)
            group01(i) = labels[static_cast<std::size_t>(i)] == 0 ? 1.0 : 0.0; // first group = 1
        const stats::RankSumTest test = stats::wilcoxonRankSum(x, group01);
        variable.test = test.exact ? TableOneTest::WilcoxonExact : TableOneTest::Wilcoxon;
        variable.statistic = test.test.statistic;
        variable.p = test.test.p;
    } else {
        const stats::KruskalWallisTest test = stats::kruskalWallis(x, labels);
        variable.test = TableOneTest::KruskalWallis;
        variable.statistic = test.statistic;
        variable.p = test.p;
    }
    if (std::isnan(variable.p))
        variable.testNote = "no test: every value is the same";
}

void testCategorical(TableOneVariable& variable, const Eigen::MatrixXd& allCounts) {
    // Levels nobody in the groups has carry no information (R would give NA).
    std::vector<Eigen::Index> used;
    for (Eigen::Index i = 0; i < allCounts.rows(); ++i)
        if (allCounts.row(i).sum() > 0)
            used.push_back(i);
    if (used.size() < 2) {
        variable.testNote = "no test: fewer than two levels present";
        return;
    }
    Eigen::MatrixXd counts(static_cast<Eigen::Index>(used.size()), allCounts.cols());
    for (std::size_t i = 0; i < used.size(); ++i)
        counts.row(static_cast<Eigen::Index>(i)) = allCounts.row(used[i]);
    for (Eigen::Index j = 0; j < counts.cols(); ++j)
        if (counts.col(j).sum() == 0) {
            variable.testNote = "no test: a group has no value";
            return;
        }
    const double minExpected = stats::expectedCounts(counts).minCoeff();
    if (counts.rows() == 2 && counts.cols() == 2 && minExpected < 5) {
        const stats::ContingencyTest test = stats::fisherExactTest2x2(counts);
        variable.test = TableOneTest::FisherExact;
        variable.statistic = test.statistic;
        variable.p = test.p;
        return;
    }
    const stats::ContingencyTest test = stats::chiSquareTest(counts, true);
    variable.test = test.yates ? TableOneTest::ChiSquareYates : TableOneTest::ChiSquare;
    variable.statistic = test.statistic;
    variable.p = test.p;
    if (minExpected < 5)
        variable.testNote = "an expected count is below 5: the chi-square approximation may be "
                            "inaccurate";
}

TableOneVariable summariseColumn(const TableOneColumn& column, const std::vector<int>& groupOf,
                                 std::size_t groups) {
    const std::size_t rows = groupOf.size();
    const std::size_t columns = groups + 1; // the groups, then "All"
    TableOneVariable variable;
    variable.label = column.label;
    variable.continuous = column.continuous;
    variable.statistic = variable.p = kNaN;
    variable.missing.assign(columns, 0);
    auto forEachColumn = [&](std::size_t r, auto&& f) {
        if (groupOf[r] >= 0)
            f(static_cast<std::size_t>(groupOf[r]));
        f(groups);
    };
    if (column.continuous) {
        if (column.numbers.size() != rows)
            throw Error("Table 1: column '" + column.label + "' has " +
                        std::to_string(column.numbers.size()) + " values for " +
                        std::to_string(rows) + " rows");
        std::vector<std::vector<double>> values(columns);
        for (std::size_t r = 0; r < rows; ++r) {
            const double v = column.numbers[r];
            if (std::isinf(v))
                throw Error("Table 1: column '" + column.label + "' row " + std::to_string(r + 1) +
                            " is infinite");
            forEachColumn(r, [&](std::size_t c) {
                if (std::isnan(v))
                    ++variable.missing[c];
                else
                    values[c].push_back(v);
            });
        }
        for (std::size_t c = 0; c < columns; ++c)
            variable.summary.push_back(continuousCell(values[c], variable.missing[c]));
        if (groups >= 2)
            testContinuous(variable, column, groupOf, groups);
        return variable;
    }

    if (column.texts.size() != rows)
        throw Error("Table 1: column '" + column.label + "' has " +
                    std::to_string(column.texts.size()) + " values for " + std::to_string(rows) +
                    " rows");
    const std::set<std::string> separate(column.separateLevels.begin(),
                                         column.separateLevels.end());
    std::vector<std::string> levels = column.levels;
    if (levels.empty()) {
        std::set<std::string> found;
        for (const std::string& t : column.texts)
            if (!t.empty() && !separate.count(t))
                found.insert(t);
        levels = sortedLevels(found);
    }
    std::map<std::string, std::size_t> levelIndex;
    for (std::size_t i = 0; i < levels.size(); ++i)
        levelIndex.emplace(levels[i], i);
    std::map<std::string, std::size_t> separateIndex;
    for (std::size_t i = 0; i < column.separateLevels.size(); ++i)
        separateIndex.emplace(column.separateLevels[i], i);

    std::vector<std::vector<std::size_t>> counts(levels.size(), std::vector<std::size_t>(columns));
    std::vector<std::vector<std::size_t>> separateCounts(column.separateLevels.size(),
                                                         std::vector<std::size_t>(columns));
    std::vector<std::size_t> known(columns, 0);
    for (std::size_t r = 0; r < rows; ++r) {
        const std::string& t = column.texts[r];
        if (t.empty()) {
            forEachColumn(r, [&](std::size_t c) { ++variable.missing[c]; });
        } else if (const auto s = separateIndex.find(t); s != separateIndex.end()) {
            forEachColumn(r, [&](std::size_t c) { ++separateCounts[s->second][c]; });
        } else {
            const auto l = levelIndex.find(t);
            if (l == levelIndex.end())
                throw Error("Table 1: column '" + column.label + "' row " + std::to_string(r + 1) +
                            ": '" + t + "' is not one of its levels");
            forEachColumn(r, [&](std::size_t c) {
                ++counts[l->second][c];
                ++known[c];
            });
        }
    }
    for (std::size_t i = 0; i < levels.size(); ++i) {
        TableOneLine line{levels[i], {}};
        for (std::size_t c = 0; c < columns; ++c) {
            TableOneCell cell;
            cell.n = counts[i][c];
            cell.denominator = known[c];
            line.cells.push_back(cell);
        }
        variable.levels.push_back(std::move(line));
    }
    for (std::size_t i = 0; i < column.separateLevels.size(); ++i) {
        if (separateCounts[i][groups] == 0)
            continue;
        TableOneLine line{column.separateLevels[i], {}};
        for (std::size_t c = 0; c < columns; ++c) {
            TableOneCell cell;
            cell.n = separateCounts[i][c];
            line.cells.push_back(cell);
        }
        variable.separate.push_back(std::move(line));
    }
    if (groups >= 2) {
        Eigen::MatrixXd table(static_cast<Eigen::Index>(levels.size()),
                              static_cast<Eigen::Index>(groups));
        for (std::size_t i = 0; i < levels.size(); ++i)
            for (std::size_t g = 0; g < groups; ++g)
                table(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(g)) =
                    static_cast<double>(counts[i][g]);
        testCategorical(variable, table);
    }
    return variable;
}

const char* testMark(TableOneTest test) {
    switch (test) {
    case TableOneTest::Wilcoxon:
        return "a";
    case TableOneTest::WilcoxonExact:
        return "f";
    case TableOneTest::KruskalWallis:
        return "b";
    case TableOneTest::ChiSquare:
        return "c";
    case TableOneTest::ChiSquareYates:
        return "d";
    case TableOneTest::FisherExact:
        return "e";
    case TableOneTest::None:
        break;
    }
    return "";
}

std::string testDescription(TableOneTest test) {
    switch (test) {
    case TableOneTest::Wilcoxon:
        return "Wilcoxon rank-sum test, normal approximation with continuity and tie "
               "correction (as R wilcox.test for ties or a group of 50 or more)";
    case TableOneTest::WilcoxonExact:
        return "Wilcoxon rank-sum test, exact distribution (as R wilcox.test for groups "
               "under 50 without ties)";
    case TableOneTest::KruskalWallis:
        return "Kruskal-Wallis rank-sum test (as R kruskal.test)";
    case TableOneTest::ChiSquare:
        return "Pearson's chi-square test without continuity correction (as R chisq.test)";
    case TableOneTest::ChiSquareYates:
        return "Pearson's chi-square test with Yates' continuity correction, 2 x 2 table (as R "
               "chisq.test)";
    case TableOneTest::FisherExact:
        return "Fisher's exact test, 2 x 2 table with an expected count below 5 (as R "
               "fisher.test)";
    case TableOneTest::None:
        break;
    }
    return "";
}

std::string medianCell(const TableOneCell& cell) {
    if (cell.n == 0)
        return "–";
    return formatNumber(cell.median) + " [" + formatNumber(cell.q1) + ", " + formatNumber(cell.q3) +
           "]";
}

std::string meanCell(const TableOneCell& cell) {
    if (cell.n == 0)
        return "–";
    if (cell.n < 2)
        return formatNumber(cell.mean);
    return formatNumber(cell.mean) + " ± " + formatNumber(cell.sd);
}

} // namespace

const char* tableOneTestName(TableOneTest test) {
    switch (test) {
    case TableOneTest::Wilcoxon:
        return "Wilcoxon rank-sum test";
    case TableOneTest::WilcoxonExact:
        return "Wilcoxon rank-sum test (exact)";
    case TableOneTest::KruskalWallis:
        return "Kruskal-Wallis test";
    case TableOneTest::ChiSquare:
        return "Pearson's chi-square test";
    case TableOneTest::ChiSquareYates:
        return "Pearson's chi-square test with Yates' correction";
    case TableOneTest::FisherExact:
        return "Fisher's exact test";
    case TableOneTest::None:
        break;
    }
    return "no test";
}

TableOneSummary summariseTableOne(const TableOneInput& input) {
    const std::vector<int> groupOf = groupIndexOf(input);
    const std::size_t groups = input.groups.size();
    TableOneSummary summary;
    summary.tested = groups >= 2;
    summary.columnRows.assign(groups + 1, 0);
    for (int g : groupOf) {
        if (g >= 0)
            ++summary.columnRows[static_cast<std::size_t>(g)];
        ++summary.columnRows[groups];
    }
    for (std::size_t g = 0; g <= groups; ++g)
        summary.columnTitles.push_back((g < groups ? input.groups[g].title : std::string("All")) +
                                       " (n = " + std::to_string(summary.columnRows[g]) + ")");
    for (const TableOneColumn& column : input.columns)
        summary.variables.push_back(summariseColumn(column, groupOf, groups));
    return summary;
}

Table tableOneTable(const TableOneSummary& summary, const std::string& anchor,
                    const std::string& caption) {
    Table table;
    table.anchor = anchor;
    table.caption = caption;
    table.header.push_back("Characteristic");
    for (const std::string& title : summary.columnTitles)
        table.header.push_back(title);
    if (summary.tested)
        table.header.push_back("p");
    table.align.assign(table.header.size(), Align::Right);
    table.align.front() = Align::Left;
    const std::size_t columns = summary.columnTitles.size();
    auto addRow = [&](std::string label, std::vector<std::string> cells, std::string p) {
        std::vector<std::string> row{std::move(label)};
        for (auto& c : cells)
            row.push_back(std::move(c));
        if (summary.tested)
            row.push_back(std::move(p));
        table.rows.push_back(std::move(row));
    };
    std::set<TableOneTest> used;
    std::vector<std::string> cautions;
    for (const TableOneVariable& v : summary.variables) {
        std::string p;
        if (summary.tested) {
            p = std::isnan(v.p) ? "–" : formatP(v.p) + " (" + testMark(v.test) + ")";
            if (v.test != TableOneTest::None && !std::isnan(v.p))
                used.insert(v.test);
            if (!v.testNote.empty())
                cautions.push_back(v.label + ": " + v.testNote + ".");
        }
        const bool anyMissing =
            std::any_of(v.missing.begin(), v.missing.end(), [](std::size_t n) { return n > 0; });
        if (v.continuous) {
            std::vector<std::string> medians, means;
            for (const TableOneCell& cell : v.summary) {
                medians.push_back(medianCell(cell));
                means.push_back(meanCell(cell));
            }
            addRow(v.label + ", median [IQR]", medians, p);
            addRow("    mean ± SD", means, "");
        } else {
            addRow(v.label + ", n (%)", std::vector<std::string>(columns), p);
            for (const TableOneLine& line : v.levels) {
                std::vector<std::string> cells;
                for (const TableOneCell& cell : line.cells)
                    cells.push_back(countPercent(cell.n, cell.denominator));
                addRow("    " + line.label, cells, "");
            }
        }
        for (const TableOneLine& line : v.separate) {
            std::vector<std::string> cells;
            for (std::size_t c = 0; c < columns; ++c)
                cells.push_back(countPercent(line.cells[c].n, summary.columnRows[c]));
            addRow("    " + line.label, cells, "");
        }
        if (anyMissing) {
            std::vector<std::string> cells;
            for (std::size_t c = 0; c < columns; ++c)
                cells.push_back(countPercent(v.missing[c], summary.columnRows[c]));
            addRow("    missing", cells, "");
        }
    }
    table.notes.push_back("Continuous characteristics: median [first quartile, third quartile] "
                          "(R quantile type 7) and mean ± SD of the patients with a value. "
                          "Categorical: n (% of the patients with a known value). Missing values "
                          "and genes not profiled are lines of their own (n, % of the column's "
                          "patients), never a level, and are left out of the tests.");
    for (TableOneTest test : used)
        table.notes.push_back("(" + std::string(testMark(test)) + ") " + testDescription(test) +
                              ".");
    for (std::string& caution : cautions)
        table.notes.push_back(std::move(caution));
    return table;
}

TableOneInput tableOneInput(const stats::DataTable& table,
                            const std::vector<std::string>& variables,
                            const std::vector<std::string>& categorical,
                            const std::string& groupColumn,
                            const std::vector<TableOneGroup>& groups) {
    TableOneInput input;
    input.groups = groups;
    if (groupColumn.empty())
        input.group.assign(table.rows(), "");
    else
        input.group = table.text(groupColumn);
    const std::set<std::string> asCategorical(categorical.begin(), categorical.end());
    for (const std::string& name : variables) {
        TableOneColumn column;
        column.label = name;
        column.continuous = table.isNumeric(name) && !asCategorical.count(name);
        if (column.continuous)
            column.numbers = table.numbers(name);
        else
            column.texts = table.text(name);
        input.columns.push_back(std::move(column));
    }
    return input;
}

} // namespace rgw::report
