#pragma once

// An analysis table as researchers hand it over: a CSV/TSV file (RFC 4180,
// see genomics/DelimitedText.h) with one header line and one row per patient
// or lesion, or the table the cohort export writes. A column is numeric when
// every value that is not missing is a finite number; missing values (empty,
// "NA", "NaN", the TCGA "[Not Available]" codes) are NaN in numbers() and are
// never read as zero. A non-finite number ("inf", "1e999") is an error naming
// the file, line and column, never a silently missing value.

#include <Eigen/Core>
#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rgw::stats {

class DataTable {
public:
    /// Reads `file` (delimiter detected from the header line). Throws
    /// rgw::Error naming the file, line and column for an empty file, an
    /// empty or duplicate column name, a ragged row, a field that is not
    /// UTF-8 or a quote that is never closed, and for a non-finite number in
    /// a column that is otherwise numeric. Checks the table's size against the
    /// memory budget before holding it.
    static DataTable read(const std::filesystem::path& file);

    /// A table built in memory (tests, the cohort export): `columns[c][r]`
    /// is the text of row r in column c; every column must have the same
    /// number of rows. `source` names the table in messages.
    static DataTable fromText(std::string source, std::vector<std::string> names,
                              const std::vector<std::vector<std::string>>& columns);

    /// The file name (or the source given to fromText), for messages.
    const std::string& source() const { return source_; }
    /// Renames the table in messages (a cohort read through a temporary file).
    void setSource(std::string source) { source_ = std::move(source); }
    std::size_t rows() const { return rowLines_.size(); }
    const std::vector<std::string>& columnNames() const { return names_; }

    bool has(std::string_view name) const;
    /// The index of column `name`. Throws rgw::Error "<source>: no column
    /// 'X' (did you mean ...?)" when there is none.
    std::size_t require(std::string_view name) const;

    bool isNumeric(std::size_t column) const { return numeric_.at(column); }
    bool isNumeric(std::string_view name) const { return isNumeric(require(name)); }
    /// The numeric columns, in file order.
    std::vector<std::string> numericColumns() const;

    /// The values of numeric column `name`, NaN where missing. Throws
    /// rgw::Error "<source> line L, column 'X': 'abc' is not a number" (the
    /// first value that is not) when the column is not numeric.
    const std::vector<double>& numbers(std::string_view name) const;
    /// The text of column `name` (trimmed), "" where missing.
    const std::vector<std::string>& text(std::string_view name) const;
    bool isMissing(std::size_t row, std::size_t column) const { return text_[column][row].empty(); }

    /// The 1-based file line of data row `row`.
    std::size_t line(std::size_t row) const { return rowLines_.at(row); }

    /// The rows (ascending) that have a value in every one of `names`: the
    /// complete cases for an analysis that drops missing values.
    std::vector<std::size_t> completeRows(const std::vector<std::string>& names) const;

    /// The numeric columns `names` of `rows` as a rows × names matrix
    /// (NaN where missing).
    Eigen::MatrixXd matrix(const std::vector<std::string>& names,
                           const std::vector<std::size_t>& rows) const;
    /// One numeric column of `rows`.
    Eigen::VectorXd vector(std::string_view name, const std::vector<std::size_t>& rows) const;

private:
    void classify();

    std::string source_;
    std::vector<std::string> names_;
    std::vector<std::vector<std::string>> text_; ///< [column][row], "" = missing
    std::vector<std::vector<double>> numbers_;   ///< [column][row] for numeric columns
    std::vector<bool> numeric_;                  ///< per column
    std::vector<std::string> notNumericReason_;  ///< per column, for numbers()
    std::vector<std::size_t> rowLines_;
};

} // namespace rgw::stats
