#pragma once

// Scoring a named cohort with a stored model: the one path behind
// `rgw-cli model score MODEL --cohort NAME` and the cohort page's "Score
// patients…". The cohort's analysis table is read with the features of the
// model's own radiomic parameter set (or of the one asked for, which scoring
// then refuses unless it is the model's), the frozen pipeline scores every
// row (modeling::scoreTable) and the predictions are stored
// (savePredictions), replacing the model's earlier ones.
//
// Nothing is written unless every step succeeds: a cancelled run, another
// parameter set or a missing input column throws rgw::Error and leaves the
// stored predictions as they were.

#include "CohortAnalysisTable.h"
#include "Database.h"
#include "ModelRepository.h"
#include "modeling/Scoring.h"
#include "modeling/TableProvenance.h"
#include "util/Cancel.h"

#include <cstddef>
#include <optional>
#include <string>

namespace rgw::storage {

struct CohortScoringOptions {
    /// "NAME" or "NAME@VERSION" (the newest version when omitted); empty =
    /// every patient of the database.
    std::string cohort;
    /// The features' parameter set (name or hash prefix); unset = the model's
    /// own (model.training.parameterSetHash; none when the model has none).
    std::optional<std::string> parameterSet;
    const CancelToken* cancel = nullptr; ///< set from any thread: ends with "cancelled"
    /// Progress of reading the cohort table (CohortExport.h's steps: one for the
    /// variables, one per patient, one for writing), then one final step
    /// "scoring" once the table is read.
    ProgressFn progress = {};
};

struct CohortScoringResult {
    modeling::ScoringResult scoring;      ///< scored patients (table order) and refused ones
    std::size_t stored = 0;               ///< predictions written (savePredictions)
    modeling::TableProvenance provenance; ///< cohort NAME@VERSION and parameter set hash
    std::string source;                   ///< the table's source text ("cohort NAME@VERSION")
};

/// Scores the patients of `options.cohort` with the stored model `model`
/// (loadStoredModel) and stores the predictions. Throws rgw::Error for an
/// unknown cohort or parameter set, features of another parameter set than the
/// model's (naming both hashes), a missing input column, "cancelled" when the
/// token was set; in every such case nothing is written. Patients refused for
/// missing values (named with their features in result.scoring.refused) lose
/// an earlier prediction of this model (savePredictions).
CohortScoringResult scoreCohort(Database& db, const StoredModel& model,
                                const CohortScoringOptions& options);

} // namespace rgw::storage
