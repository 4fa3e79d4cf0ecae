// Series assembly: geometry (axial, descending, oblique), findings, pixel
// value handling, enhanced multi-frame and compressed transfer syntaxes, all on
// synthetic DICOM written here with DCMTK; then the shared STS series. Then
// the two steps of loading: planSeries (headers only) refuses what loadSeries
// refuses, and readSeries of a voxel window equals the crop of the whole read.

#include "DicomSynth.h"
#include "ErrorMessage.h"
#include "TestData.h"
#include "image/VoxelBox.h"
#include "io/dicom/DicomScanner.h"
#include "io/dicom/SeriesLoader.h"
#include "util/Error.h"

#include <Eigen/LU>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <dcmtk/dcmdata/dcpixseq.h>
#include <dcmtk/dcmdata/dcpxitem.h>
#include <dcmtk/dcmdata/dcrleerg.h>
#include <dcmtk/dcmjpeg/djencode.h>
#include <dcmtk/dcmjpeg/djrplol.h>
#include <gtest/gtest.h>
#include <iostream>
#include <map>
#include <numbers>

using namespace rgw;
using namespace rgw::test;
namespace fs = std::filesystem;

namespace {

constexpr int kRows = 6;
constexpr int kCols = 8;

// Stored value of pixel (i, j) of the slice written as file number `file`.
std::uint16_t word(int file, int i, int j) {
    return static_cast<std::uint16_t>(100 * file + j * kCols + i);
}

struct Series {
    std::vector<SliceSpec> slices;
    std::vector<fs::path> files;
};

// Slices at the given positions; slice n is written as file n.
Series makeSeries(const std::vector<std::array<double, 3>>& positions,
                  std::array<double, 6> orientation = {1, 0, 0, 0, 1, 0}) {
    Series s;
    const std::string study = newUid(), series = newUid();
    for (std::size_t n = 0; n < positions.size(); ++n) {
        SliceSpec spec;
        spec.studyUid = study;
        spec.seriesUid = series;
        spec.sopUid = newUid();
        spec.instanceNumber = static_cast<int>(n + 1);
        spec.position = positions[n];
        spec.orientation = orientation;
        spec.words.resize(kRows * kCols);
        for (int j = 0; j < kRows; ++j)
            for (int i = 0; i < kCols; ++i)
                spec.words[j * kCols + i] = word(static_cast<int>(n), i, j);
        s.slices.push_back(spec);
    }
    return s;
}

void writeAll(Series& s, const fs::path& folder, E_TransferSyntax xfer = EXS_LittleEndianExplicit,
              const DcmRepresentationParameter* params = nullptr) {
    s.files.clear();
    for (std::size_t n = 0; n < s.slices.size(); ++n) {
        s.files.push_back(folder / ("im" + std::to_string(n) + ".dcm"));
        auto ff = makeSlice(s.slices[n]);
        save(*ff, s.files.back(), xfer, params);
    }
}

std::vector<std::array<double, 3>> axialPositions(const std::vector<double>& z) {
    std::vector<std::array<double, 3>> p;
    for (double v : z)
        p.push_back({-20.0, -30.0, v});
    return p;
}

Eigen::Vector3d vec(const std::array<double, 3>& a) {
    return {a[0], a[1], a[2]};
}

void expectNear(const Eigen::Vector3d& a, const Eigen::Vector3d& b, double tol = 1e-6) {
    EXPECT_LT((a - b).norm(), tol) << "got " << a.transpose() << " expected " << b.transpose();
}

// The error loadSeries throws; planSeries, the header pass alone, must throw
// the same before any pixel is decoded.
std::string loadError(const std::vector<fs::path>& files, const dicom::LoadOptions& o = {}) {
    const std::string load = errorOf([&] { dicom::loadSeries(files, o); });
    const std::string plan = errorOf([&] { (void)dicom::planSeries(files, o); });
    EXPECT_EQ(plan, load) << "planSeries must refuse what loadSeries refuses";
    return load.empty() ? "(no error)" : load;
}

} // namespace

