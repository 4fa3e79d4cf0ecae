// Margin, hollow, islands, logical operations and fill between slices.
#include "segmentation/DistanceTransform.h"
#include "segmentation/Islands.h"
#include "segmentation/LogicalOps.h"
#include "segmentation/Margin.h"
#include "segmentation/SliceInterpolation.h"
#include "util/Error.h"

#include <chrono>
#include <cmath>
#include <gtest/gtest.h>
#include <iostream>
#include <numbers>

namespace {

using namespace rgw;
using namespace rgw::segmentation;

std::size_t count(const Mask& m) {
    return static_cast<std::size_t>(std::count(m.voxels.begin(), m.voxels.end(), 1));
}

Geometry anisotropic() {
    Geometry g;
    g.size = {60, 60, 24};
    g.spacing = {0.8, 0.8, 2.5};
    g.origin = {-24.0, -24.0, -30.0};
    return g;
}

/// Voxel-index cube [lo, hi] (inclusive) of the test.
struct Cube {
    std::array<std::int64_t, 3> lo{25, 24, 9}, hi{34, 36, 14};
    bool contains(std::int64_t i, std::int64_t j, std::int64_t k) const {
        return i >= lo[0] && i <= hi[0] && j >= lo[1] && j <= hi[1] && k >= lo[2] && k <= hi[2];
    }
    /// Distance (mm) from voxel (i,j,k)'s centre to the nearest cube voxel
    /// centre: the nearest lattice point of a box clamps each axis separately.
    double distance(const Geometry& g, std::int64_t i, std::int64_t j, std::int64_t k) const {
        const std::int64_t p[3] = {i, j, k};
        double d2 = 0;
        for (int a = 0; a < 3; ++a) {
            const auto steps = std::max<std::int64_t>({0, lo[a] - p[a], p[a] - hi[a]});
            d2 += std::pow(static_cast<double>(steps) * g.spacing[a], 2);
        }
        return std::sqrt(d2);
    }
    Mask mask(const Geometry& g) const {
        Mask m(g, 0);
        for (std::int64_t k = 0; k < g.size[2]; ++k)
            for (std::int64_t j = 0; j < g.size[1]; ++j)
                for (std::int64_t i = 0; i < g.size[0]; ++i)
                    m.at(i, j, k) = contains(i, j, k);
        return m;
    }
};

TEST(SegmentationMargin, FiveMillimetreGrowOfCubeMatchesBruteForceCount) {
    const Geometry g = anisotropic();
    const Cube cube;
    const Mask grown = growMargin(cube.mask(g), 5.0);
    std::size_t expected = 0;
    for (std::int64_t k = 0; k < g.size[2]; ++k)
        for (std::int64_t j = 0; j < g.size[1]; ++j)
            for (std::int64_t i = 0; i < g.size[0]; ++i) {
                const bool in = cube.distance(g, i, j, k) <= 5.0 + 1e-9;
                expected += in;
                ASSERT_EQ(grown.at(i, j, k), in ? 1 : 0) << i << " " << j << " " << k;
            }
    EXPECT_EQ(count(grown), expected);
    std::cout << "cube " << count(cube.mask(g)) << " voxels, +5 mm: " << count(grown)
              << " voxels (brute force " << expected << ")\n";
}

TEST(SegmentationMargin, ShrinkOfCubeRemovesFacesWithinDistance) {
    const Geometry g = anisotropic();
    const Cube cube;
    // A cube voxel stays when every background voxel centre is farther than
    // d: the nearest background voxel lies one step beyond a face.
    for (double d : {0.8, 2.4, 2.5, 4.0}) {
        const Mask shrunk = shrinkMargin(cube.mask(g), d);
        std::size_t expected = 0;
        for (std::int64_t k = 0; k < g.size[2]; ++k)
            for (std::int64_t j = 0; j < g.size[1]; ++j)
                for (std::int64_t i = 0; i < g.size[0]; ++i) {
                    if (!cube.contains(i, j, k))
                        continue;
                    const std::int64_t p[3] = {i, j, k};
                    double nearest = 1e9;
                    for (int a = 0; a < 3; ++a)
                        nearest = std::min(nearest, g.spacing[a] * static_cast<double>(std::min(
                                                                       p[a] - cube.lo[a] + 1,
                                                                       cube.hi[a] - p[a] + 1)));
                    expected += nearest > d + 1e-9; // a tie is within d: eroded
                }
        EXPECT_EQ(count(shrunk), expected) << "d = " << d;
    }
    EXPECT_EQ(applyMargin(cube.mask(g), -2.4).voxels, shrinkMargin(cube.mask(g), 2.4).voxels);
    EXPECT_EQ(applyMargin(cube.mask(g), 2.4).voxels, growMargin(cube.mask(g), 2.4).voxels);
}

TEST(SegmentationMargin, HollowShells) {
    const Geometry g = anisotropic();
    const Cube cube;
    const Mask m = cube.mask(g);
    const Mask inside = hollow(m, 1.0, ShellSide::Inside);
    const Mask outside = hollow(m, 1.0, ShellSide::Outside);
    const Mask centred = hollow(m, 2.0, ShellSide::Centred);
    // Inside, 1 mm: one layer on the four in-plane faces (0.8 mm steps); the
    // slice faces stay (the next slice is 2.5 mm away).
    const std::size_t cubeCount = 10 * 13 * 6, core = 8 * 11 * 6;
    EXPECT_EQ(count(inside), cubeCount - core);
    EXPECT_EQ(count(maskSubtract(inside, m)), 0u);
    // Outside, 1 mm: voxels one in-plane step beyond a face (edge diagonals
    // are 1.13 mm off, the next slice 2.5 mm).
    EXPECT_EQ(count(outside), 2u * (13 * 6 + 10 * 6));
    EXPECT_EQ(count(maskIntersect(outside, m)), 0u);
    EXPECT_EQ(count(centred), count(inside) + count(outside));
    EXPECT_THROW(hollow(m, -1.0), Error);
}

TEST(SegmentationMargin, DistanceTransformMatchesBruteForce) {
    const std::array<std::int64_t, 3> size{13, 9, 7};
    const std::array<double, 3> spacing{0.7, 1.3, 2.1};
    std::vector<std::uint8_t> f(13 * 9 * 7, 0);
    f[3] = f[200] = f[611] = f[450] = 1;
    const std::vector<double> d2 = squaredDistanceTransform(f, size, spacing);
    for (std::size_t v = 0; v < f.size(); ++v) {
        double best = kNoFeature;
        for (std::size_t w = 0; w < f.size(); ++w) {
            if (!f[w])
                continue;
            const auto di = static_cast<double>(static_cast<std::int64_t>(v % 13) -
                                                static_cast<std::int64_t>(w % 13));
            const auto dj = static_cast<double>(static_cast<std::int64_t>(v / 13 % 9) -
                                                static_cast<std::int64_t>(w / 13 % 9));
            const auto dk = static_cast<double>(static_cast<std::int64_t>(v / 117) -
                                                static_cast<std::int64_t>(w / 117));
            best = std::min(best,
                            std::pow(di * 0.7, 2) + std::pow(dj * 1.3, 2) + std::pow(dk * 2.1, 2));
        }
        ASSERT_NEAR(d2[v], best, 1e-9) << v;
    }
    EXPECT_TRUE(std::isinf(
        squaredDistanceTransform(std::vector<std::uint8_t>(f.size(), 0), size, spacing)[5]));
}

TEST(SegmentationMargin, FullSizeMarginIsALinearPass) {
    Geometry g;
    g.size = {512, 512, 300};
    g.spacing = {0.8, 0.8, 2.5};
    Mask m(g, 0);
    for (std::int64_t k = 100; k < 160; ++k)
        for (std::int64_t j = 150; j < 300; ++j)
            for (std::int64_t i = 150; i < 300; ++i)
                m.at(i, j, k) = 1;
    const auto t0 = std::chrono::steady_clock::now();
    const Mask grown = growMargin(m, 10.0);
    const double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    std::cout << "10 mm margin of a 150x150x60 box on 512x512x300: " << ms << " ms\n";
    EXPECT_EQ(grown.at(150 - 12, 200, 130), 1); // 12 * 0.8 = 9.6 mm
    EXPECT_EQ(grown.at(150 - 13, 200, 130), 0); // 10.4 mm
    EXPECT_EQ(grown.at(200, 200, 159 + 3), 1);  // 7.5 mm
    EXPECT_EQ(grown.at(200, 200, 159 + 4), 1);  // exactly 10 mm counts as within
    EXPECT_EQ(grown.at(200, 200, 159 + 5), 0);  // 12.5 mm
}

TEST(SegmentationIslands, KeepLargestAndRemoveSmall) {
    Geometry g;
    g.size = {20, 20, 10};
    Mask m(g, 0);
    auto block = [&](std::int64_t i0, std::int64_t j0, std::int64_t k0, std::int64_t n) {
        for (std::int64_t k = k0; k < k0 + n; ++k)
            for (std::int64_t j = j0; j < j0 + n; ++j)
                for (std::int64_t i = i0; i < i0 + n; ++i)
                    m.at(i, j, k) = 1;
    };
    block(1, 1, 1, 3);   // 27 voxels
    block(10, 10, 1, 2); // 8 voxels
    m.at(15, 2, 5) = 1;  // 1 voxel
    m.at(16, 3, 6) = 1;  // corner-touching the previous one: joined only with 26-connectivity
    m.at(5, 15, 8) = 1;  // lone voxel
    EXPECT_EQ(islandSizes(m, Connectivity::TwentySix), (std::vector<std::size_t>{27, 8, 2, 1}));
    EXPECT_EQ(islandSizes(m, Connectivity::Six).size(), 5u);
    const Mask largest = keepLargestIsland(m);
    EXPECT_EQ(count(largest), 27u);
    EXPECT_EQ(largest.at(2, 2, 2), 1);
    EXPECT_EQ(count(removeSmallIslands(m, 8)), 35u);
    EXPECT_EQ(count(removeSmallIslands(m, 2, Connectivity::TwentySix)), 37u);
    EXPECT_EQ(count(removeSmallIslands(m, 2, Connectivity::Six)), 35u);
    // 1 mm^3 voxels: 0.008 ml keeps islands of >= 8 voxels.
    EXPECT_EQ(count(removeSmallIslandsMl(m, 0.008)), 35u);
    EXPECT_EQ(count(keepLargestIsland(Mask(g, 0))), 0u);
}

TEST(SegmentationLogic, TruthTables) {
    Geometry g;
    g.size = {4, 1, 1};
    Mask a(g, 0), b(g, 0);
    a.voxels = {0, 0, 1, 1};
    b.voxels = {0, 1, 0, 1};
    EXPECT_EQ(maskUnion(a, b).voxels, (std::vector<std::uint8_t>{0, 1, 1, 1}));
    EXPECT_EQ(maskIntersect(a, b).voxels, (std::vector<std::uint8_t>{0, 0, 0, 1}));
    EXPECT_EQ(maskSubtract(a, b).voxels, (std::vector<std::uint8_t>{0, 0, 1, 0}));
    EXPECT_EQ(maskXor(a, b).voxels, (std::vector<std::uint8_t>{0, 1, 1, 0}));
    EXPECT_EQ(invert(a).voxels, (std::vector<std::uint8_t>{1, 1, 0, 0}));
    EXPECT_EQ(cleared(a).voxels, (std::vector<std::uint8_t>{0, 0, 0, 0}));
    Geometry other = g;
    other.spacing = {2, 1, 1};
    EXPECT_THROW(maskUnion(a, Mask(other, 0)), Error);
}

TEST(SegmentationInterpolation, ConcentricCirclesGiveLinearRadius) {
    Geometry g;
    g.size = {100, 100, 20};
    g.spacing = {0.5, 0.5, 2.0};
    const double r1 = 5.0, r2 = 20.0;
    const std::int64_t k0 = 4, k1 = 14;
    Mask m(g, 0);
    auto drawCircle = [&](std::int64_t k, double r) {
        for (std::int64_t j = 0; j < 100; ++j)
            for (std::int64_t i = 0; i < 100; ++i)
                m.at(i, j, k) = std::hypot((i - 49.5) * 0.5, (j - 49.5) * 0.5) <= r;
    };
    drawCircle(k0, r1);
    drawCircle(k1, r2);
    const Mask filled = fillBetweenSlices(m, 2);
    for (std::int64_t k = 0; k < 20; ++k) {
        std::size_t n = 0;
        for (std::int64_t j = 0; j < 100; ++j)
            for (std::int64_t i = 0; i < 100; ++i)
                n += filled.at(i, j, k);
        const double area = static_cast<double>(n) * 0.25;
        if (k < k0 || k > k1) {
            EXPECT_EQ(n, 0u) << "slice " << k;
            continue;
        }
        const double t = static_cast<double>(k - k0) / static_cast<double>(k1 - k0);
        const double r = r1 + t * (r2 - r1);
        const double ring = 2.0 * std::numbers::pi * r * 0.5; // one pixel ring
        EXPECT_NEAR(area, std::numbers::pi * r * r, ring) << "slice " << k;
        std::cout << "slice " << k << ": area " << area << " mm2, expected "
                  << std::numbers::pi * r * r << " +- " << ring << "\n";
    }
    // Drawn slices are untouched; interpolation along another axis works too.
    for (std::int64_t j = 0; j < 100; ++j)
        for (std::int64_t i = 0; i < 100; ++i)
            ASSERT_EQ(filled.at(i, j, k0), m.at(i, j, k0));
    EXPECT_THROW(fillBetweenSlices(m, 3), Error);
}

TEST(SegmentationInterpolation, SagittalAxisAndSeveralGaps) {
    Geometry g;
    g.size = {30, 20, 20};
    Mask m(g, 0);
    // Squares drawn on sagittal slices i = 2, 10, 11, 20 (unit spacing).
    auto square = [&](std::int64_t i, std::int64_t half) {
        for (std::int64_t k = 10 - half; k <= 10 + half; ++k)
            for (std::int64_t j = 10 - half; j <= 10 + half; ++j)
                m.at(i, j, k) = 1;
    };
    square(2, 2);
    square(10, 6);
    square(11, 6);
    square(20, 6);
    const Mask f = fillBetweenSlices(m, 0);
    auto area = [&](std::int64_t i) {
        std::size_t n = 0;
        for (std::int64_t k = 0; k < 20; ++k)
            for (std::int64_t j = 0; j < 20; ++j)
                n += f.at(i, j, k);
        return n;
    };
    EXPECT_EQ(area(6), 81u);   // half way between 5x5 and 13x13: 9x9
    EXPECT_EQ(area(15), 169u); // between equal squares: the same square
    EXPECT_EQ(area(1), 0u);
    EXPECT_EQ(area(25), 0u);
}

} // namespace
