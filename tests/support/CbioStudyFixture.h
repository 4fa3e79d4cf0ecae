#pragma once

// A small but complete cBioPortal study folder for tests (header-only, no
// GoogleTest), written as docs.cbioportal.org "File Formats" describes it:
//   meta_study.txt                       study rgw_fixture_2024 (type_of_cancer gbm)
//   data_clinical_patient.txt            5 patients: TCGA-AB-0001..0004 and LOCAL-017 (not
//                                        TCGA); the four '#' lines, OS/DFS, AGE (NUMBER), SEX,
//                                        [Not Available] and NA; starts with a UTF-8 BOM
//   data_clinical_sample.txt             6 samples with SAMPLE_TYPE (NA / [Not Available] for
//                                        the TCGA barcode rule); CRLF line ends
//   data_mutations.txt                   MAF: "#version 2.4", shuffled and extra columns,
//                                        missense, nonsense, frame shift and a silent-only
//                                        gene (IDH1 of S1), a long TCGA barcode, driver fields
//   data_sv.txt                          one EML4-ALK fusion
//   data_expression.txt                  rna_seq_v2_mrna: Hugo + Entrez, NA / NaN / blank
//   data_cna.txt                         gistic: discrete -2..2 and -1.5
//   data_methylation_hm450.txt           Composite.Element.REF "GENE|probe"
//   data_gene_panel_matrix.txt           mutations column: panel A, B (lacks EGFR, PTEN), NA
//   data_gene_panel_rgw_panel_{a,b}.txt  panel A by HUGO symbols, panel B by Entrez ids
//   data_timeline_treatment.txt          CLINICAL TIMELINE (the reader skips it)
//   case_lists/cases_{all,sequenced,cna,rna_seq_v2_mrna}.txt
//                                        _sequenced leaves out TCGA-AB-0004-11,
//                                        _cna leaves out TCGA-AB-0003-02
// Line numbers of the data rows are given next to each file's lines below, so
// that a test can break exactly one thing with replaceLine().

#include <cstddef>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

namespace rgw::test::cbio {

inline constexpr const char* kStudyId = "rgw_fixture_2024";

// The samples, in the order of the clinical sample file.
inline constexpr const char* kS1 = "TCGA-AB-0001-01"; // primary; panel A
inline constexpr const char* kS2 = "TCGA-AB-0001-06"; // metastasis; panel A; MAF long barcode
inline constexpr const char* kS3 = "TCGA-AB-0002-01"; // primary; panel B (no EGFR, PTEN)
inline constexpr const char* kS4 = "TCGA-AB-0003-02"; // recurrence by barcode; panel NA
inline constexpr const char* kS5 = "TCGA-AB-0004-11"; // normal by barcode; not in _sequenced
inline constexpr const char* kS6 = "LOCAL-017-T";     // recurrence; panel A; not TCGA

/// The files of a written fixture study.
struct StudyFiles {
    std::filesystem::path folder;
    std::filesystem::path metaStudy;
    std::filesystem::path metaPatients, patients;
    std::filesystem::path metaSamples, samples;
    std::filesystem::path metaMutations, mutations;
    std::filesystem::path metaStructuralVariants, structuralVariants;
    std::filesystem::path metaExpression, expression;
    std::filesystem::path metaCna, cna;
    std::filesystem::path metaMethylation, methylation;
    std::filesystem::path metaPanelMatrix, panelMatrix;
    std::filesystem::path panelA, panelB;
    std::filesystem::path metaTimeline, timeline;
    std::filesystem::path caseListAll, caseListSequenced, caseListCna, caseListRna;
};

/// Fields joined by tabs.
inline std::string tsv(std::initializer_list<std::string> fields) {
    std::string line;
    bool first = true;
    for (const auto& f : fields) {
        if (!first)
            line += '\t';
        line += f;
        first = false;
    }
    return line;
}

/// Writes `text` to `file` (replacing it), creating its folder.
inline void writeText(const std::filesystem::path& file, const std::string& text) {
    if (file.has_parent_path())
        std::filesystem::create_directories(file.parent_path());
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out)
        throw std::runtime_error("cannot write " + file.string());
}

/// Writes `lines`, each ended by `eol`.
inline void writeLines(const std::filesystem::path& file, const std::vector<std::string>& lines,
                       const std::string& eol = "\n") {
    std::string text;
    for (const auto& l : lines)
        text += l + eol;
    writeText(file, text);
}

