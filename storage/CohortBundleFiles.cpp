#include "CohortBundleFiles.h"

#include "BundleZip.h"
#include "radiomics/FeatureCsv.h"
#include "radiomics/Sha256.h"
#include "util/Error.h"

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

namespace rgw::storage {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

json parseObject(const std::string& text, const std::string& where) {
    json j = json::parse(text, nullptr, false);
    if (j.is_discarded())
        throw Error(where + ": not valid JSON");
    if (!j.is_object())
        throw Error(where + ": not a JSON object");
    return j;
}

const json& member(const json& object, const char* key, const std::string& where) {
    if (!object.is_object())
        throw Error(where + ": not a JSON object");
    const auto it = object.find(key);
    if (it == object.end())
        throw Error(where + ": no '" + key + "'");
    return *it;
}

std::string text(const json& object, const char* key, const std::string& where) {
    const json& v = member(object, key, where);
    if (!v.is_string())
        throw Error(where + ": '" + key + "' is not text");
    return v.get<std::string>();
}

std::string optionalText(const json& object, const char* key, const std::string& where) {
    if (!object.is_object() || !object.contains(key) || object.at(key).is_null())
        return {};
    return text(object, key, where);
}

std::uint64_t count(const json& object, const char* key, const std::string& where) {
    const json& v = member(object, key, where);
    if (!v.is_number_unsigned())
        throw Error(where + ": '" + key + "' is not a count");
    return v.get<std::uint64_t>();
}

const json& array(const json& object, const char* key, const std::string& where) {
    const json& v = member(object, key, where);
    if (!v.is_array())
        throw Error(where + ": '" + key + "' is not a list");
    return v;
}

bool flag(const json& object, const char* key, const std::string& where) {
    const json& v = member(object, key, where);
    if (!v.is_boolean())
        throw Error(where + ": '" + key + "' is not true or false");
    return v.get<bool>();
}

std::vector<std::string> texts(const json& object, const char* key, const std::string& where) {
    std::vector<std::string> out;
    for (const json& v : array(object, key, where)) {
        if (!v.is_string())
            throw Error(where + ": '" + key + "' holds an entry that is not text");
        out.push_back(v.get<std::string>());
    }
    return out;
}

bool isSha256Hex(const std::string& text) {
    return text.size() == 64 && std::all_of(text.begin(), text.end(), [](char c) {
               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
           });
}

/// A file name in the bundle's `folder`: one path component, inside it.
std::string fileName(const json& object, const char* key, const std::string& where,
                     const char* folder) {
    std::string name = text(object, key, where);
    checkZipEntryName(where, name);
    if (name.find('/') != std::string::npos)
        throw Error(where + ": '" + name + "' is not a file name in " + folder);
    return name;
}

/// The entry's index under `key` into `index`, refused when `seen` has it;
/// returns how messages name the entry ("<where> <key> <index>").
std::string uniqueIndex(const json& entry, const char* key, const std::string& where,
                        std::set<std::size_t>& seen, std::size_t& index) {
    index = count(entry, key, where + " " + key + "s");
    const std::string at = where + " " + key + " " + std::to_string(index);
    if (!seen.insert(index).second)
        throw Error(at + ": listed twice");
    return at;
}

/// The first field of `line` from `pos` (RFC 4180, quoted or not); `pos`
/// moves past its comma. Throws rgw::Error naming `where` when malformed.
std::string takeField(const std::string& line, std::size_t& pos, const std::string& where) {
    std::string field;
    if (pos < line.size() && line[pos] == '"') {
        ++pos;
        for (;;) {
            if (pos >= line.size())
                throw Error(where + ": unterminated quote");
            if (line[pos] == '"') {
                if (pos + 1 < line.size() && line[pos + 1] == '"') {
                    field += '"';
                    pos += 2;
                    continue;
                }
                ++pos;
                break;
            }
            field += line[pos++];
        }
    } else {
        const std::size_t comma = line.find(',', pos);
        field = line.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
        pos = comma == std::string::npos ? line.size() : comma;
    }
    if (pos >= line.size() || line[pos] != ',')
        throw Error(where + ": too few fields");
    ++pos;
    return field;
}

/// A positive index written in decimal digits (at most 18, so it fits).
std::size_t indexField(const std::string& field, const std::string& where) {
    if (field.empty() || field.size() > 18 ||
        !std::all_of(field.begin(), field.end(), [](char c) { return c >= '0' && c <= '9'; }) ||
        std::stoull(field) == 0)
        throw Error(where + ": extraction '" + field + "' is not a positive index");
    return static_cast<std::size_t>(std::stoull(field));
}

BundleCohortMember readMember(const json& m, bool excluded, const std::string& where) {
    BundleCohortMember out;
    out.patientId = text(m, "patient_id", where);
    if (out.patientId.empty())
        throw Error(where + ": an empty patient_id");
    out.split = optionalText(m, "split", where + " " + out.patientId);
    if (out.split != "" && out.split != "train" && out.split != "test")
        throw Error(where + ": patient " + out.patientId + " has an unknown split '" + out.split +
                    "'");
    if (excluded) {
        out.reason = text(m, "reason", where + " " + out.patientId);
        if (out.reason.empty())
            throw Error(where + ": excluded patient " + out.patientId + " has no reason");
    }
    return out;
}

} // namespace

