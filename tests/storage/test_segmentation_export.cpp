// Segmentation export from the database: masks stored on an imported
// synthetic oblique CT series are exported as DICOM SEG and RTSTRUCT, the
// exported files are imported again with the ordinary import, and the new
// rows must reference the CT series and give back the masks (SEG identical,
// RTSTRUCT Dice >= 0.98) with their names and colours.
#include "../core/DicomSynth.h"
#include "CohortRepositories.h"
#include "ImportService.h"
#include "SegmentationExport.h"
#include "SegmentationRepository.h"
#include "SeriesAccess.h"
#include "TestData.h"
#include "io/nifti/Nifti.h"
#include "util/Error.h"

#include <Eigen/Geometry>
#include <algorithm>
#include <gtest/gtest.h>

using namespace rgw::storage;
namespace fs = std::filesystem;
using rgw::Geometry;
using rgw::Mask;

namespace {

Geometry ctGrid() {
    Geometry g;
    g.size = {13, 11, 7}; // 143 pixels per frame: SEG frames do not start on byte boundaries
    g.spacing = {0.8, 1.2, 2.0};
    g.origin = {-5.0, 3.0, 10.0};
    g.direction =
        Eigen::AngleAxisd(0.3, Eigen::Vector3d(0.1, 0.3, 1.0).normalized()).toRotationMatrix();
    return g;
}

std::string writeCt(const fs::path& folder, const Geometry& g) {
    const std::string studyUid = rgw::test::newUid(), seriesUid = rgw::test::newUid();
    for (std::int64_t k = 0; k < g.size[2]; ++k) {
        rgw::test::SliceSpec s;
        s.studyUid = studyUid;
        s.seriesUid = seriesUid;
        s.instanceNumber = static_cast<int>(k + 1);
        rgw::test::placeOnGrid(s, g, k);
        s.words.assign(static_cast<std::size_t>(s.rows * s.columns), 40);
        rgw::test::writeSlice(s, folder / ("ct" + std::to_string(k) + ".dcm"));
    }
    return seriesUid;
}

double dice(const Mask& a, const Mask& b) {
    std::size_t both = 0, na = 0, nb = 0;
    for (std::size_t v = 0; v < a.voxels.size(); ++v) {
        na += a.voxels[v] != 0;
        nb += b.voxels[v] != 0;
        both += a.voxels[v] != 0 && b.voxels[v] != 0;
    }
    return na + nb == 0 ? 1.0 : 2.0 * static_cast<double>(both) / static_cast<double>(na + nb);
}

struct SegmentationExport : ::testing::Test {
    rgw::test::TempDir dir;
    std::unique_ptr<Database> db;
    std::string seriesUid;
    Geometry grid;
    Mask ball, ring;
    Id ballId = 0, ringId = 0;

    void SetUp() override {
        seriesUid = writeCt(dir.path() / "dicom" / "ct", ctGrid());
        db = std::make_unique<Database>(dir.path() / "cohort.rgwdb");
        const ImportReport report = importPaths(*db, {dir.path() / "dicom"});
        ASSERT_EQ(report.series, 1u);
        grid = loadSeriesVolume(*db, seriesUid).volume.geometry;
        ball = Mask(grid, 0);
        ring = Mask(grid, 0);
        const Eigen::Vector3d centre = grid.physicalPoint({6.0, 5.0, 3.0});
        for (std::int64_t k = 0; k < grid.size[2]; ++k)
            for (std::int64_t j = 0; j < grid.size[1]; ++j)
                for (std::int64_t i = 0; i < grid.size[0]; ++i) {
                    ball.at(i, j, k) =
                        (grid.physicalPoint(Eigen::Vector3d(double(i), double(j), double(k))) -
                         centre)
                            .norm() <= 4.5;
                    const double r = std::hypot(double(i) - 6, double(j) - 5);
                    ring.at(i, j, k) = k >= 2 && k <= 4 && r <= 4.5 && r >= 2.0;
                }
        ring.at(12, 10, 6) = 1; // an island in the far corner
        const Id patient = PatientRepository(*db).find("SYNTH01")->id;
        NewSegmentation a{patient, seriesUid, "Ball", 0, {250, 20, 30}, SegmentationSource::Manual,
                          "",      "",        &ball};
        NewSegmentation b{patient, seriesUid, "Ring", 0, {10, 90, 240}, SegmentationSource::Manual,
                          "",      "",        &ring};
        ballId = SegmentationRepository(*db).add(a, "tester");
        ringId = SegmentationRepository(*db).add(b, "tester");
    }

