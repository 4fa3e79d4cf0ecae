// Moran's I (IBSI N365) and Geary's C (NPT7) from the FFT implementation
// against the O(N^2) pair-loop definition, over many ROI shapes (single
// slices and rows, odd and even extents, which change the padded FFT
// lengths), anisotropic spacings and intensity scales; on the CT phantom's
// configuration C ROI (the case issue #16 §6 times) against a pair loop over
// a table of the weights; and its run time on a 46k-voxel ellipsoid (printed,
// the benchmark's job is the speed target).
#include "IbsiPhantoms.h"
#include "image/Image.h"
#include "radiomics/Settings.h"
#include "radiomics/morphology/SpatialAutocorrelation.h"
#include "radiomics/processing/Pipeline.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <gtest/gtest.h>
#include <random>
#include <utility>
#include <vector>

using namespace rgw;
using rgw::radiomics::morphology::spatialAutocorrelation;

namespace {

Geometry grid(std::int64_t nx, std::int64_t ny, std::int64_t nz, const Eigen::Vector3d& spacing) {
    Geometry g;
    g.size = {nx, ny, nz};
    g.spacing = spacing;
    return g;
}

// The IBSI definition, pair by pair: w_ab = 1 / |r_a - r_b| (mm), a != b.
std::pair<double, double> bruteForce(const Volume& image, const Mask& mask) {
    std::vector<Eigen::Vector3d> pos;
    std::vector<double> x;
    const Geometry& g = mask.geometry;
    for (std::int64_t k = 0; k < g.size[2]; ++k)
        for (std::int64_t j = 0; j < g.size[1]; ++j)
            for (std::int64_t i = 0; i < g.size[0]; ++i)
                if (mask.at(i, j, k)) {
                    pos.push_back(g.spacing.cwiseProduct(Eigen::Vector3d(
                        static_cast<double>(i), static_cast<double>(j), static_cast<double>(k))));
                    x.push_back(image.at(i, j, k));
                }
    const double n = static_cast<double>(x.size());
    double mean = 0;
    for (double v : x)
        mean += v;
    mean /= n;
    double w = 0, moran = 0, geary = 0, ss = 0;
    for (std::size_t a = 0; a < x.size(); ++a) {
        ss += (x[a] - mean) * (x[a] - mean);
        for (std::size_t b = 0; b < x.size(); ++b)
            if (a != b) {
                const double wab = 1.0 / (pos[a] - pos[b]).norm();
                w += wab;
                moran += wab * (x[a] - mean) * (x[b] - mean);
                geary += wab * (x[a] - x[b]) * (x[a] - x[b]);
            }
    }
    return {n / w * moran / ss, (n - 1) / (2 * w) * geary / ss};
}

} // namespace

TEST(SpatialAutocorrelation, MatchesThePairLoopOverManyShapes) {
    std::mt19937 rng(2024);
    std::uniform_real_distribution<double> spacing(0.4, 3.0);
    const std::vector<std::array<std::int64_t, 3>> extents{
        {2, 1, 1}, {1, 5, 1}, {1, 1, 7},  {3, 3, 1},   {13, 1, 4}, {5, 8, 3},
        {8, 5, 2}, {7, 7, 7}, {16, 9, 5}, {10, 12, 3}, {23, 4, 6}, {6, 6, 17}};
    int cases = 0;
    for (const auto& e : extents) {
        // The ROI box sits inside a larger grid, at an offset.
        const Geometry g = grid(e[0] + 3, e[1] + 2, e[2] + 1,
                                Eigen::Vector3d(spacing(rng), spacing(rng), spacing(rng)));
        for (double density : {1.0, 0.5}) {
            Mask mask(g, 0);
            std::bernoulli_distribution keep(density);
            for (std::int64_t k = 1; k < 1 + e[2]; ++k)
                for (std::int64_t j = 2; j < 2 + e[1]; ++j)
                    for (std::int64_t i = 1; i < 1 + e[0]; ++i)
                        mask.at(i, j, k) = keep(rng) ? 1 : 0;
            // The box's corners belong to the ROI so its extent is e.
            mask.at(1, 2, 1) = 1;
            mask.at(e[0], 1 + e[1], e[2]) = 1;
            Volume image(g, 0.0f);
            std::normal_distribution<double> hu(40.0, 200.0);
            for (auto& v : image.voxels)
                v = static_cast<float>(hu(rng));
            const auto fast = spatialAutocorrelation(image, mask);
            ASSERT_TRUE(fast) << e[0] << "x" << e[1] << "x" << e[2];
            const auto [moran, geary] = bruteForce(image, mask);
            EXPECT_NEAR(fast->moransI, moran, 1e-10) << e[0] << "x" << e[1] << "x" << e[2];
            EXPECT_NEAR(fast->gearysC, geary, 1e-10) << e[0] << "x" << e[1] << "x" << e[2];
            ++cases;
        }
    }
    std::printf("Moran/Geary matched the pair loop in %d ROIs\n", cases);
}

