#pragma once

// The association results as CSV tables (RFC 4180: a header record, CRLF
// line ends, fields quoted when needed, numbers in their shortest round-trip
// form, a missing value as an empty cell), written by `rgw-cli assoc --out`
// and by the GUI's "Export CSV" alike, each with a provenance side file
// OUT.provenance.json (what was analysed, with which options and software).

#include "association/CorrelationMap.h"
#include "association/GroupMap.h"
#include "association/Gsea.h"
#include "association/MapClustering.h"
#include "association/SnpAssociation.h"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace rgw::association {

/// The correlation map in long form, one row per (feature, molecular value)
/// pair: feature, gene, n, r, p, q, status (pairStatusName). Rows run over
/// the molecular values for each feature, in input order, or in the
/// clustering's order when `clustering` is given, which adds the columns
/// feature_order and gene_order (1-based positions in the clustered
/// heatmap). `features` and `molecular` name the map's rows and columns.
/// Throws rgw::Error when the name counts differ from the map's.
std::string correlationMapCsv(const CorrelationMap& map, const std::vector<std::string>& features,
                              const std::vector<std::string>& molecular,
                              const MapClustering* clustering = nullptr);

/// The group map, one row per feature: feature, test ("mann-whitney" for two
/// groups, "kruskal-wallis" for more), statistic (W or H), effect (Cliff's
/// delta or eta²), p, q of that test; then per group n_<G>, mean_<G>,
/// median_<G>; then every test: mw_w, mw_p, mw_q, auc, cliffs_delta,
/// welch_t, welch_df, welch_p, welch_q, cohens_d, log2_fold_change, kw_h,
/// kw_df, kw_p, kw_q, eta_squared, and notes (why a test did not run). A
/// field of the other design is empty. Throws rgw::Error when the feature
/// count differs from the map's.
std::string groupMapCsv(const GroupMap& map, const std::vector<std::string>& features);

/// The GSEA table, one row per tested set in input order: set, size (its
/// genes in the ranked list), set_size (its genes in the GMT file, when
/// `sets` are given, else empty), es, nes, p, q, peak (1-based ranked
/// position), leading_edge_size, leading_edge (the genes, space-separated,
/// in ranked order).
std::string gseaCsv(const GseaResult& result, const std::vector<genomics::GeneSet>* sets = nullptr);

/// The SNP association table, one row per SNP of the genotype matrix: the
/// contract's columns snp, n (samples in the model), beta (log odds ratio,
/// slope or log hazard ratio per allele), se, ratio (OR or HR; empty for a
/// continuous outcome), p, q (BH FDR over the tested SNPs), then chr, bp, a1
/// (counted allele), a2, maf, f_miss, hwe_p (all samples), l95, u95 (of the
/// ratio, else of beta), stat, bonferroni, status ("tested", "filtered",
/// "not fitted"), reason. Values equal PLINK 1.9's OR/BETA, SE, L95, U95,
/// STAT, P.
std::string snpAssociationCsv(const SnpAssociationResult& result);

/// "tested", "filtered" or "not fitted".
const char* snpStatusName(SnpStatus status);

/// "logistic", "linear" or "cox": the per-SNP model of an outcome kind.
const char* snpModelName(OutcomeKind kind);

/// A value recorded in the provenance: text, number, count, flag or list.
using ProvenanceValue =
    std::variant<std::string, double, std::int64_t, bool, std::vector<std::string>>;

/// What an association result was computed from.
struct AssociationProvenance {
    /// "correlation map", "group map", "gsea" or "snp association".
    std::string kind;
    std::string cohort;           ///< NAME@VERSION; empty for a table
    std::string inputTable;       ///< the table file; empty for a cohort
    std::string parameterSetHash; ///< of the feature columns; empty without
    /// Every option, including seeds and defaults, in a stable order.
    std::vector<std::pair<std::string, ProvenanceValue>> options;
    /// Counts of the result (patients, tests, sets left out, ...).
    std::vector<std::pair<std::string, ProvenanceValue>> summary;
};

/// What a correlation map records (`rgw-cli assoc map`, the GUI's export):
/// kind "correlation map"; options molecular_prefix, method, min_patients,
/// cluster (linkage name or ""), features (the feature columns),
/// molecular_columns; summary patients, pairs, tested, q_below_0.05. The
/// source (cohort or input table, parameter-set hash) is the caller's.
void describeCorrelationMap(AssociationProvenance& provenance, const CorrelationMap& map,
                            const std::string& molecularPrefix,
                            const std::vector<std::string>& featureColumns,
                            std::size_t molecularColumns, std::size_t patients,
                            const std::optional<Linkage>& linkage);

/// What a group map records: kind "group map"; options group, levels,
/// log2_fold_change, features; summary patients, patients_without_group and
/// patients_<LEVEL> per group.
void describeGroupMap(AssociationProvenance& provenance, const GroupMap& map,
                      const Grouping& grouping, const std::string& groupColumn,
                      const std::vector<std::string>& featureColumns, std::size_t patients);

/// What a GSEA table records (`rgw-cli assoc gsea`, the GUI's export):
/// kind "gsea"; after the ranking's options the caller put in
/// provenance.options (feature, molecular_prefix, method, or ranks), the
/// options gmt (`gmtFile` made absolute), permutations, seed, weight,
/// min_size, max_size; summary ranked_genes, genes_dropped, sets_in_file,
/// sets_tested, sets_excluded.
void describeGsea(AssociationProvenance& provenance, const GseaOptions& options,
                  const std::filesystem::path& gmtFile, const GseaResult& result,
                  std::size_t setsInFile, std::size_t rankedGenes, std::size_t genesDropped);

/// Where the genotypes of a SNP association came from, for its provenance.
struct SnpInputDescription {
    std::string genotypes; ///< a file, "stored germline profile" or "snp_ columns of the table"
    std::string idColumn;
    std::string eventColumn;          ///< time to event: the event column
    std::string profile;              ///< the stored profile named, if any
    std::size_t samplesGenotyped = 0; ///< rows of the genotype matrix
};

/// What a SNP association records: kind "snp association"; options model,
/// outcome, event, covariates, genotypes, id_column, geno, maf, hwe,
/// confidence_level (and profile when named); summary samples_genotyped,
/// samples_with_outcome, analysable_samples, snps, tested.
void describeSnpAssociation(AssociationProvenance& provenance, const SnpAssociationResult& result,
                            const SnpOutcome& outcome, const SnpAssociationOptions& options,
                            const SnpInputDescription& input);

/// The provenance as a JSON object: kind, cohort, input_table,
/// parameter_set_hash, options, summary, software ("rgw"), software_version
/// (RGW_VERSION) and created_at (`utcTime`, ISO 8601). NaN is null.
std::string provenanceJson(const AssociationProvenance& provenance, const std::string& utcTime);

/// Writes the provenance of the result table `table` beside it as
/// TABLE.provenance.json (modeling::provenanceFileOf), stamped with the
/// current UTC time; returns the side file's path.
std::filesystem::path writeProvenanceFile(const std::filesystem::path& table,
                                          const AssociationProvenance& provenance);

} // namespace rgw::association
