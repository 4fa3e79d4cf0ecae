// The cohort variables (storage/CohortVariables.h) of the cBioPortal fixture
// study imported into a database with hand-made imaging rows. Every expected
// value is read off the fixture's files (tests/support/CbioStudyFixture.h):
//
//   patient        primary sample  mutation coverage (case list _sequenced, panel)
//   TCGA-AB-0001   S1 (-01)        sequenced, panel A (TP53 KRAS EGFR PTEN IDH1)
//   TCGA-AB-0002   S3 (-01)        sequenced, panel B (lacks EGFR, PTEN)
//   TCGA-AB-0003   S4 (-02, only)  sequenced, panel NA (not profiled); IDH1 missense
//   TCGA-AB-0004   S5 (-11, only)  not in _sequenced
//   LOCAL-017      S6 (only)       sequenced, panel A; PTEN frame shift
#include "CohortTestDatabase.h"
#include "CohortVariables.h"
#include "GenomicsRepository.h"
#include "NamedCohorts.h"
#include "util/Error.h"

#include <algorithm>
#include <cmath>
#include <gtest/gtest.h>
#include <string>
#include <vector>

using namespace rgw;
using namespace rgw::storage;
namespace cbio = rgw::test::cbio;

namespace {

const std::vector<std::string> kPatients{"TCGA-AB-0001", "TCGA-AB-0002", "TCGA-AB-0003",
                                         "TCGA-AB-0004", "LOCAL-017"};

/// The fixture study plus imaging: TCGA-AB-0001 has a CT with a SEG object
/// and a segmentation, TCGA-AB-0002 an MR, IMG-9 (no genomic data) a CT.
struct Variables : ::testing::Test {
    test::CohortTestDatabase data;

    void SetUp() override {
        data.addSeries("TCGA-AB-0001", "1.1", "CT");
        data.addSeries("TCGA-AB-0001", "1.2", "SEG", "seg");
        data.addSegmentation("TCGA-AB-0001", "1.1", "GTV");
        data.addSeries("TCGA-AB-0002", "2.1", "MR");
        data.addSeries("IMG-9", "9.1", "CT");
    }
};

const VariableInfo* info(CohortVariables& v, const std::string& name) {
    for (const VariableInfo& i : v.catalogue())
        if (i.name == name)
            return &i;
    return nullptr;
}

std::string text(const cohort::PatientVariables& p, const std::string& name) {
    const auto it = p.find(name);
    if (it == p.end())
        return "<missing>";
    const std::string* t = it->second.asText();
    return t ? *t : "<number>";
}

double number(const cohort::PatientVariables& p, const std::string& name) {
    const auto it = p.find(name);
    if (it == p.end() || !it->second.asNumber())
        return std::nan("");
    return *it->second.asNumber();
}

const VariableColumn& column(const VariableTable& t, const std::string& name) {
    for (const VariableColumn& c : t.columns)
        if (c.info.name == name)
            return c;
    throw std::runtime_error("no column " + name);
}

} // namespace

