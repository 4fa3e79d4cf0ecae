#include "genomics/CbioMeta.h"

#include "genomics/TabularText.h"
#include "util/Text.h"

#include <set>

namespace rgw::genomics {

namespace {

std::string valueOf(const std::map<std::string, MetaEntry>& entries, const std::string& key) {
    const auto it = entries.find(key);
    return it == entries.end() ? std::string() : it->second.value;
}

/// One problem naming the first of `keys` the file lacks; false if it lacks one.
bool requireKeys(const std::map<std::string, MetaEntry>& entries,
                 std::initializer_list<const char*> keys, const std::string& file, const char* what,
                 std::vector<InputProblem>& problems) {
    for (const char* key : keys) {
        if (entries.count(key) == 0 || entries.at(key).value.empty()) {
            problems.push_back(problemAt(file, 0, key,
                                         std::string(what) + " needs '" + key +
                                             ":' with a value; the file is not used"));
            return false;
        }
    }
    return true;
}

} // namespace

std::size_t CbioMeta::lineOf(const std::string& key) const {
    const auto it = entries.find(key);
    return it == entries.end() ? 0 : it->second.line;
}

std::optional<std::map<std::string, MetaEntry>>
readKeyValueFile(const std::filesystem::path& file, std::vector<InputProblem>& problems) {
    const std::string name = file.string();
    LineReader reader(file);
    if (!reader.isOpen()) {
        problems.push_back(problemAt(name, 0, "", reader.error()));
        return std::nullopt;
    }
    std::map<std::string, MetaEntry> entries;
    TextLine line;
    while (reader.next(line)) {
        if (!line.validUtf8) {
            problems.push_back(problemAt(name, line.number, "", kWrongEncoding));
            continue;
        }
        const std::string_view text = trim(line.text);
        if (text.empty() || text.front() == '#')
            continue;
        const std::size_t colon = text.find(':');
        const std::string key(colon == std::string_view::npos ? std::string_view()
                                                              : trim(text.substr(0, colon)));
        if (key.empty()) {
            problems.push_back(
                problemAt(name, line.number, "", "not a 'key: value' line; it is not used"));
            continue;
        }
        MetaEntry entry{std::string(trim(text.substr(colon + 1))), line.number};
        const auto [it, added] = entries.emplace(key, std::move(entry));
        if (!added)
            problems.push_back(problemAt(name, line.number, key,
                                         "given twice (first on line " +
                                             std::to_string(it->second.line) +
                                             "); the second is not used"));
    }
    if (!reader.error().empty()) {
        problems.push_back(problemAt(name, 0, "", reader.error()));
        return std::nullopt;
    }
    return entries;
}

std::optional<CbioMeta> readCbioMeta(const std::filesystem::path& file,
                                     std::vector<InputProblem>& problems) {
    auto entries = readKeyValueFile(file, problems);
    if (!entries)
        return std::nullopt;
    CbioMeta meta;
    meta.file = file.string();
    meta.entries = std::move(*entries);
    const auto& e = meta.entries;
    meta.typeOfCancer = valueOf(e, "type_of_cancer");
    meta.cancerStudyIdentifier = valueOf(e, "cancer_study_identifier");
    meta.name = valueOf(e, "name");
    meta.description = valueOf(e, "description");
    meta.shortName = valueOf(e, "short_name");
    meta.referenceGenome = valueOf(e, "reference_genome");
    meta.geneticAlterationType = valueOf(e, "genetic_alteration_type");
    meta.datatype = valueOf(e, "datatype");
    meta.stableId = valueOf(e, "stable_id");
    meta.dataFilename = valueOf(e, "data_filename");
    meta.profileName = valueOf(e, "profile_name");
    meta.profileDescription = valueOf(e, "profile_description");
    meta.genePanel = valueOf(e, "gene_panel");
    if (meta.has("show_profile_in_analysis_tab")) {
        const std::string show = asciiLower(valueOf(e, "show_profile_in_analysis_tab"));
        if (show == "true")
            meta.showProfileInAnalysisTab = true;
        else if (show != "false")
            problems.push_back(problemAt(meta.file, meta.lineOf("show_profile_in_analysis_tab"),
                                         "show_profile_in_analysis_tab",
                                         "'" + show + "' is not true or false"));
    }
    return meta;
}

std::vector<std::string> splitList(const std::string& value) {
    std::vector<std::string> items;
    std::string item;
    for (const char c : value) {
        if (c == '\t' || c == ' ') {
            if (!item.empty())
                items.push_back(std::move(item));
            item.clear();
        } else {
            item.push_back(c);
        }
    }
    if (!item.empty())
        items.push_back(std::move(item));
    return items;
}

std::optional<CaseList> readCaseList(const std::filesystem::path& file,
                                     std::vector<InputProblem>& problems) {
    const auto entries = readKeyValueFile(file, problems);
    if (!entries)
        return std::nullopt;
    CaseList list;
    list.file = file.string();
    if (!requireKeys(*entries, {"cancer_study_identifier", "stable_id", "case_list_ids"}, list.file,
                     "a case list", problems))
        return std::nullopt;
    list.cancerStudyIdentifier = valueOf(*entries, "cancer_study_identifier");
    list.stableId = valueOf(*entries, "stable_id");
    list.name = valueOf(*entries, "case_list_name");
    list.description = valueOf(*entries, "case_list_description");
    list.category = valueOf(*entries, "case_list_category");
    list.idsLine = entries->at("case_list_ids").line;
    std::set<std::string> seen;
    for (auto& id : splitList(entries->at("case_list_ids").value)) {
        if (!seen.insert(id).second) {
            problems.push_back(problemAt(list.file, list.idsLine, "case_list_ids",
                                         "sample '" + id + "' is listed twice"));
            continue;
        }
        list.sampleIds.push_back(std::move(id));
    }
    return list;
}

std::optional<GenePanel> readGenePanelFile(const std::filesystem::path& file,
                                           std::vector<InputProblem>& problems) {
    const auto entries = readKeyValueFile(file, problems);
    if (!entries)
        return std::nullopt;
    if (!requireKeys(*entries, {"stable_id", "gene_list"}, file.string(), "a gene panel file",
                     problems))
        return std::nullopt;
    GenePanel panel;
    panel.stableId = valueOf(*entries, "stable_id");
    panel.description = valueOf(*entries, "description");
    std::set<std::string> seen;
    for (auto& gene : splitList(entries->at("gene_list").value))
        if (seen.insert(gene).second)
            panel.genes.push_back(std::move(gene));
    return panel;
}

} // namespace rgw::genomics