    /// Imports `file` and returns the new rows (source SEG/RTSTRUCT) by ROI name.
    std::vector<SegmentationRow> reimport(const fs::path& file, const std::string& sopUid) {
        const ImportReport report = importPaths(*db, {file});
        EXPECT_TRUE(report.skipped.empty());
        EXPECT_EQ(report.instancesAdded, 1u);
        EXPECT_EQ(report.segmentationsAdded, 2u);
        std::vector<SegmentationRow> rows;
        for (const SegmentationRow& row : SegmentationRepository(*db).listForSeries(seriesUid))
            if (row.sourceSopInstanceUid == sopUid)
                rows.push_back(row);
        std::sort(rows.begin(), rows.end(),
                  [](const auto& x, const auto& y) { return x.roiNumber < y.roiNumber; });
        return rows;
    }
};

TEST_F(SegmentationExport, SegExportReimportsAsIdenticalMasks) {
    const fs::path out = dir.path() / "export" / "seg.dcm";
    const ExportResult result = exportSegmentations(*db, {ballId, ringId}, ExportFormat::Seg, out);
    EXPECT_EQ(result.referencedSeriesInstanceUid, seriesUid);
    EXPECT_FALSE(result.sopInstanceUid.empty());
    const auto rows = reimport(out, result.sopInstanceUid);
    ASSERT_EQ(rows.size(), 2u);
    const Mask* expected[] = {&ball, &ring};
    const std::array<int, 3> colours[] = {{250, 20, 30}, {10, 90, 240}};
    for (std::size_t r = 0; r < 2; ++r) {
        SCOPED_TRACE(rows[r].roiName);
        EXPECT_EQ(rows[r].source, SegmentationSource::Seg);
        EXPECT_EQ(rows[r].referencedSeriesInstanceUid, seriesUid);
        EXPECT_EQ(rows[r].roiName, r == 0 ? "Ball" : "Ring");
        for (std::size_t c = 0; c < 3; ++c)
            EXPECT_NEAR(rows[r].color[c], colours[r][c], 1);
        const Mask back = loadSegmentationMask(*db, rows[r].id);
        EXPECT_TRUE(back.geometry.sameGrid(grid));
        EXPECT_TRUE(back.voxels == expected[r]->voxels) << "mask differs";
        std::printf("SEG round trip '%s': %zu voxels, identical: %s\n", rows[r].roiName.c_str(),
                    static_cast<std::size_t>(std::count(back.voxels.begin(), back.voxels.end(), 1)),
                    back.voxels == expected[r]->voxels ? "yes" : "no");
    }
}

TEST_F(SegmentationExport, RtStructExportReimportsWithinDice) {
    const fs::path out = dir.path() / "export" / "rs.dcm";
    const ExportResult result =
        exportSegmentations(*db, {ringId, ballId}, ExportFormat::RtStruct, out);
    const auto rows = reimport(out, result.sopInstanceUid);
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0].roiName, "Ring");
    EXPECT_EQ(rows[1].roiName, "Ball");
    EXPECT_EQ(rows[0].color, (std::array<int, 3>{10, 90, 240}));
    EXPECT_EQ(rows[1].color, (std::array<int, 3>{250, 20, 30}));
    for (const SegmentationRow& row : rows) {
        EXPECT_EQ(row.source, SegmentationSource::RtStruct);
        EXPECT_EQ(row.referencedSeriesInstanceUid, seriesUid);
        const double d =
            dice(loadSegmentationMask(*db, row.id), row.roiName == "Ring" ? ring : ball);
        std::printf("RTSTRUCT round trip '%s': Dice %.6f\n", row.roiName.c_str(), d);
        EXPECT_GE(d, 0.98);
    }
}

TEST_F(SegmentationExport, NiftiExportKeepsOneMaskAndBadRequestsNameTheId) {
    const fs::path out = dir.path() / "export" / "ball.nii.gz";
    exportSegmentations(*db, {ballId}, ExportFormat::Nifti, out);
    const Mask back = rgw::nifti::readMask(out);
    EXPECT_TRUE(back.geometry.sameGrid(grid, 1e-3));
    EXPECT_TRUE(back.voxels == ball.voxels);

    const auto expectError = [&](const std::vector<Id>& ids, ExportFormat format,
                                 const std::string& needle) {
        try {
            exportSegmentations(*db, ids, format, dir.path() / "export" / "bad.dcm");
            ADD_FAILURE() << "expected an error mentioning " << needle;
        } catch (const rgw::Error& e) {
            EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
        }
        EXPECT_FALSE(fs::exists(dir.path() / "export" / "bad.dcm"));
    };
    expectError({ballId, 4242}, ExportFormat::Seg, "segmentation 4242");
    expectError({ballId, ringId}, ExportFormat::Nifti, "one segmentation");
    expectError({}, ExportFormat::RtStruct, "no segmentation");

    // A mask on another series cannot share an export.
    const std::string otherSeries = writeCt(dir.path() / "dicom2", ctGrid());
    importPaths(*db, {dir.path() / "dicom2"});
    const Id patient = PatientRepository(*db).find("SYNTH01")->id;
    NewSegmentation other{patient, otherSeries, "Other", 0, {1, 2, 3}, SegmentationSource::Manual,
                          "",      "",          &ball};
    const Id otherId = SegmentationRepository(*db).add(other, "tester");
    expectError({ballId, otherId}, ExportFormat::Seg, otherSeries);
    EXPECT_EQ(exportFormatFromString("rtstruct"), ExportFormat::RtStruct);
    EXPECT_EQ(exportFormatFromString("dicom"), std::nullopt);
}

} // namespace
