#include "radiomics/FeatureCsv.h"

#include "util/AtomicFile.h"
#include "util/Error.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <ostream>
#include <sstream>
#include <vector>

namespace rgw::radiomics {

namespace {

void writeField(std::ostream& out, const std::string& field) {
    if (field.find_first_of(",\"\r\n") == std::string::npos) {
        out << field;
        return;
    }
    out << '"';
    for (const char c : field)
        out << (c == '"' ? "\"\"" : std::string(1, c));
    out << '"';
}

std::string formatValue(double v) {
    if (std::isnan(v))
        return "nan";
    if (std::isinf(v))
        return v > 0 ? "inf" : "-inf";
    char buffer[40];
    // %.17g: 17 significant digits always suffice to read a double back exactly.
    std::snprintf(buffer, sizeof buffer, "%.17g", v);
    return buffer;
}

[[noreturn]] void fail(const std::string& source, int line, const std::string& why) {
    throw Error(source + " line " + std::to_string(line) + ": " + why);
}

/// Splits the record starting at `pos` (quoted fields may span lines) and
/// advances `pos` past its line end; `line` counts physical lines.
std::vector<std::string> readRecord(std::string_view text, std::size_t& pos, int& line,
                                    const std::string& source) {
    const int startLine = line;
    std::vector<std::string> fields(1);
    bool quoted = false;
    while (pos < text.size()) {
        const char c = text[pos++];
        if (quoted) {
            if (c == '"' && pos < text.size() && text[pos] == '"') {
                fields.back() += '"';
                ++pos;
            } else if (c == '"') {
                quoted = false;
            } else {
                if (c == '\n')
                    ++line;
                fields.back() += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            fields.emplace_back();
        } else if (c == '\n') {
            ++line;
            return fields;
        } else if (c != '\r') {
            fields.back() += c;
        }
    }
    if (quoted)
        fail(source, startLine, "unterminated quoted field");
    ++line;
    return fields;
}

double parseValue(const std::string& text, const std::string& source, int line) {
    if (text == "nan")
        return std::nan("");
    if (text == "inf")
        return HUGE_VAL;
    if (text == "-inf")
        return -HUGE_VAL;
    double v = 0.0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size())
        fail(source, line, "value is not a number: '" + text + "'");
    return v;
}

} // namespace

std::string featureCsvRecord(const FeatureValue& f) {
    std::ostringstream out;
    writeField(out, f.family);
    out << ',';
    writeField(out, f.name);
    out << ',';
    writeField(out, f.ibsiCode);
    out << ',';
    writeField(out, f.aggregation);
    out << ',' << (f.missing() ? std::string() : formatValue(f.value)) << ',';
    writeField(out, f.unit);
    out << ',';
    writeField(out, f.missingReason);
    return out.str();
}

void writeFeatureCsv(std::ostream& out, const FeatureTable& table) {
    out << kFeatureCsvHeader << '\n';
    for (const FeatureValue& f : table.values)
        out << featureCsvRecord(f) << '\n';
}

std::string featureCsvText(const FeatureTable& table) {
    std::ostringstream out;
    writeFeatureCsv(out, table);
    return out.str();
}

void writeFeatureCsvFile(const std::filesystem::path& file, const FeatureTable& table) {
    writeFileAtomically(file, [&](std::ostream& out) { writeFeatureCsv(out, table); });
}

FeatureTable readFeatureCsv(std::string_view text, const std::string& sourceName) {
    std::size_t pos = 0;
    int line = 1;
    const auto header = readRecord(text, pos, line, sourceName);
    std::string joined;
    for (const auto& h : header)
        joined += (joined.empty() ? "" : ",") + h;
    if (joined != kFeatureCsvHeader)
        fail(sourceName, 1,
             "expected header '" + std::string(kFeatureCsvHeader) + "', found '" + joined + "'");
    FeatureTable table;
    while (pos < text.size()) {
        const int recordLine = line;
        const auto f = readRecord(text, pos, line, sourceName);
        if (f.size() == 1 && f[0].empty())
            continue; // blank line
        if (f.size() != 7)
            fail(sourceName, recordLine, "expected 7 fields, found " + std::to_string(f.size()));
        const bool missing = !f[6].empty();
        if (missing && !f[4].empty())
            fail(sourceName, recordLine,
                 "a value is given ('" + f[4] + "') and also a missing_reason");
        if (!missing && f[4].empty())
            fail(sourceName, recordLine, "the value is empty but no missing_reason says why");
        table.values.push_back({f[0], f[1], f[2], f[3],
                                missing ? std::nan("") : parseValue(f[4], sourceName, recordLine),
                                f[5], f[6]});
    }
    return table;
}

} // namespace rgw::radiomics
