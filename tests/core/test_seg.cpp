// DICOM SEG reading: synthetic BINARY and FRACTIONAL segmentations written by
// DCMTK's dcmseg on a synthetic oblique grid, read back into identical masks.
#include "TestData.h"
#include "io/dicom/Seg.h"
#include "util/Error.h"

#include <Eigen/Geometry>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmfg/fgfracon.h>
#include <dcmtk/dcmfg/fgpixmsr.h>
#include <dcmtk/dcmfg/fgplanor.h>
#include <dcmtk/dcmfg/fgplanpo.h>
#include <dcmtk/dcmiod/iodreferences.h>
#include <dcmtk/dcmseg/segdoc.h>
#include <dcmtk/dcmseg/segment.h>
#include <gtest/gtest.h>
#include <memory>
#include <sstream>

namespace {

namespace fs = std::filesystem;
using rgw::Geometry;
using rgw::Mask;

const char* kSeriesUid = "1.2.826.0.1.3680043.2.1143.77";

Geometry grid() {
    Geometry g;
    g.size = {6, 8, 5}; // 48 pixels per frame: whole bytes, see BinaryPackingAcrossFrames
    g.spacing = {0.75, 0.5, 2.0};
    g.origin = {10.0, -20.0, 30.0};
    g.direction =
        Eigen::AngleAxisd(0.5, Eigen::Vector3d(0.2, 0.1, 1.0).normalized()).toRotationMatrix();
    return g;
}

std::string ds(double v) {
    std::ostringstream s;
    s.precision(12);
    s << v;
    return s.str();
}

/// Frame value of pixel (i, j) of the given segment on slice k (0..255).
std::uint8_t pattern(int segment, std::int64_t i, std::int64_t j, std::int64_t k) {
    return static_cast<std::uint8_t>((i * 37 + j * 91 + k * 53 + segment * 17) % 256);
}

struct FrameSpec {
    int segment;
    std::int64_t k;
};

/// Writes a SEG over grid(); returns the expected masks per segment (1 and 2).
std::array<Mask, 2> writeSeg(const fs::path& file, bool fractional,
                             const std::vector<FrameSpec>& frames, double offsetMm = 0.0) {
    const Geometry g = grid();
    const auto rows = static_cast<Uint16>(g.size[1]), cols = static_cast<Uint16>(g.size[0]);
    IODGeneralEquipmentModule::EquipmentInfo equipment("rgw tests", "1", "synthetic", "0.1");
    ContentIdentificationMacro content("1", "TEST", "synthetic segmentation", "rgw");
    DcmSegmentation* raw = nullptr;
    OFCondition ok =
        fractional ? DcmSegmentation::createFractionalSegmentation(
                         raw, rows, cols, DcmSegTypes::SFT_PROBABILITY, 200, equipment, content)
                   : DcmSegmentation::createBinarySegmentation(raw, rows, cols, equipment, content);
    EXPECT_TRUE(ok.good()) << ok.text();
    std::unique_ptr<DcmSegmentation> seg(raw);
    seg->setCheckDimensionsOnWrite(OFFalse);
    seg->getDimensions().addDimensionIndex(DCM_ImagePositionPatient,
                                           "1.2.826.0.1.3680043.2.1143.79",
                                           DCM_PlanePositionSequence, "ImagePositionPatient");
    seg->getSegmentationSeriesModule().setSeriesNumber("7");
    seg->getPatient().setPatientID("P1");
    seg->getPatient().setPatientName("Test^Seg");
    seg->getStudy().setStudyInstanceUID("1.2.826.0.1.3680043.2.1143.76");
    seg->getFrameOfReference().setFrameOfReferenceUID("1.2.826.0.1.3680043.2.1143.75");

    const std::array<std::array<Uint16, 3>, 2> lab{{{34891, 53480, 50167}, {57497, 10747, 54273}}};
    const std::array<DcmSegTypes::E_SegmentAlgoType, 2> algo{DcmSegTypes::SAT_MANUAL,
                                                             DcmSegTypes::SAT_AUTOMATIC};
    for (int s = 0; s < 2; ++s) {
        DcmSegment* segment = nullptr;
        ok = DcmSegment::create(
            segment, s == 0 ? "Tumour" : "Node",
            CodeSequenceMacro("49755003", "SCT", "Morphologically Altered Structure"),
            CodeSequenceMacro("86049000", "SCT", "Neoplasm, Primary"),
            algo[static_cast<std::size_t>(s)], s == 1 ? "thresholding" : "");
        EXPECT_TRUE(ok.good()) << ok.text();
        segment->setRecommendedDisplayCIELabValue(lab[static_cast<std::size_t>(s)][0],
                                                  lab[static_cast<std::size_t>(s)][1],
                                                  lab[static_cast<std::size_t>(s)][2]);
        Uint16 number = 0;
        EXPECT_TRUE(seg->addSegment(segment, number).good());
        EXPECT_EQ(number, s + 1);
    }
    FGPixelMeasures measures;
    measures.setPixelSpacing((ds(g.spacing[1]) + "\\" + ds(g.spacing[0])).c_str());
    measures.setSliceThickness(ds(g.spacing[2]).c_str());
    seg->addForAllFrames(measures);
    std::unique_ptr<FGPlaneOrientationPatient> orientation(FGPlaneOrientationPatient::createMinimal(
        ds(g.direction(0, 0)).c_str(), ds(g.direction(1, 0)).c_str(), ds(g.direction(2, 0)).c_str(),
        ds(g.direction(0, 1)).c_str(), ds(g.direction(1, 1)).c_str(),
        ds(g.direction(2, 1)).c_str()));
    seg->addForAllFrames(*orientation);

    std::array<Mask, 2> expected{Mask(g, 0), Mask(g, 0)};
    for (const FrameSpec& f : frames) {
        std::vector<Uint8> pixels(static_cast<std::size_t>(rows) * cols);
        for (std::int64_t j = 0; j < g.size[1]; ++j)
            for (std::int64_t i = 0; i < g.size[0]; ++i) {
                const std::uint8_t v =
                    static_cast<std::uint8_t>(pattern(f.segment, i, j, f.k) % 201);
                const bool inside = fractional ? v >= 100 : v >= 120;
                pixels[static_cast<std::size_t>(j * cols + i)] =
                    fractional ? v : static_cast<Uint8>(inside);
                if (inside)
                    expected[static_cast<std::size_t>(f.segment - 1)].at(i, j, f.k) = 1;
            }
        Eigen::Vector3d p = g.physicalPoint({0.0, 0.0, static_cast<double>(f.k)});
        p += g.direction.col(2) * offsetMm;
        std::unique_ptr<FGPlanePosPatient> position(
            FGPlanePosPatient::createMinimal(ds(p[0]).c_str(), ds(p[1]).c_str(), ds(p[2]).c_str()));
        FGFrameContent frameContent;
        frameContent.setDimensionIndexValues(static_cast<Uint32>(f.k + 1), 0);
        OFVector<FGBase*> perFrame;
        perFrame.push_back(position.get());
        perFrame.push_back(&frameContent);
        ok = seg->addFrame(pixels.data(), static_cast<Uint16>(f.segment), perFrame);
        EXPECT_TRUE(ok.good()) << ok.text();
    }
    IODReferences references;
    for (std::int64_t k = 0; k < g.size[2]; ++k)
        references.add(new IODImageReference(
            "P1", "1.2.826.0.1.3680043.2.1143.76", kSeriesUid,
            ("1.2.826.0.1.3680043.2.1143.78." + std::to_string(k)).c_str(), UID_CTImageStorage));
    seg->getCommonInstanceReference().addReferences(references);
    ok = seg->saveFile(file.string().c_str());
    EXPECT_TRUE(ok.good()) << ok.text();
    return expected;
}

std::size_t count(const Mask& m) {
    std::size_t n = 0;
    for (auto v : m.voxels)
        n += v;
    return n;
}

} // namespace

