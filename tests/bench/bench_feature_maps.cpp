// Voxel-wise feature map benchmark (issue #16 §3), cubic kernel of radius 2,
// over a spherical ROI of about 60 000 voxels in a seeded synthetic CT-like
// image, single-threaded. Cases, each timed on its own:
//  - "first order + GLCM": GLCM joint entropy (3D, averaged over the 13
//    directions, as PyRadiomics' voxel mode) and 11 first-order features
//    (sliding histograms and co-occurrences; the 10 s target);
//  - one case per family rebuilt per kernel, all its map features: glrlm (3D
//    averaged and merged), glszm, gldzm, ngtdm, ngldm (3D).
// In the same run, for each case, the brute-force recomputation of each
// kernel with the whole-ROI family code (tests/support/FeatureMapBruteForce.h)
// is timed on an evenly spaced subset of the centres and extrapolated to all
// of them; the maps are also checked against it there.
// Run:
//   build/tests/bench/bench_feature_maps [--radius R] [--roi-radius VOXELS]
//                                        [--subset N] [--seed S] [--threads N]
//                                        [--features NAMES]  (one case, as rgw-cli featuremap)
// Prints the seconds and the ratio to the extrapolated brute force per case,
// and exits 1 when the first case takes longer than the target (10 s) or any
// map disagrees.
#include "FeatureMapBruteForce.h"
#include "radiomics/featuremaps/FeatureMaps.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <random>
#include <string>
#include <utility>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;
constexpr double kTargetSeconds = 10.0;

double seconds(Clock::time_point since) {
    return std::chrono::duration<double>(Clock::now() - since).count();
}

/// Processor time of the process (all threads): on a loaded machine the wall
/// time mostly measures the wait, so both are printed.
double cpuSeconds() {
    return static_cast<double>(std::clock()) / CLOCKS_PER_SEC;
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

struct Result {
    double mapSeconds = 0.0, bruteSeconds = 0.0, maxRelative = 0.0;
    double mapCpu = 0.0, bruteCpu = 0.0; ///< processor seconds (brute force extrapolated)
    std::size_t features = 0, voxels = 0, measured = 0, disagree = 0;
};

/// Times the maps of `featureList`, then the brute force on every
/// `n / subset`-th centre (extrapolated to all), comparing the values there.
Result runCase(const Case& c, const rgw::radiomics::Settings& settings,
               const std::string& featureList, int radius, unsigned threads, std::size_t subset) {
    const auto features = rgw::radiomics::featuremaps::selectMapFeatures(featureList);
    Result r;
    r.features = features.size();
    const auto t0 = Clock::now();
    const double c0 = cpuSeconds();
    const auto maps = rgw::radiomics::featuremaps::computeFeatureMaps(c.image, &c.mask, settings,
                                                                      features, {radius, threads});
    r.mapSeconds = seconds(t0);
    r.mapCpu = cpuSeconds() - c0;

    const rgw::test::FeatureMapBruteForce brute(c.image, &c.mask, settings, features, radius);
    const std::size_t n = maps.voxels.size();
    r.voxels = n;
    const std::size_t stride = std::max<std::size_t>(1, n / std::max<std::size_t>(subset, 1));
    const auto t1 = Clock::now();
    const double c1 = cpuSeconds();
    for (std::size_t v = 0; v < n; v += stride, ++r.measured) {
        const std::vector<double> expected = brute.at(maps.voxels[v]);
        for (std::size_t f = 0; f < features.size(); ++f) {
            const double got = maps.values[f][v], want = expected[f];
            if (std::isnan(got) || std::isnan(want)) {
                r.disagree += std::isnan(got) != std::isnan(want) ? 1 : 0;
                continue;
            }
            const double diff = std::abs(got - want);
            r.disagree += diff > 1e-9 * std::abs(want) + 1e-12 ? 1 : 0;
            if (want != 0.0)
                r.maxRelative = std::max(r.maxRelative, diff / std::abs(want));
        }
    }
    const double scale = static_cast<double>(n) / static_cast<double>(r.measured);
    r.bruteSeconds = seconds(t1) * scale;
    r.bruteCpu = (cpuSeconds() - c1) * scale;
    return r;
}

} // namespace

int main(int argc, char** argv) {
    int radius = 2;
    double roiRadius = 24.3; // 4/3 π r³ ≈ 60 000 voxels
    std::size_t subset = 400;
    std::uint32_t seed = 16;
    unsigned threads = 1;
    std::vector<std::pair<std::string, std::string>> cases = {
        {"first order + GLCM",
         "glcm.joint_entropy.3d_avg,"
         "intensity_statistics.mean_intensity,intensity_statistics.intensity_variance,"
         "intensity_statistics.intensity_skewness,"
         "intensity_statistics.excess_intensity_kurtosis,"
         "intensity_statistics.median_intensity,intensity_statistics.minimum_intensity,"
         "intensity_statistics.maximum_intensity,intensity_statistics.intensity_range,"
         "intensity_statistics.intensity_based_energy,"
         "intensity_histogram.discretised_intensity_entropy,"
         "intensity_histogram.discretised_intensity_uniformity"},
        {"GLRLM 3D avg + mrg", "glrlm"},
        {"GLSZM 3D", "glszm"},
        {"GLDZM 3D", "gldzm"},
        {"NGTDM 3D", "ngtdm"},
        {"NGLDM 3D", "ngldm"}};
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
            cases = {{"--features", value}};
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

    bool ok = true;
    for (std::size_t k = 0; k < cases.size(); ++k) {
        const auto& [name, featureList] = cases[k];
        const Result r = runCase(c, settings, featureList, radius, threads, subset);
        std::printf("%s: %zu features (%s), kernel radius %d, ROI %zu voxels, %u thread(s), "
                    "seed %u\n",
                    name.c_str(), r.features, featureList.c_str(), radius, r.voxels, threads, seed);
        std::printf("  maps:        %8.3f s wall, %8.3f s processor\n", r.mapSeconds, r.mapCpu);
        std::printf("  brute force: %8.3f s wall, %8.3f s processor (extrapolated from %zu "
                    "voxels)\n",
                    r.bruteSeconds, r.bruteCpu, r.measured);
        std::printf("  speed-up: %.1fx wall, %.1fx processor", r.bruteSeconds / r.mapSeconds,
                    r.bruteCpu / r.mapCpu);
        if (k == 0) {
            std::printf("; target %.0f s: %s", kTargetSeconds,
                        r.mapSeconds <= kTargetSeconds ? "met" : "MISSED");
            ok = ok && r.mapSeconds <= kTargetSeconds;
        }
        std::printf("\n  agreement on the subset: max relative diff %.2g, %zu values outside "
                    "1e-9\n",
                    r.maxRelative, r.disagree);
        std::fflush(stdout);
        ok = ok && r.disagree == 0;
    }
    return ok ? 0 : 1;
}
