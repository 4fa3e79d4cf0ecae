#pragma once

// VCF 4.x readers (plain or bgzip/gzip compressed):
// - a single-sample somatic VCF annotated by Ensembl VEP (INFO CSQ) or SnpEff
//   (INFO ANN), as clinical panel results arrive: one Mutation per ALT allele
//   with a gene, in MAF vocabulary (VariantConsequence.h);
// - a multi-sample germline VCF: one Genotype (alternate-allele dosage from DS
//   when present, else counted from GT) per sample and ALT allele, for
//   candidate SNPs such as rs2682585 (XRCC1).
// Bad records never throw: each becomes an InputProblem naming file, line and
// column and is left out; the caller decides between all-or-nothing and
// importing the rest. A file that cannot be used at all (not a VCF, no sample
// column, an unknown tumour sample) throws rgw::Error naming it.
// Somatic calls whose FILTER is neither PASS nor "." are not mutations and are
// not read; ALT alleles without a gene symbol (intergenic) are not either.

#include "genomics/GenomicRecords.h"

#include <filesystem>
#include <optional>

namespace rgw::genomics {

enum class VcfContent { SomaticAnnotated, Germline };

struct VcfOptions {
    /// Stable id of the profile the records go to; empty: "<file stem>_mutations"
    /// or "<file stem>_genotypes".
    std::string profileStableId;
    /// Which genes a somatic panel sequenced. Without a panel and without
    /// `wholeExome` only the genes with a call count as profiled: every other
    /// gene of the sample is *not profiled*, never wild-type.
    std::optional<GenePanel> panel;
    bool wholeExome = false;
    /// The tumour column of a tumour/normal VCF; empty: the only sample, or
    /// the one named by a ##tumor_sample= header line, or a column "TUMOR".
    std::string tumorSample;
};

/// SomaticAnnotated when the header declares INFO CSQ or ANN, else Germline.
/// Throws rgw::Error naming the file when it cannot be read or has no
/// #CHROM header line.
VcfContent detectVcfContent(const std::filesystem::path& file);

/// Reads `file` as detectVcfContent() says.
GenomicDataSet readVcf(const std::filesystem::path& file, const VcfOptions& options = {});

GenomicDataSet readSomaticVcf(const std::filesystem::path& file, const VcfOptions& options = {});
GenomicDataSet readGermlineVcf(const std::filesystem::path& file, const VcfOptions& options = {});

} // namespace rgw::genomics
