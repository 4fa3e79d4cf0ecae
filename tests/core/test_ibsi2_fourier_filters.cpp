// IBSI-2 Fourier-domain filters (core/filters/FourierTransform, Simoncelli,
// Riesz): phase-1 response maps of the IBSI-2 reference (configurations 8–10,
// ../shared/data/ibsi2_reference/configurations.md and the IBSI reference manual,
// chapter 2) and analytic properties that hold whatever the implementation.

#include "Ibsi2Maps.h"
#include "TestData.h"
#include "filters/FourierTransform.h"
#include "filters/Riesz.h"
#include "filters/Simoncelli.h"
#include "io/nifti/Nifti.h"
#include "util/Error.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <gtest/gtest.h>
#include <numbers>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace rgw::filters {
namespace {

// ---------------------------------------------------------------- reference maps

std::filesystem::path phantomFile(const std::string& name) {
    return test::ibsiDataSets() / "ibsi_2_digital_phantom" / "nifti" / name / "image" /
           (name + ".nii.gz");
}

std::filesystem::path referenceMap(const std::string& id) {
    return test::dataRoot() / "ibsi2_reference" / "reference_response_maps" /
           (id + "-ValidCRM.nii.gz");
}

/// IBSI-2 phase-1 pass rule: every voxel within 1 % of (max − min) of the
/// reference map. Prints max |diff| / range; returns it.
double expectMatchesReference(const Volume& computed, const std::string& id) {
    const Volume reference = nifti::readVolume(referenceMap(id));
    EXPECT_EQ(computed.geometry.size, reference.geometry.size) << id;
    if (computed.voxels.size() != reference.voxels.size())
        return INFINITY;
    const auto [lo, hi] = std::minmax_element(reference.voxels.begin(), reference.voxels.end());
    const double range = static_cast<double>(*hi) - static_cast<double>(*lo);
    double worst = 0.0;
    std::size_t failing = 0;
    for (std::size_t v = 0; v < reference.voxels.size(); ++v) {
        const double diff = std::abs(static_cast<double>(computed.voxels[v]) - reference.voxels[v]);
        worst = std::max(worst, diff);
        if (!(diff <= 0.01 * range))
            ++failing;
    }
    std::printf("IBSI-2 %s: max|diff|/range = %.3g (range %.6g), %zu/%zu voxels outside 1 %%\n",
                id.c_str(), worst / range, range, failing, reference.voxels.size());
    EXPECT_EQ(failing, 0u) << id << ": max |diff| " << worst << " vs range " << range;
    return worst / range;
}

TEST(Ibsi2FourierReference, Simoncelli8a) {
    RGW_REQUIRE_TEST_DATA();
    const Volume checkerboard = nifti::readVolume(phantomFile("checkerboard"));
    for (int level = 1; level <= 3; ++level) {
        SimoncelliSpec spec;
        spec.level = level;
        spec.padding = FourierPadding::Periodic;
        expectMatchesReference(simoncelliResponse(checkerboard, spec),
                               "8_a_" + std::to_string(level));
    }
}

// Configurations 9 and 10 ("see manual"): Riesz order and σ as in the IBSI-2
// manual's phase-1 table; l1 is along voxel axis i (the x of the NIfTI grid).
TEST(Ibsi2FourierReference, RieszLog9a) {
    RGW_REQUIRE_TEST_DATA();
    RieszLogSpec spec; // impulse, σ = 3 mm, 4σ, l = (1, 0, 0), zero padding
    spec.sigmaMm = 3.0;
    spec.truncation = 4.0;
    spec.order.l = {1, 0, 0};
    spec.padding = FourierPadding::Zero;
    expectMatchesReference(rieszLogResponse(nifti::readVolume(phantomFile("impulse")), spec),
                           "9_a");
}

TEST(Ibsi2FourierReference, RieszLog9b1) {
    RGW_REQUIRE_TEST_DATA();
    RieszLogSpec spec; // sphere, σ = 3 mm, 4σ, l = (0, 2, 0), zero padding
    spec.sigmaMm = 3.0;
    spec.truncation = 4.0;
    spec.order.l = {0, 2, 0};
    spec.padding = FourierPadding::Zero;
    expectMatchesReference(rieszLogResponse(nifti::readVolume(phantomFile("sphere")), spec),
                           "9_b_1");
}

TEST(Ibsi2FourierReference, RieszSimoncelli10b1) {
    RGW_REQUIRE_TEST_DATA();
    SimoncelliSpec spec; // pattern_1, level 1, l = (0, 2, 0), nearest padding
    spec.level = 1;
    spec.padding = FourierPadding::Nearest;
    RieszOrder order;
    order.l = {0, 2, 0};
    expectMatchesReference(
        rieszSimoncelliResponse(nifti::readVolume(phantomFile("pattern_1")), spec, order),
        "10_b_1");
}

// ---------------------------------------------------------------- analytic tests

Volume cube(std::int64_t ni, std::int64_t nj, std::int64_t nk) {
    Geometry g;
    g.size = {ni, nj, nk};
    g.spacing = Eigen::Vector3d(2.0, 2.0, 2.0);
    return Volume(g);
}

Volume randomVolume(std::int64_t ni, std::int64_t nj, std::int64_t nk, unsigned seed) {
    Volume v = cube(ni, nj, nk);
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> u(-100.0f, 100.0f);
    for (auto& x : v.voxels)
        x = u(rng);
    return v;
}

using test::maxAbsDifference; // Ibsi2Maps.h

double sumOfSquares(const Volume& a) {
    double s = 0.0;
    for (float x : a.voxels)
        s += static_cast<double>(x) * x;
    return s;
}

/// The image with voxel axes i and j exchanged (a reflection of the grid).
Volume swapIJ(const Volume& in) {
    const auto& n = in.geometry.size;
    Volume out = cube(n[1], n[0], n[2]);
    for (std::int64_t k = 0; k < n[2]; ++k)
        for (std::int64_t j = 0; j < n[1]; ++j)
            for (std::int64_t i = 0; i < n[0]; ++i)
                out.at(j, i, k) = in.at(i, j, k);
    return out;
}

/// The image rotated by 90° about k: (i, j) ↦ (n − 1 − j, i) on an n × n plane.
Volume rotate90(const Volume& in) {
    const auto& n = in.geometry.size;
    Volume out = cube(n[0], n[1], n[2]);
    for (std::int64_t k = 0; k < n[2]; ++k)
        for (std::int64_t j = 0; j < n[1]; ++j)
            for (std::int64_t i = 0; i < n[0]; ++i)
                out.at(n[1] - 1 - j, i, k) = in.at(i, j, k);
    return out;
}

TEST(FourierTransform, MatchesTheDirectDftAndInvertsIt) {
    for (const std::array<std::int64_t, 3> n :
         {std::array<std::int64_t, 3>{5, 6, 7}, std::array<std::int64_t, 3>{6, 5, 4}}) {
        RealSpectrum grid(n);
        std::mt19937 rng(7);
        std::uniform_real_distribution<double> u(-1.0, 1.0);
        std::vector<double> input;
        for (std::int64_t k = 0; k < n[2]; ++k)
            for (std::int64_t j = 0; j < n[1]; ++j)
                for (std::int64_t i = 0; i < n[0]; ++i) {
                    input.push_back(u(rng));
                    grid.voxel(i, j, k) = input.back();
                }
        grid.forward(3);
        EXPECT_EQ(grid.halfSize(), n[0] / 2 + 1);
        double worst = 0.0;
        for (std::int64_t bk = 0; bk < n[2]; ++bk)
            for (std::int64_t bj = 0; bj < n[1]; ++bj)
                for (std::int64_t bi = 0; bi < grid.halfSize(); ++bi) {
                    Complex sum = 0.0;
                    std::size_t v = 0;
                    for (std::int64_t k = 0; k < n[2]; ++k)
                        for (std::int64_t j = 0; j < n[1]; ++j)
                            for (std::int64_t i = 0; i < n[0]; ++i, ++v) {
                                const double phase =
                                    -2.0 * std::numbers::pi *
                                    (static_cast<double>(bi * i) / static_cast<double>(n[0]) +
                                     static_cast<double>(bj * j) / static_cast<double>(n[1]) +
                                     static_cast<double>(bk * k) / static_cast<double>(n[2]));
                                sum += input[v] * Complex(std::cos(phase), std::sin(phase));
                            }
                    worst = std::max(worst, std::abs(sum - grid.bin(bi, bj, bk)));
                }
        EXPECT_LT(worst, 1e-10);
        grid.inverse(3);
        std::size_t v = 0;
        for (std::int64_t k = 0; k < n[2]; ++k)
            for (std::int64_t j = 0; j < n[1]; ++j)
                for (std::int64_t i = 0; i < n[0]; ++i, ++v)
                    EXPECT_NEAR(grid.voxel(i, j, k), input[v], 1e-12);
    }
}

TEST(FourierTransform, Rank2TransformsEachSliceOnItsOwn) {
    RealSpectrum slices({6, 5, 3});
    for (std::int64_t k = 0; k < 3; ++k)
        for (std::int64_t j = 0; j < 5; ++j)
            for (std::int64_t i = 0; i < 6; ++i)
                slices.voxel(i, j, k) = std::sin(static_cast<double>(i + 7 * j + 31 * k) * 0.37);
    const RealSpectrum input = slices;
    slices.forward(2);
    for (std::int64_t k = 0; k < 3; ++k) {
        RealSpectrum one({6, 5, 1});
        for (std::int64_t j = 0; j < 5; ++j)
            for (std::int64_t i = 0; i < 6; ++i)
                one.voxel(i, j, 0) = input.voxel(i, j, k);
        one.forward(3);
        for (std::int64_t j = 0; j < 5; ++j)
            for (std::int64_t i = 0; i < one.halfSize(); ++i)
                EXPECT_LT(std::abs(one.bin(i, j, 0) - slices.bin(i, j, k)), 1e-12);
    }
}

TEST(FourierTransform, BinFrequencies) {
    EXPECT_DOUBLE_EQ(binFrequency(3, 8), 3.0 / 8.0);
    EXPECT_DOUBLE_EQ(binFrequency(4, 8), -0.5);
    EXPECT_DOUBLE_EQ(binFrequency(5, 9), -4.0 / 9.0);
    // Endpoints: linspace(-1/2, 1/2, n) in centred order.
    EXPECT_DOUBLE_EQ(binFrequency(4, 9, FrequencySampling::Endpoints), 0.5);
    EXPECT_DOUBLE_EQ(binFrequency(5, 9, FrequencySampling::Endpoints), -0.5);
    EXPECT_DOUBLE_EQ(binFrequency(1, 9, FrequencySampling::Endpoints), 1.0 / 8.0);
    EXPECT_DOUBLE_EQ(binFrequency(4, 8, FrequencySampling::Endpoints), -0.5);
    EXPECT_DOUBLE_EQ(binFrequency(3, 8, FrequencySampling::Endpoints), 0.5);
    EXPECT_DOUBLE_EQ(binFrequency(0, 8, FrequencySampling::Endpoints), 0.0);
}

TEST(Simoncelli, ImpulseResponseIsTheInverseDftOfTheWavelet) {
    const std::int64_t n[3] = {9, 10, 11};
    Volume impulse = cube(n[0], n[1], n[2]);
    impulse.at(0, 0, 0) = 1.0f;
    SimoncelliSpec spec;
    spec.level = 1;
    const Volume response = simoncelliResponse(impulse, spec);
    // h(x) = Re (1/N) Σ_b ψ(ν_b) e^{2πi b·x/N}, summed directly.
    double worst = 0.0;
    double peak = 0.0;
    const double count = static_cast<double>(n[0] * n[1] * n[2]);
    for (std::int64_t z = 0; z < n[2]; z += 3)
        for (std::int64_t y = 0; y < n[1]; y += 2)
            for (std::int64_t x = 0; x < n[0]; ++x) {
                double h = 0.0;
                for (std::int64_t bk = 0; bk < n[2]; ++bk)
                    for (std::int64_t bj = 0; bj < n[1]; ++bj)
                        for (std::int64_t bi = 0; bi < n[0]; ++bi) {
                            const std::array<double, 3> nu{
                                binFrequency(bi, n[0], FrequencySampling::Endpoints),
                                binFrequency(bj, n[1], FrequencySampling::Endpoints),
                                binFrequency(bk, n[2], FrequencySampling::Endpoints)};
                            const double phase = 2.0 * std::numbers::pi *
                                                 (static_cast<double>(bi * x) / n[0] +
                                                  static_cast<double>(bj * y) / n[1] +
                                                  static_cast<double>(bk * z) / n[2]);
                            h += simoncelliTransfer(nu, 1) * std::cos(phase);
                        }
                h /= count;
                peak = std::max(peak, std::abs(h));
                worst = std::max(worst, std::abs(h - response.at(x, y, z)));
            }
    EXPECT_GT(peak, 0.1);
    EXPECT_LT(worst, 1e-6);
}

TEST(Simoncelli, IsLinear) {
    const Volume a = randomVolume(12, 10, 8, 1);
    const Volume b = randomVolume(12, 10, 8, 2);
    Volume combined = a;
    for (std::size_t v = 0; v < a.voxels.size(); ++v)
        combined.voxels[v] = 2.0f * a.voxels[v] - 3.0f * b.voxels[v];
    for (auto padding : {FourierPadding::Periodic, FourierPadding::Zero}) {
        SimoncelliSpec spec;
        spec.level = 2;
        spec.padding = padding;
        const Volume ra = simoncelliResponse(a, spec);
        const Volume rb = simoncelliResponse(b, spec);
        Volume expected = ra;
        for (std::size_t v = 0; v < ra.voxels.size(); ++v)
            expected.voxels[v] = 2.0f * ra.voxels[v] - 3.0f * rb.voxels[v];
        EXPECT_LT(maxAbsDifference(simoncelliResponse(combined, spec), expected), 1e-3);
    }
}

TEST(Simoncelli, SquaredBandsSumToOneBetweenTheirOuterHalves) {
    // ψ_j ψ_{j+1} cross-fade as cos² + sin²: Σ_{j=1..J} ψ_j(ρ)² = 1 for ν_J/2 ≤ ρ ≤ ν_1/2.
    for (double rho = 1.0 / 16.0; rho <= 0.25; rho += 0.001) {
        double sum = 0.0;
        for (int level = 1; level <= 3; ++level) {
            const double psi = simoncelliTransfer({rho * 0.6, rho * 0.8, 0.0}, level);
            sum += psi * psi;
        }
        EXPECT_NEAR(sum, 1.0, 1e-12) << "rho " << rho;
    }
    EXPECT_EQ(simoncelliTransfer({0.0, 0.0, 0.0}, 1), 0.0);
    EXPECT_EQ(simoncelliTransfer({0.5, 0.5, 0.5}, 1), 0.0);
    EXPECT_DOUBLE_EQ(simoncelliTransfer({0.25, 0.0, 0.0}, 1), 1.0);
}

TEST(Simoncelli, BandEnergiesAddUpToTheImageEnergy) {
    // Parseval: an image whose frequencies lie in [ν_3/2, ν_1/2] keeps its energy
    // split over levels 1–3 (odd size: the sampled grid is symmetric).
    Volume image = cube(33, 33, 33);
    for (std::int64_t k = 0; k < 33; ++k)
        for (std::int64_t j = 0; j < 33; ++j)
            for (std::int64_t i = 0; i < 33; ++i)
                image.at(i, j, k) = static_cast<float>(
                    std::cos(2.0 * std::numbers::pi * 4.0 * i / 33.0) +
                    0.5 * std::sin(2.0 * std::numbers::pi * (3.0 * j + 2.0 * k) / 33.0));
    double bands = 0.0;
    for (int level = 1; level <= 3; ++level) {
        SimoncelliSpec spec;
        spec.level = level;
        bands += sumOfSquares(simoncelliResponse(image, spec));
    }
    EXPECT_NEAR(bands / sumOfSquares(image), 1.0, 1e-5);
}

TEST(Simoncelli, RotatingTheInputRotatesTheResponse) {
    const Volume image = randomVolume(15, 15, 15, 3);
    SimoncelliSpec spec;
    spec.level = 1;
    EXPECT_LT(maxAbsDifference(simoncelliResponse(rotate90(image), spec),
                               rotate90(simoncelliResponse(image, spec))),
              1e-3);
    const Volume even = randomVolume(16, 16, 16, 4);
    EXPECT_LT(maxAbsDifference(simoncelliResponse(swapIJ(even), spec),
                               swapIJ(simoncelliResponse(even, spec))),
              1e-3);
}

TEST(Simoncelli, SliceWiseFilteringTreatsEachSliceAlone) {
    const Volume image = randomVolume(12, 14, 3, 5);
    SimoncelliSpec spec;
    spec.rank = FilterRank::Slice2D;
    spec.padding = FourierPadding::Mirror;
    const Volume slices = simoncelliResponse(image, spec);
    SimoncelliSpec volumeSpec = spec;
    volumeSpec.rank = FilterRank::Volume3D;
    for (std::int64_t k = 0; k < 3; ++k) {
        Volume one = cube(12, 14, 1);
        for (std::int64_t j = 0; j < 14; ++j)
            for (std::int64_t i = 0; i < 12; ++i)
                one.at(i, j, 0) = image.at(i, j, k);
        const Volume r = simoncelliResponse(one, volumeSpec);
        for (std::int64_t j = 0; j < 14; ++j)
            for (std::int64_t i = 0; i < 12; ++i)
                EXPECT_NEAR(r.at(i, j, 0), slices.at(i, j, k), 1e-4);
    }
}

TEST(Simoncelli, SameNumbersAtAnyThreadCount) {
    const Volume image = randomVolume(20, 18, 16, 6);
    SimoncelliSpec spec;
    spec.level = 2;
    spec.padding = FourierPadding::Nearest;
    const Volume single = simoncelliResponse(image, spec);
    std::vector<Volume> results(4);
    std::vector<std::thread> threads;
    for (std::size_t t = 0; t < results.size(); ++t)
        threads.emplace_back([&, t] { results[t] = simoncelliResponse(image, spec); });
    for (auto& t : threads)
        t.join();
    for (const auto& r : results)
        EXPECT_EQ(r.voxels, single.voxels);
}

TEST(Riesz, ComponentsOfOneOrderAreUnitary) {
    // Σ_{|l| = L} |R^l(ν)|² = Σ L!/(l1! l2! l3!) ν^2l / ‖ν‖^2L = 1 (multinomial theorem).
    const std::array<double, 3> nu{0.13, -0.31, 0.07};
    for (int total = 1; total <= 3; ++total) {
        double sum = 0.0;
        for (int l1 = 0; l1 <= total; ++l1)
            for (int l2 = 0; l1 + l2 <= total; ++l2) {
                RieszOrder order;
                order.l = {l1, l2, total - l1 - l2};
                sum += std::norm(rieszTransfer(nu, order));
            }
        EXPECT_NEAR(sum, 1.0, 1e-12) << "order " << total;
    }
    RieszOrder first;
    first.l = {1, 0, 0};
    EXPECT_EQ(rieszTransfer({0.0, 0.0, 0.0}, first), Complex(0.0, 0.0));
    EXPECT_NEAR(rieszTransfer({0.2, 0.0, 0.0}, first).imag(), -1.0, 1e-15);
}

TEST(Riesz, SecondOrderDiagonalSumIsMinusTheBaseFilter) {
    // Σ_a R^{2e_a} = −(ν1² + ν2² + ν3²)/‖ν‖² = −1: the three responses add up to −ψ_j x.
    const Volume image = randomVolume(14, 12, 10, 8);
    SimoncelliSpec spec;
    spec.level = 1;
    spec.padding = FourierPadding::Nearest;
    Volume sum = cube(14, 12, 10);
    for (int a = 0; a < 3; ++a) {
        RieszOrder order;
        order.l = {0, 0, 0};
        order.l[static_cast<std::size_t>(a)] = 2;
        const Volume r = rieszSimoncelliResponse(image, spec, order);
        for (std::size_t v = 0; v < r.voxels.size(); ++v)
            sum.voxels[v] += r.voxels[v];
    }
    const Volume base = simoncelliResponse(image, spec);
    Volume minusBase = base;
    for (auto& x : minusBase.voxels)
        x = -x;
    EXPECT_LT(maxAbsDifference(sum, minusBase), 1e-3);
}

TEST(Riesz, ExchangingAxesExchangesTheOrders) {
    const Volume image = randomVolume(16, 16, 12, 9);
    RieszLogSpec alongI;
    alongI.sigmaMm = 3.0;
    alongI.order.l = {1, 0, 0};
    RieszLogSpec alongJ = alongI;
    alongJ.order.l = {0, 1, 0};
    EXPECT_LT(maxAbsDifference(rieszLogResponse(swapIJ(image), alongI),
                               swapIJ(rieszLogResponse(image, alongJ))),
              1e-3);
}

TEST(Riesz, SliceWiseLogFiltersEverySliceAsItsOwnImage) {
    // A 2D Riesz-LoG acts on each k-slice as if it were the image: slice k of the
    // volume's response is the response of slice k alone. (The LoG kernel used to
    // be placed in the first slice only, leaving the other slices' response 0.)
    const Volume image = randomVolume(12, 10, 3, 12);
    RieszLogSpec spec;
    spec.sigmaMm = 3.0;
    spec.order.l = {1, 1, 0};
    spec.padding = FourierPadding::Mirror;
    spec.rank = FilterRank::Slice2D;
    const Volume all = rieszLogResponse(image, spec);
    for (std::int64_t k = 0; k < 3; ++k) {
        Volume slice = cube(12, 10, 1);
        for (std::int64_t j = 0; j < 10; ++j)
            for (std::int64_t i = 0; i < 12; ++i)
                slice.at(i, j, 0) = image.at(i, j, k);
        const Volume alone = rieszLogResponse(slice, spec);
        double worst = 0.0, peak = 0.0;
        for (std::int64_t j = 0; j < 10; ++j)
            for (std::int64_t i = 0; i < 12; ++i) {
                worst = std::max(
                    worst, std::abs(static_cast<double>(all.at(i, j, k)) - alone.at(i, j, 0)));
                peak = std::max(peak, std::abs(static_cast<double>(alone.at(i, j, 0))));
            }
        EXPECT_GT(peak, 1.0) << "slice " << k;
        EXPECT_LT(worst, 1e-5 * peak) << "slice " << k;
    }
}

TEST(Riesz, FirstOrderImpulseResponseIsOddAlongItsAxis) {
    Volume impulse = cube(21, 21, 21);
    impulse.at(10, 10, 10) = 1.0f;
    RieszLogSpec spec;
    spec.sigmaMm = 3.0;
    spec.order.l = {1, 0, 0};
    const Volume r = rieszLogResponse(impulse, spec);
    double peak = 0.0;
    for (std::int64_t i = 1; i <= 10; ++i) {
        EXPECT_NEAR(r.at(10 + i, 10, 10), -r.at(10 - i, 10, 10), 1e-6);
        peak = std::max(peak, std::abs(static_cast<double>(r.at(10 + i, 10, 10))));
    }
    EXPECT_GT(peak, 1e-3);
    EXPECT_NEAR(r.at(10, 10, 10), 0.0, 1e-6);
}

TEST(FourierFilters, RejectInvalidSettings) {
    const Volume image = randomVolume(8, 8, 8, 10);
    SimoncelliSpec badLevel;
    badLevel.level = 0;
    EXPECT_THROW(simoncelliResponse(image, badLevel), Error);
    RieszOrder none;
    none.l = {0, 0, 0};
    EXPECT_THROW(rieszSimoncelliResponse(image, SimoncelliSpec{}, none), Error);
    SimoncelliSpec slices;
    slices.rank = FilterRank::Slice2D;
    RieszOrder alongK;
    alongK.l = {0, 0, 1};
    EXPECT_THROW(rieszSimoncelliResponse(image, slices, alongK), Error);
    RieszLogSpec badSigma;
    badSigma.sigmaMm = 0.0;
    EXPECT_THROW(rieszLogResponse(image, badSigma), Error);
    Volume truncated = image;
    truncated.voxels.pop_back();
    EXPECT_THROW(simoncelliResponse(truncated, SimoncelliSpec{}), Error);
}

} // namespace
} // namespace rgw::filters
