#pragma once

// Stored feature robustness (schema v9): one run of perturbed (or repeated)
// extractions of a set of cases and its per-feature ICCs, and the ICCs the
// model stability filter reads back.

#include "Database.h"
#include "radiomics/robustness/FeatureRobustness.h"
#include "stats/Icc.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace rgw::storage {

/// Stores a robustness run (its provenance, the parameter set's name and the
/// case descriptions) and every ICC of `iccs` in one transaction; returns
/// the run's id. Undefined ICCs are stored as NULL with their note.
Id storeRobustness(Database& db, const radiomics::robustness::RobustnessProvenance& provenance,
                   const std::string& parameterSet, const std::vector<std::string>& cases,
                   const std::vector<radiomics::robustness::FeatureIcc>& iccs,
                   const std::string& who);

/// Per feature, the ICC of `kind` of the latest run (highest id) that has
/// a defined ICC for it, optionally only runs of parameter set
/// `parameterSetHash`. Features without one are absent.
std::map<std::string, double>
storedFeatureIccs(Database& db, stats::IccKind kind,
                  const std::optional<std::string>& parameterSetHash = std::nullopt);

} // namespace rgw::storage