TEST_F(Variables, CatalogueNamesEverySourceSortedBySourceThenName) {
    CohortVariables v(data.db);
    // Patient attributes of the fixture and its sample attributes.
    for (const char* name : {"OS_STATUS", "OS_MONTHS", "DFS_STATUS", "DFS_MONTHS", "AGE", "SEX",
                             "SAMPLE_TYPE", "CANCER_TYPE", "TMB_NONSYNONYMOUS"})
        ASSERT_TRUE(info(v, name)) << name;
    EXPECT_EQ(info(v, "AGE")->source, VariableSource::Clinical);
    EXPECT_TRUE(info(v, "AGE")->numeric);
    EXPECT_FALSE(info(v, "SEX")->numeric);
    // OS_ and DFS_ give outcomes; there is no PFS_ attribute.
    for (const char* name : {"os_time", "os_event", "dfs_time", "dfs_event"}) {
        ASSERT_TRUE(info(v, name)) << name;
        EXPECT_EQ(info(v, name)->source, VariableSource::Outcome);
        EXPECT_TRUE(info(v, name)->numeric);
    }
    EXPECT_FALSE(info(v, "pfs_time"));
    // mut_ for every gene with a protein-altering call: TP53, EGFR, KRAS,
    // PTEN, IDH1 (S4's missense; S1's IDH1 call is Silent).
    for (const char* gene : {"TP53", "EGFR", "KRAS", "PTEN", "IDH1"}) {
        const VariableInfo* m = info(v, std::string("mut_") + gene);
        ASSERT_TRUE(m) << gene;
        EXPECT_EQ(m->source, VariableSource::Genomic);
        EXPECT_EQ(m->profile, "mutations");
        EXPECT_FALSE(m->numeric);
    }
    EXPECT_FALSE(info(v, "mut_CDKN2A")); // no call: not a column (but known, see below)
    // One profile per prefix: names without the profile.
    for (const char* name : {"cna_EGFR", "cna_PTEN", "cna_CDKN2A", "expr_TP53", "expr_EGFR",
                             "expr_PTEN", "expr_4255", "meth_MGMT", "meth_TP53"}) {
        ASSERT_TRUE(info(v, name)) << name;
        EXPECT_TRUE(info(v, name)->numeric) << name;
    }
    EXPECT_EQ(info(v, "expr_EGFR")->profile, "rna_seq_v2_mrna");
    // Structural variants have no variable.
    EXPECT_FALSE(info(v, "mut_ALK"));
    // Imaging: modalities of image series only (the SEG object is not one).
    for (const char* name : {"has_CT", "has_MR", "has_segmentation"})
        ASSERT_TRUE(info(v, name)) << name;
    EXPECT_FALSE(info(v, "has_SEG"));

    const auto& all = v.catalogue();
    for (std::size_t i = 1; i < all.size(); ++i)
        EXPECT_TRUE(std::tie(all[i - 1].source, all[i - 1].name) <
                    std::tie(all[i].source, all[i].name))
            << all[i - 1].name << " before " << all[i].name;
}

TEST_F(Variables, ClinicalValuesAndDerivedOutcomesWithMissingAbsent) {
    CohortVariables v(data.db);
    const auto values = v.values(kPatients, {"AGE", "SEX", "os_time", "os_event", "dfs_time",
                                             "dfs_event", "TMB_NONSYNONYMOUS", "SAMPLE_TYPE"});
    ASSERT_EQ(values.size(), kPatients.size());
    const auto& p1 = values.at("TCGA-AB-0001");
    EXPECT_EQ(number(p1, "AGE"), 62.0);
    EXPECT_EQ(text(p1, "SEX"), "Female");
    EXPECT_EQ(number(p1, "os_time"), 17.97);
    EXPECT_EQ(number(p1, "os_event"), 1.0);  // 1:DECEASED
    EXPECT_EQ(number(p1, "dfs_event"), 1.0); // 1:Recurred/Progressed
    EXPECT_EQ(number(p1, "dfs_time"), 10.5);
    EXPECT_EQ(number(p1, "TMB_NONSYNONYMOUS"), 3.2); // from the primary sample -01, not -06
    EXPECT_EQ(text(p1, "SAMPLE_TYPE"), "Primary");

    const auto& p2 = values.at("TCGA-AB-0002");
    EXPECT_FALSE(p2.count("AGE"));           // [Not Available]: missing, never 0
    EXPECT_EQ(number(p2, "os_event"), 0.0);  // 0:LIVING
    EXPECT_EQ(number(p2, "dfs_event"), 0.0); // 0:DiseaseFree
    EXPECT_EQ(number(p2, "os_time"), 63.01);

    const auto& p3 = values.at("TCGA-AB-0003");
    EXPECT_EQ(number(p3, "os_event"), 1.0);
    EXPECT_FALSE(p3.count("dfs_event")); // NA
    EXPECT_FALSE(p3.count("dfs_time"));
    EXPECT_FALSE(p3.count("TMB_NONSYNONYMOUS")); // NA on its only sample

    const auto& local = values.at("LOCAL-017");
    EXPECT_FALSE(local.count("os_time"));
    EXPECT_FALSE(local.count("os_event"));
    EXPECT_EQ(number(local, "AGE"), 48.0);
    EXPECT_EQ(number(local, "TMB_NONSYNONYMOUS"), 0.8);
}

