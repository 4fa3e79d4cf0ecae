#pragma once

// A cohort's analysis table in memory, for training, evaluating and scoring
// models on a cohort by name (`rgw-cli model ... --cohort NAME`, the GUI's
// model builder): the cohort export (CohortExport.h) written to a private
// temporary file, read back as a stats::DataTable, with its provenance.

#include "CohortExport.h"
#include "Database.h"
#include "modeling/TableProvenance.h"
#include "stats/DataTable.h"

namespace rgw::storage {

struct CohortAnalysisTable {
    stats::DataTable table;
    modeling::TableProvenance provenance; ///< cohort NAME@VERSION and parameter set hash
    /// The radiomic feature columns of the parameter set (the table's last
    /// columns, in its order); empty without a parameter set.
    std::vector<std::string> featureColumns;
};

/// Exports `options` (cohort, parameter set, ROI rule, ...) and reads it back.
/// Throws rgw::Error as exportCohortTable, and "cancelled" when its cancel
/// token was set. The temporary files are removed in every case.
CohortAnalysisTable cohortAnalysisTable(Database& db, const CohortExportOptions& options);

} // namespace rgw::storage
