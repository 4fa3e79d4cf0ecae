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
#include "FeatureRepository.h"
#include "util/Cancel.h"

#include <cstddef>
#include <filesystem>
#include <limits>
#include <map>
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
    /// false: no variable columns, only the ids, split and features (the
    /// wide feature table of storage/FeatureTableExport.h).
    bool variables = true;
    const CancelToken* cancel = nullptr;
    ProgressFn progress = {};
};

struct CohortExportReport {
    std::size_t rows = 0;
    std::size_t columns = 0;
    std::size_t featureColumns = 0;
    std::size_t patientsWithoutFeatures = 0; ///< rows whose feature cells are empty
    std::filesystem::path provenanceFile;
    std::vector<Id> extractionIds; ///< the feature extractions written, ascending
    bool cancelled = false;        ///< the token was cancelled: nothing was written
};

/// The parameter set named `wanted` (parameter_sets.name, e.g. a preset
/// name), else the one whose hash starts with it. Throws rgw::Error when none
/// matches (listing the stored sets) or a hash prefix is ambiguous.
ParameterSetRow requireParameterSet(Database& db, const std::string& wanted);

/// A feature extraction of one ROI: the candidates of the ROI rules.
struct RoiExtraction {
    Id id = 0;
    std::string patientId;
    std::string seriesUid;
    std::string roiName;
    /// IBSI "Volume (voxel counting)" (YEKZ); NaN when absent.
    double voxelVolume = std::numeric_limits<double>::quiet_NaN();
};

/// The extractions with the parameter set on the newest version of each
/// segmentation lineage, per patient id, by ROI name then extraction id.
std::map<std::string, std::vector<RoiExtraction>> newestExtractionsByPatient(Database& db,
                                                                             Id parameterSetId);

/// The extraction RoiRule::Largest takes among `candidates` (one patient's,
/// as newestExtractionsByPatient lists them): the most voxels, a known volume
/// before an unknown one, then the lower id; nullptr when there is none.
const RoiExtraction* largestRoi(const std::vector<RoiExtraction>& candidates);

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
