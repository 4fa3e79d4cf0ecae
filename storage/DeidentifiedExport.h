#pragma once

// De-identified export of a named cohort for sharing (issue #15 section 2):
// the DICOM of its included patients through the PS3.15 Basic Application
// Level Confidentiality Profile (core/io/dicom/Deidentification.h), one UID
// map for the whole export, the cohort's table under the same pseudonyms,
// and a manifest. The pseudonym table (schema v8) stays in the local database.
//
// Per included patient it writes every instance of the patient's image,
// RTSTRUCT, SEG and SR series (all of them, not only those the cohort's
// segmentations use: the receiver gets each study as it was; series of
// other kinds, e.g. secondary captures that may hold burned-in text, are
// left out) and one DICOM SEG per image series for the newest versions of its
// NIFTI / MANUAL segmentations (storage/SegmentationExport), de-identified
// with the same map, so SEG and RTSTRUCT references resolve to the exported
// image series. Layout: OUT/<pseudonym>/<series n>/<instance n>.dcm,
// OUT/clinical.tsv, OUT/manifest.json.
//
// Pseudonyms are stable: a patient exported before keeps its stored
// pseudonym and date offset in every later export, so shared data sets can
// be joined by the receiver. New ones are drawn at random ("RGW-" and 10
// hex digits; offsets uniform in [-3650, -365] days), or from the seed.

#include "Database.h"
#include "NamedCohorts.h"
#include "util/Cancel.h"

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace rgw::storage {

struct DeidentifiedExportOptions {
    std::filesystem::path outDir; ///< created; must not exist or be empty
    /// Retain Longitudinal Temporal Information with Modified Dates Option:
    /// dates shifted by the patient's offset (intervals kept); otherwise the
    /// basic profile (dates emptied or removed).
    bool retainIntervals = false;
    /// Seeds the UID secret and new pseudonyms/offsets: reproducible, for
    /// tests only. Unset: random.
    std::optional<std::uint64_t> seed;
    std::string who; ///< recorded in the audit log; empty = OS user name
};

struct DeidentifiedPatient {
    std::string pseudonym;
    std::size_t series = 0;
    std::size_t files = 0;
};

struct DeidentifiedExportReport {
    std::string exportId;
    std::filesystem::path outDir;
    std::vector<DeidentifiedPatient> patients;
    std::size_t files = 0;
    std::size_t segsWritten = 0;  ///< SEG objects made from NIFTI / MANUAL segmentations
    std::size_t uidsRemapped = 0; ///< distinct original UIDs
    bool cancelled = false;       ///< the token was cancelled: nothing was written
};

/// Exports `cohort`'s included patients de-identified into options.outDir.
/// Writes into a temporary folder next to outDir and renames it at the end:
/// on cancel or error the folder is removed and nothing is left. New
/// pseudonyms are stored (committed) before the files are written. Progress:
/// (done, total, what) with one step per file and one for the tables.
/// Throws rgw::Error when outDir exists and is not empty, the cohort has no
/// included patient, or a file cannot be read or written (named).
DeidentifiedExportReport exportDeidentified(Database& db, const CohortRow& cohort,
                                            const DeidentifiedExportOptions& options,
                                            const ProgressFn& progress = {},
                                            const CancelToken* cancel = nullptr);

/// The stored pseudonym of a patient (canonical id), if it was ever exported.
std::optional<std::string> storedPseudonym(Database& db, const std::string& patientId);

/// The pseudonyms of `patients` (canonical ids), by patient: the stored ones,
/// new ones drawn (from `seed` when given, for tests) and stored for those
/// that never had one, as exportDeidentified does. For members a shared
/// data set names without their data (a cohort's excluded members).
std::map<std::string, std::string> ensurePseudonyms(Database& db,
                                                    const std::vector<std::string>& patients,
                                                    std::optional<std::uint64_t> seed = {});

} // namespace rgw::storage
