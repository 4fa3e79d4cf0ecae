#pragma once

// The radiomic feature table of a named cohort (issue #15, "Feature tables"),
// behind `rgw-cli export features` and the GUI alike, in two shapes:
//
//  - wide: one row per ROI (lesion) of each included patient, the cohort
//    export's table (storage/CohortExport.h with RoiRule::EachRoi and no
//    variable columns): patient_id, roi_name, series_uid, split, then one
//    column per feature named radiomics::featureColumnName()
//    ("family.feature[.aggregation]"). A patient without an extraction has
//    one row with empty ROI and feature cells. CRLF line ends, numbers in
//    their shortest round-trip form, a missing value an empty cell.
//  - long: one row per (extraction, feature): patient_id, roi_name,
//    series_uid, extraction_id, then the IBSI columns of
//    radiomics::kFeatureCsvHeader (family, feature, ibsi_code, aggregation,
//    value, unit, missing_reason) exactly as `rgw-cli extract` writes them
//    (radiomics::featureCsvRecord: 17 significant digits, "\n" line ends).
//    Rows by patient, ROI name, extraction id, then the stored feature order.
//
// The extractions are those of the cohort export's ROI rule: per included
// patient, the extraction with the parameter set on the newest version of
// each segmentation (storage::newestExtractionsByPatient), so the wide and
// the long table hold the same extractions.
//
// Provenance: a side file TABLE.provenance.json in the cohort export's
// format (modeling::readTableProvenance reads both): table, created_at
// (ISO 8601 UTC), software_version, rows, cohort {name, version,
// reference "NAME@VERSION", definition, ...}, parameter_set {hash
// (SHA-256 of the canonical parameter text), name}, extraction_ids; the
// "format": "long" or "wide" (every cohort export table is wide), and the
// wide one's "variables": false.
//
// Both files are written through temporary files renamed into place: on
// any failure (unknown cohort or parameter set, unwritable path, cancel)
// neither the table nor its side file is left behind or half written.

#include "Database.h"
#include "util/Cancel.h"

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rgw::storage {

enum class FeatureTableFormat { Wide, Long };

/// "wide" / "long"; std::nullopt for any other text.
std::optional<FeatureTableFormat> featureTableFormatFromName(std::string_view name);
const char* featureTableFormatName(FeatureTableFormat format);

struct FeatureTableOptions {
    std::string cohort;       ///< "NAME" or "NAME@VERSION" (required)
    std::string parameterSet; ///< name (e.g. a preset) or hash prefix (required)
    FeatureTableFormat format = FeatureTableFormat::Wide;
    const CancelToken* cancel = nullptr;
    ProgressFn progress = {};
};

struct FeatureTableReport {
    std::string cohort;           ///< NAME@VERSION
    std::string parameterSetHash; ///< the full SHA-256
    std::size_t rows = 0;         ///< data rows
    std::size_t columns = 0;
    std::vector<Id> extractionIds; ///< ascending
    std::filesystem::path provenanceFile;
    bool cancelled = false; ///< nothing was written
};

/// Writes the feature table of `options.cohort` with `options.parameterSet`
/// in `options.format` to `out` and its provenance beside it (see the file
/// comment). Throws rgw::Error for an unknown cohort or parameter set (the
/// message names it and what is stored), or an unwritable path.
FeatureTableReport exportFeatureTable(Database& db, const FeatureTableOptions& options,
                                      const std::filesystem::path& out);

} // namespace rgw::storage
