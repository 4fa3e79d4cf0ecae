#pragma once

// The anchors of the study report's sections, tables and figures, shared by
// the parts that assemble it (methods, cohort, results, checklists, patient
// appendix) so that any part can cite another with "{ref:ANCHOR}"
// (ReportDocument.h). Per-model and per-map anchors append "-N" (1-based, in
// the order the report lists them), e.g. "results-model-1-roc".

namespace rgw::report::anchors {

inline constexpr const char* kMethods = "methods";
inline constexpr const char* kAcquisition = "methods-acquisition";
inline constexpr const char* kAcquisitionTable = "methods-acquisition-table";
inline constexpr const char* kSegmentation = "methods-segmentation";
inline constexpr const char* kRadiomics = "methods-radiomics";
inline constexpr const char* kAnalysis =
    "methods-analysis"; ///< harmonisation, selection, models, validation
inline constexpr const char* kSoftware = "methods-software";

inline constexpr const char* kCohort = "cohort";
inline constexpr const char* kFlowDiagram = "cohort-flow";
inline constexpr const char* kTableOne = "cohort-table-one";

inline constexpr const char* kResults = "results";
inline constexpr const char* kModel = "results-model"; ///< + "-N": one section per model
inline constexpr const char* kAssociations = "results-associations";

inline constexpr const char* kChecklists = "checklists";
inline constexpr const char* kClear = "checklist-clear";
inline constexpr const char* kRqs = "checklist-rqs";

inline constexpr const char* kPatients = "patients"; ///< the per-patient appendix

} // namespace rgw::report::anchors
