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

#include <chrono>
#include <cmath>
#include <cstdio>
#include <gtest/gtest.h>
#include <limits>
#include <map>
#include <numbers>
#include <random>
#include <thread>
#include <vector>

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

// ---------------------------------------------------------------------------
// Analytic checks (no data needed).

/// A volume of 1 mm voxels with uniform random values in [-1, 1) (seed recorded).
Volume randomVolume(std::array<std::int64_t, 3> size, unsigned seed) {
    Geometry g;
    g.size = size;
    Volume v(g, 0.0f);
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> u(-1.0f, 1.0f);
    for (float& x : v.voxels)
        x = u(rng);
    return v;
}

Field randomField(std::array<std::int64_t, 3> size, unsigned seed) {
    return toField(randomVolume(size, seed));
}

/// A volume of 1 mm voxels, 0 except `value` at (c, c, c) with c = (n − 1)/2.
Volume impulseVolume(std::int64_t n, float value = 1.0f) {
    Geometry g;
    g.size = {n, n, n};
    Volume v(g, 0.0f);
    const std::int64_t c = (n - 1) / 2;
    v.at(c, c, c) = value;
    return v;
}

/// The input rotated on its grid: out(p) = in(q), q[source[a]] = p[a] or its
/// mirror image n − 1 − p[a] when flip[a] (a cube in 3D, square slices in 2D).
Volume rotateVolume(const Volume& in, const AxisRotation& r) {
    Volume out = in;
    const auto& n = in.geometry.size;
    for (std::int64_t k = 0; k < n[2]; ++k)
        for (std::int64_t j = 0; j < n[1]; ++j)
            for (std::int64_t i = 0; i < n[0]; ++i) {
                const std::array<std::int64_t, 3> p{i, j, k};
                std::array<std::int64_t, 3> q{};
                for (std::size_t a = 0; a < 3; ++a) {
                    const auto s = static_cast<std::size_t>(r.source[a]);
                    q[s] = r.flip[a] ? n[a] - 1 - p[a] : p[a];
                }
                out.at(i, j, k) = in.at(q[0], q[1], q[2]);
            }
    return out;
}

using test::maxAbsDifference; // Ibsi2Maps.h

TEST(Ibsi2Boundary, IndexMappingOfEveryCondition) {
    // Image a b c d (indices 0..3), read at -5..8.
    const std::int64_t n = 4;
    const std::vector<std::int64_t> zero = {-1, -1, -1, -1, -1, 0, 1, 2, 3, -1, -1, -1, -1, -1};
    const std::vector<std::int64_t> nearest = {0, 0, 0, 0, 0, 0, 1, 2, 3, 3, 3, 3, 3, 3};
    const std::vector<std::int64_t> periodic = {3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0};
    // d c b a | a b c d | d c b a | a ...
    const std::vector<std::int64_t> mirror = {3, 3, 2, 1, 0, 0, 1, 2, 3, 3, 2, 1, 0, 0};
    for (std::int64_t x = -5; x <= 8; ++x) {
        const auto e = static_cast<std::size_t>(x + 5);
        EXPECT_EQ(boundaryIndex(x, n, Boundary::Zero), zero[e]) << x;
        EXPECT_EQ(boundaryIndex(x, n, Boundary::Nearest), nearest[e]) << x;
        EXPECT_EQ(boundaryIndex(x, n, Boundary::Periodic), periodic[e]) << x;
        EXPECT_EQ(boundaryIndex(x, n, Boundary::Mirror), mirror[e]) << x;
    }
    for (const Boundary b :
         {Boundary::Zero, Boundary::Nearest, Boundary::Periodic, Boundary::Mirror})
        EXPECT_EQ(parseBoundary(toString(b)), b);
    EXPECT_EQ(parseBoundary("Symmetric"), Boundary::Mirror);
    EXPECT_THROW(parseBoundary("reflect101"), Error);
}