TEST(SeriesLoader, AxialGeometryAndValues) {
    TempDir dir;
    const std::vector<double> z{15.0, 10.0, 20.0, 12.5, 17.5}; // written out of order
    Series s = makeSeries(axialPositions(z));
    writeAll(s, dir.path());
    const auto loaded = dicom::loadSeries(s.files);
    const Geometry& g = loaded.volume.geometry;
    EXPECT_EQ(g.size, (std::array<std::int64_t, 3>{kCols, kRows, 5}));
    // Pixel Spacing is row spacing (along j) \ column spacing (along i).
    expectNear(g.spacing, {0.8, 0.7, 2.5});
    expectNear(g.origin, {-20, -30, 10});
    EXPECT_TRUE(g.direction.isApprox(Eigen::Matrix3d::Identity(), 1e-9));
    EXPECT_TRUE(loaded.findings.empty());
    EXPECT_EQ(loaded.volume.unit, IntensityUnit::HounsfieldUnit);
    EXPECT_EQ(loaded.modality, "CT");
    EXPECT_EQ(loaded.seriesInstanceUid, s.slices[0].seriesUid);
    const int fileAt[5] = {1, 3, 0, 4, 2}; // files by increasing z
    for (int k = 0; k < 5; ++k) {
        EXPECT_EQ(loaded.sliceSopInstanceUids[k], s.slices[fileAt[k]].sopUid);
        for (int j = 0; j < kRows; ++j)
            for (int i = 0; i < kCols; ++i)
                ASSERT_EQ(loaded.volume.at(i, j, k), word(fileAt[k], i, j)) << i << j << k;
    }
}

TEST(SeriesLoader, DescendingSlicePositions) {
    TempDir dir;
    // Instance numbers 1..5 go from head to feet (z decreasing).
    Series s = makeSeries(axialPositions({40, 37, 34, 31, 28}));
    s.slices[0].pixelSpacing = s.slices[1].pixelSpacing; // unchanged, for clarity
    writeAll(s, dir.path());
    const auto loaded = dicom::loadSeries(s.files);
    const Geometry& g = loaded.volume.geometry;
    expectNear(g.spacing, {0.8, 0.7, 3.0});
    for (int k = 0; k < 5; ++k) {
        // Voxel (0,0,k) is the first pixel of the k-th slice by increasing z: file 4-k.
        expectNear(g.physicalPoint({0, 0, double(k)}), vec(s.slices[4 - k].position));
        EXPECT_EQ(loaded.volume.at(3, 2, k), word(4 - k, 3, 2));
    }
    // Stacking follows row x column cosine here (+z): right-handed.
    EXPECT_NEAR(g.direction.determinant(), 1.0, 1e-9);
}

TEST(SeriesLoader, ObliqueOrientationMapsIndexToHandComputedPositions) {
    TempDir dir;
    // Row cosine X = (cos 30, sin 30, 0), column cosine Y = (0, 0, -1);
    // normal X x Y = (-0.5, 0.8660254, 0) (hand computed). Slices 3 mm apart,
    // written in reverse order.
    const double c = std::sqrt(3.0) / 2.0;
    const Eigen::Vector3d X(c, 0.5, 0), Y(0, 0, -1), N(-0.5, c, 0);
    std::vector<std::array<double, 3>> pos;
    for (int k = 3; k >= 0; --k) {
        const Eigen::Vector3d p = Eigen::Vector3d(5, 6, 7) + 3.0 * k * N;
        pos.push_back({p.x(), p.y(), p.z()});
    }
    Series s = makeSeries(pos, {c, 0.5, 0, 0, 0, -1});
    writeAll(s, dir.path());
    const auto loaded = dicom::loadSeries(s.files);
    const Geometry& g = loaded.volume.geometry;
    // PS3.3 C.7.6.2.1.1: P(i,j) = S + i * column spacing * X + j * row spacing * Y.
    for (int k = 0; k < 4; ++k)
        for (int j : {0, 5})
            for (int i : {0, 7}) {
                const Eigen::Vector3d expected =
                    Eigen::Vector3d(5, 6, 7) + 3.0 * k * N + i * 0.8 * X + j * 0.7 * Y;
                expectNear(g.physicalPoint({double(i), double(j), double(k)}), expected, 1e-5);
            }
    // One voxel worked out by hand: (2,3,1) -> (3.5 + 1.3856406, 8.5980762 + 0.8, 7 - 2.1).
    expectNear(g.physicalPoint({2, 3, 1}), {4.8856406, 9.3980762, 4.9}, 1e-5);
    EXPECT_EQ(loaded.volume.at(2, 3, 1), word(2, 2, 3)); // k = 1 is the file written third
}

