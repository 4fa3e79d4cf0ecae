#include "CohortBundleFiles.h"

#include "BundleZip.h"
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

std::string readFile(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw Error("cannot read " + file.string());
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::vector<std::string> relativeFiles(const fs::path& root) {
    std::vector<std::string> files;
    for (const auto& entry : fs::recursive_directory_iterator(root))
        if (entry.is_regular_file())
            files.push_back(fs::relative(entry.path(), root).generic_string());
    std::sort(files.begin(), files.end());
    return files;
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
        e.file = text(m, "file", where + " models");
        checkZipEntryName(where, e.file);
        if (e.file.find('/') != std::string::npos)
            throw Error(where + ": model file '" + e.file + "' is not a file name in models/");
        e.name = optionalText(m, "name", where + " " + e.file);
        out.push_back(std::move(e));
    }
    return out;
}

void verifyCohortBundle(const fs::path& folder) {
    const fs::path manifestFile = folder / "bundle.json";
    if (!fs::is_regular_file(manifestFile))
        throw Error("not a cohort bundle: " + manifestFile.string() + " is missing");
    BundleManifest manifest;
    try {
        manifest = parseBundleManifest(readFile(manifestFile), manifestFile.string());
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
        if (radiomics::sha256Hex(readFile(file)) != f.sha256)
            throw Error("damaged bundle: " + file.string() +
                        " does not have the size and SHA-256 bundle.json lists");
    }
    for (const std::string& rel : relativeFiles(folder))
        if (rel != "bundle.json" && !listed.count(rel))
            throw Error("damaged bundle: " + (folder / rel).string() +
                        " is not listed in bundle.json");
}

} // namespace rgw::storage
