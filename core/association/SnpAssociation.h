#pragma once

// Candidate-SNP (germline) association with a toxicity or response outcome,
// as PLINK 1.9 --logistic / --linear with --covar and --ci, and per-SNP Cox
// regression for time to event: one additive model per SNP,
//     outcome ~ dosage + covariates,
// on the samples with the SNP's genotype, the outcome and every covariate
// present. Per SNP also PLINK's QC (--freq, --missing, --hardy) and
// filters (--geno, --hwe, --maf); across the tested SNPs Benjamini–Hochberg
// FDR and Bonferroni adjusted p-values.

#include "association/GenotypeMatrix.h"
#include "association/SnpQc.h"
#include "stats/CoxRegression.h"
#include "stats/LogisticRegression.h"
#include "util/Cancel.h"

#include <Eigen/Core>
#include <limits>
#include <string>
#include <vector>

namespace rgw::association {

enum class OutcomeKind {
    Binary,      ///< e.g. toxicity grade ≥ 2: additive logistic regression (PLINK --logistic)
    Continuous,  ///< additive linear regression (PLINK --linear)
    TimeToEvent, ///< additive Cox regression (survival::coxph, Efron ties by default)
};

/// The outcome, one entry per genotype sample in the matrix's order; NaN is
/// missing (the sample is left out, never counted as 0).
struct SnpOutcome {
    OutcomeKind kind = OutcomeKind::Binary;
    std::string name;
    /// Binary: 1 case, 0 control. Continuous: the value. TimeToEvent: the time (> 0).
    Eigen::VectorXd value;
    /// TimeToEvent only: 1 event, 0 censored.
    Eigen::VectorXd event;
};

/// Covariates such as dose and age, samples × covariates in the genotype
/// matrix's sample order. A sample with any covariate missing (NaN) is left
/// out of every SNP's model, as PLINK --covar does.
struct SnpCovariates {
    std::vector<std::string> names;
    Eigen::MatrixXd values;
};

struct SnpAssociationOptions {
    SnpFilters filters;            ///< none by default, as PLINK
    double confidenceLevel = 0.95; ///< PLINK --ci
    /// PLINK --vif for continuous outcomes: a model whose largest variance
    /// inflation factor among the predictors exceeds this is not fitted (PLINK 1.9's default 50).
    double maxVif = 50.0;
    stats::LogisticOptions logistic;
    stats::CoxOptions cox;
};

enum class SnpStatus {
    Tested,    ///< fitted: the numbers below are set
    Filtered,  ///< excluded by a QC filter (reason says which)
    NotFitted, ///< the model has no estimate (constant genotype, separation, ...): reason says why
};

struct SnpTest {
    static constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
    SnpInfo snp;
    SnpQc qc;
    SnpStatus status = SnpStatus::NotFitted;
    std::string reason; ///< why Filtered or NotFitted; empty when Tested
    /// Samples in the model (PLINK NMISS): genotype, outcome and covariates present.
    std::size_t samples = 0;
    std::size_t events = 0; ///< cases (binary) or events (time to event) among them
    /// The additive effect per counted allele: log odds ratio, linear slope or log hazard ratio.
    double beta = kNaN, standardError = kNaN;
    double statistic =
        kNaN; ///< Wald z (logistic, Cox) or t on samples - predictors - 1 df (linear)
    double p = kNaN;
    /// Odds / hazard ratio exp(beta) and its Wald interval; linear: beta and
    /// beta ± z se. As PLINK 1.9, both use the normal quantile z.
    double effect = kNaN, lower = kNaN, upper = kNaN;
    double fdr = kNaN, bonferroni = kNaN; ///< adjusted over the tested SNPs
};

struct SnpAssociationResult {
    OutcomeKind kind = OutcomeKind::Binary;
    std::string outcome;
    std::vector<std::string> covariates;
    /// Samples with the outcome and every covariate present (before genotypes).
    std::size_t analysableSamples = 0;
    std::vector<SnpTest> snps; ///< one per SNP of the matrix, in its order
    std::size_t testedCount() const;
};

/// Tests every SNP of `genotypes` for association with `outcome`, adjusted for
/// `covariates` (may be empty). Each SNP gets its QC; a SNP failing a filter
/// is Filtered; a SNP whose genotype is constant among its model's samples,
/// or whose fit fails (complete or quasi-complete separation, too few
/// samples, one outcome class only, no events, a covariate collinear with
/// the dosage, VIF above maxVif) is NotFitted with the reason, never a
/// number. `progress` is called after each SNP; `cancel` stops between SNPs
/// with rgw::Error "cancelled". Throws rgw::Error for input that no SNP could
/// use: sizes that do not match the matrix, a binary value or event other
/// than 0/1, a non-positive time, a covariate named twice or named as a SNP,
/// a confidence level outside (0, 1), bad filters or dosages.
SnpAssociationResult associateSnps(const GenotypeMatrix& genotypes, const SnpOutcome& outcome,
                                   const SnpCovariates& covariates = {},
                                   const SnpAssociationOptions& options = {},
                                   const ProgressFn& progress = {},
                                   const CancelToken* cancel = nullptr);

} // namespace rgw::association
