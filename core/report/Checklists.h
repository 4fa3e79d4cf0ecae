#pragma once

// The study report's checklists: CLEAR (CheckList for EvaluAtion of
// Radiomics research; Kocak et al., Insights Imaging 2023;14:75, 58 items)
// and the Radiomics Quality Score (RQS; Lambin et al., Nat Rev Clin Oncol
// 2017;14:749–762, 16 components, −8 … 36 points). Each item the workstation
// can determine from its records of the study is filled in and cited with
// "{ref:ANCHOR}" (StudyReportAnchors.h) to the part of the report that shows
// it; every other item is left "for the author". The item tables (numbers,
// short topics in our own words, RQS point ranges and the rule deciding each
// item) live in ChecklistItems.cpp, the one source of truth.

#include "report/ReportDocument.h"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace rgw::report {

/// What the workstation's records say about a yes/no fact. Unknown is never
/// No: an item resting on an Unknown fact is left for the author.
enum class Known { Unknown, No, Yes };

/// The parts (anchors) the assembled report contains. An item cites a part
/// only when it is present here, so numberDocument() never meets a dangling
/// reference.
struct ReportParts {
    bool acquisition = false;      ///< anchors::kAcquisition
    bool acquisitionTable = false; ///< anchors::kAcquisitionTable
    bool segmentation = false;     ///< anchors::kSegmentation
    bool radiomics = false;        ///< anchors::kRadiomics
    bool analysis = false;         ///< anchors::kAnalysis
    bool software = false;         ///< anchors::kSoftware (also lists shared files)
    bool flowDiagram = false;      ///< anchors::kFlowDiagram
    bool tableOne = false;         ///< anchors::kTableOne
    bool associations = false;     ///< anchors::kAssociations
    std::size_t models = 0;        ///< sections anchors::kModel + "-1" … "-N"
};

struct ModalityCount {
    std::string modality; ///< "CT", "MR", "PT"
    std::size_t series = 0;
};

struct SplitSize {
    std::string name; ///< "training", "test", "external"
    std::size_t patients = 0;
    std::optional<std::size_t> events; ///< outcome events (positives / deaths), when known
};

/// Everything the workstation knows about a study that a checklist item can
/// depend on. Defaults mean "unknown" (Known::Unknown, empty, nullopt); the
/// study report assembly fills them from the database.
struct StudyFacts {
    ReportParts parts;

    // ---- images
    std::vector<ModalityCount> modalities; ///< empty = unknown
    /// Images of a patient at more than one time point.
    Known multipleTimePoints = Known::Unknown;
    /// Acquisition followed a published protocol.
    Known publicImagingProtocol = Known::Unknown;
    /// A phantom was scanned on all scanners.
    Known phantomStudy = Known::Unknown;

    // ---- segmentation
    std::vector<std::string> segmentationSources; ///< "manual (brush), rgw 1.4"; empty = unknown
    std::optional<std::size_t> readers;           ///< distinct segmenting readers
    /// More than one segmentation (reader or tool) per ROI.
    Known multipleSegmentations = Known::Unknown;

    // ---- radiomics
    std::string parameterSetHash; ///< empty = unknown
    /// Extraction settings inside the IBSI-verified scope.
    Known ibsiCompliant = Known::Unknown;
    /// The report lists every parameter, not only the changed ones.
    Known parameterSetListedInFull = Known::Unknown;
    std::optional<std::size_t> featureCount;
    std::string imageTypes; ///< "original; LoG 1, 2, 3 mm"; empty = unknown

    // ---- analysis
    /// Features filtered by ICC between segmentations.
    Known stabilityFilter = Known::Unknown;
    std::optional<double> iccThreshold;
    /// ComBat harmonisation.
    Known harmonisation = Known::Unknown;
    /// Feature selection / dimension reduction before the learner.
    Known featureSelection = Known::Unknown;
    /// Every selection step refitted inside each training split.
    Known selectionInsideResampling = Known::Unknown;
    /// Association tests adjusted for multiple testing (e.g. Benjamini–Hochberg).
    Known multipleTestingCorrection = Known::Unknown;
    std::vector<std::string> modelKinds; ///< "logistic, lasso"; empty = unknown
    Known missingDataHandled = Known::Unknown;
    std::string missingDataMethod; ///< "complete cases", "median imputation"

