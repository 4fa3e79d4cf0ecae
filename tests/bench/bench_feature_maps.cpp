// Voxel-wise feature map benchmark (issue #16 §3): GLCM joint entropy (3D,
// averaged over the 13 directions, as PyRadiomics' voxel mode) and 11
// first-order features, cubic kernel of radius 2, over a spherical ROI of
// about 60 000 voxels in a seeded synthetic CT-like image, single-threaded.
// In the same run, the brute-force recomputation of each kernel with the
// whole-ROI family code (tests/support/FeatureMapBruteForce.h) is timed on an
// evenly spaced subset of the centres and extrapolated to all of them; the
// maps are also checked against it there.
// Run:
//   build/tests/bench/bench_feature_maps [--radius R] [--roi-radius VOXELS]
//                                        [--subset N] [--seed S] [--threads N]
//                                        [--features NAMES]  (as rgw-cli featuremap)
// Prints the seconds, the ratio to the extrapolated brute force, and exits 1
// when the maps take longer than the target (10 s) or disagree.
#include "FeatureMapBruteForce.h"
#include "radiomics/featuremaps/FeatureMaps.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>

namespace {

using Clock = std::chrono::steady_clock;
constexpr double kTargetSeconds = 10.0;

double seconds(Clock::time_point since) {
    return std::chrono::duration<double>(Clock::now() - since).count();
}

struct Case {
    rgw::Volume image;
    rgw::Mask mask;
};

/// An in-plane smoothed random "soft tissue" texture in HU (seeded), and a
/// ball of `roiRadius` voxels at its centre.
Case makeCase(double roiRadius, std::uint32_t seed) {
    const auto n = static_cast<std::int64_t>(2 * std::ceil(roiRadius) + 8);
    rgw::Geometry g;
    g.size = {n, n, n};
    g.spacing = Eigen::Vector3d(1.0, 1.0, 1.0);
    Case c{rgw::Volume(g, 0.0f), rgw::Mask(g, 0)};
    std::mt19937 rng(seed);
    std::normal_distribution<double> noise(40.0, 60.0);
    std::vector<double> raw(g.voxelCount());
    for (double& x : raw)
        x = noise(rng);
    const double centre = (static_cast<double>(n) - 1.0) / 2.0;
    for (std::int64_t k = 0; k < n; ++k)
        for (std::int64_t j = 0; j < n; ++j)
            for (std::int64_t i = 0; i < n; ++i) {
                // Mean of the 1-neighbourhood along i and j: some spatial correlation.
                double s = 0;
                int m = 0;
                for (std::int64_t dj = -1; dj <= 1; ++dj)
                    for (std::int64_t di = -1; di <= 1; ++di)
                        if (i + di >= 0 && i + di < n && j + dj >= 0 && j + dj < n) {
                            s += raw[g.linearIndex(i + di, j + dj, k)];
                            ++m;
                        }
                const std::size_t v = g.linearIndex(i, j, k);
                c.image.voxels[v] = static_cast<float>(std::round(s / m));
                const double x = i - centre, y = j - centre, z = k - centre;
                c.mask.voxels[v] = x * x + y * y + z * z <= roiRadius * roiRadius ? 1 : 0;
            }
    return c;
}

} // namespace

int main(int argc, char** argv) {
    int radius = 2;
    double roiRadius = 24.3; // 4/3 π r³ ≈ 60 000 voxels
    std::size_t subset = 400;
    std::uint32_t seed = 16;
    unsigned threads = 1;
    std::string featureList =
        "glcm.joint_entropy.3d_avg,"
        "intensity_statistics.mean_intensity,intensity_statistics.intensity_variance,"
        "intensity_statistics.intensity_skewness,"
        "intensity_statistics.excess_intensity_kurtosis,"
        "intensity_statistics.median_intensity,intensity_statistics.minimum_intensity,"
        "intensity_statistics.maximum_intensity,intensity_statistics.intensity_range,"
        "intensity_statistics.intensity_based_energy,"
        "intensity_histogram.discretised_intensity_entropy,"
        "intensity_histogram.discretised_intensity_uniformity";
    for (int a = 1; a + 1 < argc; a += 2) {
        const std::string key = argv[a];
        const char* value = argv[a + 1];
        if (key == "--radius")
            radius = std::atoi(value);
        else if (key == "--roi-radius")
            roiRadius = std::atof(value);
        else if (key == "--subset")
            subset = static_cast<std::size_t>(std::atol(value));
        else if (key == "--seed")
            seed = static_cast<std::uint32_t>(std::atol(value));
        else if (key == "--features")
            featureList = value;
        else if (key == "--threads")
            threads = static_cast<unsigned>(std::atoi(value));
        else {
            std::fprintf(stderr, "unknown option %s\n", argv[a]);
            return 2;
        }
    }
    const Case c = makeCase(roiRadius, seed);
    rgw::radiomics::Settings settings;
    settings.name = "feature map benchmark";
    settings.resegmentationRange = rgw::radiomics::IntensityRange{-1000.0, 400.0};
    settings.discretisation.method = rgw::radiomics::DiscretisationMethod::FixedBinSize;
    settings.discretisation.binWidth = 25.0;
    const auto features = rgw::radiomics::featuremaps::selectMapFeatures(featureList);

    const auto t0 = Clock::now();
    const auto maps = rgw::radiomics::featuremaps::computeFeatureMaps(c.image, &c.mask, settings,
                                                                      features, {radius, threads});
    const double mapSeconds = seconds(t0);

    const rgw::test::FeatureMapBruteForce brute(c.image, &c.mask, settings, features, radius);
    const std::size_t n = maps.voxels.size();
    const std::size_t stride = std::max<std::size_t>(1, n / std::max<std::size_t>(subset, 1));
    std::size_t measured = 0, disagree = 0;
    double maxRelative = 0.0;
    const auto t1 = Clock::now();
    for (std::size_t v = 0; v < n; v += stride, ++measured) {
        const std::vector<double> expected = brute.at(maps.voxels[v]);
        for (std::size_t f = 0; f < features.size(); ++f) {
            const double got = maps.values[f][v], want = expected[f];
            if (std::isnan(got) || std::isnan(want)) {
                disagree += std::isnan(got) != std::isnan(want) ? 1 : 0;
                continue;
            }
            const double diff = std::abs(got - want);
            disagree += diff > 1e-9 * std::abs(want) + 1e-12 ? 1 : 0;
            if (want != 0.0)
                maxRelative = std::max(maxRelative, diff / std::abs(want));
        }
    }
    const double bruteSeconds =
        seconds(t1) * static_cast<double>(n) / static_cast<double>(measured);

    std::printf("feature maps: %zu features (%s), kernel radius %d, ROI %zu voxels, %u "
                "thread(s), seed %u\n",
                features.size(), featureList.c_str(), radius, n, threads, seed);
    std::printf("  incremental maps:          %8.3f s\n", mapSeconds);
    std::printf("  brute force (extrapolated from %zu voxels): %8.3f s\n", measured, bruteSeconds);
    std::printf("  speed-up: %.1fx; target %.0f s: %s\n", bruteSeconds / mapSeconds, kTargetSeconds,
                mapSeconds <= kTargetSeconds ? "met" : "MISSED");
    std::printf("  agreement on the subset: max relative diff %.2g, %zu values outside 1e-9\n",
                maxRelative, disagree);
    return mapSeconds <= kTargetSeconds && disagree == 0 ? 0 : 1;
}
