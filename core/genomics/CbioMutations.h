#pragma once

// Mutation-like record files of a cBioPortal study:
//  - MAF (meta MUTATION_EXTENDED / MAF): one call per row. Columns are found
//    by name (case-insensitive) in any order; other columns are ignored;
//    '#' lines before the column header ("#version 2.4") are skipped.
//    Required: Tumor_Sample_Barcode, Hugo_Symbol, Variant_Classification
//    (what the mutated / wild-type rule needs; cBioPortal's validator also
//    wants HGVSp_Short, Reference_Allele and Tumor_Seq_Allele2, which are read
//    when present). Read when present: Entrez_Gene_Id, HGVSp_Short (stored
//    without "p."), Variant_Type, Chromosome, Start_Position,
//    Reference_Allele, Tumor_Seq_Allele2 (else Tumor_Seq_Allele1),
//    t_ref_count, t_alt_count (VAF = t_alt / (t_ref + t_alt)), cbp_driver and
//    cbp_driver_annotation (driverAnnotation "Putative_Driver: Pathogenic";
//    cbp_driver_tiers when cbp_driver is empty).
//  - Structural variants (meta STRUCTURAL_VARIANT / SV): Sample_Id and
//    Site1_/Site2_Hugo_Symbol (or _Entrez_Gene_Id). Each row gives one
//    Mutation per distinct gene of its two sites, variantClassification
//    "Fusion", proteinChange "GENE1-GENE2", variantType the Class column
//    (e.g. DELETION) or "SV", chromosome and start from that site.
// Sample ids are taken as written; the study reader resolves long TCGA
// barcodes (TCGA-AB-0001-01A-11D-...) to the study's samples.

#include "genomics/GenomicRecords.h"

#include <filesystem>
#include <string>

namespace rgw::genomics {

/// Appends the calls of a MAF to out.mutations under `profileStableId`. A bad
/// row (ragged, not UTF-8, no sample, no gene, no classification, a position,
/// Entrez id or read count that is not a whole number) is one InputProblem
/// and is not used. A missing required column or an unreadable file is one
/// problem, nothing is appended and this returns false.
bool readMafFile(const std::filesystem::path& file, const std::string& profileStableId,
                 GenomicDataSet& out);

/// Appends the structural variants of a data_sv.txt file as Mutation records
/// (see the file comment); same problem rules as readMafFile.
bool readStructuralVariantFile(const std::filesystem::path& file,
                               const std::string& profileStableId, GenomicDataSet& out);

} // namespace rgw::genomics
