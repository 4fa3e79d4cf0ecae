#pragma once

// A cohort's analysis table in memory, for training, evaluating and scoring
// models on a cohort by name (`rgw-cli model ... --cohort NAME`, the GUI's
// model builder): the cohort export (CohortExport.h) written to a private
// temporary file, read back as a stats::DataTable, with its provenance.

#include "CohortExport.h"
#include "Database.h"
#include "modeling/TableProvenance.h"
#include "modeling/TrainedModel.h"
#include "stats/DataTable.h"

#include <optional>
#include <string>

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

/// The table a stored model is evaluated or scored on, the one used by
/// `rgw-cli model evaluate|score --cohort`, the cohort page's scoring and the
/// study report: the cohort's analysis table (cohortAnalysisTable) with the
/// features of `parameterSet` (name or hash prefix) or, when unset, of the
/// model's own parameter set (model.training.parameterSetHash; none when the
/// model has none). `cohort` is "NAME" or "NAME@VERSION".
CohortAnalysisTable modelAnalysisTable(Database& db, const std::string& cohort,
                                       const modeling::TrainedModel& model,
                                       const std::optional<std::string>& parameterSet = {},
                                       const CancelToken* cancel = nullptr,
                                       const ProgressFn& progress = {});

} // namespace rgw::storage
