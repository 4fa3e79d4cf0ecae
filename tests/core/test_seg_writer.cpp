// DICOM SEG export: masks on synthetic oblique / anisotropic image series are
// written with writeSegmentation and read back with the SEG reader (identical
// voxels, labels, colours), the references are checked with plain dcmdata,
// and the file is validated by dicom3tools' dciodvfy and DCMTK's dcmdump.
#include "ExportTestSupport.h"
#include "TestData.h"
#include "io/dicom/ReferencedSeries.h"
#include "io/dicom/Seg.h"
#include "io/dicom/SegWriter.h"
#include "io/dicom/SeriesLoader.h"
#include "util/Error.h"

#include <Eigen/Geometry>
#include <algorithm>
#include <gtest/gtest.h>
#include <map>

namespace {

namespace fs = std::filesystem;
using rgw::Geometry;
using rgw::Mask;
using rgw::test::expectValidIod;
using rgw::test::SynthSeries;
using rgw::test::writeSeries;

/// A ball of radius `r` mm around `centre` (LPS) on grid g.
Mask ball(const Geometry& g, const Eigen::Vector3d& centre, double r) {
    Mask m(g, 0);
    for (std::int64_t k = 0; k < g.size[2]; ++k)
        for (std::int64_t j = 0; j < g.size[1]; ++j)
            for (std::int64_t i = 0; i < g.size[0]; ++i)
                if ((g.physicalPoint(Eigen::Vector3d(double(i), double(j), double(k))) - centre)
                        .norm() <= r)
                    m.at(i, j, k) = 1;
    return m;
}

std::size_t count(const Mask& m) {
    return static_cast<std::size_t>(std::count(m.voxels.begin(), m.voxels.end(), 1));
}

Geometry obliqueGrid() {
    Geometry g;
    g.size = {7, 5, 9}; // 35 pixels per frame: frames do not start on byte boundaries
    g.spacing = {0.6, 1.3, 3.0};
    g.origin = {-12.5, 40.25, 101.0};
    g.direction =
        Eigen::AngleAxisd(0.4, Eigen::Vector3d(0.3, -0.2, 1.0).normalized()).toRotationMatrix();
    return g;
}

TEST(SegWriter, RgbToCielabMatchesPublishedValuesAndInvertsTheReader) {
    // sRGB red = CIELab(D65) (53.24, 80.09, 67.20) -> scaled (34891, 53480, 50167);
    // white = (100, 0, 0) -> (65535, 32896, 32896) (PS3.3 C.10.7.1.1 scaling).
    const auto red = rgw::dicom::rgbToCielab({255, 0, 0});
    EXPECT_NEAR(red[0], 34891, 40);
    EXPECT_NEAR(red[1], 53480, 40);
    EXPECT_NEAR(red[2], 50167, 40);
    const auto white = rgw::dicom::rgbToCielab({255, 255, 255});
    EXPECT_NEAR(white[0], 65535, 5);
    EXPECT_NEAR(white[1], 32896, 5);
    EXPECT_NEAR(white[2], 32896, 5);
    int worst = 0;
    for (int r = 0; r <= 255; r += 15)
        for (int g = 0; g <= 255; g += 15)
            for (int b = 0; b <= 255; b += 15) {
                const auto back = rgw::dicom::cielabToRgb(rgw::dicom::rgbToCielab({r, g, b}));
                worst = std::max(
                    {worst, std::abs(back[0] - r), std::abs(back[1] - g), std::abs(back[2] - b)});
            }
    EXPECT_LE(worst, 1);
    std::printf("sRGB -> CIELab -> sRGB: worst channel error %d\n", worst);
}

TEST(SegWriter, ReferencedSeriesMatchesFilesToSlicesByPosition) {
    rgw::test::TempDir dir;
    const Geometry g = obliqueGrid();
    const SynthSeries series = writeSeries(dir.path() / "ct", g);
    const auto ref = rgw::dicom::readReferencedSeries(series.files, g);
    EXPECT_EQ(ref.seriesInstanceUid, series.seriesUid);
    EXPECT_EQ(ref.studyInstanceUid, series.studyUid);
    EXPECT_EQ(ref.patientId, "SYNTH01");
    EXPECT_EQ(ref.patientName, "Synthetic^Patient");
    EXPECT_EQ(ref.studyDate, "20240102");
    EXPECT_EQ(ref.modality, "CT");
    EXPECT_EQ(ref.frameOfReferenceUid, "1.2.3.4");
    ASSERT_EQ(ref.slices.size(), 9u);
    for (std::size_t k = 0; k < 9; ++k) {
        EXPECT_EQ(ref.slices[k].sopInstanceUid, series.sopUids[k]) << "slice " << k;
        EXPECT_EQ(ref.slices[k].sopClassUid, UID_CTImageStorage);
        EXPECT_EQ(ref.slices[k].frameNumber, 0);
    }
    // A grid shifted by half a slice matches no file: the error names one.
    Geometry shifted = g;
    shifted.origin += 0.5 * g.spacing[2] * g.direction.col(2);
    try {
        (void)rgw::dicom::readReferencedSeries(series.files, shifted);
        FAIL() << "expected an error";
    } catch (const rgw::Error& e) {
        EXPECT_NE(std::string(e.what()).find("slice"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find(".dcm"), std::string::npos) << e.what();
    }
}

TEST(SegWriter, ReferencedSeriesMatchesFramesOfAMultiFrameImage) {
    // An Enhanced CT header whose frames run from the last slice to the first.
    rgw::test::TempDir dir;
    const Geometry g = obliqueGrid();
    DcmFileFormat ff;
    DcmDataset& d = *ff.getDataset();
    const std::string sop = rgw::test::newUid();
    d.putAndInsertString(DCM_SOPClassUID, UID_EnhancedCTImageStorage);
    d.putAndInsertString(DCM_SOPInstanceUID, sop.c_str());
    d.putAndInsertString(DCM_SeriesInstanceUID, "1.2.826.0.1.3680043.2.1143.90");
    d.putAndInsertString(DCM_NumberOfFrames, std::to_string(g.size[2]).c_str());
    for (std::int64_t f = 0; f < g.size[2]; ++f) {
        DcmItem* frame = nullptr;
        d.findOrCreateSequenceItem(DCM_PerFrameFunctionalGroupsSequence, frame, -2);
        DcmItem* position = nullptr;
        frame->findOrCreateSequenceItem(DCM_PlanePositionSequence, position, 0);
        const Eigen::Vector3d p = g.physicalPoint({0, 0, static_cast<double>(g.size[2] - 1 - f)});
        const double v[3] = {p[0], p[1], p[2]};
        position->putAndInsertString(DCM_ImagePositionPatient, rgw::test::multi(v, 3).c_str());
    }
    const fs::path file = dir.path() / "enhanced.dcm";
    rgw::test::save(ff, file);
    const auto ref = rgw::dicom::readReferencedSeries({file}, g);
    ASSERT_EQ(ref.slices.size(), static_cast<std::size_t>(g.size[2]));
    for (std::int64_t k = 0; k < g.size[2]; ++k) {
        EXPECT_EQ(ref.slices[static_cast<std::size_t>(k)].sopInstanceUid, sop);
        EXPECT_EQ(ref.slices[static_cast<std::size_t>(k)].frameNumber, g.size[2] - k)
            << "slice " << k;
    }
}

/// Writes a SEG of `masks` over a synthetic series on `g` and checks the round trip.
void roundTrip(const Geometry& requested, const std::vector<Mask>& masksOnRequested) {
    rgw::test::TempDir dir;
    const SynthSeries series = writeSeries(dir.path() / "ct", requested);
    // The grid as the loader derives it from the files (what the application uses).
    const auto loaded = rgw::dicom::loadSeries(series.files);
    const Geometry& g = loaded.volume.geometry;
    ASSERT_TRUE(g.sameGrid(requested, 1e-4));
    const auto ref = rgw::dicom::readReferencedSeries(series.files, g);

    const std::vector<std::string> labels{"GTV Tumour", "Node", "Empty"};
    const std::vector<std::array<int, 3>> colours{{230, 40, 25}, {20, 200, 90}, {128, 128, 255}};
    std::vector<Mask> masks;
    std::vector<rgw::dicom::SegmentToWrite> segments;
    for (const Mask& m : masksOnRequested) {
        Mask onLoaded = m;
        onLoaded.geometry = g;
        masks.push_back(std::move(onLoaded));
    }
    for (std::size_t s = 0; s < masks.size(); ++s) {
        rgw::dicom::SegmentToWrite segment;
        segment.label = labels[s];
        segment.colour = colours[s];
        segment.mask = &masks[s];
        segment.manual = s != 1;
        segment.algorithmName = s == 1 ? "region growing" : "";
        segments.push_back(segment);
    }
    const fs::path file = dir.path() / "out" / "seg.dcm";
    const auto written = rgw::dicom::writeSegmentation(file, ref, segments);

    const auto seg = rgw::dicom::readSegmentation(file);
    EXPECT_EQ(seg.sopInstanceUid, written.sopInstanceUid);
    EXPECT_EQ(seg.referencedSeriesInstanceUid, series.seriesUid);
    EXPECT_EQ(seg.frameOfReferenceUid, "1.2.3.4");
    EXPECT_EQ(seg.segmentationType, rgw::dicom::Segmentation::Type::Binary);
    ASSERT_EQ(seg.segments.size(), masks.size());
    std::size_t expectedFrames = 0;
    for (std::size_t s = 0; s < masks.size(); ++s) {
        const auto& read = seg.segments[s];
        EXPECT_EQ(read.segmentNumber, static_cast<int>(s + 1));
        EXPECT_EQ(read.segmentLabel, labels[s]);
        EXPECT_EQ(read.segmentAlgorithmType, s == 1 ? "SEMIAUTOMATIC" : "MANUAL");
        ASSERT_TRUE(read.hasDisplayColor);
        for (std::size_t c = 0; c < 3; ++c)
            EXPECT_NEAR(read.displayColor[c], colours[s][c], 1) << labels[s] << " channel " << c;
        const Mask back = rgw::dicom::decodeSegment(seg, read.segmentNumber, g);
        EXPECT_TRUE(back.voxels == masks[s].voxels) << labels[s] << ": mask differs";
        std::printf("segment '%s': %zu voxels written, %zu read, identical: %s\n",
                    labels[s].c_str(), count(masks[s]), count(back),
                    back.voxels == masks[s].voxels ? "yes" : "no");
        std::size_t slices = 0;
        const auto slicePixels = static_cast<std::size_t>(g.size[0] * g.size[1]);
        for (std::int64_t k = 0; k < g.size[2]; ++k)
            slices += std::any_of(
                masks[s].voxels.begin() +
                    static_cast<std::ptrdiff_t>(k * static_cast<std::int64_t>(slicePixels)),
                masks[s].voxels.begin() + static_cast<std::ptrdiff_t>((k + 1) * slicePixels),
                [](std::uint8_t v) { return v != 0; });
        expectedFrames += std::max<std::size_t>(slices, 1); // an empty segment keeps one frame
    }
    EXPECT_EQ(seg.frames.size(), expectedFrames);

    // Per-frame Derivation Image > Source Image: the image on the frame's slice.
    DcmFileFormat ff;
    ASSERT_TRUE(ff.loadFile(file.string().c_str()).good());
    DcmDataset& ds = *ff.getDataset();
    OFString text;
    ds.findAndGetOFString(DCM_StudyInstanceUID, text);
    EXPECT_EQ(text.c_str(), series.studyUid);
    ds.findAndGetOFString(DCM_PatientID, text);
    EXPECT_EQ(text.c_str(), std::string("SYNTH01"));
    ds.findAndGetOFString(DCM_SeriesInstanceUID, text);
    EXPECT_EQ(text.c_str(), written.seriesInstanceUid);
    EXPECT_NE(written.seriesInstanceUid, series.seriesUid);
    ds.findAndGetOFString(DCM_Manufacturer, text);
    EXPECT_EQ(text.c_str(), std::string("Radiogenomics Workstation"));
    DcmSequenceOfItems* perFrame = nullptr;
    ASSERT_TRUE(ds.findAndGetSequence(DCM_PerFrameFunctionalGroupsSequence, perFrame).good());
    ASSERT_EQ(perFrame->card(), seg.frames.size());
    for (unsigned long f = 0; f < perFrame->card(); ++f) {
        DcmItem* source = nullptr;
        ASSERT_TRUE(perFrame->getItem(f)
                        ->findAndGetSequenceItem(DCM_DerivationImageSequence, source, 0)
                        .good());
        ASSERT_TRUE(source->findAndGetSequenceItem(DCM_SourceImageSequence, source, 0).good());
        source->findAndGetOFString(DCM_ReferencedSOPInstanceUID, text);
        const auto& ipp = seg.frames[f].imagePositionPatient;
        const Eigen::Vector3d index = g.continuousIndex({ipp[0], ipp[1], ipp[2]});
        const auto k = static_cast<std::size_t>(std::lround(index[2]));
        EXPECT_EQ(text.c_str(), series.sopUids[k]) << "frame " << f + 1;
    }
    // Referenced Series Sequence lists every image of the series.
    DcmItem* refSeries = nullptr;
    ASSERT_TRUE(ds.findAndGetSequenceItem(DCM_ReferencedSeriesSequence, refSeries, 0).good());
    DcmSequenceOfItems* instances = nullptr;
    ASSERT_TRUE(refSeries->findAndGetSequence(DCM_ReferencedInstanceSequence, instances).good());
    EXPECT_EQ(instances->card(), series.sopUids.size());
    expectValidIod(file, "Segmentation");
}

TEST(SegWriter, ObliqueRoundTripIsIdentical) {
    const Geometry g = obliqueGrid();
    const Eigen::Vector3d centre = g.physicalPoint({3.0, 2.0, 4.0});
    Mask box(g, 0);
    for (std::int64_t k = 2; k <= 3; ++k)
        for (std::int64_t j = 1; j <= 3; ++j)
            for (std::int64_t i = 0; i <= 6; i += 2)
                box.at(i, j, k) = 1; // isolated columns: odd bits across byte boundaries
    box.at(6, 4, 8) = 1;             // last pixel of the last slice
    roundTrip(g, {ball(g, centre, 5.0), box, Mask(g, 0)});
}

TEST(SegWriter, AnisotropicAxialRoundTripIsIdentical) {
    Geometry g;
    g.size = {24, 19, 6};
    g.spacing = {0.4, 0.9, 5.0};
    g.origin = {-100.0, 20.0, -300.0};
    const Eigen::Vector3d centre = g.physicalPoint({11.0, 9.0, 2.5});
    Mask slab(g, 0);
    for (std::int64_t j = 0; j < 19; ++j)
        for (std::int64_t i = 0; i < 24; ++i)
            slab.at(i, j, 5) = (i + j) % 3 == 0;
    roundTrip(g, {ball(g, centre, 4.2), slab});
}

TEST(SegWriter, MismatchedInputNamesTheProblem) {
    rgw::test::TempDir dir;
    const Geometry g = obliqueGrid();
    const SynthSeries series = writeSeries(dir.path() / "ct", g);
    auto ref = rgw::dicom::readReferencedSeries(series.files, g);
    Geometry other = g;
    other.size[2] = 4;
    const Mask wrong(other, 1);
    rgw::dicom::SegmentToWrite segment;
    segment.label = "X";
    segment.mask = &wrong;
    try {
        (void)rgw::dicom::writeSegmentation(dir.path() / "x.dcm", ref, {segment});
        FAIL() << "expected an error";
    } catch (const rgw::Error& e) {
        EXPECT_NE(std::string(e.what()).find("slices"), std::string::npos) << e.what();
    }
    EXPECT_THROW((void)rgw::dicom::writeSegmentation(dir.path() / "y.dcm", ref, {}), rgw::Error);
}

} // namespace
