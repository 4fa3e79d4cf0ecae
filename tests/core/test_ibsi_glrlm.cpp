// GLRLM (IBSI 3.7) against the IBSI digital phantom: the run length matrices of
// docs/06_Digital_phantom_texture_matrices.rst and every reference value.

#include "TextureTestSupport.h"
#include "radiomics/families/glrlm.h"
#include "radiomics/texture/Directions.h"

#include <chrono>
#include <gtest/gtest.h>
#include <tuple>
#include <vector>

using namespace rgw;
using namespace rgw::radiomics;

namespace {

using Cells = std::vector<std::tuple<int, int, double>>; // i, r, n

void expectCells(const texture::LevelCountMatrix& m, const Cells& cells, const std::string& what) {
    double expectedTotal = 0.0, total = 0.0;
    for (const auto& [i, r, n] : cells) {
        EXPECT_EQ(m.count(i, r), n) << what << " n(" << i << "," << r << ")";
        expectedTotal += n;
    }
    for (const auto& c : m.cells())
        total += c.n;
    EXPECT_EQ(total, expectedTotal) << what << ": runs not in the reference table";
}

} // namespace

TEST(IbsiGlrlm, DigitalPhantomMatrices) {
    RGW_REQUIRE_TEST_DATA();
    const auto grid = texture::makePaddedGrid(test::digitalPhantomRoi(), 1);
    // Each slice's 4 directional matrices merged (06, "2D, merged").
    const std::vector<Cells> sliceMerged = {
        {{1, 1, 16}, {1, 2, 8}, {1, 4, 1}, {4, 1, 17}, {4, 2, 6}, {4, 3, 1}, {6, 1, 9}, {6, 3, 1}},
        {{1, 1, 10}, {1, 2, 15}, {1, 4, 2}, {3, 1, 4}, {4, 1, 12}, {4, 2, 2}, {6, 1, 8}},
        {{1, 1, 10}, {1, 2, 11}, {1, 3, 5}, {1, 4, 1}, {1, 5, 1}, {4, 1, 6}, {4, 2, 1}, {6, 1, 4}},
        {{1, 1, 6}, {1, 2, 9}, {1, 3, 6}, {1, 4, 2}, {1, 5, 2}, {4, 1, 6}, {4, 2, 1}, {6, 1, 4}},
    };
    int slice = 0;
    for (int k = 0; k < grid.nz; ++k) {
        if (grid.sliceVoxels(k) == 0)
            continue;
        texture::LevelCountMatrix merged(6), m(6);
        for (const auto& dir : texture::directions2D()) {
            buildGlrlm(m, grid, k, dir);
            merged += m;
        }
        ASSERT_LT(slice, 4);
        expectCells(merged, sliceMerged[slice], "2D slice " + std::to_string(slice + 1));
        EXPECT_EQ(merged.voxels, 4.0 * grid.sliceVoxels(k));
        ++slice;
    }
    EXPECT_EQ(slice, 4);

    texture::LevelCountMatrix merged3D(6), m(6);
    for (const auto& dir : texture::directions3D()) {
        buildGlrlm(m, grid, -1, dir);
        merged3D += m;
    }
    expectCells(merged3D,
                {{1, 1, 190},
                 {1, 2, 140},
                 {1, 3, 31},
                 {1, 4, 18},
                 {1, 5, 3},
                 {3, 1, 13},
                 {4, 1, 149},
                 {4, 2, 24},
                 {4, 3, 1},
                 {4, 4, 2},
                 {6, 1, 78},
                 {6, 2, 3},
                 {6, 3, 1},
                 {6, 4, 1}},
                "3D merged");
}

TEST(IbsiGlrlm, DigitalPhantomReferenceValues) {
    RGW_REQUIRE_TEST_DATA();
    TextureSettings settings;
    settings.aggregation = TextureAggregation::All;
    const FeatureTable table = computeGlrlm(test::digitalPhantomRoi(), settings);
    EXPECT_EQ(table.values.size(), 16u * 6u);
    test::expectMatchesDigitalPhantom("glrlm", table);
}

TEST(IbsiGlrlm, EmptyRoiGivesNotesAndOneVoxelIsOneRun) {
    TextureSettings settings;
    settings.aggregation = TextureAggregation::All;
    const FeatureTable empty = computeGlrlm(test::tinyRoi(false), settings);
    EXPECT_TRUE(empty.values.empty());
    EXPECT_EQ(empty.notes.size(), 6u);
    test::expectNoSilentNaN(empty, "glrlm");

    // One voxel = one run of length 1 per direction: every feature defined.
    const FeatureTable one = computeGlrlm(test::tinyRoi(true), settings);
    EXPECT_EQ(one.values.size(), 16u * 6u);
    test::expectNoSilentNaN(one, "glrlm");
    for (const auto& v : one.values) {
        if (v.ibsiCode == "9ZK5" || v.ibsiCode == "22OV") {
            EXPECT_DOUBLE_EQ(v.value, 1.0) << v.name << " [" << v.aggregation << "]";
        }
    }
}

TEST(IbsiGlrlm, TimingOnRandom60Cube) {
    const auto roi = test::randomCubeRoi(60, 32);
    TextureSettings settings;
    settings.aggregation = TextureAggregation::All;
    const test::Stopwatch watch;
    const FeatureTable table = computeGlrlm(roi, settings);
    watch.print("glrlm", "60x60x60, 32 levels, all 6 aggregations");
    EXPECT_EQ(table.values.size(), 16u * 6u);
    test::expectNoSilentNaN(table, "glrlm");
}
