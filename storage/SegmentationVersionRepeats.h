#pragma once

// Repeated segmentations from the database (issue #16 §4): the stored
// versions of a segmentation lineage are repeated delineations of one ROI
// (an edited contour, a second reader's), so their feature extractions are
// repeated measurements of the ROI's features. The model stability filter
// (`rgw-cli model train --cohort NAME --stability versions`) reads them as its
// repeats table, and `rgw-cli robustness --versions` their ICCs.
//
// The pair of a patient: the extraction the cohort's analysis table uses
// (RoiRule::Largest among the newest versions, CohortExport.h) and, as its
// repeat, the extraction with the same parameter set on the same image
// series of the newest earlier version of that lineage that has one. The
// version before is the contour the analysed one was revised from (or the
// first reader's, when a second reader saved theirs as a new version): the
// delineation closest to it in the lineage, and the same one for every use
// (filter and ICC run), so the stored ICCs describe exactly the pairs the
// filter sees. Patients whose lineage has no such earlier extraction have no
// pair.

#include "Database.h"
#include "FeatureRepository.h"
#include "radiomics/robustness/FeatureRobustness.h"
#include "stats/DataTable.h"
#include "util/Error.h"

#include <memory>
#include <string>
#include <vector>

namespace rgw::storage {

/// What the provenance of an ICC run or a model records as the source of its
/// repeats (RobustnessProvenance::perturbations, StabilitySpec::repeatsSource).
inline constexpr const char* kSegmentationVersionsSource = "segmentation versions";

/// One patient's analysed extraction and its repeat.
struct SegmentationVersionPair {
    std::string patientId;
    std::string roiName;
    std::string seriesUid;
    Id lineage = 0;
    int analysedVersion = 0; ///< the newest version (the analysis table's)
    Id analysedExtraction = 0;
    int repeatVersion = 0; ///< the newest earlier version with an extraction
    Id repeatExtraction = 0;
};

struct SegmentationVersionPairs {
    std::string cohort; ///< the reference given; empty = every patient
    ParameterSetRow parameterSet;
    std::size_t patients = 0; ///< patients of the cohort (or all)
    /// Patients with an analysed extraction (a row with features).
    std::size_t patientsWithFeatures = 0;
    std::vector<SegmentationVersionPair> pairs; ///< by patient id
};

/// The pairs of the cohort's patients (`cohort` "NAME" or "NAME@VERSION";
/// empty = every patient) under the parameter set `parameterSet` (name or hash
/// prefix, as the cohort export takes it). Throws rgw::Error naming the
/// cohort or parameter set when unknown.
SegmentationVersionPairs segmentationVersionPairs(Database& db, const std::string& cohort,
                                                  const std::string& parameterSet);

/// The repeats table of the stability filter: patient_id and the columns
/// `featureColumns` (the analysis table's radiomic columns; empty = every
/// feature of the repeat extractions, first seen first), one row per pair
/// with the repeat extraction's values (empty where missing). Its source,
/// for messages, names the cohort and the parameter set.
stats::DataTable segmentationVersionRepeats(Database& db, const SegmentationVersionPairs& pairs,
                                            const std::vector<std::string>& featureColumns = {});

/// Thrown by stabilityVersionRepeats() when candidates of the filter are not
/// radiomic features of the parameter set: only those are measured again on
/// another segmentation version. Each front end words its own remedy.
class NotRadiomicCandidates : public Error {
public:
    NotRadiomicCandidates(const std::string& parameterSet, std::vector<std::string> candidates);
    std::string parameterSet;
    std::vector<std::string> candidates; ///< the candidates that are not radiomic, in order
    /// "'a', 'b', 'c', 'd', 'e', ...": the first five, quoted.
    std::string firstFew() const;
};

/// The model stability filter's repeats across segmentation versions
/// (`rgw-cli model train --stability versions`, the model builder's
/// "Segmentation versions"): the pairs and their repeats table.
struct StabilityVersionRepeats {
    SegmentationVersionPairs pairs;
    std::shared_ptr<const stats::DataTable> repeats;
};

/// The repeats of the analysis table of cohort `cohort` under `parameterSet`
/// (as segmentationVersionPairs takes them): `featureColumns` are the
/// table's radiomic columns, `candidates` the filter's candidate features.
/// Throws NotRadiomicCandidates (before reading the database) when a
/// candidate is not one of featureColumns, rgw::Error as
/// segmentationVersionPairs otherwise. The ICC itself is computed by the
/// filter, inside each split, on that split's training rows.
StabilityVersionRepeats stabilityVersionRepeats(Database& db, const std::string& cohort,
                                                const std::string& parameterSet,
                                                const std::vector<std::string>& featureColumns,
                                                const std::vector<std::string>& candidates);

/// The features of every pair as cases × 2 repeats for featureIccs(): case
/// "PATIENT" per pair, repeat 1 the earlier version, repeat 2 the analysed
/// one; features first seen first (analysed extraction, then repeat).
radiomics::robustness::RepeatedFeatures
segmentationVersionFeatures(Database& db, const SegmentationVersionPairs& pairs);

/// The case descriptions a stored run records: "PATIENT: ROI (series UID)
/// versions A and B, extractions X and Y".
std::vector<std::string> describePairs(const SegmentationVersionPairs& pairs);

} // namespace rgw::storage