    // ---- validation and metrics
    std::optional<int> cvFolds; ///< 0 = no cross-validation
    std::optional<int> cvRepeats;
    Known bootstrapOptimism = Known::Unknown;
    /// A test split of the same institution, never used in fitting.
    Known heldOutTestSplit = Known::Unknown;
    /// Distinct external institutions with validation data; 0 = none.
    std::optional<std::size_t> externalInstitutions;
    /// The model is a previously published signature.
    Known validatesPublishedSignature = Known::Unknown;
    /// AUC / C-index with a confidence interval or p-value.
    Known discriminationWithCi = Known::Unknown;
    /// A calibration statistic with its significance.
    Known calibration = Known::Unknown;
    Known decisionCurve = Known::Unknown;
    /// Models compared with a test (e.g. DeLong).
    Known statisticalComparison = Known::Unknown;
    /// A model combines the rad-score with non-radiomic variables.
    Known clinicalCovariates = Known::Unknown;
    /// Compared with the current clinical standard (e.g. staging).
    Known comparisonToGoldStandard = Known::Unknown;
    /// Risk groups by a cut-off fixed on the training data (or the median).
    Known cutoffAnalysis = Known::Unknown;
    /// Association maps of features with genomics.
    Known biologicalCorrelates = Known::Unknown;
    std::vector<SplitSize> splits;     ///< empty = unknown
    std::optional<std::uint64_t> seed; ///< the recorded seed; nullopt = not recorded
    std::string softwareVersion;       ///< empty = unknown

    // ---- study design (the workstation rarely knows these)
    /// Prospective validation in a registered trial.
    Known prospective = Known::Unknown;
    Known costEffectiveness = Known::Unknown;

    // ---- open science: shared publicly, as recorded with the export
    Known scansShared = Known::Unknown;
    Known segmentationsShared = Known::Unknown;
    Known featureTableShared = Known::Unknown;
    Known parameterSetShared = Known::Unknown;
    Known modelFileShared = Known::Unknown;
    Known sourceCodeShared = Known::Unknown;
};

enum class ItemStatus { Reported, NotApplicable, ForAuthor };

/// "reported", "not applicable", "for the author".
const char* itemStatusName(ItemStatus status);

/// One item as filled in for a study.
struct ItemResult {
    ItemStatus status = ItemStatus::ForAuthor;
    std::string where; ///< where the report shows it / the value, may hold "{ref:…}"
};

/// One CLEAR item: official number, manuscript section, short topic (our
/// words) and the rule that fills it in.
struct ClearItem {
    int number;
    const char* section; ///< "Methods: Segmentation"
    const char* topic;
    ItemResult (*assess)(const StudyFacts&);
};

/// The range of RQS points a component can still end up with, given what is
/// known: lowest == highest when the facts determine it.
struct RqsPoints {
    int lowest = 0, highest = 0;
    bool determined() const { return lowest == highest; }
};

struct RqsResult {
    RqsPoints points;
    std::string where;
};

/// One RQS component: number, short topic, the published point rule (our
/// words), its published minimum and maximum, and the rule that scores it.
struct RqsComponent {
    int number;
    const char* topic;
    const char* rule;
    int minPoints, maxPoints;
    RqsResult (*assess)(const StudyFacts&);
};

/// The 58 CLEAR items in official order.
std::span<const ClearItem> clearItems();
/// The 16 RQS components in official order.
std::span<const RqsComponent> rqsComponents();

struct RqsTotals {
    int determinedSubtotal = 0;  ///< sum over the components whose points are determined
    int lowest = 0, highest = 0; ///< the range the total can still end up in
};

/// Sums the component results of rqsComponents() (same order).
RqsTotals rqsTotals(std::span<const RqsResult> results);

/// Appends the level-1 section anchors::kChecklists with its explanation and
/// the level-2 sections anchors::kClear and anchors::kRqs, each with one
/// table of every item. References name only parts `facts.parts` claims.
void appendChecklists(const StudyFacts& facts, Document& document);

} // namespace rgw::report
