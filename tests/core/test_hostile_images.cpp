// Hostile image files (issue #10): headers that claim more than the file
// holds, non-physical geometry, non-finite voxel values, CT/PET slices lacking
// what their values need, empty images and SEG pixel data too short. Each
// input is generated here; each must end in an rgw::Error naming the file and
// the quantity or tag, fast and without a large allocation. Valid inputs
// still load identically.

#include "DicomSynth.h"
#include "NiftiSynth.h"
#include "TestData.h"
#include "image/VoxelChecks.h"
#include "io/dicom/DicomScanner.h"
#include "io/dicom/Seg.h"
#include "io/dicom/SeriesLoader.h"
#include "io/dicom/detail/Nesting.h"
#include "io/dicom/detail/PixelValues.h"
#include "io/nifti/Nifti.h"
#include "util/Error.h"
#include "util/ResourceBudget.h"

#include <chrono>
#include <cmath>
#include <cstring>
#include <fstream>
#include <functional>
#include <gtest/gtest.h>
#include <limits>
#include <zlib.h>

namespace {

namespace fs = std::filesystem;
using namespace rgw;
using rgw::test::TempDir;

// ---------------------------------------------------------------- helpers

/// Restores the default memory budget when a test ends.
struct BudgetGuard {
    explicit BudgetGuard(std::uint64_t bytes) { budget::setMemoryBytes(bytes); }
    ~BudgetGuard() { budget::setMemoryBytes(0); }
    BudgetGuard(const BudgetGuard&) = delete;
    BudgetGuard& operator=(const BudgetGuard&) = delete;
};

constexpr std::uint64_t kSmallBudget = 256u << 20;

/// The rgw::Error message of `load` (fails the test when it does not throw
/// rgw::Error), and checks it took less than a second.
std::string errorOf(const std::function<void()>& load) {
    const auto start = std::chrono::steady_clock::now();
    std::string message;
    try {
        load();
        ADD_FAILURE() << "no error";
    } catch (const Error& e) {
        message = e.what();
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    EXPECT_LT(seconds, 1.0) << message;
    return message;
}

#define EXPECT_HAS(text, part) EXPECT_NE((text).find(part), std::string::npos) << (text)

using rgw::test::RawNifti;

constexpr std::int16_t kFloat32 = 16, kFloat64 = 64;

// ---------------------------------------------------------------- NIfTI

TEST(HostileNifti, HeaderClaimingTeraBytesFailsOnTheFileSizeFirst) {
    TempDir dir;
    RawNifti raw(32767, 32767, 32767, kFloat32, 32);
    raw.append(std::vector<float>{1.0f});
    const fs::path gz = dir.path() / "huge.nii.gz";
    raw.writeGzip(gz);
    const fs::path plain = dir.path() / "huge.nii";
    raw.write(plain);
    for (const std::uint64_t limit : {kSmallBudget, std::uint64_t{0}}) {
        BudgetGuard guard(limit);
        const std::string e = errorOf([&] { nifti::readVolume(gz); });
        EXPECT_HAS(e, "NIfTI file " + gz.string());
        EXPECT_HAS(e, "header claims 32767 × 32767 × 32767 voxels (141 TB)");
        EXPECT_HAS(e, "of gzip data");
        EXPECT_EQ(e.find("memory budget"), std::string::npos) << e; // the file check comes first
        const std::string p = errorOf([&] { nifti::readMask(plain); });
        EXPECT_HAS(p, "NIfTI file " + plain.string() +
                          ": header claims 32767 × 32767 × 32767 voxels (141 TB) but the file "
                          "holds 356 bytes");
    }
}

TEST(HostileNifti, VoxOffsetBeyondTheFileIsRefusedWithoutSkipping) {
    TempDir dir;
    for (const double offset : {0x1p63, 0x1p32}) {
        RawNifti raw(1, 1, 1, kFloat32, 32);
        raw.voxOffset(static_cast<float>(offset));
        raw.append(std::vector<float>{1.0f});
        const fs::path file = dir.path() / "offset.nii.gz";
        raw.writeGzip(file);
        const std::string e = errorOf([&] { nifti::readVolume(file); });
        EXPECT_HAS(e, file.string());
        EXPECT_HAS(e, "vox_offset " + std::to_string(static_cast<std::uint64_t>(offset)) +
                          " lies beyond the end of the data");
    }
    RawNifti infinite(1, 1, 1, kFloat32, 32);
    infinite.voxOffset(std::numeric_limits<float>::infinity());
    infinite.write(dir.path() / "inf.nii");
    EXPECT_HAS(errorOf([&] { nifti::readVolume(dir.path() / "inf.nii"); }), "vox_offset");
}

TEST(HostileNifti, ExtensionsAreSkippedAndMultiMemberGzipStillLoads) {
    TempDir dir;
    const std::vector<float> values{1, 2, 3, 4, 5, 6, 7, 8};
    RawNifti raw(2, 2, 2, kFloat32, 32);
    // 200 kB of extension: skipped in fixed chunks.
    raw.voxOffset(352.0f + 200000.0f);
    raw.bytes.resize(352 + 200000, 0);
    raw.append(values);
    raw.write(dir.path() / "ext.nii");
    // Header in one gzip member, data in another: the last ISIZE (32 bytes)
    // is smaller than the file; the reader must count, not refuse.
    raw.writeGzip(dir.path() / "members.nii.gz", {352, 352 + 200000});
    for (const char* name : {"ext.nii", "members.nii.gz"}) {
        const Volume v = nifti::readVolume(dir.path() / name);
        EXPECT_EQ(v.voxels, values) << name;
    }
}

TEST(HostileNifti, NonPhysicalGeometryNamesTheFile) {
    TempDir dir;
    RawNifti spacing(2, 1, 1, kFloat32, 32);
    spacing.set<float>(80, 1e30f); // pixdim[1]
    spacing.append(std::vector<float>{0, 0});
    spacing.write(dir.path() / "spacing.nii");
    std::string e = errorOf([&] { nifti::readVolume(dir.path() / "spacing.nii"); });
    EXPECT_HAS(e, (dir.path() / "spacing.nii").string());
    EXPECT_HAS(e, "voxel spacing");

    RawNifti origin(2, 1, 1, kFloat32, 32);
    origin.set<std::int16_t>(254, 1); // sform_code
    const float rows[3][4] = {{1, 0, 0, std::nanf("")}, {0, 1, 0, 0}, {0, 0, 1, 0}};
    for (std::size_t r = 0; r < 3; ++r)
        for (std::size_t c = 0; c < 4; ++c)
            origin.set<float>(280 + 16 * r + 4 * c, rows[r][c]);
    origin.append(std::vector<float>{0, 0});
    origin.write(dir.path() / "origin.nii");
    e = errorOf([&] { nifti::readVolume(dir.path() / "origin.nii"); });
    EXPECT_HAS(e, (dir.path() / "origin.nii").string());
    EXPECT_HAS(e, "origin coordinate");
}

TEST(HostileNifti, NonFiniteVoxelsAreRefusedNamingCountAndFirstPosition) {
    TempDir dir;
    const float nan = std::numeric_limits<float>::quiet_NaN();
    const float inf = std::numeric_limits<float>::infinity();
    std::vector<float> values(4 * 3 * 2, 1.0f);
    values[(0 * 3 + 2) * 4 + 1] = nan; // (1, 2, 0)
    values[(1 * 3 + 0) * 4 + 3] = inf; // (3, 0, 1)
    RawNifti raw(4, 3, 2, kFloat32, 32);
    raw.append(values);
    const fs::path file = dir.path() / "nan.nii";
    raw.write(file);
    for (const auto& [kind, read] : std::vector<std::pair<std::string, std::function<void()>>>{
             {"NIfTI file ", [&] { nifti::readVolume(file); }},
             {"NIfTI mask ", [&] { nifti::readMask(file); }},
             {"NIfTI label map ", [&] { nifti::readLabelMap(file); }}}) {
        const std::string e = errorOf(read);
        EXPECT_HAS(e, kind + file.string());
        EXPECT_HAS(e, "2 voxels hold no finite value (NaN or ±inf), the first at (i, j, k) = "
                      "(1, 2, 0)");
    }
    // A finite double beyond the float range becomes inf: refused the same way.
    RawNifti wide(2, 1, 1, kFloat64, 64);
    wide.append(std::vector<double>{1.0, 1e300});
    wide.write(dir.path() / "wide.nii");
    EXPECT_HAS(errorOf([&] { nifti::readVolume(dir.path() / "wide.nii"); }),
               "1 voxel holds no finite value (NaN or ±inf), the first at (i, j, k) = (1, 0, 0)");
}

TEST(HostileNifti, ValidFilesLoadIdenticallyUnderASmallBudget) {
    TempDir dir;
    Geometry g;
    g.size = {5, 4, 3};
    g.spacing = {0.7, 0.8, 2.5};
    g.origin = {-10, 20, 30};
    Volume v(g);
    for (std::size_t i = 0; i < v.voxels.size(); ++i)
        v.voxels[i] = static_cast<float>(i) * 0.25f - 3.0f;
    BudgetGuard guard(kSmallBudget);
    for (const char* name : {"v.nii", "v.nii.gz"}) {
        nifti::writeVolume(v, dir.path() / name);
        const Volume back = nifti::readVolume(dir.path() / name);
        EXPECT_TRUE(back.geometry.sameGrid(g, 1e-5)) << name;
        EXPECT_EQ(back.voxels, v.voxels) << name;
    }
}

// ---------------------------------------------------------------- DICOM

/// A small CT or PET series (PET with the SUV inputs of a BQML image).
struct SeriesSpec {
    std::string modality = "CT";
    int slices = 3;
    int rows = 32, columns = 32; // 2 KB of 16-bit pixel data per slice
};

std::unique_ptr<DcmFileFormat> makeSlice(const SeriesSpec& spec, int k, const std::string& study,
                                         const std::string& series) {
    rgw::test::SliceSpec s;
    if (spec.modality == "PT") {
        s.sopClassUid = UID_PositronEmissionTomographyImageStorage;
        s.modality = "PT";
    }
    s.studyUid = study;
    s.seriesUid = series;
    s.instanceNumber = k + 1;
    s.rows = spec.rows;
    s.columns = spec.columns;
    s.position = {0, 0, 2.5 * k};
    s.intercept = spec.modality == "CT" ? -1024 : 0;
    s.words.resize(static_cast<std::size_t>(s.rows * s.columns));
    for (std::size_t p = 0; p < s.words.size(); ++p)
        s.words[p] = static_cast<std::uint16_t>(1000 + p + 7 * static_cast<std::size_t>(k));
    auto ff = rgw::test::makeSlice(s);
    DcmDataset& d = *ff->getDataset();
    if (spec.modality == "PT")
        rgw::test::putPetSuvInputs(d);
    return ff;
}

/// Writes the series; `edit(k, dataset)` changes slice k before it is saved.
std::vector<fs::path> writeSeries(const fs::path& folder, const SeriesSpec& spec,
                                  const std::function<void(int, DcmDataset&)>& edit = {}) {
    const std::string study = rgw::test::newUid(), series = rgw::test::newUid();
    std::vector<fs::path> files;
    for (int k = 0; k < spec.slices; ++k) {
        auto ff = makeSlice(spec, k, study, series);
        if (edit)
            edit(k, *ff->getDataset());
        files.push_back(folder / ("slice" + std::to_string(k) + ".dcm"));
        rgw::test::save(*ff, files.back());
    }
    return files;
}

TEST(HostileDicom, RowsAndColumnsBeyondPixelDataFailBeforeTheVolumeIsAllocated) {
    // One slice claiming 65535 × 65535 pixels with 2 KB of Pixel Data (the
    // issue's case: a 17 GB volume was allocated before the frame-size check).
    TempDir dir;
    const auto files = writeSeries(dir.path(), {"CT", 1}, [](int, DcmDataset& d) {
        d.putAndInsertUint16(DCM_Rows, 65535);
        d.putAndInsertUint16(DCM_Columns, 65535);
    });
    for (const std::uint64_t limit : {kSmallBudget, std::uint64_t{0}}) {
        BudgetGuard guard(limit);
        const std::string e = errorOf([&] { dicom::loadSeries(files); });
        EXPECT_HAS(e, files[0].string() + ": (0028,0010) Rows × (0028,0011) Columns × "
                                          "(0028,0008) NumberOfFrames = 65535 × 65535 × 1 "
                                          "pixels of 2 byte(s)");
        EXPECT_HAS(e, "need 8.6 GB but (7fe0,0010) PixelData holds 2.0 kB");
    }
}

TEST(HostileDicom, AVolumeOverTheBudgetIsRefusedBeforeAllocation) {
    TempDir dir;
    const auto files = writeSeries(dir.path(), {"CT", 3, 64, 64});
    BudgetGuard guard(40 << 10); // 40 kB: the 64 × 64 × 3 float volume alone needs 49 kB
    const std::string e = errorOf([&] { dicom::loadSeries(files); });
    EXPECT_HAS(e, "a volume of 64 × 64 × 3 voxels needs");
    EXPECT_HAS(e, "over the memory budget");
    EXPECT_HAS(e, files[0].string());
}

TEST(HostileDicom, AWindowIsBudgetedForItsOwnVoxels) {
    TempDir dir;
    const auto files = writeSeries(dir.path(), {"CT", 3, 64, 64});
    BudgetGuard guard(36 << 10); // 36 kB: one 64 x 64 slice (16 kB) and its frame (8 kB) fit
    const auto slice =
        dicom::readSeries(dicom::planSeries(files), VoxelBox{{0, 0, 1}, {63, 63, 1}});
    EXPECT_EQ(slice.volume.voxels.size(), 64u * 64u);
    const std::string e = errorOf([&] {
        dicom::readSeries(dicom::planSeries(files), VoxelBox{{0, 0, 0}, {63, 63, 2}});
    });
    EXPECT_HAS(e, "a volume of 64 × 64 × 3 voxels needs");
    const std::string window = errorOf([&] {
        dicom::readSeries(dicom::planSeries(files), VoxelBox{{0, 0, 0}, {63, 63, 1}});
    });
    EXPECT_HAS(window, "a volume of 64 × 64 × 2 voxels (voxel window i 0..63, j 0..63, k 0..1 of "
                       "the 64 × 64 × 3 grid) needs");
}

TEST(HostileDicom, NonPhysicalGeometryNamesTheFileAndTag) {
    TempDir dir;
    const std::vector<std::pair<DcmTagKey, std::string>> cases{
        {DCM_ImagePositionPatient, "0\\1e300\\0"},
        {DCM_ImageOrientationPatient, "1\\0\\0\\0\\nan\\0"},
        {DCM_PixelSpacing, "0.7\\1e-9"}};
    int n = 0;
    for (const auto& entry : cases) {
        // Named references, not a structured binding: Clang 14 cannot capture
        // bindings in the lambda below.
        const auto& tag = entry.first;
        const auto& value = entry.second;
        const auto files =
            writeSeries(dir.path() / std::to_string(n++), {}, [&](int k, DcmDataset& d) {
                if (k == 2)
                    d.putAndInsertString(tag, value.c_str());
            });
        const std::string e = errorOf([&] { dicom::loadSeries(files); });
        EXPECT_HAS(e, files[2].string());
        EXPECT_HAS(e, DcmTag(tag).getTagName());
    }
}

TEST(HostileDicom, CtAndPetSlicesNeedRescaleSlopeAndIntercept) {
    TempDir dir;
    int n = 0;
    for (const std::string& modality : {std::string("CT"), std::string("PT")})
        for (const DcmTagKey& tag : {DCM_RescaleSlope, DCM_RescaleIntercept}) {
            const auto files = writeSeries(dir.path() / std::to_string(n++), {modality},
                                           [&](int k, DcmDataset& d) {
                                               if (k == 1)
                                                   d.findAndDeleteElement(tag);
                                           });
            const std::string e = errorOf([&] { dicom::loadSeries(files); });
            EXPECT_HAS(e, files[1].string());
            EXPECT_HAS(e, "missing or invalid " + std::string(tag.toString().c_str()) + " " +
                              DcmTag(tag).getTagName());
        }
    // A zero or non-finite slope is no rescale either.
    const auto zero = writeSeries(dir.path() / "zero", {}, [](int k, DcmDataset& d) {
        if (k == 0)
            d.putAndInsertString(DCM_RescaleSlope, "0");
    });
    EXPECT_HAS(errorOf([&] { dicom::loadSeries(zero); }),
               zero[0].string() + ": (0028,1053) RescaleSlope 0 is not a finite non-zero number");
    // MR may go without: values are kept as stored.
    const auto mr = writeSeries(dir.path() / "mr", {}, [](int, DcmDataset& d) {
        d.putAndInsertString(DCM_Modality, "MR");
        d.putAndInsertString(DCM_SOPClassUID, UID_MRImageStorage);
        d.findAndDeleteElement(DCM_RescaleSlope);
        d.findAndDeleteElement(DCM_RescaleIntercept);
    });
    EXPECT_FLOAT_EQ(dicom::loadSeries(mr).volume.voxels[5], 1005.0f);
}

TEST(HostileDicom, EnhancedCtFramesNeedThePixelValueTransformation) {
    TempDir dir;
    DcmFileFormat ff;
    DcmDataset& d = *ff.getDataset();
    rgw::test::SliceSpec s;
    s.sopClassUid = UID_EnhancedCTImageStorage;
    s.studyUid = rgw::test::newUid();
    s.seriesUid = rgw::test::newUid();
    rgw::test::putCommon(d, s, rgw::test::newUid());
    d.putAndInsertString(DCM_NumberOfFrames, "2");
    DcmItem* shared = nullptr;
    d.findOrCreateSequenceItem(DCM_SharedFunctionalGroupsSequence, shared, 0);
    DcmItem* item = nullptr;
    shared->findOrCreateSequenceItem(DCM_PixelMeasuresSequence, item, 0);
    item->putAndInsertString(DCM_PixelSpacing, "0.7\\0.8");
    shared->findOrCreateSequenceItem(DCM_PlaneOrientationSequence, item, 0);
    item->putAndInsertString(DCM_ImageOrientationPatient, "1\\0\\0\\0\\1\\0");
    for (int k = 0; k < 2; ++k) {
        DcmItem* perFrame = nullptr;
        d.findOrCreateSequenceItem(DCM_PerFrameFunctionalGroupsSequence, perFrame, -2);
        perFrame->findOrCreateSequenceItem(DCM_PlanePositionSequence, item, 0);
        item->putAndInsertString(DCM_ImagePositionPatient, k == 0 ? "0\\0\\0" : "0\\0\\2.5");
    }
    const std::vector<std::uint16_t> words(2 * 6 * 8, 100);
    d.putAndInsertUint16Array(DCM_PixelData, words.data(),
                              static_cast<unsigned long>(words.size()));
    const fs::path file = dir.path() / "enhanced.dcm";
    rgw::test::save(ff, file);
    const std::string e = errorOf([&] { dicom::loadSeries({file}); });
    EXPECT_HAS(e, file.string() + " frame 1: missing or invalid (0028,1053) RescaleSlope");
}

TEST(HostileDicom, PetNeedsUnitsAndTheSameSuvInputsOnEverySlice) {
    TempDir dir;
    const auto noUnits = writeSeries(dir.path() / "units", {"PT"}, [](int k, DcmDataset& d) {
        if (k == 2)
            d.findAndDeleteElement(DCM_Units);
    });
    std::string e = errorOf([&] { dicom::loadSeries(noUnits); });
    EXPECT_HAS(e, noUnits[2].string() + ": missing (0054,1001) Units");

    const auto noWeight = writeSeries(dir.path() / "weight", {"PT"}, [](int k, DcmDataset& d) {
        if (k == 1)
            d.findAndDeleteElement(DCM_PatientWeight);
    });
    e = errorOf([&] { dicom::loadSeries(noWeight); });
    EXPECT_HAS(e, noWeight[1].string() + ": missing Patient's Weight (0010,1030), which " +
                      noWeight[0].string());

    DcmItem* rp = nullptr;
    const auto noDose = writeSeries(dir.path() / "dose", {"PT"}, [&](int k, DcmDataset& d) {
        if (k == 0 &&
            d.findAndGetSequenceItem(DCM_RadiopharmaceuticalInformationSequence, rp).good())
            rp->findAndDeleteElement(DCM_RadionuclideTotalDose);
    });
    e = errorOf([&] { dicom::loadSeries(noDose); });
    EXPECT_HAS(e, noDose[0].string() + ": missing Radionuclide Total Dose (0018,1074)");

    // No slice has a weight: an honest raw unit with its note, as before.
    const auto raw = writeSeries(dir.path() / "raw", {"PT"}, [](int, DcmDataset& d) {
        d.findAndDeleteElement(DCM_PatientWeight);
    });
    const auto loaded = dicom::loadSeries(raw);
    EXPECT_EQ(loaded.volume.unit, IntensityUnit::RawPetActivity);
    EXPECT_HAS(loaded.volume.unitNote, "Patient's Weight (0010,1030)");
}

TEST(HostileDicom, NonFiniteValuesFromAHugeRescaleAreRefused) {
    TempDir dir;
    const auto files = writeSeries(dir.path(), {}, [](int k, DcmDataset& d) {
        if (k == 1)
            d.putAndInsertString(DCM_RescaleSlope, "1e300");
    });
    const std::string e = errorOf([&] { dicom::loadSeries(files); });
    EXPECT_HAS(e, "1024 voxels hold no finite value (NaN or ±inf), the first at (i, j, k) = "
                  "(0, 0, 1) in " +
                      files[1].string());
    EXPECT_HAS(e, "(0028,1053) RescaleSlope 1e+300");
}

TEST(HostileDicom, NonFiniteValuesAreSoughtInTheWindowReadAndNamedInTheSeriesGrid) {
    TempDir dir;
    const auto files = writeSeries(dir.path(), {}, [](int k, DcmDataset& d) {
        if (k == 1)
            d.putAndInsertString(DCM_RescaleSlope, "1e300");
    });
    const auto readWindow = [&](const VoxelBox& window) {
        return dicom::readSeries(dicom::planSeries(files), window);
    };
    // 7 x 16 voxels of slice 1, the first at (3, 5, 1) of the 32 x 32 x 3 grid.
    const std::string e = errorOf([&] { readWindow({{3, 5, 1}, {9, 20, 2}}); });
    EXPECT_HAS(e, "112 voxels hold no finite value (NaN or ±inf), the first at (i, j, k) = "
                  "(3, 5, 1) in " +
                      files[1].string());
    // A window leaving slice 1 out never decodes its file.
    const auto read = readWindow({{0, 0, 2}, {31, 31, 2}});
    EXPECT_EQ(read.filesDecoded, 1u);
    EXPECT_FLOAT_EQ(read.volume.at(0, 0, 0), 1000.0f + 14.0f - 1024.0f);
}

TEST(HostileDicom, OnlyARescaleThatCanLeaveTheFloatRangeNeedsAVoxelScan) {
    // (stored * slope + intercept) * factor is monotone in the stored value:
    // the extremes of Bits Stored decide whether any voxel can be non-finite.
    dicom::detail::PixelFormat u16; // unsigned 16 bits: 0 .. 65535
    u16.isSigned = false;
    EXPECT_TRUE(dicom::detail::alwaysFinite(u16, 1.0, -1024.0, 1.0));
    EXPECT_TRUE(dicom::detail::alwaysFinite(u16, 5e33, 0.0, 1.0));   // 65535 * 5e33 = 3.3e38
    EXPECT_FALSE(dicom::detail::alwaysFinite(u16, 6e33, 0.0, 1.0));  // 3.9e38 > FLT_MAX
    EXPECT_FALSE(dicom::detail::alwaysFinite(u16, 1.0, 0.0, 1e300)); // a unit factor too
    dicom::detail::PixelFormat s12; // signed 12 bits: -2048 .. 2047
    s12.bitsStored = 12;
    s12.highBit = 11;
    s12.isSigned = true;
    EXPECT_TRUE(dicom::detail::alwaysFinite(s12, 1.6e35, 0.0, 1.0));   // 2048 * 1.6e35 = 3.3e38
    EXPECT_FALSE(dicom::detail::alwaysFinite(s12, -1.7e35, 0.0, 1.0)); // -2048 side: 3.5e38
    EXPECT_FALSE(
        dicom::detail::alwaysFinite(s12, 1.0, std::numeric_limits<double>::quiet_NaN(), 1.0));
}

TEST(HostileDicom, ScanSkipsImagesWithoutPixels) {
    TempDir dir;
    const auto files = writeSeries(dir.path(), {}, [](int k, DcmDataset& d) {
        if (k == 1)
            d.putAndInsertUint16(DCM_Rows, 0);
    });
    const dicom::ScanResult scan = dicom::scan({dir.path()});
    EXPECT_EQ(scan.instances.size(), 2u);
    ASSERT_EQ(scan.skipped.size(), 1u);
    EXPECT_EQ(scan.skipped[0].file, files[1]);
    EXPECT_EQ(scan.skipped[0].reason,
              "image without pixels (Rows (0028,0010) 0, Columns (0028,0011) 32)");
}

TEST(HostileDicom, ValidSeriesLoadIdenticallyUnderASmallBudget) {
    TempDir dir;
    BudgetGuard guard(kSmallBudget);
    const auto ct = dicom::loadSeries(writeSeries(dir.path() / "ct", {}));
    ASSERT_EQ(ct.volume.geometry.size, (std::array<std::int64_t, 3>{32, 32, 3}));
    for (std::int64_t k = 0; k < 3; ++k)
        for (std::int64_t p : {0, 17, 1023})
            EXPECT_EQ(ct.volume.voxels[static_cast<std::size_t>(k * 1024 + p)],
                      static_cast<float>(1000 + p + 7 * k - 1024));
    const auto pet = dicom::loadSeries(writeSeries(dir.path() / "pt", {"PT"}));
    EXPECT_EQ(pet.volume.unit, IntensityUnit::SuvBodyWeight) << pet.volume.unitNote;
    const double factor = 72500.0 / (370e6 * std::pow(0.5, 4530.0 / 6586.2));
    EXPECT_NEAR(pet.volume.voxels[1024 + 5], (1000 + 5 + 7) * factor, 1e-6);
}

// ---------------------------------------------------------------- SEG

/// A native (uncompressed) BINARY SEG with one segment and `frames` frames
/// of rows × columns, holding `pixelBytes` bytes of Pixel Data.
fs::path writeNativeSeg(const fs::path& file, Uint16 rows, Uint16 columns, int frames,
                        std::size_t pixelBytes) {
    DcmFileFormat ff;
    DcmDataset& d = *ff.getDataset();
    d.putAndInsertString(DCM_SOPClassUID, UID_SegmentationStorage);
    d.putAndInsertString(DCM_SOPInstanceUID, rgw::test::newUid().c_str());
    d.putAndInsertString(DCM_Modality, "SEG");
    d.putAndInsertString(DCM_SegmentationType, "BINARY");
    d.putAndInsertUint16(DCM_BitsAllocated, 1);
    d.putAndInsertUint16(DCM_Rows, rows);
    d.putAndInsertUint16(DCM_Columns, columns);
    d.putAndInsertString(DCM_NumberOfFrames, std::to_string(frames).c_str());
    DcmItem* item = nullptr;
    d.findOrCreateSequenceItem(DCM_SegmentSequence, item, 0);
    item->putAndInsertUint16(DCM_SegmentNumber, 1);
    item->putAndInsertString(DCM_SegmentLabel, "GTV");
    DcmItem* shared = nullptr;
    d.findOrCreateSequenceItem(DCM_SharedFunctionalGroupsSequence, shared, 0);
    shared->findOrCreateSequenceItem(DCM_PlaneOrientationSequence, item, 0);
    item->putAndInsertString(DCM_ImageOrientationPatient, "1\\0\\0\\0\\1\\0");
    shared->findOrCreateSequenceItem(DCM_PixelMeasuresSequence, item, 0);
    item->putAndInsertString(DCM_PixelSpacing, "1\\1");
    shared->findOrCreateSequenceItem(DCM_SegmentIdentificationSequence, item, 0);
    item->putAndInsertUint16(DCM_ReferencedSegmentNumber, 1);
    for (int f = 0; f < frames; ++f) {
        DcmItem* perFrame = nullptr;
        d.findOrCreateSequenceItem(DCM_PerFrameFunctionalGroupsSequence, perFrame, -2);
        perFrame->findOrCreateSequenceItem(DCM_PlanePositionSequence, item, 0);
        item->putAndInsertString(DCM_ImagePositionPatient, ("0\\0\\" + std::to_string(f)).c_str());
    }
    const std::vector<Uint8> bytes(pixelBytes, 0xff);
    d.putAndInsertUint8Array(DCM_PixelData, bytes.data(), static_cast<unsigned long>(bytes.size()));
    rgw::test::save(ff, file);
    return file;
}

TEST(HostileSeg, FramesBeyondPixelDataAreRefusedBeforeLoadingIt) {
    TempDir dir;
    const fs::path file = writeNativeSeg(dir.path() / "huge.dcm", 65535, 65535, 4, 2048);
    for (const std::uint64_t limit : {kSmallBudget, std::uint64_t{0}}) {
        BudgetGuard guard(limit);
        const std::string e = errorOf([&] { dicom::readSegmentation(file); });
        EXPECT_HAS(e, "SEG " + file.string());
        EXPECT_HAS(e, "holds 2048 bytes; 4 frames of 65535 x 65535 need 2147418113");
    }
}

TEST(HostileSeg, PixelDataOverTheBudgetIsRefusedAndValidSegLoads) {
    TempDir dir;
    const fs::path file = writeNativeSeg(dir.path() / "seg.dcm", 64, 64, 2, 1024);
    const dicom::Segmentation seg = dicom::readSegmentation(file);
    EXPECT_EQ(seg.pixelData, std::vector<std::uint8_t>(1024, 0xff));
    BudgetGuard guard(512);
    const std::string e = errorOf([&] { dicom::readSegmentation(file); });
    EXPECT_HAS(e, "SEG " + file.string() +
                      ": 2 frames of 64 x 64 needs 1.0 kB, over the memory budget");
}

} // namespace

namespace {

void putLe16(std::string& out, std::uint16_t v) {
    out.push_back(static_cast<char>(v & 0xFF));
    out.push_back(static_cast<char>(v >> 8));
}
void putLe32(std::string& out, std::uint32_t v) {
    for (int shift = 0; shift < 32; shift += 8)
        out.push_back(static_cast<char>((v >> shift) & 0xFF));
}
void putShort(std::string& out, std::uint16_t group, std::uint16_t element, const char* vr,
              const std::string& value) {
    putLe16(out, group);
    putLe16(out, element);
    out += vr;
    putLe16(out, static_cast<std::uint16_t>(value.size()));
    out += value;
}

/// A CT Image Storage file (explicit VR little endian) whose Referenced
/// Series Sequence holds an item holding the sequence again, `depth` times,
/// all of undefined length: 16 bytes a level.
void writeNestedSequences(const fs::path& file, int depth) {
    std::string meta;
    putShort(meta, 0x0002, 0x0010, "UI", std::string("1.2.840.10008.1.2.1", 20));
    std::string out(128, '\0');
    out += "DICM";
    out += meta; // Transfer Syntax UID only: the group length is optional to readers
    putShort(out, 0x0008, 0x0016, "UI", std::string("1.2.840.10008.5.1.4.1.1.2", 26));
    putShort(out, 0x0008, 0x0060, "CS", "CT");
    for (int level = 0; level < depth; ++level) {
        putLe16(out, 0x0008);
        putLe16(out, 0x1115); // Referenced Series Sequence
        out += "SQ";
        putLe16(out, 0);
        putLe32(out, 0xFFFFFFFF);
        putLe16(out, 0xFFFE);
        putLe16(out, 0xE000); // Item, undefined length
        putLe32(out, 0xFFFFFFFF);
    }
    for (int level = 0; level < depth; ++level) {
        putLe16(out, 0xFFFE);
        putLe16(out, 0xE00D);
        putLe32(out, 0);
        putLe16(out, 0xFFFE);
        putLe16(out, 0xE0DD);
        putLe32(out, 0);
    }
    std::ofstream(file, std::ios::binary)
        .write(out.data(), static_cast<std::streamsize>(out.size()));
}

} // namespace

// DCMTK parses nested sequences recursively (about 1 kB of stack a level):
// 10 000 levels in a 320 kB file overflowed the stack (SIGSEGV) of import,
// extraction and the viewers. Such files are refused before DCMTK sees them.
TEST(HostileDicom, DeeplyNestedSequencesAreRefusedBeforeParsing) {
    TempDir dir;
    const fs::path deep = dir.path() / "deep.dcm";
    writeNestedSequences(deep, 20000);
    EXPECT_GT(dicom::detail::sequenceDepth(deep), dicom::detail::kMaxSequenceDepth);
    const std::string loadError = errorOf([&] { (void)dicom::loadSeries({deep}); });
    EXPECT_HAS(loadError, deep.string());
    EXPECT_HAS(loadError, "sequences nested more than 64 deep");
    EXPECT_HAS(errorOf([&] { (void)dicom::readSegmentation(deep); }), "nested more than 64");

    const dicom::ScanResult scan = dicom::scan({dir.path()});
    ASSERT_EQ(scan.skipped.size(), 1u);
    EXPECT_HAS(scan.skipped[0].reason, "sequences nested more than 64 deep");

    // A few levels, as real objects have, are read as before.
    const fs::path shallow = dir.path() / "shallow.dcm";
    writeNestedSequences(shallow, 5);
    EXPECT_EQ(dicom::detail::sequenceDepth(shallow), 5);
}

// The walk agrees with the real data: the STS structure sets nest their
// contours 3 sequences deep (ROI Contour > Contour > Contour Image), images
// a level or two, and none comes near the limit.
TEST(HostileDicom, NestingDepthOfRealObjectsIsSmall) {
    RGW_REQUIRE_TEST_DATA();
    const fs::path patient = rgw::test::ibsiDataSets() / "ibsi_validation" / "dicom" / "STS_001";
    const int rtStructDepth = dicom::detail::sequenceDepth(patient / "CT" / "mask" / "RS.dcm");
    EXPECT_GE(rtStructDepth, 3);
    EXPECT_LE(rtStructDepth, 8);
    for (const auto& entry : fs::directory_iterator(patient / "PET" / "image")) {
        EXPECT_LE(dicom::detail::sequenceDepth(entry.path()), 8) << entry.path();
        break;
    }
}
