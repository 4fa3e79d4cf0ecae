#pragma once

// Train/test assignment of a named cohort: the one service behind `rgw-cli
// cohort split` and the cohort page's Split. The included members are split
// stratified by a variable's value, by group (whole sites to one side), or
// taken from an imported assignment, and stored with the record of how.

#include "Database.h"
#include "NamedCohorts.h"

#include <cstdint>
#include <filesystem>
#include <string>

namespace rgw::storage {

struct SplitRequest {
    enum class Method { Stratified, Group, Imported };
    Method method = Method::Stratified;
    double testFraction = 0.3;
    /// Stratify / group-by variable (CohortVariables name); "" = none
    /// (stratified only: one stratum).
    std::string variable;
    std::uint64_t seed = 0;
    std::filesystem::path assignment; ///< Imported: CSV/TSV with patient_id, split
};

/// Splits and stores; returns the stored record. Throws rgw::Error for an
/// unknown variable, a fraction outside (0, 1), fewer than two groups, or an
/// assignment that misses an included member (nothing stored then).
CohortSplitRecord splitCohort(Database& db, const CohortRow& cohort, const SplitRequest& request,
                              const std::string& who);

} // namespace rgw::storage
