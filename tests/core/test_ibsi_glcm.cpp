// GLCM (IBSI 3.6) against the IBSI digital phantom: the texture matrices of
// docs/06_Digital_phantom_texture_matrices.rst and every reference value.

#include "TextureTestSupport.h"
#include "radiomics/families/glcm.h"
#include "radiomics/texture/Directions.h"

#include <chrono>
#include <gtest/gtest.h>
#include <map>
#include <tuple>
#include <vector>

using namespace rgw;
using namespace rgw::radiomics;

namespace {

using Cells = std::vector<std::tuple<int, int, double>>; // i, j, n (both halves listed)

// Every cell (i, j) of grey levels 1..N_g, present in the ROI or not.
void expectMatrix(const GlcmMatrix& m, const Cells& cells, const std::string& what) {
    std::map<std::pair<int, int>, double> expected;
    for (const auto& [i, j, n] : cells)
        expected[{i, j}] = n;
    for (int i = 1; i <= m.greyLevels; ++i)
        for (int j = 1; j <= m.greyLevels; ++j) {
            const auto it = expected.find({i, j});
            EXPECT_EQ(m.at(i, j), it == expected.end() ? 0.0 : it->second)
                << what << " n(" << i << "," << j << ")";
        }
}

} // namespace

TEST(IbsiGlcm, DigitalPhantomMatrices) {
    RGW_REQUIRE_TEST_DATA();
    const auto grid = texture::makePaddedGrid(test::digitalPhantomRoi(), 1);
    // 2D matrices of each slice merged over the 4 in-plane directions (06, "2D, merged").
    const std::vector<Cells> sliceMerged = {
        {{1, 1, 22},
         {1, 4, 17},
         {1, 6, 6},
         {4, 1, 17},
         {4, 4, 16},
         {4, 6, 11},
         {6, 1, 6},
         {6, 4, 11},
         {6, 6, 4}},
        {{1, 1, 42},
         {1, 3, 5},
         {1, 4, 8},
         {1, 6, 8},
         {3, 1, 5},
         {3, 4, 1},
         {3, 6, 2},
         {4, 1, 8},
         {4, 3, 1},
         {4, 4, 4},
         {4, 6, 3},
         {6, 1, 8},
         {6, 3, 2},
         {6, 4, 3}},
        {{1, 1, 56}, {1, 4, 7}, {1, 6, 4}, {4, 1, 7}, {4, 4, 2}, {6, 1, 4}},
        {{1, 1, 70}, {1, 4, 7}, {1, 6, 5}, {4, 1, 7}, {4, 4, 2}, {6, 1, 5}},
    };
    int slice = 0;
    for (int k = 0; k < grid.nz; ++k) {
        if (grid.sliceVoxels(k) == 0)
            continue;
        GlcmMatrix merged(grid);
        for (const auto& dir : texture::directions2D())
            accumulateGlcm(merged, grid, k, dir, 1);
        ASSERT_LT(slice, 4);
        expectMatrix(merged, sliceMerged[slice], "2D slice " + std::to_string(slice + 1));
        ++slice;
    }
    EXPECT_EQ(slice, 4);

    GlcmMatrix merged3D(grid);
    for (const auto& dir : texture::directions3D())
        accumulateGlcm(merged3D, grid, -1, dir, 1);
    expectMatrix(merged3D,
                 {{1, 1, 536},
                  {1, 3, 14},
                  {1, 4, 105},
                  {1, 6, 61},
                  {3, 1, 14},
                  {3, 4, 5},
                  {3, 6, 6},
                  {4, 1, 105},
                  {4, 3, 5},
                  {4, 4, 64},
                  {4, 6, 28},
                  {6, 1, 61},
                  {6, 3, 6},
                  {6, 4, 28},
                  {6, 6, 16}},
                 "3D merged");
}

TEST(IbsiGlcm, DigitalPhantomReferenceValues) {
    RGW_REQUIRE_TEST_DATA();
    TextureSettings settings;
    settings.aggregation = TextureAggregation::All;
    const FeatureTable table = computeGlcm(test::digitalPhantomRoi(), settings);
    EXPECT_EQ(table.values.size(), 25u * 6u);
    test::expectMatchesDigitalPhantom("glcm", table);
}

TEST(IbsiGlcm, EmptyAndOneVoxelRoiGiveNotes) {
    TextureSettings settings;
    settings.aggregation = TextureAggregation::All;
    for (bool oneVoxel : {false, true}) {
        const FeatureTable table = computeGlcm(test::tinyRoi(oneVoxel), settings);
        EXPECT_TRUE(table.values.empty()) << "a lone voxel has no co-occurring neighbour";
        EXPECT_EQ(table.notes.size(), 6u);
        test::expectNoSilentNaN(table, "glcm");
    }
}

TEST(IbsiGlcm, TimingOnRandom60Cube) {
    const auto roi = test::randomCubeRoi(60, 32);
    TextureSettings settings;
    settings.aggregation = TextureAggregation::All;
    const test::Stopwatch watch;
    const FeatureTable table = computeGlcm(roi, settings);
    watch.print("glcm", "60x60x60, 32 levels, all 6 aggregations");
    EXPECT_EQ(table.values.size(), 25u * 6u);
    test::expectNoSilentNaN(table, "glcm");
}
