#pragma once

// Delimited text tables as spreadsheets export them (RFC 4180 and its common
// variants): comma, tab or semicolon separated; fields in double quotes may
// hold delimiters, line breaks and quotes (written ""); lines end in LF, CRLF
// or CR; a UTF-8 byte order mark is dropped. Text must be UTF-8: a field with
// bytes that are not (Latin-1, Windows-1252, a NUL byte) is marked "wrong
// encoding" with its line, never guessed or converted. A UTF-16 file (its byte
// order mark) is refused as a whole.
//
// The reader streams: it reads the file in 64 KiB blocks and holds one record
// at a time, whose size it checks against the memory budget
// (util/ResourceBudget.h) as it grows.

#include <cstddef>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace rgw::genomics {

enum class Delimiter {
    Auto,      ///< decided from the first line (see DelimitedTextReader)
    Comma,     ///< ','
    Tab,       ///< '\t'
    Semicolon, ///< ';' (spreadsheets in locales with a decimal comma)
};

/// One field of a record: its text with the quotes removed ("" read as ")
/// and line breaks inside quotes read as '\n'.
struct DelimitedField {
    std::string text;
    std::size_t line = 0; ///< 1-based line where the field starts
    /// Why the text cannot be trusted, empty when it can: "wrong encoding:
    /// ...", "text after the closing quote", "the quote ... is never closed".
    std::string problem;
    std::size_t problemLine = 0; ///< the line of the fault (a field may span lines)
};

/// One record (row) of the table.
struct DelimitedRecord {
    std::size_t line = 0; ///< 1-based line where the record starts
    std::vector<DelimitedField> fields;
    /// False when a quote opened in the last field is not closed before the
    /// end of the file: the rest of the file went into that field.
    bool complete = true;
};

class DelimitedTextReader {
public:
    /// Opens `file`. With Delimiter::Auto the delimiter is the one of tab,
    /// comma and semicolon that occurs most often outside quotes in the first
    /// line (within its first 64 KiB); ties go to tab, then comma; a line
    /// with none of them is one column, read as comma-separated. Throws
    /// rgw::Error naming the file when it cannot be opened or is UTF-16.
    explicit DelimitedTextReader(const std::filesystem::path& file,
                                 Delimiter delimiter = Delimiter::Auto);

    /// Reads the next record into `record` (reusing its storage); false at
    /// the end of the file. Empty lines are skipped. Throws rgw::Error when
    /// one record would exceed the memory budget or the file cannot be read.
    bool next(DelimitedRecord& record);

    char delimiter() const { return delimiter_; }
    const std::string& name() const { return name_; }

private:
    bool fill();
    void endField(DelimitedRecord& record);
    void checkBudget(const DelimitedRecord& record) const;

    std::string name_;
    std::ifstream in_;
    std::vector<char> buffer_;
    std::size_t pos_ = 0;
    std::size_t end_ = 0;
    char delimiter_ = ',';
    std::size_t line_ = 1;
    bool skipLineFeed_ = false; ///< the last character was a CR: a following LF ends no line
    bool atEnd_ = false;
    std::size_t recordBytes_ = 0; ///< the current record's size, for the budget
};

/// Where `text` stops being UTF-8 (the byte offset of the first bad
/// sequence), or std::string::npos when it is valid. Overlong forms, UTF-16
/// surrogates, code points above U+10FFFF and NUL bytes are not valid here.
std::size_t firstInvalidUtf8(const std::string& text);

} // namespace rgw::genomics
