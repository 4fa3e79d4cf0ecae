// Reading only part of a NIfTI file (issue #16 §6): readGeometry from the
// header alone, readVolume of a window (the voxels of a box, equal to the
// crop of the whole image, refused alike for a non-finite value anywhere),
// and readLabelMask's integer path (stored labels read as they are), checked
// against values the test lays out itself, in both byte orders.
#include "NiftiSynth.h"
#include "TestData.h"
#include "image/VoxelBox.h"
#include "io/nifti/Nifti.h"
#include "util/Error.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <functional>
#include <gtest/gtest.h>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace {

using namespace rgw;
namespace fs = std::filesystem;
using test::RawNifti;

constexpr std::int16_t kNx = 7, kNy = 5, kNz = 6;

/// The value the test stores at voxel (i, j, k): distinct per voxel.
double valueAt(std::int64_t i, std::int64_t j, std::int64_t k) {
    return static_cast<double>(i) + 10.0 * static_cast<double>(j) + 100.0 * static_cast<double>(k);
}

/// NIfTI-1's big-endian layout of a file RawNifti wrote little-endian: every
/// header field the reader uses, and each voxel of `voxelBytes` bytes, reversed.
void toBigEndian(RawNifti& raw, std::size_t voxelBytes) {
    const auto reverse = [&](std::size_t offset, std::size_t n) {
        std::reverse(raw.bytes.begin() + static_cast<std::ptrdiff_t>(offset),
                     raw.bytes.begin() + static_cast<std::ptrdiff_t>(offset + n));
    };
    reverse(0, 4); // sizeof_hdr
    for (std::size_t d = 0; d < 8; ++d)
        reverse(40 + 2 * d, 2); // dim
    reverse(70, 2);             // datatype
    reverse(72, 2);             // bitpix
    for (std::size_t p = 0; p < 8; ++p)
        reverse(76 + 4 * p, 4); // pixdim
    reverse(108, 4);            // vox_offset
    reverse(112, 4);            // scl_slope
    reverse(116, 4);            // scl_inter
    reverse(252, 2);            // qform_code
    reverse(254, 2);            // sform_code
    for (std::size_t v = 352; v + voxelBytes <= raw.bytes.size(); v += voxelBytes)
        reverse(v, voxelBytes);
}

template <class T>
fs::path writeImage(const fs::path& dir, const std::string& name, std::int16_t datatype,
                    bool bigEndian, bool gzip, std::vector<T> voxels = {}) {
    if (voxels.empty())
        for (std::int64_t k = 0; k < kNz; ++k)
            for (std::int64_t j = 0; j < kNy; ++j)
                for (std::int64_t i = 0; i < kNx; ++i)
                    voxels.push_back(static_cast<T>(valueAt(i, j, k)));
    RawNifti raw(kNx, kNy, kNz, datatype, static_cast<std::int16_t>(8 * sizeof(T)));
    raw.pixdim(1.0f, 0.5f, 0.75f, 2.0f);
    raw.append(voxels);
    if (bigEndian)
        toBigEndian(raw, sizeof(T));
    const fs::path file = dir / (name + (gzip ? ".nii.gz" : ".nii"));
    if (gzip)
        raw.writeGzip(file);
    else
        raw.write(file);
    return file;
}

std::vector<VoxelBox> windows() {
    return {VoxelBox{{0, 0, 0}, {kNx - 1, kNy - 1, kNz - 1}}, // whole
            VoxelBox{{3, 2, 4}, {3, 2, 4}},                   // one voxel
            VoxelBox{{0, 0, 0}, {1, 2, 0}},                   // a corner, first slice
            VoxelBox{{4, 1, 2}, {6, 4, 5}},                   // the far corner, last slice
            VoxelBox{{1, 1, 1}, {5, 3, 3}}};                  // inside
}

std::string errorOf(const std::function<void()>& f) {
    try {
        f();
    } catch (const Error& e) {
        return e.what();
    }
    return {};
}

} // namespace

