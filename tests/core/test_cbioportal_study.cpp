// cBioPortal study reader: every field of the fixture study
// (tests/support/CbioStudyFixture.h) read back, the coverage of each profile
// from case lists, gene panels and the gene panel matrix, and the mutated /
// wild-type / not-profiled rule on top of it. Bad inputs are in
// test_cbioportal_problems.cpp.
#include "CbioStudyFixture.h"
#include "TestData.h"
#include "genomics/CbioPortalStudy.h"
#include "genomics/Profiling.h"
#include "util/Error.h"

#include <algorithm>
#include <cmath>
#include <gtest/gtest.h>

namespace {

namespace fs = std::filesystem;
namespace cbio = rgw::test::cbio;
using namespace rgw::genomics;

class CbioStudy : public ::testing::Test {
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

const GenomicProfile* profile(const GenomicDataSet& data, const std::string& id) {
    for (const auto& p : data.profiles)
        if (p.stableId == id)
            return &p;
    return nullptr;
}

const GeneMatrix* matrix(const GenomicDataSet& data, const std::string& id) {
    for (const auto& m : data.matrices)
        if (m.profileStableId == id)
            return &m;
    return nullptr;
}

const ClinicalValue* value(const GenomicDataSet& data, const std::string& entity,
                           const std::string& attribute) {
    for (const auto& v : data.clinicalValues)
        if (v.entityId == entity && v.attributeId == attribute)
            return &v;
    return nullptr;
}

const ClinicalAttribute* attribute(const GenomicDataSet& data, const std::string& id) {
    for (const auto& a : data.attributes)
        if (a.id == id)
            return &a;
    return nullptr;
}

std::vector<const Mutation*> mutationsOf(const GenomicDataSet& data, const std::string& sample,
                                         const std::string& gene,
                                         const std::string& profileId = "mutations") {
    std::vector<const Mutation*> found;
    for (const auto& m : data.mutations)
        if (m.sampleId == sample && m.gene.hugoSymbol == gene && m.profileStableId == profileId)
            found.push_back(&m);
    return found;
}

/// The status of `gene` in `sample` under profile `profileId`, by the one rule.
GeneStatus status(const GenomicDataSet& data, const std::string& profileId,
                  const std::string& sample, const std::string& gene) {
    const ProfileCoverage coverage = coverageOf(data, profileId);
    bool altering = false;
    for (const auto* m : mutationsOf(data, sample, gene, profileId))
        altering = altering || isProteinAltering(m->variantClassification);
    return geneStatus(coverage, sample, gene, altering);
}

TEST_F(CbioStudy, CleanFixtureHasNoProblems) {
    const auto data = read();
    EXPECT_TRUE(data.problems.empty()) << allProblems(data);
}

TEST_F(CbioStudy, StudyMetaAndSkippedTimeline) {
    const auto data = read();
    EXPECT_EQ(data.studyId, cbio::kStudyId);
    EXPECT_EQ(data.studyName, "RGW fixture study (2024)");
    EXPECT_EQ(data.studyDescription, "A small synthetic glioma study for the tests.");
    EXPECT_EQ(data.cancerType, "gbm");
    EXPECT_EQ(data.source, files.folder.string());
    ASSERT_EQ(data.skippedFiles.size(), 1u);
    EXPECT_EQ(data.skippedFiles[0].file, files.timeline.string());
    EXPECT_NE(data.skippedFiles[0].reason.find("timeline"), std::string::npos);
}

TEST_F(CbioStudy, PatientsSamplesAndSampleTypes) {
    const auto data = read();
    EXPECT_EQ(data.patients,
              (std::vector<std::string>{"TCGA-AB-0001", "TCGA-AB-0002", "TCGA-AB-0003",
                                        "TCGA-AB-0004", "LOCAL-017"}));
    ASSERT_EQ(data.samples.size(), 6u);
    const std::vector<std::array<std::string, 3>> expected{
        {cbio::kS1, "TCGA-AB-0001", "primary"},    // SAMPLE_TYPE Primary
        {cbio::kS2, "TCGA-AB-0001", "metastasis"}, // SAMPLE_TYPE Metastasis
        {cbio::kS3, "TCGA-AB-0002", "primary"},
        {cbio::kS4, "TCGA-AB-0003", "recurrence"}, // NA: barcode type 02
        {cbio::kS5, "TCGA-AB-0004", "normal"},     // [Not Available]: barcode type 11
        {cbio::kS6, "LOCAL-017", "recurrence"}};   // not TCGA; SAMPLE_TYPE Recurrence
    for (std::size_t i = 0; i < expected.size(); ++i) {
        EXPECT_EQ(data.samples[i].sampleId, expected[i][0]);
        EXPECT_EQ(data.samples[i].patientId, expected[i][1]);
        EXPECT_EQ(data.samples[i].type, expected[i][2]) << expected[i][0];
        EXPECT_TRUE(data.samples[i].date.empty());
    }
}

TEST_F(CbioStudy, ClinicalAttributesFromTheFourHeaderLines) {
    const auto data = read();
    ASSERT_EQ(data.attributes.size(), 9u); // 6 patient + 3 sample attributes
    const auto* os = attribute(data, "OS_MONTHS");
    ASSERT_NE(os, nullptr);
    EXPECT_EQ(os->displayName, "Overall Survival (Months)");
    EXPECT_EQ(os->description, "Overall survival in months since diagnosis");
    EXPECT_EQ(os->datatype, ClinicalDatatype::Number);
    EXPECT_EQ(os->priority, 1);
    EXPECT_EQ(os->level, AttributeLevel::Patient);
    EXPECT_EQ(attribute(data, "OS_STATUS")->datatype, ClinicalDatatype::String);
    EXPECT_EQ(attribute(data, "AGE")->priority, 8);
    EXPECT_EQ(attribute(data, "SEX")->priority, 9);
    const auto* tmb = attribute(data, "TMB_NONSYNONYMOUS");
    ASSERT_NE(tmb, nullptr);
    EXPECT_EQ(tmb->level, AttributeLevel::Sample);
    EXPECT_EQ(tmb->datatype, ClinicalDatatype::Number);
    EXPECT_EQ(tmb->displayName, "TMB (nonsynonymous)");
    EXPECT_EQ(attribute(data, "PATIENT_ID"), nullptr);
    EXPECT_EQ(attribute(data, "SAMPLE_ID"), nullptr);
    EXPECT_EQ(attribute(data, "SAMPLE_TYPE")->level, AttributeLevel::Sample);
}

TEST_F(CbioStudy, ClinicalValuesMissingIsNeverZero) {
    const auto data = read();
    // 23 patient values + 14 sample values; NA / [Not Available] give none.
    EXPECT_EQ(data.clinicalValues.size(), 37u);
    const auto* status = value(data, "TCGA-AB-0001", "OS_STATUS");
    ASSERT_NE(status, nullptr);
    EXPECT_EQ(status->text, "1:DECEASED");
    EXPECT_FALSE(status->number);
    const auto* months = value(data, "TCGA-AB-0001", "OS_MONTHS");
    ASSERT_NE(months, nullptr);
    EXPECT_EQ(months->text, "17.97");
    ASSERT_TRUE(months->number);
    EXPECT_DOUBLE_EQ(*months->number, 17.97);
    EXPECT_EQ(months->where.file, files.patients.string());
    EXPECT_EQ(months->where.line, 6u);
    EXPECT_EQ(months->where.column, "OS_MONTHS");
    EXPECT_EQ(value(data, "TCGA-AB-0002", "AGE"), nullptr);        // [Not Available]
    EXPECT_EQ(value(data, "TCGA-AB-0003", "DFS_MONTHS"), nullptr); // NA
    EXPECT_EQ(value(data, "LOCAL-017", "OS_STATUS"), nullptr);
    EXPECT_DOUBLE_EQ(*value(data, "TCGA-AB-0004", "AGE")->number, 55.5);
    EXPECT_EQ(value(data, "LOCAL-017", "SEX")->text, "Female");
    const auto* tmb = value(data, cbio::kS6, "TMB_NONSYNONYMOUS");
    ASSERT_NE(tmb, nullptr);
    EXPECT_DOUBLE_EQ(*tmb->number, 0.8);
    EXPECT_EQ(tmb->where.line, 11u); // CRLF line ends count as one
    EXPECT_EQ(value(data, cbio::kS4, "TMB_NONSYNONYMOUS"), nullptr);
    EXPECT_EQ(value(data, cbio::kS4, "SAMPLE_TYPE"), nullptr);
}

TEST_F(CbioStudy, MafRowsWithShuffledAndExtraColumns) {
    const auto data = read();
    EXPECT_EQ(std::count_if(data.mutations.begin(), data.mutations.end(),
                            [](const auto& m) { return m.profileStableId == "mutations"; }),
              7);
    const auto tp53 = mutationsOf(data, cbio::kS1, "TP53");
    ASSERT_EQ(tp53.size(), 1u);
    const Mutation& m = *tp53[0];
    EXPECT_EQ(m.gene.entrezId, 7157);
    EXPECT_EQ(m.proteinChange, "R175H"); // "p." removed
    EXPECT_EQ(m.variantClassification, "Missense_Mutation");
    EXPECT_EQ(m.variantType, "SNP");
    EXPECT_EQ(m.chromosome, "17");
    EXPECT_EQ(m.startPosition, 7675088);
    EXPECT_EQ(m.referenceAllele, "C");
    EXPECT_EQ(m.tumorSeqAllele, "T");
    EXPECT_EQ(m.tRefCount, 60);
    EXPECT_EQ(m.tAltCount, 40);
    ASSERT_TRUE(m.vaf);
    EXPECT_DOUBLE_EQ(*m.vaf, 0.4);
    EXPECT_EQ(m.driverAnnotation, "Putative_Driver: Hotspot");
    EXPECT_EQ(m.where.file, files.mutations.string());
    EXPECT_EQ(m.where.line, 3u);

    // The long TCGA barcode is resolved to the study's sample; no counts, no VAF.
    const auto kras = mutationsOf(data, cbio::kS2, "KRAS");
    ASSERT_EQ(kras.size(), 1u);
    EXPECT_EQ(kras[0]->proteinChange, "G12D");
    EXPECT_FALSE(kras[0]->tRefCount);
    EXPECT_FALSE(kras[0]->vaf);
    EXPECT_EQ(kras[0]->driverAnnotation, "Putative_Passenger: VUS");

    const auto pten = mutationsOf(data, cbio::kS6, "PTEN");
    ASSERT_EQ(pten.size(), 1u);
    EXPECT_EQ(pten[0]->variantType, "DEL");
    EXPECT_EQ(pten[0]->tumorSeqAllele, "-");
    EXPECT_EQ(pten[0]->proteinChange, "K267Rfs*9");
    EXPECT_DOUBLE_EQ(*pten[0]->vaf, 0.2);
    const auto idh1 = mutationsOf(data, cbio::kS1, "IDH1");
    ASSERT_EQ(idh1.size(), 1u);
    EXPECT_EQ(idh1[0]->variantClassification, "Silent");
    EXPECT_TRUE(idh1[0]->driverAnnotation.empty()); // NA
}

TEST_F(CbioStudy, StructuralVariantsAsFusionRecords) {
    const auto data = read();
    for (const char* gene : {"EML4", "ALK"}) {
        const auto sv = mutationsOf(data, cbio::kS3, gene, "structural_variants");
        ASSERT_EQ(sv.size(), 1u) << gene;
        EXPECT_EQ(sv[0]->variantClassification, "Fusion");
        EXPECT_EQ(sv[0]->proteinChange, "EML4-ALK");
        EXPECT_EQ(sv[0]->variantType, "INVERSION");
        EXPECT_EQ(sv[0]->chromosome, "2");
        EXPECT_EQ(sv[0]->where.line, 2u);
    }
    EXPECT_EQ(mutationsOf(data, cbio::kS3, "ALK", "structural_variants")[0]->gene.entrezId, 238);
    EXPECT_EQ(mutationsOf(data, cbio::kS3, "EML4", "structural_variants")[0]->startPosition,
              42299798);
}

TEST_F(CbioStudy, ProfilesKindsUnitsAndCoverage) {
    const auto data = read();
    ASSERT_EQ(data.profiles.size(), 5u) << allProblems(data);
    const auto* mutations = profile(data, "mutations");
    ASSERT_NE(mutations, nullptr);
    EXPECT_EQ(mutations->kind, ProfileKind::Mutation);
    EXPECT_EQ(mutations->name, "Mutations");
    EXPECT_EQ(mutations->description, "Targeted sequencing on two panels (synthetic).");
    EXPECT_EQ(mutations->datatype, "MAF");
    EXPECT_EQ(mutations->sourceFile, files.mutations.string());
    EXPECT_FALSE(mutations->allSamplesProfiled);
    EXPECT_EQ(mutations->profiledSamples,
              (std::vector<std::string>{cbio::kS1, cbio::kS2, cbio::kS3, cbio::kS4, cbio::kS6}));
    const auto* sv = profile(data, "structural_variants");
    ASSERT_NE(sv, nullptr);
    EXPECT_EQ(sv->kind, ProfileKind::StructuralVariant);
    EXPECT_TRUE(sv->allSamplesProfiled); // no _sv case list, not in the panel matrix

    const auto* rna = profile(data, "rna_seq_v2_mrna");
    ASSERT_NE(rna, nullptr);
    EXPECT_EQ(rna->kind, ProfileKind::Expression);
    EXPECT_EQ(rna->unit, "RSEM");
    EXPECT_EQ(rna->datatype, "CONTINUOUS");
    EXPECT_EQ(rna->profiledSamples.size(), 5u);

    const auto* cna = profile(data, "gistic");
    ASSERT_NE(cna, nullptr);
    EXPECT_EQ(cna->kind, ProfileKind::CopyNumberDiscrete);
    EXPECT_EQ(cna->unit, "GISTIC -2..2");
    // Its columns restricted to the _cna case list (which leaves out S4).
    EXPECT_EQ(cna->profiledSamples,
              (std::vector<std::string>{cbio::kS1, cbio::kS2, cbio::kS3, cbio::kS6}));

    const auto* methylation = profile(data, "methylation_hm450");
    ASSERT_NE(methylation, nullptr);
    EXPECT_EQ(methylation->kind, ProfileKind::Methylation);
    EXPECT_EQ(methylation->unit, "beta");
    EXPECT_EQ(methylation->profiledSamples,
              (std::vector<std::string>{cbio::kS1, cbio::kS3, cbio::kS6})); // its columns
}

TEST_F(CbioStudy, MatricesKeepMissingAsNaN) {
    const auto data = read();
    const auto* rna = matrix(data, "rna_seq_v2_mrna");
    ASSERT_NE(rna, nullptr);
    ASSERT_EQ(rna->geneCount(), 4u);
    ASSERT_EQ(rna->sampleCount(), 5u);
    EXPECT_EQ(rna->samples[3], cbio::kS5);
    EXPECT_EQ(rna->genes[0].hugoSymbol, "TP53");
    EXPECT_EQ(rna->genes[0].entrezId, 7157);
    EXPECT_FLOAT_EQ(rna->at(0, 0), 5.4321f);
    EXPECT_TRUE(std::isnan(rna->at(0, 2))); // NA
    EXPECT_TRUE(std::isnan(rna->at(1, 3))); // blank
    EXPECT_TRUE(std::isnan(rna->at(2, 1))); // NaN
    EXPECT_FLOAT_EQ(rna->at(2, 2), 0.002f);
    EXPECT_EQ(rna->at(2, 4), 0.0f);                // a real zero stays zero
    EXPECT_TRUE(rna->genes[3].hugoSymbol.empty()); // NA symbol, Entrez id only
    EXPECT_EQ(rna->genes[3].entrezId, 4255);
    EXPECT_TRUE(rna->rowIds.empty());

    const auto* cna = matrix(data, "gistic");
    ASSERT_NE(cna, nullptr);
    EXPECT_EQ(cna->geneCount(), 3u);
    EXPECT_EQ(cna->at(0, 0), 2.0f);
    EXPECT_TRUE(std::isnan(cna->at(0, 3)));
    EXPECT_EQ(cna->at(1, 4), -1.5f);
    EXPECT_EQ(cna->genes[2].hugoSymbol, "CDKN2A");

    const auto* methylation = matrix(data, "methylation_hm450");
    ASSERT_NE(methylation, nullptr);
    ASSERT_EQ(methylation->geneCount(), 2u);
    EXPECT_EQ(methylation->genes[0].hugoSymbol, "MGMT");
    EXPECT_EQ(methylation->rowIds,
              (std::vector<std::string>{"MGMT|cg12434587", "TP53|cg06365412"}));
    EXPECT_FLOAT_EQ(methylation->at(0, 0), 0.82f);
    EXPECT_TRUE(std::isnan(methylation->at(0, 2)));
}

TEST_F(CbioStudy, GenePanelsAndPanelMatrix) {
    const auto data = read();
    ASSERT_EQ(data.panels.size(), 2u);
    EXPECT_EQ(data.panels[0].stableId, "RGW_PANEL_A");
    EXPECT_EQ(data.panels[0].description, "Synthetic five-gene panel (HUGO symbols).");
    EXPECT_EQ(data.panels[0].genes,
              (std::vector<std::string>{"TP53", "KRAS", "EGFR", "PTEN", "IDH1"}));
    EXPECT_EQ(data.panels[1].genes, (std::vector<std::string>{"7157", "3845", "3417"}));
    ASSERT_EQ(data.samplePanels.size(), 6u);
    EXPECT_EQ(data.samplePanels[2].sampleId, cbio::kS3);
    EXPECT_EQ(data.samplePanels[2].profileStableId, "mutations");
    EXPECT_EQ(data.samplePanels[2].panelId, "RGW_PANEL_B");
    EXPECT_EQ(data.samplePanels[3].sampleId, cbio::kS4);
    EXPECT_TRUE(data.samplePanels[3].panelId.empty()); // NA

    const ProfileCoverage coverage = coverageOf(data, "mutations");
    EXPECT_FALSE(coverage.allSamples);
    EXPECT_EQ(coverage.samples.size(), 5u);
    EXPECT_EQ(coverage.samplePanels.at(cbio::kS3), "RGW_PANEL_B");
    // Panel B's Entrez ids are translated through the genes the study names.
    EXPECT_EQ(coverage.panelGenes.at("RGW_PANEL_B"),
              (std::set<std::string>{"TP53", "KRAS", "IDH1"}));
}

TEST_F(CbioStudy, MutatedWildTypeAndNotProfiled) {
    const auto data = read();
    const auto check = [&](const char* sample, const char* gene, GeneStatus expected) {
        EXPECT_EQ(status(data, "mutations", sample, gene), expected)
            << sample << " " << gene << ": "
            << geneStatusName(status(data, "mutations", sample, gene));
    };
    check(cbio::kS1, "TP53", GeneStatus::Altered);     // missense
    check(cbio::kS3, "TP53", GeneStatus::Altered);     // nonsense
    check(cbio::kS2, "KRAS", GeneStatus::Altered);     // the long barcode's call
    check(cbio::kS1, "KRAS", GeneStatus::NotAltered);  // on panel A, no call
    check(cbio::kS1, "IDH1", GeneStatus::NotAltered);  // only a silent call: wild-type
    check(cbio::kS3, "KRAS", GeneStatus::NotAltered);  // panel B (by Entrez id) has KRAS
    check(cbio::kS3, "EGFR", GeneStatus::NotProfiled); // panel B lacks EGFR
    check(cbio::kS3, "PTEN", GeneStatus::NotProfiled);
    check(cbio::kS4, "TP53", GeneStatus::NotProfiled); // NA in the panel matrix
    check(cbio::kS4, "IDH1", GeneStatus::Altered);     // a call is evidence even so
    check(cbio::kS5, "TP53", GeneStatus::NotProfiled); // not in the _sequenced case list
    check(cbio::kS6, "PTEN", GeneStatus::Altered);
    check(cbio::kS6, "EGFR", GeneStatus::NotAltered);
    check(cbio::kS6, "BRAF", GeneStatus::NotProfiled); // not on panel A

    // Structural variants: no case list and no panel: every sample, whole genome.
    EXPECT_EQ(status(data, "structural_variants", cbio::kS3, "ALK"), GeneStatus::Altered);
    EXPECT_EQ(status(data, "structural_variants", cbio::kS5, "ALK"), GeneStatus::NotAltered);
    // An unknown profile covers nothing.
    EXPECT_EQ(status(data, "no_such_profile", cbio::kS1, "TP53"), GeneStatus::NotProfiled);
}

TEST_F(CbioStudy, WithoutSequencedCaseListEverySampleIsSequenced) {
    fs::remove(files.caseListSequenced);
    fs::remove(files.metaPanelMatrix);
    const auto data = read();
    EXPECT_TRUE(data.problems.empty()) << allProblems(data);
    const auto* mutations = profile(data, "mutations");
    ASSERT_NE(mutations, nullptr);
    EXPECT_TRUE(mutations->allSamplesProfiled);
    EXPECT_TRUE(mutations->profiledSamples.empty());
    EXPECT_TRUE(data.samplePanels.empty());
    // Whole exome for every sample: S5 (no calls) is wild-type, S3 EGFR too.
    EXPECT_EQ(status(data, "mutations", cbio::kS5, "TP53"), GeneStatus::NotAltered);
    EXPECT_EQ(status(data, "mutations", cbio::kS3, "EGFR"), GeneStatus::NotAltered);
}

TEST_F(CbioStudy, WithoutCaseListThePanelMatrixSaysWhoWasSequenced) {
    fs::remove(files.caseListSequenced);
    const auto data = read();
    const auto* mutations = profile(data, "mutations");
    ASSERT_NE(mutations, nullptr);
    EXPECT_FALSE(mutations->allSamplesProfiled);
    EXPECT_EQ(mutations->profiledSamples,
              (std::vector<std::string>{cbio::kS1, cbio::kS2, cbio::kS3, cbio::kS5, cbio::kS6}));
    EXPECT_EQ(status(data, "mutations", cbio::kS5, "TP53"), GeneStatus::NotAltered);
    EXPECT_EQ(status(data, "mutations", cbio::kS4, "TP53"), GeneStatus::NotProfiled);
}

TEST_F(CbioStudy, MetaGenePanelCoversEverySampleOfTheProfile) {
    fs::remove(files.metaPanelMatrix);
    cbio::appendLine(files.metaMutations, "gene_panel: RGW_PANEL_B");
    const auto data = read();
    EXPECT_TRUE(data.problems.empty()) << allProblems(data);
    EXPECT_EQ(profile(data, "mutations")->genePanel, "RGW_PANEL_B");
    EXPECT_EQ(coverageOf(data, "mutations").defaultPanel, "RGW_PANEL_B");
    EXPECT_EQ(status(data, "mutations", cbio::kS1, "EGFR"), GeneStatus::Altered);
    EXPECT_EQ(status(data, "mutations", cbio::kS6, "EGFR"), GeneStatus::NotProfiled);
    EXPECT_EQ(status(data, "mutations", cbio::kS6, "KRAS"), GeneStatus::NotAltered);
}

TEST_F(CbioStudy, GenePanelFromAnOptionFolder) {
    const fs::path panels = dir.path() / "panels";
    fs::create_directories(panels);
    fs::rename(files.panelB, panels / "rgw_panel_b.txt");
    EXPECT_FALSE(read().problems.empty()); // panel B unknown without the folder
    CbioReadOptions options;
    options.genePanelFolders.push_back(panels);
    const auto data = read(options);
    EXPECT_TRUE(data.problems.empty()) << allProblems(data);
    EXPECT_EQ(data.panels.size(), 2u);
}

TEST_F(CbioStudy, NotAStudyFolderThrowsNamingTheFolder) {
    const fs::path empty = dir.path() / "no-study";
    fs::create_directories(empty);
    try {
        (void)readCbioPortalStudy(empty);
        FAIL() << "no exception";
    } catch (const rgw::Error& e) {
        EXPECT_NE(std::string(e.what()).find(empty.string()), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("meta_study.txt"), std::string::npos) << e.what();
    }
}

} // namespace