// Impulse response = kernel: a Laws filter's response to a unit impulse is the
// outer product of its normalised 1D kernels, centred on the impulse.
TEST(Ibsi2Analytic, LawsImpulseResponseIsTheKernel) {
    const Volume impulse = impulseVolume(9);
    const Volume r = applyFilter(impulse, spec(laws("E5L5S5", false), D3, Boundary::Zero));
    const Kernel1D e5 = lawsKernel("E5");
    const Kernel1D l5 = lawsKernel("L5");
    const Kernel1D s5 = lawsKernel("S5");
    EXPECT_NEAR(e5.weights[4], 1.0 / std::sqrt(10.0), 1e-15); // E5 = (−1 −2 0 2 1)/√10
    for (int k = -2; k <= 2; ++k)
        for (int j = -2; j <= 2; ++j)
            for (int i = -2; i <= 2; ++i)
                EXPECT_NEAR(r.at(4 + i, 4 + j, 4 + k),
                            e5.weights[static_cast<std::size_t>(i + 2)] *
                                l5.weights[static_cast<std::size_t>(j + 2)] *
                                s5.weights[static_cast<std::size_t>(k + 2)],
                            1e-7);
    EXPECT_EQ(r.at(0, 0, 0), 0.0f);
}

// The LoG response to a unit impulse is the IBSI-2 kernel
// −1/σ² (1/(√(2π)σ))³ (3 − |x|²/σ²) exp(−|x|²/(2σ²)) inside its support.
TEST(Ibsi2Analytic, LogImpulseResponseIsTheKernel) {
    const Volume impulse = impulseVolume(21);
    const double sigma = 1.5;
    const Volume r =
        applyFilter(impulse, spec(LaplacianOfGaussianFilter{sigma, 4.0}, D3, Boundary::Zero));
    const int half = static_cast<int>(std::floor(4.0 * sigma + 0.5)); // 6 voxels
    for (int k = -8; k <= 8; ++k)
        for (int j = -8; j <= 8; ++j)
            for (int i = -8; i <= 8; ++i) {
                const double r2 = i * i + j * j + k * k;
                const bool inside =
                    std::abs(i) <= half && std::abs(j) <= half && std::abs(k) <= half;
                const double h = inside ? -1.0 / (sigma * sigma) *
                                              std::pow(1.0 / (std::sqrt(2.0 * kPi) * sigma), 3) *
                                              (3.0 - r2 / (sigma * sigma)) *
                                              std::exp(-r2 / (2.0 * sigma * sigma))
                                        : 0.0;
                EXPECT_NEAR(r.at(10 + i, 10 + j, 10 + k), h, 1e-8) << i << " " << j << " " << k;
            }
}

// The Gabor modulus of a unit impulse is the envelope exp(−(x̃² + γ²ỹ²)/(2σ²)),
// in mm on an anisotropic in-plane grid.
TEST(Ibsi2Analytic, GaborImpulseResponseIsTheEnvelope) {
    Volume impulse = impulseVolume(31);
    impulse.geometry.spacing = Eigen::Vector3d(0.8, 1.2, 2.0);
    const GaborFilter g = gabor(3.0, 2.5, 1.5, kPi / 6, false, 0.0);
    const Volume r = applyFilter(impulse, spec(g, D2, Boundary::Zero));
    for (int j = -15; j <= 15; ++j)
        for (int i = -15; i <= 15; ++i) {
            const double x = 0.8 * i;
            const double y = 1.2 * j;
            const double xr = x * std::cos(kPi / 6) + y * std::sin(kPi / 6);
            const double yr = -x * std::sin(kPi / 6) + y * std::cos(kPi / 6);
            const double envelope = std::exp(-(xr * xr + 1.5 * 1.5 * yr * yr) / (2.0 * 9.0));
            EXPECT_NEAR(r.at(15 + i, 15 + j, 15), envelope, 1e-7) << i << " " << j;
        }
    // Other slices see nothing of an in-plane filter.
    EXPECT_NEAR(r.at(15, 15, 14), 0.0, 1e-9);
}

