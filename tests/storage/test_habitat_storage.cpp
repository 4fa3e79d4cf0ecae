// Habitats and peritumoural rings stored as segmentations derived from the
// ROI they were computed in (storage/DerivedSegmentations.h, schema v7): saved
// with their parent and tool in one transaction, listed, read back identical,
// nothing written when one fails; a v6 file migrates keeping its rows.
#include "AuditLog.h"
#include "CohortRepositories.h"
#include "Database.h"
#include "DerivedSegmentations.h"
#include "ImportService.h"
#include "Migrations.h"
#include "SegmentationRepository.h"
#include "SeriesAccess.h"
#include "TestData.h"
#include "demo/DemoCohort.h"
#include "segmentation/Habitats.h"
#include "segmentation/PeritumouralRing.h"
#include "util/Error.h"

#include <gtest/gtest.h>

namespace fs = std::filesystem;
using namespace rgw;
using namespace rgw::storage;

namespace {

std::int64_t count(Database& db, const std::string& sql) {
    Statement s(db, sql);
    EXPECT_TRUE(s.step());
    return s.int64(0);
}

/// A one-patient demo cohort imported into `file` (migrated to `version`
/// only, when given): its CT and the RTSTRUCT ROI on it.
struct DemoCase {
    test::TempDir dir;
    demo::DemoSummary summary;
    std::string series;
    fs::path file;

    explicit DemoCase(int version = 0) {
        demo::DemoOptions options;
        options.outputFolder = dir.path() / "demo";
        options.patients = 1;
        summary = demo::writeCohort(options);
        file = dir.path() / "c.rgwdb";
        series = summary.patients[0].ctSeriesInstanceUid;
        if (version > 0) {
            Database db(file, OpenOptions{.migrate = false});
            applyMigrations(db, std::span<const Migration>(migrations().data(),
                                                           static_cast<std::size_t>(version)));
            importPaths(db, {options.outputFolder});
        } else {
            Database db(file);
            importPaths(db, {options.outputFolder});
        }
    }
};

segmentation::HabitatResult habitatsOf(Database& db, Id roiId, const std::string& series) {
    const Mask roi = loadSegmentationMask(db, roiId);
    const Volume ct = loadSeriesVolume(db, series).volume;
    segmentation::HabitatOptions o;
    o.k = 3;
    o.seed = 7;
    return segmentation::computeHabitats(roi, {{series, &ct}}, o);
}

} // namespace

TEST(HabitatStorage, HabitatsAreSavedWithTheirParentListedAndReadBackIdentical) {
    DemoCase demo;
    Database db(demo.file);
    SegmentationRepository repo(db);
    const auto stored = repo.listForSeries(demo.series);
    ASSERT_FALSE(stored.empty());
    const SegmentationRow roi = stored.front();
    const auto before = repo.listAll().size();
    const auto result = habitatsOf(db, roi.id, demo.series);
    ASSERT_EQ(result.habitats.size(), 3u);

    const SavedDerivation saved = saveHabitats(db, roi.id, result, "tester");
    ASSERT_EQ(saved.segmentationIds.size(), 3u);
    EXPECT_EQ(repo.listAll().size(), before + 3);
    double fractions = 0;
    for (std::size_t h = 0; h < 3; ++h) {
        const Id id = saved.segmentationIds[h];
        const auto row = repo.find(id);
        ASSERT_TRUE(row);
        // A segmentation like any other on the ROI's series and patient...
        EXPECT_EQ(row->referencedSeriesInstanceUid, roi.referencedSeriesInstanceUid);
        EXPECT_EQ(row->patientRowId, roi.patientRowId);
        EXPECT_EQ(row->version, 1);
        EXPECT_EQ(row->lineage, id);
        EXPECT_TRUE(row->hasMask);
        EXPECT_EQ(row->roiName, roi.roiName + " habitat " + std::to_string(h + 1) + "/3");
        EXPECT_EQ(loadSegmentationMask(db, id).voxels, result.habitats[h].mask.voxels);
        // ... derived from the ROI by the habitat tool.
        const auto derivation = findDerivation(db, id);
        ASSERT_TRUE(derivation);
        EXPECT_EQ(derivation->run.parentId, roi.id);
        EXPECT_EQ(derivation->run.id, saved.runId);
        EXPECT_EQ(derivation->run.tool, DerivationTool::Habitat);
        EXPECT_EQ(derivation->run.createdBy, "tester");
        EXPECT_EQ(derivation->label, static_cast<int>(h + 1));
        ASSERT_TRUE(derivation->fraction);
        EXPECT_EQ(*derivation->fraction, result.habitats[h].fraction);
        fractions += *derivation->fraction;
        EXPECT_NE(derivation->run.parameters.find("\"method\":\"kmeans\""), std::string::npos);
        EXPECT_NE(derivation->run.parameters.find("\"seed\":\"7\""), std::string::npos);
    }
    EXPECT_NEAR(fractions, 1.0, 1e-12);
    EXPECT_FALSE(findDerivation(db, roi.id));
    const auto listed = listDerived(db, roi.id);
    ASSERT_EQ(listed.size(), 3u);
    EXPECT_EQ(listed[2].segmentation.id, saved.segmentationIds[2]);
    EXPECT_EQ(listRun(db, saved.runId).size(), 3u);
    // The ROI itself is untouched and still its lineage's latest version.
    EXPECT_EQ(repo.versions(roi.lineage).size(), 1u);
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM audit_log WHERE action = 'segmentation.derive'"), 3);

    // A ring beside them.
    const Mask tumour = loadSegmentationMask(db, roi.id);
    segmentation::RingOptions ro;
    ro.widthMm = 5;
    const Mask ring = segmentation::peritumouralRing(tumour, ro);
    const Id ringId = saveRing(db, roi.id, ring, ro, {}, "tester");
    EXPECT_EQ(loadSegmentationMask(db, ringId).voxels, ring.voxels);
    const auto ringRow = findDerivation(db, ringId);
    ASSERT_TRUE(ringRow);
    EXPECT_EQ(ringRow->run.tool, DerivationTool::PeritumouralRing);
    EXPECT_EQ(ringRow->segmentation.roiName, roi.roiName + " ring 0-5 mm");
    EXPECT_FALSE(ringRow->fraction);
    EXPECT_NE(ringRow->run.parameters.find("\"width_mm\":5"), std::string::npos);
    EXPECT_EQ(listDerived(db, roi.id).size(), 4u);
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM pragma_foreign_key_check"), 0);
    EXPECT_EQ(db.integrityCheck(), "ok");
}

