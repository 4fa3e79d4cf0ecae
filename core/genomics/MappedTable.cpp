#include "genomics/MappedTable.h"

#include "genomics/Identity.h"
#include "util/Error.h"
#include "util/ResourceBudget.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <fstream>
#include <initializer_list>
#include <iterator>
#include <map>
#include <optional>
#include <system_error>
#include <unordered_map>
#include <unordered_set>
#include <yaml-cpp/yaml.h>

namespace rgw::genomics {

namespace {

// --- text helpers ----------------------------------------------------------

char lower(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool equalsIgnoringCase(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                              [](char x, char y) { return lower(x) == lower(y); });
}

std::string_view trim(std::string_view text) {
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string_view::npos)
        return {};
    const auto last = text.find_last_not_of(" \t");
    return text.substr(first, last - first + 1);
}

bool allOf(std::string_view text, std::string_view allowedPunctuation) {
    return !text.empty() && std::all_of(text.begin(), text.end(), [&](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               allowedPunctuation.find(c) != std::string_view::npos;
    });
}

/// "MGMT promoter" -> "mgmt_promoter": lower case, other characters as one '_'.
std::string slug(std::string_view text) {
    std::string out;
    for (const char c : text) {
        const char l = lower(c);
        if ((l >= 'a' && l <= 'z') || (l >= '0' && l <= '9'))
            out.push_back(l);
        else if (!out.empty() && out.back() != '_')
            out.push_back('_');
    }
    while (!out.empty() && out.back() == '_')
        out.pop_back();
    return out;
}

/// The default study id: the file stem, characters outside [A-Za-z0-9_.-] as '_'.
std::string studyFromStem(const std::filesystem::path& table) {
    std::string stem = table.stem().string();
    for (char& c : stem)
        if (!allOf(std::string_view(&c, 1), "_.-"))
            c = '_';
    return stem.empty() ? "table" : stem;
}

template <typename Range> std::string listed(const Range& items, std::size_t most = 12) {
    std::string text;
    std::size_t n = 0;
    for (const auto& item : items) {
        if (n == most) {
            text += ", ...";
            break;
        }
        text += (n++ ? ", " : "") + std::string(item);
    }
    return text;
}

// --- cell values -----------------------------------------------------------

/// std::from_chars over the whole text (a leading '+' allowed): the value,
/// infinite or NaN as written ("inf", "nan"); std::errc::result_out_of_range
/// for "1e999"; std::errc::invalid_argument when the text is not a number.
std::errc readNumber(std::string_view text, double& value) {
    const char* begin = text.data();
    const char* end = begin + text.size();
    if (begin != end && *begin == '+') {
        ++begin;
        if (begin != end && (*begin == '+' || *begin == '-'))
            return std::errc::invalid_argument; // "+-1"
    }
    if (begin == end)
        return std::errc::invalid_argument;
    const auto [stop, ec] = std::from_chars(begin, end, value);
    if (stop != end)
        return std::errc::invalid_argument;
    return ec;
}

/// A finite number, or nothing.
std::optional<double> parseNumber(std::string_view text) {
    double value = 0;
    if (readNumber(text, value) != std::errc() || !std::isfinite(value))
        return std::nullopt;
    return value;
}

/// Why `text` is not a finite number.
std::string numberProblem(std::string_view text) {
    const std::string quoted = "'" + std::string(text) + "'";
    double value = 0;
    const std::errc ec = readNumber(text, value);
    if (ec == std::errc())
        return quoted + " is not a finite number";
    if (ec == std::errc::result_out_of_range)
        return quoted + " is out of the range of a double";
    std::string pointed(text);
    std::replace(pointed.begin(), pointed.end(), ',', '.');
    if (pointed != text && parseNumber(pointed))
        return quoted + " is not a number (write decimals with a point, not a comma)";
    return quoted + " is not a number";
}

bool isLeapYear(int year) {
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

/// ISO 8601 calendar dates: YYYY-MM-DD, YYYY-MM or YYYY (year 0001..9999).
bool isIsoDate(std::string_view text) {
    if (text.size() != 4 && text.size() != 7 && text.size() != 10)
        return false;
    const auto digits = [&](std::size_t at, std::size_t count, int& value) {
        value = 0;
        for (std::size_t i = at; i < at + count; ++i) {
            if (text[i] < '0' || text[i] > '9')
                return false;
            value = value * 10 + (text[i] - '0');
        }
        return true;
    };
    int year = 0, month = 0, day = 0;
    if (!digits(0, 4, year) || year < 1)
        return false;
    if (text.size() == 4)
        return true;
    if (text[4] != '-' || !digits(5, 2, month) || month < 1 || month > 12)
        return false;
    if (text.size() == 7)
        return true;
    constexpr std::array<int, 12> kDays{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const int days =
        month == 2 && isLeapYear(year) ? 29 : kDays[static_cast<std::size_t>(month - 1)];
    return text[7] == '-' && digits(8, 2, day) && day >= 1 && day <= days;
}

std::optional<bool> parseBoolean(std::string_view text) {
    for (const char* yes : {"true", "yes", "1"})
        if (equalsIgnoringCase(text, yes))
            return true;
    for (const char* no : {"false", "no", "0"})
        if (equalsIgnoringCase(text, no))
            return false;
    return std::nullopt;
}

/// The Sample::type a sample type cell names; nothing for other words.
std::optional<std::string> sampleTypeOf(std::string_view text) {
    static const std::array<std::pair<const char*, const char*>, 11> kWords{{
        {"primary", "primary"},
        {"primary tumor", "primary"},
        {"primary tumour", "primary"},
        {"metastasis", "metastasis"},
        {"metastatic", "metastasis"},
        {"recurrence", "recurrence"},
        {"recurrent", "recurrence"},
        {"recurrent tumor", "recurrence"},
        {"normal", "normal"},
        {"solid tissue normal", "normal"},
        {"blood derived normal", "normal"},
    }};
    for (const auto& [word, type] : kWords)
        if (equalsIgnoringCase(text, word))
            return std::string(type);
    return std::nullopt;
}

/// MAF Variant_Classification values that alter the protein: a "mutated"
/// test result must be one of them, or geneStatus would call it wild-type.
constexpr std::array<const char*, 11> kAlteringClasses{
    "Missense_Mutation", "Nonsense_Mutation",      "Nonstop_Mutation", "Frame_Shift_Del",
    "Frame_Shift_Ins",   "In_Frame_Del",           "In_Frame_Ins",     "Splice_Site",
    "Splice_Region",     "Translation_Start_Site", "Targeted_Region"};

template <typename T>
const T* findIgnoringCase(const std::vector<T>& items, std::string_view text,
                          std::string_view (*key)(const T&)) {
    for (const T& item : items)
        if (equalsIgnoringCase(key(item), text))
            return &item;
    return nullptr;
}

std::string_view selfKey(const std::string& s) {
    return s;
}
std::string_view fromKey(const std::pair<std::string, std::string>& p) {
    return p.first;
}
std::string_view mutatedKey(const MutatedValue& m) {
    return m.text;
}

// --- reading the mapping ---------------------------------------------------

std::size_t lineOf(const YAML::Node& node) {
    const YAML::Mark mark = node.Mark();
    return mark.is_null() ? 0 : static_cast<std::size_t>(mark.line) + 1;
}

class Reader {
public:
    explicit Reader(std::string source) : source_(std::move(source)) {}

    [[noreturn]] void fail(const std::string& path, std::size_t line,
                           const std::string& why) const {
        std::string message = source_;
        if (line > 0)
            message += ":" + std::to_string(line);
        throw Error(message + ": " + (path.empty() ? "" : path + ": ") + why);
    }
    const std::string& source() const { return source_; }

private:
    std::string source_;
};

struct Entry {
    std::string key;
    std::string path;
    YAML::Node value;
    std::size_t line = 0;
};

/// One YAML mapping: unknown and repeated keys are refused up front.
class Section {
public:
    Section(const Reader& reader, std::string path, const YAML::Node& node, std::size_t line,
            std::initializer_list<const char*> allowed)
        : reader_(reader), path_(std::move(path)) {
        if (!node.IsMap())
            reader_.fail(path_, line, "expected a mapping of keys (key: value)");
        for (auto it = node.begin(); it != node.end(); ++it) {
            const YAML::Node key = it->first;
            const std::size_t keyLine = lineOf(key) > 0 ? lineOf(key) : line;
            if (!key.IsScalar())
                reader_.fail(path_, keyLine, "keys must be plain names");
            const std::string name = key.Scalar();
            if (std::none_of(allowed.begin(), allowed.end(),
                             [&](const char* a) { return name == a; }))
                reader_.fail(join(name), keyLine,
                             "unknown key (expected one of " + listed(allowed, 99) + ")");
            if (find(name))
                reader_.fail(join(name), keyLine, "duplicate key");
            entries_.push_back({name, join(name), it->second, keyLine});
        }
    }

    const Entry* find(const std::string& key) const {
        for (const Entry& e : entries_)
            if (e.key == key)
                return &e;
        return nullptr;
    }
    const std::vector<Entry>& entries() const { return entries_; }
    std::string join(const std::string& key) const {
        return path_.empty() ? key : path_ + "." + key;
    }

private:
    const Reader& reader_;
    std::string path_;
    std::vector<Entry> entries_;
};

/// A scalar as text (quoted or plain), trimmed; empty (or ~) only where allowed.
std::string text(const Reader& r, const std::string& path, const YAML::Node& node, std::size_t line,
                 bool allowEmpty = false) {
    if (lineOf(node) > 0)
        line = lineOf(node);
    std::string value;
    if (node.IsScalar())
        value = std::string(trim(node.Scalar()));
    else if (!node.IsNull())
        r.fail(path, line, "expected a text value");
    if (value.empty() && !allowEmpty)
        r.fail(path, line, "must not be empty");
    return value;
}

std::string text(const Reader& r, const Entry& e, bool allowEmpty = false) {
    return text(r, e.path, e.value, e.line, allowEmpty);
}

std::size_t choice(const Reader& r, const Entry& e, std::initializer_list<const char*> choices) {
    const std::string value = text(r, e);
    std::size_t i = 0;
    for (const char* c : choices) {
        if (value == c)
            return i;
        ++i;
    }
    r.fail(e.path, e.line, "expected one of " + listed(choices, 99) + ", got '" + value + "'");
}

/// A YAML sequence of texts, checked to be distinct ignoring case.
std::vector<std::string> textList(const Reader& r, const Entry& e, bool allowEmptyItems) {
    if (!e.value.IsSequence())
        r.fail(e.path, e.line, "expected a list, e.g. [a, b]");
    std::vector<std::string> items;
    for (std::size_t i = 0; i < e.value.size(); ++i) {
        const YAML::Node item = e.value[i];
        const std::string path = e.path + "[" + std::to_string(i) + "]";
        std::string value = text(r, path, item, e.line, allowEmptyItems);
        if (findIgnoringCase(items, value, selfKey))
            r.fail(path, lineOf(item) > 0 ? lineOf(item) : e.line,
                   "'" + value + "' is listed twice");
        items.push_back(std::move(value));
    }
    return items;
}

/// A YAML mapping of texts to texts, in file order, keys distinct ignoring case.
std::vector<std::pair<std::string, std::string>> textMap(const Reader& r, const Entry& e) {
    if (!e.value.IsMap())
        r.fail(e.path, e.line, "expected a mapping {value in the table: value to record}");
    std::vector<std::pair<std::string, std::string>> pairs;
    for (auto it = e.value.begin(); it != e.value.end(); ++it) {
        const std::size_t line = lineOf(it->first) > 0 ? lineOf(it->first) : e.line;
        const std::string from = text(r, e.path, it->first, line);
        const std::string path = e.path + "." + from;
        const std::string to = text(r, path, it->second, line);
        if (findIgnoringCase(pairs, from, fromKey))
            r.fail(path, line, "'" + from + "' is given twice");
        pairs.emplace_back(from, to);
    }
    return pairs;
}

MappedColumnName columnName(const Reader& r, const Entry& e) {
    return {text(r, e), e.line};
}

const char* roleKey(ColumnRole role) {
    switch (role) {
    case ColumnRole::Clinical:
        return "attribute";
    case ColumnRole::Mutation:
        return "mutation";
    case ColumnRole::Subtype:
        return "subtype";
    case ColumnRole::Score:
        break;
    }
    return "score";
}

ColumnMapping readColumn(const Reader& r, const YAML::Node& node, const std::string& path,
                         std::size_t line, const TableMapping& table) {
    const Section s(r, path, node, line,
                    {"column", "attribute", "type", "display_name", "description", "level",
                     "values", "mutation", "mutated", "wild_type", "classification", "method",
                     "profile", "subtype", "score", "unit"});
    ColumnMapping c;
    const Entry* column = s.find("column");
    if (!column)
        r.fail(s.join("column"), line, "required: the header text of the table column");
    c.column = columnName(r, *column);

    std::vector<const Entry*> roles;
    for (const ColumnRole role :
         {ColumnRole::Clinical, ColumnRole::Mutation, ColumnRole::Subtype, ColumnRole::Score})
        if (const Entry* e = s.find(roleKey(role))) {
            roles.push_back(e);
            c.role = role;
        }
    if (roles.size() != 1)
        r.fail(path, roles.size() > 1 ? roles[1]->line : line,
               "give exactly one of attribute, mutation, subtype, score");
    const Entry& roleEntry = *roles.front();

    std::vector<std::string_view> allowed{"column", roleKey(c.role)};
    switch (c.role) {
    case ColumnRole::Clinical:
        allowed.insert(allowed.end(), {"type", "display_name", "description", "level", "values"});
        break;
    case ColumnRole::Mutation:
        allowed.insert(allowed.end(),
                       {"mutated", "wild_type", "classification", "method", "profile"});
        break;
    case ColumnRole::Subtype:
        allowed.insert(allowed.end(), {"method", "values", "profile"});
        break;
    case ColumnRole::Score:
        allowed.insert(allowed.end(), {"unit", "method", "profile"});
        break;
    }
    for (const Entry& e : s.entries())
        if (std::none_of(allowed.begin(), allowed.end(),
                         [&](std::string_view a) { return e.key == a; }))
            r.fail(e.path, e.line,
                   std::string("does not apply to a column with `") + roleKey(c.role) + ":`");

    if (const Entry* e = s.find("method"))
        c.method = text(r, *e);
    if (const Entry* e = s.find("unit"))
        c.unit = text(r, *e);
    if (const Entry* e = s.find("profile")) {
        c.profileStableId = text(r, *e);
        if (!allOf(c.profileStableId, "_.-"))
            r.fail(e->path, e->line, "a profile id uses letters, digits, '_', '.', '-' only");
    }

    switch (c.role) {
    case ColumnRole::Clinical: {
        ClinicalAttribute& a = c.attribute;
        a.id = text(r, roleEntry);
        if (!allOf(a.id, "_"))
            r.fail(roleEntry.path, roleEntry.line,
                   "an attribute id uses letters, digits and '_' only, got '" + a.id + "'");
        const Entry* type = s.find("type");
        if (!type)
            r.fail(s.join("type"), line, "required: number, category, date or boolean");
        constexpr std::array<ClinicalDatatype, 4> kTypes{
            ClinicalDatatype::Number, ClinicalDatatype::String, ClinicalDatatype::Date,
            ClinicalDatatype::Boolean};
        a.datatype = kTypes[choice(r, *type, {"number", "category", "date", "boolean"})];
        a.displayName = a.id;
        if (const Entry* e = s.find("display_name"))
            a.displayName = text(r, *e);
        if (const Entry* e = s.find("description"))
            a.description = text(r, *e);
        a.level = table.idLevel;
        if (const Entry* e = s.find("level")) {
            a.level = choice(r, *e, {"patient", "sample"}) == 0 ? AttributeLevel::Patient
                                                                : AttributeLevel::Sample;
            if (a.level == AttributeLevel::Sample && table.idLevel == AttributeLevel::Patient)
                r.fail(e->path, e->line,
                       "sample needs id_level: sample (the rows of this table are patients)");
        }
        if (const Entry* e = s.find("values")) {
            if (a.datatype != ClinicalDatatype::String)
                r.fail(e->path, e->line, "recoding applies to type: category only");
            c.values = textMap(r, *e);
        }
        break;
    }
    case ColumnRole::Mutation: {
        c.name = text(r, roleEntry);
        if (!allOf(c.name, "_.-"))
            r.fail(roleEntry.path, roleEntry.line,
                   "expected a HUGO gene symbol, got '" + c.name + "'");
        const Entry* mutated = s.find("mutated");
        const Entry* wildType = s.find("wild_type");
        if (!mutated)
            r.fail(s.join("mutated"), line, "required: the values that mean mutated");
        if (!wildType)
            r.fail(s.join("wild_type"), line,
                   "required: the values that mean tested and not mutated ([] for none)");
        for (std::string& value : textList(r, *mutated, false))
            c.mutated.push_back({std::move(value), "Missense_Mutation"});
        if (c.mutated.empty())
            r.fail(mutated->path, mutated->line, "must list at least one value");
        c.wildType = textList(r, *wildType, false);
        for (const std::string& value : c.wildType)
            if (findIgnoringCase(c.mutated, value, mutatedKey))
                r.fail(wildType->path, wildType->line,
                       "'" + value + "' is both mutated and wild-type");
        for (const std::string& value : table.missing) {
            const Entry* clash = findIgnoringCase(c.mutated, value, mutatedKey) ? mutated
                                 : findIgnoringCase(c.wildType, value, selfKey) ? wildType
                                                                                : nullptr;
            if (clash)
                r.fail(clash->path, clash->line, "'" + value + "' is a missing value");
        }
        if (const Entry* e = s.find("classification")) {
            const auto check = [&](const std::string& path, std::size_t at,
                                   const std::string& value) {
                if (std::none_of(kAlteringClasses.begin(), kAlteringClasses.end(),
                                 [&](const char* k) { return value == k; }))
                    r.fail(path, at,
                           "expected a protein-altering MAF Variant_Classification (" +
                               listed(kAlteringClasses, 99) + "), got '" + value + "'");
            };
            if (e->value.IsMap()) {
                const auto classes = textMap(r, *e);
                for (const auto& [value, cls] : classes) {
                    check(e->path + "." + value, e->line, cls);
                    if (!findIgnoringCase(c.mutated, value, mutatedKey))
                        r.fail(e->path + "." + value, e->line,
                               "'" + value + "' is not one of the mutated values");
                }
                for (MutatedValue& m : c.mutated) {
                    const auto* given = findIgnoringCase(classes, m.text, fromKey);
                    if (!given)
                        r.fail(e->path, e->line, "no classification for '" + m.text + "'");
                    m.classification = given->second;
                }
            } else {
                const std::string cls = text(r, *e);
                check(e->path, e->line, cls);
                for (MutatedValue& m : c.mutated)
                    m.classification = cls;
            }
        }
        break;
    }
    case ColumnRole::Subtype:
        c.name = text(r, roleEntry);
        if (const Entry* e = s.find("values"))
            c.values = textMap(r, *e);
        break;
    case ColumnRole::Score:
        c.name = text(r, roleEntry);
        break;
    }
    return c;
}

TableMapping readMapping(const Reader& r, const YAML::Node& root) {
    if (root.IsNull())
        r.fail("", 0, "empty mapping: id_column and columns are required");
    const Section s(r, "", root, 1,
                    {"id_column", "id_level", "patient_column", "sample_type_column", "delimiter",
                     "missing", "study", "columns"});
    TableMapping m;
    m.source = r.source();
    const Entry* id = s.find("id_column");
    if (!id)
        r.fail("id_column", 1, "required: the header of the column holding the ids");
    m.idColumn = columnName(r, *id);
    if (const Entry* e = s.find("id_level"))
        m.idLevel = choice(r, *e, {"patient", "sample"}) == 0 ? AttributeLevel::Patient
                                                              : AttributeLevel::Sample;
    for (const auto& [key, target] : {std::pair{"patient_column", &m.patientColumn},
                                      std::pair{"sample_type_column", &m.sampleTypeColumn}}) {
        if (const Entry* e = s.find(key)) {
            if (m.idLevel != AttributeLevel::Sample)
                r.fail(e->path, e->line, "applies to id_level: sample only");
            *target = columnName(r, *e);
        }
    }
    if (const Entry* e = s.find("delimiter")) {
        constexpr std::array<Delimiter, 4> kDelimiters{Delimiter::Auto, Delimiter::Comma,
                                                       Delimiter::Tab, Delimiter::Semicolon};
        m.delimiter = kDelimiters[choice(r, *e, {"auto", "comma", "tab", "semicolon"})];
    }
    m.missing = defaultMissingValues();
    if (const Entry* e = s.find("missing")) {
        m.missing = textList(r, *e, true);
        if (!findIgnoringCase(m.missing, "", selfKey))
            m.missing.insert(m.missing.begin(), ""); // an empty cell is always missing
    }
    if (const Entry* e = s.find("study")) {
        m.study = text(r, *e);
        if (!allOf(m.study, "_.-"))
            r.fail(e->path, e->line, "a study id uses letters, digits, '_', '.', '-' only");
    }
    const Entry* columns = s.find("columns");
    if (!columns)
        r.fail("columns", 1, "required: the list of table columns to import");
    if (!columns->value.IsSequence() || columns->value.size() == 0)
        r.fail(columns->path, columns->line, "expected a non-empty list of column entries");

    std::map<std::string, std::size_t> columnLines; // header text -> mapping line
    std::map<std::string, std::size_t> attributeLines;
    for (const MappedColumnName* special : {&m.idColumn, &m.patientColumn, &m.sampleTypeColumn})
        if (!special->name.empty() && !columnLines.emplace(special->name, special->line).second)
            r.fail("", special->line,
                   "column '" + special->name + "' is already used on line " +
                       std::to_string(columnLines[special->name]));
    for (std::size_t i = 0; i < columns->value.size(); ++i) {
        const YAML::Node node = columns->value[i];
        const std::size_t line = lineOf(node) > 0 ? lineOf(node) : columns->line;
        ColumnMapping c = readColumn(r, node, "columns[" + std::to_string(i) + "]", line, m);
        if (const auto [at, fresh] = columnLines.emplace(c.column.name, c.column.line); !fresh)
            r.fail("columns[" + std::to_string(i) + "].column", c.column.line,
                   "column '" + c.column.name + "' is already mapped on line " +
                       std::to_string(at->second));
        if (c.role == ColumnRole::Clinical) {
            const auto [at, fresh] = attributeLines.emplace(c.attribute.id, c.column.line);
            if (!fresh)
                r.fail("columns[" + std::to_string(i) + "].attribute", c.column.line,
                       "attribute '" + c.attribute.id + "' is already mapped on line " +
                           std::to_string(at->second));
        }
        m.columns.push_back(std::move(c));
    }
    return m;
}

// --- reading the table -----------------------------------------------------

/// A mapped column found in the header, and where its records go.
struct ActiveColumn {
    const ColumnMapping* mapping = nullptr;
    std::size_t index = 0;   ///< field index in the table
    std::size_t profile = 0; ///< index into GenomicDataSet::profiles (genomic roles)
};

class TableReader {
public:
    TableReader(const std::filesystem::path& table, const TableMapping& mapping)
        : mapping_(mapping), reader_(table, mapping.delimiter) {
        out_.source = reader_.name();
        out_.studyId = mapping.study.empty() ? studyFromStem(table) : mapping.study;
        out_.studyName = table.filename().string();
        out_.studyDescription = "Table " + table.filename().string() + " read with mapping " +
                                std::filesystem::path(mapping.source).filename().string();
    }

    GenomicDataSet read() {
        readHeader();
        DelimitedRecord row;
        while (reader_.next(row))
            readRow(row);
        return std::move(out_);
    }

private:
    const std::string& name() const { return reader_.name(); }

    std::string columnLabel(std::size_t index) const {
        if (index < header_.size() && !header_[index].empty())
            return header_[index];
        return "column " + std::to_string(index + 1);
    }

    void problem(std::size_t line, std::string column, std::string message) {
        out_.problems.push_back({{name(), line, std::move(column)}, std::move(message)});
    }

    /// The header index of a mapped column; nothing (and a problem, or an
    /// rgw::Error when `required`) when the header lacks it or has it twice.
    std::optional<std::size_t> locate(const MappedColumnName& column, bool required) {
        const auto found = headerIndex_.find(column.name);
        const std::size_t count = found == headerIndex_.end() ? 0 : found->second.second;
        if (count == 1)
            return found->second.first;
        const std::string why =
            count == 0
                ? "not in the header of " + name() + " (its columns: " + listed(header_) + ")"
                : "appears " + std::to_string(count) + " times in the header of " + name();
        if (required) {
            std::string message = mapping_.source;
            if (column.line > 0)
                message += ":" + std::to_string(column.line);
            throw Error(message + ": column '" + column.name + "' " + why);
        }
        out_.problems.push_back({{mapping_.source, column.line, column.name}, why});
        return std::nullopt;
    }

    void readHeader() {
        DelimitedRecord record;
        if (!reader_.next(record))
            throw Error(name() + ": empty table: no header line");
        headerLine_ = record.line;
        for (const DelimitedField& field : record.fields) {
            if (!field.problem.empty())
                throw Error(name() + ":" + std::to_string(field.problemLine) +
                            ": header: " + field.problem);
            header_.emplace_back(trim(field.text));
            auto& [first, count] = headerIndex_[header_.back()];
            if (count++ == 0)
                first = header_.size() - 1;
        }
        std::vector<bool> used(header_.size(), false);
        idIndex_ = *locate(mapping_.idColumn, true);
        used[idIndex_] = true;
        if (!mapping_.patientColumn.name.empty()) {
            patientIndex_ = locate(mapping_.patientColumn, true);
            used[*patientIndex_] = true;
        }
        if (!mapping_.sampleTypeColumn.name.empty()) {
            typeIndex_ = locate(mapping_.sampleTypeColumn, true);
            used[*typeIndex_] = true;
        }
        std::map<std::string, std::size_t> profileLines;
        for (const ColumnMapping& column : mapping_.columns) {
            const auto index = locate(column.column, false);
            if (!index)
                continue;
            used[*index] = true;
            ActiveColumn active{&column, *index, 0};
            if (column.role == ColumnRole::Clinical) {
                out_.attributes.push_back(column.attribute);
            } else {
                GenomicProfile profile = makeProfile(column);
                if (const auto [at, fresh] =
                        profileLines.emplace(profile.stableId, column.column.line);
                    !fresh)
                    throw Error(mapping_.source + ":" + std::to_string(column.column.line) +
                                ": profile '" + profile.stableId +
                                "' is also the profile of the column on line " +
                                std::to_string(at->second) + " (name one with `profile:`)");
                active.profile = out_.profiles.size();
                out_.profiles.push_back(std::move(profile));
            }
            active_.push_back(active);
        }
        for (std::size_t i = 0; i < header_.size(); ++i)
            if (!used[i])
                out_.skippedFiles.push_back(
                    {name(), (header_[i].empty() ? columnLabel(i) + " (no name)"
                                                 : "column '" + header_[i] + "'") +
                                 " is not in the mapping: not imported"});
    }

    GenomicProfile makeProfile(const ColumnMapping& column) {
        GenomicProfile p;
        p.sourceFile = name();
        p.datatype = "MAPPED_TABLE";
        p.unit = column.unit;
        const std::string from = "column '" + column.column.name + "' of " +
                                 std::filesystem::path(name()).filename().string();
        const std::string method = column.method.empty() ? "" : "; method: " + column.method;
        switch (column.role) {
        case ColumnRole::Mutation: {
            p.kind = ProfileKind::Mutation;
            p.stableId = column.profileStableId.empty() ? out_.studyId + "_" + column.name + "_test"
                                                        : column.profileStableId;
            p.name = column.name + " test";
            p.description = "Single-gene test of " + column.name + ", " + from + method;
            p.genePanel = p.stableId;
            out_.panels.push_back({p.stableId,
                                   "Single-gene test of " + column.name + " (" + from + ")",
                                   {column.name}});
            break;
        }
        case ColumnRole::Subtype:
        case ColumnRole::Score:
            p.kind =
                column.role == ColumnRole::Subtype ? ProfileKind::Subtype : ProfileKind::AssayScore;
            p.stableId =
                column.profileStableId.empty()
                    ? out_.studyId + "_" + (slug(column.name).empty() ? "call" : slug(column.name))
                    : column.profileStableId;
            p.name = column.name;
            p.description = (column.role == ColumnRole::Subtype ? "Calls of " : "Scores of ") +
                            column.name + ", " + from + method;
            break;
        case ColumnRole::Clinical:
            break;
        }
        return p;
    }

    bool isMissing(std::string_view value) const {
        return value.empty() || findIgnoringCase(mapping_.missing, value, selfKey);
    }

    /// The trimmed cell, or nothing when missing or untrustworthy (reported).
    std::optional<std::string_view> cell(const DelimitedRecord& row, std::size_t index) const {
        const DelimitedField& field = row.fields[index];
        if (!field.problem.empty())
            return std::nullopt;
        const std::string_view value = trim(field.text);
        if (isMissing(value))
            return std::nullopt;
        return value;
    }

    /// The row's sample for genomic results: at patient level created on first use.
    const std::string& testedSample(std::size_t& rowSample) {
        if (rowSample == kNone) {
            rowSample = out_.samples.size();
            out_.samples.push_back({patient_ + "-tested", patient_, "", ""});
        }
        return out_.samples[rowSample].sampleId;
    }

    void readRow(const DelimitedRecord& row) {
        if (!row.complete) {
            const DelimitedField& field = row.fields.back();
            problem(field.problemLine, columnLabel(row.fields.size() - 1),
                    field.problem + "; the row is not imported");
            return;
        }
        if (row.fields.size() != header_.size()) {
            problem(row.line, "",
                    std::to_string(row.fields.size()) + " fields, the header (line " +
                        std::to_string(headerLine_) + ") has " + std::to_string(header_.size()) +
                        "; the row is not imported");
            return;
        }
        budget::requireMemory(budget::product({rows_ + 1, active_.size() + 2, sizeof(Mutation)}),
                              name(),
                              "the records of " + std::to_string(rows_ + 1) + " rows x " +
                                  std::to_string(active_.size()) + " mapped columns");
        ++rows_;
        for (std::size_t i = 0; i < row.fields.size(); ++i)
            if (!row.fields[i].problem.empty())
                problem(row.fields[i].problemLine, columnLabel(i), row.fields[i].problem);

        const std::string& idName = header_[idIndex_];
        if (!row.fields[idIndex_].problem.empty())
            return; // reported above
        const auto id = cell(row, idIndex_);
        if (!id) {
            problem(row.line, idName, "no id; the row is not imported");
            return;
        }
        const std::string idText(*id);
        if (const auto [at, fresh] = idLines_.emplace(idText, row.line); !fresh) {
            problem(row.line, idName,
                    "'" + idText + "' is given twice (first on line " + std::to_string(at->second) +
                        "); the row is not imported");
            return;
        }

        std::size_t rowSample = kNone;
        if (mapping_.idLevel == AttributeLevel::Patient) {
            patient_ = idText;
        } else {
            const auto barcode = parseTcgaBarcode(idText);
            if (patientIndex_) {
                const auto patient = cell(row, *patientIndex_);
                if (!patient) {
                    if (row.fields[*patientIndex_].problem.empty())
                        problem(row.line, header_[*patientIndex_],
                                "no patient for sample '" + idText + "'; the row is not imported");
                    idLines_.erase(idText);
                    return;
                }
                patient_ = std::string(*patient);
            } else {
                patient_ = barcode ? barcode->patient : idText;
            }
            std::string type;
            const auto written = typeIndex_ ? cell(row, *typeIndex_) : std::nullopt;
            if (written) {
                if (const auto known = sampleTypeOf(*written))
                    type = *known;
                else
                    problem(row.fields[*typeIndex_].line, header_[*typeIndex_],
                            "'" + std::string(*written) +
                                "' is not a sample type (primary, metastasis, recurrence, "
                                "normal); the sample's type is left empty");
            } else if (barcode && barcode->sampleType) {
                type = tcgaSampleType(*barcode->sampleType);
            }
            rowSample = out_.samples.size();
            out_.samples.push_back({idText, patient_, type, ""});
        }
        if (patients_.insert(patient_).second)
            out_.patients.push_back(patient_);

        for (const ActiveColumn& column : active_) {
            const auto value = cell(row, column.index);
            if (!value)
                continue;
            const DelimitedField& field = row.fields[column.index];
            SourceLocation where{name(), field.line, header_[column.index]};
            const ColumnMapping& m = *column.mapping;
            switch (m.role) {
            case ColumnRole::Clinical:
                clinical(m, *value, std::move(where), rowSample);
                break;
            case ColumnRole::Mutation:
                mutation(m, column.profile, *value, std::move(where), rowSample);
                break;
            case ColumnRole::Subtype:
            case ColumnRole::Score:
                call(m, column.profile, *value, std::move(where), rowSample);
                break;
            }
        }
    }

    /// The recorded text of a category or subtype value; nothing (and a
    /// problem) when `values` is given and does not list it.
    std::optional<std::string> recoded(const ColumnMapping& m, std::string_view value,
                                       const SourceLocation& where) {
        if (m.values.empty())
            return std::string(value);
        if (const auto* pair = findIgnoringCase(m.values, value, fromKey))
            return pair->second;
        std::vector<std::string> allowed;
        for (const auto& [from, to] : m.values)
            allowed.push_back(from);
        out_.problems.push_back({where, "'" + std::string(value) +
                                            "' is not one of the values of the mapping (" +
                                            listed(allowed) + ")"});
        return std::nullopt;
    }

    void clinical(const ColumnMapping& m, std::string_view value, SourceLocation where,
                  std::size_t rowSample) {
        const ClinicalAttribute& a = m.attribute;
        ClinicalValue v;
        v.attributeId = a.id;
        v.entityId =
            a.level == AttributeLevel::Patient ? patient_ : out_.samples[rowSample].sampleId;
        switch (a.datatype) {
        case ClinicalDatatype::Number:
            v.number = parseNumber(value);
            if (!v.number) {
                out_.problems.push_back({std::move(where), numberProblem(value)});
                return;
            }
            v.text = value;
            break;
        case ClinicalDatatype::String: {
            auto text = recoded(m, value, where);
            if (!text)
                return;
            v.text = std::move(*text);
            break;
        }
        case ClinicalDatatype::Date:
            if (!isIsoDate(value)) {
                out_.problems.push_back(
                    {std::move(where),
                     "'" + std::string(value) + "' is not a date (YYYY-MM-DD, YYYY-MM or YYYY)"});
                return;
            }
            v.text = value;
            break;
        case ClinicalDatatype::Boolean: {
            const auto flag = parseBoolean(value);
            if (!flag) {
                out_.problems.push_back(
                    {std::move(where),
                     "'" + std::string(value) + "' is not true, false, yes, no, 1 or 0"});
                return;
            }
            v.text = *flag ? "TRUE" : "FALSE";
            break;
        }
        }
        v.where = std::move(where);
        if (mapping_.idLevel == AttributeLevel::Sample && a.level == AttributeLevel::Patient) {
            // Several samples of one patient: one value, the first; a different one is a problem.
            const auto [at, fresh] =
                patientValues_.emplace(std::pair{patient_, a.id}, out_.clinicalValues.size());
            if (!fresh) {
                const ClinicalValue& first = out_.clinicalValues[at->second];
                if (first.text != v.text)
                    out_.problems.push_back({v.where, "patient '" + patient_ + "' has '" +
                                                          first.text + "' on line " +
                                                          std::to_string(first.where.line) + "; '" +
                                                          v.text + "' here is not imported"});
                return;
            }
        }
        out_.clinicalValues.push_back(std::move(v));
    }

    void mutation(const ColumnMapping& m, std::size_t profile, std::string_view value,
                  SourceLocation where, std::size_t& rowSample) {
        const MutatedValue* mutated = findIgnoringCase(m.mutated, value, mutatedKey);
        if (!mutated && !findIgnoringCase(m.wildType, value, selfKey)) {
            out_.problems.push_back(
                {std::move(where), "'" + std::string(value) +
                                       "' is in neither the mutated nor the wild_type list of "
                                       "the mapping: the sample counts as not profiled for " +
                                       m.name});
            return;
        }
        const std::string sample = testedSample(rowSample);
        out_.profiles[profile].profiledSamples.push_back(sample);
        if (!mutated)
            return; // tested, wild-type: no record
        Mutation record;
        record.profileStableId = out_.profiles[profile].stableId;
        record.sampleId = sample;
        record.gene.hugoSymbol = m.name;
        record.proteinChange = mutated->text;
        record.variantClassification = mutated->classification;
        record.where = std::move(where);
        out_.mutations.push_back(std::move(record));
    }

    void call(const ColumnMapping& m, std::size_t profile, std::string_view value,
              SourceLocation where, std::size_t& rowSample) {
        SampleCall c;
        if (m.role == ColumnRole::Score) {
            c.score = parseNumber(value);
            if (!c.score) {
                out_.problems.push_back({std::move(where), numberProblem(value)});
                return;
            }
        } else {
            auto category = recoded(m, value, where);
            if (!category)
                return;
            c.category = std::move(*category);
        }
        c.sampleId = testedSample(rowSample);
        c.profileStableId = out_.profiles[profile].stableId;
        c.method = m.method;
        c.where = std::move(where);
        out_.profiles[profile].profiledSamples.push_back(c.sampleId);
        out_.calls.push_back(std::move(c));
    }

    static constexpr std::size_t kNone = static_cast<std::size_t>(-1);

    const TableMapping& mapping_;
    DelimitedTextReader reader_;
    GenomicDataSet out_;
    std::vector<std::string> header_;
    /// Header name -> (index of its first column, how many columns have it).
    std::unordered_map<std::string, std::pair<std::size_t, std::size_t>> headerIndex_;
    std::size_t headerLine_ = 0;
    std::size_t idIndex_ = 0;
    std::optional<std::size_t> patientIndex_;
    std::optional<std::size_t> typeIndex_;
    std::vector<ActiveColumn> active_;
    std::size_t rows_ = 0;
    std::string patient_; ///< the current row's patient
    std::unordered_map<std::string, std::size_t> idLines_;
    std::unordered_set<std::string> patients_;
    std::map<std::pair<std::string, std::string>, std::size_t> patientValues_;
};

} // namespace

std::vector<std::string> defaultMissingValues() {
    return {"", "NA", "N/A", "[Not Available]", "unknown"};
}

TableMapping parseTableMapping(std::string_view yamlText, const std::string& sourceName) {
    const Reader reader(sourceName);
    YAML::Node root;
    try {
        root = YAML::Load(std::string(yamlText));
    } catch (const YAML::Exception& e) {
        reader.fail("", e.mark.is_null() ? 0 : static_cast<std::size_t>(e.mark.line) + 1,
                    "not valid YAML: " + e.msg);
    }
    try {
        return readMapping(reader, root);
    } catch (const YAML::Exception& e) {
        reader.fail("", e.mark.is_null() ? 0 : static_cast<std::size_t>(e.mark.line) + 1,
                    "cannot be read: " + e.msg);
    }
}

TableMapping readTableMapping(const std::filesystem::path& mapping) {
    const std::string name = mapping.string();
    std::ifstream in(mapping, std::ios::binary);
    if (!in)
        throw Error(name + ": cannot open the mapping file");
    std::error_code ec;
    const auto size = std::filesystem::file_size(mapping, ec);
    if (!ec)
        budget::requireMemory(size, name, "the mapping file");
    const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    return parseTableMapping(text, name);
}

GenomicDataSet readMappedTable(const std::filesystem::path& table, const TableMapping& mapping) {
    return TableReader(table, mapping).read();
}

GenomicDataSet readMappedTable(const std::filesystem::path& table,
                               const std::filesystem::path& mapping) {
    return readMappedTable(table, readTableMapping(mapping));
}

} // namespace rgw::genomics
