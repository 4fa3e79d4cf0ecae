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

/// A stored robustness run, as the robustness view lists it.
struct RobustnessRun {
    Id id = 0;
    std::string parameterSetHash;
    std::string parameterSet;  ///< the name (or file) it was recorded with
    std::string perturbations; ///< e.g. "noise+volume", or "segmentation versions"
    std::string seed;          ///< as stored (TEXT: a 64-bit unsigned seed)
    int repeats = 0;
    std::size_t cases = 0; ///< the case descriptions recorded with the run
    std::string createdAt; ///< UTC, as stored
    std::string createdBy;
};

/// Every stored run, newest (highest id) first.
std::vector<RobustnessRun> listRobustnessRuns(Database& db);

/// One feature's stored ICCs of a run: per ICC kind, the value and its 95 %
/// bounds (nullopt where NULL, with the reason in note).
struct StoredIcc {
    std::optional<double> icc;
    std::optional<double> lower;
    std::optional<double> upper;
    std::size_t cases = 0;
    std::string note;
};
struct RobustnessFeature {
    std::string feature;
    std::map<stats::IccKind, StoredIcc> byKind; ///< only the kinds stored
};

/// The features of run `run` in feature order, each with the ICC kinds it
/// has. Throws rgw::Error when there is no such run.
std::vector<RobustnessFeature> robustnessRunFeatures(Database& db, Id run);

/// Per feature, the ICC of `kind` of the latest run (highest id) that has
/// a defined ICC for it, optionally only runs of parameter set
/// `parameterSetHash`. Features without one are absent.
std::map<std::string, double>
storedFeatureIccs(Database& db, stats::IccKind kind,
                  const std::optional<std::string>& parameterSetHash = std::nullopt);

} // namespace rgw::storage
