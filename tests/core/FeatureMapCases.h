#pragma once

// Shared by the feature-map tests: a seeded synthetic image with an ellipsoid
// mask, its settings, and the comparison of maps with the brute-force
// recomputation of each kernel (FeatureMapBruteForce.h).

#include "FeatureMapBruteForce.h"
#include "IbsiPhantoms.h"
#include "radiomics/Settings.h"
#include "radiomics/featuremaps/FeatureMaps.h"

#include <cmath>
#include <cstdio>
#include <gtest/gtest.h>
#include <random>

namespace rgw::test {

/// A seeded random image (integers −60 … 220, a quarter of them + 0.5) and
/// an ellipsoid mask with a hole, so kernels meet the ROI border inside.
inline ImageAndMask synthetic(std::int64_t nx, std::int64_t ny, std::int64_t nz,
                              std::uint32_t seed) {
    Geometry g;
    g.size = {nx, ny, nz};
    g.spacing = Eigen::Vector3d(0.8, 0.9, 2.0);
    ImageAndMask out{Volume(g, 0.0f), Mask(g, 0)};
    std::mt19937 rng(seed);
    std::uniform_int_distribution<int> value(-60, 220), half(0, 3);
    for (std::int64_t k = 0; k < nz; ++k)
        for (std::int64_t j = 0; j < ny; ++j)
            for (std::int64_t i = 0; i < nx; ++i) {
                const std::size_t v = g.linearIndex(i, j, k);
                out.image.voxels[v] =
                    static_cast<float>(value(rng)) + (half(rng) == 0 ? 0.5f : 0.0f);
                const double x = (i - nx / 2.0) / (nx / 2.2), y = (j - ny / 2.0) / (ny / 2.2),
                             z = (k - nz / 2.0) / (nz / 2.2);
                const double r2 = x * x + y * y + z * z;
                out.mask.voxels[v] = r2 < 1.0 && !(r2 < 0.08) ? 1 : 0;
            }
    return out;
}

/// Fixed bin size 25 from −40, re-segmented to [−40, 200] (so some voxels of
/// the mask leave the intensity mask), GLCM δ = 1.
inline radiomics::Settings syntheticSettings() {
    radiomics::Settings s;
    s.name = "feature map test";
    s.resegmentationRange = radiomics::IntensityRange{-40.0, 200.0};
    s.discretisation.method = radiomics::DiscretisationMethod::FixedBinSize;
    s.discretisation.binWidth = 25.0;
    return s;
}

struct Agreement {
    double maxRelative = 0.0;
    std::size_t compared = 0, bothUndefined = 0;
};

/// Every `stride`-th map voxel (every voxel by default) against the
/// brute-force value: |a − b| ≤ 1e-9 |b| (plus 1e-12 for values that are 0 up
/// to round-off), NaN exactly where it is NaN. `maps` as computed for
/// `features` (all map features by default).
inline Agreement
expectMatchesBruteForce(const Volume& image, const Mask* mask, const radiomics::Settings& settings,
                        int radius, const radiomics::featuremaps::FeatureMaps* computed = nullptr,
                        std::size_t stride = 1) {
    using radiomics::featuremaps::FeatureMaps;
    const FeatureMaps maps =
        computed ? *computed
                 : radiomics::featuremaps::computeFeatureMaps(
                       image, mask, settings, radiomics::featuremaps::mapFeatures(), {radius, 1});
    const auto& features = maps.features;
    const FeatureMapBruteForce brute(image, mask, settings, features, radius);
    Agreement a;
    EXPECT_EQ(maps.voxels, brute.centres());
    if (maps.voxels != brute.centres())
        return a;
    for (std::size_t v = 0; v < maps.voxels.size(); v += stride) {
        const std::vector<double> expected = brute.at(maps.voxels[v]);
        for (std::size_t f = 0; f < features.size(); ++f) {
            const double got = maps.values[f][v], want = expected[f];
            if (std::isnan(want) || std::isnan(got)) {
                EXPECT_TRUE(std::isnan(want) && std::isnan(got))
                    << features[f].columnName << " at voxel " << maps.voxels[v] << ": map " << got
                    << ", brute force " << want;
                ++a.bothUndefined;
                continue;
            }
            ++a.compared;
            EXPECT_LE(std::abs(got - want), 1e-9 * std::abs(want) + 1e-12)
                << features[f].columnName << " at voxel " << maps.voxels[v] << ": map " << got
                << ", brute force " << want;
            if (want != 0.0)
                a.maxRelative = std::max(a.maxRelative, std::abs(got - want) / std::abs(want));
        }
    }
    std::printf("r=%d, every %zu-th of %zu voxels x %zu maps: %zu values compared (max relative "
                "diff %.2g), "
                "%zu undefined in both\n",
                radius, stride, maps.voxels.size(), features.size(), a.compared, a.maxRelative,
                a.bothUndefined);
    return a;
}

} // namespace rgw::test
