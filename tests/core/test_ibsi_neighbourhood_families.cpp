// NGTDM (IBSI 3.10) and NGLDM (IBSI 3.11) against the IBSI digital phantom: the
// matrices of docs/06_Digital_phantom_texture_matrices.rst and every reference
// value.

#include "TextureTestSupport.h"
#include "radiomics/families/ngldm.h"
#include "radiomics/families/ngtdm.h"

#include <chrono>
#include <gtest/gtest.h>
#include <tuple>
#include <vector>

using namespace rgw;
using namespace rgw::radiomics;

namespace {

struct NgtdmRow {
    int i;
    double s;
    double n;
};

// Every grey level 1..6 of the phantom, present in the ROI or not.
void expectNgtdm(const NgtdmMatrix& m, const std::vector<NgtdmRow>& rows, const std::string& what) {
    for (int i = 1; i <= 6; ++i) {
        double n = 0.0, s = 0.0;
        for (const auto& r : rows)
            if (r.i == i) {
                n = r.n;
                s = r.s;
            }
        EXPECT_EQ(m.count(i), n) << what << " n_" << i;
        EXPECT_NEAR(m.sum(i), s, 5e-6) << what << " s_" << i; // printed to 1e-6
    }
}

using Cells = std::vector<std::tuple<int, int, double>>; // i, j, s

void expectCells(const texture::LevelCountMatrix& m, const Cells& cells, const std::string& what) {
    double expectedTotal = 0.0, total = 0.0;
    for (const auto& [i, j, n] : cells) {
        EXPECT_EQ(m.count(i, j), n) << what << " s(" << i << "," << j << ")";
        expectedTotal += n;
    }
    for (const auto& c : m.cells())
        total += c.n;
    EXPECT_EQ(total, expectedTotal) << what << ": counts not in the reference table";
}

std::vector<int> roiSlices(const texture::PaddedGrid& grid) {
    std::vector<int> ks;
    for (int k = 0; k < grid.nz; ++k)
        if (grid.sliceVoxels(k) > 0)
            ks.push_back(k);
    return ks;
}

} // namespace

TEST(IbsiNgtdm, DigitalPhantomMatrices) {
    RGW_REQUIRE_TEST_DATA();
    const auto grid = texture::makePaddedGrid(test::digitalPhantomRoi(), 1);
    const auto ks = roiSlices(grid);
    ASSERT_EQ(ks.size(), 4u);
    const auto slices = buildNgtdmSlices(grid, 1);
    expectNgtdm(slices[ks[0]], {{1, 14.575, 9}, {4, 5.775, 8}, {6, 7.325, 3}}, "2D slice 1");
    expectNgtdm(slices[ks[1]], {{1, 11.928571, 12}, {3, 0.375, 1}, {4, 4.8, 4}, {6, 8.0, 2}},
                "2D slice 2");
    expectNgtdm(slices[ks[2]], {{1, 7.985714, 14}, {4, 4.65, 2}, {6, 5.0, 1}}, "2D slice 3");
    expectNgtdm(slices[ks[3]], {{1, 7.582143, 15}, {4, 4.65, 2}, {6, 5.0, 1}}, "2D slice 4");
    expectNgtdm(buildNgtdmVolume(grid, 1),
                {{1, 39.946954, 50}, {3, 0.2, 1}, {4, 20.825401, 16}, {6, 24.127005, 7}}, "3D");
}

TEST(IbsiNgtdm, DigitalPhantomReferenceValues) {
    RGW_REQUIRE_TEST_DATA();
    TextureSettings settings;
    settings.aggregation = TextureAggregation::All;
    const FeatureTable table = computeNgtdm(test::digitalPhantomRoi(), settings);
    EXPECT_EQ(table.values.size(), 5u * 3u);
    test::expectMatchesDigitalPhantom("ngtdm", table);
}

