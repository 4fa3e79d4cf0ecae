#include "stats/DataTable.h"

#include "genomics/DelimitedText.h"
#include "genomics/TabularText.h"
#include "util/Error.h"
#include "util/ResourceBudget.h"
#include "util/Text.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

namespace rgw::stats {

namespace {

std::string where(const std::string& source, std::size_t line, const std::string& column) {
    std::string text = source + " line " + std::to_string(line);
    if (!column.empty())
        text += ", column '" + column + "'";
    return text;
}

} // namespace

DataTable DataTable::read(const std::filesystem::path& file) {
    genomics::DelimitedTextReader reader(file);
    DataTable table;
    table.source_ = file.filename().string();

    genomics::DelimitedRecord record;
    if (!reader.next(record))
        throw Error(table.source_ + ": the file is empty (a header line is expected)");
    std::set<std::string> seen;
    for (const genomics::DelimitedField& field : record.fields) {
        if (!field.problem.empty())
            throw Error(where(table.source_, field.problemLine, {}) + ": " + field.problem);
        std::string name(genomics::trim(field.text));
        if (name.empty())
            throw Error(where(table.source_, record.line, {}) + ": column " +
                        std::to_string(table.names_.size() + 1) + " of the header has no name");
        if (!seen.insert(name).second)
            throw Error(where(table.source_, record.line, name) + ": the column name is repeated");
        table.names_.push_back(std::move(name));
    }
    const std::size_t columns = table.names_.size();
    table.text_.assign(columns, {});

    // What the table holds so far, checked against the budget as it grows: the
    // strings, their text and a double per cell for the numeric view.
    std::uint64_t held = 0;
    while (reader.next(record)) {
        if (!record.complete)
            throw Error(where(table.source_, record.line, {}) +
                        ": a quote opened here is never closed");
        if (record.fields.size() != columns)
            throw Error(where(table.source_, record.line, {}) + ": " +
                        genomics::raggedMessage(record.fields.size(), columns));
        for (std::size_t c = 0; c < columns; ++c) {
            const genomics::DelimitedField& field = record.fields[c];
            if (!field.problem.empty())
                throw Error(where(table.source_, field.problemLine, table.names_[c]) + ": " +
                            field.problem);
            const std::string_view value = genomics::trim(field.text);
            table.text_[c].emplace_back(genomics::isMissingValue(value) ? std::string_view{}
                                                                        : value);
            held = budget::sum(held, sizeof(std::string) + sizeof(double) + value.size());
        }
        table.rowLines_.push_back(record.line);
        if (held > budget::memoryBytes())
            budget::requireMemory(held, table.source_,
                                  "the table (" + std::to_string(table.rowLines_.size()) +
                                      " rows so far × " + std::to_string(columns) + " columns)");
    }
    table.classify();
    return table;
}

DataTable DataTable::fromText(std::string source, std::vector<std::string> names,
                              const std::vector<std::vector<std::string>>& columns) {
    DataTable table;
    table.source_ = std::move(source);
    if (names.size() != columns.size())
        throw Error(table.source_ + ": " + std::to_string(names.size()) + " column names for " +
                    std::to_string(columns.size()) + " columns");
    const std::size_t rows = columns.empty() ? 0 : columns.front().size();
    std::set<std::string> seen;
    for (std::size_t c = 0; c < names.size(); ++c) {
        if (names[c].empty() || !seen.insert(names[c]).second)
            throw Error(table.source_ + ": column name '" + names[c] + "' is empty or repeated");
        if (columns[c].size() != rows)
            throw Error(table.source_ + ": column '" + names[c] + "' has " +
                        std::to_string(columns[c].size()) + " rows, the first column " +
                        std::to_string(rows));
    }
    table.names_ = std::move(names);
    table.text_.reserve(columns.size());
    for (const auto& column : columns) {
        std::vector<std::string> values;
        values.reserve(column.size());
        for (const std::string& v : column) {
            const std::string_view value = genomics::trim(v);
            values.emplace_back(genomics::isMissingValue(value) ? std::string_view{} : value);
        }
        table.text_.push_back(std::move(values));
    }
    for (std::size_t r = 0; r < rows; ++r)
        table.rowLines_.push_back(r + 2); // as if the header were line 1
    table.classify();
    return table;
}

void DataTable::classify() {
    const std::size_t columns = names_.size();
    numbers_.assign(columns, {});
    numeric_.assign(columns, false);
    notNumericReason_.assign(columns, {});
    for (std::size_t c = 0; c < columns; ++c) {
        std::vector<double> values(rows(), std::numeric_limits<double>::quiet_NaN());
        bool numeric = true;
        std::size_t nonFiniteRow = rows();
        for (std::size_t r = 0; r < rows() && numeric; ++r) {
            const std::string& t = text_[c][r];
            if (t.empty())
                continue;
            const genomics::ParsedNumber parsed = genomics::parseNumber(t);
            if (parsed.status == genomics::NumberStatus::Value) {
                values[r] = parsed.value;
            } else {
                if (parsed.status == genomics::NumberStatus::NonFinite && nonFiniteRow == rows())
                    nonFiniteRow = r;
                else if (parsed.status != genomics::NumberStatus::NonFinite)
                    numeric = false;
                if (!numeric || nonFiniteRow == r)
                    notNumericReason_[c] = where(source_, rowLines_[r], names_[c]) + ": " +
                                           genomics::numberProblem(t, parsed.status);
            }
        }
        if (numeric && nonFiniteRow != rows())
            throw Error(notNumericReason_[c]); // numbers with an "inf" among them
        numeric_[c] = numeric;
        if (numeric)
            numbers_[c] = std::move(values);
    }
}

bool DataTable::has(std::string_view name) const {
    return std::find(names_.begin(), names_.end(), name) != names_.end();
}

std::size_t DataTable::require(std::string_view name) const {
    const auto it = std::find(names_.begin(), names_.end(), name);
    if (it == names_.end())
        throw Error(source_ + ": no column '" + std::string(name) + "'" + didYouMean(name, names_));
    return static_cast<std::size_t>(it - names_.begin());
}

std::vector<std::string> DataTable::numericColumns() const {
    std::vector<std::string> out;
    for (std::size_t c = 0; c < names_.size(); ++c)
        if (numeric_[c])
            out.push_back(names_[c]);
    return out;
}

const std::vector<double>& DataTable::numbers(std::string_view name) const {
    const std::size_t c = require(name);
    if (!numeric_[c])
        throw Error(notNumericReason_[c]);
    return numbers_[c];
}

const std::vector<std::string>& DataTable::text(std::string_view name) const {
    return text_[require(name)];
}

std::vector<std::size_t> DataTable::completeRows(const std::vector<std::string>& names) const {
    std::vector<std::size_t> columns;
    for (const std::string& name : names)
        columns.push_back(require(name));
    std::vector<std::size_t> out;
    for (std::size_t r = 0; r < rows(); ++r)
        if (std::none_of(columns.begin(), columns.end(),
                         [&](std::size_t c) { return text_[c][r].empty(); }))
            out.push_back(r);
    return out;
}

Eigen::MatrixXd DataTable::matrix(const std::vector<std::string>& names,
                                  const std::vector<std::size_t>& rows) const {
    budget::requireMemory(budget::product({rows.size(), names.size(), sizeof(double)}), source_,
                          "the analysis matrix (" + std::to_string(rows.size()) + " rows × " +
                              std::to_string(names.size()) + " columns)");
    Eigen::MatrixXd m(static_cast<Eigen::Index>(rows.size()),
                      static_cast<Eigen::Index>(names.size()));
    for (std::size_t j = 0; j < names.size(); ++j) {
        const std::vector<double>& column = numbers(names[j]);
        for (std::size_t i = 0; i < rows.size(); ++i)
            m(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = column.at(rows[i]);
    }
    return m;
}

Eigen::VectorXd DataTable::vector(std::string_view name,
                                  const std::vector<std::size_t>& rows) const {
    const std::vector<double>& column = numbers(name);
    Eigen::VectorXd v(static_cast<Eigen::Index>(rows.size()));
    for (std::size_t i = 0; i < rows.size(); ++i)
        v(static_cast<Eigen::Index>(i)) = column.at(rows[i]);
    return v;
}

} // namespace rgw::stats
