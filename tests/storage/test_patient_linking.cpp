// Linking the ids of genomic and clinical sources to the cohort's patients:
// exact id, alias (given or stored), TCGA barcode; unmatched ids create
// patients; conflicts with stored rows write nothing.
#include "CohortRepositories.h"
#include "GenomicTestData.h"
#include "GenomicsImport.h"
#include "GenomicsRepository.h"
#include "PatientLinking.h"
#include "TestData.h"
#include "util/Error.h"

#include <gtest/gtest.h>

using namespace rgw::storage;
namespace g = rgw::genomics;

namespace {

Id addDicomPatient(Database& db, const std::string& patientId) {
    rgw::dicom::InstanceHeader h;
    h.patientId = patientId;
    h.patientName = "Doe^" + patientId;
    return PatientRepository(db).upsert(h);
}

std::int64_t count(Database& db, const std::string& sql) {
    Statement s(db, sql);
    s.step();
    return s.int64(0);
}

struct Linking : ::testing::Test {
    rgw::test::TempDir dir;
    Database db{dir.path() / "cohort.db"};
    g::GenomicDataSet data = rgw::test::smallStudy();
    GenomicsImportOptions options;
    Id exact = 0, mrn7 = 0, tcga = 0;

    void SetUp() override {
        exact = addDicomPatient(db, "P-EXACT");
        mrn7 = addDicomPatient(db, "MRN-7");
        tcga = addDicomPatient(db, "TCGA-B2-0001");
        options.aliases = {{"STUDY-7", "MRN-7", ""}};
    }
};

} // namespace

TEST_F(Linking, FindsByExactIdAliasAndTcgaBarcode) {
    PatientLinker linker(db, options.aliases);
    const auto byId = linker.find("P-EXACT");
    ASSERT_TRUE(byId);
    EXPECT_EQ(byId->patientRowId, exact);
    EXPECT_EQ(byId->rule, LinkRule::PatientId);
    const auto byAlias = linker.find("STUDY-7");
    ASSERT_TRUE(byAlias);
    EXPECT_EQ(byAlias->patientRowId, mrn7);
    EXPECT_EQ(byAlias->patientId, "MRN-7");
    EXPECT_EQ(byAlias->rule, LinkRule::Alias);
    const auto byBarcode = linker.find("TCGA-B2-0001-01A-11D-A10Y-09");
    ASSERT_TRUE(byBarcode);
    EXPECT_EQ(byBarcode->patientRowId, tcga);
    EXPECT_EQ(byBarcode->rule, LinkRule::TcgaBarcode);
    EXPECT_FALSE(linker.find("NOBODY"));
    EXPECT_TRUE(linker.created().empty());

    // Unmatched: the patient is created under its canonical id.
    const PatientLink made = linker.link("TCGA-C3-0002-01");
    EXPECT_EQ(made.rule, LinkRule::Created);
    EXPECT_EQ(made.patientId, "TCGA-C3-0002");
    EXPECT_EQ(linker.link("TCGA-C3-0002").patientRowId, made.patientRowId);
    EXPECT_EQ(linker.created(), std::vector<std::string>{"TCGA-C3-0002"});
}

TEST_F(Linking, ImportLinksSamplesOfKnownPatientsAndCreatesTheUnmatched) {
    // A mutation of a sample no sample record names: its barcode's patient.
    g::Mutation m = data.mutations[0];
    m.sampleId = "TCGA-B2-0001-01";
    data.mutations.push_back(m);
    data.profiles[0].profiledSamples.push_back("TCGA-B2-0001-01");
    data.patients.push_back("NEW-1");
    const GenomicsImportReport report = importGenomicData(db, data, options);
    ASSERT_TRUE(report.imported);
    EXPECT_EQ(report.unmatchedIds, (std::vector<std::string>{"TCGA-A1-0001", "NEW-1"}));
    EXPECT_EQ(report.patientsAdded, 2u);

    GenomicsRepository repo(db);
    ASSERT_TRUE(repo.findSample("TCGA-B2-0001-01"));
    EXPECT_EQ(repo.findSample("TCGA-B2-0001-01")->patientId, "TCGA-B2-0001");
    EXPECT_EQ(repo.findSample("S-EXACT-1")->patientId, "P-EXACT");
    EXPECT_EQ(repo.findSample("S7")->patientId, "MRN-7");
    const auto created = PatientRepository(db).find("NEW-1");
    ASSERT_TRUE(created);
    EXPECT_EQ(created->studyCount, 0);                        // a patient without images
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM patients"), 5); // 3 DICOM + 2 created
}

