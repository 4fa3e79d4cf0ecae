#pragma once

// Hardy–Weinberg equilibrium of a biallelic SNP from its genotype counts: the
// exact test of Wigginton, Cutler & Abecasis (2005), Am J Hum Genet 76:887,
// as PLINK 1.9 --hardy and --hwe compute it (not the mid-p variant).

#include <cstddef>

namespace rgw::association {

/// Hard-call genotype counts of one SNP: homozygous for the counted allele
/// (dosage 2), heterozygous (1), homozygous for the other allele (0).
struct GenotypeCounts {
    std::size_t homCounted = 0, heterozygous = 0, homOther = 0;

    std::size_t total() const { return homCounted + heterozygous + homOther; }
};

/// The exact HWE test's p: the probability, given the allele counts, of a
/// heterozygote count no more likely than the observed one (Wigginton et al.
/// 2005, recurrence over heterozygote counts of the same parity). Counts
/// whose probability equals the observed one within a relative 1e-7 count as
/// equally likely, as PLINK's tie tolerance does. 1 for a monomorphic SNP
/// or no genotypes.
double hardyWeinbergExactP(const GenotypeCounts& counts);

/// Expected heterozygosity 2 f (1 - f) for the counted-allele frequency f of
/// the counts (PLINK --hardy's E(HET)); 0 without genotypes.
double expectedHeterozygosity(const GenotypeCounts& counts);

} // namespace rgw::association
