// Label maps: a NIfTI mask holding several label values (one per ROI/lesion).
#include "TestData.h"
#include "image/LabelMap.h"
#include "io/nifti/Nifti.h"
#include "io/nifti/NiftiHeader.h"
#include "util/Error.h"

#include <array>
#include <fstream>
#include <gtest/gtest.h>

namespace {

using namespace rgw;

/// 4x3x2 grid of 0.5x1x2 mm voxels, labels 0 (background), 1, 2 and 5.
LabelMap threeLabels() {
    Geometry g;
    g.size = {4, 3, 2};
    g.spacing = {0.5, 1.0, 2.0};
    g.origin = {-10.0, 5.0, 2.5};
    LabelMap labels(g);
    for (std::int64_t k = 0; k < 2; ++k)
        for (std::int64_t j = 0; j < 3; ++j)
            for (std::int64_t i = 0; i < 4; ++i)
                labels.at(i, j, k) = i == 0 ? 0 : k == 1 && j == 2 ? 5 : i < 2 ? 1 : 2;
    return labels;
}

/// Writes `labels` as an uncompressed NIfTI-1 file with uint8 voxels, the way
/// segmentation tools store label maps (writeMask would binarise them).
void writeUint8LabelMap(const LabelMap& labels, const std::filesystem::path& file) {
    nifti::Header h;
    nifti::setGeometry(h, labels.geometry);
    h.datatype = static_cast<std::int16_t>(nifti::Datatype::Uint8);
    h.bitpix = 8;
    h.vox_offset = 352.0f;
    h.scl_slope = 1.0f;
    h.scl_inter = 0.0f;
    const nifti::RawHeader raw = nifti::encodeHeader(h);
    std::ofstream out(file, std::ios::binary);
    out.write(reinterpret_cast<const char*>(raw.data()), static_cast<std::streamsize>(raw.size()));
    const std::array<char, 4> noExtension{0, 0, 0, 0};
    out.write(noExtension.data(), noExtension.size());
    for (const std::uint16_t v : labels.voxels)
        out.put(static_cast<char>(v));
    ASSERT_TRUE(out.good()) << file;
}

int count(const Mask& m) {
    int n = 0;
    for (const auto v : m.voxels)
        n += v;
    return n;
}

} // namespace

TEST(LabelMap, ValuesAreTheDistinctNonZeroLabelsAscending) {
    EXPECT_EQ(labelValues(threeLabels()), (std::vector<int>{1, 2, 5}));
    LabelMap empty(threeLabels().geometry);
    EXPECT_TRUE(labelValues(empty).empty());
    LabelMap high(threeLabels().geometry);
    high.voxels[3] = 65535;
    EXPECT_EQ(labelValues(high), (std::vector<int>{65535}));
}

TEST(LabelMap, MaskOfEachLabelHoldsExactlyItsVoxels) {
    const LabelMap labels = threeLabels();
    // By construction: i = 0 background (6 voxels); label 5 = (i 1..3, j 2, k 1)
    // (3 voxels); label 1 = i 1 elsewhere (5 voxels); label 2 = i 2..3 elsewhere (10).
    const std::array<std::pair<int, int>, 4> expected{{{1, 5}, {2, 10}, {5, 3}, {7, 0}}};
    for (const auto& [value, voxels] : expected) {
        const Mask m = maskOfLabel(labels, value);
        EXPECT_TRUE(m.geometry.sameGrid(labels.geometry));
        EXPECT_EQ(count(m), voxels) << "label " << value;
        for (std::size_t v = 0; v < m.voxels.size(); ++v)
            ASSERT_EQ(m.voxels[v], labels.voxels[v] == value ? 1 : 0) << "voxel " << v;
    }
}

TEST(LabelMap, NiftiLabelMapRoundTripsValuesAndGrid) {
    test::TempDir dir;
    const LabelMap labels = threeLabels();
    const auto file = dir.path() / "labels.nii";
    writeUint8LabelMap(labels, file);
    const LabelMap read = nifti::readLabelMap(file);
    EXPECT_TRUE(read.geometry.sameGrid(labels.geometry));
    EXPECT_EQ(read.voxels, labels.voxels);
    EXPECT_EQ(labelValues(read), (std::vector<int>{1, 2, 5}));
    // readMask keeps its meaning: every non-zero label is inside.
    EXPECT_EQ(count(nifti::readMask(file)), 18);
}

TEST(LabelMap, NonIntegerValuesAreRejectedNamingTheFile) {
    test::TempDir dir;
    Volume v(threeLabels().geometry, 0.0f);
    v.voxels[7] = 1.5f;
    const auto file = dir.path() / "fractional.nii.gz";
    nifti::writeVolume(v, file);
    try {
        (void)nifti::readLabelMap(file);
        FAIL() << "a fractional label was accepted";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("fractional.nii.gz"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("voxel 7"), std::string::npos) << e.what();
    }
    v.voxels[7] = -1.0f;
    nifti::writeVolume(v, file);
    EXPECT_THROW((void)nifti::readLabelMap(file), Error);
}
