#pragma once

// Per-SNP quality control as PLINK 1.9 reports it (--freq, --missing,
// --hardy) and its variant filters (--geno, --hwe, --maf).

#include "association/HardyWeinberg.h"

#include <Eigen/Core>
#include <limits>
#include <optional>
#include <string>

namespace rgw::association {

/// QC of one SNP over every sample of the genotype matrix (PLINK computes
/// these before any sample is dropped for a missing outcome or covariate).
struct SnpQc {
    static constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
    std::size_t genotyped = 0, missing = 0;
    double missingRate = kNaN; ///< missing / samples (PLINK .lmiss F_MISS)
    /// Counted-allele copies / (2 genotyped): PLINK .frq MAF when the counted
    /// allele is PLINK's A1, as in a .raw or a PLINK-written VCF.
    double countedAlleleFrequency = kNaN;
    double minorAlleleFrequency = kNaN; ///< min(f, 1 - f)
    /// Hard-call counts; `hardCalls` false when a dosage is fractional
    /// (imputed): then no HWE test is made and the p-values stay NaN.
    GenotypeCounts counts;
    bool hardCalls = true;
    double hweP = kNaN;         ///< exact test on all genotyped samples (--hardy ALL)
    double hweCasesP = kNaN;    ///< binary outcome: cases only (--hardy AFF)
    double hweControlsP = kNaN; ///< binary outcome: controls only (--hardy UNAFF)
};

/// QC of one SNP's dosages (NaN = missing). `binaryOutcome`: empty, or one
/// value per sample, 1 case / 0 control / NaN missing, for the case-only and
/// control-only HWE tests (a sample with a missing outcome is in neither).
SnpQc snpQc(const Eigen::Ref<const Eigen::VectorXd>& dosage,
            const Eigen::VectorXd& binaryOutcome = {});

/// PLINK's variant filters. None is applied unless set, as PLINK applies none
/// unless its flag is given; the value PLINK uses for a flag given without
/// one is noted. Filters see every sample's genotype (as PLINK, before the
/// model drops samples with a missing outcome or covariate).
struct SnpFilters {
    /// --geno: exclude a SNP whose missing rate exceeds this (flag default 0.1).
    std::optional<double> maxMissingRate;
    /// --hwe: exclude a SNP whose HWE exact p is below this (PLINK needs a
    /// value; 1e-6 is common). With a binary outcome only controls are tested,
    /// as PLINK does, unless `hweIncludeNonControls` (--hwe include-nonctrl).
    std::optional<double> minHweP;
    bool hweIncludeNonControls = false;
    /// --maf: exclude a SNP whose minor allele frequency is below this (flag default 0.01).
    std::optional<double> minMaf;
};

/// Why a SNP fails the filters, checked in PLINK's order (--geno, --hwe,
/// --maf), e.g. "missing rate 0.15 > 0.1 (--geno)"; empty when it passes.
/// `binaryOutcome` says whether the HWE filter uses the controls' p. A SNP
/// without a HWE p (fractional dosages) is not excluded by --hwe.
std::string filterReason(const SnpQc& qc, const SnpFilters& filters, bool binaryOutcome);

/// Throws rgw::Error naming the option when a threshold is outside [0, 1].
void validateFilters(const SnpFilters& filters);

} // namespace rgw::association
