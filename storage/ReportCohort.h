#pragma once

// The cohort chapter of the study report (issue #15 §1): the flow diagram
// from the cohort's curation record and "Table 1" of the included patients'
// clinical and genomic characteristics by split (report/TableOne.h).

#include "Database.h"
#include "NamedCohorts.h"
#include "report/ReportDocument.h"
#include "report/TableOne.h"

#include <string>
#include <vector>

namespace rgw::storage {

/// The Table 1 input of `cohort`'s included patients (by patient id): the
/// clinical attributes (not the outcomes derived from them), subtype calls and the mutation status
/// of the (at most `maxGenes`) genes mutated most often among them, grouped
/// by the stored split ("train" / "test"; no groups before any split).
/// Numeric columns are continuous except 0/1 columns (events, flags); a text
/// column with more than 12 values is left out and named in `omitted`.
/// Mutation status: mutated / wild-type, with "not profiled" a separate
/// line (never wild-type).
report::TableOneInput cohortTableOneInput(Database& db, const CohortRow& cohort,
                                          std::vector<std::string>* omitted = nullptr,
                                          std::size_t maxGenes = 10);

/// Appends the level-1 section anchors::kCohort: the definition and
/// curation in words, the flow diagram (anchors::kFlowDiagram:
/// NamedCohortRepository::flow: started, each exclusion with its count,
/// final n, n per split) and Table 1 (anchors::kTableOne) by split with its
/// tests, or one column "All" and no tests when the cohort has no split.
void appendCohort(Database& db, const CohortRow& cohort, report::Document& doc);

} // namespace rgw::storage
