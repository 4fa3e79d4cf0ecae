#pragma once

// Turning VCF annotations (Ensembl VEP `CSQ`, SnpEff `ANN`) into the MAF
// vocabulary the rest of the workstation speaks: Variant_Classification,
// Variant_Type and the short protein change of HGVSp_Short.

#include <string>

namespace rgw::genomics {

/// MAF Variant_Type of a REF/ALT pair: SNP, DNP, TNP, ONP (equal lengths
/// 1, 2, 3, >3), INS (ALT longer) or DEL (REF longer).
std::string mafVariantType(const std::string& reference, const std::string& alternate);

/// Severity rank of one Sequence Ontology consequence term in Ensembl's
/// order (0 = transcript_ablation, the most severe); unknown terms rank last.
int consequenceSeverity(const std::string& term);

/// The MAF Variant_Classification of a consequence as VEP or SnpEff write it
/// (several SO terms joined by '&' give the most severe one), following the
/// mapping of vcf2maf: e.g. missense_variant -> Missense_Mutation,
/// frameshift_variant -> Frame_Shift_Ins / Frame_Shift_Del by `variantType`,
/// synonymous_variant -> Silent, intron_variant -> Intron, unknown terms ->
/// Targeted_Region.
std::string mafClassification(const std::string& consequence, const std::string& variantType);

/// HGVSp_Short from an HGVS protein notation: "ENSP00000288602.6:p.Val600Glu"
/// or "p.(Val600Glu)" -> "V600E"; "p.Lys117ArgfsTer12" -> "K117Rfs*12";
/// "p.Leu858%3D" -> "L858=". Empty input gives an empty result.
std::string shortProteinChange(const std::string& hgvsp);

} // namespace rgw::genomics
