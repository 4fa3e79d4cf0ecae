#include "CohortScoring.h"

#include "util/Error.h"

namespace rgw::storage {

namespace {

void throwIfCancelled(const CancelToken* cancel) {
    if (cancel && cancel->isCancelled())
        throw Error("cancelled");
}

} // namespace

CohortScoringResult scoreCohort(Database& db, const StoredModel& model,
                                const CohortScoringOptions& options) {
    const modeling::TrainedModel trained = loadStoredModel(db, model);
    throwIfCancelled(options.cancel);

    const CohortAnalysisTable input = modelAnalysisTable(
        db, options.cohort, trained, options.parameterSet, options.cancel, options.progress);
    throwIfCancelled(options.cancel);

    if (options.progress)
        options.progress(0, 1, "scoring");
    CohortScoringResult result;
    result.scoring =
        modeling::scoreTable(trained, input.table, {input.provenance.parameterSetHash});
    result.provenance = input.provenance;
    result.source = input.table.source();
    // The last point at which a cancel leaves nothing written.
    throwIfCancelled(options.cancel);
    result.stored = savePredictions(db, model, result.scoring);
    if (options.progress)
        options.progress(1, 1, "scoring");
    return result;
}

} // namespace rgw::storage
