// GLSZM (IBSI 3.8) and GLDZM (IBSI 3.9) against the IBSI digital phantom: the
// zone matrices of docs/06_Digital_phantom_texture_matrices.rst and every
// reference value; plus the border-distance map on a hand-checked shape.

#include "TextureTestSupport.h"
#include "radiomics/families/gldzm.h"
#include "radiomics/families/glszm.h"
#include "radiomics/texture/Zones.h"

#include <chrono>
#include <gtest/gtest.h>
#include <tuple>
#include <vector>

using namespace rgw;
using namespace rgw::radiomics;

namespace {

using Cells = std::vector<std::tuple<int, int, double>>; // i, j, n

void expectCells(const texture::LevelCountMatrix& m, const Cells& cells, const std::string& what) {
    double expectedTotal = 0.0, total = 0.0;
    for (const auto& [i, j, n] : cells) {
        EXPECT_EQ(m.count(i, j), n) << what << " n(" << i << "," << j << ")";
        expectedTotal += n;
    }
    for (const auto& c : m.cells())
        total += c.n;
    EXPECT_EQ(total, expectedTotal) << what << ": zones not in the reference table";
}

void expectSlices(const std::vector<texture::LevelCountMatrix>& perSlice,
                  const texture::PaddedGrid& grid, const std::vector<Cells>& expected,
                  const std::string& what) {
    std::size_t slice = 0;
    for (int k = 0; k < grid.nz; ++k) {
        if (grid.sliceVoxels(k) == 0)
            continue;
        ASSERT_LT(slice, expected.size());
        expectCells(perSlice[k], expected[slice], what + " slice " + std::to_string(slice + 1));
        ++slice;
    }
    EXPECT_EQ(slice, expected.size());
}

} // namespace

TEST(IbsiGlszm, DigitalPhantomMatrices) {
    RGW_REQUIRE_TEST_DATA();
    const auto grid = texture::makePaddedGrid(test::digitalPhantomRoi(), 1);
    expectSlices(buildGlszmSlices(grid, 1), grid,
                 {{{1, 3, 1}, {1, 6, 1}, {4, 2, 1}, {4, 6, 1}, {6, 3, 1}},
                  {{1, 4, 1}, {1, 8, 1}, {3, 1, 1}, {4, 2, 2}, {6, 1, 2}},
                  {{1, 14, 1}, {4, 2, 1}, {6, 1, 1}},
                  {{1, 15, 1}, {4, 2, 1}, {6, 1, 1}}},
                 "GLSZM 2D");
    expectCells(buildGlszmVolume(grid, 1),
                {{1, 50, 1}, {3, 1, 1}, {4, 2, 1}, {4, 14, 1}, {6, 7, 1}}, "GLSZM 3D");
}

TEST(IbsiGlszm, DigitalPhantomReferenceValues) {
    RGW_REQUIRE_TEST_DATA();
    TextureSettings settings;
    settings.aggregation = TextureAggregation::All;
    const FeatureTable table = computeGlszm(test::digitalPhantomRoi(), settings);
    EXPECT_EQ(table.values.size(), 16u * 3u);
    test::expectMatchesDigitalPhantom("glszm", table);
}

TEST(IbsiGldzm, DigitalPhantomMatrices) {
    RGW_REQUIRE_TEST_DATA();
    const auto grid = texture::makePaddedGrid(test::digitalPhantomRoi(), 1);
    expectSlices(buildGldzmSlices(grid, 1), grid,
                 {{{1, 1, 2}, {4, 1, 2}, {6, 1, 1}},
                  {{1, 1, 2}, {3, 2, 1}, {4, 1, 2}, {6, 1, 1}, {6, 2, 1}},
                  {{1, 1, 1}, {4, 1, 1}, {6, 1, 1}},
                  {{1, 1, 1}, {4, 1, 1}, {6, 1, 1}}},
                 "GLDZM 2D");
    expectCells(buildGldzmVolume(grid, 1), {{1, 1, 1}, {3, 1, 1}, {4, 1, 2}, {6, 1, 1}},
                "GLDZM 3D");
}

