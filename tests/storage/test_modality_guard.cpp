// Issue #11 guard rails in storage: the cohort extraction skips and lists the
// pairs whose modality the parameter set is not declared for, a forced
// mismatch is recorded in the provenance, every stored extraction has the
// same feature rows (missing values as NULL with their reason), the OS user
// is recorded, schema v2 files migrate keeping their values, and an import
// of nothing DICOM is recognised.
#include "AuditLog.h"
#include "CohortRepositories.h"
#include "Database.h"
#include "ErrorMessage.h"
#include "ExtractionService.h"
#include "FeatureRepository.h"
#include "ImportService.h"
#include "Migrations.h"
#include "TestData.h"
#include "radiomics/FeatureCatalogue.h"
#include "radiomics/ModalityGuard.h"
#include "radiomics/ParameterSet.h"

#include <cstdlib>
#include <fstream>
#include <gtest/gtest.h>
#include <map>
#include <set>

#ifndef _WIN32
#include <pwd.h>
#include <unistd.h>
#endif

namespace fs = std::filesystem;
using namespace rgw;
using namespace rgw::storage;

namespace {

std::int64_t scalar(Database& db, const std::string& sql) {
    Statement s(db, sql);
    EXPECT_TRUE(s.step()) << sql;
    return s.int64(0);
}

/// STS_001 (CT, PET, MR, one RTSTRUCT ROI each) imported into a fresh database.
class ModalityGuardSts : public ::testing::Test {
protected:
    void SetUp() override {
        RGW_REQUIRE_TEST_DATA();
        file_ = dir_.path() / "sts.rgwdb";
        Database db(file_);
        importPaths(db, {test::ibsiDataSets() / "ibsi_validation" / "dicom" / "STS_001"});
        for (const auto& series : SeriesRepository(db).listAll())
            modality_[series.seriesInstanceUid] = series.modality;
        pairs_ = cohortPairs(db);
    }
    test::TempDir dir_;
    fs::path file_;
    std::map<std::string, std::string> modality_;
    std::vector<CohortPair> pairs_;
};

} // namespace

TEST_F(ModalityGuardSts, CohortSkipsAndListsPairsOfOtherModalities) {
    ASSERT_EQ(pairs_.size(), 3u) << "STS_001 has a CT, a PET and an MR pair";
    const auto ct = radiomics::loadParameterSet("ct-default");
    const CohortReport r = extractCohort(file_, pairs_, ct, 2);
    EXPECT_EQ(r.extracted, 1u);
    EXPECT_TRUE(r.failed.empty());
    ASSERT_EQ(r.skippedForModality.size(), 2u);
    std::set<std::string> skipped;
    for (const auto& s : r.skippedForModality) {
        skipped.insert(s.modality);
        EXPECT_EQ(s.modality, modality_[s.pair.seriesInstanceUid]);
        EXPECT_NE(s.reason.find("ct-default is valid for CT only"), std::string::npos) << s.reason;
    }
    EXPECT_EQ(skipped, (std::set<std::string>{"MR", "PT"}));

    Database db(file_);
    const auto rows = FeatureRepository(db).list();
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].imageModality, "CT");
    EXPECT_FALSE(rows[0].modalityMismatchAllowed);
    EXPECT_EQ(rows[0].createdBy, currentUserName());
    EXPECT_NE(rows[0].createdBy, "unknown");

    // One run per modality, each with its own parameter set.
    CohortOptions pet;
    pet.modality = "PT";
    const CohortReport p =
        extractCohort(file_, pairs_, radiomics::loadParameterSet("pet-default"), 1, {}, {}, pet);
    EXPECT_EQ(p.extracted, 1u);
    EXPECT_EQ(p.skippedForModality.size(), 2u);
    for (const auto& s : p.skippedForModality)
        EXPECT_NE(s.reason.find("this run extracts PT"), std::string::npos) << s.reason;
}

TEST_F(ModalityGuardSts, ForcedMismatchIsRecordedInTheProvenance) {
    const auto ct = radiomics::loadParameterSet("ct-default");
    CohortOptions force;
    force.modality = "PT";
    force.allowModalityMismatch = true;
    const CohortReport r = extractCohort(file_, pairs_, ct, 1, {}, {}, force);
    ASSERT_EQ(r.extracted, 1u);
    Database db(file_);
    const auto rows = FeatureRepository(db).list();
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].imageModality, "PT");
    EXPECT_TRUE(rows[0].modalityMismatchAllowed);
    const auto audit = AuditLog(db).list(1);
    ASSERT_EQ(audit.size(), 1u);
    EXPECT_NE(audit[0].detail.find("modality mismatch allowed (image PT)"), std::string::npos)
        << audit[0].detail;

    // The single-series guard used by the GUI: refused, or allowed and recorded.
    std::string petUid;
    for (const auto& [uid, m] : modality_)
        if (m == "PT")
            petUid = uid;
    EXPECT_THROW(checkSeriesModality(db, petUid, ct, false), radiomics::ModalityMismatch);
    const ModalityUse use = checkSeriesModality(db, petUid, ct, true);
    EXPECT_EQ(use.imageModality, "PT");
    EXPECT_TRUE(use.mismatchAllowed);
    EXPECT_FALSE(checkSeriesModality(db, petUid, radiomics::loadParameterSet("pet-default"), false)
                     .mismatchAllowed);
}