TEST(SeriesLoader, IrregularSpacingIsNamedAndCanBeAllowed) {
    TempDir dir;
    Series s = makeSeries(axialPositions({0, 2.5, 5, 8, 10.5}));
    writeAll(s, dir.path());
    const std::string error = loadError(s.files);
    EXPECT_NE(error.find("irregular spacing"), std::string::npos) << error;
    EXPECT_NE(error.find(".dcm"), std::string::npos) << error;
    dicom::LoadOptions allow;
    allow.allowIrregularSpacing = true;
    const auto loaded = dicom::loadSeries(s.files, allow);
    ASSERT_EQ(loaded.findings.size(), 1u);
    EXPECT_EQ(loaded.findings[0].kind, dicom::GeometryFinding::Kind::IrregularSpacing);
    EXPECT_NEAR(loaded.volume.geometry.spacing.z(), 10.5 / 4, 1e-9);
}

TEST(SeriesLoader, MissingSliceIsNamed) {
    TempDir dir;
    Series s = makeSeries(axialPositions({0, 2.5, 7.5, 10}));
    writeAll(s, dir.path());
    const std::string error = loadError(s.files);
    EXPECT_NE(error.find("missing slices"), std::string::npos) << error;
    dicom::LoadOptions allow;
    allow.allowIrregularSpacing = true;
    const auto loaded = dicom::loadSeries(s.files, allow);
    ASSERT_EQ(loaded.findings.size(), 1u);
    EXPECT_EQ(loaded.findings[0].kind, dicom::GeometryFinding::Kind::MissingSlices);
}

TEST(SeriesLoader, GantryTiltIsNamed) {
    TempDir dir;
    const double shift = 2.5 * std::tan(15.0 * std::numbers::pi / 180.0);
    std::vector<std::array<double, 3>> pos;
    for (int k = 0; k < 5; ++k)
        pos.push_back({-20.0, -30.0 + k * shift, 2.5 * k});
    Series s = makeSeries(pos);
    writeAll(s, dir.path());
    const std::string error = loadError(s.files);
    EXPECT_NE(error.find("gantry tilt"), std::string::npos) << error;
    EXPECT_NE(error.find("15.0"), std::string::npos) << error; // the tilt angle in degrees
}

TEST(SeriesLoader, MixedOrientationDuplicateAndMixedSizeAreNamed) {
    TempDir dir;
    {
        Series s = makeSeries(axialPositions({0, 2.5, 5, 7.5}));
        s.slices[2].orientation = {1, 0, 0, 0, 0.9998, 0.0199987};
        writeAll(s, dir.path() / "orientation");
        const std::string error = loadError(s.files);
        EXPECT_NE(error.find("mixed orientation"), std::string::npos) << error;
        EXPECT_NE(error.find("im2.dcm"), std::string::npos) << error;
    }
    {
        Series s = makeSeries(axialPositions({0, 2.5, 2.5, 5}));
        writeAll(s, dir.path() / "duplicate");
        const std::string error = loadError(s.files);
        EXPECT_NE(error.find("duplicate position"), std::string::npos) << error;
    }
    {
        Series s = makeSeries(axialPositions({0, 2.5, 5}));
        s.slices[1].rows = 5;
        s.slices[1].words.resize(5 * kCols);
        writeAll(s, dir.path() / "size");
        const std::string error = loadError(s.files);
        EXPECT_NE(error.find("mixed size"), std::string::npos) << error;
        EXPECT_NE(error.find("im1.dcm"), std::string::npos) << error;
    }
}

