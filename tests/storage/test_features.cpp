// Radiomic features in the cohort database (schema v2): migration from a v1
// file, an extraction stored and read back with its provenance, a failed store
// leaving nothing, and the resume logic of the cohort extraction.
#include "AuditLog.h"
#include "CohortRepositories.h"
#include "Database.h"
#include "ExtractionService.h"
#include "FeatureRepository.h"
#include "ImportService.h"
#include "Migrations.h"
#include "SegmentationRepository.h"
#include "SeriesAccess.h"
#include "TestData.h"
#include "demo/DemoCohort.h"
#include "radiomics/Extractor.h"
#include "radiomics/ParameterSet.h"
#include "util/Error.h"

#include <cmath>
#include <fstream>
#include <gtest/gtest.h>
#include <limits>
#include <set>

namespace fs = std::filesystem;
using namespace rgw;
using namespace rgw::storage;

namespace {

std::int64_t countRows(Database& db, const std::string& table) {
    Statement s(db, "SELECT COUNT(*) FROM " + table);
    EXPECT_TRUE(s.step());
    return s.int64(0);
}

std::set<std::string> tableNames(Database& db) {
    std::set<std::string> names;
    Statement s(db, "SELECT name FROM sqlite_master WHERE type = 'table'");
    while (s.step())
        names.insert(s.text(0));
    return names;
}

/// A patient and one MANUAL segmentation (4x4x4 cube) on `seriesUid`.
Id addSegmentation(Database& db, const std::string& seriesUid, const std::string& roi) {
    db.exec("INSERT OR IGNORE INTO patients (patient_id) VALUES ('P1')");
    Statement p(db, "SELECT id FROM patients WHERE patient_id = 'P1'");
    EXPECT_TRUE(p.step());
    Geometry g;
    g.size = {4, 4, 4};
    Mask mask(g, 1);
    NewSegmentation s;
    s.patientRowId = p.int64(0);
    s.referencedSeriesInstanceUid = seriesUid;
    s.roiName = roi;
    s.source = SegmentationSource::Manual;
    s.mask = &mask;
    return SegmentationRepository(db).add(s, "tester");
}

radiomics::FeatureTable sampleTable() {
    radiomics::FeatureTable t;
    t.add("morphology", "Volume (mesh)", "RNU0", "", 367455.25);
    t.add("glcm", "Joint maximum", "GYBY", "2D, averaged", 0.519);
    t.add("glcm", "Joint maximum", "GYBY", "3D, merged", 0.5);
    t.add("ngtdm", "Coarseness", "QCDE", "3D", std::numeric_limits<double>::quiet_NaN());
    t.add("intensity_statistics", "Minimum intensity", "1GSF", "", -1000.0);
    t.notes.push_back({"ngtdm", "coarseness undefined: no neighbourhood differences"});
    return t;
}

NewFeatureExtraction sampleExtraction(const radiomics::FeatureTable& table,
                                      std::optional<Id> segmentation) {
    NewFeatureExtraction e;
    e.seriesInstanceUid = "1.2.3.4";
    e.segmentationId = segmentation;
    e.maskDescription = "segmentation 'GTV'";
    e.parameterSetHash = "abc123";
    e.parameterSetCanonicalText = "name: test\nbin_width: 25\n";
    e.parameterSetName = "test.yaml";
    e.softwareVersion = "9.9.9";
    e.families = {"morphology", "glcm", "ngtdm", "intensity_statistics"};
    e.table = &table;
    return e;
}

} // namespace

TEST(Features, MigratesAVersion1FileToTheLatestKeepingItsRows) {
    test::TempDir dir;
    const fs::path file = dir.path() / "v1.rgwdb";
    {
        OpenOptions v1only;
        v1only.migrate = false;
        Database db(file, v1only);
        applyMigrations(db, std::span<const Migration>(migrations().data(), 1));
        ASSERT_EQ(db.schemaVersion(), 1);
        db.exec("INSERT INTO patients (patient_id, name) VALUES ('OLD-1', 'Kept^Row')");
        EXPECT_FALSE(tableNames(db).count("feature_values"));
    }
    Database db(file);
    EXPECT_EQ(db.schemaVersion(), latestSchemaVersion());
    const auto tables = tableNames(db);
    for (const char* t :
         {"parameter_sets", "feature_extractions", "feature_values", "feature_family_notes"})
        EXPECT_TRUE(tables.count(t)) << t;
    ASSERT_TRUE(PatientRepository(db).find("OLD-1"));
    EXPECT_EQ(PatientRepository(db).find("OLD-1")->patientName, "Kept^Row");
    EXPECT_EQ(db.integrityCheck(), "ok");
}

