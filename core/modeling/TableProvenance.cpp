#include "modeling/TableProvenance.h"

#include "util/Error.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace rgw::modeling {

namespace {

/// A provenance file lists a few hundred extraction ids at most.
constexpr std::uintmax_t kMaxProvenanceBytes = 16u << 20;

std::string textAt(const nlohmann::json& object, const char* key, const std::string& where) {
    const auto found = object.find(key);
    if (found == object.end() || found->is_null())
        return {};
    if (!found->is_string())
        throw Error(where + ": '" + key + "' is not text");
    return found->get<std::string>();
}

} // namespace

std::filesystem::path provenanceFileOf(const std::filesystem::path& table) {
    return std::filesystem::path(table.string() + ".provenance.json");
}

std::optional<std::string> readProvenanceText(const std::filesystem::path& table,
                                              std::uintmax_t maxBytes, const std::string& what) {
    const std::filesystem::path file = provenanceFileOf(table);
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec))
        return std::nullopt;
    if (std::filesystem::file_size(file, ec) > maxBytes || ec)
        throw Error(file.string() + ": larger than " + what + " (or unreadable)");
    std::ifstream in(file, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    if (!in.good() && !in.eof())
        throw Error(file.string() + ": cannot be read");
    return text.str();
}

std::optional<TableProvenance> readTableProvenance(const std::filesystem::path& table) {
    const auto text =
        readProvenanceText(table, kMaxProvenanceBytes, "a cohort export's provenance");
    if (!text)
        return std::nullopt;
    const std::string where = provenanceFileOf(table).string();
    const nlohmann::json json = nlohmann::json::parse(*text, nullptr, false);
    if (json.is_discarded() || !json.is_object())
        throw Error(where + ": not the JSON object a cohort export writes");
    TableProvenance p;
    if (const auto cohort = json.find("cohort"); cohort != json.end() && cohort->is_object())
        p.cohort = textAt(*cohort, "reference", where + " cohort");
    if (const auto set = json.find("parameter_set"); set != json.end() && !set->is_null()) {
        if (!set->is_object())
            throw Error(where + ": 'parameter_set' is not an object");
        p.parameterSetHash = textAt(*set, "hash", where + " parameter_set");
    }
    return p;
}

} // namespace rgw::modeling
