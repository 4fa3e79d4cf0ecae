#include "genomics/CbioClinical.h"

#include "genomics/Identity.h"
#include "genomics/TabularText.h"
#include "util/Text.h"

#include <map>
#include <optional>
#include <set>

namespace rgw::genomics {

namespace {

std::optional<ClinicalDatatype> datatypeFromText(std::string_view text) {
    const std::string t = asciiLower(trim(text));
    if (t == "number")
        return ClinicalDatatype::Number;
    if (t == "string")
        return ClinicalDatatype::String;
    if (t == "boolean")
        return ClinicalDatatype::Boolean;
    return std::nullopt;
}

/// The four '#' lines and the column header of a clinical file.
struct ClinicalHeader {
    std::vector<std::string> columns;
    std::vector<std::vector<std::string>> described; // the '#' lines' fields
    std::vector<std::size_t> describedLines;
    std::size_t headerLine = 0;
};

class ClinicalReader {
public:
    ClinicalReader(const std::filesystem::path& file, AttributeLevel level, GenomicDataSet& out)
        : path_(file), name_(file.string()), level_(level), out_(out) {}

    bool read();

private:
    bool readHeader(LineReader& reader, ClinicalHeader& header);
    bool buildAttributes(const ClinicalHeader& header);
    void readRow(const TextLine& line, const std::vector<std::string_view>& fields);

    std::filesystem::path path_;
    std::string name_;
    AttributeLevel level_;
    GenomicDataSet& out_;
    FileProblems problems_{name_, out_.problems};

    // Parsed header.
    std::size_t columnCount_ = 0;
    int patientColumn_ = -1;
    int sampleColumn_ = -1;
    int sampleTypeColumn_ = -1;
    int sampleClassColumn_ = -1;
    std::vector<int> attributeOfColumn_; // index into attributes_ or -1

