#pragma once

// One CSV line split into its fields, for tests that read CSV files written by
// us or by reference software (RFC 4180 quoting: fields may be double-quoted,
// "" inside is a literal quote; a trailing \r is dropped).

#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

namespace rgw::test {

/// Throws std::runtime_error naming `file` and `lineNumber` for an
/// unterminated quoted field.
inline std::vector<std::string> splitCsvLine(const std::string& line, int lineNumber,
                                             const std::filesystem::path& file) {
    std::vector<std::string> fields(1);
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted) {
            if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
                fields.back() += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                fields.back() += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            fields.emplace_back();
        } else if (c != '\r') {
            fields.back() += c;
        }
    }
    if (quoted)
        throw std::runtime_error(file.string() + " line " + std::to_string(lineNumber) +
                                 ": unterminated quoted field");
    return fields;
}

} // namespace rgw::test