TEST(NiftiWindow, WindowsEqualTheCropOfTheWholeImage) {
    test::TempDir dir;
    std::vector<fs::path> files;
    for (const bool big : {false, true})
        for (const bool gz : {false, true}) {
            const std::string order = big ? "be" : "le";
            files.push_back(writeImage<float>(dir.path(), "f32" + order, 16, big, gz));
            files.push_back(writeImage<std::int16_t>(dir.path(), "i16" + order, 4, big, gz));
            files.push_back(writeImage<double>(dir.path(), "f64" + order, 64, big, gz));
        }
    for (const fs::path& file : files) {
        SCOPED_TRACE(file.filename().string());
        const Volume whole = nifti::readVolume(file);
        const Geometry grid = nifti::readGeometry(file);
        EXPECT_TRUE(grid.sameGrid(whole.geometry));
        for (const VoxelBox& box : windows()) {
            const Volume part = nifti::readVolume(file, box);
            const Volume crop = cropImage(whole, box);
            EXPECT_TRUE(part.geometry.sameGrid(crop.geometry));
            EXPECT_EQ(part.voxels, crop.voxels);
            EXPECT_EQ(part.unitNote, whole.unitNote);
            // The values themselves, as the test stored them.
            EXPECT_EQ(part.voxels.front(),
                      static_cast<float>(valueAt(box.lo[0], box.lo[1], box.lo[2])));
            EXPECT_EQ(part.voxels.back(),
                      static_cast<float>(valueAt(box.hi[0], box.hi[1], box.hi[2])));
        }
    }
}

TEST(NiftiWindow, ScalingAppliesInTheWindow) {
    test::TempDir dir;
    RawNifti raw(kNx, kNy, kNz, 4, 16);
    std::vector<std::int16_t> stored;
    for (std::int64_t k = 0; k < kNz; ++k)
        for (std::int64_t j = 0; j < kNy; ++j)
            for (std::int64_t i = 0; i < kNx; ++i)
                stored.push_back(static_cast<std::int16_t>(valueAt(i, j, k)));
    raw.append(stored);
    raw.scaling(0.5f, -1024.0f);
    raw.write(dir.path() / "scaled.nii");
    const Volume part =
        nifti::readVolume(dir.path() / "scaled.nii", VoxelBox{{2, 1, 3}, {4, 3, 5}});
    EXPECT_EQ(part.voxels.front(), static_cast<float>(0.5 * valueAt(2, 1, 3) - 1024.0));
    EXPECT_EQ(part.voxels.back(), static_cast<float>(0.5 * valueAt(4, 3, 5) - 1024.0));
}

// The policy of image/VoxelChecks.h for the voxels read: a non-finite one in
// the window refuses it, named in the file's grid; one outside is not read
// (the DICOM series reader does the same).
TEST(NiftiWindow, NonFiniteVoxelsAreSoughtInTheWindowAndNamedInTheFilesGrid) {
    test::TempDir dir;
    std::vector<float> voxels(static_cast<std::size_t>(kNx * kNy * kNz), 1.0f);
    voxels[static_cast<std::size_t>((4 * kNy + 3) * kNx + 5)] =
        std::numeric_limits<float>::quiet_NaN(); // voxel (5, 3, 4)
    const fs::path file = writeImage<float>(dir.path(), "nan", 16, false, true, voxels);
    const std::string whole = errorOf([&] { (void)nifti::readVolume(file); });
    const std::string part =
        errorOf([&] { (void)nifti::readVolume(file, VoxelBox{{4, 2, 3}, {6, 4, 5}}); });
    EXPECT_NE(whole.find("(5, 3, 4)"), std::string::npos) << whole;
    EXPECT_EQ(part, whole);
    const Volume elsewhere = nifti::readVolume(file, VoxelBox{{0, 0, 0}, {4, 4, 5}});
    EXPECT_EQ(elsewhere.voxels.size(), 5u * 5u * 6u);
}