TEST_F(Variables, GeneStatusFollowsCaseListsPanelsAndCalls) {
    CohortVariables v(data.db);
    const std::vector<std::string> genes{"mut_TP53", "mut_EGFR", "mut_KRAS",
                                         "mut_PTEN", "mut_IDH1", "mut_CDKN2A"};
    const auto values = v.values(kPatients, genes);
    const auto& p1 = values.at("TCGA-AB-0001");
    EXPECT_EQ(text(p1, "mut_TP53"), "mutated");
    EXPECT_EQ(text(p1, "mut_EGFR"), "mutated");
    EXPECT_EQ(text(p1, "mut_KRAS"), "wild-type");      // S2's KRAS call is not the primary's
    EXPECT_EQ(text(p1, "mut_IDH1"), "wild-type");      // Silent only
    EXPECT_EQ(text(p1, "mut_CDKN2A"), "not-profiled"); // not on panel A
    const auto& p2 = values.at("TCGA-AB-0002");
    EXPECT_EQ(text(p2, "mut_TP53"), "mutated");
    EXPECT_EQ(text(p2, "mut_EGFR"), "not-profiled"); // panel B lacks EGFR
    EXPECT_EQ(text(p2, "mut_PTEN"), "not-profiled");
    // Panel B lists its genes by Entrez id (3845 KRAS, 3417 IDH1), translated
    // through the study's own genes: sequenced, no call.
    EXPECT_EQ(text(p2, "mut_KRAS"), "wild-type");
    EXPECT_EQ(text(p2, "mut_IDH1"), "wild-type");
    const auto& p3 = values.at("TCGA-AB-0003");
    EXPECT_EQ(text(p3, "mut_IDH1"), "mutated"); // a call is evidence even with panel NA
    EXPECT_EQ(text(p3, "mut_TP53"), "not-profiled");
    for (const std::string& gene : genes) // not in the _sequenced case list
        EXPECT_EQ(text(values.at("TCGA-AB-0004"), gene), "not-profiled") << gene;
    const auto& local = values.at("LOCAL-017");
    EXPECT_EQ(text(local, "mut_PTEN"), "mutated");
    EXPECT_EQ(text(local, "mut_TP53"), "wild-type");

    // The same rule as GenomicsRepository::geneStatus on the primary sample.
    GenomicsRepository repo(data.db);
    const Id profile = repo.findProfile(cbio::kStudyId, "mutations")->id;
    const std::vector<std::pair<std::string, std::string>> primary{{"TCGA-AB-0001", cbio::kS1},
                                                                   {"TCGA-AB-0002", cbio::kS3},
                                                                   {"TCGA-AB-0003", cbio::kS4},
                                                                   {"TCGA-AB-0004", cbio::kS5},
                                                                   {"LOCAL-017", cbio::kS6}};
    for (const auto& [patient, sample] : primary)
        for (const std::string& name : genes) {
            std::string status =
                genomics::geneStatusName(repo.geneStatus(profile, sample, name.substr(4)));
            std::replace(status.begin(), status.end(), ' ', '-');
            EXPECT_EQ(text(values.at(patient), name), status) << patient << " " << name;
        }
}

TEST_F(Variables, AMutationNameIsKnownByCallPanelOrMatrixGeneList) {
    CohortVariables v(data.db);
    EXPECT_TRUE(v.isKnown("mut_CDKN2A")); // in the CNA matrix
    EXPECT_TRUE(v.isKnown("mut_MGMT"));   // in the methylation matrix
    EXPECT_FALSE(v.isKnown("mut_ALK"));   // only a fusion partner
    EXPECT_FALSE(v.isKnown("mut_NOPE"));
    EXPECT_FALSE(v.isKnown("expr_CDKN2A")); // not in the expression matrix
    EXPECT_TRUE(v.isKnown("AGE"));
    EXPECT_FALSE(v.isKnown("age"));
    EXPECT_FALSE(v.isKnown("pfs_event"));
    try {
        v.requireKnown({"AGE", "mut_EGRF"});
        FAIL() << "mut_EGRF is unknown";
    } catch (const Error& e) {
        const std::string message = e.what();
        EXPECT_NE(message.find("unknown variable 'mut_EGRF'"), std::string::npos) << message;
        EXPECT_NE(message.find("mut_EGFR"), std::string::npos) << message;
    }
    EXPECT_THROW(v.values(kPatients, {"os_evnt"}), Error);
    EXPECT_THROW(v.values({"NOBODY"}, {"AGE"}), Error);
}

