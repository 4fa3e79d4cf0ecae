// The cohort bundle in process (storage/CohortBundle.h) on a two-patient
// demo cohort with images and segmentations only (no genomic study, no
// features, no model): a cancelled export, in its DICOM part or after it,
// leaves neither the folder nor its temporary sibling; the complete bundle
// imports into an empty database (patients, segmentations with their ROI
// names restored, the cohort); a bundle with a file missing or an unlisted
// file is refused naming it before anything is written; a receiver that
// already has the cohort's name is refused.
#include "CohortBundle.h"
#include "Database.h"
#include "ImportService.h"
#include "NamedCohorts.h"
#include "SegmentationRepository.h"
#include "TestData.h"
#include "demo/DemoCohort.h"
#include "util/Error.h"

#include <algorithm>
#include <fstream>
#include <gtest/gtest.h>
#include <set>

namespace rgw::storage {
namespace {

namespace fs = std::filesystem;

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

} // namespace
} // namespace rgw::storage