// Impulse response of an undecimated Haar LH subband at level 2: the à trous
// cascade (lo ⊗ lo) then (lo↑2 ⊗ hi↑2), i.e. per axis lo ∗ f↑2.
TEST(Ibsi2Analytic, WaveletLevelTwoImpulseResponseIsTheAtrousCascade) {
    const Volume impulse = impulseVolume(11);
    const Volume r = applyFilter(
        impulse, spec(wavelet(WaveletFamily::Haar, "LH", 2, false), D2, Boundary::Zero));
    const double a = 1.0 / std::sqrt(2.0);
    // Haar dec_lo = (a, a), dec_hi = (−a, a), tap m at offset m − 1. Along an
    // axis, lo ∗ lo↑2 has taps a² at offsets −3, −2, −1, 0 and lo ∗ hi↑2 has
    // −a², −a², a², a² there.
    const std::map<int, double> lowLow = {{-3, a * a}, {-2, a * a}, {-1, a * a}, {0, a * a}};
    const std::map<int, double> lowHigh = {{-3, -a * a}, {-2, -a * a}, {-1, a * a}, {0, a * a}};
    for (int j = -5; j <= 5; ++j)
        for (int i = -5; i <= 5; ++i) {
            const double wi = lowLow.count(i) ? lowLow.at(i) : 0.0;
            const double wj = lowHigh.count(j) ? lowHigh.at(j) : 0.0;
            EXPECT_NEAR(r.at(5 + i, 5 + j, 5), wi * wj, 1e-7) << i << " " << j;
        }
}

TEST(Ibsi2Analytic, WaveletFiltersAreOrthonormalQuadratureMirrors) {
    for (const WaveletFamily f : {WaveletFamily::Haar, WaveletFamily::Daubechies2,
                                  WaveletFamily::Daubechies3, WaveletFamily::Coiflet1}) {
        const auto [lo, hi] = waveletFilters(f);
        double sumLo = 0.0, sumHi = 0.0, normLo = 0.0, dot = 0.0;
        for (std::size_t n = 0; n < lo.weights.size(); ++n) {
            sumLo += lo.weights[n];
            sumHi += hi.weights[n];
            normLo += lo.weights[n] * lo.weights[n];
            dot += lo.weights[n] * hi.weights[n];
        }
        EXPECT_NEAR(sumLo, std::sqrt(2.0), 1e-14) << toString(f);
        EXPECT_NEAR(sumHi, 0.0, 1e-14) << toString(f);
        EXPECT_NEAR(normLo, 1.0, 1e-14) << toString(f);
        EXPECT_NEAR(dot, 0.0, 1e-14) << toString(f);
        EXPECT_EQ(parseWaveletFamily(toString(f)), f);
    }
    // PyWavelets' db2 dec_lo, printed to 16 digits.
    const auto db2 = waveletFilters(WaveletFamily::Daubechies2).lowPass.weights;
    EXPECT_NEAR(db2[0], -0.1294095225512604, 1e-15);
    EXPECT_NEAR(db2[3], 0.4829629131445341, 1e-15);
}