inline std::string readText(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// The lines of `file` without their line ends ("\n" or "\r\n").
inline std::vector<std::string> readLines(const std::filesystem::path& file) {
    std::vector<std::string> lines;
    std::string line;
    for (const char c : readText(file)) {
        if (c == '\n') {
            if (!line.empty() && line.back() == '\r')
                line.pop_back();
            lines.push_back(line);
            line.clear();
        } else {
            line.push_back(c);
        }
    }
    if (!line.empty())
        lines.push_back(line);
    return lines;
}

/// Replaces line `number` (1-based) of `file` by `text` (LF line ends after).
inline void replaceLine(const std::filesystem::path& file, std::size_t number,
                        const std::string& text) {
    auto lines = readLines(file);
    if (number == 0 || number > lines.size())
        throw std::runtime_error(file.string() + " has no line " + std::to_string(number));
    lines[number - 1] = text;
    writeLines(file, lines);
}

/// Appends a line to `file` (which ends with a line end).
inline void appendLine(const std::filesystem::path& file, const std::string& text) {
    writeText(file, readText(file) + text + "\n");
}

/// Replaces the value of `key` in a `key: value` file (meta file, case list).
inline void setMetaValue(const std::filesystem::path& file, const std::string& key,
                         const std::string& value) {
    auto lines = readLines(file);
    for (auto& line : lines)
        if (line.rfind(key + ":", 0) == 0) {
            line = key + ": " + value;
            writeLines(file, lines);
            return;
        }
    throw std::runtime_error(file.string() + " has no key " + key);
}

namespace detail {

inline std::vector<std::string> metaLines(const std::string& type, const std::string& datatype,
                                          const std::string& stableId, const std::string& name,
                                          const std::string& description,
                                          const std::string& dataFile) {
    std::vector<std::string> lines{std::string("cancer_study_identifier: ") + kStudyId,
                                   "genetic_alteration_type: " + type, "datatype: " + datatype};
    if (!stableId.empty()) {
        lines.push_back("stable_id: " + stableId);
        lines.push_back("show_profile_in_analysis_tab: true");
        lines.push_back("profile_name: " + name);
        lines.push_back("profile_description: " + description);
    }
    lines.push_back("data_filename: " + dataFile);
    return lines;
}

inline std::vector<std::string> caseList(const std::string& suffix, const std::string& name,
                                         std::initializer_list<const char*> samples) {
    std::string ids;
    for (const char* s : samples)
        ids += (ids.empty() ? "" : "\t") + std::string(s);
    return {std::string("cancer_study_identifier: ") + kStudyId,
            std::string("stable_id: ") + kStudyId + suffix, "case_list_name: " + name,
            "case_list_description: " + name + " (" + std::to_string(samples.size()) + " samples)",
            "case_list_ids: " + ids};
}

} // namespace detail

/// Writes the fixture study into `folder` (created if needed) and returns
/// its files.
inline StudyFiles writeStudy(const std::filesystem::path& folder) {
    namespace fs = std::filesystem;
    using detail::metaLines;
    StudyFiles f;
    f.folder = folder;
    fs::create_directories(folder);
    const auto at = [&](const char* name) { return folder / name; };

    f.metaStudy = at("meta_study.txt");
    writeLines(f.metaStudy,
               {"type_of_cancer: gbm", std::string("cancer_study_identifier: ") + kStudyId,
                "name: RGW fixture study (2024)",
                "description: A small synthetic glioma study for the tests.",
                "short_name: RGW fixture", "add_global_case_list: false"});

    f.metaPatients = at("meta_clinical_patient.txt");
    f.patients = at("data_clinical_patient.txt");
    writeLines(f.metaPatients, metaLines("CLINICAL", "PATIENT_ATTRIBUTES", "", "", "",
                                         "data_clinical_patient.txt"));
    writeLines(
        f.patients,
        {"\xEF\xBB\xBF#Patient Identifier\tOverall Survival Status\tOverall Survival "
         "(Months)\tDisease Free Status\tDisease Free (Months)\tAge\tSex",
         "#Identifier of the patient\tOverall survival status\tOverall survival in months "
         "since diagnosis\tDisease free status\tDisease free months since "
         "treatment\tAge at diagnosis\tSex of the patient",
         "#STRING\tSTRING\tNUMBER\tSTRING\tNUMBER\tNUMBER\tSTRING",
         "#1\t1\t1\t1\t1\t8\t9\t", // a trailing tab, as in cBioPortal's own example
         "PATIENT_ID\tOS_STATUS\tOS_MONTHS\tDFS_STATUS\tDFS_MONTHS\tAGE\tSEX",
         /* 6 */ "TCGA-AB-0001\t1:DECEASED\t17.97\t1:Recurred/Progressed\t10.5\t62\tFemale",
         /* 7 */ "TCGA-AB-0002\t0:LIVING\t63.01\t0:DiseaseFree\t63.01\t[Not Available]\tMale",
         /* 8 */ "TCGA-AB-0003\t1:DECEASED\t5.2\tNA\tNA\t71\tMale",
         /* 9 */ "TCGA-AB-0004\t0:LIVING\t40\t0:DiseaseFree\t40\t55.5\tFemale",
         /* 10 */
         "LOCAL-017\t[Not Available]\tNA\t[Not Available]\t[Not "
         "Available]\t48\tFemale"});

    f.metaSamples = at("meta_clinical_sample.txt");
    f.samples = at("data_clinical_sample.txt");
    writeLines(f.metaSamples,
               metaLines("CLINICAL", "SAMPLE_ATTRIBUTES", "", "", "", "data_clinical_sample.txt"));
    writeLines(f.samples,
               {"#Patient Identifier\tSample Identifier\tSample Type\tCancer Type\tTMB "
                "(nonsynonymous)",
                "#Identifier of the patient\tIdentifier of the sample\tThe type of the "
                "sample\tCancer type\tNon-synonymous mutations per megabase",
                "#STRING\tSTRING\tSTRING\tSTRING\tNUMBER", "#1\t1\t1\t1\t1",
                "PATIENT_ID\tSAMPLE_ID\tSAMPLE_TYPE\tCANCER_TYPE\tTMB_NONSYNONYMOUS",
                /* 6 */ "TCGA-AB-0001\tTCGA-AB-0001-01\tPrimary\tGlioma\t3.2",
                /* 7 */ "TCGA-AB-0001\tTCGA-AB-0001-06\tMetastasis\tGlioma\t4.1",
                /* 8 */ "TCGA-AB-0002\tTCGA-AB-0002-01\tPrimary\tGlioma\t1.7",
                /* 9 */ "TCGA-AB-0003\tTCGA-AB-0003-02\tNA\tGlioma\tNA",
                /* 10 */ "TCGA-AB-0004\tTCGA-AB-0004-11\t[Not Available]\tGlioma\t[Not Available]",
                /* 11 */ "LOCAL-017\tLOCAL-017-T\tRecurrence\tGlioma\t0.8"},
               "\r\n");

    f.metaMutations = at("meta_mutations.txt");
    f.mutations = at("data_mutations.txt");
    writeLines(f.metaMutations,
               metaLines("MUTATION_EXTENDED", "MAF", "mutations", "Mutations",
                         "Targeted sequencing on two panels (synthetic).", "data_mutations.txt"));
    writeLines(f.mutations,
               {"#version 2.4",
                /* 2 */
                tsv({"Tumor_Sample_Barcode",
                     "Variant_Classification",
                     "Hugo_Symbol",
                     "Center",
                     "HGVSp_Short",
                     "Entrez_Gene_Id",
                     "Chromosome",
                     "Start_Position",
                     "End_Position",
                     "Strand",
                     "Reference_Allele",
                     "Tumor_Seq_Allele1",
                     "Tumor_Seq_Allele2",
                     "Variant_Type",
                     "t_ref_count",
                     "t_alt_count",
                     "NCBI_Build",
                     "cbp_driver",
                     "cbp_driver_annotation",
                     "Lab_Note"}),
                /* 3 */
                tsv({kS1,       "Missense_Mutation",
                     "TP53",    "rgw.org",
                     "p.R175H", "7157",
                     "17",      "7675088",
                     "7675088", "+",
                     "C",       "C",
                     "T",       "SNP",
                     "60",      "40",
                     "GRCh38",  "Putative_Driver",
                     "Hotspot", "reviewed"}),
                /* 4 */
                tsv({kS1,        "Missense_Mutation",
                     "EGFR",     "rgw.org",
                     "p.L858R",  "1956",
                     "7",        "55191822",
                     "55191822", "+",
                     "T",        "T",
                     "G",        "SNP",
                     "90",       "10",
                     "GRCh38",   "",
                     "",         ""}),
                /* 5 */
                tsv({kS1,         "Silent",    "IDH1",   "rgw.org", "p.G105=", "3417", "2",
                     "208248389", "208248389", "+",      "G",       "G",       "A",    "SNP",
                     "50",        "50",        "GRCh38", "NA",      "NA",      ""}),
                /* 6 */
                tsv({"TCGA-AB-0001-06A-11D-A123-08",
                     "Missense_Mutation",
                     "KRAS",
                     "rgw.org",
                     "p.G12D",
                     "3845",
                     "12",
                     "25245350",
                     "25245350",
                     "+",
                     "C",
                     "C",
                     "T",
                     "SNP",
                     "NA",
                     "NA",
                     "GRCh38",
                     "Putative_Passenger",
                     "VUS",
                     ""}),
                /* 7 */
                tsv({kS3,       "Nonsense_Mutation",
                     "TP53",    "rgw.org",
                     "p.R213*", "7157",
                     "17",      "7674894",
                     "7674894", "+",
                     "G",       "G",
                     "A",       "SNP",
                     "30",      "30",
                     "GRCh38",  "",
                     "",        ""}),
                /* 8 */
                tsv({kS6,
                     "Frame_Shift_Del",
                     "PTEN",
                     "rgw.org",
                     "p.K267Rfs*9",
                     "5728",
                     "10",
                     "87960893",
                     "87960893",
                     "+",
                     "A",
                     "A",
                     "-",
                     "DEL",
                     "80",
                     "20",
                     "GRCh38",
                     "",
                     "",
                     ""}),
                /* 9 */
                tsv({kS4,         "Missense_Mutation",
                     "IDH1",      "rgw.org",
                     "p.R132H",   "3417",
                     "2",         "208248388",
                     "208248388", "+",
                     "C",         "C",
                     "T",         "SNP",
                     "45",        "55",
                     "GRCh38",    "",
                     "",          ""})});

    f.metaStructuralVariants = at("meta_structural_variants.txt");
    f.structuralVariants = at("data_sv.txt");
    writeLines(f.metaStructuralVariants,
               metaLines("STRUCTURAL_VARIANT", "SV", "structural_variants", "Structural variants",
                         "Fusions from RNA sequencing (synthetic).", "data_sv.txt"));
    writeLines(
        f.structuralVariants,
        {tsv({"Sample_Id", "SV_Status", "Site1_Hugo_Symbol", "Site1_Entrez_Gene_Id",
              "Site1_Chromosome", "Site1_Position", "Site2_Hugo_Symbol", "Site2_Entrez_Gene_Id",
              "Site2_Chromosome", "Site2_Position", "Class", "Event_Info"}),
         /* 2 */ tsv({kS3, "SOMATIC", "EML4", "27436", "2", "42299798", "ALK", "238", "2",
                      "29223528", "INVERSION", "Fusion"})});

    f.metaExpression = at("meta_expression.txt");
    f.expression = at("data_expression.txt");
    writeLines(f.metaExpression, metaLines("MRNA_EXPRESSION", "CONTINUOUS", "rna_seq_v2_mrna",
                                           "mRNA expression (RNA Seq V2 RSEM)",
                                           "Expression levels from RNA-seq, RSEM (synthetic).",
                                           "data_expression.txt"));
    writeLines(f.expression, {tsv({"Hugo_Symbol", "Entrez_Gene_Id", kS1, kS2, kS3, kS5, kS6}),
                              /* 2 */ tsv({"TP53", "7157", "5.4321", "6.1", "NA", "7.25", "3"}),
                              /* 3 */ tsv({"EGFR", "1956", "12.5", "11", "10.75", "", "9.5"}),
                              /* 4 */ tsv({"PTEN", "5728", "-0.5", "NaN", "2e-3", "1.5", "0"}),
                              /* 5 */ tsv({"NA", "4255", "1", "2", "3", "4", "5"})});

    f.metaCna = at("meta_cna.txt");
    f.cna = at("data_cna.txt");
    writeLines(f.metaCna,
               metaLines("COPY_NUMBER_ALTERATION", "DISCRETE", "gistic",
                         "Putative copy-number alterations from GISTIC",
                         "Values: -2 = homozygous deletion; -1 = hemizygous deletion; 0 = "
                         "neutral; 1 = gain; 2 = high level amplification.",
                         "data_cna.txt"));
    writeLines(f.cna, {tsv({"Hugo_Symbol", "Entrez_Gene_Id", kS1, kS2, kS3, kS4, kS6}),
                       /* 2 */ tsv({"EGFR", "1956", "2", "1", "0", "NA", "-1"}),
                       /* 3 */ tsv({"PTEN", "5728", "-2", "-1", "0", "0", "-1.5"}),
                       /* 4 */ tsv({"CDKN2A", "1029", "-2", "-2", "-1", "0", "0"})});

    f.metaMethylation = at("meta_methylation_hm450.txt");
    f.methylation = at("data_methylation_hm450.txt");
    writeLines(f.metaMethylation,
               metaLines("METHYLATION", "CONTINUOUS", "methylation_hm450", "Methylation (HM450)",
                         "Methylation beta-values (HM450 platform, synthetic).",
                         "data_methylation_hm450.txt"));
    writeLines(f.methylation, {tsv({"Composite.Element.REF", kS1, kS3, kS6}),
                               /* 2 */ tsv({"MGMT|cg12434587", "0.82", "0.11", "NA"}),
                               /* 3 */ tsv({"TP53|cg06365412", "0.05", "0.07", "0.06"})});

    f.metaPanelMatrix = at("meta_gene_panel_matrix.txt");
    f.panelMatrix = at("data_gene_panel_matrix.txt");
    writeLines(f.metaPanelMatrix, metaLines("GENE_PANEL_MATRIX", "GENE_PANEL_MATRIX", "", "", "",
                                            "data_gene_panel_matrix.txt"));
    writeLines(f.panelMatrix,
               {"SAMPLE_ID\tmutations", /* 2 */ std::string(kS1) + "\tRGW_PANEL_A",
                /* 3 */ std::string(kS2) + "\tRGW_PANEL_A",
                /* 4 */ std::string(kS3) + "\tRGW_PANEL_B", /* 5 */ std::string(kS4) + "\tNA",
                /* 6 */ std::string(kS5) + "\tRGW_PANEL_A",
                /* 7 */ std::string(kS6) + "\tRGW_PANEL_A"});

    f.panelA = at("data_gene_panel_rgw_panel_a.txt");
    f.panelB = at("data_gene_panel_rgw_panel_b.txt");
    writeLines(f.panelA,
               {"stable_id: RGW_PANEL_A", "description: Synthetic five-gene panel (HUGO symbols).",
                "gene_list: TP53\tKRAS\tEGFR\tPTEN\tIDH1"});
    writeLines(f.panelB, {"stable_id: RGW_PANEL_B",
                          "description: Synthetic three-gene panel without EGFR and PTEN "
                          "(Entrez ids: TP53, KRAS, IDH1).",
                          "gene_list: 7157\t3845\t3417"});

    f.metaTimeline = at("meta_timeline_treatment.txt");
    f.timeline = at("data_timeline_treatment.txt");
    writeLines(f.metaTimeline,
               metaLines("CLINICAL", "TIMELINE", "", "", "", "data_timeline_treatment.txt"));
    writeLines(f.timeline, {"PATIENT_ID\tSTART_DATE\tSTOP_DATE\tEVENT_TYPE\tTREATMENT_TYPE\tAGENT",
                            "TCGA-AB-0001\t0\t120\tTREATMENT\tMedical Therapy\tTemozolomide"});

    const fs::path lists = folder / "case_lists";
    f.caseListAll = lists / "cases_all.txt";
    f.caseListSequenced = lists / "cases_sequenced.txt";
    f.caseListCna = lists / "cases_cna.txt";
    f.caseListRna = lists / "cases_rna_seq_v2_mrna.txt";
    writeLines(f.caseListAll,
               detail::caseList("_all", "All samples", {kS1, kS2, kS3, kS4, kS5, kS6}));
    writeLines(f.caseListSequenced,
               detail::caseList("_sequenced", "Sequenced samples", {kS1, kS2, kS3, kS4, kS6}));
    writeLines(f.caseListCna,
               detail::caseList("_cna", "Samples with CNA data", {kS1, kS2, kS3, kS6}));
    writeLines(f.caseListRna, detail::caseList("_rna_seq_v2_mrna", "Samples with mRNA data",
                                               {kS1, kS2, kS3, kS5, kS6}));
    return f;
}

} // namespace rgw::test::cbio
