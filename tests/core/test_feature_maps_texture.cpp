// Feature maps of the families rebuilt per kernel (GLRLM 3D averaged and
// merged; GLSZM, GLDZM, NGTDM, NGLDM 3D): sampled kernel centres of a larger
// image against the whole-ROI family on the kernel's sub-ROI, 1 and 3 threads
// bit-identical, hand-counted kernels (a uniform cube, a lone voxel) with
// their undefined values, and the IBSI-1 digital phantom under a kernel that
// covers it whole against the IBSI-1 reference values.

#include "FeatureMapCases.h"
#include "IbsiPhantoms.h"
#include "TestData.h"
#include "radiomics/Settings.h"
#include "radiomics/featuremaps/FeatureMaps.h"

#include <cmath>
#include <cstring>
#include <gtest/gtest.h>
#include <map>
#include <set>
#include <string>

namespace rgw {
namespace {

using radiomics::featuremaps::computeFeatureMaps;
using radiomics::featuremaps::FeatureMaps;
using radiomics::featuremaps::mapFeatures;
using radiomics::featuremaps::selectMapFeatures;

const char* const kRebuilt = "glrlm,glszm,gldzm,ngtdm,ngldm";

/// Map `column` at image voxel `v`.
double valueAt(const FeatureMaps& maps, const std::string& column, std::size_t v) {
    std::size_t f = 0;
    while (f < maps.features.size() && maps.features[f].columnName != column)
        ++f;
    EXPECT_LT(f, maps.features.size()) << column;
    std::size_t o = 0;
    while (o < maps.voxels.size() && maps.voxels[o] != v)
        ++o;
    EXPECT_LT(o, maps.voxels.size()) << "voxel " << v;
    return f < maps.features.size() && o < maps.voxels.size() ? maps.values[f][o] : NAN;
}

void expectBitIdentical(const FeatureMaps& a, const FeatureMaps& b, const std::string& what) {
    ASSERT_EQ(a.voxels, b.voxels) << what;
    ASSERT_EQ(a.values.size(), b.values.size()) << what;
    for (std::size_t f = 0; f < a.values.size(); ++f)
        EXPECT_EQ(0, std::memcmp(a.values[f].data(), b.values[f].data(),
                                 a.values[f].size() * sizeof(double)))
            << a.features[f].columnName << " " << what;
}

/// A larger image than the all-centre tests, radius 3 (343-voxel kernels,
/// runs and zones up to 7 voxels long), every 23rd centre; and radius 2 with
/// δ = 2 and NGLDM α = 1 (level differences up to 1 count as dependent).
TEST(FeatureMapsTexture, SampledCentresEqualBruteForceOnOneAndThreeThreads) {
    const auto data = test::synthetic(30, 28, 14, 31);
    const auto features = selectMapFeatures(kRebuilt);
    ASSERT_EQ(features.size(), 2u * 16u + 16u + 16u + 5u + 17u);
    radiomics::Settings wide = test::syntheticSettings();
    wide.texture.distance = 2;
    wide.texture.ngldmCoarseness = 1;
    const std::pair<int, radiomics::Settings> cases[] = {{3, test::syntheticSettings()}, {2, wide}};
    for (const auto& [r, settings] : cases) {
        const FeatureMaps one =
            computeFeatureMaps(data.image, &data.mask, settings, features, {r, 1});
        const FeatureMaps three =
            computeFeatureMaps(data.image, &data.mask, settings, features, {r, 3});
        expectBitIdentical(one, three, "r=" + std::to_string(r) + ", 3 threads");
        const test::Agreement a =
            test::expectMatchesBruteForce(data.image, &data.mask, settings, r, &one, 23);
        EXPECT_GT(a.compared, 10000u);
        EXPECT_EQ(a.maxRelative, 0.0); // the same builders and formulas: bit-identical
    }
}

/// A 5³ image of one grey level, every voxel in the ROI. The kernel (r = 1)
/// at the centre is a full uniform 3³ cube; counted by hand (δ = 1):
///  - GLSZM: one zone of 27 voxels: SZE 1/27², LZE 27², zone percentage 1/27;
///  - GLDZM: that zone touches the border (distance 1): SDE = LDE = 1;
///  - NGLDM: dependence count 1 + neighbours in the cube: 8 corners j = 8,
///    12 edges j = 12, 6 faces j = 18, the centre j = 27;
///  - NGTDM: every neighbourhood mean equals the level, s = 0: coarseness
///    1/0 undefined (NaN), contrast, busyness, complexity, strength 0;
///  - GLRLM: runs per direction — 3 axes: 9 of length 3; 6 face diagonals:
///    15 (lengths 1, 2, 3, 2, 1 per plane); 4 space diagonals: 19 (every
///    voxel with a coordinate 0 starts one) — 193 runs over 13 × 27 voxels.
/// A lone ROI voxel (the corner voxel's kernel in a one-voxel mask): no
/// neighbour, so NGTDM (no voxel with a neighbour) is NaN; one zone / run /
/// dependence of size 1.
TEST(FeatureMapsTexture, UniformCubeAndLoneVoxelByHand) {
    Geometry g;
    g.size = {5, 5, 5};
    const Volume image(g, 10.0f);
    radiomics::Settings s = test::syntheticSettings();
    const auto features = selectMapFeatures(kRebuilt);
    const std::size_t centre = g.linearIndex(2, 2, 2);
    const FeatureMaps cube = computeFeatureMaps(image, nullptr, s, features, {1, 1});
    const auto at = [&](const char* column) { return valueAt(cube, column, centre); };
    EXPECT_DOUBLE_EQ(at("glszm.small_zone_emphasis.3d"), 1.0 / 729.0);
    EXPECT_DOUBLE_EQ(at("glszm.large_zone_emphasis.3d"), 729.0);
    EXPECT_DOUBLE_EQ(at("glszm.zone_percentage.3d"), 1.0 / 27.0);
    EXPECT_DOUBLE_EQ(at("gldzm.small_distance_emphasis.3d"), 1.0);
    EXPECT_DOUBLE_EQ(at("gldzm.large_distance_emphasis.3d"), 1.0);
    EXPECT_DOUBLE_EQ(at("ngldm.low_dependence_emphasis.3d"),
                     (8.0 / 64 + 12.0 / 144 + 6.0 / 324 + 1.0 / 729) / 27.0);
    EXPECT_DOUBLE_EQ(at("ngldm.high_dependence_emphasis.3d"),
                     (8.0 * 64 + 12.0 * 144 + 6.0 * 324 + 729.0) / 27.0);
    EXPECT_DOUBLE_EQ(at("ngldm.dependence_count_energy.3d"),
                     (64.0 + 144.0 + 36.0 + 1.0) / (27.0 * 27.0));
    EXPECT_TRUE(std::isnan(at("ngtdm.coarseness.3d")));
    for (const char* zero :
         {"ngtdm.contrast.3d", "ngtdm.busyness.3d", "ngtdm.complexity.3d", "ngtdm.strength.3d"})
        EXPECT_EQ(at(zero), 0.0) << zero;
    EXPECT_DOUBLE_EQ(at("glrlm.run_percentage.3d_mrg"), 193.0 / 351.0);
    EXPECT_DOUBLE_EQ(at("glrlm.run_percentage.3d_avg"), 193.0 / 351.0);
    // Σ r² per direction: axes 9 × 9; face diagonals 3 × (1 + 4 + 9 + 4 + 1);
    // space diagonals 1 run of 3, 6 of 2 ({0,1}³ less two corners), 12 of 1.
    EXPECT_DOUBLE_EQ(at("glrlm.long_runs_emphasis.3d_avg"),
                     (3 * 81.0 / 9 + 6 * 57.0 / 15 + 4 * 45.0 / 19) / 13);
    EXPECT_DOUBLE_EQ(at("glrlm.long_runs_emphasis.3d_mrg"), (3 * 81.0 + 6 * 57 + 4 * 45) / 193);

    Mask lone(g, 0);
    lone.voxels[0] = 1;
    const FeatureMaps one = computeFeatureMaps(image, &lone, s, features, {2, 1});
    ASSERT_EQ(one.voxels, std::vector<std::size_t>{0});
    for (std::size_t f = 0; f < features.size(); ++f) {
        const double v = one.values[f][0];
        if (features[f].family == "ngtdm")
            EXPECT_TRUE(std::isnan(v)) << features[f].columnName << " " << v;
        else
            EXPECT_TRUE(std::isfinite(v)) << features[f].columnName << " " << v;
    }
    for (const char* unit : {"glszm.small_zone_emphasis.3d", "glszm.zone_percentage.3d",
                             "gldzm.small_distance_emphasis.3d", "ngldm.low_dependence_emphasis.3d",
                             "glrlm.short_runs_emphasis.3d_avg", "glrlm.run_percentage.3d_mrg"})
        EXPECT_EQ(valueAt(one, unit, 0), 1.0) << unit;
    EXPECT_EQ(valueAt(one, "glszm.zone_size_entropy.3d", 0), 0.0);
}

/// The IBSI-1 digital phantom (5 × 4 × 4 voxels) under a kernel of radius 4:
/// every kernel covers the whole phantom, so every map voxel must reproduce
/// the phantom's IBSI-1 reference value of every map feature with one (its
/// family, the aggregation of the map).
TEST(FeatureMapsTexture, IbsiDigitalPhantomWholeKernelReproducesReferenceValues) {
    RGW_REQUIRE_TEST_DATA();
    const auto& phantom = test::digitalPhantom();
    const auto features = mapFeatures();
    const FeatureMaps maps = computeFeatureMaps(phantom.image, &phantom.mask,
                                                radiomics::ibsiDigitalPhantom(), features, {4, 1});
    ASSERT_EQ(maps.voxels.size(), 74u);
    std::map<std::string, std::pair<int, int>> perFamily; // matched, values compared
    std::set<std::string> referenced;
    for (const auto& ref : test::ibsiReferences("", "dig_phantom"))
        for (std::size_t f = 0; f < features.size(); ++f) {
            const auto& m = features[f];
            if (m.family != ref.family || m.name != ref.feature || m.aggregation != ref.aggregation)
                continue;
            EXPECT_EQ(m.code, ref.code) << ref.label();
            referenced.insert(m.columnName);
            auto& [matched, total] = perFamily[m.family + " [" + m.aggregation + "]"];
            for (std::size_t v = 0; v < maps.voxels.size(); ++v) {
                ++total;
                if (ref.matches(maps.values[f][v]))
                    ++matched;
                else
                    ADD_FAILURE() << ref.label() << " at voxel " << maps.voxels[v] << ": map "
                                  << maps.values[f][v] << ", reference " << ref.valueText;
            }
        }
    for (const auto& [family, counts] : perFamily)
        std::printf("[ %-28s ] matched %4d / %4d (features x 74 voxels)\n", family.c_str(),
                    counts.first, counts.second);
    // Every map feature of the texture families has a dig_phantom reference.
    for (const auto& m : features) {
        if (m.family != "intensity_statistics" && m.family != "intensity_histogram") {
            EXPECT_TRUE(referenced.count(m.columnName)) << m.columnName << " has no reference";
        }
    }
    EXPECT_EQ(perFamily.size(), 10u);
}

} // namespace
} // namespace rgw
