// Saving an editing session: edits become new versions with their parent,
// new ROIs new lineages, all in one transaction; nothing is overwritten.
#include "AuditLog.h"
#include "Database.h"
#include "ImportService.h"
#include "SegmentationRepository.h"
#include "SegmentationSaving.h"
#include "SeriesAccess.h"
#include "TestData.h"
#include "demo/DemoCohort.h"
#include "util/Error.h"

#include <gtest/gtest.h>

namespace fs = std::filesystem;
using namespace rgw;
using namespace rgw::storage;

namespace {

struct Saving : ::testing::Test {
    test::TempDir dir;
    demo::DemoSummary summary;
    std::unique_ptr<Database> db;
    std::string series;

    void SetUp() override {
        demo::DemoOptions options;
        options.outputFolder = dir.path() / "demo";
        options.patients = 1;
        summary = demo::writeCohort(options);
        db = std::make_unique<Database>(dir.path() / "c.rgwdb");
        importPaths(*db, {options.outputFolder});
        series = summary.patients[0].ctSeriesInstanceUid;
    }
    std::int64_t count(const std::string& sql) {
        Statement s(*db, sql);
        EXPECT_TRUE(s.step());
        return s.int64(0);
    }
};

} // namespace

TEST_F(Saving, EditsBecomeVersionsAndNewRoisNewLineages) {
    SegmentationRepository repo(*db);
    const auto stored = repo.listForSeries(series);
    ASSERT_FALSE(stored.empty());
    const SegmentationRow original = stored.front();
    const Mask before = loadSegmentationMask(*db, original.id);

    Mask edited = before;
    std::size_t cleared = 0;
    for (auto& v : edited.voxels)
        if (v && cleared < 50) {
            v = 0;
            ++cleared;
        }
    ASSERT_EQ(cleared, 50u);
    Mask drawn(before.geometry, 0);
    drawn.at(10, 10, 5) = 1;
    drawn.at(11, 10, 5) = 1;

    const auto ids = saveSegmentations(*db, series,
                                       {{original.id, "GTV edited", {0, 128, 255}, &edited},
                                        {std::nullopt, "new lesion", {1, 2, 3}, &drawn}},
                                       "tester");
    ASSERT_EQ(ids.size(), 2u);

    const auto version2 = repo.find(ids[0]);
    ASSERT_TRUE(version2);
    EXPECT_EQ(version2->lineage, original.lineage);
    EXPECT_EQ(version2->version, original.version + 1);
    EXPECT_EQ(version2->parentId, std::optional<Id>(original.id));
    EXPECT_EQ(version2->roiName, "GTV edited");
    EXPECT_EQ(version2->color, (std::array<int, 3>{0, 128, 255}));
    EXPECT_EQ(version2->source, SegmentationSource::Manual);
    EXPECT_EQ(loadSegmentationMask(*db, ids[0]).voxels, edited.voxels);
    // The parent is untouched.
    EXPECT_EQ(loadSegmentationMask(*db, original.id).voxels, before.voxels);
    EXPECT_EQ(repo.find(original.id)->roiName, original.roiName);

    const auto created = repo.find(ids[1]);
    ASSERT_TRUE(created);
    EXPECT_EQ(created->version, 1);
    EXPECT_FALSE(created->parentId);
    EXPECT_EQ(created->referencedSeriesInstanceUid, series);
    EXPECT_EQ(created->roiName, "new lesion");
    EXPECT_EQ(loadSegmentationMask(*db, ids[1]).voxels, drawn.voxels);

    // Who and when are recorded.
    EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE who = 'tester' AND action IN "
                    "('segmentation.edit', 'segmentation.create')"),
              2);
    EXPECT_EQ(db->integrityCheck(), "ok");
}

TEST_F(Saving, BadSegmentsWriteNothing) {
    SegmentationRepository repo(*db);
    const auto stored = repo.listForSeries(series);
    ASSERT_FALSE(stored.empty());
    const std::size_t rows = repo.listAll().size();
    const Mask good = loadSegmentationMask(*db, stored.front().id);
    Geometry other = good.geometry;
    other.size[2] -= 1;
    const Mask offGrid(other, 0);

    // The second segment is off the grid: the first is not written either.
    try {
        saveSegmentations(
            *db, series,
            {{stored.front().id, "a", {1, 1, 1}, &good}, {std::nullopt, "b", {1, 1, 1}, &offGrid}},
            "tester");
        FAIL() << "an off-grid mask was saved";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("'b'"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("grid"), std::string::npos) << e.what();
    }
    EXPECT_THROW(saveSegmentations(*db, series, {{424242, "x", {1, 1, 1}, &good}}, "tester"),
                 Error);
    EXPECT_THROW(saveSegmentations(*db, "1.2.3", {{std::nullopt, "x", {1, 1, 1}, &good}}, "tester"),
                 Error);
    EXPECT_EQ(repo.listAll().size(), rows);
}