TEST(Seg, BinaryRoundTripGivesIdenticalMasks) {
    rgw::test::TempDir dir;
    const fs::path file = dir.path() / "seg.dcm";
    const auto expected = writeSeg(file, false, {{1, 3}, {1, 1}, {2, 2}, {1, 2}});
    const auto seg = rgw::dicom::readSegmentation(file);
    EXPECT_EQ(seg.segmentationType, rgw::dicom::Segmentation::Type::Binary);
    EXPECT_EQ(seg.referencedSeriesInstanceUid, kSeriesUid);
    EXPECT_EQ(seg.frameOfReferenceUid, "1.2.826.0.1.3680043.2.1143.75");
    ASSERT_EQ(seg.segments.size(), 2u);
    EXPECT_EQ(seg.segments[0].segmentNumber, 1);
    EXPECT_EQ(seg.segments[0].segmentLabel, "Tumour");
    EXPECT_EQ(seg.segments[0].segmentAlgorithmType, "MANUAL");
    EXPECT_EQ(seg.segments[1].segmentLabel, "Node");
    EXPECT_EQ(seg.segments[1].segmentAlgorithmType, "AUTOMATIC");
    // Scaled Lab (PS3.3 C.10.7.1.1) of sRGB red, D65 Lab (53.24, 80.09, 67.20), and of
    // sRGB green, Lab (87.73, -86.18, 83.18) (standard sRGB/CIELab tables).
    ASSERT_TRUE(seg.segments[0].hasDisplayColor);
    for (int c = 0; c < 3; ++c) {
        EXPECT_NEAR(seg.segments[0].displayColor[static_cast<std::size_t>(c)], c == 0 ? 255 : 0, 2);
        EXPECT_NEAR(seg.segments[1].displayColor[static_cast<std::size_t>(c)], c == 1 ? 255 : 0, 2);
    }
    ASSERT_EQ(seg.frames.size(), 4u);
    for (int s = 1; s <= 2; ++s) {
        const Mask m = rgw::dicom::decodeSegment(seg, s, grid());
        EXPECT_TRUE(m.geometry.sameGrid(grid()));
        EXPECT_EQ(m.voxels, expected[static_cast<std::size_t>(s - 1)].voxels) << "segment " << s;
        EXPECT_GT(count(m), 10u);
    }
}

