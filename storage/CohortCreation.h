#pragma once

// Creating a named cohort from a filter: the one service behind `rgw-cli
// cohort create` and the cohort page's "Save as cohort". The candidates are
// every patient of the database, or the included members of another cohort;
// the filter's variables must all be known (CohortVariables::requireKnown),
// then the matching candidates are frozen as the next version of the name.

#include "Database.h"
#include "NamedCohorts.h"

#include <string>

namespace rgw::storage {

struct CohortDefinition {
    std::string name;
    std::string where;      ///< CohortFilter text; empty = every candidate
    std::string fromCohort; ///< "NAME" or "NAME@VERSION"; empty = every patient
};

/// Evaluates and stores the cohort; throws rgw::Error on a filter syntax
/// error, an unknown variable or an unknown source cohort (nothing stored).
CohortRow createCohort(Database& db, const CohortDefinition& definition, const std::string& who);

} // namespace rgw::storage
