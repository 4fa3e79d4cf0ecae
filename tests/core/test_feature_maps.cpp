// Sliding-kernel feature maps (core/radiomics/featuremaps) against the
// brute-force recomputation of every kernel with the whole-ROI family code.

#include "FeatureMapCases.h"
#include "IbsiPhantoms.h"
#include "TestData.h"
#include "io/nifti/Nifti.h"
#include "radiomics/Settings.h"
#include "radiomics/featuremaps/FeatureMaps.h"
#include "util/Error.h"

#include <cmath>
#include <cstring>
#include <gtest/gtest.h>

namespace rgw {
namespace {

using radiomics::featuremaps::computeFeatureMaps;
using radiomics::featuremaps::FeatureMapOptions;
using radiomics::featuremaps::FeatureMaps;
using radiomics::featuremaps::mapFeatures;
using radiomics::featuremaps::selectMapFeatures;
using test::Agreement;
using test::expectMatchesBruteForce;
using test::synthetic;
using test::syntheticSettings;

TEST(FeatureMaps, SyntheticMaskedEqualsBruteForceRadius1And2) {
    const auto data = synthetic(13, 12, 9, 16);
    for (int r : {1, 2}) {
        const Agreement a = expectMatchesBruteForce(data.image, &data.mask, syntheticSettings(), r);
        EXPECT_GT(a.compared, 10000u);
    }
}

TEST(FeatureMaps, SyntheticUnmaskedEqualsBruteForce) {
    const auto data = synthetic(8, 7, 6, 17);
    radiomics::Settings s = syntheticSettings();
    s.resegmentationRange.reset();
    s.discretisation.method = radiomics::DiscretisationMethod::FixedBinNumber;
    s.discretisation.binCount = 8;
    s.texture.distance = 2;
    for (int r : {1, 2})
        EXPECT_GT(expectMatchesBruteForce(data.image, nullptr, s, r).compared, 1000u);
}

TEST(FeatureMaps, IbsiDigitalPhantomEqualsBruteForce) {
    RGW_REQUIRE_TEST_DATA();
    const auto& phantom = test::digitalPhantom();
    for (int r : {1, 2})
        EXPECT_GT(expectMatchesBruteForce(phantom.image, &phantom.mask,
                                          radiomics::ibsiDigitalPhantom(), r)
                      .compared,
                  1000u);
}

/// The unmasked maps are the maps under a mask that covers the image, and a
/// mask changes the values (neighbours outside it are left out).
TEST(FeatureMaps, UnmaskedIsAFullMask) {
    const auto data = synthetic(10, 9, 7, 18);
    const radiomics::Settings s = syntheticSettings();
    const auto features = selectMapFeatures("intensity_statistics,glcm.joint_entropy.3d_mrg");
    const FeatureMaps none = computeFeatureMaps(data.image, nullptr, s, features, {1, 1});
    const Mask full(data.image.geometry, 1);
    const FeatureMaps all = computeFeatureMaps(data.image, &full, s, features, {1, 1});
    EXPECT_EQ(none.voxels, all.voxels);
    EXPECT_EQ(none.values.size(), all.values.size());
    for (std::size_t f = 0; f < none.values.size(); ++f)
        EXPECT_EQ(0, std::memcmp(none.values[f].data(), all.values[f].data(),
                                 none.values[f].size() * sizeof(double)));
    const FeatureMaps masked = computeFeatureMaps(data.image, &data.mask, s, features, {1, 1});
    EXPECT_LT(masked.voxels.size(), none.voxels.size());
    std::size_t differ = 0;
    for (std::size_t v = 0, w = 0; v < masked.voxels.size(); ++v) {
        while (none.voxels[w] != masked.voxels[v])
            ++w;
        differ += masked.values[0][v] != none.values[0][w] ? 1 : 0; // mean intensity
    }
    EXPECT_GT(differ, masked.voxels.size() / 4);
}

TEST(FeatureMaps, BitwiseIdenticalAtAnyThreadCount) {
    const auto data = synthetic(24, 22, 14, 19);
    const auto features = mapFeatures();
    const FeatureMaps one =
        computeFeatureMaps(data.image, &data.mask, syntheticSettings(), features, {2, 1});
    for (unsigned threads : {2u, 3u, 8u}) {
        const FeatureMaps many =
            computeFeatureMaps(data.image, &data.mask, syntheticSettings(), features, {2, threads});
        ASSERT_EQ(one.voxels, many.voxels);
        for (std::size_t f = 0; f < features.size(); ++f)
            EXPECT_EQ(0, std::memcmp(one.values[f].data(), many.values[f].data(),
                                     one.values[f].size() * sizeof(double)))
                << features[f].columnName << " with " << threads << " threads";
    }
}

TEST(FeatureMaps, SelectsByColumnNameOrFamily) {
    const auto some = selectMapFeatures("glcm.joint_entropy.3d_mrg, intensity_statistics");
    ASSERT_EQ(some.size(), 19u);
    EXPECT_EQ(some[0].name, "Joint entropy");
    EXPECT_EQ(some[0].code, "TU9B");
    EXPECT_EQ(some[0].aggregation, "3D, merged");
    EXPECT_EQ(some[1].columnName, "intensity_statistics.mean_intensity");
    // IBSI-1 counts: 18 statistics, 23 histogram, 25 GLCM and 16 GLRLM (3D
    // averaged and merged each), 16 GLSZM, 16 GLDZM, 5 NGTDM, 17 NGLDM (3D).
    EXPECT_EQ(mapFeatures().size(), 18u + 23u + 2u * 25u + 2u * 16u + 16u + 16u + 5u + 17u);
    const auto zones = selectMapFeatures("glszm.small_zone_emphasis.3d,ngtdm,glrlm");
    ASSERT_EQ(zones.size(), 1u + 5u + 32u);
    EXPECT_EQ(zones[0].name, "Small zone emphasis");
    EXPECT_EQ(zones[0].code, "5QRC");
    EXPECT_EQ(zones[0].aggregation, "3D");
    EXPECT_EQ(zones[1].columnName, "ngtdm.coarseness.3d");
    EXPECT_EQ(zones[1].code, "QCDE");
    EXPECT_EQ(zones[6].columnName, "glrlm.short_runs_emphasis.3d_avg");
    EXPECT_EQ(zones[6].code, "22OV");
    EXPECT_EQ(zones[22].columnName, "glrlm.short_runs_emphasis.3d_mrg");
    EXPECT_EQ(selectMapFeatures("gldzm.zone_distance_entropy.3d")[0].code, "GBDU");
    EXPECT_EQ(selectMapFeatures("ngldm.dependence_count_energy.3d")[0].code, "CAS9");
    EXPECT_THROW(selectMapFeatures("glcm.joint_entropy"), Error);
    EXPECT_THROW(selectMapFeatures("glszm.small_zone_emphasis.2d"), Error); // no 2D maps
    EXPECT_THROW(selectMapFeatures("morphology"), Error);                   // no local form
    EXPECT_THROW(selectMapFeatures("intensity_statistics,,glcm"), Error);
}

TEST(FeatureMaps, RefusesInterpolationAndBadRadius) {
    const auto data = synthetic(6, 6, 6, 20);
    radiomics::Settings s = syntheticSettings();
    const auto features = selectMapFeatures("intensity_statistics.mean_intensity");
    EXPECT_THROW(computeFeatureMaps(data.image, &data.mask, s, features, {0, 1}), Error);
    s.interpolation.enabled = true;
    EXPECT_THROW(computeFeatureMaps(data.image, &data.mask, s, features, {1, 1}), Error);
    const Mask empty(data.image.geometry, 0);
    EXPECT_THROW(computeFeatureMaps(data.image, &empty, syntheticSettings(), features, {1, 1}),
                 Error);
}

TEST(FeatureMaps, WritesOneNiftiPerFeature) {
    const auto data = synthetic(9, 8, 6, 21);
    const auto features = selectMapFeatures(
        "glcm.joint_entropy.3d_avg,intensity_histogram.discretised_intensity_entropy");
    const FeatureMaps maps =
        computeFeatureMaps(data.image, &data.mask, syntheticSettings(), features, {1, 1});
    const test::TempDir dir;
    const auto files = radiomics::featuremaps::writeFeatureMaps(maps, dir.path() / "maps");
    ASSERT_EQ(files.size(), 2u);
    EXPECT_EQ(files[0].filename(), "glcm.joint_entropy.3d_avg.nii.gz");
    for (std::size_t f = 0; f < files.size(); ++f) {
        const Volume back = nifti::readVolume(files[f]);
        ASSERT_TRUE(back.geometry.sameGrid(data.image.geometry));
        for (std::size_t v = 0; v < maps.voxels.size(); ++v)
            EXPECT_EQ(back.voxels[maps.voxels[v]], static_cast<float>(maps.values[f][v]));
        EXPECT_EQ(back.voxels[0], 0.0f); // a corner, outside the ellipsoid
    }
}

} // namespace
} // namespace rgw
