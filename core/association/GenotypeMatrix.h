#pragma once

// The input of candidate-SNP association: additive dosages (copies of a
// counted allele, 0/1/2, fractional when imputed) of samples × biallelic SNPs,
// with the SNPs' descriptions. Missing genotypes are NaN, never 0.

#include "genomics/GenomicRecords.h"

#include <Eigen/Core>
#include <cstdint>
#include <string>
#include <vector>

namespace rgw::association {

/// A biallelic SNP as association reports name it.
struct SnpInfo {
    std::string id;            ///< rsID, else chrom:pos:ref:alt
    std::string chromosome;    ///< empty when the source does not say (PLINK .raw)
    std::int64_t position = 0; ///< 1-based base-pair position; 0 when unknown
    /// The allele whose copies the dosage counts: PLINK's A1 (.raw), the VCF's ALT.
    std::string countedAllele;
    std::string otherAllele; ///< PLINK's A2 (.raw with include-alt), the VCF's REF
};

/// samples × SNPs additive dosages; NaN = missing genotype.
struct GenotypeMatrix {
    std::vector<std::string> samples;
    std::vector<SnpInfo> snps;
    Eigen::MatrixXd dosage; ///< samples.size() × snps.size()
};

/// The germline genotypes of one profile of `data` (what genomics::readPlinkRaw
/// and readGermlineVcf produce) as a matrix: one row per sample the profile
/// covers (GenomicProfile::profiledSamples, in its order), one column per
/// variant in the source file's order (recovered also where the first sample
/// lacks some genotypes), NaN where the sample has no record
/// (a missing genotype). The counted allele is the record's alternate allele
/// (the .raw's counted A1, the VCF's ALT). `profileStableId` empty: the only
/// germline-genotype profile. Throws rgw::Error when there is no such profile
/// (or several and none named), when a record's sample is not covered by the
/// profile, when one sample has two records of a variant, and when records of
/// one variant disagree on its alleles or position. A variant without any
/// record (missing in every sample) cannot appear.
GenotypeMatrix genotypeMatrix(const genomics::GenomicDataSet& data,
                              const std::string& profileStableId = {});

/// Checks a matrix handed in directly: dosage sized samples × SNPs, every value
/// NaN or within [0, 2], SNP ids unique and non-empty. Throws rgw::Error
/// naming the sample and SNP at fault.
void validateGenotypeMatrix(const GenotypeMatrix& genotypes);

} // namespace rgw::association