TEST(Features, StoresAndReadsAnExtractionWithProvenance) {
    test::TempDir dir;
    Database db(dir.path() / "c.rgwdb");
    const Id seg = addSegmentation(db, "1.2.3.4", "GTV");
    const auto table = sampleTable();
    FeatureRepository repo(db);
    const Id id = repo.store(sampleExtraction(table, seg), "alice");

    const auto found = repo.find("1.2.3.4", seg, "abc123");
    ASSERT_TRUE(found);
    EXPECT_EQ(found->id, id);
    EXPECT_FALSE(repo.find("1.2.3.4", seg, "other-hash"));
    EXPECT_FALSE(repo.find("9.9", seg, "abc123"));

    const FeatureProvenance p = repo.provenance(id);
    EXPECT_EQ(p.extraction.seriesInstanceUid, "1.2.3.4");
    EXPECT_EQ(p.extraction.segmentationId, seg);
    EXPECT_EQ(p.extraction.maskDescription, "segmentation 'GTV'");
    EXPECT_EQ(p.extraction.softwareVersion, "9.9.9");
    EXPECT_EQ(p.extraction.families,
              (std::vector<std::string>{"morphology", "glcm", "ngtdm", "intensity_statistics"}));
    EXPECT_EQ(p.extraction.createdBy, "alice");
    EXPECT_EQ(p.extraction.status, "complete");
    EXPECT_EQ(p.extraction.createdAt.size(), 24u) << p.extraction.createdAt; // ISO 8601 UTC
    // Issue #11: every feature keeps its row; the NaN is a missing value (NULL).
    EXPECT_EQ(p.extraction.valueCount, 5);
    EXPECT_EQ(p.parameterSet.hash, "abc123");
    EXPECT_EQ(p.parameterSet.canonicalText, "name: test\nbin_width: 25\n");
    EXPECT_EQ(p.parameterSet.name, "test.yaml");

    const radiomics::FeatureTable back = repo.values(id);
    ASSERT_EQ(back.values.size(), 5u);
    for (std::size_t k = 0; k < table.values.size(); ++k) {
        const auto& v = table.values[k];
        const auto& b = back.values[k];
        EXPECT_EQ(b.family, v.family);
        EXPECT_EQ(b.name, v.name);
        EXPECT_EQ(b.ibsiCode, v.ibsiCode);
        EXPECT_EQ(b.aggregation, v.aggregation);
        if (std::isnan(v.value)) {
            EXPECT_TRUE(std::isnan(b.value));
            EXPECT_TRUE(b.missing());
            EXPECT_EQ(b.missingReason, "not a number");
        } else {
            EXPECT_EQ(b.value, v.value); // REAL keeps the double exactly
            EXPECT_FALSE(b.missing());
        }
    }
    ASSERT_EQ(back.notes.size(), 1u);
    EXPECT_EQ(back.notes[0].family, "ngtdm");
    Statement nulls(db, "SELECT COUNT(*) FROM feature_values WHERE value IS NULL");
    ASSERT_TRUE(nulls.step());
    EXPECT_EQ(nulls.int64(0), 1);

    const auto audit = AuditLog(db).list();
    ASSERT_FALSE(audit.empty());
    EXPECT_EQ(audit.front().action, "features.extract");
    EXPECT_EQ(audit.front().entityId, id);

    // The same pair again replaces the earlier extraction (one row per pair).
    const Id again = repo.store(sampleExtraction(table, seg), "bob");
    EXPECT_NE(again, id);
    EXPECT_EQ(repo.list().size(), 1u);
    EXPECT_EQ(countRows(db, "feature_values"), 5);
    EXPECT_EQ(countRows(db, "parameter_sets"), 1);
    // File masks (no segmentation row) may be extracted repeatedly.
    repo.store(sampleExtraction(table, std::nullopt), "bob");
    repo.store(sampleExtraction(table, std::nullopt), "bob");
    EXPECT_EQ(repo.listForSeries("1.2.3.4").size(), 3u);
    EXPECT_THROW(repo.provenance(987654), Error);
    EXPECT_EQ(db.integrityCheck(), "ok");
}

