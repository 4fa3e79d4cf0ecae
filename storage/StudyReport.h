#pragma once

// The study report of a named cohort (issue #15 §1), assembled from the
// database's provenance as a report::Document: methods (acquisition,
// segmentation, radiomics in IBSI terms, analysis, software), the cohort
// (flow diagram, Table 1), results (every model of the cohort on its test
// split, association maps), the CLEAR and RQS checklists filled from what the
// database records, and the per-patient appendix. The GUI's File > Export
// study report and `rgw-cli report study` both call studyReport(); drawing
// it to PDF or HTML is ui/report's job.

#include "Database.h"
#include "PatientReport.h"
#include "ReportResults.h"
#include "report/ReportDocument.h"
#include "util/Cancel.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rgw::storage {

/// The parts of a study report, in the order the report shows them.
enum class StudyReportSection { Methods, Cohort, Results, Checklists, Patients };

/// "methods", "cohort", "results", "checklists", "patients".
const char* studyReportSectionName(StudyReportSection section);
/// The section named `name` (as studyReportSectionName writes it), or nullopt.
std::optional<StudyReportSection> studyReportSectionFromName(std::string_view name);
/// Every section, in report order.
std::vector<StudyReportSection> allStudyReportSections();

struct StudyReportOptions {
    /// The parts to include (any order; the report keeps its own order).
    std::vector<StudyReportSection> sections = allStudyReportSections();
    ResultsOptions results;
    PatientReportOptions patients;
    /// "2026-12-06" in the subtitle; empty = today (UTC).
    std::string date;
    ProgressFn progress = {};            ///< one step per part, one per patient of the appendix
    const CancelToken* cancel = nullptr; ///< checked between parts and patients ("cancelled")
};

/// The study report of cohort "NAME" (its latest version) or "NAME@VERSION",
/// numbered (report::numberDocument: every cross-reference resolved). The
/// checklists are filled from studyFacts() and cite only the parts included.
/// Throws rgw::Error for an unknown cohort, no section, what a part throws
/// (an unreadable association table names its file), and "cancelled".
report::Document studyReport(Database& db, const std::string& cohort,
                             const StudyReportOptions& options = {});

} // namespace rgw::storage
