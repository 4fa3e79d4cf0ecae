// RTSTRUCT export: boundary tracing checked on hand-drawn rasters, then masks
// (sphere, a slice with a hole and two islands, the shared STS_001 CT ROI)
// written with writeRtStruct, read back with readRtStruct + rasterise and
// compared by Dice; the file is validated by dciodvfy and dcmdump. Caller-
// given UIDs and dates make the file reproducible byte for byte.
#include "ExportTestSupport.h"
#include "TestData.h"
#include "io/dicom/ReferencedSeries.h"
#include "io/dicom/RtStruct.h"
#include "io/dicom/RtStructWriter.h"
#include "io/dicom/SeriesLoader.h"
#include "io/roi/MaskContours.h"
#include "util/Error.h"

#include <Eigen/Geometry>
#include <algorithm>
#include <fstream>
#include <gtest/gtest.h>
#include <iterator>
#include <random>

namespace {

namespace fs = std::filesystem;
using rgw::Geometry;
using rgw::Mask;
using rgw::test::dice;
using rgw::test::expectValidIod;
using rgw::test::SynthSeries;
using rgw::test::writeSeries;

using rgw::roi::Point2;
using rgw::roi::Polygon;

std::vector<std::uint8_t> raster(const std::vector<std::string>& rows) {
    std::vector<std::uint8_t> r;
    for (const auto& row : rows)
        for (char c : row)
            r.push_back(c == '#' ? 1 : 0);
    return r;
}

std::vector<std::uint8_t> refill(const std::vector<Polygon>& polygons, int w, int h) {
    std::vector<std::uint8_t> r(static_cast<std::size_t>(w * h), 0);
    rgw::roi::fillEvenOdd(polygons, w, h, r.data());
    return r;
}

/// Shoelace area (pixel units; sign = orientation).
double area(const Polygon& p) {
    double a = 0;
    for (std::size_t i = 0; i < p.size(); ++i) {
        const Point2& u = p[i];
        const Point2& v = p[(i + 1) % p.size()];
        a += u.x * v.y - v.x * u.y;
    }
    return a / 2;
}

TEST(MaskContours, SinglePixelIsItsSquare) {
    const auto r = raster({"...", ".#.", "..."});
    const auto polygons = rgw::roi::traceBoundaries(r.data(), 3, 3);
    ASSERT_EQ(polygons.size(), 1u);
    ASSERT_EQ(polygons[0].size(), 4u);
    for (const Point2& p : polygons[0]) {
        EXPECT_TRUE(p.x == 0.5 || p.x == 1.5) << p.x;
        EXPECT_TRUE(p.y == 0.5 || p.y == 1.5) << p.y;
    }
    EXPECT_DOUBLE_EQ(std::fabs(area(polygons[0])), 1.0);
}

TEST(MaskContours, RingGivesOuterAndHoleAndDiagonalTouchStaysApart) {
    // 4x4 square with a 2x2 hole: outer area 16, hole 4, opposite orientations.
    const auto ring = raster({"......", ".####.", ".#..#.", ".#..#.", ".####.", "......"});
    auto polygons = rgw::roi::traceBoundaries(ring.data(), 6, 6);
    ASSERT_EQ(polygons.size(), 2u);
    std::vector<double> areas{area(polygons[0]), area(polygons[1])};
    std::sort(areas.begin(), areas.end(),
              [](double a, double b) { return std::fabs(a) > std::fabs(b); });
    EXPECT_DOUBLE_EQ(std::fabs(areas[0]), 16.0);
    EXPECT_DOUBLE_EQ(std::fabs(areas[1]), 4.0);
    EXPECT_LT(areas[0] * areas[1], 0.0); // hole runs the other way
    EXPECT_EQ(polygons[0].size() + polygons[1].size(), 8u);
    EXPECT_EQ(refill(polygons, 6, 6), ring);

    // Two pixels touching at one corner: two unit squares, not one figure-eight.
    const auto diagonal = raster({"#.", ".#"});
    polygons = rgw::roi::traceBoundaries(diagonal.data(), 2, 2);
    ASSERT_EQ(polygons.size(), 2u);
    EXPECT_EQ(polygons[0].size(), 4u);
    EXPECT_EQ(polygons[1].size(), 4u);
    EXPECT_EQ(refill(polygons, 2, 2), diagonal);

    // L shape: 6 corners, area 5.
    const auto ell = raster({"#..", "#..", "###"});
    polygons = rgw::roi::traceBoundaries(ell.data(), 3, 3);
    ASSERT_EQ(polygons.size(), 1u);
    EXPECT_EQ(polygons[0].size(), 6u);
    EXPECT_DOUBLE_EQ(std::fabs(area(polygons[0])), 5.0);
}

TEST(MaskContours, EvenOddRefillOfRandomRastersIsExact) {
    std::mt19937 random(7);
    for (int trial = 0; trial < 200; ++trial) {
        const int w = 1 + static_cast<int>(random() % 17), h = 1 + static_cast<int>(random() % 13);
        std::vector<std::uint8_t> r(static_cast<std::size_t>(w * h));
        const unsigned density = 1 + random() % 4;
        for (auto& v : r)
            v = random() % 5 < density ? 1 : 0;
        const auto polygons = rgw::roi::traceBoundaries(r.data(), w, h);
        ASSERT_EQ(refill(polygons, w, h), r) << "trial " << trial << " (" << w << " x " << h << ")";
    }
}

struct RoiCase {
    std::string name;
    std::array<int, 3> colour;
    Mask mask;
};

/// Writes the ROIs over a synthetic series on `g`, reads them back; returns the Dice per ROI.
std::vector<double> roundTrip(const Geometry& requested, std::vector<RoiCase> cases) {
    rgw::test::TempDir dir;
    const SynthSeries series = writeSeries(dir.path() / "ct", requested);
    const Geometry g = rgw::dicom::loadSeries(series.files).volume.geometry;
    EXPECT_TRUE(g.sameGrid(requested, 1e-4));
    const auto ref = rgw::dicom::readReferencedSeries(series.files, g);
    std::vector<rgw::dicom::RoiToWrite> rois;
    for (RoiCase& c : cases) {
        c.mask.geometry = g;
        rois.push_back({c.name, c.colour, &c.mask, true});
    }
    const fs::path file = dir.path() / "out" / "rs.dcm";
    const auto written = rgw::dicom::writeRtStruct(file, ref, rois);

    const auto set = rgw::dicom::readRtStruct(file);
    EXPECT_EQ(set.sopInstanceUid, written.sopInstanceUid);
    EXPECT_EQ(set.referencedSeriesInstanceUid, series.seriesUid);
    EXPECT_EQ(set.referencedFrameOfReferenceUid, "1.2.3.4");
    std::vector<double> dices;
    EXPECT_EQ(set.rois.size(), cases.size());
    for (std::size_t r = 0; r < std::min(set.rois.size(), cases.size()); ++r) {
        const auto& roi = set.rois[r];
        EXPECT_EQ(roi.roiNumber, static_cast<int>(r + 1));
        EXPECT_EQ(roi.roiName, cases[r].name);
        EXPECT_EQ(roi.displayColor, cases[r].colour);
        EXPECT_EQ(roi.referencedFrameOfReferenceUid, "1.2.3.4");
        // Every contour image is an image of the series on the contour's slice.
        for (const auto& uid : roi.contourImageSopInstanceUids)
            EXPECT_NE(std::find(series.sopUids.begin(), series.sopUids.end(), uid),
                      series.sopUids.end());
        for (const auto& contour : roi.contours) {
            double kSum = 0;
            for (const auto& p : contour)
                kSum += g.continuousIndex({p[0], p[1], p[2]})[2];
            const double k = kSum / static_cast<double>(contour.size());
            EXPECT_NEAR(k, std::round(k), 1e-6);
        }
        const Mask back = rgw::dicom::rasterise(roi, g);
        dices.push_back(dice(back, cases[r].mask));
        std::printf("ROI '%s': %zu contours, Dice %.6f\n", roi.roiName.c_str(), roi.contours.size(),
                    dices.back());
        EXPECT_GE(dices.back(), 0.98) << roi.roiName;
    }
    expectValidIod(file, "RTStructureSet");
    return dices;
}

Geometry obliqueGrid() {
    Geometry g;
    g.size = {31, 27, 11};
    g.spacing = {0.7, 1.1, 2.5};
    g.origin = {-30.0, 12.5, 60.0};
    g.direction =
        Eigen::AngleAxisd(0.35, Eigen::Vector3d(-0.2, 0.4, 1.0).normalized()).toRotationMatrix();
    return g;
}

TEST(RtStructWriter, SphereHoleAndIslandsRoundTrip) {
    const Geometry g = obliqueGrid();
    Mask sphere(g, 0);
    const Eigen::Vector3d centre = g.physicalPoint({15.0, 13.0, 5.0});
    for (std::int64_t k = 0; k < g.size[2]; ++k)
        for (std::int64_t j = 0; j < g.size[1]; ++j)
            for (std::int64_t i = 0; i < g.size[0]; ++i)
                sphere.at(i, j, k) =
                    (g.physicalPoint(Eigen::Vector3d(double(i), double(j), double(k))) - centre)
                        .norm() <= 9.0;
    // Slice 4: an annulus (hole) and two separate islands; slice 6: a diagonal pair.
    Mask shapes(g, 0);
    for (std::int64_t j = 0; j < g.size[1]; ++j)
        for (std::int64_t i = 0; i < g.size[0]; ++i) {
            const double r = std::hypot(double(i) - 10.0, double(j) - 10.0);
            shapes.at(i, j, 4) = r <= 7.0 && r >= 3.0;
            if (i >= 22 && i <= 26 && j >= 3 && j <= 6)
                shapes.at(i, j, 4) = 1;
            if (i >= 22 && i <= 28 && j >= 15 && j <= 24)
                shapes.at(i, j, 4) = 1;
        }
    shapes.at(3, 3, 6) = shapes.at(4, 4, 6) = 1;
    const auto dices = roundTrip(
        g, {{"Sphere", {255, 0, 0}, sphere}, {"Ring and islands", {0, 128, 255}, shapes}});
    ASSERT_EQ(dices.size(), 2u);
}

TEST(RtStructWriter, SharedSts001CtRoiRoundTrip) {
    RGW_REQUIRE_TEST_DATA();
    const fs::path root =
        rgw::test::ibsiDataSets() / "ibsi_validation" / "dicom" / "STS_001" / "CT";
    std::vector<fs::path> images;
    for (const auto& e : fs::directory_iterator(root / "image"))
        images.push_back(e.path());
    const auto loaded = rgw::dicom::loadSeries(images);
    const Geometry& g = loaded.volume.geometry;
    const auto original = rgw::dicom::readRtStruct(root / "mask" / "RS.dcm");
    ASSERT_FALSE(original.rois.empty());
    const auto& roi = original.rois.front();
    const Mask mask = rgw::dicom::rasterise(roi, g);

    rgw::test::TempDir dir;
    const auto ref = rgw::dicom::readReferencedSeries(images, g);
    EXPECT_EQ(ref.seriesInstanceUid, original.referencedSeriesInstanceUid);
    EXPECT_EQ(ref.frameOfReferenceUid, original.referencedFrameOfReferenceUid);
    const fs::path file = dir.path() / "rs.dcm";
    rgw::dicom::writeRtStruct(file, ref, {{roi.roiName, roi.displayColor, &mask, true}});
    const auto set = rgw::dicom::readRtStruct(file);
    ASSERT_EQ(set.rois.size(), 1u);
    EXPECT_EQ(set.rois[0].roiName, "GTV_Mass_CT");
    EXPECT_EQ(set.rois[0].displayColor, roi.displayColor);
    EXPECT_EQ(set.referencedSeriesInstanceUid, original.referencedSeriesInstanceUid);
    const double d = dice(rgw::dicom::rasterise(set.rois[0], g), mask);
    std::printf("STS_001 CT %s: %zu voxels, %zu contours written, Dice %.6f\n", roi.roiName.c_str(),
                static_cast<std::size_t>(std::count(mask.voxels.begin(), mask.voxels.end(), 1)),
                set.rois[0].contours.size(), d);
    EXPECT_GE(d, 0.98);
    expectValidIod(file, "RTStructureSet");
}

TEST(RtStructWriter, MismatchedInputNamesTheProblem) {
    rgw::test::TempDir dir;
    const Geometry g = obliqueGrid();
    const SynthSeries series = writeSeries(dir.path() / "ct", g);
    const auto ref = rgw::dicom::readReferencedSeries(series.files, g);
    Geometry other = g;
    other.size[2] = 3;
    const Mask wrong(other, 1);
    try {
        rgw::dicom::writeRtStruct(dir.path() / "x.dcm", ref, {{"Bad", {1, 2, 3}, &wrong, true}});
        FAIL() << "expected an error";
    } catch (const rgw::Error& e) {
        EXPECT_NE(std::string(e.what()).find("'Bad'"), std::string::npos) << e.what();
    }
}

TEST(RtStructWriter, FixedIdentityAndRoiDetailsAreWrittenAsGiven) {
    // The demo cohort's needs: caller-given UIDs and dates make the file
    // reproducible; ROI Description, AUTOMATIC and RT ROI Interpreted Type.
    rgw::test::TempDir dir;
    const Geometry g = obliqueGrid();
    const SynthSeries series = writeSeries(dir.path() / "ct", g);
    const auto ref = rgw::dicom::readReferencedSeries(series.files, g);
    Mask mask(g, 0);
    mask.at(5, 6, 3) = mask.at(6, 6, 3) = 1;
    rgw::dicom::RoiToWrite roi{"Lesion", {0, 255, 0}, &mask, true};
    roi.automatic = true;
    roi.description = "ellipsoid";
    roi.interpretedType = "GTV";
    const rgw::dicom::FixedIdentity fixed{{"2.25.1234567", "2.25.7654321"}, "20200102", "030405"};
    const fs::path a = dir.path() / "a.dcm", b = dir.path() / "b.dcm";
    const auto written = rgw::dicom::writeRtStruct(a, ref, {roi}, {}, fixed);
    rgw::dicom::writeRtStruct(b, ref, {roi}, {}, fixed);
    EXPECT_EQ(written.seriesInstanceUid, fixed.uids.seriesInstanceUid);
    EXPECT_EQ(written.sopInstanceUid, fixed.uids.sopInstanceUid);
    const auto bytes = [](const fs::path& file) {
        std::ifstream in(file, std::ios::binary);
        return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    };
    EXPECT_EQ(bytes(a), bytes(b));

    DcmFileFormat ff;
    ASSERT_TRUE(ff.loadFile(a.string().c_str()).good());
    DcmDataset& ds = *ff.getDataset();
    const auto text = [](DcmItem& item, const DcmTagKey& tag) {
        OFString value;
        item.findAndGetOFStringArray(tag, value, true);
        return std::string(value.c_str());
    };
    EXPECT_EQ(text(ds, DCM_SeriesInstanceUID), fixed.uids.seriesInstanceUid);
    EXPECT_EQ(text(ds, DCM_SOPInstanceUID), fixed.uids.sopInstanceUid);
    for (const DcmTagKey& tag : {DCM_InstanceCreationDate, DCM_StructureSetDate})
        EXPECT_EQ(text(ds, tag), "20200102");
    for (const DcmTagKey& tag : {DCM_InstanceCreationTime, DCM_StructureSetTime})
        EXPECT_EQ(text(ds, tag), "030405");
    DcmItem* setRoi = nullptr;
    DcmItem* observation = nullptr;
    ASSERT_TRUE(ds.findAndGetSequenceItem(DCM_StructureSetROISequence, setRoi, 0).good());
    ASSERT_TRUE(ds.findAndGetSequenceItem(DCM_RTROIObservationsSequence, observation, 0).good());
    EXPECT_EQ(text(*setRoi, DCM_ROIDescription), "ellipsoid");
    EXPECT_EQ(text(*setRoi, DCM_ROIGenerationAlgorithm), "AUTOMATIC");
    EXPECT_EQ(text(*observation, DCM_RTROIInterpretedType), "GTV");
    expectValidIod(a, "RTStructureSet");
}

} // namespace
