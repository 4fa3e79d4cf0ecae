// RTSTRUCT parsing and rasterisation on synthetic structure sets written with
// dcmdata: exact voxel counts derived by hand, holes, several contours,
// oblique grids (checked against a brute-force even-odd test), bad input.
#include "TestData.h"
#include "io/dicom/RtStruct.h"
#include "io/roi/PolygonFill.h"
#include "util/Error.h"

#include <Eigen/Geometry>
#include <cmath>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <gtest/gtest.h>
#include <numeric>
#include <sstream>

namespace {

namespace fs = std::filesystem;
using rgw::Geometry;
using rgw::Mask;
using Points = std::vector<std::array<double, 3>>;

struct SynthContour {
    SynthContour() = default;
    SynthContour(std::string t, Points p, std::string uid = {})
        : type(std::move(t)), points(std::move(p)), imageUid(std::move(uid)) {}
    std::string type = "CLOSED_PLANAR";
    Points points;
    std::string imageUid;
    std::string rawData; ///< overrides points when set (malformed data)
};
struct SynthRoi {
    int number;
    std::string name;
    std::vector<SynthContour> contours;
};

std::string joinDs(const Points& points) {
    std::ostringstream s;
    s.precision(17);
    for (std::size_t i = 0; i < points.size(); ++i)
        for (std::size_t c = 0; c < 3; ++c)
            s << (i + c > 0 ? "\\" : "") << points[i][c];
    return s.str();
}

void writeRtStruct(const fs::path& file, const std::vector<SynthRoi>& rois,
                   bool withContourSequence = true) {
    DcmFileFormat ff;
    DcmDataset* ds = ff.getDataset();
    ds->putAndInsertString(DCM_SOPClassUID, UID_RTStructureSetStorage);
    ds->putAndInsertString(DCM_SOPInstanceUID, "1.2.826.0.1.3680043.2.1143.1");
    ds->putAndInsertString(DCM_Modality, "RTSTRUCT");
    DcmItem* frame = nullptr;
    ds->findOrCreateSequenceItem(DCM_ReferencedFrameOfReferenceSequence, frame, -2);
    frame->putAndInsertString(DCM_FrameOfReferenceUID, "1.2.3.4.5");
    DcmItem* study = nullptr;
    frame->findOrCreateSequenceItem(DCM_RTReferencedStudySequence, study, -2);
    DcmItem* series = nullptr;
    study->findOrCreateSequenceItem(DCM_RTReferencedSeriesSequence, series, -2);
    series->putAndInsertString(DCM_SeriesInstanceUID, "1.2.3.4.6");
    for (const SynthRoi& roi : rois) {
        DcmItem* item = nullptr;
        ds->findOrCreateSequenceItem(DCM_StructureSetROISequence, item, -2);
        item->putAndInsertString(DCM_ROINumber, std::to_string(roi.number).c_str());
        item->putAndInsertString(DCM_ROIName, roi.name.c_str());
        item->putAndInsertString(DCM_ReferencedFrameOfReferenceUID, "1.2.3.4.5");
    }
    if (!withContourSequence) {
        ff.saveFile(file.string().c_str(), EXS_LittleEndianExplicit);
        return;
    }
    for (const SynthRoi& roi : rois) {
        DcmItem* item = nullptr;
        ds->findOrCreateSequenceItem(DCM_ROIContourSequence, item, -2);
        item->putAndInsertString(DCM_ReferencedROINumber, std::to_string(roi.number).c_str());
        item->putAndInsertString(DCM_ROIDisplayColor, "10\\20\\30");
        for (const SynthContour& c : roi.contours) {
            DcmItem* ci = nullptr;
            item->findOrCreateSequenceItem(DCM_ContourSequence, ci, -2);
            ci->putAndInsertString(DCM_ContourGeometricType, c.type.c_str());
            if (!c.imageUid.empty()) {
                DcmItem* img = nullptr;
                ci->findOrCreateSequenceItem(DCM_ContourImageSequence, img, -2);
                img->putAndInsertString(DCM_ReferencedSOPClassUID, UID_CTImageStorage);
                img->putAndInsertString(DCM_ReferencedSOPInstanceUID, c.imageUid.c_str());
            }
            const std::string data = c.rawData.empty() ? joinDs(c.points) : c.rawData;
            ci->putAndInsertOFStringArray(DCM_ContourData, data.c_str());
            if (c.rawData.empty())
                ci->putAndInsertString(DCM_NumberOfContourPoints,
                                       std::to_string(c.points.size()).c_str());
        }
    }
    ASSERT_TRUE(ff.saveFile(file.string().c_str(), EXS_LittleEndianExplicit).good());
}

// Axis-aligned rectangle at height z (mm).
Points rect(double x0, double y0, double x1, double y1, double z) {
    return {{x0, y0, z}, {x1, y0, z}, {x1, y1, z}, {x0, y1, z}};
}

Geometry axialGrid() {
    Geometry g;
    g.size = {20, 20, 3};
    g.spacing = {1.0, 1.0, 2.0};
    return g;
}

std::size_t count(const Mask& m) {
    return std::accumulate(m.voxels.begin(), m.voxels.end(), 0u);
}

std::size_t countSlice(const Mask& m, std::int64_t k) {
    std::size_t n = 0;
    for (std::int64_t j = 0; j < m.geometry.size[1]; ++j)
        for (std::int64_t i = 0; i < m.geometry.size[0]; ++i)
            n += m.at(i, j, k);
    return n;
}

rgw::dicom::RtRoi readSingle(const fs::path& file, const std::vector<SynthRoi>& rois) {
    writeRtStruct(file, rois);
    auto set = rgw::dicom::readRtStruct(file);
    EXPECT_EQ(set.rois.size(), rois.size());
    return set.rois.at(0);
}

std::string errorOf(const fs::path& file) {
    try {
        (void)rgw::dicom::readRtStruct(file);
    } catch (const rgw::Error& e) {
        return e.what();
    }
    return {};
}

} // namespace