// Linearity: f(a·x + b·y) = a·f(x) + b·f(y) for every linear filter.
TEST(Ibsi2Analytic, LinearFiltersAreLinear) {
    const std::array<std::int64_t, 3> size{12, 10, 9};
    const Volume x = randomVolume(size, 1601u);
    const Volume y = randomVolume(size, 1602u);
    Volume combined = x;
    for (std::size_t v = 0; v < combined.voxels.size(); ++v)
        combined.voxels[v] = 2.0f * x.voxels[v] - 0.5f * y.voxels[v];
    const FilterSpec specs[] = {
        spec(MeanFilter{5}, D3, Boundary::Nearest),
        spec(LaplacianOfGaussianFilter{1.2, 4.0}, D3, Boundary::Mirror),
        spec(laws("R5E3L5", false), D3, Boundary::Periodic),
        spec(wavelet(WaveletFamily::Daubechies3, "HLH", 2, false), D3, Boundary::Zero),
        spec(laws("W5S3", false), D2, Boundary::Mirror),
    };
    for (const FilterSpec& s : specs) {
        const Volume fx = applyFilter(x, s);
        const Volume fy = applyFilter(y, s);
        const Volume fc = applyFilter(combined, s);
        double worst = 0.0;
        for (std::size_t v = 0; v < fc.voxels.size(); ++v)
            worst =
                std::max(worst, std::abs(fc.voxels[v] - (2.0 * fx.voxels[v] - 0.5 * fy.voxels[v])));
        EXPECT_LT(worst, 1e-5) << describe(s);
    }
}

// Separability: convolving axis by axis equals the dense convolution with the
// outer-product kernel, for every boundary condition, kernels of odd and even
// length and one longer than its axis (the boundary rule repeated).
TEST(Ibsi2Analytic, SeparableEqualsDenseOuterProductKernel) {
    const Field image = randomField({7, 6, 5}, 1603u);
    SeparableKernel sep;
    sep.axes[0] = Kernel1D::centred({0.5, -1.0, 2.0});
    sep.axes[1] = Kernel1D::centred({1.0, 3.0}); // even: centre at index 1
    sep.axes[2] =
        Kernel1D::centred({0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1, 1.2, 1.3});
    DenseKernel dense({6, 6, 6});
    for (int a = 0; a < 3; ++a)
        ASSERT_LE(sep.axes[static_cast<std::size_t>(a)]->lastOffset(), 6);
    const auto weight = [](const Kernel1D& k, int o) {
        const int m = o + k.centre;
        return m >= 0 && m < static_cast<int>(k.weights.size())
                   ? k.weights[static_cast<std::size_t>(m)]
                   : 0.0;
    };
    for (int o2 = -6; o2 <= 6; ++o2)
        for (int o1 = -6; o1 <= 6; ++o1)
            for (int o0 = -6; o0 <= 6; ++o0)
                dense.at(o0, o1, o2) =
                    weight(*sep.axes[0], o0) * weight(*sep.axes[1], o1) * weight(*sep.axes[2], o2);
    for (const Boundary b :
         {Boundary::Zero, Boundary::Nearest, Boundary::Periodic, Boundary::Mirror}) {
        const Field s = convolveSeparable(image, sep, b);
        const Field d = convolveDense(image, dense, b);
        double worst = 0.0;
        for (std::size_t v = 0; v < s.values.size(); ++v)
            worst = std::max(worst, std::abs(s.values[v] - d.values[v]));
        EXPECT_LT(worst, 1e-12) << toString(b);
    }
}

