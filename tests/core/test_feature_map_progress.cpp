// computeFeatureMaps' progress and cancel arguments, which the GUI's Feature
// map dialog runs with: one report per plane of kernel centres up to
// (planes, planes); a set token stops the run with rgw::Error("cancelled")
// before any plane; the maps do not depend on whether progress is reported.
#include "radiomics/Settings.h"
#include "radiomics/featuremaps/FeatureMaps.h"
#include "util/Error.h"

#include <atomic>
#include <cstring>
#include <gtest/gtest.h>
#include <mutex>
#include <set>
#include <string>

using namespace rgw;
using radiomics::featuremaps::computeFeatureMaps;
using radiomics::featuremaps::FeatureMapOptions;
using radiomics::featuremaps::FeatureMaps;
using radiomics::featuremaps::selectMapFeatures;

namespace {

/// A 12 x 10 x 7 ramp image with a box ROI over planes 1 .. 5 (5 planes of centres).
struct Input {
    Volume image;
    Mask mask;
};

Input boxInput() {
    Geometry g;
    g.size = {12, 10, 7};
    Input in{Volume(g, 0.0f), Mask(g, 0)};
    for (std::int64_t k = 0; k < 7; ++k)
        for (std::int64_t j = 0; j < 10; ++j)
            for (std::int64_t i = 0; i < 12; ++i) {
                const std::size_t v = g.linearIndex(i, j, k);
                in.image.voxels[v] = static_cast<float>((i * 7 + j * 3 + k * 11) % 50);
                in.mask.voxels[v] = i >= 2 && i < 10 && j >= 2 && j < 8 && k >= 1 && k < 6;
            }
    return in;
}

radiomics::Settings settings() {
    radiomics::Settings s;
    s.name = "progress test";
    s.discretisation.method = radiomics::DiscretisationMethod::FixedBinSize;
    s.discretisation.binWidth = 10.0;
    return s;
}

} // namespace

TEST(FeatureMapProgress, ReportsEveryPlaneUpToTheTotal) {
    const Input in = boxInput();
    const auto features = selectMapFeatures("intensity_statistics.mean_intensity,glcm");
    for (unsigned threads : {1u, 3u}) {
        std::mutex m;
        std::set<std::size_t> done;
        std::size_t total = 0, calls = 0;
        const FeatureMapOptions options{1, threads};
        const auto progress = [&](std::size_t d, std::size_t t, const std::string& what) {
            std::lock_guard lock(m);
            done.insert(d);
            total = t;
            ++calls;
            EXPECT_NE(what.find("plane"), std::string::npos) << what;
        };
        const FeatureMaps withProgress =
            computeFeatureMaps(in.image, &in.mask, settings(), features, options, progress);
        EXPECT_EQ(total, 5u);
        EXPECT_EQ(calls, 5u);
        EXPECT_EQ(done, (std::set<std::size_t>{1, 2, 3, 4, 5}));
        FeatureMapOptions plain;
        plain.radius = 1;
        plain.threads = threads;
        const FeatureMaps without =
            computeFeatureMaps(in.image, &in.mask, settings(), features, plain);
        ASSERT_EQ(withProgress.voxels, without.voxels);
        for (std::size_t f = 0; f < features.size(); ++f)
            EXPECT_EQ(0, std::memcmp(withProgress.values[f].data(), without.values[f].data(),
                                     without.values[f].size() * sizeof(double)));
    }
}

TEST(FeatureMapProgress, ACancelledTokenStopsTheRun) {
    const Input in = boxInput();
    const auto features = selectMapFeatures("intensity_statistics");
    CancelToken token;
    token.cancel();
    std::atomic<int> calls{0};
    const auto count = [&](std::size_t, std::size_t, const std::string&) { ++calls; };
    try {
        (void)computeFeatureMaps(in.image, &in.mask, settings(), features, {2, 2}, count, &token);
        FAIL() << "a cancelled run returned maps";
    } catch (const Error& e) {
        EXPECT_STREQ(e.what(), "cancelled");
    }
    EXPECT_EQ(calls.load(), 0);

    // Cancelled from the progress callback: the run stops at the next plane.
    CancelToken later;
    calls = 0;
    const auto cancelOnFirst = [&](std::size_t, std::size_t, const std::string&) {
        ++calls;
        later.cancel();
    };
    EXPECT_THROW((void)computeFeatureMaps(in.image, &in.mask, settings(), features, {2, 1},
                                          cancelOnFirst, &later),
                 Error);
    EXPECT_EQ(calls.load(), 1);
}
