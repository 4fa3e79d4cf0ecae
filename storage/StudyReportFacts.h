#pragma once

// What the cohort database records about a study, as the checklists' facts
// (core/report/Checklists.h): the modalities and segmentations of the
// cohort's included patients, the parameter set of their extractions, the
// protocol of every model trained on the cohort, the split and the parts the
// assembled report shows. A fact the database does not record stays
// Unknown, so its checklist item is left for the author.

#include "Database.h"
#include "NamedCohorts.h"
#include "report/Checklists.h"
#include "report/ReportDocument.h"

namespace rgw::storage {

/// The parts `document` contains, read from its anchors (StudyReportAnchors.h).
report::ReportParts reportParts(const report::Document& document);

/// The facts of the study of `cohort` for a report whose other parts are
/// already in `document` (its parts decide what may be cited).
report::StudyFacts studyFacts(Database& db, const CohortRow& cohort,
                              const report::Document& document);

} // namespace rgw::storage