TEST(HabitatStorage, AFailureMidwayLeavesNothing) {
    DemoCase demo;
    Database db(demo.file);
    SegmentationRepository repo(db);
    const SegmentationRow roi = repo.listForSeries(demo.series).front();
    const auto result = habitatsOf(db, roi.id, demo.series);
    const auto segmentationsBefore = count(db, "SELECT COUNT(*) FROM segmentations");
    const auto auditBefore = count(db, "SELECT COUNT(*) FROM audit_log");

    Mask offGrid = result.habitats[2].mask;
    offGrid.geometry.spacing[0] *= 2;
    Mask outside = Mask(result.habitats[0].mask.geometry, 0);
    const Mask parent = loadSegmentationMask(db, roi.id);
    for (std::size_t v = 0; v < parent.voxels.size(); ++v)
        if (!parent.voxels[v]) {
            outside.voxels[v] = 1;
            break;
        }
    const std::vector<std::vector<DerivedRegion>> failing{
        // The third region is on another grid: two are written before it fails.
        {{"h1", {1, 2, 3}, &result.habitats[0].mask, 1, 0.2},
         {"h2", {1, 2, 3}, &result.habitats[1].mask, 2, 0.3},
         {"h3", {1, 2, 3}, &offGrid, 3, 0.5}},
        // A label used twice.
        {{"h1", {1, 2, 3}, &result.habitats[0].mask, 1, 0.5},
         {"h1 again", {1, 2, 3}, &result.habitats[1].mask, 1, 0.5}},
        // A habitat reaching outside its ROI.
        {{"h1", {1, 2, 3}, &result.habitats[0].mask, 1, 0.5}, {"out", {1, 2, 3}, &outside, 2, 0.5}},
        // No mask.
        {{"h1", {1, 2, 3}, &result.habitats[0].mask, 1, 0.5}, {"none", {1, 2, 3}, nullptr, 2, 0.5}},
    };
    for (const auto& regions : failing)
        EXPECT_THROW(
            saveDerivedSegmentations(db, roi.id, DerivationTool::Habitat, "{}", regions, "tester"),
            Error);
    // A ring overlapping its tumour, and an unknown parent.
    EXPECT_THROW(saveRing(db, roi.id, parent, {}, {}, "tester"), Error);
    EXPECT_THROW(saveHabitats(db, 99999, result, "tester"), Error);

    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM segmentations"), segmentationsBefore);
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM derivation_runs"), 0);
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM segmentation_derivations"), 0);
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM audit_log"), auditBefore);
    EXPECT_TRUE(listDerived(db, roi.id).empty());
}

TEST(HabitatStorage, AVersion6FileMigratesKeepingItsRowsAndTakesHabitats) {
    DemoCase demo(6);
    std::vector<SegmentationRow> rowsBefore;
    std::int64_t patients = 0, instances = 0;
    {
        Database db(demo.file, OpenOptions{.migrate = false});
        ASSERT_EQ(db.schemaVersion(), 6);
        rowsBefore = SegmentationRepository(db).listAll();
        patients = count(db, "SELECT COUNT(*) FROM patients");
        instances = count(db, "SELECT COUNT(*) FROM instances");
        EXPECT_EQ(count(db, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'derivation_runs'"),
                  0);
    }
    ASSERT_FALSE(rowsBefore.empty());
    Database db(demo.file);
    EXPECT_EQ(db.schemaVersion(), 9); // v9 (robustness) is the latest
    const auto rowsAfter = SegmentationRepository(db).listAll();
    ASSERT_EQ(rowsAfter.size(), rowsBefore.size());
    for (std::size_t r = 0; r < rowsAfter.size(); ++r) {
        EXPECT_EQ(rowsAfter[r].id, rowsBefore[r].id);
        EXPECT_EQ(rowsAfter[r].roiName, rowsBefore[r].roiName);
        EXPECT_EQ(rowsAfter[r].createdAt, rowsBefore[r].createdAt);
    }
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM patients"), patients);
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM instances"), instances);

    const SegmentationRow roi = rowsAfter.front();
    const auto saved =
        saveHabitats(db, roi.id, habitatsOf(db, roi.id, roi.referencedSeriesInstanceUid), "tester");
    EXPECT_EQ(listDerived(db, roi.id).size(), saved.segmentationIds.size());
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM pragma_foreign_key_check"), 0);
    EXPECT_EQ(db.integrityCheck(), "ok");
}