TEST(SeriesLoader, RescaleSignedPixelsAndBitsStoredMasking) {
    TempDir dir;
    Series s = makeSeries(axialPositions({0, 1, 2}));
    std::vector<std::vector<int>> stored(3);
    for (std::size_t n = 0; n < 3; ++n) {
        SliceSpec& spec = s.slices[n];
        spec.bitsStored = 12;
        spec.isSigned = true;
        spec.slope = 2.0 + static_cast<double>(n); // per instance
        spec.intercept = -1000.0;
        for (int p = 0; p < kRows * kCols; ++p) {
            const int v = -2048 + (p * 97 + static_cast<int>(n) * 13) % 4096; // 12-bit signed
            stored[n].push_back(v);
            // Bits above Bits Stored carry junk (as overlay planes did): must be masked.
            spec.words[p] = static_cast<std::uint16_t>((v & 0x0FFF) | 0xA000);
        }
    }
    writeAll(s, dir.path());
    const auto loaded = dicom::loadSeries(s.files);
    for (int k = 0; k < 3; ++k)
        for (int p = 0; p < kRows * kCols; ++p)
            ASSERT_FLOAT_EQ(loaded.volume.voxels[k * kRows * kCols + p],
                            static_cast<float>(stored[k][p] * (2.0 + k) - 1000.0));
}

TEST(SeriesLoader, UnsignedMonochrome1KeepsValues) {
    TempDir dir;
    Series s = makeSeries(axialPositions({0, 1}));
    for (auto& spec : s.slices) {
        spec.modality = "MR";
        spec.sopClassUid = UID_MRImageStorage;
        spec.bitsStored = 12;
        spec.photometric = "MONOCHROME1";
        for (auto& w : spec.words)
            w = static_cast<std::uint16_t>(w | 0x5000);
    }
    writeAll(s, dir.path());
    const auto loaded = dicom::loadSeries(s.files);
    EXPECT_EQ(loaded.volume.unit, IntensityUnit::RescaledValue);
    EXPECT_FLOAT_EQ(loaded.volume.at(7, 5, 1), word(1, 7, 5)); // not inverted, junk masked
}

namespace {

// The same slices as one Enhanced CT object: plane orientation, pixel measures
// and rescale shared; plane position per frame.
fs::path writeEnhanced(const Series& s, const fs::path& file,
                       E_TransferSyntax xfer = EXS_LittleEndianExplicit) {
    DcmFileFormat ff;
    DcmDataset& d = *ff.getDataset();
    SliceSpec first = s.slices[0];
    first.sopClassUid = UID_EnhancedCTImageStorage;
    putCommon(d, first, newUid());
    d.putAndInsertString(DCM_NumberOfFrames, std::to_string(s.slices.size()).c_str());
    DcmItem* shared = nullptr;
    d.findOrCreateSequenceItem(DCM_SharedFunctionalGroupsSequence, shared, 0);
    DcmItem* item = nullptr;
    shared->findOrCreateSequenceItem(DCM_PixelMeasuresSequence, item, 0);
    item->putAndInsertString(DCM_PixelSpacing, multi(first.pixelSpacing.data(), 2).c_str());
    item->putAndInsertString(DCM_SliceThickness, ds(first.sliceThickness).c_str());
    shared->findOrCreateSequenceItem(DCM_PlaneOrientationSequence, item, 0);
    item->putAndInsertString(DCM_ImageOrientationPatient,
                             multi(first.orientation.data(), 6).c_str());
    shared->findOrCreateSequenceItem(DCM_PixelValueTransformationSequence, item, 0);
    putRescale(*item, first);
    item->putAndInsertString(DCM_RescaleType, "HU");
    std::vector<std::uint16_t> all;
    for (std::size_t n = 0; n < s.slices.size(); ++n) {
        DcmItem* perFrame = nullptr;
        d.findOrCreateSequenceItem(DCM_PerFrameFunctionalGroupsSequence, perFrame, -2);
        perFrame->findOrCreateSequenceItem(DCM_PlanePositionSequence, item, 0);
        item->putAndInsertString(DCM_ImagePositionPatient,
                                 multi(s.slices[n].position.data(), 3).c_str());
        all.insert(all.end(), s.slices[n].words.begin(), s.slices[n].words.end());
    }
    d.putAndInsertUint16Array(DCM_PixelData, all.data(), static_cast<unsigned long>(all.size()));
    save(ff, file, xfer);
    return file;
}

} // namespace

