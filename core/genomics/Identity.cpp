#include "genomics/Identity.h"

#include "util/Error.h"

#include <cctype>
#include <fstream>
#include <map>
#include <sstream>

namespace rgw::genomics {

namespace {

std::vector<std::string> split(const std::string& text, char separator) {
    std::vector<std::string> fields;
    std::string field;
    std::istringstream in(text);
    while (std::getline(in, field, separator))
        fields.push_back(field);
    if (!text.empty() && text.back() == separator)
        fields.emplace_back();
    return fields;
}

bool allAlnum(const std::string& s) {
    if (s.empty())
        return false;
    for (unsigned char c : s)
        if (!std::isalnum(c))
            return false;
    return true;
}

std::string trimmed(std::string s) {
    while (!s.empty() && (s.back() == '\r' || s.back() == ' ' || s.back() == '\t'))
        s.pop_back();
    std::size_t start = 0;
    while (start < s.size() && (s[start] == ' ' || s[start] == '\t'))
        ++start;
    return s.substr(start);
}

} // namespace

std::optional<TcgaBarcode> parseTcgaBarcode(const std::string& id) {
    const auto fields = split(id, '-');
    if (fields.size() < 3 || !allAlnum(fields[0]) || !allAlnum(fields[1]) || !allAlnum(fields[2]))
        return std::nullopt;
    // Project codes are letters (TCGA, TARGET, CPTAC...); site and participant
    // fields are 2 and 4 characters in TCGA proper.
    for (unsigned char c : fields[0])
        if (!std::isupper(c))
            return std::nullopt;
    if (fields[1].size() != 2 || fields[2].size() != 4)
        return std::nullopt;
    TcgaBarcode barcode;
    barcode.patient = fields[0] + "-" + fields[1] + "-" + fields[2];
    if (fields.size() >= 4) {
        const std::string& s = fields[3];
        if (s.size() < 2 || !std::isdigit(static_cast<unsigned char>(s[0])) ||
            !std::isdigit(static_cast<unsigned char>(s[1])))
            return std::nullopt;
        barcode.sampleType = (s[0] - '0') * 10 + (s[1] - '0');
        barcode.sample = barcode.patient + "-" + s.substr(0, 2);
    }
    return barcode;
}

std::string tcgaSampleType(int code) {
    switch (code) {
    case 1:
    case 3:
    case 5:
    case 9:
        return "primary";
    case 2:
    case 4:
    case 40:
        return "recurrence";
    case 6:
    case 7:
        return "metastasis";
    default:
        break;
    }
    if (code >= 10 && code <= 14)
        return "normal";
    return {};
}

std::vector<PatientAlias> readAliasFile(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw Error(file.string() + ": cannot open the alias file");
    const std::string name = file.string();
    std::string line;
    std::size_t lineNumber = 0;
    std::vector<std::string> header;
    char separator = ',';
    int aliasColumn = -1, patientColumn = -1, kindColumn = -1;
    std::vector<PatientAlias> aliases;
    std::map<std::string, std::pair<std::string, std::size_t>> seen; // alias -> patient, line
    while (std::getline(in, line)) {
        ++lineNumber;
        line = trimmed(line);
        if (lineNumber == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0)
            line.erase(0, 3); // UTF-8 byte order mark
        if (line.empty() || line[0] == '#')
            continue;
        if (header.empty()) {
            separator = line.find('\t') != std::string::npos ? '\t' : ',';
            header = split(line, separator);
            for (std::size_t c = 0; c < header.size(); ++c) {
                const std::string h = trimmed(header[c]);
                if (h == "alias")
                    aliasColumn = int(c);
                else if (h == "patient_id")
                    patientColumn = int(c);
                else if (h == "kind")
                    kindColumn = int(c);
            }
            if (aliasColumn < 0 || patientColumn < 0)
                throw Error(name + ":" + std::to_string(lineNumber) +
                            ": the header needs the columns 'patient_id' and 'alias'");
            continue;
        }
        const auto fields = split(line, separator);
        if (fields.size() != header.size())
            throw Error(name + ":" + std::to_string(lineNumber) + ": " +
                        std::to_string(fields.size()) + " fields, the header has " +
                        std::to_string(header.size()));
        PatientAlias alias{trimmed(fields[std::size_t(aliasColumn)]),
                           trimmed(fields[std::size_t(patientColumn)]),
                           kindColumn >= 0 ? trimmed(fields[std::size_t(kindColumn)]) : ""};
        if (alias.alias.empty() || alias.patientId.empty())
            throw Error(name + ":" + std::to_string(lineNumber) + ": column '" +
                        (alias.alias.empty() ? "alias" : "patient_id") + "' is empty");
        const auto [it, added] = seen.emplace(alias.alias, std::pair{alias.patientId, lineNumber});
        if (!added) {
            if (it->second.first != alias.patientId)
                throw Error(name + ":" + std::to_string(lineNumber) + ": alias '" + alias.alias +
                            "' names patient '" + alias.patientId + "' but line " +
                            std::to_string(it->second.second) + " names '" + it->second.first +
                            "'");
            continue;
        }
        aliases.push_back(std::move(alias));
    }
    if (header.empty())
        throw Error(name + ": the alias file is empty");
    return aliases;
}

} // namespace rgw::genomics
