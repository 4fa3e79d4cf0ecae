#pragma once

// The cohort bundle's files that describe the rest (storage/CohortBundle.h):
// bundle.json (the manifest), cohort.json, segmentations.json,
// features/extractions.json with its feature tables, and models/models.json,
// read from outside data into plain structs. Every reader throws rgw::Error naming
// the file (`where`) and the key for malformed JSON, a missing key or one of
// the wrong type, and a file name that would leave the bundle's folder.
// No database: tests/fuzz/fuzz_cohort_bundle feeds them directly.

#include <cstdint>
#include <filesystem>
#include <map>
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

struct BundleSegmentation {
    std::size_t index = 0; ///< "segmentation": the key extractions.json uses
    std::string patientId; ///< pseudonym
    std::string roiName;
    std::string kind;       ///< as the receiver gets it: "RTSTRUCT" or "SEG"
    std::string maskSha256; ///< 64 lower-case hex digits
};

/// segmentations.json: non-empty patient ids, kind RTSTRUCT or SEG, a
/// SHA-256 in hex, no index twice.
std::vector<BundleSegmentation> parseBundleSegmentations(const std::string& text,
                                                         const std::string& where);

struct BundleParameterSet {
    std::string hash; ///< SHA-256 of the canonical text
    std::string name;
    std::string table;         ///< file name in features/: the long feature table
    std::string canonicalText; ///< file name in features/: the canonical YAML
};

struct BundleFeatureNote {
    std::string family;
    std::string note;
};

struct BundleExtraction {
    std::size_t index = 0;        ///< "extraction": the first column of its table rows
    std::size_t segmentation = 0; ///< index in segmentations.json
    std::string roiName;
    std::string imageModality;
    bool modalityMismatchAllowed = false;
    std::string softwareVersion;
    std::vector<std::string> families;
    std::vector<BundleFeatureNote> notes;
};

struct BundleFeatureIndex {
    std::vector<BundleParameterSet> parameterSets;
    std::vector<BundleExtraction> extractions;
};

/// features/extractions.json: each parameter set's file names are single
/// file names in features/, no extraction index twice.
BundleFeatureIndex parseBundleFeatureIndex(const std::string& text, const std::string& where);

/// The columns a bundle feature table puts before radiomics::kFeatureCsvHeader.
inline constexpr const char* kBundleFeatureTablePrefix = "extraction,patient_id,roi_name,";

/// A bundle feature table (features/<hash12>.csv): its header checked, its
/// rows grouped by extraction index, each group as the IBSI feature CSV text
/// radiomics::readFeatureCsv reads (header included). Throws rgw::Error
/// naming `where` and the line.
std::map<std::size_t, std::string> splitBundleFeatureTable(const std::string& text,
                                                           const std::string& where);

/// The whole of a bundle's file; throws rgw::Error naming it when unreadable.
std::string readBundleFile(const std::filesystem::path& file);
/// Every regular file under `root`, as sorted '/'-separated relative paths.
std::vector<std::string> bundleRelativeFiles(const std::filesystem::path& root);

/// Checks the bundle in `folder`: bundle.json's format, and every file it
/// lists present with its size and SHA-256, and no file it does not list.
/// Throws rgw::Error "damaged bundle: FILE ..." naming the first bad file.
void verifyCohortBundle(const std::filesystem::path& folder);

} // namespace rgw::storage