TEST_F(Linking, WithoutAMappingAnUnknownStudyIdBecomesItsOwnPatient) {
    const GenomicsImportReport report = importGenomicData(db, data);
    ASSERT_TRUE(report.imported);
    EXPECT_EQ(report.unmatchedIds, (std::vector<std::string>{"TCGA-A1-0001", "STUDY-7"}));
    EXPECT_EQ(GenomicsRepository(db).findSample("S7")->patientId, "STUDY-7");
}

TEST_F(Linking, AStoredAliasLinksLaterImportsWithoutAMapping) {
    ASSERT_TRUE(importGenomicData(db, data, options).imported);
    g::GenomicDataSet later;
    later.studyId = "follow_up";
    later.patients = {"STUDY-7"};
    later.samples = {{"S7-B", "STUDY-7", "recurrence", ""}};
    const GenomicsImportReport report = importGenomicData(db, later);
    ASSERT_TRUE(report.imported);
    EXPECT_TRUE(report.unmatchedIds.empty());
    EXPECT_EQ(GenomicsRepository(db).findSample("S7-B")->patientId, "MRN-7");
}

TEST_F(Linking, AMappingThatContradictsAStoredAliasWritesNothing) {
    ASSERT_TRUE(importGenomicData(db, data, options).imported);
    const auto patientsBefore = count(db, "SELECT COUNT(*) FROM patients");
    const auto runsBefore = count(db, "SELECT COUNT(*) FROM import_runs");
    options.aliases = {{"STUDY-7", "P-EXACT", ""}};
    data.patients.push_back("NEW-1");
    EXPECT_THROW(importGenomicData(db, data, options), rgw::Error);
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM patients"), patientsBefore);
    // Only the failed run is recorded.
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM import_runs"), runsBefore + 1);
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM import_runs WHERE status = 'failed'"), 1);
}

TEST_F(Linking, ASampleStoredForAnotherPatientAbortsOrIsSkipped) {
    ASSERT_TRUE(importGenomicData(db, data, options).imported);
    g::GenomicDataSet moved = data;
    moved.studyId = "second";
    moved.samples[3].patientId = "MRN-7"; // S-EXACT-1 belongs to P-EXACT
    const GenomicsImportReport aborted = importGenomicData(db, moved, options);
    EXPECT_FALSE(aborted.imported);
    ASSERT_EQ(aborted.errors.size(), 1u);
    EXPECT_NE(aborted.errors[0].message.find("S-EXACT-1"), std::string::npos);
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM genomic_studies"), 1);

    options.onError = OnError::Skip;
    const GenomicsImportReport skipped = importGenomicData(db, moved, options);
    ASSERT_TRUE(skipped.imported);
    EXPECT_FALSE(skipped.errors.empty());
    GenomicsRepository repo(db);
    const auto mutations = repo.findProfile("second", "mutations");
    ASSERT_TRUE(mutations);
    EXPECT_EQ(repo.mutations(mutations->id).size(), 2u); // the KRAS call of S-EXACT-1 left out
    EXPECT_EQ(repo.findSample("S-EXACT-1")->patientId, "P-EXACT");
    EXPECT_TRUE(repo.findProfile("second", "rna"));
    EXPECT_TRUE(repo.matrixSamples(repo.findProfile("second", "rna")->id).empty());
}

TEST_F(Linking, ADicomPatientIdThatIsAStoredAliasJoinsThatPatient) {
    ASSERT_TRUE(importGenomicData(db, data, options).imported);
    rgw::dicom::InstanceHeader h;
    h.patientId = "STUDY-7"; // the alias, as a DICOM Patient ID
    h.patientName = "Seven^Study";
    EXPECT_EQ(PatientRepository(db).upsert(h), mrn7);
    EXPECT_FALSE(PatientRepository(db).find("STUDY-7"));
    EXPECT_EQ(PatientRepository(db).find("MRN-7")->patientName, "Seven^Study");
    // A Patient ID that is a patient's own id stays with that patient.
    h.patientId = "P-EXACT";
    EXPECT_EQ(PatientRepository(db).upsert(h), exact);
}
