// Genomic and clinical data in the cohort database (schema v4): round trip of
// every record type, the not-profiled rule from stored coverage, one
// transaction per import (abort, failure, cancel), idempotent re-import,
// replacement of a changed profile, integrity and migration from v3.
#include "AuditLog.h"
#include "CohortRepositories.h"
#include "GenomicTestData.h"
#include "GenomicsImport.h"
#include "GenomicsRepository.h"
#include "ImportRunRepository.h"
#include "Migrations.h"
#include "TestData.h"
#include "util/Error.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <gtest/gtest.h>
#include <iterator>
#include <set>

using namespace rgw::storage;
namespace g = rgw::genomics;
namespace fs = std::filesystem;

namespace {

/// A patient as the DICOM import stores it (a name, no genomic data).
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

/// Every row of every table as text (blobs in hex), sorted per table; the
/// tables in `skip` are left out.
std::vector<std::string> dump(Database& db, const std::set<std::string>& skip = {}) {
    std::vector<std::string> tables;
    {
        Statement s(db, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
        while (s.step())
            tables.push_back(s.text(0));
    }
    std::vector<std::string> out;
    for (const std::string& table : tables) {
        if (skip.count(table))
            continue;
        std::string columns;
        {
            Statement info(db, "SELECT name FROM pragma_table_info('" + table + "')");
            while (info.step())
                columns += (columns.empty() ? "quote(" : " || ',' || quote(") + info.text(0) + ")";
        }
        Statement rows(db, "SELECT " + columns + " FROM " + table);
        std::vector<std::string> lines;
        while (rows.step())
            lines.push_back(table + ": " + rows.text(0));
        std::sort(lines.begin(), lines.end());
        out.insert(out.end(), lines.begin(), lines.end());
    }
    return out;
}

const std::set<std::string> kRunTables{"import_runs", "audit_log"};

/// The database file's bytes after moving the WAL into it.
std::string fileBytes(Database& db) {
    db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
    std::ifstream in(db.path(), std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

struct Genomics : ::testing::Test {
    rgw::test::TempDir dir;
    Database db{dir.path() / "cohort.db"};
    g::GenomicDataSet data = rgw::test::smallStudy();
    GenomicsImportOptions options;

    void SetUp() override {
        addDicomPatient(db, "P-EXACT");
        addDicomPatient(db, "MRN-7");
        options.aliases = {{"STUDY-7", "MRN-7", "study id"}};
        options.who = "tester";
    }
    Id profileId(const std::string& stableId) {
        const auto row = GenomicsRepository(db).findProfile("brca_test", stableId);
        return row ? row->id : 0;
    }
};

bool sameValue(float a, float b) {
    return (std::isnan(a) && std::isnan(b)) || a == b;
}

void expectSameMutation(const g::Mutation& a, const g::Mutation& b) {
    EXPECT_EQ(a.profileStableId, b.profileStableId);
    EXPECT_EQ(a.sampleId, b.sampleId);
    EXPECT_EQ(a.gene.hugoSymbol, b.gene.hugoSymbol);
    EXPECT_EQ(a.gene.entrezId, b.gene.entrezId);
    EXPECT_EQ(a.proteinChange, b.proteinChange);
    EXPECT_EQ(a.variantClassification, b.variantClassification);
    EXPECT_EQ(a.variantType, b.variantType);
    EXPECT_EQ(a.chromosome, b.chromosome);
    EXPECT_EQ(a.startPosition, b.startPosition);
    EXPECT_EQ(a.referenceAllele, b.referenceAllele);
    EXPECT_EQ(a.tumorSeqAllele, b.tumorSeqAllele);
    EXPECT_EQ(a.tRefCount, b.tRefCount);
    EXPECT_EQ(a.tAltCount, b.tAltCount);
    EXPECT_EQ(a.vaf, b.vaf);
    EXPECT_EQ(a.driverAnnotation, b.driverAnnotation);
}

} // namespace

TEST_F(Genomics, EveryRecordTypeRoundTrips) {
    const GenomicsImportReport report = importGenomicData(db, data, options);
    ASSERT_TRUE(report.imported);
    EXPECT_FALSE(report.unchanged);
    EXPECT_TRUE(report.errors.empty());
    EXPECT_EQ(report.patientsAdded, 1u); // TCGA-A1-0001; P-EXACT and MRN-7 existed
    EXPECT_EQ(report.unmatchedIds, std::vector<std::string>{"TCGA-A1-0001"});
    EXPECT_EQ(report.samplesAdded, 5u);
    EXPECT_EQ(report.aliasesAdded, 1u);
    EXPECT_EQ(report.clinicalValuesAdded, 3u);
    ASSERT_EQ(report.skippedFiles.size(), 1u);
    EXPECT_EQ(report.skippedFiles[0].file, "data_timeline.txt");
    ASSERT_EQ(report.profiles.size(), 5u);
    for (const ImportedProfile& p : report.profiles)
        EXPECT_EQ(p.outcome, ImportedProfile::Outcome::Added) << p.stableId;
    EXPECT_EQ(report.profiles[0].records, 3u); // mutations
    EXPECT_EQ(report.profiles[1].records, 3u); // matrix genes
    EXPECT_EQ(report.profiles[1].kind, "expression");

    GenomicsRepository repo(db);
    // Study and profiles with their metadata.
    ASSERT_EQ(repo.studies().size(), 1u);
    EXPECT_EQ(repo.studies()[0].name, "Breast test study");
    EXPECT_EQ(repo.studies()[0].importRunId, report.importRunId);
    const auto rna = repo.findProfile("brca_test", "rna");
    ASSERT_TRUE(rna);
    EXPECT_EQ(rna->kind, g::ProfileKind::Expression);
    EXPECT_EQ(rna->unit, "log2(TPM+1)");
    EXPECT_EQ(rna->datatype, "CONTINUOUS");
    EXPECT_EQ(rna->sourceFile, "data_mrna.txt");
    EXPECT_EQ(rna->contentHash.size(), 64u);
    EXPECT_EQ(repo.profiles().size(), 5u);
    EXPECT_TRUE(repo.findProfile("brca_test", "germline")->allSamples);

    // Samples under their linked patients.
    const auto tcga = repo.samplesOfPatient("TCGA-A1-0001");
    ASSERT_EQ(tcga.size(), 3u);
    EXPECT_EQ(tcga[0].sampleId, "TCGA-A1-0001-01");
    EXPECT_EQ(tcga[0].type, "primary");
    EXPECT_EQ(tcga[1].type, "metastasis");
    const auto exact = repo.samplesOfPatient("P-EXACT");
    ASSERT_EQ(exact.size(), 1u);
    EXPECT_EQ(exact[0].date, "2020-01-02");
    EXPECT_EQ(exact[0].type, "recurrence");
    ASSERT_EQ(repo.samplesOfPatient("MRN-7").size(), 1u); // S7 through the alias STUDY-7
    EXPECT_FALSE(PatientRepository(db).find("STUDY-7"));

    // The matrix: every value (NaN stays missing) by symbol and by Entrez id.
    const g::GeneMatrix& m = data.matrices[0];
    EXPECT_EQ(repo.matrixSamples(rna->id), m.samples);
    const auto genes = repo.matrixGenes(rna->id);
    ASSERT_EQ(genes.size(), 3u);
    EXPECT_EQ(genes[2].hugoSymbol, "");
    EXPECT_EQ(genes[2].entrezId, 1956);
    for (std::size_t gi = 0; gi < m.genes.size(); ++gi) {
        const GeneValues values = m.genes[gi].hugoSymbol.empty()
                                      ? repo.geneValues(rna->id, *m.genes[gi].entrezId)
                                      : repo.geneValues(rna->id, m.genes[gi].hugoSymbol);
        ASSERT_EQ(values.size(), m.samples.size());
        for (std::size_t s = 0; s < m.samples.size(); ++s) {
            EXPECT_EQ(values[s].first, m.samples[s]);
            EXPECT_TRUE(sameValue(values[s].second, m.at(gi, s)))
                << gi << "," << s << ": " << values[s].second;
        }
    }
    EXPECT_TRUE(std::isnan(repo.geneValues(rna->id, std::int64_t{3845})[1].second));
    EXPECT_TRUE(repo.geneValues(rna->id, "BRAF").empty());

    // Records.
    const auto mutations = repo.mutations(profileId("mutations"));
    ASSERT_EQ(mutations.size(), data.mutations.size());
    for (std::size_t i = 0; i < mutations.size(); ++i)
        expectSameMutation(mutations[i], data.mutations[i]);
    EXPECT_EQ(repo.mutations(profileId("mutations"), "TCGA-A1-0001-01", "TP53").size(), 1u);
    EXPECT_EQ(repo.mutations(profileId("mutations"), {}, "TP53").size(), 2u);
    EXPECT_EQ(repo.mutationsOfSample("S-EXACT-1").size(), 1u);
    const auto genotypes = repo.genotypes(profileId("germline"));
    ASSERT_EQ(genotypes.size(), 2u);
    EXPECT_EQ(genotypes[1].variantId, "rs1042522");
    EXPECT_EQ(genotypes[1].alternateAllele, "C");
    EXPECT_EQ(genotypes[1].position, 7676154);
    EXPECT_DOUBLE_EQ(genotypes[1].dosage, 0.35);
    const auto subtype = repo.calls(profileId("pam50"));
    ASSERT_EQ(subtype.size(), 1u);
    EXPECT_EQ(subtype[0].category, "LumA");
    EXPECT_FALSE(subtype[0].score);
    const auto score = repo.calls(profileId("oncotype"));
    ASSERT_EQ(score.size(), 1u);
    EXPECT_EQ(score[0].score, 23.0);
    EXPECT_EQ(score[0].method, "Oncotype DX RS");
    const auto panels = repo.panels();
    ASSERT_EQ(panels.size(), 1u);
    EXPECT_EQ(panels[0].genes, (std::vector<std::string>{"EGFR", "KRAS", "TP53"}));

    // Clinical: attributes, values of a patient and of its samples; a value
    // the source does not give has no row.
    const auto attributes = repo.clinicalAttributes();
    ASSERT_EQ(attributes.size(), 3u);
    EXPECT_EQ(attributes[0].id, "OS_MONTHS");
    EXPECT_EQ(attributes[0].datatype, g::ClinicalDatatype::Number);
    EXPECT_EQ(attributes[0].description, "since diagnosis");
    EXPECT_EQ(attributes[2].level, g::AttributeLevel::Sample);
    const auto tcgaValues = repo.clinicalValuesOfPatient("TCGA-A1-0001");
    ASSERT_EQ(tcgaValues.size(), 1u);
    EXPECT_EQ(tcgaValues[0].text, "12.5");
    EXPECT_EQ(tcgaValues[0].number, 12.5);
    const auto exactValues = repo.clinicalValuesOfPatient("P-EXACT");
    ASSERT_EQ(exactValues.size(), 2u); // SEX of the patient, TMB of its sample; no OS_MONTHS
    EXPECT_EQ(exactValues[0].attributeId, "SEX");
    EXPECT_EQ(exactValues[0].number, std::nullopt);
    EXPECT_EQ(exactValues[1].entityId, "S-EXACT-1");
    EXPECT_EQ(exactValues[1].number, 3.1);
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM clinical_values WHERE number = 0"), 0);

    // Aliases, import run, audit.
    const auto aliases = repo.aliases("MRN-7");
    ASSERT_EQ(aliases.size(), 1u);
    EXPECT_EQ(aliases[0].alias, "STUDY-7");
    EXPECT_EQ(aliases[0].kind, "study id");
    const auto run = ImportRunRepository(db).find(report.importRunId);
    ASSERT_TRUE(run);
    EXPECT_EQ(run->kind, "genomics");
    EXPECT_EQ(run->status, ImportStatus::Completed);
    EXPECT_NE(run->report.find("\"unmatched_ids\":[\"TCGA-A1-0001\"]"), std::string::npos);
    const auto audit = AuditLog(db).list();
    ASSERT_FALSE(audit.empty());
    EXPECT_EQ(audit[0].action, "genomics.import");
    EXPECT_EQ(audit[0].who, "tester");

    EXPECT_EQ(db.integrityCheck(), "ok");
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM pragma_foreign_key_check"), 0);
}

TEST_F(Genomics, StoredCoverageGivesMutatedWildTypeAndNotProfiled) {
    ASSERT_TRUE(importGenomicData(db, data, options).imported);
    GenomicsRepository repo(db);
    const Id profile = profileId("mutations");
    const auto status = [&](const std::string& sample, const std::string& gene) {
        return std::string(g::geneStatusName(repo.geneStatus(profile, sample, gene)));
    };
    EXPECT_EQ(status("TCGA-A1-0001-01", "TP53"), "mutated");
    EXPECT_EQ(status("TCGA-A1-0001-01", "BRAF"), "wild-type");    // whole exome
    EXPECT_EQ(status("TCGA-A1-0001-06", "TP53"), "wild-type");    // only a silent call
    EXPECT_EQ(status("TCGA-A1-0001-10", "TP53"), "not profiled"); // not in the case list
    EXPECT_EQ(status("S-EXACT-1", "KRAS"), "mutated");
    EXPECT_EQ(status("S-EXACT-1", "EGFR"), "wild-type");    // on its panel
    EXPECT_EQ(status("S-EXACT-1", "BRAF"), "not profiled"); // off its panel
    EXPECT_EQ(status("S7", "TP53"), "not profiled");        // panel "NA"

    const g::ProfileCoverage c = repo.coverage(profile);
    EXPECT_FALSE(c.allSamples);
    EXPECT_EQ(c.samples,
              (std::set<std::string>{"TCGA-A1-0001-01", "TCGA-A1-0001-06", "S-EXACT-1", "S7"}));
    EXPECT_EQ(c.samplePanels.at("S-EXACT-1"), "IMPACT");
    EXPECT_EQ(c.samplePanels.at("S7"), "");
    EXPECT_EQ(c.panelGenes.at("IMPACT").size(), 3u);
    EXPECT_TRUE(repo.coverage(profileId("germline")).allSamples);
}

TEST_F(Genomics, AbortWithAProblemLeavesTheFileByteForByte) {
    ASSERT_TRUE(importGenomicData(db, data, options).imported);
    const std::string before = fileBytes(db);
    ASSERT_GT(before.size(), 4096u); // the whole database is in the file
    g::GenomicDataSet changed = data;
    changed.patients.push_back("NEW-PATIENT");
    changed.matrices[0].values[0] = 99.0f;
    changed.problems.push_back({{"data_mrna.txt", 4, "S7"}, "not a number: 'x'"});
    const GenomicsImportReport report = importGenomicData(db, changed, options);
    EXPECT_FALSE(report.imported);
    EXPECT_EQ(report.importRunId, 0);
    ASSERT_EQ(report.errors.size(), 1u);
    EXPECT_EQ(report.errors[0].describe(), "data_mrna.txt:4: column 'S7': not a number: 'x'");
    EXPECT_EQ(fileBytes(db), before);

    // A record the database cannot take is a problem too (found before writing).
    g::GenomicDataSet orphan = data;
    orphan.mutations[0].profileStableId = "no_such_profile";
    const GenomicsImportReport second = importGenomicData(db, orphan, options);
    EXPECT_FALSE(second.imported);
    ASSERT_EQ(second.errors.size(), 1u);
    EXPECT_NE(second.errors[0].message.find("no_such_profile"), std::string::npos);
    EXPECT_EQ(fileBytes(db), before);
}

TEST_F(Genomics, SkipImportsTheRestAndListsTheProblems) {
    data.problems.push_back({{"data_mutations.txt", 9, "Start_Position"}, "not an integer"});
    data.mutations[2].vaf = 1.5; // outside 0..1: left out
    options.onError = OnError::Skip;
    const GenomicsImportReport report = importGenomicData(db, data, options);
    ASSERT_TRUE(report.imported);
    ASSERT_EQ(report.errors.size(), 2u);
    EXPECT_EQ(report.errors[0].where.line, 9u);
    EXPECT_NE(report.errors[1].message.find("allele fraction"), std::string::npos);
    EXPECT_EQ(report.profiles[0].records, 2u);
    EXPECT_EQ(GenomicsRepository(db).mutations(profileId("mutations")).size(), 2u);
}

TEST_F(Genomics, ReimportingTheSameDataChangesNothing) {
    ASSERT_TRUE(importGenomicData(db, data, options).imported);
    const std::string before = fileBytes(db);
    const GenomicsImportReport again = importGenomicData(db, data, options);
    EXPECT_TRUE(again.imported);
    EXPECT_TRUE(again.unchanged);
    EXPECT_EQ(again.patientsAdded, 0u);
    EXPECT_EQ(again.samplesAdded, 0u);
    EXPECT_EQ(again.clinicalValuesAdded + again.clinicalValuesChanged, 0u);
    EXPECT_TRUE(again.unmatchedIds.empty());
    ASSERT_EQ(again.profiles.size(), 5u);
    for (const ImportedProfile& p : again.profiles)
        EXPECT_EQ(p.outcome, ImportedProfile::Outcome::Unchanged) << p.stableId;
    EXPECT_EQ(fileBytes(db), before); // not even an import run
}

TEST_F(Genomics, AChangedProfileReplacesItsRowsAndTheAuditSaysSo) {
    ASSERT_TRUE(importGenomicData(db, data, options).imported);
    const Id oldRna = profileId("rna");
    const Id oldMutations = profileId("mutations");
    data.matrices[0].values[1] = 42.0f; // TP53 in S-EXACT-1
    data.clinicalValues[0].text = "13";
    data.clinicalValues[0].number = 13.0;
    const GenomicsImportReport report = importGenomicData(db, data, options);
    ASSERT_TRUE(report.imported);
    EXPECT_FALSE(report.unchanged);
    EXPECT_EQ(report.clinicalValuesChanged, 1u);
    EXPECT_EQ(report.profiles[1].outcome, ImportedProfile::Outcome::Replaced);
    EXPECT_EQ(report.profiles[0].outcome, ImportedProfile::Outcome::Unchanged);

    const Id newRna = profileId("rna");
    EXPECT_NE(newRna, oldRna);
    EXPECT_EQ(profileId("mutations"), oldMutations);
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM gene_matrix_rows WHERE profile_id = " +
                            std::to_string(oldRna)),
              0);
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM profile_samples WHERE profile_id = " +
                            std::to_string(oldRna)),
              0);
    GenomicsRepository repo(db);
    EXPECT_EQ(repo.geneValues(newRna, "TP53")[1].second, 42.0f);
    EXPECT_EQ(repo.clinicalValuesOfPatient("TCGA-A1-0001")[0].number, 13.0);
    bool replaced = false;
    for (const AuditEntry& e : AuditLog(db).list())
        if (e.action == "genomics.profile.replace") {
            replaced = true;
            EXPECT_EQ(e.entityId, newRna);
            EXPECT_NE(e.detail.find("replaces profile " + std::to_string(oldRna)),
                      std::string::npos)
                << e.detail;
        }
    EXPECT_TRUE(replaced);
    EXPECT_EQ(db.integrityCheck(), "ok");
}

