#pragma once

// The cohort bundle's files that describe the rest (storage/CohortBundle.h):
// bundle.json (the manifest), cohort.json and models/models.json, read from
// outside data into plain structs. Every reader throws rgw::Error naming
// the file (`where`) and the key for malformed JSON, a missing key or one of
// the wrong type, and a file name that would leave the bundle's folder.
// No database: tests/fuzz/fuzz_cohort_bundle feeds them directly.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace rgw::storage {

inline constexpr const char* kCohortBundleFormat = "rgw-cohort-bundle";
inline constexpr int kCohortBundleFormatVersion = 1;

struct BundleFileEntry {
    std::string path; ///< relative, '/'-separated, inside the bundle
    std::uint64_t bytes = 0;
    std::string sha256;
};

struct BundleManifest {
    std::string cohort; ///< NAME@VERSION
    std::vector<BundleFileEntry> files;
};

/// bundle.json: format and version checked, every listed path relative and
/// inside the folder, no path listed twice.
BundleManifest parseBundleManifest(const std::string& text, const std::string& where);

struct BundleCohortMember {
    std::string patientId; ///< pseudonym
    std::string split;     ///< "train", "test" or ""
    std::string reason;    ///< of the exclusion (excluded members only)
};

struct BundleCohortSplit {
    std::string method;
    double testFraction = 0.0;
    std::string variable;
    std::uint64_t seed = 0;
};

struct BundleCohort {
    std::string name;
    int version = 1;
    std::string definition;
    std::size_t candidates = 0;
    std::vector<BundleCohortMember> included;
    std::vector<BundleCohortMember> excluded; ///< in the sender's flow order
    std::optional<BundleCohortSplit> split;
};

/// cohort.json: version >= 1, split roles "train" / "test" / "", excluded
/// members with a non-empty reason, no member twice, candidates at least
/// the members.
BundleCohort parseBundleCohort(const std::string& text, const std::string& where);

struct BundleModelEntry {
    std::string file; ///< a file name in models/ (no folder part)
    std::string name;
};

/// models/models.json: each model's file name (one path component).
std::vector<BundleModelEntry> parseBundleModels(const std::string& text, const std::string& where);

/// Checks the bundle in `folder`: bundle.json's format, and every file it
/// lists present with its size and SHA-256, and no file it does not list.
/// Throws rgw::Error "damaged bundle: FILE ..." naming the first bad file.
void verifyCohortBundle(const std::filesystem::path& folder);

} // namespace rgw::storage