TEST(SpatialAutocorrelation, SparseRoisAndThinBoxesMatchThePairLoopToRoundOff) {
    // Boxes of extent 1 or 2 along one or two axes (padded lengths 1 and 3,
    // where a transform is the identity or odd), and sparse ROIs whose box has
    // many lines without an ROI voxel; strongly anisotropic spacings. Within
    // 1e-12 of the pair loop, relative to max(1, |value|) (Moran's I can be
    // close to 0).
    std::mt19937 rng(16);
    const std::vector<std::array<std::int64_t, 3>> extents{
        {1, 1, 2},  {1, 2, 1},  {2, 2, 1},  {1, 2, 2},  {4, 1, 1},  {1, 9, 2},
        {2, 1, 11}, {1, 14, 9}, {12, 1, 7}, {9, 10, 1}, {19, 2, 6}, {6, 15, 4}};
    const std::vector<Eigen::Vector3d> spacings{Eigen::Vector3d(0.5, 0.5, 5.0),
                                                Eigen::Vector3d(3.0, 0.7, 1.2),
                                                Eigen::Vector3d(1.0, 2.5, 0.3)};
    int cases = 0;
    for (const auto& e : extents)
        for (const auto& spacing : spacings)
            for (double density : {0.08, 0.4}) {
                const Geometry g = grid(e[0] + 2, e[1] + 1, e[2] + 3, spacing);
                Mask mask(g, 0);
                std::bernoulli_distribution keep(density);
                for (std::int64_t k = 2; k < 2 + e[2]; ++k)
                    for (std::int64_t j = 1; j < 1 + e[1]; ++j)
                        for (std::int64_t i = 0; i < e[0]; ++i)
                            mask.at(i, j, k) = keep(rng) ? 1 : 0;
                mask.at(0, 1, 2) = 1;
                mask.at(e[0] - 1, e[1], 1 + e[2]) = 1;
                Volume image(g, 0.0f);
                std::uniform_real_distribution<double> hu(-1000.0, 3000.0);
                for (auto& v : image.voxels)
                    v = static_cast<float>(hu(rng));
                const auto fast = spatialAutocorrelation(image, mask);
                ASSERT_TRUE(fast) << e[0] << "x" << e[1] << "x" << e[2];
                const auto [moran, geary] = bruteForce(image, mask);
                EXPECT_NEAR(fast->moransI, moran, 1e-12 * std::max(1.0, std::abs(moran)))
                    << e[0] << "x" << e[1] << "x" << e[2];
                EXPECT_NEAR(fast->gearysC, geary, 1e-12 * std::max(1.0, std::abs(geary)))
                    << e[0] << "x" << e[1] << "x" << e[2];
                ++cases;
            }
    std::printf("Moran/Geary matched the pair loop to 1e-12 in %d sparse or thin ROIs\n", cases);
}