    // Records of this file, appended to out_ when the file is used.
    std::vector<ClinicalAttribute> attributes_;
    std::vector<ClinicalValue> values_;
    std::vector<std::string> patients_;
    std::vector<Sample> samples_;
    std::map<std::string, std::size_t> seen_; // id -> line
};

bool ClinicalReader::readHeader(LineReader& reader, ClinicalHeader& header) {
    TextLine line;
    std::vector<std::string_view> fields;
    while (reader.next(line)) {
        if (!line.validUtf8)
            return problems_.unusable(line.number, "", kWrongEncoding);
        if (trim(line.text).empty())
            continue;
        if (line.text.front() == '#') {
            splitTabs(line.text.substr(1), fields);
            header.described.emplace_back();
            for (const auto f : fields)
                header.described.back().emplace_back(trim(f));
            header.describedLines.push_back(line.number);
            continue;
        }
        splitTabs(line.text, fields);
        for (const auto f : fields)
            header.columns.emplace_back(trim(f));
        header.headerLine = line.number;
        return true;
    }
    if (!reader.error().empty())
        return problems_.unusable(0, "", reader.error());
    return problems_.unusable(0, "", "no column header (PATIENT_ID, ...) found");
}

bool ClinicalReader::buildAttributes(const ClinicalHeader& header) {
    const auto& columns = header.columns;
    columnCount_ = columns.size();
    if (header.described.size() != 4)
        return problems_.unusable(
            header.headerLine, "",
            "expected the four '#' lines (display names, descriptions, datatypes, "
            "priorities) before the column header, found " +
                std::to_string(header.described.size()));
    std::map<std::string, std::size_t> positions;
    for (std::size_t c = 0; c < columns.size(); ++c) {
        if (columns[c].empty())
            return problems_.unusable(header.headerLine, "",
                                      "column " + std::to_string(c + 1) + " has no name");
        if (!positions.emplace(columns[c], c).second)
            return problems_.unusable(header.headerLine, columns[c], "the column is given twice");
    }
    for (std::size_t k = 0; k < 4; ++k) {
        auto described = header.described[k];
        while (described.size() > columns.size() && described.back().empty())
            described.pop_back(); // a trailing tab
        if (described.size() != columns.size())
            return problems_.unusable(header.describedLines[k], "",
                                      "the '#' line has " + std::to_string(described.size()) +
                                          " fields, the column header has " +
                                          std::to_string(columns.size()));
    }
    const auto find = [&](const char* name) {
        const auto it = positions.find(name);
        return it == positions.end() ? -1 : static_cast<int>(it->second);
    };
    patientColumn_ = find("PATIENT_ID");
    if (patientColumn_ < 0)
        return problems_.unusable(header.headerLine, "PATIENT_ID",
                                  "required column 'PATIENT_ID' is missing");
    if (level_ == AttributeLevel::Sample) {
        sampleColumn_ = find("SAMPLE_ID");
        if (sampleColumn_ < 0)
            return problems_.unusable(header.headerLine, "SAMPLE_ID",
                                      "required column 'SAMPLE_ID' is missing");
        sampleTypeColumn_ = find("SAMPLE_TYPE");
        sampleClassColumn_ = find("SAMPLE_CLASS");
    }
    attributeOfColumn_.assign(columns.size(), -1);
    for (std::size_t c = 0; c < columns.size(); ++c) {
        if (static_cast<int>(c) == patientColumn_ || static_cast<int>(c) == sampleColumn_)
            continue;
        ClinicalAttribute a;
        a.id = columns[c];
        a.displayName = header.described[0][c];
        a.description = header.described[1][c];
        a.level = level_;
        const auto datatype = datatypeFromText(header.described[2][c]);
        if (!datatype)
            return problems_.unusable(header.describedLines[2], columns[c],
                                      "datatype '" + header.described[2][c] +
                                          "' is not NUMBER, STRING or BOOLEAN");
        a.datatype = *datatype;
        const auto priority = parseInteger(header.described[3][c]);
        if (!priority || *priority < -1000000000 || *priority > 1000000000)
            return problems_.unusable(header.describedLines[3], columns[c],
                                      "priority '" + header.described[3][c] +
                                          "' is not an integer");
        a.priority = static_cast<int>(*priority);
        attributeOfColumn_[c] = static_cast<int>(attributes_.size());
        attributes_.push_back(std::move(a));
    }
    return true;
}

void ClinicalReader::readRow(const TextLine& line, const std::vector<std::string_view>& fields) {
    const int idColumn = level_ == AttributeLevel::Patient ? patientColumn_ : sampleColumn_;
    const std::string idName = level_ == AttributeLevel::Patient ? "PATIENT_ID" : "SAMPLE_ID";
    const std::string id(trim(fields[static_cast<std::size_t>(idColumn)]));
    const std::string patient(trim(fields[static_cast<std::size_t>(patientColumn_)]));
    const auto validId = [&](const std::string& value, const std::string& column) {
        if (isValidCaseId(value))
            return true;
        problems_.row(line.number, column,
                      value.empty() ? "the id is empty; the row is not used"
                                    : "id '" + value.substr(0, 60) +
                                          "' has characters other than letters, digits, '.', '_' "
                                          "and '-'; the row is not used");
        return false;
    };
    if (!validId(id, idName) ||
        (level_ == AttributeLevel::Sample && !validId(patient, "PATIENT_ID")))
        return;
    const auto [first, added] = seen_.emplace(id, line.number);
    if (!added) {
        problems_.row(line.number, idName,
                      std::string(level_ == AttributeLevel::Patient ? "patient" : "sample") + " '" +
                          id + "' is given twice (first on line " + std::to_string(first->second) +
                          "); the row is not used");
        return;
    }
    std::vector<ClinicalValue> rowValues;
    for (std::size_t c = 0; c < fields.size(); ++c) {
        if (attributeOfColumn_[c] < 0)
            continue;
        const auto& attribute = attributes_[static_cast<std::size_t>(attributeOfColumn_[c])];
        const std::string_view text = trim(fields[c]);
        if (isMissingValue(text))
            continue;
        ClinicalValue v{id, attribute.id, std::string(text), std::nullopt,
                        SourceLocation{name_, line.number, attribute.id}};
        if (attribute.datatype == ClinicalDatatype::Number) {
            const ParsedNumber n = parseNumber(text);
            if (n.status != NumberStatus::Value) {
                problems_.row(line.number, attribute.id,
                              numberProblem(text, n.status) +
                                  " (the column's datatype is NUMBER); the row is not used");
                return;
            }
            v.number = n.value;
        } else if (attribute.datatype == ClinicalDatatype::Boolean) {
            const std::string b = asciiLower(text);
            if (b != "true" && b != "false") {
                problems_.row(line.number, attribute.id,
                              "'" + std::string(text.substr(0, 60)) +
                                  "' is not TRUE or FALSE (the column's datatype is BOOLEAN); the "
                                  "row is not used");
                return;
            }
        }
        rowValues.push_back(std::move(v));
    }
    for (auto& v : rowValues)
        values_.push_back(std::move(v));
    if (level_ == AttributeLevel::Patient) {
        patients_.push_back(id);
        return;
    }
    Sample sample{id, patient, {}, {}};
    for (const int column : {sampleTypeColumn_, sampleClassColumn_})
        if (sample.type.empty() && column >= 0)
            sample.type = sampleTypeFromText(trim(fields[static_cast<std::size_t>(column)]));
    if (sample.type.empty())
        if (const auto barcode = parseTcgaBarcode(id); barcode && barcode->sampleType)
            sample.type = tcgaSampleType(*barcode->sampleType);
    samples_.push_back(std::move(sample));
}

bool ClinicalReader::read() {
    LineReader reader(path_);
    if (!reader.isOpen())
        return problems_.unusable(0, "", reader.error());
    ClinicalHeader header;
    if (!readHeader(reader, header) || !buildAttributes(header))
        return false;
    TextLine line;
    std::vector<std::string_view> fields;
    while (reader.next(line)) {
        if (!line.validUtf8) {
            problems_.row(line.number, "", kWrongEncoding);
            continue;
        }
        if (trim(line.text).empty())
            continue;
        splitTabs(line.text, fields);
        if (!fitRow(fields, columnCount_)) {
            problems_.row(line.number, "", raggedMessage(fields.size(), columnCount_));
            continue;
        }
        readRow(line, fields);
    }
    if (!reader.error().empty())
        return problems_.unusable(0, "", reader.error());
    for (auto& a : attributes_)
        out_.attributes.push_back(std::move(a));
    for (auto& v : values_)
        out_.clinicalValues.push_back(std::move(v));
    for (auto& p : patients_)
        out_.patients.push_back(std::move(p));
    for (auto& s : samples_)
        out_.samples.push_back(std::move(s));
    return true;
}

} // namespace

bool readClinicalFile(const std::filesystem::path& file, AttributeLevel level,
                      GenomicDataSet& out) {
    return ClinicalReader(file, level, out).read();
}

std::string sampleTypeFromText(std::string_view text) {
    const std::string t = asciiLower(text);
    if (t.find("metasta") != std::string::npos)
        return "metastasis";
    for (const char* word : {"recurr", "relapse", "progress"})
        if (t.find(word) != std::string::npos)
            return "recurrence";
    if (t.find("normal") != std::string::npos)
        return "normal";
    if (t.find("primary") != std::string::npos)
        return "primary";
    return {};
}

bool isValidCaseId(std::string_view id) {
    if (id.empty())
        return false;
    for (const char c : id) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                        (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
        if (!ok)
            return false;
    }
    return true;
}

} // namespace rgw::genomics