TEST(RtStruct, ParsesRoisColoursAndReferences) {
    rgw::test::TempDir dir;
    SynthContour a{"CLOSED_PLANAR", rect(2.5, 3.5, 7.5, 9.5, 2.0), "1.2.3.7"};
    SynthContour b{"CLOSED_PLANAR", rect(2.5, 3.5, 7.5, 9.5, 4.0), "1.2.3.8"};
    writeRtStruct(dir.path() / "rs.dcm", {{3, "GTV", {a, b}}, {7, "Empty", {}}});
    const auto set = rgw::dicom::readRtStruct(dir.path() / "rs.dcm");
    EXPECT_EQ(set.sopInstanceUid, "1.2.826.0.1.3680043.2.1143.1");
    EXPECT_EQ(set.referencedSeriesInstanceUid, "1.2.3.4.6");
    EXPECT_EQ(set.referencedFrameOfReferenceUid, "1.2.3.4.5");
    ASSERT_EQ(set.rois.size(), 2u);
    EXPECT_EQ(set.rois[0].roiNumber, 3);
    EXPECT_EQ(set.rois[0].roiName, "GTV");
    EXPECT_EQ(set.rois[0].displayColor, (std::array<int, 3>{10, 20, 30}));
    EXPECT_EQ(set.rois[0].referencedFrameOfReferenceUid, "1.2.3.4.5");
    ASSERT_EQ(set.rois[0].contours.size(), 2u);
    EXPECT_EQ(set.rois[0].contours[1], b.points);
    EXPECT_EQ(set.rois[0].contourImageSopInstanceUids,
              (std::vector<std::string>{"1.2.3.7", "1.2.3.8"}));
    EXPECT_EQ(set.rois[1].roiName, "Empty");
    EXPECT_TRUE(set.rois[1].contours.empty());
}

