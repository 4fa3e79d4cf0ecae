// cBioPortal study reader on bad input: each class of fault, made by breaking
// one thing of the fixture study (tests/support/CbioStudyFixture.h), gives an
// InputProblem naming the right file, line and column, drops only what it
// must (the row, or the file for a file-level fault) and never throws.
// Matrices larger than the memory budget are refused before allocating.
#include "CbioStudyFixture.h"
#include "TestData.h"
#include "genomics/CbioPortalStudy.h"
#include "genomics/Profiling.h"
#include "genomics/TabularText.h"
#include "util/ResourceBudget.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <gtest/gtest.h>

namespace {

namespace fs = std::filesystem;
namespace cbio = rgw::test::cbio;
using cbio::tsv;
using namespace rgw::genomics;

class CbioProblems : public ::testing::Test {
protected:
    void SetUp() override { files = cbio::writeStudy(dir.path() / "study"); }

    GenomicDataSet read(const CbioReadOptions& options = {}) {
        return readCbioPortalStudy(files.folder, options);
    }

    rgw::test::TempDir dir;
    cbio::StudyFiles files;
};

std::string allProblems(const GenomicDataSet& data) {
    std::string text;
    for (const auto& p : data.problems)
        text += "  " + p.describe() + "\n";
    return text;
}

/// The problem at file:line, column whose message contains `words`.
const InputProblem* problemAt(const GenomicDataSet& data, const fs::path& file, std::size_t line,
                              const std::string& column, const std::string& words) {
    for (const auto& p : data.problems)
        if (p.where.file == file.string() && p.where.line == line && p.where.column == column &&
            p.message.find(words) != std::string::npos)
            return &p;
    return nullptr;
}

#define EXPECT_PROBLEM(data, file, line, column, words)                                            \
    EXPECT_NE(problemAt(data, file, line, column, words), nullptr)                                 \
        << "expected " << (file).string() << ":" << (line) << " '" << (column) << "' \""           \
        << (words) << "\" among:\n"                                                                \
        << allProblems(data)

bool hasProfile(const GenomicDataSet& data, const std::string& id) {
    return std::any_of(data.profiles.begin(), data.profiles.end(),
                       [&](const auto& p) { return p.stableId == id; });
}

std::size_t mutationsIn(const GenomicDataSet& data, const std::string& profile) {
    return static_cast<std::size_t>(
        std::count_if(data.mutations.begin(), data.mutations.end(),
                      [&](const auto& m) { return m.profileStableId == profile; }));
}

const GeneMatrix* matrix(const GenomicDataSet& data, const std::string& id) {
    for (const auto& m : data.matrices)
        if (m.profileStableId == id)
            return &m;
    return nullptr;
}

TEST_F(CbioProblems, MissingRequiredMafColumnDropsTheFile) {
    auto header = cbio::readLines(files.mutations)[1];
    header.replace(header.find("Variant_Classification"), 22, "Variant_Class");
    cbio::replaceLine(files.mutations, 2, header);
    const auto data = read();
    EXPECT_PROBLEM(data, files.mutations, 2, "Variant_Classification", "required column");
    EXPECT_EQ(mutationsIn(data, "mutations"), 0u);
    EXPECT_FALSE(hasProfile(data, "mutations"));
    EXPECT_TRUE(hasProfile(data, "structural_variants")); // the other files are still read
    EXPECT_EQ(data.samples.size(), 6u);
}

TEST_F(CbioProblems, MissingRequiredClinicalColumn) {
    cbio::replaceLine(files.samples, 5,
                      "PATIENT_ID\tSAMPLE\tSAMPLE_TYPE\tCANCER_TYPE\tTMB_NONSYNONYMOUS");
    const auto data = read();
    EXPECT_PROBLEM(data, files.samples, 5, "SAMPLE_ID", "required column 'SAMPLE_ID'");
    EXPECT_TRUE(data.samples.empty());
    EXPECT_EQ(data.patients.size(), 5u); // from the patient file
}

TEST_F(CbioProblems, MatrixWithoutGeneColumn) {
    auto header = cbio::readLines(files.cna)[0];
    header.replace(0, 11, "Gene_Symbol");
    cbio::replaceLine(files.cna, 1, header);
    const auto data = read();
    EXPECT_PROBLEM(data, files.cna, 1, "Hugo_Symbol", "required column");
    EXPECT_FALSE(hasProfile(data, "gistic"));
    EXPECT_EQ(matrix(data, "gistic"), nullptr);
}

TEST_F(CbioProblems, MalformedNumberDropsTheRow) {
    cbio::replaceLine(files.patients, 6,
                      "TCGA-AB-0001\t1:DECEASED\t17.9.7\t1:Recurred/Progressed\t10.5\t62\tFemale");
    const auto data = read();
    EXPECT_PROBLEM(data, files.patients, 6, "OS_MONTHS", "'17.9.7' is not a number");
    EXPECT_EQ(data.problems.size(), 1u) << allProblems(data);
    EXPECT_TRUE(std::none_of(data.clinicalValues.begin(), data.clinicalValues.end(),
                             [](const auto& v) { return v.entityId == "TCGA-AB-0001"; }));
    // The patient is still known from the sample file.
    EXPECT_NE(std::find(data.patients.begin(), data.patients.end(), "TCGA-AB-0001"),
              data.patients.end());
}

TEST_F(CbioProblems, TextInNumberColumnIsInconsistentDatatype) {
    cbio::replaceLine(files.samples, 8, "TCGA-AB-0002\tTCGA-AB-0002-01\tPrimary\tGlioma\thigh");
    const auto data = read();
    EXPECT_PROBLEM(data, files.samples, 8, "TMB_NONSYNONYMOUS", "datatype is NUMBER");
    EXPECT_EQ(data.samples.size(), 5u);
    // Records of the dropped sample then name an unknown sample: each is a problem too.
    EXPECT_PROBLEM(data, files.mutations, 7, "Tumor_Sample_Barcode",
                   "not in the clinical sample file");
    EXPECT_PROBLEM(data, files.expression, 0, cbio::kS3, "the column is not used");
    EXPECT_EQ(matrix(data, "rna_seq_v2_mrna")->sampleCount(), 4u);
    EXPECT_EQ(matrix(data, "rna_seq_v2_mrna")->values.size(), 16u);
}

TEST_F(CbioProblems, BooleanColumnWithOtherText) {
    cbio::replaceLine(files.samples, 3, "#STRING\tSTRING\tSTRING\tSTRING\tBOOLEAN");
    cbio::replaceLine(files.samples, 6, "TCGA-AB-0001\tTCGA-AB-0001-01\tPrimary\tGlioma\tTRUE");
    cbio::replaceLine(files.samples, 7, "TCGA-AB-0001\tTCGA-AB-0001-06\tMetastasis\tGlioma\tfalse");
    const auto data = read();
    // 3.2, 1.7, 0.8 on lines 8 and 11 are not booleans.
    EXPECT_PROBLEM(data, files.samples, 8, "TMB_NONSYNONYMOUS", "not TRUE or FALSE");
    EXPECT_PROBLEM(data, files.samples, 11, "TMB_NONSYNONYMOUS", "not TRUE or FALSE");
}

TEST_F(CbioProblems, UnknownClinicalDatatypeDropsTheFile) {
    cbio::replaceLine(files.patients, 3,
                      "#STRING\tSTRING\tINTEGER\tSTRING\tNUMBER\tNUMBER\tSTRING");
    const auto data = read();
    EXPECT_PROBLEM(data, files.patients, 3, "OS_MONTHS", "'INTEGER' is not NUMBER");
    EXPECT_TRUE(std::none_of(data.attributes.begin(), data.attributes.end(),
                             [](const auto& a) { return a.level == AttributeLevel::Patient; }));
}

TEST_F(CbioProblems, MissingHeaderLinesDropTheFile) {
    auto lines = cbio::readLines(files.patients);
    lines.erase(lines.begin() + 1); // the descriptions
    cbio::writeLines(files.patients, lines);
    const auto data = read();
    EXPECT_PROBLEM(data, files.patients, 4, "", "found 3");
}

TEST_F(CbioProblems, DuplicatePatientAndSampleRows) {
    cbio::appendLine(files.patients, "TCGA-AB-0002\t0:LIVING\t60\t0:DiseaseFree\t60\t50\tMale");
    cbio::appendLine(files.samples, "TCGA-AB-0002\tTCGA-AB-0002-01\tPrimary\tGlioma\t1.0");
    cbio::appendLine(files.panelMatrix, std::string(cbio::kS1) + "\tRGW_PANEL_B");
    const auto data = read();
    EXPECT_PROBLEM(data, files.patients, 11, "PATIENT_ID", "given twice (first on line 7)");
    EXPECT_PROBLEM(data, files.samples, 12, "SAMPLE_ID", "given twice (first on line 8)");
    EXPECT_PROBLEM(data, files.panelMatrix, 8, "SAMPLE_ID", "given twice (first on line 2)");
    EXPECT_EQ(data.patients.size(), 5u);
    EXPECT_EQ(data.samples.size(), 6u);
    EXPECT_DOUBLE_EQ(*std::find_if(data.clinicalValues.begin(), data.clinicalValues.end(),
                                   [](const auto& v) {
                                       return v.entityId == "TCGA-AB-0002" &&
                                              v.attributeId == "OS_MONTHS";
                                   })
                          ->number,
                     63.01); // the first row wins
}

TEST_F(CbioProblems, AttributeInBothClinicalFiles) {
    auto lines = cbio::readLines(files.samples);
    lines[4] = "PATIENT_ID\tSAMPLE_ID\tSAMPLE_TYPE\tCANCER_TYPE\tAGE";
    cbio::writeLines(files.samples, lines);
    const auto data = read();
    EXPECT_PROBLEM(data, files.samples, 0, "AGE", "defined in another clinical file");
    EXPECT_EQ(std::count_if(data.attributes.begin(), data.attributes.end(),
                            [](const auto& a) { return a.id == "AGE"; }),
              1);
    EXPECT_TRUE(
        std::none_of(data.clinicalValues.begin(), data.clinicalValues.end(), [&](const auto& v) {
            return v.where.file == files.samples.string() && v.attributeId == "AGE";
        }));
    EXPECT_EQ(data.samples.size(), 6u);
}

TEST_F(CbioProblems, DuplicateProfileStableId) {
    cbio::writeLines(files.folder / "meta_expression_copy.txt",
                     cbio::readLines(files.metaExpression));
    const auto data = read();
    EXPECT_PROBLEM(data, files.folder / "meta_expression_copy.txt", 4, "stable_id",
                   "defined by another meta file");
    EXPECT_EQ(data.matrices.size(), 3u);
}

TEST_F(CbioProblems, RaggedRows) {
    cbio::replaceLine(files.expression, 3, tsv({"EGFR", "1956", "12.5", "11", "10.75"}));
    cbio::replaceLine(files.mutations, 5, "TCGA-AB-0001-01\tSilent\tIDH1");
    cbio::replaceLine(files.patients, 8, "TCGA-AB-0003\t1:DECEASED\t5.2\tNA\tNA\t71\tMale\textra");
    const auto data = read();
    EXPECT_PROBLEM(data, files.expression, 3, "", "ragged row: 5 fields, the header has 7");
    EXPECT_PROBLEM(data, files.mutations, 5, "", "ragged row: 3 fields");
    EXPECT_PROBLEM(data, files.patients, 8, "", "ragged row: 8 fields, the header has 7");
    EXPECT_EQ(matrix(data, "rna_seq_v2_mrna")->geneCount(), 3u);
    EXPECT_EQ(mutationsIn(data, "mutations"), 6u);
    EXPECT_EQ(data.problems.size(), 3u) << allProblems(data);
}

TEST_F(CbioProblems, MetaFileNamingMissingDataFile) {
    cbio::setMetaValue(files.metaMethylation, "data_filename", "data_methylation_missing.txt");
    const auto data = read();
    EXPECT_PROBLEM(data, files.metaMethylation, 8, "data_filename",
                   "'data_methylation_missing.txt', which is not a file");
    EXPECT_FALSE(hasProfile(data, "methylation_hm450"));
    EXPECT_EQ(data.problems.size(), 1u) << allProblems(data);
}

TEST_F(CbioProblems, MetaFileWithoutAlterationTypeOrOtherStudy) {
    cbio::setMetaValue(files.metaCna, "genetic_alteration_type", "");
    cbio::setMetaValue(files.metaExpression, "cancer_study_identifier", "another_study");
    const auto data = read();
    EXPECT_PROBLEM(data, files.metaCna, 0, "genetic_alteration_type", "no genetic_alteration_type");
    EXPECT_PROBLEM(data, files.metaExpression, 1, "cancer_study_identifier",
                   "names study 'another_study'");
    EXPECT_EQ(data.matrices.size(), 1u);
}

TEST_F(CbioProblems, WrongEncoding) {
    cbio::replaceLine(files.mutations, 4,
                      tsv({cbio::kS1,
                           "Missense_Mutation",
                           "EG\xC3\x28R",
                           "rgw.org",
                           "p.L858R",
                           "1956",
                           "7",
                           "55191822",
                           "55191822",
                           "+",
                           "T",
                           "T",
                           "G",
                           "SNP",
                           "90",
                           "10",
                           "GRCh38",
                           "",
                           "",
                           ""}));
    cbio::replaceLine(files.patients, 9,
                      "TCGA-AB-0004\t0:LIVING\t40\t0:DiseaseFree\t40\t55.5\tF\xE9male");
    cbio::replaceLine(files.caseListAll, 3, "case_list_name: All \xFF samples");
    const auto data = read();
    EXPECT_PROBLEM(data, files.mutations, 4, "", "wrong encoding");
    EXPECT_PROBLEM(data, files.patients, 9, "", "wrong encoding");
    EXPECT_PROBLEM(data, files.caseListAll, 3, "", "wrong encoding");
    EXPECT_EQ(mutationsIn(data, "mutations"), 6u);
}

TEST_F(CbioProblems, WrongEncodingInAHeaderDropsTheFile) {
    cbio::replaceLine(files.cna, 1,
                      tsv({"Hugo_Symbol", "Entrez_Gene_Id", "TCGA-AB-0001-01\xC0\xAF", cbio::kS2,
                           cbio::kS3, cbio::kS4, cbio::kS6}));
    const auto data = read();
    EXPECT_PROBLEM(data, files.cna, 1, "", "wrong encoding");
    EXPECT_FALSE(hasProfile(data, "gistic"));
}

TEST_F(CbioProblems, NonFiniteNumbers) {
    cbio::replaceLine(files.expression, 2,
                      tsv({"TP53", "7157", "5.4321", "inf", "NA", "7.25", "3"}));
    cbio::replaceLine(files.cna, 3, tsv({"PTEN", "5728", "-2", "-1", "nan", "0", "-1.5"}));
    cbio::replaceLine(files.patients, 7,
                      "TCGA-AB-0002\t0:LIVING\t-Infinity\t0:DiseaseFree\t63.01\t[Not "
                      "Available]\tMale");
    cbio::replaceLine(files.methylation, 3, tsv({"TP53|cg06365412", "0.05", "1e999", "0.06"}));
    const auto data = read();
    EXPECT_PROBLEM(data, files.expression, 2, cbio::kS2, "'inf' is not a finite number");
    EXPECT_PROBLEM(data, files.cna, 3, cbio::kS3, "'nan' is not a finite number");
    EXPECT_PROBLEM(data, files.patients, 7, "OS_MONTHS", "not a finite number");
    EXPECT_PROBLEM(data, files.methylation, 3, cbio::kS3, "not a finite number");
    EXPECT_EQ(matrix(data, "rna_seq_v2_mrna")->geneCount(), 3u);
    EXPECT_EQ(matrix(data, "methylation_hm450")->geneCount(), 1u);
    for (const auto& m : data.matrices)
        for (const float v : m.values)
            EXPECT_FALSE(std::isinf(v));
}

TEST_F(CbioProblems, DiscreteCopyNumberOutsideTheLevels) {
    cbio::replaceLine(files.cna, 2, tsv({"EGFR", "1956", "3", "1", "0", "NA", "-1"}));
    const auto data = read();
    EXPECT_PROBLEM(data, files.cna, 2, cbio::kS1, "not a discrete copy-number level");
    EXPECT_EQ(matrix(data, "gistic")->geneCount(), 2u);
}

TEST_F(CbioProblems, UnknownSamplesAndBadIdsInRows) {
    cbio::appendLine(files.mutations, tsv({"TCGA-ZZ-9999-01",
                                           "Missense_Mutation",
                                           "TP53",
                                           "rgw.org",
                                           "p.R248Q",
                                           "7157",
                                           "17",
                                           "7674220",
                                           "7674220",
                                           "+",
                                           "C",
                                           "C",
                                           "T",
                                           "SNP",
                                           "10",
                                           "abc",
                                           "GRCh38",
                                           "",
                                           "",
                                           ""}));
    cbio::appendLine(files.mutations, tsv({"TCGA-ZZ-9999-01",
                                           "Missense_Mutation",
                                           "TP53",
                                           "rgw.org",
                                           "p.R248Q",
                                           "7157",
                                           "17",
                                           "7674220",
                                           "7674220",
                                           "+",
                                           "C",
                                           "C",
                                           "T",
                                           "SNP",
                                           "10",
                                           "5",
                                           "GRCh38",
                                           "",
                                           "",
                                           ""}));
    cbio::appendLine(files.samples, "LOCAL-017\tLOCAL 017 N\tNormal\tGlioma\t0");
    cbio::replaceLine(files.caseListCna, 5,
                      std::string("case_list_ids: ") + cbio::kS1 + "\tNOT-A-SAMPLE");
    const auto data = read();
    EXPECT_PROBLEM(data, files.mutations, 10, "t_alt_count", "'abc' is not a non-negative whole");
    EXPECT_PROBLEM(data, files.mutations, 11, "Tumor_Sample_Barcode",
                   "sample 'TCGA-ZZ-9999-01' is not in the clinical sample file");
    EXPECT_PROBLEM(data, files.samples, 12, "SAMPLE_ID", "characters other than");
    EXPECT_PROBLEM(data, files.caseListCna, 5, "case_list_ids", "'NOT-A-SAMPLE'");
    EXPECT_EQ(mutationsIn(data, "mutations"), 7u);
}

TEST_F(CbioProblems, MissingGenePanelFileMakesItsSamplesNotProfiled) {
    fs::remove(files.panelB);
    const auto data = read();
    EXPECT_PROBLEM(data, files.panelMatrix, 0, "mutations", "gene panel 'RGW_PANEL_B'");
    const auto coverage = coverageOf(data, "mutations");
    EXPECT_EQ(geneStatus(coverage, cbio::kS3, "KRAS", false), GeneStatus::NotProfiled);
    EXPECT_EQ(geneStatus(coverage, cbio::kS1, "KRAS", false), GeneStatus::NotAltered);
}

TEST_F(CbioProblems, BadGenePanelAndCaseListFiles) {
    cbio::writeLines(files.panelA, {"stable_id: RGW_PANEL_A", "description: no genes"});
    cbio::writeLines(files.caseListRna, {"cancer_study_identifier: rgw_fixture_2024",
                                         "case_list_name: no stable id", "case_list_ids: x"});
    const auto data = read();
    EXPECT_PROBLEM(data, files.panelA, 0, "gene_list", "needs 'gene_list:'");
    EXPECT_PROBLEM(data, files.caseListRna, 0, "stable_id", "needs 'stable_id:'");
    EXPECT_EQ(data.panels.size(), 1u);
}

TEST_F(CbioProblems, MetaStudyWithoutRequiredKeys) {
    cbio::writeLines(files.metaStudy,
                     {"type_of_cancer: gbm", "cancer_study_identifier: rgw_fixture_2024",
                      "this line has no colon", "name: x"});
    const auto data = read();
    EXPECT_PROBLEM(data, files.metaStudy, 3, "", "not a 'key: value' line");
    EXPECT_PROBLEM(data, files.metaStudy, 0, "description", "required 'description:'");
    EXPECT_EQ(data.studyId, cbio::kStudyId);
}

TEST_F(CbioProblems, SkippedDataTypesAreListedWithReasons) {
    cbio::writeLines(files.folder / "meta_mutsig.txt",
                     {"cancer_study_identifier: rgw_fixture_2024",
                      "genetic_alteration_type: MUTSIG", "datatype: Q-VALUE",
                      "data_filename: data_mutsig.txt"});
    cbio::writeLines(files.folder / "meta_treatment_ic50.txt",
                     {"cancer_study_identifier: rgw_fixture_2024",
                      "genetic_alteration_type: GENERIC_ASSAY",
                      "generic_assay_type: TREATMENT_RESPONSE", "datatype: LIMIT-VALUE",
                      "stable_id: treatment_ic50", "data_filename: data_treatment_ic50.txt"});
    cbio::writeLines(files.folder / "meta_cna_seg.txt",
                     {"cancer_study_identifier: rgw_fixture_2024",
                      "genetic_alteration_type: COPY_NUMBER_ALTERATION", "datatype: SEG",
                      "data_filename: data_cna.seg"});
    const auto data = read();
    EXPECT_TRUE(data.problems.empty()) << allProblems(data);
    ASSERT_EQ(data.skippedFiles.size(), 4u);
    const auto reasonFor = [&](const char* name) {
        for (const auto& s : data.skippedFiles)
            if (s.file == (files.folder / name).string())
                return s.reason;
        return std::string("(not listed)");
    };
    EXPECT_NE(reasonFor("data_mutsig.txt").find("MutSig"), std::string::npos);
    EXPECT_NE(reasonFor("data_treatment_ic50.txt").find("generic assay"), std::string::npos);
    EXPECT_NE(reasonFor("data_cna.seg").find("segmented"), std::string::npos);
    EXPECT_NE(reasonFor("data_timeline_treatment.txt").find("timeline"), std::string::npos);
}

TEST_F(CbioProblems, MatrixOverTheBudgetIsRefusedBeforeAllocating) {
    CbioReadOptions options;
    options.memoryBytes = 100; // below every matrix of the fixture
    const auto data = read(options);
    for (const auto& file : {files.expression, files.cna, files.methylation})
        EXPECT_PROBLEM(data, file, 0, "", "over the memory budget of 100 bytes");
    EXPECT_TRUE(data.matrices.empty());
    EXPECT_TRUE(hasProfile(data, "mutations"));

    // The process budget applies when the options give none.
    const std::uint64_t before = rgw::budget::memoryBytes();
    rgw::budget::setMemoryBytes(300);
    const auto underProcessBudget = read();
    rgw::budget::setMemoryBytes(before);
    EXPECT_PROBLEM(underProcessBudget, files.expression, 0, "", "over the memory budget");
}

TEST_F(CbioProblems, HugeDeclaredMatrixIsAProblemNotBadAlloc) {
    // 200 000 sample columns and 400 000 rows would need 320 GB.
    std::string header = "Hugo_Symbol";
    for (int s = 0; s < 200000; ++s)
        header += "\tS" + std::to_string(s);
    std::string text = header + "\n";
    for (int r = 0; r < 400000; ++r)
        text += "G\n";
    cbio::writeText(files.expression, text);
    const auto data = read();
    EXPECT_PROBLEM(data, files.expression, 0, "", "over the memory budget");
    EXPECT_EQ(matrix(data, "rna_seq_v2_mrna"), nullptr);
}

/// 4000 genes x 1100 samples of "5.4321"-like values parse fast (the full
/// 20 000 x 1100 takes a few seconds in an optimised build).
TEST(CbioMatrixSpeed, LargeExpressionMatrix) {
    rgw::test::TempDir dir;
    const auto files = cbio::writeStudy(dir.path() / "study");
    constexpr int kGenes = 4000, kSamples = 1100;
    std::string header = "Hugo_Symbol\tEntrez_Gene_Id";
    std::string sampleRows;
    for (int s = 0; s < kSamples; ++s) {
        const std::string id = "SAMPLE-" + std::to_string(s);
        header += "\t" + id;
        sampleRows += "P" + std::to_string(s) + "\t" + id + "\tPrimary\tGlioma\t1\n";
    }
    std::string text = header + "\n";
    text.reserve(static_cast<std::size_t>(kGenes) * kSamples * 7);
    char cell[32];
    for (int g = 0; g < kGenes; ++g) {
        text += "G" + std::to_string(g) + "\t" + std::to_string(g + 1);
        for (int s = 0; s < kSamples; ++s) {
            std::snprintf(cell, sizeof cell, "\t%d.%04d", (g + s) % 17, (g * 31 + s) % 10000);
            text += cell;
        }
        text += '\n';
    }
    cbio::writeText(files.expression, text);
    cbio::writeText(files.samples, cbio::readText(files.samples) + sampleRows);
    const auto start = std::chrono::steady_clock::now();
    const auto data = readCbioPortalStudy(files.folder);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const GeneMatrix* m = matrix(data, "rna_seq_v2_mrna");
    ASSERT_NE(m, nullptr) << allProblems(data);
    EXPECT_EQ(m->geneCount(), static_cast<std::size_t>(kGenes));
    EXPECT_EQ(m->sampleCount(), static_cast<std::size_t>(kSamples));
    EXPECT_FLOAT_EQ(m->at(1, 2), 3.0033f); // (1+2)%17 . (31+2)%10000
    std::printf("4000 x 1100 matrix study read in %.2f s\n", seconds);
#if defined(NDEBUG) && !defined(__SANITIZE_ADDRESS__)
    EXPECT_LT(seconds, 3.0);
#endif
}

} // namespace
