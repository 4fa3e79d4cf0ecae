#pragma once

// Radiogenomic correlation map: every radiomic feature against every
// molecular value (gene expression, methylation, copy number), as a heatmap
// of correlations with p-values and FDR q-values. Each pair uses the patients
// that have both values (pairwise complete); a missing value (NaN) is never
// read as zero. Equal to R's cor.test on x[ok], y[ok] for every pair and
// p.adjust(p, "BH") over the whole map
// (tests/reference/association/make_association.R).

#include "util/Cancel.h"

#include <Eigen/Core>
#include <cstddef>
#include <vector>

namespace rgw::association {

enum class CorrelationMethod {
    Pearson,  ///< Pearson's product-moment r
    Spearman, ///< Spearman's ρ: Pearson's r of the mid-ranks of the pair's patients
};

/// "Pearson" or "Spearman".
const char* correlationMethodName(CorrelationMethod method);

struct CorrelationOptions {
    CorrelationMethod method = CorrelationMethod::Pearson;
    /// Pairs with fewer patients having both values get no test. At least 3
    /// (the t statistic has n − 2 degrees of freedom).
    Eigen::Index minimumPatients = 3;
    unsigned threads = 0; ///< 0: one per hardware thread; results do not depend on it
};

/// Why a pair has (or has no) p-value.
enum class PairStatus {
    Tested,            ///< r, p and q are set
    TooFewPatients,    ///< n < minimumPatients: r, p, q NaN
    ConstantFeature,   ///< the feature is constant over the pair's patients: r, p, q NaN
    ConstantMolecular, ///< the molecular value is constant over the pair's patients
};

/// "tested", "too few patients", "constant feature", "constant molecular value".
const char* pairStatusName(PairStatus status);

/// One map: row f is feature f, column g is molecular value g.
struct CorrelationMap {
    CorrelationOptions options;
    Eigen::MatrixXd r; ///< Pearson r or Spearman ρ; NaN when not tested
    /// Two-sided p of cor.test: Pearson t = r √(n−2) / √(1−r²) with n − 2 df;
    /// Spearman cor.test(exact = FALSE)'s asymptotic t approximation, the same
    /// t of ρ with n − 2 df (no exact permutation p, no Edgeworth series).
    /// Evaluated in double precision (stats::studentTwoSidedPDouble).
    Eigen::MatrixXd p;
    /// Benjamini–Hochberg q over the whole map; the untested pairs are left
    /// out of the count m (as p.adjust does with NA), so they do not dilute it.
    Eigen::MatrixXd q;
    /// Patients with both values.
    Eigen::Matrix<Eigen::Index, Eigen::Dynamic, Eigen::Dynamic> n;
    /// Status per pair, column-major (feature fastest); see status().
    std::vector<PairStatus> statuses;
    /// Pairs with a p-value: the number of tests m of the FDR.
    Eigen::Index tested = 0;

    PairStatus status(Eigen::Index feature, Eigen::Index molecular) const {
        return statuses[static_cast<std::size_t>(molecular * r.rows() + feature)];
    }
};

/// The correlation map of `features` (patients × radiomic features) against
/// `molecular` (the same patients in the same rows × molecular values), NaN =
/// missing. For Spearman each column is sorted once and ranked once; a pair
/// with missing values is re-ranked among its own patients in one pass (R
/// ranks x[ok]). Pairs of complete columns reuse each column's centred values;
/// for Spearman they are one matrix product of the centred mid-ranks per block
/// of molecular columns, exact in double (so equal to the pair-by-pair long
/// double sums), and their p-values are memoised on ρ, so issue #14's map of
/// 1000 × 20 000 over 500 patients takes about 10 s. Throws rgw::Error
/// when the row counts differ, for an infinite value (naming the matrix, row
/// and column), for minimumPatients < 3, and when `cancel` is set during the
/// run.
CorrelationMap correlationMap(const Eigen::MatrixXd& features, const Eigen::MatrixXd& molecular,
                              const CorrelationOptions& options = {},
                              const CancelToken* cancel = nullptr);

} // namespace rgw::association