TEST_F(Variables, MatrixValuesComeFromTheRowSample) {
    CohortVariables v(data.db);
    const auto values =
        v.values(kPatients, {"expr_TP53", "expr_EGFR", "cna_EGFR", "meth_MGMT", "expr_4255"});
    const auto& p1 = values.at("TCGA-AB-0001"); // S1
    EXPECT_EQ(number(p1, "expr_TP53"), 5.4321);
    EXPECT_EQ(number(p1, "cna_EGFR"), 2.0);
    EXPECT_EQ(number(p1, "meth_MGMT"), 0.82);
    EXPECT_EQ(number(p1, "expr_4255"), 1.0);    // the row named by Entrez id only
    const auto& p2 = values.at("TCGA-AB-0002"); // S3
    EXPECT_FALSE(p2.count("expr_TP53"));        // NA
    EXPECT_EQ(number(p2, "cna_EGFR"), 0.0);     // a true 0, not a missing one
    const auto& p3 = values.at("TCGA-AB-0003"); // S4: not in the expression matrix
    EXPECT_FALSE(p3.count("expr_TP53"));
    EXPECT_FALSE(p3.count("cna_EGFR"));         // NA
    const auto& p4 = values.at("TCGA-AB-0004"); // S5
    EXPECT_EQ(number(p4, "expr_TP53"), 7.25);
    EXPECT_FALSE(p4.count("expr_EGFR")); // blank cell
    EXPECT_FALSE(p4.count("cna_EGFR"));  // not in the CNA matrix
}

TEST_F(Variables, ImagingAvailabilityPerPatient) {
    CohortVariables v(data.db);
    const std::vector<std::string> patients{"TCGA-AB-0001", "TCGA-AB-0002", "IMG-9", "LOCAL-017"};
    const auto values = v.values(patients, {"has_CT", "has_MR", "has_segmentation"});
    EXPECT_EQ(text(values.at("TCGA-AB-0001"), "has_CT"), "true");
    EXPECT_EQ(text(values.at("TCGA-AB-0001"), "has_MR"), "false");
    EXPECT_EQ(text(values.at("TCGA-AB-0001"), "has_segmentation"), "true");
    EXPECT_EQ(text(values.at("TCGA-AB-0002"), "has_MR"), "true");
    EXPECT_EQ(text(values.at("TCGA-AB-0002"), "has_segmentation"), "false");
    EXPECT_EQ(text(values.at("IMG-9"), "has_CT"), "true");
    EXPECT_EQ(text(values.at("LOCAL-017"), "has_CT"), "false");
    // A patient with images only: genomic statuses are not profiled, clinical missing.
    const auto img = v.values({"IMG-9"}, {"mut_TP53", "AGE", "os_event"}).at("IMG-9");
    EXPECT_EQ(text(img, "mut_TP53"), "not-profiled");
    EXPECT_FALSE(img.count("AGE"));
    EXPECT_FALSE(img.count("os_event"));
}

TEST_F(Variables, TableHasARowPerPatientOrPerSample) {
    CohortVariables v(data.db);
    const VariableTable primary = v.table({"TCGA-AB-0001", "IMG-9"}, SampleChoice::Primary);
    ASSERT_EQ(primary.rowCount(), 2u);
    EXPECT_EQ(primary.sampleIds, (std::vector<std::string>{cbio::kS1, ""}));
    ASSERT_EQ(primary.columns.size(), v.catalogue().size());
    for (std::size_t i = 0; i < primary.columns.size(); ++i)
        EXPECT_EQ(primary.columns[i].info.name, v.catalogue()[i].name);

    // Samples sorted by id: -01 (primary), -06 (metastasis).
    const VariableTable all = v.table({"TCGA-AB-0001", "IMG-9"}, SampleChoice::All);
    EXPECT_EQ(all.patientIds, (std::vector<std::string>{"TCGA-AB-0001", "TCGA-AB-0001", "IMG-9"}));
    EXPECT_EQ(all.sampleIds, (std::vector<std::string>{cbio::kS1, cbio::kS2, ""}));
    const VariableColumn& tmb = column(all, "TMB_NONSYNONYMOUS");
    EXPECT_EQ(tmb.numbers[0], 3.2);
    EXPECT_EQ(tmb.numbers[1], 4.1);
    EXPECT_TRUE(std::isnan(tmb.numbers[2]));
    const VariableColumn& kras = column(all, "mut_KRAS");
    EXPECT_EQ(kras.texts, (std::vector<std::string>{"wild-type", "mutated", "not-profiled"}));
    const VariableColumn& age = column(all, "AGE"); // a patient attribute on every sample row
    EXPECT_EQ(age.numbers[0], 62.0);
    EXPECT_EQ(age.numbers[1], 62.0);
    EXPECT_TRUE(age.at(2).isMissing());
    EXPECT_EQ(*column(all, "expr_TP53").at(1).asNumber(), 6.1);
}

