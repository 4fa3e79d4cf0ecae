#pragma once

// Reads a cBioPortal study folder (docs.cbioportal.org, "File Formats") into
// a GenomicDataSet, without any database:
//   meta_study.txt                 type_of_cancer, cancer_study_identifier, name, description
//   meta_*.txt + their data files  dispatched by genetic_alteration_type / datatype:
//     CLINICAL PATIENT_ATTRIBUTES / SAMPLE_ATTRIBUTES   -> CbioClinical.h
//     MUTATION_EXTENDED MAF, STRUCTURAL_VARIANT SV      -> CbioMutations.h
//     COPY_NUMBER_ALTERATION DISCRETE / CONTINUOUS / LOG2-VALUE, MRNA_EXPRESSION
//     CONTINUOUS / Z-SCORE / DISCRETE, METHYLATION CONTINUOUS, PROTEIN_LEVEL
//     LOG2-VALUE / Z-SCORE / CONTINUOUS                 -> CbioMatrix.h
//     GENE_PANEL_MATRIX                                  -> CbioPanelMatrix.h
//     anything else (TIMELINE, SEG, DISCRETE_LONG, GENERIC_ASSAY, GENESET_SCORE,
//     MUTSIG, GISTIC_GENES_*, CANCER_TYPE, FUSION, RESOURCE_*, ...) is listed in
//     skippedFiles with the reason, never dropped silently.
//   case_lists/*.txt               case lists (CbioMeta.h)
//   gene panel files               data_gene_panel*.txt / gene_panel*.txt in the folder that
//                                  start with "stable_id:" (and are not named by a meta file),
//                                  *.txt in gene_panels/ and in CbioReadOptions::genePanelFolders
//
// Which samples a profile covers (GenomicProfile::profiledSamples /
// allSamplesProfiled), the rule implemented here:
//  - Mutation and structural-variant profiles: the samples of the profile's
//    case list (<study>_sequenced, resp. <study>_sv, or the list whose
//    case_list_category is all_cases_with_mutation_data / _sv_data). Without
//    one, the samples the gene panel matrix gives a panel in the profile's
//    column; without that either, every sample of the study
//    (allSamplesProfiled = true), as cBioPortal treats a mutation profile
//    without a _sequenced list. A MAF's rows never define coverage: a
//    sample sequenced without calls is covered, one absent from the list is
//    not, even if it has calls.
//  - Matrix profiles: their sample columns, restricted to the samples of the
//    profile's case list when there is one (<study>_<stable_id>,
//    <study>_cna for discrete CNA, <study>_rna_seq[_v2]_mrna for the RNA-seq
//    profile and its z-scores, <study>_mrna for microarrays, <study>_rppa,
//    <study>_methylation_hm27/hm450, or the matching case_list_category).
//  - The meta file's gene_panel becomes GenomicProfile::genePanel; the gene
//    panel matrix gives per-sample panels (NA: not profiled).
//
// Sample ids: data files must name samples of the clinical sample file;
// a MAF's long TCGA barcode (TCGA-AB-0001-01A-11D-A123-08) is resolved to the
// study's sample (TCGA-AB-0001-01). A record naming an unknown sample is a
// problem and is not used (a matrix column: the column is not used).
//
// Problems: the reader never throws for bad data. A bad row is one
// InputProblem (file, line, column, message) and is not used; a file-level
// problem (missing required column, unreadable file, a meta file naming a
// data file that does not exist, a matrix over the memory budget) drops that
// file's records and is one problem. The caller decides whether any
// problem means nothing is imported (all-or-nothing) or the rest is used.

#include "genomics/GenomicRecords.h"

#include <cstdint>
#include <filesystem>
#include <vector>

namespace rgw::genomics {

struct CbioReadOptions {
    /// Memory one data file may take (a matrix: rows x samples x 4 bytes);
    /// 0: the process budget (util/ResourceBudget.h, --max-memory).
    std::uint64_t memoryBytes = 0;
    /// Folders with more gene panel files (cBioPortal loads panels apart from
    /// studies, so a study may use panels it does not contain).
    std::vector<std::filesystem::path> genePanelFolders;
};

/// Reads the study in `folder` (see the file comment). Throws rgw::Error,
/// naming the folder, only when it is not a study folder (no meta_study.txt).
GenomicDataSet readCbioPortalStudy(const std::filesystem::path& folder,
                                   const CbioReadOptions& options = {});

} // namespace rgw::genomics
