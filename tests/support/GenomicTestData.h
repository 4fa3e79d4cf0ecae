#pragma once

// A small genomic study built in memory (no parser), with every record type:
// for the storage tests of the genomic import.

#include "genomics/GenomicRecords.h"

#include <cmath>
#include <limits>

namespace rgw::test {

/// Study "brca_test":
///  patients  TCGA-A1-0001 (new), P-EXACT (a DICOM patient), STUDY-7 (an
///            alias of the DICOM patient MRN-7 when mapped);
///  samples   TCGA-A1-0001-01 primary, TCGA-A1-0001-06 metastasis,
///            TCGA-A1-0001-10 normal (in no case list), S-EXACT-1 recurrence
///            2020-01-02, S7 normal;
///  profiles  mutations (whole exome; S-EXACT-1 on panel IMPACT, S7 "NA"),
///            rna (expression matrix 3 genes x 3 samples, one NaN),
///            germline (2 genotypes), pam50 (subtype), oncotype (score);
///  clinical  OS_MONTHS (patient, number), SEX (patient, string), TMB (sample, number).
inline genomics::GenomicDataSet smallStudy() {
    using namespace genomics;
    GenomicDataSet d;
    d.studyId = "brca_test";
    d.studyName = "Breast test study";
    d.studyDescription = "synthetic";
    d.source = "/data/brca_test";
    d.patients = {"TCGA-A1-0001", "P-EXACT", "STUDY-7"};
    d.samples = {{"TCGA-A1-0001-01", "TCGA-A1-0001", "primary", ""},
                 {"TCGA-A1-0001-06", "TCGA-A1-0001", "metastasis", ""},
                 {"TCGA-A1-0001-10", "TCGA-A1-0001", "normal", ""},
                 {"S-EXACT-1", "P-EXACT", "recurrence", "2020-01-02"},
                 {"S7", "STUDY-7", "normal", ""}};
    d.attributes = {
        {"OS_MONTHS", "Overall survival (months)", "since diagnosis", ClinicalDatatype::Number, 1,
         AttributeLevel::Patient},
        {"SEX", "Sex", "", ClinicalDatatype::String, 2, AttributeLevel::Patient},
        {"TMB", "Mutation burden", "per Mb", ClinicalDatatype::Number, 1, AttributeLevel::Sample}};
    d.clinicalValues = {
        {"TCGA-A1-0001", "OS_MONTHS", "12.5", 12.5, {"data_clinical_patient.txt", 6, "OS_MONTHS"}},
        {"P-EXACT", "SEX", "Female", std::nullopt, {}},
        {"S-EXACT-1", "TMB", "3.1", 3.1, {}}};

    GenomicProfile mutations;
    mutations.stableId = "mutations";
    mutations.kind = ProfileKind::Mutation;
    mutations.name = "Mutations";
    mutations.datatype = "MAF";
    mutations.sourceFile = "data_mutations.txt";
    mutations.profiledSamples = {"TCGA-A1-0001-01", "TCGA-A1-0001-06", "S-EXACT-1", "S7"};
    GenomicProfile rna;
    rna.stableId = "rna";
    rna.kind = ProfileKind::Expression;
    rna.name = "mRNA expression";
    rna.description = "RSEM";
    rna.datatype = "CONTINUOUS";
    rna.unit = "log2(TPM+1)";
    rna.sourceFile = "data_mrna.txt";
    rna.profiledSamples = {"TCGA-A1-0001-01", "S-EXACT-1", "S7"};
    GenomicProfile germline;
    germline.stableId = "germline";
    germline.kind = ProfileKind::GermlineGenotype;
    germline.allSamplesProfiled = true;
    GenomicProfile pam50;
    pam50.stableId = "pam50";
    pam50.kind = ProfileKind::Subtype;
    pam50.allSamplesProfiled = true;
    GenomicProfile oncotype;
    oncotype.stableId = "oncotype";
    oncotype.kind = ProfileKind::AssayScore;
    oncotype.allSamplesProfiled = true;
    d.profiles = {mutations, rna, germline, pam50, oncotype};

    d.panels = {{"IMPACT", "MSK-IMPACT subset", {"TP53", "KRAS", "EGFR"}}};
    d.samplePanels = {{"S-EXACT-1", "mutations", "IMPACT"}, {"S7", "mutations", ""}};

    Mutation tp53;
    tp53.profileStableId = "mutations";
    tp53.sampleId = "TCGA-A1-0001-01";
    tp53.gene = {"TP53", 7157};
    tp53.proteinChange = "R175H";
    tp53.variantClassification = "Missense_Mutation";
    tp53.variantType = "SNP";
    tp53.chromosome = "17";
    tp53.startPosition = 7675088;
    tp53.referenceAllele = "C";
    tp53.tumorSeqAllele = "T";
    tp53.tRefCount = 60;
    tp53.tAltCount = 40;
    tp53.vaf = 0.4;
    tp53.driverAnnotation = "Putative_Driver";
    Mutation silent = tp53;
    silent.sampleId = "TCGA-A1-0001-06";
    silent.proteinChange = "R175R";
    silent.variantClassification = "Silent";
    silent.tRefCount.reset();
    silent.tAltCount.reset();
    silent.vaf.reset();
    silent.driverAnnotation.clear();
    Mutation kras;
    kras.profileStableId = "mutations";
    kras.sampleId = "S-EXACT-1";
    kras.gene = {"KRAS", std::nullopt};
    kras.proteinChange = "G12D";
    kras.variantClassification = "Missense_Mutation";
    kras.variantType = "SNP";
    kras.chromosome = "12";
    kras.startPosition = 25245350;
    d.mutations = {tp53, silent, kras};

    GeneMatrix m;
    m.profileStableId = "rna";
    m.samples = {"TCGA-A1-0001-01", "S-EXACT-1", "S7"};
    m.genes = {{"TP53", 7157}, {"KRAS", 3845}, {"", 1956}};
    m.values = {1.5f,  -0.25f, 3.0f,  0.0f, std::numeric_limits<float>::quiet_NaN(),
                7.75f, 2.0f,   1e-6f, -1e6f};
    d.matrices = {m};

    d.genotypes = {
        {"germline", "TCGA-A1-0001-10", "rs80357906", "17", 43057062, "G", "GA", 1.0, {}},
        {"germline", "S7", "rs1042522", "17", 7676154, "G", "C", 0.35, {}}};
    d.calls = {{"pam50", "TCGA-A1-0001-01", "LumA", std::nullopt, "PAM50", {}},
               {"oncotype", "S-EXACT-1", "", 23.0, "Oncotype DX RS", {}}};
    d.skippedFiles = {{"data_timeline.txt", "timeline data is not used"}};
    return d;
}

} // namespace rgw::test
