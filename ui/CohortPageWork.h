#pragma once

// The long operations of the cohort page. Like CohortWork.h, each opens its
// own storage::Database connection on the database file (a connection is
// used from one thread at a time) and never touches widgets; CohortPage runs
// them with QtConcurrent.

#include "CohortCreation.h"
#include "CohortExport.h"
#include "CohortScoring.h"
#include "CohortVariables.h"
#include "util/Cancel.h"

#include <filesystem>
#include <vector>

namespace rgw::ui {

/// What the patient table shows: every patient's primary-sample row with
/// every catalogued variable, and the catalogue itself.
struct PatientTableData {
    storage::VariableTable table;
    std::vector<storage::VariableInfo> catalogue;
};

/// Reads every patient of the database into a VariableTable (primary sample).
/// Throws rgw::Error on database errors.
PatientTableData loadPatientTable(const std::filesystem::path& databaseFile,
                                  const ProgressFn& progress);

/// storage::createCohort on its own connection (who: the OS user).
storage::CohortRow createCohortIn(const std::filesystem::path& databaseFile,
                                  const storage::CohortDefinition& definition);

/// storage::exportCohortTable on its own connection to `out`.
storage::CohortExportReport exportCohortIn(const std::filesystem::path& databaseFile,
                                           const storage::CohortExportOptions& options,
                                           const std::filesystem::path& out);

/// storage::scoreCohort on its own connection: scores the patients of
/// `options.cohort` with the stored model and stores the predictions.
storage::CohortScoringResult scoreCohortIn(const std::filesystem::path& databaseFile,
                                           const storage::StoredModel& model,
                                           const storage::CohortScoringOptions& options);

} // namespace rgw::ui
