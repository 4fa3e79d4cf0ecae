// genomics::writeCbioPortalStudy against the study reader, without a
// database: a small hand-made data set with what the demo lacks (a discrete
// copy-number matrix, floats that need every digit, -0, subnormals and the
// largest float, a gene named only by its Entrez id, a mutation profile
// with no case list that covers every sample, a default gene panel, a
// structural-variant profile and a date attribute that cannot be written)
// is written and read back; each readable record must come back equal (the
// matrix floats bit for bit) and what cannot be written must be reported.
#include "TestData.h"
#include "genomics/CbioPortalStudy.h"
#include "genomics/CbioWriter.h"
#include "util/Error.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstring>
#include <gtest/gtest.h>
#include <limits>

namespace fs = std::filesystem;
using namespace rgw;
using namespace rgw::genomics;

namespace {

GenomicDataSet smallStudy() {
    GenomicDataSet d;
    d.studyId = "tiny_study";
    d.studyName = "Tiny study";
    d.studyDescription = "Hand-made for the writer test";
    d.cancerType = "luad";
    d.patients = {"P1", "P2", "P3"};
    d.samples = {{"P1-01", "P1", "primary", ""},
                 {"P2-01", "P2", "metastasis", ""},
                 {"P3-01", "P3", "normal", ""}};
    d.attributes = {
        {"AGE", "Age", "Age at diagnosis", ClinicalDatatype::Number, 2, AttributeLevel::Patient},
        {"SMOKER", "Smoker", "", ClinicalDatatype::Boolean, 1, AttributeLevel::Patient},
        {"SAMPLE_TYPE", "Sample Type", "Type", ClinicalDatatype::String, 1, AttributeLevel::Sample},
        {"SURGERY_DATE", "Surgery", "", ClinicalDatatype::Date, 1, AttributeLevel::Patient}};
    d.clinicalValues = {{"P1", "AGE", "62.5", 62.5, {}},
                        {"P2", "AGE", "1e2", 100.0, {}},
                        {"P1", "SMOKER", "TRUE", std::nullopt, {}},
                        {"P1-01", "SAMPLE_TYPE", "Primary Tumor", std::nullopt, {}},
                        {"P2-01", "SAMPLE_TYPE", "Metastasis", std::nullopt, {}},
                        {"P1", "SURGERY_DATE", "2020-01-02", std::nullopt, {}}};

    GenomicProfile panelled{
        "mutations", ProfileKind::Mutation, "Mutations", "Panel sequencing", "MAF", "",
        "",          {"P1-01", "P2-01"},    false,       "PANEL_A"};
    GenomicProfile exome{
        "wes", ProfileKind::Mutation, "Exome", "Whole exome", "MAF", "", "", {}, true, ""};
    GenomicProfile gistic{"gistic",   ProfileKind::CopyNumberDiscrete,
                          "CNA",      "GISTIC calls",
                          "DISCRETE", "",
                          "",         {"P1-01", "P3-01"},
                          false,      ""};
    GenomicProfile methylation{"methylation_hm450",
                               ProfileKind::Methylation,
                               "Methylation",
                               "beta values",
                               "CONTINUOUS",
                               "",
                               "",
                               {"P1-01", "P2-01", "P3-01"},
                               false,
                               ""};
    GenomicProfile sv{"sv", ProfileKind::StructuralVariant, "SV", "Fusions", "SV", "", "", {}, true,
                      ""};
    d.profiles = {panelled, exome, gistic, methylation, sv};
    d.panels = {{"PANEL_A", "Panel A", {"EGFR", "KRAS", "TP53"}}};

    Mutation egfr;
    egfr.profileStableId = "mutations";
    egfr.sampleId = "P1-01";
    egfr.gene = {"EGFR", 1956};
    egfr.proteinChange = "L858R";
    egfr.variantClassification = "Missense_Mutation";
    egfr.variantType = "SNP";
    egfr.chromosome = "7";
    egfr.startPosition = 55191822;
    egfr.referenceAllele = "T";
    egfr.tumorSeqAllele = "G";
    egfr.tRefCount = 30;
    egfr.tAltCount = 10;
    egfr.vaf = 0.25;
    egfr.driverAnnotation = "Putative_Driver: hotspot";
    Mutation deletion;
    deletion.profileStableId = "wes";
    deletion.sampleId = "P3-01";
    deletion.gene = {"", 7157}; // Entrez id only
    deletion.variantClassification = "Frame_Shift_Del";
    deletion.referenceAllele = "A";
    deletion.tumorSeqAllele = "-";
    d.mutations = {egfr, deletion};

    GeneMatrix cna;
    cna.profileStableId = "gistic";
    cna.samples = {"P1-01", "P2-01", "P3-01"};
    cna.genes = {{"EGFR", 1956}, {"", 3845}};
    const float nan = std::numeric_limits<float>::quiet_NaN();
    cna.values = {2.0f, -1.5f, nan, 0.0f, -2.0f, 1.0f};
    GeneMatrix beta;
    beta.profileStableId = "methylation_hm450";
    beta.samples = {"P1-01", "P2-01", "P3-01"};
    beta.genes = {{"MGMT", std::nullopt}, {"MLH1", std::nullopt}};
    beta.values = {0.1f, 1.0f / 3.0f, -0.0f, FLT_MAX, std::nextafter(0.0f, 1.0f), FLT_MIN};
    d.matrices = {cna, beta};
    d.samplePanels = {{"P1-01", "mutations", "PANEL_A"}, {"P2-01", "mutations", ""}};
    return d;
}

std::uint32_t bits(float v) {
    std::uint32_t b = 0;
    std::memcpy(&b, &v, sizeof b);
    return b;
}

const GenomicProfile* profileOf(const GenomicDataSet& d, const std::string& id) {
    for (const auto& p : d.profiles)
        if (p.stableId == id)
            return &p;
    return nullptr;
}

TEST(CbioWriter, WrittenStudyReadsBackEqual) {
    test::TempDir dir;
    const GenomicDataSet written = smallStudy();
    const CbioWriteReport report = writeCbioPortalStudy(written, dir.path() / "study");
    // The structural variants, the date attribute and a sample type nothing
    // in the files gives have no place here, and the report says so.
    ASSERT_EQ(report.notWritten.size(), 3u);
    EXPECT_EQ(report.notWritten[0].file, "sample P3-01 type 'normal'");
    EXPECT_EQ(report.notWritten[1].file, "clinical attribute SURGERY_DATE");
    EXPECT_EQ(report.notWritten[2].file, "profile sv");

    const GenomicDataSet read = readCbioPortalStudy(dir.path() / "study");
    ASSERT_TRUE(read.problems.empty()) << read.problems.front().describe();
    EXPECT_EQ(read.studyId, written.studyId);
    EXPECT_EQ(read.studyName, written.studyName);
    EXPECT_EQ(read.studyDescription, written.studyDescription);
    EXPECT_EQ(read.cancerType, written.cancerType);
    EXPECT_EQ(read.patients, written.patients);
    ASSERT_EQ(read.samples.size(), 3u);
    for (std::size_t s = 0; s < 3; ++s) {
        EXPECT_EQ(read.samples[s].sampleId, written.samples[s].sampleId);
        EXPECT_EQ(read.samples[s].patientId, written.samples[s].patientId);
        if (s < 2) {
            EXPECT_EQ(read.samples[s].type, written.samples[s].type) << "from SAMPLE_TYPE";
        }
    }
    ASSERT_EQ(read.attributes.size(), 3u);
    for (const ClinicalAttribute& a : read.attributes) {
        const auto w = std::find_if(written.attributes.begin(), written.attributes.end(),
                                    [&](const ClinicalAttribute& b) { return b.id == a.id; });
        ASSERT_NE(w, written.attributes.end()) << a.id;
        EXPECT_EQ(a.displayName, w->displayName);
        EXPECT_EQ(a.description, w->description);
        EXPECT_EQ(a.datatype, w->datatype);
        EXPECT_EQ(a.priority, w->priority);
        EXPECT_EQ(a.level, w->level);
    }
    ASSERT_EQ(read.clinicalValues.size(), 5u) << "no value for a missing cell, none for the date";
    for (const ClinicalValue& v : read.clinicalValues) {
        const auto w =
            std::find_if(written.clinicalValues.begin(), written.clinicalValues.end(),
                         [&](const ClinicalValue& b) {
                             return b.entityId == v.entityId && b.attributeId == v.attributeId;
                         });
        ASSERT_NE(w, written.clinicalValues.end()) << v.entityId << " " << v.attributeId;
        EXPECT_EQ(v.text, w->text);
        EXPECT_EQ(v.number, w->number);
    }

    // Coverage: the case list, the all-samples profile without one, the default panel.
    ASSERT_EQ(read.profiles.size(), 4u);
    for (const char* id : {"mutations", "wes", "gistic", "methylation_hm450"}) {
        const GenomicProfile* r = profileOf(read, id);
        const GenomicProfile* w = profileOf(written, id);
        ASSERT_NE(r, nullptr) << id;
        EXPECT_EQ(r->kind, w->kind) << id;
        EXPECT_EQ(r->name, w->name) << id;
        EXPECT_EQ(r->description, w->description) << id;
        EXPECT_EQ(r->datatype, w->datatype) << id;
        EXPECT_EQ(r->profiledSamples, w->profiledSamples) << id;
        EXPECT_EQ(r->allSamplesProfiled, w->allSamplesProfiled) << id;
        EXPECT_EQ(r->genePanel, w->genePanel) << id;
    }
    ASSERT_EQ(read.panels.size(), 1u);
    EXPECT_EQ(read.panels[0].genes, written.panels[0].genes);
    ASSERT_EQ(read.samplePanels.size(), 2u);
    EXPECT_EQ(read.samplePanels[1].panelId, "") << "NA: not profiled";

    ASSERT_EQ(read.mutations.size(), 2u);
    for (std::size_t m = 0; m < 2; ++m) {
        const Mutation& r = read.mutations[m];
        const Mutation& w = written.mutations[m];
        EXPECT_EQ(r.profileStableId, w.profileStableId);
        EXPECT_EQ(r.sampleId, w.sampleId);
        EXPECT_EQ(r.gene.hugoSymbol, w.gene.hugoSymbol);
        EXPECT_EQ(r.gene.entrezId, w.gene.entrezId);
        EXPECT_EQ(r.proteinChange, w.proteinChange);
        EXPECT_EQ(r.variantClassification, w.variantClassification);
        EXPECT_EQ(r.variantType, w.variantType);
        EXPECT_EQ(r.chromosome, w.chromosome);
        EXPECT_EQ(r.startPosition, w.startPosition);
        EXPECT_EQ(r.referenceAllele, w.referenceAllele);
        EXPECT_EQ(r.tumorSeqAllele, w.tumorSeqAllele);
        EXPECT_EQ(r.tRefCount, w.tRefCount);
        EXPECT_EQ(r.tAltCount, w.tAltCount);
        EXPECT_EQ(r.vaf, w.vaf);
        EXPECT_EQ(r.driverAnnotation, w.driverAnnotation);
    }

    ASSERT_EQ(read.matrices.size(), 2u);
    for (const GeneMatrix& r : read.matrices) {
        const auto w = std::find_if(
            written.matrices.begin(), written.matrices.end(),
            [&](const GeneMatrix& m) { return m.profileStableId == r.profileStableId; });
        ASSERT_NE(w, written.matrices.end());
        EXPECT_EQ(r.samples, w->samples);
        ASSERT_EQ(r.genes.size(), w->genes.size());
        for (std::size_t g = 0; g < r.genes.size(); ++g) {
            EXPECT_EQ(r.genes[g].hugoSymbol, w->genes[g].hugoSymbol);
            EXPECT_EQ(r.genes[g].entrezId, w->genes[g].entrezId);
        }
        ASSERT_EQ(r.values.size(), w->values.size());
        for (std::size_t v = 0; v < r.values.size(); ++v) {
            if (std::isnan(w->values[v]))
                EXPECT_TRUE(std::isnan(r.values[v])) << "missing stays missing";
            else
                EXPECT_EQ(bits(r.values[v]), bits(w->values[v]))
                    << r.profileStableId << " value " << v << ": " << w->values[v];
        }
    }
}

TEST(CbioWriter, RenamingReplacesEveryCaseId) {
    const GenomicDataSet data = smallStudy();
    const GenomicDataSet renamed =
        renameCases(data, {[](const std::string& id) { return "X" + id.substr(1); }, {}});
    EXPECT_EQ(renamed.patients, (std::vector<std::string>{"X1", "X2", "X3"}));
    EXPECT_EQ(renamed.samples[1].sampleId, "X2-01");
    EXPECT_EQ(renamed.samples[1].patientId, "X2");
    EXPECT_EQ(renamed.clinicalValues[0].entityId, "X1");
    EXPECT_EQ(renamed.clinicalValues[3].entityId, "X1-01");
    EXPECT_EQ(renamed.mutations[1].sampleId, "X3-01");
    EXPECT_EQ(renamed.matrices[0].samples, (std::vector<std::string>{"X1-01", "X2-01", "X3-01"}));
    EXPECT_EQ(renamed.samplePanels[1].sampleId, "X2-01");
    EXPECT_EQ(renamed.profiles[0].profiledSamples, (std::vector<std::string>{"X1-01", "X2-01"}));
    EXPECT_EQ(renamed.mutations[0].proteinChange, data.mutations[0].proteinChange);
    EXPECT_EQ(renamed.clinicalValues[0].text, data.clinicalValues[0].text);
    // A sample id that does not start with its patient's id gets <patient>_<n>.
    GenomicDataSet odd = data;
    odd.samples[0].sampleId = "S9";
    odd.clinicalValues[3].entityId = "S9";
    odd.mutations[0].sampleId = "S9";
    odd.samplePanels[0].sampleId = "S9";
    for (auto& m : odd.matrices)
        m.samples[0] = "S9";
    for (auto& p : odd.profiles)
        for (auto& s : p.profiledSamples)
            if (s == "P1-01")
                s = "S9";
    const GenomicDataSet renamedOdd =
        renameCases(odd, {[](const std::string& id) { return "X" + id.substr(1); }, {}});
    EXPECT_EQ(renamedOdd.samples[0].sampleId, "X1_1");
    EXPECT_EQ(renamedOdd.mutations[0].sampleId, "X1_1");
}

} // namespace
