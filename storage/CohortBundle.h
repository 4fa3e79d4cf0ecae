#pragma once

// The cohort bundle (issue #15 section 2): one folder another installation
// imports into an equal database. Layout:
//
//   dicom/       exportDeidentified's output (PS3.15 profile, pseudonyms,
//                SEG of the NIFTI / MANUAL segmentations, clinical.tsv)
//   genomics/    the included patients' cBioPortal study (exportCbioPortalStudy)
//                under the SAME pseudonyms as the DICOM
//   segmentations.json  the newest version of each segmentation lineage of
//                the included patients: pseudonym, ROI name, kind as the
//                receiver gets it (RTSTRUCT, or SEG for SEG / NIFTI / MANUAL)
//                and the SHA-256 of its mask (grid size and voxels). The
//                profile empties RTSTRUCT ROI Name, so the receiver matches
//                its imported segmentations by pseudonym, kind and mask hash
//                and restores the names (ROI names are in the feature tables
//                anyway, as in `export features`)
//   features/    per parameter set used: <hash12>.csv, the long table
//                (extraction, patient_id, roi_name, then the IBSI columns of
//                radiomics::kFeatureCsvHeader, values to 17 digits so they
//                read back bit for bit) and <hash12>.parameters.yaml (the
//                canonical text, whose SHA-256 is the hash); extractions.json
//                holds each extraction's provenance (parameter set, patient,
//                ROI, its entry of segmentations.json, modality, software
//                version, families, family notes). Extraction dates and
//                users are not carried: the receiver stores its own.
//   models/      each model trained on the cohort (StoredModel::cohort is its
//                NAME@VERSION) as its JSON model file. A model file lists its
//                training members (patient ids): they are replaced by the
//                pseudonyms and membersSha256 recomputed, so the file, and
//                with it the model id (its SHA-256), differ from the
//                source's; coefficients, decision rule and validation do not
//                change, so it scores identically. models.json lists source
//                and bundle model ids.
//   cohort.json  name, version, definition, the flow (counts per exclusion
//                reason), the included members (pseudonyms) with their split
//                role, the excluded members (pseudonyms only: their data are
//                not in the bundle) with their exclusion reasons in the
//                flow's order, and the split record (method, fraction,
//                variable, seed). The receiver stores the cohort at the same
//                version (its models name NAME@VERSION) and its flow equals
//                the sender's.
//   report.pdf   optional: the cohort's study report without the per-patient
//                appendix (it names source patients), drawn by the caller's
//                `renderReport` (storage does not render; the CLI and the GUI
//                pass reportrender::writeReport)
//   bundle.json  manifest: format, software version, created_at, cohort,
//                counts, and every other file with its size and SHA-256.
//
// The pseudonym table stays in the source database; nothing in the bundle
// names a source patient id.

#include "CohortBundleFiles.h" // verifyCohortBundle and the readers of its files
#include "Database.h"
#include "NamedCohorts.h"
#include "report/ReportDocument.h"
#include "util/Cancel.h"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace rgw::storage {

struct CohortBundleOptions {
    /// created; must not exist or be empty. Ending in .zip: the bundle is
    /// written as that one zip file (must not exist).
    std::filesystem::path outDir;
    bool retainIntervals = false;      ///< see DeidentifiedExportOptions
    std::optional<std::uint64_t> seed; ///< reproducible UIDs / pseudonyms (tests)
    std::string who;                   ///< audit log; empty = OS user name
    /// Draws `document` (the study report of the cohort without its patient
    /// appendix) to `file` (report.pdf in the temporary bundle folder, so it
    /// is checksummed with the rest). Unset: the bundle has no report. An
    /// exception it throws (a cancelled rendering) ends the export with
    /// nothing written.
    std::function<void(const report::Document& document, const std::filesystem::path& file)>
        renderReport;
};

struct CohortBundleReport {
    std::filesystem::path outDir;
    std::size_t patients = 0;
    std::size_t dicomFiles = 0;
    std::size_t genomicFiles = 0;
    std::size_t parameterSets = 0;
    std::size_t extractions = 0;
    std::size_t models = 0;
    std::size_t files = 0;          ///< listed in bundle.json
    std::vector<std::string> notes; ///< what the bundle leaves out, and why
    bool cancelled = false;         ///< nothing was written
};

/// Writes the bundle of `cohort` (its included patients) into options.outDir
/// through a temporary folder renamed at the end; on cancel or error nothing
/// is left. Throws rgw::Error when outDir exists and is not empty, the cohort
/// has no included patient, or a file cannot be written (named).
CohortBundleReport exportCohortBundle(Database& db, const CohortRow& cohort,
                                      const CohortBundleOptions& options,
                                      const ProgressFn& progress = {},
                                      const CancelToken* cancel = nullptr);

struct CohortBundleImportReport {
    std::string cohort; ///< NAME@VERSION created in the receiver
    std::size_t patients = 0;
    std::size_t instancesAdded = 0;
    std::size_t segmentations = 0;
    std::size_t genomicProfiles = 0;
    std::size_t extractions = 0;
    std::size_t models = 0;
    bool cancelled = false;
};

/// Where importCohortBundle extracts a bundle zip: bundles/<zip stem>[-n]
/// in the database's folder (a name not taken yet).
std::filesystem::path bundleExtractionFolder(const Database& db,
                                             const std::filesystem::path& zipFile);

/// Imports the bundle in `bundle` (its folder, or its .zip: extracted first,
/// checked by unzipToFolder, into bundleExtractionFolder, which is removed
/// again unless the import commits) into `db` (normally empty): verifies it
/// first (nothing is written for a damaged bundle), then imports dicom/
/// (importPaths; the files stay where they are and are referenced from the
/// database), the genomic study (importGenomicData), the segmentation
/// matching (names restored), the parameter sets and feature values, the
/// models and the cohort (its version, included and excluded members,
/// split), with an audit entry. All of it runs in ONE transaction (the
/// services' own transactions are savepoints inside it): a failure or a
/// cancel at any stage leaves the database exactly as it was. Refuses a
/// database that already has a cohort of the bundle's name. Throws
/// rgw::Error naming what is wrong.
CohortBundleImportReport importCohortBundle(Database& db, const std::filesystem::path& bundle,
                                            const ProgressFn& progress = {},
                                            const CancelToken* cancel = nullptr);

} // namespace rgw::storage
