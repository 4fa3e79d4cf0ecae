// The cohort bundle in process (storage/CohortBundle.h) on a two-patient
// demo cohort with images and segmentations only (no genomic study, no
// features, no model): a cancelled export, in its DICOM part or after it,
// leaves neither the folder nor its temporary sibling; the complete bundle
// imports into an empty database (patients, segmentations with their ROI
// names restored, the cohort); a bundle with a file missing or an unlisted
// file is refused naming it before anything is written; a receiver that
// already has the cohort's name is refused. The import is all or nothing: a
// cancel after any of its progress steps, and a bundle whose checksums match
// but whose segmentations.json or (last stage) cohort.json is wrong, leave
// a receiver holding other data with the same row count in every table and
// a sound file (PRAGMA integrity_check). A cohort with a definition, a
// manual exclusion, a split and version 2 arrives with the same version
// and the same flow (started, steps, final, per split).
#include "CohortBundle.h"
#include "Database.h"
#include "ImportService.h"
#include "NamedCohorts.h"
#include "SegmentationRepository.h"
#include "TestData.h"
#include "demo/DemoCohort.h"
#include "radiomics/Sha256.h"
#include "util/Error.h"

#include <algorithm>
#include <fstream>
#include <gtest/gtest.h>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

namespace rgw::storage {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

/// Rows of every table of `db`, by table name.
std::map<std::string, std::int64_t> rowCounts(Database& db) {
    std::vector<std::string> tables;
    {
        Statement& s =
            db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
        while (s.step())
            tables.push_back(s.text(0));
        s.reset();
    }
    std::map<std::string, std::int64_t> counts;
    for (const std::string& table : tables) {
        Statement& s = db.prepare("SELECT COUNT(*) FROM \"" + table + "\"");
        EXPECT_TRUE(s.step());
        counts[table] = s.int64(0);
        s.reset();
    }
    return counts;
}

std::string readText(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

/// Replaces a bundle file and its size and SHA-256 in bundle.json: a bundle
/// that passes verification but whose content is wrong (a writer's bug).
void rewriteListedFile(const fs::path& bundle, const std::string& rel, const std::string& text) {
    std::ofstream(bundle / rel, std::ios::binary) << text;
    json manifest = json::parse(readText(bundle / "bundle.json"));
    for (json& f : manifest.at("files"))
        if (f.at("path") == rel) {
            f["bytes"] = text.size();
            f["sha256"] = radiomics::sha256Hex(text);
        }
    std::ofstream(bundle / "bundle.json", std::ios::binary) << manifest.dump(2) << "\n";
}

struct Bundle : ::testing::Test {
    test::TempDir dir;
    fs::path file;
    CohortRow cohort;

    void SetUp() override {
        demo::DemoOptions options;
        options.outputFolder = dir.path() / "demo";
        options.patients = 2;
        demo::writeCohort(options);
        file = dir.path() / "c.rgwdb";
        Database db(file);
        importPaths(db, {options.outputFolder});
        cohort = NamedCohortRepository(db).create("share", "", "", 2, {"DEMO-001", "DEMO-002"},
                                                  "tester");
    }
    std::vector<std::string> entries() const {
        std::vector<std::string> names;
        for (const auto& e : fs::directory_iterator(dir.path()))
            names.push_back(e.path().filename().string());
        std::sort(names.begin(), names.end());
        return names;
    }
    std::string expectRefused(const fs::path& bundle, const std::string& name) {
        Database receiver(dir.path() / (name + ".rgwdb"));
        try {
            importCohortBundle(receiver, bundle);
            ADD_FAILURE() << "the bundle was imported";
            return {};
        } catch (const Error& e) {
            Statement& s = receiver.prepare("SELECT COUNT(*) FROM patients");
            EXPECT_TRUE(s.step());
            EXPECT_EQ(s.int64(0), 0);
            s.reset();
            return e.what();
        }
    }
};

TEST_F(Bundle, CancelLeavesNothing) {
    Database db(file);
    const auto before = entries();
    for (const std::string stopAt : {"dicom", "feature tables", "cohort"}) {
        CancelToken cancel;
        CohortBundleOptions options;
        options.outDir = dir.path() / "out";
        std::size_t calls = 0;
        const auto report = exportCohortBundle(
            db, cohort, options,
            [&](std::size_t, std::size_t, const std::string& what) {
                ++calls;
                if ((stopAt == "dicom" && calls == 5) || what == stopAt)
                    cancel.cancel();
            },
            &cancel);
        EXPECT_TRUE(report.cancelled) << stopAt;
        EXPECT_EQ(entries(), before) << stopAt; // no out, no .out.partial-*
    }
}

TEST_F(Bundle, ImportsIntoAnEmptyDatabaseAndRefusesDamage) {
    const fs::path bundle = dir.path() / "bundle";
    {
        Database db(file);
        CohortBundleOptions options;
        options.outDir = bundle;
        options.seed = 5;
        const auto report = exportCohortBundle(db, cohort, options);
        EXPECT_FALSE(report.cancelled);
        EXPECT_EQ(report.patients, 2u);
        EXPECT_EQ(report.models, 0u);
        EXPECT_EQ(report.extractions, 0u);
    }
    EXPECT_NO_THROW(verifyCohortBundle(bundle));

    // An unlisted file, then a missing one: refused, naming them.
    const fs::path extra = bundle / "features-notes.txt";
    std::ofstream(extra) << "added after the export\n";
    EXPECT_NE(expectRefused(bundle, "extra").find(extra.string()), std::string::npos);
    fs::remove(extra);
    const fs::path cohortFile = bundle / "cohort.json";
    const fs::path moved = dir.path() / "cohort.json";
    fs::rename(cohortFile, moved);
    EXPECT_NE(expectRefused(bundle, "missing").find(cohortFile.string()), std::string::npos);
    fs::rename(moved, cohortFile);

    Database source(file);
    Database receiver(dir.path() / "receiver.rgwdb");
    const auto report = importCohortBundle(receiver, bundle);
    EXPECT_EQ(report.cohort, "share@1");
    EXPECT_EQ(report.patients, 2u);
    std::multiset<std::string> sourceRois, receivedRois;
    for (const auto& s : SegmentationRepository(source).listAll())
        sourceRois.insert(s.roiName);
    for (const auto& s : SegmentationRepository(receiver).listAll())
        receivedRois.insert(s.roiName);
    EXPECT_FALSE(sourceRois.empty());
    EXPECT_EQ(receivedRois, sourceRois); // names restored where the profile emptied them
    NamedCohortRepository cohorts(receiver);
    const CohortRow imported = cohorts.require("share");
    EXPECT_EQ(imported.included, 2u);
    for (const std::string& id : cohorts.includedPatients(imported.id))
        EXPECT_EQ(id.rfind("RGW-", 0), 0u) << id;

    // Again into the same receiver: the cohort's name is taken.
    EXPECT_THROW(importCohortBundle(receiver, bundle), Error);
}

TEST_F(Bundle, ImportIsAllOrNothing) {
    const fs::path bundle = dir.path() / "bundle";
    {
        Database db(file);
        CohortBundleOptions options;
        options.outDir = bundle;
        options.seed = 9;
        exportCohortBundle(db, cohort, options);
    }
    // The receiver already holds the source's own patients (other data).
    const fs::path receiverFile = dir.path() / "receiver.rgwdb";
    {
        Database receiver(receiverFile);
        importPaths(receiver, {dir.path() / "demo"});
    }
    Database receiver(receiverFile);
    const auto before = rowCounts(receiver);
    ASSERT_GT(before.at("patients"), 0);

    // How many progress steps a whole import reports (counted on a copy).
    std::size_t steps = 0;
    {
        fs::copy_file(receiverFile, dir.path() / "count.rgwdb");
        Database counting(dir.path() / "count.rgwdb");
        importCohortBundle(counting, bundle,
                           [&](std::size_t, std::size_t, const std::string&) { ++steps; });
    }
    ASSERT_GT(steps, 3u);
    // A cancel after each step but the last ("done", after the commit).
    for (std::size_t stopAt = 1; stopAt < steps; ++stopAt) {
        CancelToken cancel;
        std::size_t calls = 0;
        const auto report = importCohortBundle(
            receiver, bundle,
            [&](std::size_t, std::size_t, const std::string&) {
                if (++calls == stopAt)
                    cancel.cancel();
            },
            &cancel);
        EXPECT_TRUE(report.cancelled) << "cancel at step " << stopAt;
        EXPECT_EQ(rowCounts(receiver), before) << "cancel at step " << stopAt;
        EXPECT_FALSE(receiver.inTransaction());
    }

    // Wrong content behind matching checksums: a segmentation whose mask
    // matches nothing (middle stage), an unknown member (the last stage).
    const std::string segmentations = readText(bundle / "segmentations.json");
    json badSegmentations = json::parse(segmentations);
    badSegmentations["segmentations"][0]["mask_sha256"] = std::string(64, '0');
    rewriteListedFile(bundle, "segmentations.json", badSegmentations.dump(2));
    EXPECT_THROW(importCohortBundle(receiver, bundle), Error);
    EXPECT_EQ(rowCounts(receiver), before);
    rewriteListedFile(bundle, "segmentations.json", segmentations);

    const std::string cohortText = readText(bundle / "cohort.json");
    json badCohort = json::parse(cohortText);
    badCohort["included"].push_back({{"patient_id", "RGW-NOT-IN-BUNDLE"}, {"split", ""}});
    badCohort["candidates"] = 3; // well-formed: the failure comes from the cohort's creation
    rewriteListedFile(bundle, "cohort.json", badCohort.dump(2));
    try {
        importCohortBundle(receiver, bundle);
        ADD_FAILURE() << "imported a cohort naming an unknown patient";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("RGW-NOT-IN-BUNDLE"), std::string::npos) << e.what();
    }
    EXPECT_EQ(rowCounts(receiver), before);
    EXPECT_EQ(receiver.integrityCheck(), "ok");

    // The sound bundle still imports.
    rewriteListedFile(bundle, "cohort.json", cohortText);
    EXPECT_EQ(importCohortBundle(receiver, bundle).cohort, "share@1");
    EXPECT_GT(rowCounts(receiver).at("segmentations"), before.at("segmentations"));
    EXPECT_EQ(receiver.integrityCheck(), "ok");
}

TEST_F(Bundle, CarriesVersionExclusionsAndFlow) {
    CohortRow trial;
    {
        Database db(file);
        NamedCohortRepository cohorts(db);
        cohorts.create("trial", "", "", 2, {"DEMO-001", "DEMO-002"}, "tester");
        // Version 2: 2 of 5 candidates met the definition; one excluded.
        trial = cohorts.create("trial", "sex = F", "", 5, {"DEMO-001", "DEMO-002"}, "tester");
        cohorts.exclude(trial.id, "DEMO-002", "motion artefact", "tester");
        CohortSplitRecord record;
        record.method = "imported";
        cohorts.storeSplit(trial.id, record, {{"DEMO-001", cohort::SplitRole::Train}}, "tester");
        trial = cohorts.require("trial@2");
    }
    const fs::path bundle = dir.path() / "trial-bundle";
    CohortFlow sent;
    {
        Database db(file);
        CohortBundleOptions options;
        options.outDir = bundle;
        options.seed = 3;
        exportCohortBundle(db, trial, options);
        sent = NamedCohortRepository(db).flow(trial.id);
    }
    ASSERT_EQ(sent.steps.size(), 2u);
    Database receiver(dir.path() / "trial-receiver.rgwdb");
    const auto report = importCohortBundle(receiver, bundle);
    EXPECT_EQ(report.cohort, "trial@2");
    NamedCohortRepository cohorts(receiver);
    const CohortRow got = cohorts.require("trial@2");
    const CohortFlow received = cohorts.flow(got.id);
    EXPECT_EQ(received.started, sent.started);
    EXPECT_EQ(received.final, sent.final);
    EXPECT_EQ(received.perSplit, sent.perSplit);
    ASSERT_EQ(received.steps.size(), sent.steps.size());
    for (std::size_t i = 0; i < sent.steps.size(); ++i) {
        EXPECT_EQ(received.steps[i].reason, sent.steps[i].reason);
        EXPECT_EQ(received.steps[i].excluded, sent.steps[i].excluded);
    }
    EXPECT_EQ(received.started, 5u);
    EXPECT_EQ(received.final, 1u);
    EXPECT_EQ(received.steps[1].reason, "motion artefact");
    // The excluded member is named by pseudonym only, without data.
    std::size_t excluded = 0;
    for (const CohortMember& m : cohorts.members(got.id)) {
        EXPECT_EQ(m.patientId.rfind("RGW-", 0), 0u) << m.patientId;
        if (m.excluded) {
            ++excluded;
            EXPECT_EQ(m.reason, "motion artefact");
        }
    }
    EXPECT_EQ(excluded, 1u);
    EXPECT_EQ(readText(bundle / "cohort.json").find("DEMO-"), std::string::npos);
}

} // namespace
} // namespace rgw::storage
