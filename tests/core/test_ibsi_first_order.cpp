// IBSI-1 first-order families (intensity statistics, intensity histogram,
// intensity-volume histogram, local intensity) against the IBSI reference
// values: the digital phantom, then configurations A–E of the CT phantom.
#include "IbsiPhantoms.h"
#include "radiomics/Settings.h"
#include "radiomics/families/intensity_histogram.h"
#include "radiomics/families/intensity_statistics.h"
#include "radiomics/families/ivh.h"
#include "radiomics/families/local_intensity.h"
#include "radiomics/processing/Discretisation.h"
#include "radiomics/processing/Pipeline.h"

#include <chrono>
#include <cstdio>
#include <gtest/gtest.h>

namespace {

using namespace rgw;
using namespace rgw::radiomics;

const char* const kFamilies[] = {"intensity_statistics", "intensity_histogram", "ivh",
                                 "local_intensity"};

FeatureTable firstOrder(const PreparedRoi& roi, const Settings& s, bool printTimes = false) {
    using Clock = std::chrono::steady_clock;
    FeatureTable t;
    auto timed = [&](const char* name, auto&& f) {
        const auto start = Clock::now();
        t.append(f());
        if (printTimes)
            std::printf("  %-22s %7.2f ms\n", name,
                        std::chrono::duration<double, std::milli>(Clock::now() - start).count());
    };
    timed("intensity_statistics", [&] { return computeIntensityStatistics(roi); });
    timed("intensity_histogram",
          [&] { return computeIntensityHistogram(processing::discretise(roi, s)); });
    timed("ivh", [&] { return computeIvh(roi, s); });
    timed("local_intensity", [&] { return computeLocalIntensity(roi); });
    return t;
}

const FeatureValue& find(const FeatureTable& t, const std::string& name) {
    for (const auto& v : t.values)
        if (v.name == name)
            return v;
    throw std::runtime_error("feature not computed: " + name);
}

} // namespace

TEST(IbsiFirstOrder, DigitalPhantomMatchesEveryReferenceRow) {
    RGW_REQUIRE_TEST_DATA();
    const auto refs = test::readIbsiReferences();
    const auto& p = test::digitalPhantom();
    const Settings s = ibsiDigitalPhantom();
    const PreparedRoi roi = processing::prepareRoi(p.image, p.mask, s);
    const FeatureTable t = firstOrder(roi, s);
    for (const char* family : kFamilies) {
        const auto c = test::expectRowsMatch(refs, family, "dig_phantom", t);
        std::printf("dig_phantom %-22s %d/%d\n", family, c.matched, c.total);
        EXPECT_GT(c.total, 0);
    }
}

// Worked IVH example of IBSI 03 (table "intensity-volume histogram ... digital
// phantom"): ν at i = 1..6 and the area under the IVH curve (0.32, not in the CSV).
TEST(IbsiFirstOrder, DigitalPhantomIvhCurveAsInTheIbsiTable) {
    RGW_REQUIRE_TEST_DATA();
    const auto& p = test::digitalPhantom();
    const Settings s = ibsiDigitalPhantom();
    const IvhInput in = makeIvhInput(processing::prepareRoi(p.image, p.mask, s), s);
    EXPECT_EQ(in.rangeMin, 1.0);
    EXPECT_EQ(in.rangeMax, 6.0);
    EXPECT_EQ(in.interval, 1.0);
    EXPECT_EQ(in.values.size(), 74u);
    // ν_i = fraction with X ≥ i; the IBSI table prints 1.000 .324 .324 .311 .095 .095.
    const double expected[6] = {1.0, 0.324, 0.324, 0.311, 0.095, 0.095};
    for (int i = 1; i <= 6; ++i) {
        const auto atLeast =
            std::count_if(in.values.begin(), in.values.end(), [i](double x) { return x >= i; });
        EXPECT_NEAR(static_cast<double>(atLeast) / 74.0, expected[i - 1], 0.0005) << "i=" << i;
    }
    const FeatureTable t = computeIvh(in);
    EXPECT_NEAR(find(t, "Area under the IVH curve").value, 0.32, 0.005);
}

