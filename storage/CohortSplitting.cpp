#include "CohortSplitting.h"

#include "CohortVariables.h"
#include "cohort/Split.h"
#include "util/Error.h"

#include <cstdio>

namespace rgw::storage {
namespace {

/// The value of a stratify / group variable as a group name ("" = missing,
/// its own group).
std::string groupName(const cohort::PatientVariables& values, const std::string& variable) {
    const auto it = values.find(variable);
    if (it == values.end() || it->second.isMissing())
        return {};
    if (const double* d = it->second.asNumber()) {
        char text[32];
        std::snprintf(text, sizeof text, "%.17g", *d);
        return text;
    }
    return *it->second.asText();
}

const char* methodName(SplitRequest::Method method) {
    switch (method) {
    case SplitRequest::Method::Stratified:
        return "stratified";
    case SplitRequest::Method::Group:
        return "group";
    case SplitRequest::Method::Imported:
        return "imported";
    }
    return "stratified";
}

} // namespace

CohortSplitRecord splitCohort(Database& db, const CohortRow& cohort, const SplitRequest& request,
                              const std::string& who) {
    NamedCohortRepository cohorts(db);
    CohortSplitRecord record;
    record.method = methodName(request.method);
    std::map<std::string, cohort::SplitRole> roles;
    if (request.method == SplitRequest::Method::Imported) {
        record.variable = request.assignment.string();
        roles = cohort::readSplitAssignment(request.assignment);
    } else {
        if (request.method == SplitRequest::Method::Group && request.variable.empty())
            throw Error("a split by group needs the variable that names the groups (e.g. a site)");
        record.testFraction = request.testFraction;
        record.variable = request.variable;
        record.seed = request.seed;
        const std::vector<std::string> included = cohorts.includedPatients(cohort.id);
        std::map<std::string, cohort::PatientVariables> values;
        if (!request.variable.empty()) {
            CohortVariables variables(db);
            variables.requireKnown({request.variable});
            values = variables.values(included, {request.variable});
        }
        std::vector<cohort::SplitMember> members;
        members.reserve(included.size());
        for (const auto& id : included)
            members.push_back({id, request.variable.empty()
                                       ? std::string()
                                       : groupName(values[id], request.variable)});
        roles = request.method == SplitRequest::Method::Group
                    ? cohort::groupSplit(members, request.testFraction, request.seed)
                    : cohort::stratifiedSplit(members, request.testFraction, request.seed);
    }
    cohorts.storeSplit(cohort.id, record, roles, who);
    return *cohorts.split(cohort.id);
}

} // namespace rgw::storage