TEST(IbsiNgldm, DigitalPhantomMatrices) {
    RGW_REQUIRE_TEST_DATA();
    const auto grid = texture::makePaddedGrid(test::digitalPhantomRoi(), 1);
    const auto ks = roiSlices(grid);
    ASSERT_EQ(ks.size(), 4u);
    const auto slices = buildNgldmSlices(grid, 1, 0);
    expectCells(slices[ks[0]],
                {{1, 2, 3},
                 {1, 3, 1},
                 {1, 4, 3},
                 {1, 5, 2},
                 {4, 2, 2},
                 {4, 3, 4},
                 {4, 4, 2},
                 {6, 2, 2},
                 {6, 3, 1}},
                "2D slice 1");
    expectCells(slices[ks[1]], {{1, 3, 2}, {1, 4, 6}, {1, 6, 4}, {3, 1, 1}, {4, 2, 4}, {6, 1, 2}},
                "2D slice 2");
    expectCells(slices[ks[2]],
                {{1, 3, 1}, {1, 4, 5}, {1, 5, 3}, {1, 6, 3}, {1, 7, 2}, {4, 2, 2}, {6, 1, 1}},
                "2D slice 3");
    expectCells(
        slices[ks[3]],
        {{1, 3, 1}, {1, 4, 3}, {1, 5, 3}, {1, 6, 4}, {1, 7, 1}, {1, 8, 3}, {4, 2, 2}, {6, 1, 1}},
        "2D slice 4");
    expectCells(buildNgldmVolume(grid, 1, 0),
                {{1, 5, 2},  {1, 6, 2},  {1, 7, 1},  {1, 8, 6},  {1, 9, 4},  {1, 10, 6}, {1, 11, 5},
                 {1, 12, 5}, {1, 13, 3}, {1, 14, 2}, {1, 15, 5}, {1, 16, 3}, {1, 17, 3}, {1, 18, 2},
                 {1, 21, 1}, {3, 1, 1},  {4, 2, 2},  {4, 4, 2},  {4, 5, 6},  {4, 6, 4},  {4, 7, 2},
                 {6, 2, 1},  {6, 3, 4},  {6, 4, 1},  {6, 5, 1}},
                "3D");
}

TEST(IbsiNgldm, DigitalPhantomReferenceValues) {
    RGW_REQUIRE_TEST_DATA();
    TextureSettings settings;
    settings.aggregation = TextureAggregation::All;
    const FeatureTable table = computeNgldm(test::digitalPhantomRoi(), settings);
    EXPECT_EQ(table.values.size(), 17u * 3u);
    test::expectMatchesDigitalPhantom("ngldm", table);
}

TEST(IbsiNeighbourhoodFamilies, EmptyAndOneVoxelRoi) {
    TextureSettings settings;
    settings.aggregation = TextureAggregation::All;
    for (bool oneVoxel : {false, true}) {
        const FeatureTable ngtdm = computeNgtdm(test::tinyRoi(oneVoxel), settings);
        const FeatureTable ngldm = computeNgldm(test::tinyRoi(oneVoxel), settings);
        test::expectNoSilentNaN(ngtdm, "ngtdm");
        test::expectNoSilentNaN(ngldm, "ngldm");
        // A lone voxel has no neighbour: no NGTDM entry, a note per aggregation.
        EXPECT_TRUE(ngtdm.values.empty());
        EXPECT_EQ(ngtdm.notes.size(), 3u);
        // NGLDM counts it with dependence 1: every feature defined.
        EXPECT_EQ(ngldm.values.size(), oneVoxel ? 17u * 3u : 0u);
        EXPECT_EQ(ngldm.notes.size(), oneVoxel ? 0u : 3u);
    }
}

TEST(IbsiNeighbourhoodFamilies, UniformRoiExplainsUndefinedCoarseness) {
    // Every voxel equal: all s_i = 0, so NGTDM coarseness 1/Σ p_i s_i is undefined.
    DiscretisedRoi roi = test::tinyRoi(false);
    std::fill(roi.levels.begin(), roi.levels.end(), 3);
    std::fill(roi.morphologicalMask.voxels.begin(), roi.morphologicalMask.voxels.end(), 1);
    TextureSettings settings;
    const FeatureTable t = computeNgtdm(roi, settings);
    test::expectNoSilentNaN(t, "ngtdm");
    EXPECT_EQ(t.values.size(), 4u);
    ASSERT_EQ(t.notes.size(), 1u);
    EXPECT_NE(t.notes[0].note.find("Coarseness"), std::string::npos) << t.notes[0].note;
}

TEST(IbsiNeighbourhoodFamilies, TimingOnRandom60Cube) {
    const auto roi = test::randomCubeRoi(60, 32);
    TextureSettings settings;
    settings.aggregation = TextureAggregation::All;
    const test::Stopwatch ngtdmWatch;
    const FeatureTable ngtdm = computeNgtdm(roi, settings);
    ngtdmWatch.print("ngtdm", "60x60x60, 32 levels, 2D + 2.5D + 3D");
    const test::Stopwatch ngldmWatch;
    const FeatureTable ngldm = computeNgldm(roi, settings);
    ngldmWatch.print("ngldm", "60x60x60, 32 levels, 2D + 2.5D + 3D");
    EXPECT_EQ(ngtdm.values.size(), 15u);
    EXPECT_EQ(ngldm.values.size(), 51u);
    test::expectNoSilentNaN(ngtdm, "ngtdm");
    test::expectNoSilentNaN(ngldm, "ngldm");
}
