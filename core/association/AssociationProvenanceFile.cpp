#include "association/AssociationProvenanceFile.h"

#include "modeling/TableProvenance.h"
#include "util/Error.h"

#include <limits>
#include <nlohmann/json.hpp>

namespace rgw::association {
namespace {

/// A provenance lists the feature and molecular columns: far below this.
constexpr std::uintmax_t kMaxProvenanceBytes = 16u << 20;

std::string textAt(const nlohmann::ordered_json& object, const char* key,
                   const std::string& where) {
    const auto found = object.find(key);
    if (found == object.end() || found->is_null())
        return {};
    if (!found->is_string())
        throw Error(where + ": '" + key + "' is not text");
    return found->get<std::string>();
}

ProvenanceValue valueOf(const nlohmann::ordered_json& v, const std::string& where) {
    if (v.is_null())
        return std::numeric_limits<double>::quiet_NaN();
    if (v.is_string())
        return v.get<std::string>();
    if (v.is_boolean())
        return v.get<bool>();
    if (v.is_number_integer())
        return v.get<std::int64_t>();
    if (v.is_number())
        return v.get<double>();
    if (v.is_array()) {
        std::vector<std::string> items;
        for (const auto& item : v) {
            if (!item.is_string())
                throw Error(where + ": a list item is not text");
            items.push_back(item.get<std::string>());
        }
        return items;
    }
    throw Error(where + ": not text, a number, a flag or a list of text");
}

std::vector<std::pair<std::string, ProvenanceValue>>
itemsOf(const nlohmann::ordered_json& json, const char* key, const std::string& where) {
    std::vector<std::pair<std::string, ProvenanceValue>> out;
    const auto found = json.find(key);
    if (found == json.end() || found->is_null())
        return out;
    if (!found->is_object())
        throw Error(where + ": '" + key + "' is not an object");
    for (auto it = found->begin(); it != found->end(); ++it)
        out.emplace_back(it.key(), valueOf(it.value(), where + " " + key + "." + it.key()));
    return out;
}

} // namespace

std::optional<AssociationProvenance> readProvenanceFile(const std::filesystem::path& table) {
    const auto text =
        modeling::readProvenanceText(table, kMaxProvenanceBytes, "an association provenance");
    if (!text)
        return std::nullopt;
    const std::string where = modeling::provenanceFileOf(table).string();
    // ordered_json keeps the options in the order they were written.
    const nlohmann::ordered_json json = nlohmann::ordered_json::parse(*text, nullptr, false);
    if (json.is_discarded() || !json.is_object())
        throw Error(where + ": not the JSON object an association result writes");
    AssociationProvenance p;
    p.kind = textAt(json, "kind", where);
    if (p.kind.empty())
        throw Error(where + ": no 'kind' (not an association result's provenance)");
    p.cohort = textAt(json, "cohort", where);
    p.inputTable = textAt(json, "input_table", where);
    p.parameterSetHash = textAt(json, "parameter_set_hash", where);
    p.options = itemsOf(json, "options", where);
    p.summary = itemsOf(json, "summary", where);
    return p;
}

} // namespace rgw::association
