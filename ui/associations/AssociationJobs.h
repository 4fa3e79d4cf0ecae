#pragma once

// The gene-set enrichment and germline SNP runs of the Associations page,
// off the GUI thread (AssociationWork runs them). Each reads the cohort's
// analysis table on its own connection and calls the core functions
// `rgw-cli assoc gsea` and `assoc snp --cohort` call: geneRanking +
// readGmt + preRankedGsea, and cohortGenotypes + snpOutcomeOfTable +
// associateSnps. Nothing here touches widgets.

#include "association/AssociationCsv.h"
#include "association/AssociationTable.h"
#include "association/Gsea.h"
#include "association/SnpAssociation.h"
#include "genomics/Gmt.h"
#include "util/Cancel.h"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace rgw::ui {

struct GseaRequest {
    std::filesystem::path database;
    std::string cohort;          ///< "NAME" or "NAME@VERSION"
    std::string parameterSet;    ///< of the feature
    std::string molecularPrefix; ///< e.g. "expr_": the genes ranked
    std::string feature;         ///< the radiomic feature column ranking the genes
    association::CorrelationMethod method = association::CorrelationMethod::Spearman;
    std::filesystem::path gmtFile;
    association::GseaOptions options; ///< permutations, seed, weight, size limits
};

/// A finished enrichment run with what it was computed from.
struct GseaRun {
    GseaRequest request;
    std::string cohort;                ///< NAME@VERSION as stored
    std::string parameterSetHash;      ///< of the feature
    std::vector<std::string> features; ///< the cohort's feature columns (for the chooser)
    association::FeatureGeneRanking ranking;
    genomics::GmtFile gmt;
    association::GseaResult result;
    /// The provenance of the table (association::describeGsea, as the CLI).
    association::AssociationProvenance provenance() const;
};

/// Ranks the cohort's genes by the feature and runs the enrichment. Throws
/// rgw::Error for an unknown cohort, parameter set or feature, no column with
/// the prefix, an unreadable GMT file, no set left to test, and "cancelled".
GseaRun computeGsea(const GseaRequest& request, const ProgressFn& progress,
                    const CancelToken* cancel);

struct SnpRequest {
    std::filesystem::path database;
    std::string cohort;  ///< "NAME" or "NAME@VERSION"
    std::string profile; ///< the germline genotype profile (stable id); empty: the only one
    /// The outcome column (binary 0/1: logistic, else linear), or with
    /// eventColumn the time (Cox).
    std::string outcome;
    std::string eventColumn;
    std::vector<std::string> covariates; ///< numeric columns of the cohort
    association::SnpAssociationOptions options;
};

/// A finished SNP association with what it was computed from.
struct SnpRun {
    SnpRequest request;
    std::string cohort; ///< NAME@VERSION as stored
    std::size_t samplesGenotyped = 0;
    association::SnpOutcome outcome;
    association::SnpAssociationResult result;
    association::AssociationProvenance provenance() const;
};

/// The cohort's stored genotypes against its outcome column. Throws
/// rgw::Error for an unknown cohort or column, no germline genotype profile,
/// input no SNP could use (associateSnps) and "cancelled".
SnpRun computeSnpAssociation(const SnpRequest& request, const ProgressFn& progress,
                             const CancelToken* cancel);

} // namespace rgw::ui