TEST_F(Variables, GeneSelectionLimitsColumnsNotKnownNames) {
    CohortVariables v(data.db, VariableSelection{{"EGFR"}, {}});
    std::vector<std::string> genomic;
    for (const VariableInfo& i : v.catalogue())
        if (i.source == VariableSource::Genomic)
            genomic.push_back(i.name);
    EXPECT_EQ(genomic, (std::vector<std::string>{"cna_EGFR", "expr_EGFR", "mut_EGFR"}));
    EXPECT_TRUE(v.isKnown("expr_TP53"));
    EXPECT_EQ(number(v.values({"LOCAL-017"}, {"expr_TP53"}).at("LOCAL-017"), "expr_TP53"), 3.0);
}

TEST(VariablesOfTwoProfiles, AnAmbiguousPrefixCarriesTheProfile) {
    // A second expression profile (z-scores) of the same samples.
    test::CohortTestDatabase data([](const cbio::StudyFiles& f) {
        cbio::writeLines(f.folder / "meta_expression_zscores.txt",
                         cbio::detail::metaLines("MRNA_EXPRESSION", "Z-SCORE",
                                                 "rna_seq_v2_mrna_median_Zscores",
                                                 "mRNA expression z-scores", "Z-scores.",
                                                 "data_expression_zscores.txt"));
        cbio::writeLines(f.folder / "data_expression_zscores.txt",
                         {cbio::tsv({"Hugo_Symbol", cbio::kS1, cbio::kS3}),
                          cbio::tsv({"EGFR", "1.5", "-0.25"})});
    });
    CohortVariables v(data.db);
    EXPECT_FALSE(v.isKnown("expr_EGFR"));
    EXPECT_TRUE(v.isKnown("expr_EGFR:rna_seq_v2_mrna"));
    EXPECT_TRUE(v.isKnown("expr_EGFR:rna_seq_v2_mrna_median_Zscores"));
    EXPECT_TRUE(v.isKnown("expr_TP53:rna_seq_v2_mrna"));
    EXPECT_FALSE(v.isKnown("expr_TP53:rna_seq_v2_mrna_median_Zscores"));
    EXPECT_TRUE(v.isKnown("mut_EGFR")); // one mutation profile: no suffix
    const auto values = v.values({"TCGA-AB-0002"}, {"expr_EGFR:rna_seq_v2_mrna",
                                                    "expr_EGFR:rna_seq_v2_mrna_median_Zscores"});
    EXPECT_EQ(number(values.at("TCGA-AB-0002"), "expr_EGFR:rna_seq_v2_mrna"), 10.75);
    EXPECT_EQ(number(values.at("TCGA-AB-0002"), "expr_EGFR:rna_seq_v2_mrna_median_Zscores"), -0.25);
    try {
        v.requireKnown({"expr_EGFR"});
        FAIL();
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("expr_EGFR:rna_seq_v2_mrna"), std::string::npos)
            << e.what();
    }

    // Only one of them included: plain names again.
    CohortVariables one(data.db, VariableSelection{{}, {"rna_seq_v2_mrna_median_Zscores"}});
    EXPECT_TRUE(one.isKnown("expr_EGFR"));
    EXPECT_FALSE(one.isKnown("mut_EGFR")); // the mutation profile is not included
    EXPECT_EQ(number(one.values({"TCGA-AB-0001"}, {"expr_EGFR"}).at("TCGA-AB-0001"), "expr_EGFR"),
              1.5);
}

