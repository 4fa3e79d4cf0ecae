#pragma once

// A cohort's germline genotypes for candidate-SNP association
// (association::associateSnps): the stored germline genotype profile (an
// imported multi-sample VCF or PLINK .raw) as a patients × SNPs dosage
// matrix in the cohort's patient order, with each SNP's chromosome,
// position and alleles as stored.

#include "Database.h"
#include "association/GenotypeMatrix.h"

#include <string>
#include <vector>

namespace rgw::storage {

/// The genotypes of `patientIds` (e.g. the patient_id column of the cohort's
/// analysis table) from the germline genotype profile `profileStableId`
/// (empty: the only one). Row i is patient i and is named by its patient id;
/// its genotypes are those of the patient's genotyped sample (the first
/// "primary" sample by id when several are genotyped, else the first by id).
/// A patient without a genotyped sample, and a genotype missing for a
/// genotyped sample, are NaN, never 0. The SNPs are in the source file's
/// order, the counted allele being the stored alternate allele (PLINK's A1,
/// the VCF's ALT). Throws rgw::Error naming the database when there is no
/// germline genotype profile, when several exist and none (or an unknown
/// one) is named, and for an unknown patient id.
association::GenotypeMatrix cohortGenotypes(Database& db,
                                            const std::vector<std::string>& patientIds,
                                            const std::string& profileStableId = {});

} // namespace rgw::storage