TEST(SeriesLoader, EnhancedMultiFrameEqualsSingleFrames) {
    TempDir dir;
    Series s = makeSeries(axialPositions({12, 4, 8, 0, 16}));
    for (auto& spec : s.slices) {
        spec.slope = 0.5;
        spec.intercept = -100;
    }
    writeAll(s, dir.path() / "single");
    const auto single = dicom::loadSeries(s.files);
    const fs::path enhanced = writeEnhanced(s, dir.path() / "enhanced.dcm");
    const auto multi = dicom::loadSeries({enhanced});
    EXPECT_TRUE(multi.volume.geometry.sameGrid(single.volume.geometry, 1e-9));
    EXPECT_EQ(multi.volume.voxels, single.volume.voxels);
    EXPECT_EQ(multi.sliceSopInstanceUids.size(), 5u);
    EXPECT_EQ(multi.volume.unit, IntensityUnit::HounsfieldUnit);
    EXPECT_FLOAT_EQ(multi.volume.at(1, 1, 0), 0.5f * word(3, 1, 1) - 100.0f);
}

TEST(SeriesLoader, RleAndJpegLosslessDecodeToTheSameValues) {
    DcmRLEEncoderRegistration::registerCodecs();
    DJEncoderRegistration::registerCodecs();
    TempDir dir;
    Series s = makeSeries(axialPositions({0, 2, 4}));
    for (std::size_t n = 0; n < s.slices.size(); ++n) {
        SliceSpec& spec = s.slices[n];
        spec.bitsStored = 12;
        spec.isSigned = true;
        spec.intercept = -1024;
        for (int p = 0; p < kRows * kCols; ++p) { // signed 12-bit, properly sign-extended
            const int v = -2000 + (p * 83 + static_cast<int>(n) * 7) % 4000;
            spec.words[p] = static_cast<std::uint16_t>(static_cast<std::int16_t>(v));
        }
    }
    writeAll(s, dir.path() / "plain");
    const auto plain = dicom::loadSeries(s.files);

    Series rle = s;
    writeAll(rle, dir.path() / "rle", EXS_RLELossless);
    const auto fromRle = dicom::loadSeries(rle.files);
    EXPECT_EQ(fromRle.volume.voxels, plain.volume.voxels);

    Series jpeg = s;
    const DJ_RPLossless lossless(1, 0); // predictor 1, no point transform
    writeAll(jpeg, dir.path() / "jpeg", EXS_JPEGProcess14SV1, &lossless);
    {
        DcmFileFormat check;
        ASSERT_TRUE(check.loadFile(jpeg.files[0].string().c_str()).good());
        EXPECT_EQ(check.getDataset()->getOriginalXfer(), EXS_JPEGProcess14SV1);
    }
    const auto fromJpeg = dicom::loadSeries(jpeg.files);
    EXPECT_EQ(fromJpeg.volume.voxels, plain.volume.voxels);
    EXPECT_FLOAT_EQ(plain.volume.at(0, 0, 0), -2000.0f - 1024.0f);
}

TEST(SeriesLoader, Jpeg2000IsRejectedNamingTheFile) {
    TempDir dir;
    Series s = makeSeries(axialPositions({0}));
    auto ff = makeSlice(s.slices[0]);
    auto* sequence = new DcmPixelSequence(DCM_PixelSequenceTag);
    sequence->insert(new DcmPixelItem(DCM_PixelItemTag)); // empty offset table
    auto* fragment = new DcmPixelItem(DCM_PixelItemTag);
    Uint8 codestream[4] = {0xFF, 0x4F, 0xFF, 0x51}; // J2K SOC + SIZ markers
    fragment->putUint8Array(codestream, 4);
    sequence->insert(fragment);
    auto* pixels = new DcmPixelData(DCM_PixelData);
    pixels->putOriginalRepresentation(EXS_JPEG2000LosslessOnly, nullptr, sequence);
    ff->getDataset()->insert(pixels, true);
    const fs::path file = dir.path() / "j2k.dcm";
    ASSERT_TRUE(ff->saveFile(file.string().c_str(), EXS_JPEG2000LosslessOnly).good());
    const std::string error = loadError({file});
    EXPECT_NE(error.find("unsupported transfer syntax JPEG 2000 (1.2.840.10008.1.2.4.90)"),
              std::string::npos)
        << error;
    EXPECT_NE(error.find("j2k.dcm"), std::string::npos) << error;
}