TEST(IbsiGldzm, DigitalPhantomReferenceValues) {
    RGW_REQUIRE_TEST_DATA();
    TextureSettings settings;
    settings.aggregation = TextureAggregation::All;
    const FeatureTable table = computeGldzm(test::digitalPhantomRoi(), settings);
    EXPECT_EQ(table.values.size(), 16u * 3u);
    test::expectMatchesDigitalPhantom("gldzm", table);
}

TEST(IbsiGldzm, BorderDistanceIsManhattanToMorphologicalBorder) {
    // A 5×5×5 cube: the centre is 3 city-block steps from outside, in-plane too
    // (the plane is 5×5). A voxel removed from the intensity mask but kept in
    // the morphological mask must not create a border.
    DiscretisedRoi roi;
    roi.geometry.size = {5, 5, 5};
    roi.greyLevels = 2;
    roi.levels.assign(125, 1);
    roi.morphologicalMask = Mask(roi.geometry, 1);
    roi.levels[roi.geometry.linearIndex(2, 1, 2)] = 0; // re-segmented away
    const auto grid = texture::makePaddedGrid(roi, 1);
    const auto d3 = texture::borderDistance(grid, false);
    const auto d2 = texture::borderDistance(grid, true);
    EXPECT_EQ(d3[grid.index(3, 3, 3)], 3); // centre (2,2,2) + pad 1
    EXPECT_EQ(d2[grid.index(3, 3, 3)], 3);
    EXPECT_EQ(d3[grid.index(1, 1, 1)], 1);
    EXPECT_EQ(d3[grid.index(3, 3, 2)], 2);
    EXPECT_EQ(d2[grid.index(3, 3, 2)], 3); // in-plane ignores the plane below
    EXPECT_EQ(d3[grid.index(0, 0, 0)], 0);
    // One 3D zone of level 1 (124 voxels) whose nearest voxel to the border is at 1.
    const auto m = buildGldzmVolume(grid, 1);
    expectCells(m, {{1, 1, 1}}, "cube");
}

TEST(IbsiZoneFamilies, EmptyAndOneVoxelRoi) {
    TextureSettings settings;
    settings.aggregation = TextureAggregation::All;
    for (bool oneVoxel : {false, true}) {
        const FeatureTable glszm = computeGlszm(test::tinyRoi(oneVoxel), settings);
        const FeatureTable gldzm = computeGldzm(test::tinyRoi(oneVoxel), settings);
        test::expectNoSilentNaN(glszm, "glszm");
        test::expectNoSilentNaN(gldzm, "gldzm");
        // Empty: a note per aggregation. One voxel: one zone, every feature defined.
        EXPECT_EQ(glszm.values.size(), oneVoxel ? 16u * 3u : 0u);
        EXPECT_EQ(gldzm.values.size(), oneVoxel ? 16u * 3u : 0u);
        EXPECT_EQ(glszm.notes.size(), oneVoxel ? 0u : 3u);
        EXPECT_EQ(gldzm.notes.size(), oneVoxel ? 0u : 3u);
    }
}

TEST(IbsiZoneFamilies, TimingOnRandom60Cube) {
    const auto roi = test::randomCubeRoi(60, 32);
    TextureSettings settings;
    settings.aggregation = TextureAggregation::All;
    const test::Stopwatch glszmWatch;
    const FeatureTable glszm = computeGlszm(roi, settings);
    glszmWatch.print("glszm", "60x60x60, 32 levels, 2D + 2.5D + 3D");
    const test::Stopwatch gldzmWatch;
    const FeatureTable gldzm = computeGldzm(roi, settings);
    gldzmWatch.print("gldzm", "60x60x60, 32 levels, 2D + 2.5D + 3D");
    EXPECT_EQ(glszm.values.size(), 48u);
    EXPECT_EQ(gldzm.values.size(), 48u);
    test::expectNoSilentNaN(glszm, "glszm");
    test::expectNoSilentNaN(gldzm, "gldzm");
}