TEST(NiftiWindow, AWindowOutsideTheGridIsRefusedNamingFileAndWindow) {
    test::TempDir dir;
    const fs::path file = writeImage<float>(dir.path(), "img", 16, false, false);
    for (const VoxelBox& box : {VoxelBox{{0, 0, 0}, {kNx, 0, 0}}, VoxelBox{{-1, 0, 0}, {2, 2, 2}},
                                VoxelBox{{3, 3, 3}, {2, 3, 3}}}) {
        const std::string e = errorOf([&] { (void)nifti::readVolume(file, box); });
        EXPECT_NE(e.find(file.string()), std::string::npos) << e;
        EXPECT_NE(e.find("window"), std::string::npos) << e;
        EXPECT_NE(e.find("7 × 5 × 6"), std::string::npos) << e;
    }
}

// The integer path of readLabelMask reads stored labels as they are: the same
// labels, masks and refusals as the values say, for every integer datatype
// and both byte orders.
TEST(NiftiWindow, IntegerLabelMasksInBothByteOrders) {
    test::TempDir dir;
    const auto check = [&](auto sample, std::int16_t datatype, bool big) {
        using T = decltype(sample);
        SCOPED_TRACE("datatype " + std::to_string(datatype) + (big ? " big-endian" : ""));
        std::vector<T> voxels(static_cast<std::size_t>(kNx * kNy * kNz), T(0));
        voxels[3] = T(2);
        voxels[40] = T(7);
        voxels[41] = T(2);
        voxels[200] = sample; // 9 or a value that is no label
        const fs::path file =
            writeImage<T>(dir.path(), "l" + std::to_string(datatype) + (big ? "be" : "le"),
                          datatype, big, true, voxels);
        const auto all = nifti::readLabelMask(file, std::nullopt);
        const auto two = nifti::readLabelMask(file, 2);
        const bool isLabel =
            static_cast<double>(sample) >= 0.0 && static_cast<double>(sample) <= 65535.0;
        if (!isLabel) {
            EXPECT_TRUE(all.labels.empty());
            EXPECT_NE(all.notALabel.find("voxel 200"), std::string::npos) << all.notALabel;
            EXPECT_NE(all.notALabel.find(file.string()), std::string::npos) << all.notALabel;
            return;
        }
        EXPECT_TRUE(all.notALabel.empty()) << all.notALabel;
        EXPECT_EQ(all.labels, (std::vector<int>{2, 7, static_cast<int>(sample)}));
        std::size_t inside = 0, insideTwo = 0;
        for (std::size_t v = 0; v < voxels.size(); ++v) {
            EXPECT_EQ(all.mask.voxels[v], voxels[v] != T(0) ? 1 : 0) << v;
            EXPECT_EQ(two.mask.voxels[v], voxels[v] == T(2) ? 1 : 0) << v;
            inside += all.mask.voxels[v];
            insideTwo += two.mask.voxels[v];
        }
        EXPECT_EQ(inside, 4u);
        EXPECT_EQ(insideTwo, 2u);
        EXPECT_TRUE(all.mask.geometry.sameGrid(nifti::readGeometry(file)));
    };
    for (const bool big : {false, true}) {
        check(std::uint8_t{9}, 2, big);
        check(std::int8_t{9}, 256, big);
        check(std::int8_t{-3}, 256, big);
        check(std::int16_t{9}, 4, big);
        check(std::int16_t{-300}, 4, big);
        check(std::uint16_t{65535}, 512, big);
        check(std::int32_t{9}, 8, big);
        check(std::int32_t{70000}, 8, big);
        check(std::uint32_t{9}, 768, big);
        check(std::uint32_t{4000000000u}, 768, big);
    }
}

TEST(NiftiWindow, CtPhantomWindowEqualsTheCrop) {
    RGW_REQUIRE_TEST_DATA();
    const fs::path file =
        test::ibsiDataSets() / "ibsi_1_ct_radiomics_phantom" / "nifti" / "image" / "phantom.nii.gz";
    const VoxelBox box{{40, 50, 12}, {163, 174, 47}};
    const Volume part = nifti::readVolume(file, box);
    const Volume crop = cropImage(nifti::readVolume(file), box);
    EXPECT_TRUE(part.geometry.sameGrid(crop.geometry));
    EXPECT_EQ(part.voxels, crop.voxels);
}