TEST(SeriesLoader, FilesOfAnotherSeriesAreRejected) {
    TempDir dir;
    Series a = makeSeries(axialPositions({0, 1}));
    Series b = makeSeries(axialPositions({2}));
    writeAll(a, dir.path() / "a");
    writeAll(b, dir.path() / "b");
    const std::string error = loadError({a.files[0], a.files[1], b.files[0]});
    EXPECT_NE(error.find("Series Instance UID"), std::string::npos) << error;
}

TEST(SeriesLoader, SharedStsSeriesHaveSaneGeometry) {
    RGW_REQUIRE_TEST_DATA();
    const fs::path root = ibsiDataSets() / "ibsi_validation" / "dicom";
    const auto scanned = dicom::scan({root});
    std::map<std::string, std::vector<const dicom::InstanceHeader*>> series;
    for (const auto& h : scanned.instances)
        if (h.kind == dicom::ObjectKind::Image)
            series[h.seriesInstanceUid].push_back(&h);
    EXPECT_EQ(series.size(), 30u); // 10 patients x CT, PET, MR
    const auto start = std::chrono::steady_clock::now();
    std::size_t voxels = 0;
    for (const auto& [uid, headers] : series) {
        std::vector<fs::path> files;
        std::map<std::string, const dicom::InstanceHeader*> bySop;
        for (const auto* h : headers) {
            files.push_back(h->file);
            bySop[h->sopInstanceUid] = h;
        }
        const auto loaded = dicom::loadSeries(files);
        const Geometry& g = loaded.volume.geometry;
        SCOPED_TRACE(headers.front()->file.parent_path().string());
        EXPECT_TRUE(loaded.findings.empty());
        EXPECT_EQ(g.size[2], static_cast<std::int64_t>(headers.size()));
        EXPECT_EQ(g.size[0], headers.front()->columns);
        EXPECT_EQ(g.size[1], headers.front()->rows);
        EXPECT_TRUE((g.direction.transpose() * g.direction).isIdentity(1e-6));
        EXPECT_GT(g.spacing.minCoeff(), 0.0);
        // Every slice k lies at the Image Position (Patient) of its instance.
        for (std::int64_t k = 0; k < g.size[2]; ++k) {
            const auto* h = bySop.at(loaded.sliceSopInstanceUids[static_cast<std::size_t>(k)]);
            const auto& p = h->imagePositionPatient;
            expectNear(g.physicalPoint({0, 0, double(k)}), {p[0], p[1], p[2]}, 1e-3);
        }
        const std::string modality = headers.front()->modality;
        if (modality == "CT")
            EXPECT_EQ(loaded.volume.unit, IntensityUnit::HounsfieldUnit);
        else if (modality == "PT")
            EXPECT_EQ(loaded.volume.unit, IntensityUnit::SuvBodyWeight) << loaded.volume.unitNote;
        else
            EXPECT_EQ(loaded.volume.unit, IntensityUnit::RescaledValue);
        voxels += loaded.volume.voxels.size();
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::cout << "[ STS ] loaded 30 series, " << voxels << " voxels in " << seconds << " s\n";
}

namespace {

// Windows of a grid of at least 2 x 2 x 2 voxels: its two corner boxes, a
// voxel at each corner, one inside, a slab of slices, and the whole grid.
std::vector<VoxelBox> windowsOf(const Geometry& g) {
    const std::int64_t I = g.size[0] - 1, J = g.size[1] - 1, K = g.size[2] - 1;
    return {
        {{0, 0, 0}, {1, 1, 1}},         {{I - 1, J - 1, K - 1}, {I, J, K}},
        {{0, 0, 0}, {0, 0, 0}},         {{I, J, K}, {I, J, K}},
        {{I, 0, K}, {I, 0, K}},         {{1, 1, 1}, {1, 1, 1}},
        {{1, 2, 1}, {I - 1, J, K - 1}}, wholeBox(g),
    };
}

std::string text(const VoxelBox& b) {
    return "window (" + std::to_string(b.lo[0]) + ", " + std::to_string(b.lo[1]) + ", " +
           std::to_string(b.lo[2]) + ")..(" + std::to_string(b.hi[0]) + ", " +
           std::to_string(b.hi[1]) + ", " + std::to_string(b.hi[2]) + ")";
}

// readSeries of `window` equals the crop of the whole series `whole`: same
// grid, same bits, same unit; returns the files it decoded.
std::size_t expectWindowIsCrop(const std::vector<fs::path>& files, const VoxelBox& window,
                               const dicom::LoadedSeries& whole) {
    SCOPED_TRACE(text(window));
    const auto read = dicom::readSeries(dicom::planSeries(files), window);
    const Volume crop = cropImage(whole.volume, window);
    EXPECT_TRUE(read.volume.geometry.sameGrid(crop.geometry, 1e-9));
    EXPECT_EQ(read.volume.geometry.size, crop.geometry.size);
    EXPECT_EQ(read.volume.unit, whole.volume.unit);
    EXPECT_EQ(read.volume.unitNote, whole.volume.unitNote);
    EXPECT_EQ(read.sliceSopInstanceUids, whole.sliceSopInstanceUids); // the whole grid's
    EXPECT_EQ(read.seriesInstanceUid, whole.seriesInstanceUid);
    EXPECT_EQ(read.modality, whole.modality);
    EXPECT_EQ(read.volume.voxels.size(), crop.voxels.size());
    if (read.volume.voxels.size() == crop.voxels.size()) {
        EXPECT_EQ(std::memcmp(read.volume.voxels.data(), crop.voxels.data(),
                              crop.voxels.size() * sizeof(float)),
                  0);
    }
    return read.filesDecoded;
}

// Files holding the slices lo..hi of a series of one single-frame file per slice.
std::size_t slicesOf(const VoxelBox& window) {
    return static_cast<std::size_t>(window.extent(2));
}

} // namespace

TEST(SeriesWindow, PlanHoldsWhatTheLoadedSeriesSays) {
    TempDir dir;
    Series s = makeSeries(axialPositions({15.0, 10.0, 20.0, 12.5, 17.5}));
    writeAll(s, dir.path());
    const auto plan = dicom::planSeries(s.files);
    const auto loaded = dicom::loadSeries(s.files);
    EXPECT_TRUE(plan.geometry().sameGrid(loaded.volume.geometry, 0.0));
    EXPECT_EQ(plan.modality(), "CT");
    EXPECT_EQ(plan.seriesInstanceUid(), s.slices[0].seriesUid);
    EXPECT_EQ(plan.unit(), IntensityUnit::HounsfieldUnit);
    EXPECT_EQ(plan.unitNote(), loaded.volume.unitNote);
    EXPECT_EQ(plan.sliceSopInstanceUids(), loaded.sliceSopInstanceUids);
    EXPECT_TRUE(plan.findings().empty());
    EXPECT_EQ(loaded.filesDecoded, 5u);
}

TEST(SeriesWindow, RescaledCtWindowEqualsTheCropBitForBit) {
    TempDir dir;
    // Written out of slice order, each file with its own Rescale Slope.
    Series s = makeSeries(axialPositions({15.0, 10.0, 20.0, 12.5, 17.5, 22.5}));
    for (std::size_t n = 0; n < s.slices.size(); ++n) {
        s.slices[n].slope = 0.75 + 0.5 * static_cast<double>(n);
        s.slices[n].intercept = -1024;
    }
    writeAll(s, dir.path());
    const auto whole = dicom::loadSeries(s.files);
    ASSERT_EQ(whole.volume.geometry.size, (std::array<std::int64_t, 3>{kCols, kRows, 6}));
    for (const VoxelBox& window : windowsOf(whole.volume.geometry))
        EXPECT_EQ(expectWindowIsCrop(s.files, window, whole), slicesOf(window)) << text(window);
}

TEST(SeriesWindow, EnhancedMultiFrameWindowEqualsTheCrop) {
    TempDir dir;
    // Frame n lies at z = 12, 4, 8, 0, 16: slices 2..3 are frames 2 and 0.
    Series s = makeSeries(axialPositions({12, 4, 8, 0, 16}));
    for (auto& spec : s.slices) {
        spec.slope = 0.5;
        spec.intercept = -100;
    }
    DcmRLEEncoderRegistration::registerCodecs();
    for (const E_TransferSyntax xfer : {EXS_LittleEndianExplicit, EXS_RLELossless}) {
        const fs::path file = writeEnhanced(
            s, dir.path() / ("enhanced" + std::to_string(static_cast<int>(xfer)) + ".dcm"), xfer);
        SCOPED_TRACE(DcmXfer(xfer).getXferName());
        const auto whole = dicom::loadSeries({file});
        for (const VoxelBox& window : windowsOf(whole.volume.geometry))
            EXPECT_EQ(expectWindowIsCrop({file}, window, whole), 1u);
    }
}

TEST(SeriesWindow, PetSuvWindowEqualsTheCrop) {
    TempDir dir;
    Series s = makeSeries(axialPositions({0, 3, 6, 9}));
    for (std::size_t n = 0; n < s.slices.size(); ++n) {
        SliceSpec& spec = s.slices[n];
        spec.sopClassUid = UID_PositronEmissionTomographyImageStorage;
        spec.modality = "PT";
        spec.slope = 0.5 + static_cast<double>(n); // Bq/ml per stored unit, per instance
        spec.intercept = 0;
        s.files.push_back(dir.path() / ("pt" + std::to_string(n) + ".dcm"));
        auto ff = makeSlice(spec);
        putPetSuvInputs(*ff->getDataset());
        save(*ff, s.files.back());
    }
    const auto whole = dicom::loadSeries(s.files);
    ASSERT_EQ(whole.volume.unit, IntensityUnit::SuvBodyWeight) << whole.volume.unitNote;
    EXPECT_EQ(dicom::planSeries(s.files).unit(), IntensityUnit::SuvBodyWeight);
    for (const VoxelBox& window : windowsOf(whole.volume.geometry))
        EXPECT_EQ(expectWindowIsCrop(s.files, window, whole), slicesOf(window)) << text(window);
}

TEST(SeriesWindow, WindowOutsideTheGridOrEmptyIsRefusedNamingIt) {
    TempDir dir;
    Series s = makeSeries(axialPositions({0, 2.5, 5, 7.5, 10}));
    writeAll(s, dir.path());
    const std::string uid = s.slices[0].seriesUid;
    const auto errorFor = [&](const VoxelBox& window) {
        return errorOf([&] { dicom::readSeries(dicom::planSeries(s.files), window); });
    };
    EXPECT_EQ(errorFor({{0, 0, 0}, {8, 5, 4}}),
              "DICOM series " + uid +
                  ": voxel window i 0..8, j 0..5, k 0..4 is not inside the grid of 8 × 6 × 5 "
                  "voxels");
    EXPECT_EQ(errorFor({{0, -1, 2}, {3, 3, 3}}),
              "DICOM series " + uid +
                  ": voxel window i 0..3, j -1..3, k 2..3 is not inside the grid of 8 × 6 × 5 "
                  "voxels");
    EXPECT_EQ(errorFor({{0, 0, 3}, {7, 5, 2}}),
              "DICOM series " + uid +
                  ": voxel window i 0..7, j 0..5, k 3..2 is empty (the grid has 8 × 6 × 5 voxels)");
    EXPECT_EQ(
        errorFor(VoxelBox{}),
        "DICOM series " + uid +
            ": voxel window i 0..-1, j 0..-1, k 0..-1 is empty (the grid has 8 × 6 × 5 voxels)");
}

TEST(SeriesWindow, CtPhantomSlabDecodesOnlyItsFiles) {
    RGW_REQUIRE_TEST_DATA();
    const fs::path folder = ibsiDataSets() / "ibsi_1_ct_radiomics_phantom" / "dicom" / "image";
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(folder))
        if (e.is_regular_file())
            files.push_back(e.path());
    ASSERT_EQ(files.size(), 60u);
    const auto whole = dicom::loadSeries(files);
    EXPECT_EQ(whole.filesDecoded, 60u);
    const Geometry& g = whole.volume.geometry;
    ASSERT_EQ(g.size[2], 60);
    // Slices 20..39, and rows and columns around the phantom's middle.
    const VoxelBox slab{{g.size[0] / 4, g.size[1] / 3, 20}, {3 * g.size[0] / 4, g.size[1] - 1, 39}};
    EXPECT_EQ(expectWindowIsCrop(files, slab, whole), 20u);
    std::cout << "[ CT phantom ] window " << slab.extent(0) << " × " << slab.extent(1) << " × "
              << slab.extent(2) << " = " << slab.extent(0) * slab.extent(1) * slab.extent(2)
              << " voxels of " << g.voxelCount() << ", 20 of 60 files decoded\n";
}
