#pragma once

// The association analyses on an analysis table: a cohort's (the cohort
// export, storage::cohortAnalysisTable) or any CSV table. Shared by the GUI's
// Associations page and `rgw-cli assoc`, so both read a table the same way.
//
// Genomic columns follow the cohort export (storage/CohortVariables.h):
// mut_<GENE> 1 / 0 / empty (mutated / wild-type / not profiled), expr_,
// meth_, cna_, prot_ numbers, subtype_<PROFILE> text, snp_<VARIANT> dosages.
// A missing value is never read as zero, and a patient whose gene was not
// profiled is never wild-type.

#include "association/CorrelationMap.h"
#include "association/GenotypeMatrix.h"
#include "association/GroupMap.h"
#include "association/Gsea.h"
#include "association/SnpAssociation.h"
#include "stats/DataTable.h"

#include <Eigen/Core>
#include <string>
#include <string_view>
#include <vector>

namespace rgw::association {

/// Numeric columns of a table as a patients × values matrix.
struct TableMatrix {
    std::vector<std::string> columns; ///< the full column names, as in the table
    std::vector<std::string> names;   ///< display names: the prefix stripped
    Eigen::MatrixXd values;           ///< table rows × columns; NaN = missing
};

/// The columns whose name starts with `prefix` (e.g. "expr_"), in table
/// order, named without the prefix. Throws rgw::Error naming the table when
/// the prefix is empty or no column has it (listing the genomic prefixes the
/// table has), and naming the column and line of a value that is not a
/// number.
TableMatrix prefixedColumns(const stats::DataTable& table, std::string_view prefix);

/// The columns `columns` (display names = column names). Throws rgw::Error
/// naming the table for an empty list, a column named twice, an unknown
/// column (with similar names) or one that is not numeric.
TableMatrix namedColumns(const stats::DataTable& table, const std::vector<std::string>& columns);

/// The numeric columns of the table that start with none of
/// `excludedPrefixes` and are none of `excludedColumns`, in table order: the
/// default features of a table without a feature list.
std::vector<std::string> numericColumnsExcept(const stats::DataTable& table,
                                              const std::vector<std::string>& excludedPrefixes,
                                              const std::vector<std::string>& excludedColumns);

/// The grouping of the table's patients by `column`:
///  - mut_<GENE>: 1 = "mutated", 0 = "wild-type", empty = not profiled (no
///    group; never wild-type); the words "mutated", "wild-type" and
///    "not-profiled" are read the same way. Levels {"wild-type", "mutated"}
///    (mutated compared with wild-type), as mutationGrouping();
///  - a numeric column of at most 20 distinct values: each value (in its
///    shortest form) is a group, in increasing order, so a 0/1 column
///    compares 1 with 0;
///  - any other column: its text values (trimmed) are the groups, sorted by
///    byte order, except that values among "wild-type" / "mutated" take the
///    mutation order; "not-profiled", "not profiled" and missing values have no group.
/// Throws rgw::Error naming the table and column for an unknown column, a
/// mut_ value other than 1 / 0 / empty, a numeric column of more than 20
/// distinct values (continuous, not groups), or fewer than two groups.
Grouping groupingOfColumn(const stats::DataTable& table, const std::string& column);

/// The genes ranked by one feature, for pre-ranked GSEA.
struct FeatureGeneRanking {
    GeneRanking ranking; ///< each testable gene (display name) and its correlation
    /// The genes left out because they cannot be tested against the feature,
    /// each "GENE (reason)" with the correlation map's pair status.
    std::vector<std::string> dropped;
    CorrelationMethod method = CorrelationMethod::Spearman;
};

/// Each gene's correlation with the numeric column `feature` over the
/// patients having both values (correlationMap), genes named by
/// molecular.names. Genes without a correlation (too few patients, constant)
/// are dropped and reported. Throws rgw::Error naming the table and column
/// for an unknown or non-numeric feature, and when fewer than two genes can
/// be ranked.
FeatureGeneRanking geneRanking(const stats::DataTable& table, const std::string& feature,
                               const TableMatrix& molecular, CorrelationMethod method,
                               Eigen::Index minimumPatients = 3,
                               const CancelToken* cancel = nullptr);

/// A ranked gene list read from a table: columns "gene" and "score" when it
/// has them, else its first column (genes) and its second (scores, numeric).
/// A GSEA .rnk file without a header (its first line a gene and a number) is
/// read with that line as the first gene. Throws rgw::Error naming the table
/// (and line) for fewer than two columns, a blank gene or a missing or
/// non-numeric score.
GeneRanking rankingOfTable(const stats::DataTable& table);

/// The table's snp_<VARIANT> columns (alternate-allele dosages 0..2, as the
/// cohort export writes them) as a genotype matrix: samples = the values of
/// `idColumn`, SNP ids without the prefix, no chromosome or position.
/// Throws rgw::Error naming the table and column when there is no snp_
/// column, for an id column that is unknown or has a blank or repeated id,
/// and (validateGenotypeMatrix) for a dosage outside [0, 2].
GenotypeMatrix genotypesOfTable(const stats::DataTable& table, const std::string& idColumn);

/// The values of numeric column `column` for the rows whose `idColumn` value
/// is each of `ids` (NaN for an id the table does not have): a table's
/// outcome or covariate in a genotype matrix's sample order. Throws
/// rgw::Error naming the table and column for an unknown or non-numeric
/// column, or an id column with a repeated id.
Eigen::VectorXd valuesByIds(const stats::DataTable& table, const std::string& idColumn,
                            const std::vector<std::string>& ids, const std::string& column);

/// Whether a numeric column holds only 0 and 1 (missing values aside) with
/// at least one value: a binary outcome (logistic) rather than a continuous
/// one (linear).
bool isZeroOneColumn(const stats::DataTable& table, const std::string& column);

/// The outcome of a per-SNP association read from `table` in the genotype
/// matrix's sample order `samples` (valuesByIds on `idColumn`), as
/// `rgw-cli assoc snp` and the Associations page read it: without
/// `eventColumn`, `column` is binary (Binary, logistic) when it holds only 0
/// and 1 (isZeroOneColumn), else continuous (Continuous, linear); with
/// `eventColumn`, `column` is the time and the outcome TimeToEvent (Cox).
/// Throws rgw::Error as valuesByIds.
SnpOutcome snpOutcomeOfTable(const stats::DataTable& table, const std::string& idColumn,
                             const std::vector<std::string>& samples, const std::string& column,
                             const std::string& eventColumn = {});

/// The numeric columns `names` of `table` as SNP covariates in the order of
/// `samples` (valuesByIds). Throws rgw::Error as valuesByIds.
SnpCovariates snpCovariatesOfTable(const stats::DataTable& table, const std::string& idColumn,
                                   const std::vector<std::string>& samples,
                                   const std::vector<std::string>& names);

} // namespace rgw::association
