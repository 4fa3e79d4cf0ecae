#pragma once

// The analysis table of a cohort (or of every patient): one CSV row per
// included patient (per sample with SampleChoice::All; per ROI with
// RoiRule::EachRoi), the one export behind `rgw-cli cohort export` and the
// cohort page's Export.
//
// Columns, in order: patient_id, sample_id (with --sample all), roi_name and
// series_uid (with features), split, then the variables of CohortVariables
// (clinical attribute ids, derived outcomes, genomic labels with mut_ as 1 /
// 0 / empty, imaging availability, QC) and, with a parameter set, the
// radiomic features named radiomics::featureColumnName(). Missing values are
// empty cells, never 0. A side file TABLE.csv.provenance.json records the
// cohort (name@version, definition, split record), the parameter set hash,
// the extraction ids and the software version.
//
// ROI rule (RoiRule::Largest, the default): per patient, among the feature
// extractions with the parameter set on the newest version of each
// segmentation, the one whose ROI has the most voxels (IBSI "Volume (voxel
// counting)", YEKZ; then the lower extraction id). RoiRule::Named takes the
// ROI of that name (missing features when the patient has none);
// RoiRule::EachRoi writes one row per ROI (per lesion); RoiRule::Mean one row
// per patient aggregated over its ROIs (each feature the mean of the ROIs
// that have it; empty when none has).

#include "CohortVariables.h"
#include "Database.h"
#include "util/Cancel.h"

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace rgw::storage {

/// Mean: one row per patient whose features are the mean over the patient's
/// ROIs (newest versions) of the values present, ROI name "mean of N ROIs".
enum class RoiRule { Largest, Named, EachRoi, Mean };

struct CohortExportOptions {
    std::string cohort; ///< "NAME" or "NAME@VERSION"; empty = every patient (--all)
    SampleChoice sample = SampleChoice::Primary;
    VariableSelection selection = {};
    std::string parameterSet; ///< name or hash (prefix); empty = no features
    RoiRule roiRule = RoiRule::Largest;
    std::string roiName; ///< for RoiRule::Named
    const CancelToken* cancel = nullptr;
    ProgressFn progress = {};
};

struct CohortExportReport {
    std::size_t rows = 0;
    std::size_t columns = 0;
    std::size_t featureColumns = 0;
    std::size_t patientsWithoutFeatures = 0; ///< rows whose feature cells are empty
    std::filesystem::path provenanceFile;
    bool cancelled = false; ///< the token was cancelled: nothing was written
};

/// Writes the table atomically (a temporary file renamed into place), CSV as
/// RFC 4180 (header row, CRLF line ends, '.' decimals, numbers in their
/// shortest round-trip form). The parameter set is found by name, else by a
/// unique hash prefix. Throws rgw::Error for an unknown cohort or parameter
/// set (an ambiguous prefix lists its matches), or an unwritable path.
/// Progress: (done, total, what) with one step for the variables, one per
/// patient and one for writing.
CohortExportReport exportCohortTable(Database& db, const CohortExportOptions& options,
                                     const std::filesystem::path& out);

} // namespace rgw::storage