TEST(RtStruct, SquareGivesExactVoxelCount) {
    rgw::test::TempDir dir;
    // x in [2.5, 7.5] covers voxel centres 3..7 (5), y in [3.5, 9.5] covers 4..9 (6).
    const auto roi = readSingle(dir.path() / "rs.dcm",
                                {{1, "sq", {{"CLOSED_PLANAR", rect(2.5, 3.5, 7.5, 9.5, 2.0)}}}});
    const Mask m = rgw::dicom::rasterise(roi, axialGrid());
    EXPECT_TRUE(m.geometry.sameGrid(axialGrid()));
    EXPECT_EQ(count(m), 30u);
    EXPECT_EQ(countSlice(m, 1), 30u); // z = 2 mm is slice k = 1
    EXPECT_EQ(m.at(3, 4, 1), 1);
    EXPECT_EQ(m.at(7, 9, 1), 1);
    EXPECT_EQ(m.at(2, 4, 1), 0);
    EXPECT_EQ(m.at(8, 9, 1), 0);
    EXPECT_EQ(m.at(3, 10, 1), 0);
}

TEST(RtStruct, SquareWithHoleUsesEvenOdd) {
    rgw::test::TempDir dir;
    // Outer 10 x 10 centres (1..10), inner hole 3 x 3 centres (4..6): 91.
    const auto roi =
        readSingle(dir.path() / "rs.dcm", {{1,
                                            "ring",
                                            {{"CLOSED_PLANAR", rect(0.5, 0.5, 10.5, 10.5, 0.0)},
                                             {"CLOSED_PLANAR", rect(3.5, 3.5, 6.5, 6.5, 0.0)}}}});
    const Mask m = rgw::dicom::rasterise(roi, axialGrid());
    EXPECT_EQ(count(m), 91u);
    EXPECT_EQ(m.at(5, 5, 0), 0);
    EXPECT_EQ(m.at(3, 5, 0), 1);
    EXPECT_EQ(m.at(7, 5, 0), 1);
}

TEST(RtStruct, DisjointContoursAndSeveralSlices) {
    rgw::test::TempDir dir;
    const auto roi = readSingle(dir.path() / "rs.dcm",
                                {{1,
                                  "two",
                                  {{"CLOSED_PLANAR", rect(0.5, 0.5, 2.5, 2.5, 4.0)},     // 2x2
                                   {"CLOSED_PLANAR", rect(10.5, 10.5, 13.5, 12.5, 4.0)}, // 3x2
                                   {"CLOSED_PLANAR", rect(0.5, 0.5, 1.5, 1.5, 0.6)}}}}); // 1, k=0.3
    const Mask m = rgw::dicom::rasterise(roi, axialGrid());
    EXPECT_EQ(countSlice(m, 2), 10u);
    EXPECT_EQ(countSlice(m, 0), 1u);
    EXPECT_EQ(countSlice(m, 1), 0u);
}

TEST(RtStruct, ContoursOutsideTheGridAreDropped) {
    rgw::test::TempDir dir;
    const auto roi = readSingle(dir.path() / "rs.dcm",
                                {{1,
                                  "out",
                                  {{"CLOSED_PLANAR", rect(0.5, 0.5, 2.5, 2.5, -1.2)}, // k = -0.6
                                   {"CLOSED_PLANAR", rect(0.5, 0.5, 2.5, 2.5, 5.2)},  // k = 2.6
                                   {"CLOSED_PLANAR", rect(0.5, 0.5, 2.5, 2.5, -0.8)}, // k = -0.4
                                   {"CLOSED_PLANAR", rect(-9, -9, 99, 99, 2.0)}}}});  // beyond x, y
    const Mask m = rgw::dicom::rasterise(roi, axialGrid());
    EXPECT_EQ(countSlice(m, 0), 4u);
    EXPECT_EQ(countSlice(m, 1), 400u); // clipped to the 20 x 20 slice
    EXPECT_EQ(countSlice(m, 2), 0u);
}

TEST(RtStruct, PointContoursAreIgnored) {
    rgw::test::TempDir dir;
    const auto roi =
        readSingle(dir.path() / "rs.dcm", {{1,
                                            "mixed",
                                            {{"POINT", {{5.0, 5.0, 2.0}}},
                                             {"CLOSED_PLANAR", rect(2.5, 3.5, 7.5, 9.5, 2.0)},
                                             {"OPEN_PLANAR", rect(0, 0, 19, 19, 0.0)}}}});
    ASSERT_EQ(roi.contours.size(), 1u);
    EXPECT_EQ(count(rgw::dicom::rasterise(roi, axialGrid())), 30u);
}