// What the model builder offers: only sets that computed something, the most
// recently used first.
TEST(Features, ParameterSetsInUseAreListedMostRecentFirst) {
    test::TempDir dir;
    Database db(dir.path() / "c.rgwdb");
    const Id seg = addSegmentation(db, "1.2.3.4", "GTV");
    const auto table = sampleTable();
    FeatureRepository repo(db);
    EXPECT_TRUE(repo.parameterSetsInUse().empty());
    repo.addParameterSet("unused", "name: unused\n", "unused.yaml");
    repo.store(sampleExtraction(table, seg), "alice"); // abc123
    auto other = sampleExtraction(table, std::nullopt);
    other.parameterSetHash = "def456";
    other.parameterSetCanonicalText = "name: other\n";
    other.parameterSetName = "other.yaml";
    repo.store(other, "alice");
    auto sets = repo.parameterSetsInUse();
    ASSERT_EQ(sets.size(), 2u);
    EXPECT_EQ(sets[0].hash, "def456");
    EXPECT_EQ(sets[0].name, "other.yaml");
    EXPECT_EQ(sets[1].hash, "abc123");
    repo.store(sampleExtraction(table, seg), "bob"); // abc123 used again, last
    sets = repo.parameterSetsInUse();
    ASSERT_EQ(sets.size(), 2u);
    EXPECT_EQ(sets[0].hash, "abc123");
}

TEST(Features, AFailedStoreLeavesNoRows) {
    test::TempDir dir;
    Database db(dir.path() / "c.rgwdb");
    const Id seg = addSegmentation(db, "1.2.3.4", "GTV");
    // The same feature twice violates UNIQUE after some values are inserted.
    auto table = sampleTable();
    table.add("glcm", "Joint maximum", "GYBY", "3D, merged", 0.7);
    FeatureRepository repo(db);
    EXPECT_THROW(repo.store(sampleExtraction(table, seg), "alice"), Error);
    EXPECT_FALSE(db.inTransaction());
    for (const char* t :
         {"parameter_sets", "feature_extractions", "feature_values", "feature_family_notes"})
        EXPECT_EQ(countRows(db, t), 0) << t;

    // Inside a caller's transaction that is abandoned, nothing remains either.
    const auto good = sampleTable();
    {
        Transaction outer(db);
        repo.store(sampleExtraction(good, seg), "alice");
        EXPECT_EQ(countRows(db, "feature_values"), 5); // the NaN is a NULL row (issue #11)
    }                                                  // rolled back
    EXPECT_EQ(countRows(db, "feature_extractions"), 0);
    EXPECT_EQ(countRows(db, "feature_values"), 0);
    EXPECT_EQ(countRows(db, "parameter_sets"), 0);
    EXPECT_EQ(db.integrityCheck(), "ok");
}

TEST(Features, PairListCsvIsParsedAndBadLinesAreNamed) {
    test::TempDir dir;
    const fs::path csv = dir.path() / "pairs.csv";
    {
        std::ofstream out(csv);
        out << "series_uid,segmentation_id\n1.2.3, 7\r\n\n4.5.6,12\n";
    }
    const auto pairs = readCohortPairs(csv);
    ASSERT_EQ(pairs.size(), 2u);
    EXPECT_EQ(pairs[0].seriesInstanceUid, "1.2.3");
    EXPECT_EQ(pairs[0].segmentationId, 7);
    EXPECT_EQ(pairs[1].segmentationId, 12);
    {
        std::ofstream out(csv);
        out << "1.2.3,7\n4.5.6,x\n";
    }
    try {
        readCohortPairs(csv);
        FAIL() << "bad line accepted";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("line 2"), std::string::npos) << e.what();
    }
}