TEST(SpatialAutocorrelation, MatchesThePairLoopOnASmoothThreeThousandVoxelBlob) {
    // Smooth intensities give a strongly positive Moran's I and Geary's C < 1.
    const Geometry g = grid(24, 22, 14, Eigen::Vector3d(0.98, 0.98, 2.0));
    Mask mask(g, 0);
    Volume image(g, 0.0f);
    for (std::int64_t k = 0; k < 14; ++k)
        for (std::int64_t j = 0; j < 22; ++j)
            for (std::int64_t i = 0; i < 24; ++i) {
                const double u = (i - 11.5) / 11.0, v = (j - 10.5) / 10.0, w = (k - 6.5) / 6.5;
                mask.at(i, j, k) = u * u + v * v + w * w <= 1.0 ? 1 : 0;
                image.at(i, j, k) = static_cast<float>(100.0 * std::sin(0.3 * i) + 5.0 * j);
            }
    const auto fast = spatialAutocorrelation(image, mask);
    ASSERT_TRUE(fast);
    const auto [moran, geary] = bruteForce(image, mask);
    EXPECT_GT(moran, 0.0);
    EXPECT_LT(geary, 1.0);
    EXPECT_NEAR(fast->moransI, moran, 1e-10);
    EXPECT_NEAR(fast->gearysC, geary, 1e-10);
}

TEST(SpatialAutocorrelation, MatchesThePairLoopOnTheCtPhantomConfigurationC) {
    // The ROI of IBSI configuration C (2 mm grid, box 49 x 49 x 40): too many
    // voxels for the pair loop above, so this one visits each unordered pair
    // once, row (y, z) by row, reading w_ab from a table indexed by the rows'
    // |dy|, |dz| and the voxels' |dx|.
    RGW_REQUIRE_TEST_DATA();
    const auto& p = test::ctPhantomNifti();
    const radiomics::PreparedRoi roi =
        radiomics::processing::prepareRoi(p.image, p.mask, radiomics::ibsiConfig('C'));
    const Geometry& g = roi.intensityMask.geometry;
    struct Row {
        std::int64_t y, z;
        std::size_t begin, end; // its voxels in xs and x
    };
    std::vector<Row> rows;
    std::vector<std::int64_t> xs;
    std::vector<double> x;
    std::array<std::int64_t, 3> lo{g.size[0], g.size[1], g.size[2]}, hi{-1, -1, -1};
    for (std::int64_t k = 0; k < g.size[2]; ++k)
        for (std::int64_t j = 0; j < g.size[1]; ++j) {
            const Row row{j, k, x.size(), x.size()};
            for (std::int64_t i = 0; i < g.size[0]; ++i)
                if (roi.intensityMask.at(i, j, k)) {
                    xs.push_back(i);
                    x.push_back(roi.image.at(i, j, k));
                    const std::array<std::int64_t, 3> pos{i, j, k};
                    for (std::size_t a = 0; a < 3; ++a) {
                        lo[a] = std::min(lo[a], pos[a]);
                        hi[a] = std::max(hi[a], pos[a]);
                    }
                }
            if (x.size() > row.begin)
                rows.push_back({j, k, row.begin, x.size()});
        }
    const std::int64_t ex = hi[0] - lo[0] + 1, ey = hi[1] - lo[1] + 1, ez = hi[2] - lo[2] + 1;
    std::vector<double> table(static_cast<std::size_t>(ex * ey * ez), 0.0);
    for (std::int64_t k = 0; k < ez; ++k)
        for (std::int64_t j = 0; j < ey; ++j)
            for (std::int64_t i = 0; i < ex; ++i)
                if (i + j + k > 0)
                    table[static_cast<std::size_t>((k * ey + j) * ex + i)] =
                        1.0 / g.spacing
                                  .cwiseProduct(Eigen::Vector3d(static_cast<double>(i),
                                                                static_cast<double>(j),
                                                                static_cast<double>(k)))
                                  .norm();
    const double n = static_cast<double>(x.size());
    double mean = 0.0, ss = 0.0;
    for (double v : x)
        mean += v;
    mean /= n;
    for (double& v : x) {
        v -= mean;
        ss += v * v;
    }
    double w = 0.0, moran = 0.0, geary = 0.0; // each unordered pair once
    for (std::size_t r = 0; r < rows.size(); ++r)
        for (std::size_t a = rows[r].begin; a < rows[r].end; ++a) {
            double sumW = 0.0, sumMoran = 0.0, sumGeary = 0.0;
            const double da = x[a];
            for (std::size_t s = r; s < rows.size(); ++s) {
                const double* t =
                    table.data() +
                    (std::abs(rows[s].z - rows[r].z) * ey + std::abs(rows[s].y - rows[r].y)) * ex;
                for (std::size_t b = s == r ? a + 1 : rows[s].begin; b < rows[s].end; ++b) {
                    const double wab = t[std::abs(xs[a] - xs[b])], db = x[b];
                    sumW += wab;
                    sumMoran += wab * db;
                    sumGeary += wab * (da - db) * (da - db);
                }
            }
            w += sumW;
            moran += da * sumMoran;
            geary += sumGeary;
        }
    const double bruteMoran = n / w * moran / ss, bruteGeary = (n - 1) / (2 * w) * geary / ss;
    const auto fast = spatialAutocorrelation(roi.image, roi.intensityMask);
    ASSERT_TRUE(fast);
    const double relMoran = std::abs(fast->moransI - bruteMoran) / std::abs(bruteMoran);
    const double relGeary = std::abs(fast->gearysC - bruteGeary) / std::abs(bruteGeary);
    std::printf("CT phantom config C, %zu voxels, box %lld x %lld x %lld:\n"
                "  Moran's I %.17g (pair loop %.17g, relative difference %.2e)\n"
                "  Geary's C %.17g (pair loop %.17g, relative difference %.2e)\n",
                x.size(), static_cast<long long>(ex), static_cast<long long>(ey),
                static_cast<long long>(ez), fast->moransI, bruteMoran, relMoran, fast->gearysC,
                bruteGeary, relGeary);
    EXPECT_LT(relMoran, 1e-10);
    EXPECT_LT(relGeary, 1e-10);
}