BundleManifest parseBundleManifest(const std::string& source, const std::string& where) {
    const json manifest = parseObject(source, where);
    if (!manifest.contains("format") || manifest.at("format") != kCohortBundleFormat ||
        !manifest.contains("format_version") ||
        manifest.at("format_version") != kCohortBundleFormatVersion)
        throw Error(where + " is not a " + std::string(kCohortBundleFormat) + " version " +
                    std::to_string(kCohortBundleFormatVersion) + " manifest");
    BundleManifest out;
    out.cohort = optionalText(manifest, "cohort", where);
    std::set<std::string> seen;
    for (const json& f : array(manifest, "files", where)) {
        BundleFileEntry e;
        e.path = text(f, "path", where + " files");
        checkZipEntryName(where, e.path); // relative and inside the folder
        if (e.path == "bundle.json" || !seen.insert(e.path).second)
            throw Error(where + ": '" + e.path + "' is listed twice");
        e.bytes = count(f, "bytes", where + " " + e.path);
        e.sha256 = text(f, "sha256", where + " " + e.path);
        out.files.push_back(std::move(e));
    }
    return out;
}

BundleCohort parseBundleCohort(const std::string& source, const std::string& where) {
    const json c = parseObject(source, where);
    BundleCohort out;
    out.name = text(c, "name", where);
    const json& version = member(c, "version", where);
    if (!version.is_number_integer() || version.get<std::int64_t>() < 1 ||
        version.get<std::int64_t>() > 1000000)
        throw Error(where + ": 'version' is not a cohort version");
    out.version = version.get<int>();
    out.definition = text(c, "definition", where);
    std::set<std::string> seen;
    for (const json& m : array(c, "included", where)) {
        out.included.push_back(readMember(m, false, where + " included"));
        if (!seen.insert(out.included.back().patientId).second)
            throw Error(where + ": patient " + out.included.back().patientId + " is listed twice");
    }
    if (c.contains("excluded"))
        for (const json& m : array(c, "excluded", where)) {
            out.excluded.push_back(readMember(m, true, where + " excluded"));
            if (!seen.insert(out.excluded.back().patientId).second)
                throw Error(where + ": patient " + out.excluded.back().patientId +
                            " is listed twice");
        }
    out.candidates = c.contains("candidates") ? count(c, "candidates", where) : seen.size();
    if (out.candidates < seen.size())
        throw Error(where + ": " + std::to_string(seen.size()) + " members of " +
                    std::to_string(out.candidates) + " candidates");
    if (c.contains("split") && !c.at("split").is_null()) {
        const json& s = c.at("split");
        const std::string at = where + " split";
        BundleCohortSplit split;
        split.method = text(s, "method", at);
        const json& fraction = member(s, "test_fraction", at);
        if (!fraction.is_number() || !(fraction.get<double>() >= 0.0) ||
            fraction.get<double>() >= 1.0)
            throw Error(at + ": 'test_fraction' is not a fraction below 1");
        split.testFraction = fraction.get<double>();
        split.variable = text(s, "variable", at);
        split.seed = count(s, "seed", at);
        out.split = split;
    }
    return out;
}

std::vector<BundleModelEntry> parseBundleModels(const std::string& source,
                                                const std::string& where) {
    const json list = parseObject(source, where);
    std::vector<BundleModelEntry> out;
    for (const json& m : array(list, "models", where)) {
        BundleModelEntry e;
        e.file = fileName(m, "file", where + " models", "models/");
        e.name = optionalText(m, "name", where + " " + e.file);
        out.push_back(std::move(e));
    }
    return out;
}

std::vector<BundleSegmentation> parseBundleSegmentations(const std::string& source,
                                                         const std::string& where) {
    const json list = parseObject(source, where);
    std::vector<BundleSegmentation> out;
    std::set<std::size_t> seen;
    for (const json& s : array(list, "segmentations", where)) {
        BundleSegmentation e;
        const std::string at = uniqueIndex(s, "segmentation", where, seen, e.index);
        e.patientId = text(s, "patient_id", at);
        if (e.patientId.empty())
            throw Error(at + ": an empty patient_id");
        e.roiName = text(s, "roi_name", at);
        e.kind = text(s, "kind", at);
        if (e.kind != "RTSTRUCT" && e.kind != "SEG")
            throw Error(at + ": unknown kind '" + e.kind + "' (RTSTRUCT or SEG)");
        e.maskSha256 = text(s, "mask_sha256", at);
        if (!isSha256Hex(e.maskSha256))
            throw Error(at + ": 'mask_sha256' is not a SHA-256 in hex");
        out.push_back(std::move(e));
    }
    return out;
}

