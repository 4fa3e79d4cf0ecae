#include "genomics/MappingWriter.h"

#include <cstdio>
#include <sstream>

namespace rgw::genomics {
namespace {

/// A YAML double-quoted scalar: backslash, quote and control characters
/// escaped; other bytes (UTF-8) as they are.
std::string quoted(const std::string& text) {
    std::string out = "\"";
    for (const char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if (ch == '"' || ch == '\\') {
            out += '\\';
            out += ch;
        } else if (ch == '\n') {
            out += "\\n";
        } else if (ch == '\t') {
            out += "\\t";
        } else if (c < 0x20 || c == 0x7f) {
            char escaped[8];
            std::snprintf(escaped, sizeof escaped, "\\x%02x", c);
            out += escaped;
        } else {
            out += ch;
        }
    }
    return out + '"';
}

std::string list(const std::vector<std::string>& items) {
    std::string out = "[";
    for (std::size_t i = 0; i < items.size(); ++i)
        out += (i ? ", " : "") + quoted(items[i]);
    return out + "]";
}

std::string map(const std::vector<std::pair<std::string, std::string>>& items) {
    std::string out = "{";
    for (std::size_t i = 0; i < items.size(); ++i)
        out += (i ? ", " : "") + quoted(items[i].first) + ": " + quoted(items[i].second);
    return out + "}";
}

const char* typeName(ClinicalDatatype type) {
    switch (type) {
    case ClinicalDatatype::Number:
        return "number";
    case ClinicalDatatype::Date:
        return "date";
    case ClinicalDatatype::Boolean:
        return "boolean";
    case ClinicalDatatype::String:
        break;
    }
    return "category";
}

const char* delimiterName(Delimiter delimiter) {
    switch (delimiter) {
    case Delimiter::Comma:
        return "comma";
    case Delimiter::Tab:
        return "tab";
    case Delimiter::Semicolon:
        return "semicolon";
    case Delimiter::Auto:
        break;
    }
    return "auto";
}

const char* levelName(AttributeLevel level) {
    return level == AttributeLevel::Sample ? "sample" : "patient";
}

void writeColumn(std::ostream& out, const ColumnMapping& c, const TableMapping& table) {
    out << "  - column: " << quoted(c.column.name) << '\n';
    const auto line = [&](const char* key, const std::string& value) {
        out << "    " << key << ": " << value << '\n';
    };
    switch (c.role) {
    case ColumnRole::Clinical:
        line("attribute", quoted(c.attribute.id));
        line("type", typeName(c.attribute.datatype));
        if (!c.attribute.displayName.empty() && c.attribute.displayName != c.attribute.id)
            line("display_name", quoted(c.attribute.displayName));
        if (!c.attribute.description.empty())
            line("description", quoted(c.attribute.description));
        if (c.attribute.level != table.idLevel)
            line("level", levelName(c.attribute.level));
        if (!c.values.empty())
            line("values", map(c.values));
        break;
    case ColumnRole::Mutation: {
        line("mutation", quoted(c.name));
        std::vector<std::string> mutated;
        bool oneClass = true;
        for (const auto& m : c.mutated) {
            mutated.push_back(m.text);
            oneClass = oneClass && m.classification == c.mutated.front().classification;
        }
        line("mutated", list(mutated));
        line("wild_type", list(c.wildType));
        if (!c.mutated.empty()) {
            if (!oneClass) {
                std::vector<std::pair<std::string, std::string>> classes;
                for (const auto& m : c.mutated)
                    classes.emplace_back(m.text, m.classification);
                line("classification", map(classes));
            } else if (c.mutated.front().classification != "Missense_Mutation") {
                line("classification", quoted(c.mutated.front().classification));
            }
        }
        break;
    }
    case ColumnRole::Subtype:
        line("subtype", quoted(c.name));
        if (!c.values.empty())
            line("values", map(c.values));
        break;
    case ColumnRole::Score:
        line("score", quoted(c.name));
        if (!c.unit.empty())
            line("unit", quoted(c.unit));
        break;
    }
    if (!c.method.empty())
        line("method", quoted(c.method));
    if (!c.profileStableId.empty())
        line("profile", quoted(c.profileStableId));
}

bool sameColumn(const ColumnMapping& a, const ColumnMapping& b) {
    const auto sameMutated = [](const auto& x, const auto& y) {
        if (x.size() != y.size())
            return false;
        for (std::size_t i = 0; i < x.size(); ++i)
            if (x[i].text != y[i].text || x[i].classification != y[i].classification)
                return false;
        return true;
    };
    return a.column.name == b.column.name && a.role == b.role &&
           (a.role != ColumnRole::Clinical || (a.attribute.id == b.attribute.id &&
                                               a.attribute.displayName == b.attribute.displayName &&
                                               a.attribute.description == b.attribute.description &&
                                               a.attribute.datatype == b.attribute.datatype &&
                                               a.attribute.level == b.attribute.level)) &&
           a.values == b.values && a.name == b.name && a.profileStableId == b.profileStableId &&
           a.method == b.method && a.unit == b.unit && sameMutated(a.mutated, b.mutated) &&
           a.wildType == b.wildType;
}

} // namespace

std::string writeTableMapping(const TableMapping& mapping) {
    std::ostringstream out;
    out << "# Column mapping (resources/mapping/README.md)\n";
    out << "id_column: " << quoted(mapping.idColumn.name) << '\n';
    out << "id_level: " << levelName(mapping.idLevel) << '\n';
    if (!mapping.patientColumn.name.empty())
        out << "patient_column: " << quoted(mapping.patientColumn.name) << '\n';
    if (!mapping.sampleTypeColumn.name.empty())
        out << "sample_type_column: " << quoted(mapping.sampleTypeColumn.name) << '\n';
    if (mapping.delimiter != Delimiter::Auto)
        out << "delimiter: " << delimiterName(mapping.delimiter) << '\n';
    if (mapping.missing != defaultMissingValues())
        out << "missing: " << list(mapping.missing) << '\n';
    if (!mapping.study.empty())
        out << "study: " << quoted(mapping.study) << '\n';
    out << "columns:\n";
    for (const auto& column : mapping.columns)
        writeColumn(out, column, mapping);
    return out.str();
}

bool sameMapping(const TableMapping& a, const TableMapping& b) {
    if (a.idColumn.name != b.idColumn.name || a.idLevel != b.idLevel ||
        a.patientColumn.name != b.patientColumn.name ||
        a.sampleTypeColumn.name != b.sampleTypeColumn.name || a.delimiter != b.delimiter ||
        a.missing != b.missing || a.study != b.study || a.columns.size() != b.columns.size())
        return false;
    for (std::size_t i = 0; i < a.columns.size(); ++i)
        if (!sameColumn(a.columns[i], b.columns[i]))
            return false;
    return true;
}

} // namespace rgw::genomics