// The cohort run on a demo cohort: every pair once, a second run skips all,
// a lost extraction is redone alone, an edited segmentation is a new pair.
TEST(Features, CohortExtractionResumesBySkippingStoredPairs) {
    test::TempDir dir;
    demo::DemoOptions options;
    options.outputFolder = dir.path() / "demo";
    options.patients = 1;
    const demo::DemoSummary summary = demo::writeCohort(options);
    const fs::path file = dir.path() / "c.rgwdb";
    Database db(file);
    importPaths(db, {options.outputFolder});

    const auto pairs = cohortPairs(db);
    ASSERT_EQ(pairs.size(), summary.patients[0].roiNames.size());
    for (const auto& p : pairs)
        EXPECT_EQ(p.seriesInstanceUid, summary.patients[0].ctSeriesInstanceUid);
    const radiomics::ParameterSet params = radiomics::loadParameterSet("ct-default");

    CohortReport r = extractCohort(file, pairs, params, 2);
    EXPECT_EQ(r.pairs, pairs.size());
    EXPECT_EQ(r.extracted, pairs.size());
    EXPECT_EQ(r.skipped, 0u);
    EXPECT_TRUE(r.failed.empty()) << r.failed.front().reason;
    FeatureRepository repo(db);
    ASSERT_EQ(repo.list().size(), pairs.size());
    for (const auto& e : repo.list()) {
        EXPECT_EQ(e.softwareVersion, RGW_VERSION);
        EXPECT_EQ(e.parameterSetHash, params.hash);
        EXPECT_EQ(e.families, radiomics::availableFamilies());
        EXPECT_GT(e.valueCount, 100);
    }

    r = extractCohort(file, pairs, params, 2);
    EXPECT_EQ(r.extracted, 0u);
    EXPECT_EQ(r.skipped, pairs.size());

    // Another parameter set is another extraction of every pair.
    const radiomics::ParameterSet other = radiomics::loadParameterSet("ibsi-config-C");
    ASSERT_NE(other.hash, params.hash);
    r = extractCohort(file, {pairs.front()}, other, 1);
    EXPECT_EQ(r.extracted, 1u);

    // A lost extraction is redone, alone.
    db.exec("DELETE FROM feature_extractions WHERE id = (SELECT MIN(id) FROM feature_extractions)");
    r = extractCohort(file, pairs, params, 2);
    EXPECT_EQ(r.extracted, 1u);
    EXPECT_EQ(r.skipped, pairs.size() - 1);

    // An edited segmentation: its latest version replaces the old one as a pair.
    const Mask edited = loadSegmentationMask(db, pairs.front().segmentationId);
    const Id v2 = SegmentationRepository(db).addVersion(pairs.front().segmentationId, edited, "t");
    const auto now = cohortPairs(db);
    ASSERT_EQ(now.size(), pairs.size());
    EXPECT_EQ(now.front().segmentationId == v2 || now.back().segmentationId == v2, true);
    r = extractCohort(file, now, params, 2);
    EXPECT_EQ(r.extracted, 1u);
    EXPECT_EQ(r.skipped, pairs.size() - 1);

    // A pair that cannot be extracted is reported with its reason; others go on.
    r = extractCohort(file, {{now.front().seriesInstanceUid, 987654}}, params, 1);
    ASSERT_EQ(r.failed.size(), 1u);
    EXPECT_NE(r.failed[0].reason.find("987654"), std::string::npos) << r.failed[0].reason;

    // Cancelled before starting: nothing is done.
    CancelToken cancel;
    cancel.cancel();
    db.exec("DELETE FROM feature_extractions");
    r = extractCohort(file, now, params, 2, {}, &cancel);
    EXPECT_TRUE(r.cancelled);
    EXPECT_EQ(r.extracted, 0u);
    EXPECT_EQ(countRows(db, "feature_values"), 0);
    EXPECT_EQ(db.integrityCheck(), "ok");
}