BundleFeatureIndex parseBundleFeatureIndex(const std::string& source, const std::string& where) {
    const json index = parseObject(source, where);
    BundleFeatureIndex out;
    for (const json& p : array(index, "parameter_sets", where)) {
        BundleParameterSet e;
        e.hash = text(p, "hash", where + " parameter_sets");
        const std::string at = where + " parameter set " + e.hash;
        if (!isSha256Hex(e.hash))
            throw Error(at + ": 'hash' is not a SHA-256 in hex");
        e.name = text(p, "name", at);
        e.table = fileName(p, "table", at, "features/");
        e.canonicalText = fileName(p, "canonical_text", at, "features/");
        out.parameterSets.push_back(std::move(e));
    }
    std::set<std::size_t> seen;
    for (const json& x : array(index, "extractions", where)) {
        BundleExtraction e;
        const std::string at = uniqueIndex(x, "extraction", where, seen, e.index);
        e.segmentation = count(x, "segmentation", at);
        e.roiName = text(x, "roi_name", at);
        e.imageModality = text(x, "image_modality", at);
        e.modalityMismatchAllowed = flag(x, "modality_mismatch_allowed", at);
        e.softwareVersion = text(x, "software_version", at);
        e.families = texts(x, "families", at);
        for (const json& n : array(x, "notes", at))
            e.notes.push_back({text(n, "family", at + " notes"), text(n, "note", at + " notes")});
        out.extractions.push_back(std::move(e));
    }
    return out;
}

std::map<std::size_t, std::string> splitBundleFeatureTable(const std::string& text,
                                                           const std::string& where) {
    std::istringstream table(text);
    std::string line;
    std::getline(table, line);
    if (line != std::string(kBundleFeatureTablePrefix) + std::string(radiomics::kFeatureCsvHeader))
        throw Error(where + ":1: not a bundle feature table header");
    std::map<std::size_t, std::string> csvOf;
    std::size_t lineNo = 1;
    while (std::getline(table, line)) {
        ++lineNo;
        if (line.empty())
            continue;
        const std::string at = where + ":" + std::to_string(lineNo);
        std::size_t pos = 0;
        const std::size_t k = indexField(takeField(line, pos, at), at);
        (void)takeField(line, pos, at); // patient_id: the extraction names it
        (void)takeField(line, pos, at); // roi_name: likewise
        std::string& csv = csvOf[k];
        if (csv.empty())
            csv = std::string(radiomics::kFeatureCsvHeader) + "\n";
        csv += line.substr(pos) + "\n";
    }
    return csvOf;
}

std::string readBundleFile(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw Error("cannot read " + file.string());
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::vector<std::string> bundleRelativeFiles(const fs::path& root) {
    std::vector<std::string> files;
    for (const auto& entry : fs::recursive_directory_iterator(root))
        if (entry.is_regular_file())
            files.push_back(fs::relative(entry.path(), root).generic_string());
    std::sort(files.begin(), files.end());
    return files;
}

void verifyCohortBundle(const fs::path& folder) {
    const fs::path manifestFile = folder / "bundle.json";
    if (!fs::is_regular_file(manifestFile))
        throw Error("not a cohort bundle: " + manifestFile.string() + " is missing");
    BundleManifest manifest;
    try {
        manifest = parseBundleManifest(readBundleFile(manifestFile), manifestFile.string());
    } catch (const Error& e) {
        throw Error(std::string("damaged bundle: ") + e.what());
    }
    std::set<std::string> listed;
    for (const BundleFileEntry& f : manifest.files) {
        listed.insert(f.path);
        const fs::path file = folder / f.path;
        if (!fs::is_regular_file(file))
            throw Error("damaged bundle: " + file.string() + " is missing");
        std::error_code ec;
        if (fs::file_size(file, ec) != f.bytes || ec)
            throw Error("damaged bundle: " + file.string() +
                        " does not have the size bundle.json lists");
        if (radiomics::sha256Hex(readBundleFile(file)) != f.sha256)
            throw Error("damaged bundle: " + file.string() +
                        " does not have the size and SHA-256 bundle.json lists");
    }
    for (const std::string& rel : bundleRelativeFiles(folder))
        if (rel != "bundle.json" && !listed.count(rel))
            throw Error("damaged bundle: " + (folder / rel).string() +
                        " is not listed in bundle.json");
}

} // namespace rgw::storage