TEST(SpatialAutocorrelation, TimesA46kVoxelEllipsoid) {
    // Semi-axes 30 x 24 x 15 voxels of 1 x 1 x 2 mm: about 45.2k voxels.
    const Geometry g = grid(64, 52, 34, Eigen::Vector3d(1.0, 1.0, 2.0));
    Mask mask(g, 0);
    Volume image(g, 0.0f);
    std::mt19937 rng(7);
    std::normal_distribution<double> hu(40.0, 60.0);
    std::size_t voxels = 0;
    for (std::int64_t k = 0; k < 34; ++k)
        for (std::int64_t j = 0; j < 52; ++j)
            for (std::int64_t i = 0; i < 64; ++i) {
                const double u = (i - 31.5) / 30.0, v = (j - 25.5) / 24.0, w = (k - 16.5) / 15.0;
                const bool inside = u * u + v * v + w * w <= 1.0;
                mask.at(i, j, k) = inside ? 1 : 0;
                voxels += inside;
                image.at(i, j, k) = static_cast<float>(hu(rng));
            }
    double best = 1e300;
    for (int r = 0; r < 3; ++r) {
        const auto start = std::chrono::steady_clock::now();
        ASSERT_TRUE(spatialAutocorrelation(image, mask));
        best = std::min(best, std::chrono::duration<double, std::milli>(
                                  std::chrono::steady_clock::now() - start)
                                  .count());
    }
    std::printf("Moran/Geary on a %zu-voxel ellipsoid: %.2f ms\n", voxels, best);
}