// A PyRadiomics-compatible set is refused for the database's images (its
// pipeline reads files in their stored pixel type): by the cohort run, the
// GUI's single-series guard and the store itself, and nothing is stored.
TEST_F(ModalityGuardSts, PyRadiomicsSetIsRefusedForTheDatabase) {
    const auto py = radiomics::loadParameterSet("pyradiomics-default");
    ASSERT_TRUE(py.pyradiomics);
    const std::string message = rgw::test::errorOf([&] { extractCohort(file_, pairs_, py, 1); });
    EXPECT_NE(message.find("PyRadiomics-compatible"), std::string::npos) << message;
    Database db(file_);
    EXPECT_THROW(checkSeriesModality(db, modality_.begin()->first, py, true), Error);
    EXPECT_THROW(storeFeatures(db, modality_.begin()->first, std::nullopt, "whole image", py,
                               radiomics::FeatureTable{}, ModalityUse{}, "tester"),
                 Error);
    EXPECT_EQ(scalar(db, "SELECT COUNT(*) FROM feature_extractions"), 0);
}

TEST_F(ModalityGuardSts, EveryStoredExtractionHasTheSameRows) {
    // CT, PET and MR ROIs with one parameter set valid for any modality: the
    // same rows for each, missing values as NULL with a reason, never 0.
    const auto any = radiomics::parseParameterSet(
        "modalities: any\ninterpolation:\n  enabled: false\ndiscretisation:\n"
        "  method: fixed_bin_number\n  bin_count: 16\nivh:\n  mode: bin_numbers\n  bin_count: 16\n",
        "any.yaml");
    const CohortReport r = extractCohort(file_, pairs_, any, 2);
    ASSERT_EQ(r.extracted, 3u) << (r.failed.empty() ? "" : r.failed.front().reason);
    Database db(file_);
    const std::size_t catalogue = radiomics::featureCatalogue(any.settings).size();
    std::vector<std::vector<std::string>> rowsPerExtraction;
    for (const auto& e : FeatureRepository(db).list()) {
        EXPECT_EQ(static_cast<std::size_t>(e.valueCount), catalogue);
        std::vector<std::string> keys;
        for (const auto& v : FeatureRepository(db).values(e.id).values)
            keys.push_back(v.family + "|" + v.name + "|" + v.aggregation);
        rowsPerExtraction.push_back(keys);
    }
    ASSERT_EQ(rowsPerExtraction.size(), 3u);
    EXPECT_EQ(rowsPerExtraction[0], rowsPerExtraction[1]);
    EXPECT_EQ(rowsPerExtraction[0], rowsPerExtraction[2]);
    EXPECT_EQ(scalar(db, "SELECT COUNT(*) FROM feature_values WHERE value IS NULL AND "
                         "missing_reason = ''"),
              0);
    EXPECT_EQ(scalar(db, "SELECT COUNT(*) FROM feature_values WHERE value IS NOT NULL AND "
                         "missing_reason <> ''"),
              0);
    // Units are stored with the values: MR is in arbitrary units, PET in SUV.
    EXPECT_EQ(scalar(db, "SELECT COUNT(*) FROM feature_values v JOIN feature_extractions e ON "
                         "e.id = v.extraction_id WHERE e.image_modality = 'PT' AND v.feature = "
                         "'Mean intensity' AND v.unit = 'SUV'"),
              1);
    EXPECT_EQ(scalar(db, "SELECT COUNT(*) FROM feature_values WHERE feature = 'Volume (mesh)' "
                         "AND unit = 'mm\u00b3'"),
              3);
}