// Rotation-invariant filters commute with the right-angle rotations of the
// input: filter(rotate(x)) = rotate(filter(x)) for every proper rotation.
TEST(Ibsi2Analytic, RotatingTheInputRotatesTheInvariantResponse) {
    const Volume x = randomVolume({9, 9, 9}, 1604u);
    const FilterSpec specs3d[] = {
        spec(laws("E3W5R5", true, 2), D3, Boundary::Mirror),
        spec(LawsFilter{"L5E5S3", true, Pooling::Average, std::nullopt}, D3, Boundary::Zero),
        spec(wavelet(WaveletFamily::Coiflet1, "HHL", 1, true), D3, Boundary::Periodic),
        spec(wavelet(WaveletFamily::Haar, "LHH", 2, true), D3, Boundary::Nearest),
        spec(LaplacianOfGaussianFilter{1.0, 3.0}, D3, Boundary::Mirror),
        spec(gabor(2.0, 3.0, 0.7, 0.0, true, kPi / 4), D3, Boundary::Mirror),
    };
    for (const FilterSpec& s : specs3d) {
        const Volume fx = applyFilter(x, s);
        for (const AxisRotation& r : rightAngleRotations(D3)) {
            const double d =
                maxAbsDifference(applyFilter(rotateVolume(x, r), s), rotateVolume(fx, r));
            EXPECT_LT(d, 1e-5) << describe(s);
        }
    }
    const FilterSpec specs2d[] = {
        spec(laws("L5S5", true), D2, Boundary::Mirror),
        spec(wavelet(WaveletFamily::Daubechies2, "HL", 1, true), D2, Boundary::Zero),
        spec(gabor(2.0, 3.0, 1.8, 0.3, true, kPi / 8), D2, Boundary::Nearest),
    };
    for (const FilterSpec& s : specs2d) {
        const Volume fx = applyFilter(x, s);
        for (const AxisRotation& r : rightAngleRotations(D2)) {
            const double d =
                maxAbsDifference(applyFilter(rotateVolume(x, r), s), rotateVolume(fx, r));
            EXPECT_LT(d, 1e-5) << describe(s);
        }
    }
    // A filter without rotation invariance does not commute (the check has teeth).
    const FilterSpec plain = spec(laws("E3W5R5", false), D3, Boundary::Mirror);
    const AxisRotation quarterTurn{{1, 0, 2}, {true, false, false}};
    EXPECT_GT(maxAbsDifference(applyFilter(rotateVolume(x, quarterTurn), plain),
                               rotateVolume(applyFilter(x, plain), quarterTurn)),
              1e-2);
}

TEST(Ibsi2Analytic, RightAngleRotationGroups) {
    EXPECT_EQ(rightAngleRotations(D3).size(), 24u);
    EXPECT_EQ(rightAngleRotations(D2).size(), 4u);
    // A kernel symmetric under every rotation has one distinct orientation.
    SeparableKernel l3;
    for (auto& axis : l3.axes)
        axis = lawsKernel("L3");
    EXPECT_EQ(distinctRotations({l3}, D3).size(), 1u);
}

TEST(Ibsi2Analytic, InvalidSettingsAreRejected) {
    const Volume x = randomVolume({5, 5, 5}, 1605u);
    EXPECT_THROW(applyFilter(x, spec(MeanFilter{4}, D3, Boundary::Zero)), Error);
    EXPECT_THROW(applyFilter(x, spec(laws("E5X5L5", false), D3, Boundary::Zero)), Error);
    EXPECT_THROW(applyFilter(x, spec(laws("E5L5", false), D3, Boundary::Zero)), Error);
    EXPECT_THROW(applyFilter(x, spec(laws("E5L5", false, -1), D2, Boundary::Zero)), Error);
    EXPECT_THROW(applyFilter(x, spec(LaplacianOfGaussianFilter{0.0, 4.0}, D3, Boundary::Zero)),
                 Error);
    EXPECT_THROW(
        applyFilter(x, spec(wavelet(WaveletFamily::Haar, "LXH", 1, false), D3, Boundary::Zero)),
        Error);
    EXPECT_THROW(
        applyFilter(x, spec(wavelet(WaveletFamily::Haar, "LH", 1, false), D3, Boundary::Zero)),
        Error);
    EXPECT_THROW(
        applyFilter(x, spec(wavelet(WaveletFamily::Haar, "LLH", 0, false), D3, Boundary::Zero)),
        Error);
    EXPECT_THROW(applyFilter(x, spec(gabor(2.0, 3.0, 1.0, 0.0, true, 1.0), D2, Boundary::Zero)),
                 Error);
    EXPECT_THROW(parseWaveletFamily("sym4"), Error);
}