namespace {
// Independent reference: even-odd crossing test of one point against all edges.
bool insideEvenOdd(const std::vector<std::vector<Eigen::Vector2d>>& polys, double x, double y) {
    bool inside = false;
    for (const auto& p : polys)
        for (std::size_t a = 0, b = p.size() - 1; a < p.size(); b = a++)
            if ((p[a].y() > y) != (p[b].y() > y) &&
                x < p[b].x() + (y - p[b].y()) * (p[a].x() - p[b].x()) / (p[a].y() - p[b].y()))
                inside = !inside;
    return inside;
}
} // namespace

TEST(RtStruct, ObliqueGridMatchesBruteForce) {
    rgw::test::TempDir dir;
    Geometry g;
    g.size = {40, 36, 5};
    g.spacing = {0.7, 0.9, 2.5};
    g.origin = {-30.0, 12.0, 100.0};
    g.direction = (Eigen::AngleAxisd(0.5, Eigen::Vector3d::UnitZ()) *
                   Eigen::AngleAxisd(0.3, Eigen::Vector3d::UnitX()))
                      .toRotationMatrix();
    // A star and a hole, defined in index space (i, j) on slice 3, then sent
    // to patient space: the rasteriser must map them back through the direction.
    std::vector<std::vector<Eigen::Vector2d>> polys(2);
    for (int t = 0; t < 14; ++t) {
        const double angle = 2 * M_PI * t / 14.0, r = (t % 2) ? 8.3 : 16.1;
        polys[0].emplace_back(19.7 + r * std::cos(angle), 17.2 + r * std::sin(angle));
    }
    polys[1] = {{17.3, 15.1}, {22.6, 15.4}, {21.9, 19.8}};
    std::vector<SynthContour> contours;
    for (const auto& p : polys) {
        SynthContour c;
        for (const auto& q : p) {
            const Eigen::Vector3d w = g.physicalPoint({q.x(), q.y(), 3.0});
            c.points.push_back({w[0], w[1], w[2]});
        }
        contours.push_back(c);
    }
    const auto roi = readSingle(dir.path() / "rs.dcm", {{1, "star", contours}});
    const Mask m = rgw::dicom::rasterise(roi, g);
    std::size_t expected = 0, mismatches = 0;
    for (int j = 0; j < 36; ++j)
        for (int i = 0; i < 40; ++i) {
            const bool in = insideEvenOdd(polys, i, j);
            expected += in;
            mismatches += (m.at(i, j, 3) != 0) != in;
        }
    EXPECT_GT(expected, 300u);
    EXPECT_EQ(mismatches, 0u);
    EXPECT_EQ(count(m), expected);
}

TEST(RtStruct, MalformedFilesNameTheTag) {
    rgw::test::TempDir dir;
    const fs::path noContours = dir.path() / "nocontours.dcm";
    writeRtStruct(noContours, {{1, "a", {}}}, false);
    std::string e = errorOf(noContours);
    EXPECT_NE(e.find("(3006,0039)"), std::string::npos) << e;
    EXPECT_NE(e.find(noContours.string()), std::string::npos) << e;

    const fs::path odd = dir.path() / "odd.dcm";
    SynthContour bad;
    bad.rawData = "1\\2\\3\\4\\5\\6\\7";
    writeRtStruct(odd, {{1, "a", {bad}}});
    e = errorOf(odd);
    EXPECT_NE(e.find("(3006,0050)"), std::string::npos) << e;
    EXPECT_NE(e.find(odd.string()), std::string::npos) << e;

    const fs::path text = dir.path() / "text.dcm";
    SynthContour nan;
    nan.rawData = "1\\2\\abc";
    writeRtStruct(text, {{1, "a", {nan}}});
    e = errorOf(text);
    EXPECT_NE(e.find("(3006,0050)"), std::string::npos) << e;

    const fs::path notDicom = dir.path() / "junk.dcm";
    std::ofstream(notDicom) << "not a dicom file";
    e = errorOf(notDicom);
    EXPECT_NE(e.find(notDicom.string()), std::string::npos) << e;
}

