#include "CohortPageWork.h"

#include "AuditLog.h"
#include "CohortRepositories.h"
#include "Database.h"

namespace rgw::ui {

PatientTableData loadPatientTable(const std::filesystem::path& databaseFile,
                                  const ProgressFn& progress) {
    storage::Database db(databaseFile);
    if (progress)
        progress(0, 0, "Reading patients");
    std::vector<std::string> patientIds;
    for (const auto& patient : storage::PatientRepository(db).list())
        patientIds.push_back(patient.patientId);
    storage::CohortVariables variables(db);
    PatientTableData data;
    data.catalogue = variables.catalogue();
    if (progress)
        progress(0, 0,
                 "Reading the variables of " + std::to_string(patientIds.size()) + " patients");
    data.table = variables.table(patientIds, storage::SampleChoice::Primary);
    return data;
}

storage::CohortRow createCohortIn(const std::filesystem::path& databaseFile,
                                  const storage::CohortDefinition& definition) {
    storage::Database db(databaseFile);
    return storage::createCohort(db, definition, storage::currentUserName());
}

storage::CohortExportReport exportCohortIn(const std::filesystem::path& databaseFile,
                                           const storage::CohortExportOptions& options,
                                           const std::filesystem::path& out) {
    storage::Database db(databaseFile);
    return storage::exportCohortTable(db, options, out);
}

storage::CohortScoringResult scoreCohortIn(const std::filesystem::path& databaseFile,
                                           const storage::StoredModel& model,
                                           const storage::CohortScoringOptions& options) {
    storage::Database db(databaseFile);
    return storage::scoreCohort(db, model, options);
}

} // namespace rgw::ui
