#include "AssociationJobs.h"

#include "CohortAnalysisTable.h"
#include "CohortGenotypes.h"
#include "Database.h"
#include "util/Error.h"

#include <algorithm>

namespace rgw::ui {

namespace {

storage::CohortAnalysisTable cohortTable(const std::filesystem::path& database,
                                         const std::string& cohort, const std::string& parameterSet,
                                         const ProgressFn& progress, const CancelToken* cancel) {
    storage::Database db(database);
    storage::CohortExportOptions options;
    options.cohort = cohort;
    options.parameterSet = parameterSet;
    options.cancel = cancel;
    options.progress = progress;
    return storage::cohortAnalysisTable(db, options);
}

void throwIfCancelled(const CancelToken* cancel) {
    if (cancel && cancel->isCancelled())
        throw Error("cancelled");
}

} // namespace

association::AssociationProvenance GseaRun::provenance() const {
    association::AssociationProvenance p;
    p.cohort = cohort;
    p.parameterSetHash = parameterSetHash;
    p.options = {{"feature", request.feature},
                 {"molecular_prefix", request.molecularPrefix},
                 {"method", request.method == association::CorrelationMethod::Spearman
                                ? std::string("spearman")
                                : std::string("pearson")}};
    association::describeGsea(p, request.options, request.gmtFile, result, gmt.sets.size(),
                              ranking.ranking.genes.size(), ranking.dropped.size());
    return p;
}

GseaRun computeGsea(const GseaRequest& request, const ProgressFn& progress,
                    const CancelToken* cancel) {
    if (request.feature.empty())
        throw Error("choose the feature whose correlation ranks the genes");
    if (request.molecularPrefix.empty())
        throw Error("choose the molecular values ranked (a column prefix such as expr_)");
    if (request.gmtFile.empty())
        throw Error("choose a GMT file of gene sets");
    GseaRun run;
    run.request = request;
    const storage::CohortAnalysisTable input =
        cohortTable(request.database, request.cohort, request.parameterSet, progress, cancel);
    run.cohort = input.provenance.cohort;
    run.parameterSetHash = input.provenance.parameterSetHash;
    run.features = input.featureColumns;
    throwIfCancelled(cancel);
    const association::TableMatrix molecular =
        association::prefixedColumns(input.table, request.molecularPrefix);
    if (progress)
        progress(0, 0,
                 "Ranking " + std::to_string(molecular.names.size()) + " genes by " +
                     request.feature);
    run.ranking = association::geneRanking(input.table, request.feature, molecular, request.method,
                                           3, cancel);
    throwIfCancelled(cancel);
    run.gmt = genomics::readGmt(request.gmtFile);
    run.result = association::preRankedGsea(run.ranking.ranking, run.gmt.sets, request.options,
                                            progress, cancel);
    throwIfCancelled(cancel);
    return run;
}

association::AssociationProvenance SnpRun::provenance() const {
    association::AssociationProvenance p;
    p.cohort = cohort;
    association::SnpInputDescription input;
    input.genotypes = "stored germline profile";
    input.idColumn = "patient_id";
    input.eventColumn = request.eventColumn;
    input.profile = request.profile;
    input.samplesGenotyped = samplesGenotyped;
    association::describeSnpAssociation(p, result, outcome, request.options, input);
    return p;
}

SnpRun computeSnpAssociation(const SnpRequest& request, const ProgressFn& progress,
                             const CancelToken* cancel) {
    if (request.outcome.empty())
        throw Error("choose the outcome column (or the time column with its event)");
    SnpRun run;
    run.request = request;
    const storage::CohortAnalysisTable input =
        cohortTable(request.database, request.cohort, {}, progress, cancel);
    run.cohort = input.provenance.cohort;
    throwIfCancelled(cancel);
    const stats::DataTable& table = input.table;
    association::GenotypeMatrix genotypes;
    {
        storage::Database db(request.database);
        genotypes = storage::cohortGenotypes(db, table.text("patient_id"), request.profile);
    }
    run.samplesGenotyped = genotypes.samples.size();
    run.outcome = association::snpOutcomeOfTable(table, "patient_id", genotypes.samples,
                                                 request.outcome, request.eventColumn);
    const association::SnpCovariates covariates = association::snpCovariatesOfTable(
        table, "patient_id", genotypes.samples, request.covariates);
    run.result = association::associateSnps(genotypes, run.outcome, covariates, request.options,
                                            progress, cancel);
    throwIfCancelled(cancel);
    return run;
}

} // namespace rgw::ui