// Issue #10: a finite but huge coordinate (x = 1.79e308) used to turn into an
// infinite index, a NaN crossing and a wild write in the polygon fill.
TEST(RtStruct, HugeCoordinateIsRefusedNamingRoiContourAndPoint) {
    rgw::test::TempDir dir;
    const fs::path file = dir.path() / "huge.dcm";
    Points square = rect(2.5, 2.5, 7.5, 7.5, 2.0);
    square[2][0] = 1.79e308;
    writeRtStruct(
        file, {{1, "GTV", {{"CLOSED_PLANAR", rect(1, 1, 4, 4, 0.0)}, {"CLOSED_PLANAR", square}}}});
    const std::string e = errorOf(file);
    EXPECT_NE(e.find(file.string()), std::string::npos) << e;
    EXPECT_NE(e.find("(3006,0050)"), std::string::npos) << e;
    EXPECT_NE(e.find("point 3"), std::string::npos) << e;
    EXPECT_NE(e.find("x = 1.79e+308"), std::string::npos) << e;
    EXPECT_NE(e.find("contour 2"), std::string::npos) << e;
    EXPECT_NE(e.find("ROI 1"), std::string::npos) << e;
}

TEST(RtStruct, ContoursWithFewerThanThreePointsAreReportedAsSkipped) {
    rgw::test::TempDir dir;
    const auto roi = readSingle(dir.path() / "rs.dcm",
                                {{7,
                                  "GTV",
                                  {{"CLOSED_PLANAR", {{5.0, 5.0, 2.0}}},
                                   {"CLOSED_PLANAR", rect(2.5, 3.5, 7.5, 9.5, 2.0)},
                                   {"CLOSED_PLANAR", {{1.0, 1.0, 2.0}, {9.0, 9.0, 2.0}}}}}});
    ASSERT_EQ(roi.contours.size(), 1u);
    ASSERT_EQ(roi.skippedContours.size(), 2u);
    EXPECT_NE(roi.skippedContours[0].find("ROI 7 'GTV' contour 1: 1 point"), std::string::npos)
        << roi.skippedContours[0];
    EXPECT_NE(roi.skippedContours[1].find("ROI 7 'GTV' contour 3: 2 points"), std::string::npos)
        << roi.skippedContours[1];
    EXPECT_EQ(count(rgw::dicom::rasterise(roi, axialGrid())), 30u);
}

// Contours given straight to rasterise (e.g. built in memory) that land far
// off the grid, or on a grid whose mapping overflows, mark nothing and never
// index outside the mask.
TEST(RtStruct, RasteriseIgnoresPointsThatDoNotMapToFiniteIndices) {
    rgw::dicom::RtRoi roi;
    roi.contours.push_back(rect(2.5, 3.5, 7.5, 9.5, 2.0));
    roi.contours.push_back(rect(-1e300, -1e300, 1e300, 1e300, 2.0)); // finite, enormous
    Points nanContour = rect(1, 1, 3, 3, 2.0);
    nanContour[1][1] = std::nan("");
    roi.contours.push_back(nanContour);
    Points infZ = rect(1, 1, 3, 3, 2.0);
    for (auto& p : infZ)
        p[2] = INFINITY;
    roi.contours.push_back(infZ);
    const Mask m = rgw::dicom::rasterise(roi, axialGrid());
    // The enormous square covers slice 1 whole; the 5 x 6 rectangle lies inside it.
    EXPECT_EQ(countSlice(m, 1), 400u - 30u);
    EXPECT_EQ(countSlice(m, 0) + countSlice(m, 2), 0u);
}

TEST(PolygonFill, SteepAndLongEdgesStayFinite) {
    // A sliver whose edges span the whole double range: the crossings are
    // weighted between finite end points, never inf − inf.
    std::vector<std::uint8_t> raster(10 * 10, 0);
    const rgw::roi::Polygon sliver{
        {-1.7e308, 0.0}, {1.7e308, 1e-300}, {1.7e308, 9.5}, {-1.7e308, 9.5}};
    rgw::roi::fillEvenOdd({sliver}, 10, 10, raster.data());
    std::size_t set = 0;
    for (auto v : raster)
        set += v;
    EXPECT_EQ(set, 90u); // rows 1..9 whole (row 0 lies below the 1e-300 rise)
}