// Hand-checkable histogram: levels {1,1,2,4} with N_g = 4.
TEST(IbsiFirstOrder, IntensityHistogramOnAHandMadeRoi) {
    DiscretisedRoi roi;
    roi.geometry.size = {4, 1, 1};
    roi.levels = {1, 1, 2, 4};
    roi.morphologicalMask = Mask(roi.geometry, 1);
    roi.greyLevels = 4;
    const FeatureTable t = computeIntensityHistogram(roi);
    EXPECT_DOUBLE_EQ(find(t, "Mean discretised intensity").value, 2.0);
    EXPECT_DOUBLE_EQ(find(t, "Discretised intensity variance").value, 1.5); // (1+1+0+4)/4
    EXPECT_DOUBLE_EQ(find(t, "Median discretised intensity").value, 1.5);
    EXPECT_DOUBLE_EQ(find(t, "Intensity histogram mode").value, 1.0);
    EXPECT_DOUBLE_EQ(find(t, "Discretised intensity entropy").value, 1.5); // ½·1 + 2·¼·2
    EXPECT_DOUBLE_EQ(find(t, "Discretised intensity uniformity").value, 0.375);
    // n = (2,1,0,1): H' = (−1, −1, 0, 1)
    EXPECT_DOUBLE_EQ(find(t, "Maximum histogram gradient").value, 1.0);
    EXPECT_DOUBLE_EQ(find(t, "Maximum histogram gradient intensity").value, 4.0);
    EXPECT_DOUBLE_EQ(find(t, "Minimum histogram gradient").value, -1.0);
    EXPECT_DOUBLE_EQ(find(t, "Minimum histogram gradient intensity").value, 1.0);
}

TEST(IbsiFirstOrder, LocalIntensityUsesVoxelsOutsideTheRoi) {
    // 11×11×11 grid of 1 mm voxels, value 0 except a bright voxel outside
    // the one-voxel ROI at the centre: the sphere (r = 6.2 mm) sees it.
    Geometry g;
    g.size = {11, 11, 11};
    PreparedRoi roi;
    roi.image = Volume(g, 0.0f);
    roi.morphologicalMask = Mask(g, 0);
    roi.morphologicalMask.at(5, 5, 5) = 1;
    roi.intensityMask = roi.morphologicalMask;
    roi.image.at(5, 5, 8) = 1000.0f;
    std::size_t inSphere = 0;
    for (int k = 0; k < 11; ++k)
        for (int j = 0; j < 11; ++j)
            for (int i = 0; i < 11; ++i)
                inSphere +=
                    (i - 5) * (i - 5) + (j - 5) * (j - 5) + (k - 5) * (k - 5) <= 38.48 ? 1 : 0;
    const FeatureTable t = computeLocalIntensity(roi);
    EXPECT_NEAR(find(t, "Local intensity peak").value, 1000.0 / static_cast<double>(inSphere),
                1e-9);
    EXPECT_NEAR(find(t, "Global intensity peak").value, 1000.0 / static_cast<double>(inSphere),
                1e-9);
}

class IbsiFirstOrderConfig : public ::testing::TestWithParam<char> {};

TEST_P(IbsiFirstOrderConfig, CtPhantomFromDicomMatchesEveryReferenceRow) {
    RGW_REQUIRE_TEST_DATA();
    const auto refs = test::readIbsiReferences();
    const char config = GetParam();
    const std::string dataset = std::string("config_") + config;
    const auto& p = test::ctPhantomDicom();
    const Settings s = ibsiConfig(config);
    const auto start = std::chrono::steady_clock::now();
    const PreparedRoi roi = processing::prepareRoi(p.image, p.mask, s);
    std::printf(
        "%s: pipeline %.2f ms (grid %lldx%lldx%lld)\n", dataset.c_str(),
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count(),
        static_cast<long long>(roi.image.geometry.size[0]),
        static_cast<long long>(roi.image.geometry.size[1]),
        static_cast<long long>(roi.image.geometry.size[2]));
    const FeatureTable t = firstOrder(roi, s, true);
    for (const char* family : kFamilies) {
        const auto c = test::expectRowsMatch(refs, family, dataset, t);
        std::printf("%s %-22s %d/%d\n", dataset.c_str(), family, c.matched, c.total);
        EXPECT_GT(c.total, 0);
    }
}

TEST_P(IbsiFirstOrderConfig, CtPhantomFromNiftiMatchesEveryReferenceRow) {
    RGW_REQUIRE_TEST_DATA();
    const auto refs = test::readIbsiReferences();
    const char config = GetParam();
    const std::string dataset = std::string("config_") + config;
    const auto& p = test::ctPhantomNifti();
    const Settings s = ibsiConfig(config);
    const FeatureTable t = firstOrder(processing::prepareRoi(p.image, p.mask, s), s);
    for (const char* family : kFamilies) {
        const auto c = test::expectRowsMatch(refs, family, dataset, t);
        std::printf("%s (NIfTI) %-22s %d/%d\n", dataset.c_str(), family, c.matched, c.total);
    }
}

INSTANTIATE_TEST_SUITE_P(Configurations, IbsiFirstOrderConfig,
                         ::testing::Values('A', 'B', 'C', 'D', 'E'),
                         [](const auto& info) { return std::string(1, info.param); });