TEST(VariablesOfEditedStudy, StatusWordsBooleansAndUnknownText) {
    test::CohortTestDatabase data([](const cbio::StudyFiles& f) {
        // Plain words, a PFS-style status on DFS and text that is no status;
        // a BOOLEAN column SMOKER.
        auto lines = cbio::readLines(f.patients);
        const std::vector<std::string> extra{
            "\tSmoker", "\tSmoking history", "\tBOOLEAN", "\t1",     "\tSMOKER",
            "\tTRUE",   "\tFalse",           "\tNA",      "\tfalse", "\ttrue"};
        lines[3] = "#1\t1\t1\t1\t1\t8\t9";
        lines[8] = "TCGA-AB-0004\tLIVING\t40\t1:PROGRESSION\t40\t55.5\tFemale";
        lines[9] = "LOCAL-017\tLost to follow-up\tNA\t0:CENSORED\t12\t48\tFemale";
        for (std::size_t i = 0; i < lines.size(); ++i)
            lines[i] += extra[i];
        cbio::writeLines(f.patients, lines);
    });
    CohortVariables v(data.db);
    ASSERT_TRUE(v.isKnown("SMOKER"));
    const auto values = v.values(kPatients, {"os_event", "dfs_event", "dfs_time", "SMOKER"});
    EXPECT_EQ(number(values.at("TCGA-AB-0004"), "os_event"), 0.0);  // LIVING
    EXPECT_EQ(number(values.at("TCGA-AB-0004"), "dfs_event"), 1.0); // 1:PROGRESSION
    EXPECT_FALSE(values.at("LOCAL-017").count("os_event"));         // not a status: missing
    EXPECT_EQ(number(values.at("LOCAL-017"), "dfs_event"), 0.0);    // 0:CENSORED
    EXPECT_EQ(number(values.at("LOCAL-017"), "dfs_time"), 12.0);
    EXPECT_EQ(text(values.at("TCGA-AB-0001"), "SMOKER"), "true");
    EXPECT_EQ(text(values.at("TCGA-AB-0002"), "SMOKER"), "false");
    EXPECT_FALSE(values.at("TCGA-AB-0003").count("SMOKER"));
    EXPECT_EQ(text(values.at("LOCAL-017"), "SMOKER"), "true");
}

TEST_F(Variables, QcIsTheWorstNewestVerdictOfTheModality) {
    data.addSeries("TCGA-AB-0001", "1.3", "CT");
    data.addSeries("TCGA-AB-0002", "2.2", "CT");
    SeriesQcRepository qc(data.db);
    // TCGA-AB-0001: series 1.1 failed, then passed (newest counts); 1.3 questionable.
    qc.record("1.1", QcVerdict::Fail, "motion", "rev");
    qc.record("1.1", QcVerdict::Pass, "re-read", "rev");
    qc.record("1.3", QcVerdict::Questionable, "", "rev");
    // TCGA-AB-0002: its CT passed, its MR was never reviewed.
    qc.record("2.2", QcVerdict::Pass, "", "rev");

    CohortVariables v(data.db);
    ASSERT_TRUE(info(v, "qc_CT"));
    EXPECT_EQ(info(v, "qc_CT")->source, VariableSource::Qc);
    const auto values = v.values({"TCGA-AB-0001", "TCGA-AB-0002", "IMG-9"}, {"qc_CT", "qc_MR"});
    EXPECT_EQ(text(values.at("TCGA-AB-0001"), "qc_CT"), "questionable");
    EXPECT_EQ(text(values.at("TCGA-AB-0002"), "qc_CT"), "pass");
    EXPECT_FALSE(values.at("TCGA-AB-0002").count("qc_MR")); // none reviewed: missing
    EXPECT_FALSE(values.at("IMG-9").count("qc_CT"));

    qc.record("1.3", QcVerdict::Fail, "artefact", "rev");
    EXPECT_EQ(text(CohortVariables(data.db).values({"TCGA-AB-0001"}, {"qc_CT"}).at("TCGA-AB-0001"),
                   "qc_CT"),
              "fail");
}

TEST_F(Variables, ValuesOfFewNamesEqualTheFullTable) {
    // values() reads single names without the catalogue; it must agree with
    // table() cell by cell, type included.
    std::vector<std::string> patients = kPatients;
    patients.push_back("IMG-9");
    CohortVariables whole(data.db);
    const VariableTable table = whole.table(patients, SampleChoice::Primary);
    for (const VariableColumn& c : table.columns) {
        CohortVariables single(data.db);
        const auto values = single.values(patients, {c.info.name});
        for (std::size_t r = 0; r < table.rowCount(); ++r) {
            const cohort::PatientVariables& p = values.at(table.patientIds[r]);
            const cohort::Value cell = c.at(r);
            const auto it = p.find(c.info.name);
            if (cell.isMissing()) {
                EXPECT_EQ(it, p.end()) << c.info.name << " " << table.patientIds[r];
                continue;
            }
            ASSERT_NE(it, p.end()) << c.info.name << " " << table.patientIds[r];
            EXPECT_EQ(it->second.data, cell.data) << c.info.name << " " << table.patientIds[r];
        }
    }
}
