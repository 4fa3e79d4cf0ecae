#include "CohortCreation.h"

#include "CohortVariables.h"
#include "cohort/CohortFilter.h"
#include "util/Error.h"

#include <vector>

namespace rgw::storage {
namespace {

/// Every patient's canonical id, sorted (the candidates of a cohort made
/// from the whole database).
std::vector<std::string> allPatientIds(Database& db) {
    std::vector<std::string> ids;
    Statement& s = db.prepare("SELECT patient_id FROM patients ORDER BY patient_id");
    while (s.step())
        ids.push_back(s.text(0));
    return ids;
}

} // namespace

CohortRow createCohort(Database& db, const CohortDefinition& definition, const std::string& who) {
    const cohort::CohortFilter filter = cohort::CohortFilter::parse(definition.where);

    NamedCohortRepository cohorts(db);
    std::string fromCohort;
    std::vector<std::string> candidates;
    if (definition.fromCohort.empty()) {
        candidates = allPatientIds(db);
    } else {
        const CohortRow source = cohorts.require(definition.fromCohort);
        fromCohort = source.name + "@" + std::to_string(source.version);
        candidates = cohorts.includedPatients(source.id);
    }

    CohortVariables variables(db);
    const std::vector<std::string> names = filter.variables();
    variables.requireKnown(names);
    const auto values = variables.values(candidates, names);

    std::vector<std::string> members;
    const cohort::PatientVariables none;
    for (const auto& id : candidates) {
        const auto it = values.find(id);
        if (filter.matches(it == values.end() ? none : it->second))
            members.push_back(id);
    }
    return cohorts.create(definition.name, filter.text(), fromCohort, candidates.size(), members,
                          who);
}

} // namespace rgw::storage
