#pragma once

// Tab-separated text as cBioPortal study files and MAFs are written: read in
// large blocks (no iostream per line or value), lines numbered from 1, LF or
// CRLF line ends, a UTF-8 byte order mark on line 1 removed, lines that are
// not valid UTF-8 flagged so the caller can report them. Numbers are parsed
// with std::from_chars; "missing" and "not a finite number" are told apart.

#include "genomics/GenomicRecords.h"

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rgw::genomics {

/// One line of a text file without its line end.
struct TextLine {
    std::size_t number = 0; ///< 1-based
    std::string_view text;  ///< valid until the next LineReader::next()
    bool validUtf8 = true;
};

/// Reads a text file line by line through a large buffer.
class LineReader {
public:
    explicit LineReader(const std::filesystem::path& file);
    ~LineReader();
    LineReader(const LineReader&) = delete;
    LineReader& operator=(const LineReader&) = delete;

    /// False when the file could not be opened; error() says why.
    bool isOpen() const { return file_ != nullptr; }
    /// The file's size in bytes (0 when unknown).
    std::uint64_t size() const { return size_; }
    /// The next line; false at the end of the file or after a read error.
    bool next(TextLine& line);
    /// Why opening or reading failed; empty when it did not.
    const std::string& error() const { return error_; }

private:
    bool fill();

    std::FILE* file_ = nullptr;
    std::uint64_t size_ = 0;
    std::vector<char> buffer_;
    std::size_t begin_ = 0; ///< start of the unread bytes in buffer_
    std::size_t end_ = 0;   ///< end of the bytes read into buffer_
    bool eof_ = false;
    std::size_t lineNumber_ = 0;
    std::string error_;
};

/// Counts the lines of `file` (a last line without a line end counts too);
/// nothing when it cannot be read.
std::optional<std::size_t> countLines(const std::filesystem::path& file);

/// True when `text` is well-formed UTF-8 (no overlong forms, no surrogates).
bool isValidUtf8(std::string_view text);

/// Splits `line` at every tab into `fields` (cleared first); an empty line
/// gives one empty field.
void splitTabs(std::string_view line, std::vector<std::string_view>& fields);

/// `text` without leading and trailing spaces and tabs.
std::string_view trim(std::string_view text);

/// Fits a data row to the header's field count: trailing extra fields that
/// are empty (a tab at the end of the line) are dropped. False when the row
/// is ragged, i.e. still has a different number of fields.
bool fitRow(std::vector<std::string_view>& fields, std::size_t headerFields);

/// "ragged row: 5 fields, the header has 7".
std::string raggedMessage(std::size_t fields, std::size_t headerFields);

/// The message for a line that is not UTF-8.
inline constexpr const char* kWrongEncoding = "wrong encoding: the line is not valid UTF-8";

/// A missing value of a cBioPortal file: empty, "NA", "NaN" or one of the TCGA
/// codes "[Not Available]", "[Not Applicable]", "[Not Evaluated]",
/// "[Not Reported]", "[Unknown]", "[Discrepancy]", "[Pending]". Missing is
/// never zero. (Lower-case "nan" and "inf" are not missing: they are
/// non-finite numbers, which parseNumber rejects.)
bool isMissingValue(std::string_view text);

/// What a field holds when a number is expected.
enum class NumberStatus {
    Value,     ///< a finite number
    Missing,   ///< isMissingValue()
    NonFinite, ///< "inf", "nan", "1e999": a number that is not finite
    Invalid,   ///< anything else ("abc", "1.2.3", "5 mg")
};

struct ParsedNumber {
    NumberStatus status = NumberStatus::Invalid;
    double value = 0.0;
};

/// Parses a decimal number (optional sign, fraction, exponent) with
/// std::from_chars; the whole field (trimmed) must be the number.
ParsedNumber parseNumber(std::string_view text);

/// The message for a number that is not one: "'abc' is not a number" or
/// "'inf' is not a finite number".
std::string numberProblem(std::string_view text, NumberStatus status);

/// Parses a whole, non-negative or negative integer ("42", "-3"); a decimal
/// with a zero fraction ("12.0") is accepted. Nothing when it is not one.
std::optional<std::int64_t> parseInteger(std::string_view text);

/// An InputProblem at file:line, column.
InputProblem problemAt(const std::string& file, std::size_t line, std::string column,
                       std::string message);

/// The problems of one file, appended to a data set's list: a row left out
/// (row()), or the whole file left out (unusable()).
class FileProblems {
public:
    FileProblems(std::string file, std::vector<InputProblem>& out)
        : file_(std::move(file)), out_(out) {}
    void row(std::size_t line, std::string column, std::string message) {
        out_.push_back(problemAt(file_, line, std::move(column), std::move(message)));
    }
    /// Records why the file is not used; false, for `return problems.unusable(...)`.
    bool unusable(std::size_t line, std::string column, const std::string& message) {
        row(line, std::move(column), message + "; the file is not used");
        return false;
    }

private:
    std::string file_;
    std::vector<InputProblem>& out_;
};

} // namespace rgw::genomics