TEST(Ibsi2Analytic, NonFiniteIntensitiesAreRefusedNamingTheVoxel) {
    // A NaN or infinity would spread over the kernel (the whole image for a
    // Fourier-domain filter): every filter kind refuses the image instead.
    Volume x = randomVolume({6, 5, 4}, 77u);
    RieszFilter riesz;
    riesz.base = LaplacianOfGaussianFilter{1.0, 4.0};
    for (const float bad :
         {std::numeric_limits<float>::quiet_NaN(), -std::numeric_limits<float>::infinity()}) {
        x.at(4, 3, 2) = bad;
        for (const FilterSpec& s :
             {spec(MeanFilter{3}, D3, Boundary::Zero),
              spec(LaplacianOfGaussianFilter{1.0, 4.0}, D2, Boundary::Mirror),
              spec(SimoncelliFilter{1}, D3, Boundary::Periodic), spec(riesz, D3, Boundary::Zero)}) {
            try {
                applyFilter(x, s);
                ADD_FAILURE() << describe(s) << " accepted a non-finite voxel";
            } catch (const Error& e) {
                EXPECT_NE(std::string(e.what()).find("at voxel (4, 3, 2)"), std::string::npos)
                    << e.what();
                EXPECT_NE(std::string(e.what()).find(describe(s)), std::string::npos) << e.what();
            }
        }
    }
}

TEST(Ibsi2Cancel, ASetTokenStopsEveryFilterAndAnUnsetOneChangesNothing) {
    const Volume x = randomVolume({9, 8, 7}, 2207u);
    CancelToken cancelled;
    cancelled.cancel();
    const CancelToken running;
    const std::vector<FilterSpec> specs{
        spec(MeanFilter{3}, D3, Boundary::Mirror),
        spec(LaplacianOfGaussianFilter{1.5, 4.0}, D3, Boundary::Mirror),
        spec(laws("E5L5S5", true, 2), D3, Boundary::Mirror),
        spec(gabor(2.0, 3.0, 1.0, 0.0, true, kPi / 4.0), D3, Boundary::Mirror),
        spec(wavelet(WaveletFamily::Daubechies2, "LHL", 2, true), D3, Boundary::Periodic),
        spec(SimoncelliFilter{1}, D3, Boundary::Periodic),
        spec(RieszFilter{RieszOrder{{1, 1, 0}}, LaplacianOfGaussianFilter{1.5, 4.0}}, D3,
             Boundary::Mirror),
    };
    for (const auto& s : specs) {
        SCOPED_TRACE(describe(s));
        EXPECT_THROW(applyFilter(x, s, &cancelled), FilterCancelled);
        const Volume plain = applyFilter(x, s);
        const Volume withToken = applyFilter(x, s, &running);
        EXPECT_EQ(plain.voxels, withToken.voxels);
    }
}

TEST(Ibsi2Cancel, CancellingWhileRunningStopsBetweenPasses) {
    // 3 planes x 8 distinct orientations = 24 dense convolutions of the image,
    // each a cancellation point: cancelled a tenth into the run, the filter
    // must stop well before it would have finished (measured in this process).
    const Volume x = randomVolume({40, 40, 40}, 2208u);
    const FilterSpec slow = spec(gabor(3.0, 4.0, 1.0, 0.0, true, kPi / 8.0), D3, Boundary::Mirror);
    using Clock = std::chrono::steady_clock;
    auto start = Clock::now();
    (void)applyFilter(x, slow);
    const auto whole = Clock::now() - start;

    CancelToken cancel;
    start = Clock::now();
    std::thread canceller([&] {
        std::this_thread::sleep_for(whole / 10);
        cancel.cancel();
    });
    EXPECT_THROW(applyFilter(x, slow, &cancel), FilterCancelled);
    const auto stopped = Clock::now() - start;
    canceller.join();
    EXPECT_LT(stopped, whole / 2) << "whole run "
                                  << std::chrono::duration<double, std::milli>(whole).count()
                                  << " ms";
}

} // namespace