TEST(ModalityGuard, StoresMissingValuesAsNullWithTheirReason) {
    test::TempDir dir;
    Database db(dir.path() / "m.rgwdb");
    radiomics::FeatureTable table;
    table.values.push_back({"morphology", "Volume (mesh)", "RNU0", "", 12.5, "mm\u00b3", ""});
    table.values.push_back(
        {"glcm", "Joint maximum", "GYBY", "3D, merged", std::nan(""), "", "no texture matrix"});
    NewFeatureExtraction e;
    e.seriesInstanceUid = "1.2.3";
    e.maskDescription = "file.nii.gz";
    e.parameterSetHash = "h";
    e.parameterSetCanonicalText = "modalities: any\n";
    e.table = &table;
    e.imageModality = "";
    FeatureRepository repo(db);
    const Id id = repo.store(e, "tester");
    EXPECT_EQ(scalar(db, "SELECT COUNT(*) FROM feature_values WHERE value IS NULL"), 1);
    const auto back = repo.values(id);
    ASSERT_EQ(back.values.size(), 2u);
    EXPECT_EQ(back.values[0].unit, "mm\u00b3");
    EXPECT_EQ(back.values[0].value, 12.5);
    EXPECT_TRUE(back.values[1].missing());
    EXPECT_TRUE(std::isnan(back.values[1].value));
    EXPECT_EQ(back.values[1].missingReason, "no texture matrix");
}

TEST(ModalityGuard, Version2FilesMigrateKeepingTheirValues) {
    test::TempDir dir;
    const fs::path file = dir.path() / "v2.rgwdb";
    {
        OpenOptions manual;
        manual.migrate = false;
        Database db(file, manual);
        applyMigrations(db, std::span<const Migration>(migrations().data(), 2));
        db.exec("INSERT INTO parameter_sets (hash, canonical_text) VALUES ('h', 'x')");
        db.exec("INSERT INTO feature_extractions (series_uid, mask_description, "
                "parameter_set_id, software_version, families) VALUES ('1.2', 'm', 1, '0.1', "
                "'morphology')");
        db.exec("INSERT INTO feature_values (extraction_id, family, feature, value) VALUES "
                "(1, 'morphology', 'Volume (mesh)', 42.0)");
    }
    Database db(file);
    EXPECT_EQ(db.schemaVersion(), latestSchemaVersion());
    const auto row = FeatureRepository(db).findById(1);
    ASSERT_TRUE(row);
    EXPECT_EQ(row->imageModality, "");
    EXPECT_FALSE(row->modalityMismatchAllowed);
    const auto values = FeatureRepository(db).values(1);
    ASSERT_EQ(values.values.size(), 1u);
    EXPECT_EQ(values.values[0].value, 42.0);
    EXPECT_FALSE(values.values[0].missing());
    EXPECT_EQ(db.integrityCheck(), "ok");
}

#ifndef _WIN32
// The provenance names the user even when the environment does not (a GUI
// started from a launcher): "by unknown" was the issue.
TEST(ModalityGuard, UserNameComesFromTheSystemWithoutEnvironment) {
    std::map<std::string, std::string> saved;
    for (const char* v : {"USER", "USERNAME", "LOGNAME"}) {
        if (const char* value = std::getenv(v))
            saved[v] = value;
        unsetenv(v);
    }
    const std::string name = currentUserName();
    for (const auto& [k, v] : saved)
        setenv(k.c_str(), v.c_str(), 1);
    const passwd* pw = getpwuid(geteuid());
    ASSERT_NE(pw, nullptr);
    EXPECT_EQ(name, pw->pw_name);
    EXPECT_NE(name, "unknown");
}
#endif

TEST(ModalityGuard, ImportOfNothingDicomIsRecognised) {
    test::TempDir dir;
    const fs::path folder = dir.path() / "notes";
    fs::create_directories(folder);
    std::ofstream(folder / "readme.txt") << "not an image\n";
    std::ofstream(folder / "photo.jpg") << "\xff\xd8\xff\xe0 not DICOM either";
    Database db(dir.path() / "i.rgwdb");
    const ImportReport report = importPaths(db, {folder});
    EXPECT_EQ(report.filesScanned, 2u);
    EXPECT_EQ(report.instancesAdded, 0u);
    EXPECT_TRUE(foundNoDicom(report));
    const fs::path empty = dir.path() / "empty";
    fs::create_directories(empty);
    EXPECT_TRUE(foundNoDicom(importPaths(db, {empty})));
    ImportReport some = report;
    some.instancesAdded = 1;
    EXPECT_FALSE(foundNoDicom(some));
    ImportReport duplicates = report;
    duplicates.duplicates = 3;
    EXPECT_FALSE(foundNoDicom(duplicates)) << "a re-import found DICOM, already stored";
    ImportReport broken = report;
    broken.skipped.push_back({"x.dcm", "truncated"});
    EXPECT_FALSE(foundNoDicom(broken)) << "a broken DICOM file is DICOM";
}