TEST(Seg, FractionalThresholdsAtHalfTheMaximum) {
    rgw::test::TempDir dir;
    const fs::path file = dir.path() / "frac.dcm";
    // Maximum Fractional Value 200: inside when value >= 100.
    const auto expected = writeSeg(file, true, {{1, 0}, {1, 4}, {2, 4}});
    const auto seg = rgw::dicom::readSegmentation(file);
    EXPECT_EQ(seg.segmentationType, rgw::dicom::Segmentation::Type::Fractional);
    EXPECT_EQ(seg.maximumFractionalValue, 200);
    for (int s = 1; s <= 2; ++s)
        EXPECT_EQ(rgw::dicom::decodeSegment(seg, s, grid()).voxels,
                  expected[static_cast<std::size_t>(s - 1)].voxels)
            << "segment " << s;
}

TEST(Seg, FramesOffTheGridAreRejected) {
    rgw::test::TempDir dir;
    const fs::path file = dir.path() / "off.dcm";
    writeSeg(file, false, {{1, 1}, {2, 3}}, 0.7); // 0.7 mm between slices
    const auto seg = rgw::dicom::readSegmentation(file);
    try {
        (void)rgw::dicom::decodeSegment(seg, 1, grid());
        FAIL() << "expected an error";
    } catch (const rgw::Error& e) {
        EXPECT_NE(std::string(e.what()).find("(0020,0032)"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find(file.string()), std::string::npos) << e.what();
    }
    Geometry other = grid();
    other.size[0] = 7;
    EXPECT_THROW((void)rgw::dicom::decodeSegment(seg, 1, other), rgw::Error);
    EXPECT_THROW((void)rgw::dicom::decodeSegment(seg, 9, grid()), rgw::Error);
}

TEST(Seg, BinaryPackingAcrossFrames) {
    // PS3.5 8.1.1: 1-bit frames are packed back to back; with 3 x 3 frames the
    // second frame starts at bit 9 (byte 1, bit 1). Bits set by hand.
    rgw::dicom::Segmentation seg;
    seg.rows = 3;
    seg.columns = 3;
    seg.segments.push_back({1, "a", "MANUAL", {255, 0, 0}, false});
    Geometry g;
    g.size = {3, 3, 2};
    seg.frames = {{1, {0, 0, 0}}, {1, {0, 0, 1}}};
    // Frame 1: pixels 0 and 8 (bits 0, 8). Frame 2: pixel 4 (bit 13).
    seg.pixelData = {0x01, 0x01 | (1 << 5), 0x00};
    const Mask m = rgw::dicom::decodeSegment(seg, 1, g);
    std::vector<std::uint8_t> expected(18, 0);
    expected[0] = expected[8] = expected[9 + 4] = 1;
    EXPECT_EQ(m.voxels, expected);
}

TEST(Seg, NotASegmentationNamesTheFile) {
    rgw::test::TempDir dir;
    const fs::path file = dir.path() / "junk.dcm";
    std::ofstream(file) << "junk";
    try {
        (void)rgw::dicom::readSegmentation(file);
        FAIL() << "expected an error";
    } catch (const rgw::Error& e) {
        EXPECT_NE(std::string(e.what()).find(file.string()), std::string::npos) << e.what();
    }
}
