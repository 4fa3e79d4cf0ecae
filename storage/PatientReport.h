#pragma once

// The per-patient content of the study report (issue #15 §1) and the
// stand-alone patient report, as report::Document data (core/report): for
// each patient the key image of every ROI (the slice with the largest ROI
// area, ROI contours, the window of the series' viewer preset), the ROIs'
// statistics, the main radiomic features, the genomic results and the stored
// predictions with their model's identity. The renderers (ui/report) draw it;
// `rgw-cli report patient` and the study report's appendix call these.
//
// Which ROIs: the segmentations the patient's stored feature extractions were
// computed on with the report's parameter sets (PatientReportOptions::
// parameterSetHash, else those of the stored models trained on the cohort —
// or, for a stand-alone report, of the models that scored the patient —
// else every parameter set), one key image per segmentation; without such an
// extraction, the newest segmentation (newest version of the newest lineage)
// of each of the patient's image series.
//
// Which features ("main features"): the radiomic inputs of those models that
// the ROI's extraction holds (by featureColumnName), in the models' order;
// without any, the fixed short list kFixedMainFeatures by IBSI code.
//
// Genomics: the mutation status of every gene a mutation profile of the
// database reports a protein-altering call for (CohortVariables' mut_
// variables: "mutated", "wild-type" only when the patient's sample was
// profiled for the gene, else "not profiled" — never wild-type), then the
// subtype calls and the clinical attributes as imported.
//
// Images are loaded one patient at a time, through the functions the
// extraction uses (loadSeriesVolume, loadSegmentationMask), and dropped
// before the next patient.

#include "Database.h"
#include "NamedCohorts.h"
#include "report/ReportDocument.h"
#include "util/Cancel.h"

#include <array>
#include <optional>
#include <string>

namespace rgw::storage {

/// The features shown when no stored model names radiomic inputs: volume
/// (mesh) RNU0, surface area (mesh) C0JK, sphericity QCFX, maximum 3D
/// diameter L0JK, major axis length TDIC, mean Q4LE, median Y12H, maximum
/// 84IY, skewness KE2A (IBSI codes; the first stored value of each code).
inline constexpr std::array<const char*, 9> kFixedMainFeatures = {
    "RNU0", "C0JK", "QCFX", "L0JK", "TDIC", "Q4LE", "Y12H", "84IY", "KE2A"};

struct PatientReportOptions {
    /// The radiomic parameter set (hash, or a prefix of at least 6 hex digits)
    /// whose extractions and features are shown; empty: as described above.
    std::string parameterSetHash;
    /// Key images are cropped to the ROI's box on the slice plus this margin
    /// (mm); unset: the whole slice.
    std::optional<double> keyImageMarginMm = 40.0;
    /// "2026-12-06" in the stand-alone report's subtitle; empty: today (UTC).
    std::string date;
};

/// A stand-alone document for one patient: title "Patient report — ID",
/// subtitle lines with the date and "Radiogenomics Workstation VERSION", one
/// level-1 section per part (images and ROIs, radiomic features, genomics,
/// predictions). Throws rgw::Error for an unknown patient id; an image or
/// mask that cannot be loaded is a paragraph naming it and why, not an error.
report::Document patientReport(Database& db, const std::string& patientId,
                               const PatientReportOptions& options);

/// Appends the per-patient appendix of the study report of `cohort` to `doc`:
/// a level-1 section (anchor report::anchors::kPatients), then for every
/// included patient (by patient id) a PageBreak (the last block of the
/// section before, so the patient's heading starts the page) and a level-2 section
/// "Patient ID" (anchor "patient-N", N = 1, 2, … in that order) holding that
/// patient's key images, ROI statistics, main features, genomics and
/// predictions. Excluded members have no section. `progress` is called once
/// per patient; a set `cancel` stops between patients with rgw::Error
/// "cancelled" (doc is then left with the sections appended so far).
void appendPatientAppendix(Database& db, const CohortRow& cohort,
                           const PatientReportOptions& options, report::Document& doc,
                           const ProgressFn& progress = {}, const CancelToken* cancel = nullptr);

} // namespace rgw::storage
