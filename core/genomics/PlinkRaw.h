#pragma once

// PLINK 1.9 additive dosage files (`plink --recode A`, `.raw`): a header
// "FID IID PAT MAT SEX PHENOTYPE <SNP>_<counted allele> ..." (with
// --recode-allele / include-alt: "<SNP>_<counted>(/<other>)"), then one line
// per sample with 0, 1, 2 (copies of the counted allele) or NA. Each value
// becomes a Genotype of the sample IID (its patient by the TCGA rule, else the
// IID itself); NA is missing, never 0.

#include "genomics/GenomicRecords.h"

#include <filesystem>

namespace rgw::genomics {

struct PlinkRawOptions {
    /// Stable id of the profile; empty: "<file stem>_genotypes".
    std::string profileStableId;
};

/// Bad values and ragged lines become problems naming file, line and the SNP
/// column; a file without the six leading columns throws rgw::Error.
GenomicDataSet readPlinkRaw(const std::filesystem::path& file, const PlinkRawOptions& options = {});

} // namespace rgw::genomics