TEST_F(Genomics, ASqliteFailureMidImportRollsEverythingBack) {
    ASSERT_TRUE(importGenomicData(db, data, options).imported);
    // Provoked in the middle: after the clinical values and the first
    // profile, while writing the replacement of the matrix.
    db.exec("CREATE TRIGGER provoke BEFORE INSERT ON gene_matrix_rows WHEN NEW.hugo_symbol = "
            "'KRAS' BEGIN SELECT RAISE(ABORT, 'provoked failure'); END");
    const auto before = dump(db, kRunTables);
    g::GenomicDataSet changed = data;
    changed.patients.push_back("NEW-PATIENT");
    changed.clinicalValues[0].text = "13";
    changed.clinicalValues[0].number = 13.0;
    changed.mutations.pop_back();
    changed.matrices[0].values[0] = 99.0f;
    try {
        importGenomicData(db, changed, options);
        FAIL() << "the provoked failure did not surface";
    } catch (const rgw::Error& e) {
        EXPECT_NE(std::string(e.what()).find("provoked failure"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find(db.path().string()), std::string::npos);
    }
    EXPECT_FALSE(db.inTransaction());
    EXPECT_EQ(dump(db, kRunTables), before);
    const auto runs = ImportRunRepository(db).list();
    ASSERT_EQ(runs.size(), 2u);
    EXPECT_EQ(runs[0].status, ImportStatus::Failed);
    EXPECT_EQ(runs[0].kind, "genomics");
    EXPECT_NE(runs[0].report.find("provoked failure"), std::string::npos);
    EXPECT_EQ(db.integrityCheck(), "ok");
}

TEST_F(Genomics, CancellingRollsBackAndRecordsACancelledRun) {
    const auto before = dump(db, kRunTables);
    rgw::CancelToken cancel;
    options.cancel = &cancel;
    std::vector<std::string> steps;
    options.progress = [&](std::size_t, std::size_t, const std::string& what) {
        steps.push_back(what);
        if (what == "profile rna")
            cancel.cancel();
    };
    const GenomicsImportReport report = importGenomicData(db, data, options);
    EXPECT_TRUE(report.cancelled);
    EXPECT_FALSE(report.imported);
    EXPECT_TRUE(report.profiles.empty());
    EXPECT_EQ(dump(db, kRunTables), before);
    ASSERT_EQ(ImportRunRepository(db).list().size(), 1u);
    EXPECT_EQ(ImportRunRepository(db).list()[0].status, ImportStatus::Cancelled);
    EXPECT_EQ(steps.front(), "patients and samples");
}

TEST_F(Genomics, ForeignKeysCascadeAndChecksRejectBadRows) {
    ASSERT_TRUE(importGenomicData(db, data, options).imported);
    EXPECT_THROW(db.exec("INSERT INTO samples (sample_id, patient_id, type) "
                         "VALUES ('X', 1, 'tumour')"),
                 DatabaseError);
    EXPECT_THROW(db.exec("INSERT INTO clinical_values (attribute_id, patient_id, sample_id, "
                         "text) VALUES (1, 1, 1, 'both')"),
                 DatabaseError);
    EXPECT_THROW(db.exec("INSERT INTO mutations (profile_id, sample_id, hugo_symbol) "
                         "VALUES (4711, 1, 'TP53')"),
                 DatabaseError);
    EXPECT_THROW(db.exec("INSERT INTO genomic_profiles (study_id, stable_id, kind, content_hash) "
                         "VALUES (1, 'x', 'rnaseq', '')"),
                 DatabaseError);

    // Deleting a patient takes its samples, their records and values along.
    db.exec("DELETE FROM patients WHERE patient_id = 'TCGA-A1-0001'");
    GenomicsRepository repo(db);
    EXPECT_FALSE(repo.findSample("TCGA-A1-0001-01"));
    EXPECT_EQ(repo.mutations(profileId("mutations")).size(), 1u); // KRAS of S-EXACT-1
    EXPECT_TRUE(repo.clinicalValuesOfPatient("TCGA-A1-0001").empty());
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM pragma_foreign_key_check"), 0);
    // Deleting the study takes its profiles and their rows.
    db.exec("DELETE FROM genomic_studies");
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM gene_matrix_rows"), 0);
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM profile_samples"), 0);
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM sample_calls"), 0);
    EXPECT_EQ(db.integrityCheck(), "ok");
}

TEST(GenomicsMigration, AVersion3FileMigratesKeepingItsRowsAndTakesGenomicData) {
    rgw::test::TempDir dir;
    const fs::path file = dir.path() / "v3.rgwdb";
    {
        Database db(file, OpenOptions{.migrate = false});
        applyMigrations(db, std::span<const Migration>(migrations().data(), 3));
        ASSERT_EQ(db.schemaVersion(), 3);
        db.exec("INSERT INTO patients (patient_id, name) VALUES ('P-EXACT', 'Kept^Row')");
        db.exec("INSERT INTO import_runs (status, roots) VALUES ('completed', '/dicom')");
    }
    Database db(file);
    EXPECT_EQ(db.schemaVersion(), latestSchemaVersion());
    ASSERT_TRUE(PatientRepository(db).find("P-EXACT"));
    EXPECT_EQ(PatientRepository(db).find("P-EXACT")->patientName, "Kept^Row");
    EXPECT_EQ(ImportRunRepository(db).list()[0].kind, "dicom");
    const GenomicsImportReport report = importGenomicData(db, rgw::test::smallStudy());
    EXPECT_TRUE(report.imported);
    EXPECT_EQ(GenomicsRepository(db).samplesOfPatient("P-EXACT").size(), 1u);
    EXPECT_EQ(db.integrityCheck(), "ok");
}
