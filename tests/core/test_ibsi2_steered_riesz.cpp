// Riesz filters aligned with the structure tensor (filters/Riesz.h,
// StructureTensorAlignment; filters/RieszSteering). IBSI-2 publishes no reference
// response map for an aligned configuration, so these tests check what holds by
// the definition, whatever the implementation:
// - steering: R^l in a rotated frame, expanded on the axis components, equals the
//   Riesz transfer function evaluated in rotated coordinates;
// - plane waves cos(2π k·x / n) of any orientation: the base filter multiplies the
//   wave by its transfer c at k, R^l along a unit u multiplies its spectrum by
//   (−i)^|l| (u·k̂)^|l|, and the structure tensor's principal axis is ±k̂; so the
//   aligned responses have closed forms that do not depend on the orientation:
//   order 1: |c sin θ|, order 2: −c cos θ, order 3: −|c sin θ|, order (1, 1) and
//   (0, 2) in 2D: 0, with θ = 2π k·x / n;
// - rotating the input by 90° rotates the aligned response (not the unaligned one);
// - the aligned first-order response is e1·∇g: between 0 and |∇g|.

#include "Ibsi2Maps.h"
#include "filters/FilterSpec.h"
#include "filters/Riesz.h"
#include "filters/RieszSteering.h"
#include "filters/Simoncelli.h"
#include "util/Error.h"

#include <Eigen/LU>
#include <Eigen/QR>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <gtest/gtest.h>
#include <numbers>
#include <random>
#include <vector>

namespace rgw::filters {
namespace {

Volume grid(std::int64_t ni, std::int64_t nj, std::int64_t nk) {
    Geometry g;
    g.size = {ni, nj, nk};
    g.spacing = Eigen::Vector3d(1.0, 1.0, 1.0);
    return Volume(g);
}

Volume randomVolume(std::int64_t n, std::int64_t nk, unsigned seed) {
    Volume v = grid(n, n, nk);
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> u(-100.0f, 100.0f);
    for (auto& x : v.voxels)
        x = u(rng);
    return v;
}

/// cos(2π k·x / n) on an n^rank grid (nk = 1 in 2D).
Volume planeWave(std::int64_t n, std::int64_t nk, const std::array<int, 3>& k) {
    Volume v = grid(n, n, nk);
    for (std::int64_t z = 0; z < nk; ++z)
        for (std::int64_t y = 0; y < n; ++y)
            for (std::int64_t x = 0; x < n; ++x)
                v.at(x, y, z) = static_cast<float>(std::cos(
                    2.0 * std::numbers::pi * static_cast<double>(k[0] * x + k[1] * y + k[2] * z) /
                    static_cast<double>(n)));
    return v;
}

double phase(std::int64_t n, const std::array<int, 3>& k, std::int64_t x, std::int64_t y,
             std::int64_t z) {
    return 2.0 * std::numbers::pi * static_cast<double>(k[0] * x + k[1] * y + k[2] * z) /
           static_cast<double>(n);
}

RieszOrder order(int l1, int l2, int l3) {
    RieszOrder o;
    o.l = {l1, l2, l3};
    return o;
}

/// A rotation of axes: the Q of a random matrix's QR, turned proper.
LocalFrame randomFrame(std::mt19937& rng) {
    std::normal_distribution<double> normal;
    Eigen::Matrix3d m;
    for (int r = 0; r < 3; ++r)
        for (int c = 0; c < 3; ++c)
            m(r, c) = normal(rng);
    Eigen::Matrix3d q = Eigen::HouseholderQR<Eigen::Matrix3d>(m).householderQ();
    if (q.determinant() < 0.0)
        q.col(0) = -q.col(0);
    LocalFrame f;
    for (std::size_t a = 0; a < 3; ++a)
        for (std::size_t c = 0; c < 3; ++c)
            f[a][c] = q(static_cast<Eigen::Index>(c), static_cast<Eigen::Index>(a));
    return f;
}

TEST(RieszSteering, WeightsReproduceTheTransferInRotatedCoordinates) {
    // R^l in frame F at ν is R^l at ν' = (f_a·ν)_a (a rotation keeps ‖ν‖).
    std::mt19937 rng(11);
    std::uniform_real_distribution<double> u(-0.5, 0.5);
    double worst = 0.0;
    int checked = 0;
    for (int trial = 0; trial < 20; ++trial) {
        const LocalFrame f = randomFrame(rng);
        const std::array<double, 3> nu{u(rng), u(rng), u(rng)};
        std::array<double, 3> rotated{};
        for (std::size_t a = 0; a < 3; ++a)
            rotated[a] = f[a][0] * nu[0] + f[a][1] * nu[1] + f[a][2] * nu[2];
        for (int total = 1; total <= 4; ++total)
            for (const RieszOrder& l : rieszComponents(total, FilterRank::Volume3D)) {
                Complex steered = 0.0;
                for (const RieszOrder& m : rieszComponents(total, FilterRank::Volume3D))
                    steered += steeringWeight(l, f, m) * rieszTransfer(nu, m);
                worst = std::max(worst, std::abs(steered - rieszTransfer(rotated, l)));
                ++checked;
            }
    }
    std::printf("steering: %d (frame, order) pairs, max |difference| %.3g\n", checked, worst);
    EXPECT_LT(worst, 1e-12);
}

TEST(RieszSteering, AxisFrameSelectsTheComponent) {
    for (const RieszOrder& l : rieszComponents(3, FilterRank::Volume3D))
        for (const RieszOrder& m : rieszComponents(3, FilterRank::Volume3D))
            EXPECT_DOUBLE_EQ(steeringWeight(l, axisFrame(), m), l.l == m.l ? 1.0 : 0.0);
    EXPECT_EQ(rieszComponents(2, FilterRank::Volume3D).size(), 6u);
    EXPECT_EQ(rieszComponents(2, FilterRank::Slice2D).size(), 3u);
}

TEST(RieszSteering, AlignedFrameIsThePrincipalDirectionTowardsTheGradient) {
    // J = 5 u uᵀ + 0.5 v vᵀ: e1 = ±u, signed by the gradient.
    const double c = std::cos(0.7), s = std::sin(0.7);
    const StructureTensor planar{
        5 * c * c + 0.5 * s * s, (5 - 0.5) * c * s, 0.0, 5 * s * s + 0.5 * c * c, 0.0, 0.0};
    LocalFrame f = alignedFrame(planar, {-c, -s, 0.0}, FilterRank::Slice2D);
    EXPECT_NEAR(f[0][0], -c, 1e-12);
    EXPECT_NEAR(f[0][1], -s, 1e-12);
    EXPECT_NEAR(f[1][0], s, 1e-12); // e2 = e1 turned +90°
    EXPECT_NEAR(f[1][1], -c, 1e-12);
    const std::array<double, 3> u{2.0 / 3.0, -1.0 / 3.0, 2.0 / 3.0};
    StructureTensor volume{};
    static constexpr std::size_t kEntry[3][3] = {{0, 1, 2}, {1, 3, 4}, {2, 4, 5}};
    for (std::size_t a = 0; a < 3; ++a)
        for (std::size_t b = a; b < 3; ++b)
            volume[kEntry[a][b]] = 4.0 * u[a] * u[b] + (a == b ? 0.25 : 0.0);
    f = alignedFrame(volume, {1.0, 0.0, 0.0}, FilterRank::Volume3D);
    for (std::size_t a = 0; a < 3; ++a)
        EXPECT_NEAR(f[0][a], u[a], 1e-12);
    f = alignedFrame(volume, {-1.0, 0.0, 0.0}, FilterRank::Volume3D);
    for (std::size_t a = 0; a < 3; ++a)
        EXPECT_NEAR(f[0][a], -u[a], 1e-12);
    // A vanishing tensor leaves the voxel axes.
    f = alignedFrame(StructureTensor{}, {0.0, 0.0, 0.0}, FilterRank::Volume3D);
    EXPECT_EQ(f[0], (std::array<double, 3>{1.0, 0.0, 0.0}));
}

// ------------------------------------------------------------------ plane waves

/// Closed form of the aligned response of c·cos θ for order `l` (see the top).
double expectedAligned(const RieszOrder& l, double c, double theta) {
    const int total = l.l[0] + l.l[1] + l.l[2];
    if (l.l[0] != total)
        return 0.0; // an order with a factor across k̂
    switch (total) {
    case 1:
        return std::abs(c * std::sin(theta));
    case 2:
        return -c * std::cos(theta);
    default: // 3
        return -std::abs(c * std::sin(theta));
    }
}

struct WaveCheck {
    double worst = 0.0;
    std::size_t voxels = 0;
};

void checkWave(const Volume& response, std::int64_t n, std::int64_t nk, const std::array<int, 3>& k,
               const RieszOrder& l, double c, WaveCheck& check) {
    for (std::int64_t z = 0; z < nk; ++z)
        for (std::int64_t y = 0; y < n; ++y)
            for (std::int64_t x = 0; x < n; ++x) {
                const double expected = expectedAligned(l, c, phase(n, k, x, y, z));
                check.worst = std::max(
                    check.worst, std::abs(static_cast<double>(response.at(x, y, z)) - expected));
                ++check.voxels;
            }
}

TEST(AlignedRiesz, PlaneWavesOfEveryOrientationGiveTheClosedForm2D) {
    // Simoncelli level 1 is isotropic; on an odd grid its Endpoints sampling puts
    // bin b at b/(n − 1) cycles per voxel, so every k of |k| = 5 meets the same
    // c = ψ_1(5/30) and its own direction k̂ exactly.
    const std::int64_t n = 31;
    const std::vector<std::array<int, 3>> waves{{5, 0, 0},  {0, 5, 0},  {3, 4, 0},
                                                {4, -3, 0}, {-3, 4, 0}, {-4, -3, 0}};
    const double c = simoncelliTransfer({5.0 / 30.0, 0.0, 0.0}, 1);
    ASSERT_GT(c, 0.5);
    SimoncelliSpec spec;
    spec.level = 1;
    spec.padding = FourierPadding::Periodic;
    spec.rank = FilterRank::Slice2D;
    for (const RieszOrder& l :
         {order(1, 0, 0), order(2, 0, 0), order(3, 0, 0), order(1, 1, 0), order(0, 2, 0)}) {
        WaveCheck check;
        for (const auto& k : waves) {
            const Volume wave = planeWave(n, 1, k);
            checkWave(rieszSimoncelliResponse(wave, spec, l, StructureTensorAlignment{2.0}), n, 1,
                      k, l, c, check);
        }
        std::printf("2D aligned order (%d, %d): %zu voxels of 6 orientations, max |diff| %.3g "
                    "(c = %.4f)\n",
                    l.l[0], l.l[1], check.voxels, check.worst, c);
        EXPECT_LT(check.worst, 1e-5 * c);
    }
}

TEST(AlignedRiesz, PlaneWavesOfEveryOrientationGiveTheClosedForm3D) {
    const std::int64_t n = 15;
    const std::vector<std::array<int, 3>> waves{{3, 0, 0}, {0, 3, 0},  {0, 0, 3},
                                                {1, 2, 2}, {2, -1, 2}, {-2, 2, -1}};
    const double c = simoncelliTransfer({3.0 / 14.0, 0.0, 0.0}, 1);
    ASSERT_GT(c, 0.5);
    SimoncelliSpec spec;
    spec.level = 1;
    spec.padding = FourierPadding::Periodic;
    for (const RieszOrder& l : {order(1, 0, 0), order(2, 0, 0), order(3, 0, 0)}) {
        WaveCheck check;
        for (const auto& k : waves)
            checkWave(
                rieszSimoncelliResponse(planeWave(n, n, k), spec, l, StructureTensorAlignment{1.5}),
                n, n, k, l, c, check);
        std::printf("3D aligned order (%d, 0, 0): %zu voxels of 6 orientations, max |diff| %.3g "
                    "(c = %.4f)\n",
                    l.l[0], check.voxels, check.worst, c);
        EXPECT_LT(check.worst, 1e-5 * c);
    }
}

/// |∇g| at each voxel: the norm of the unaligned first-order responses (R^(1,0,0),
/// R^(0,1,0), R^(0,0,1)) of `spec`'s base.
std::vector<double> firstOrderNorm(const Volume& image, RieszLogSpec spec) {
    spec.alignment.reset();
    std::vector<double> norm(image.voxels.size(), 0.0);
    for (std::size_t a = 0; a < 3; ++a) {
        spec.order.l = {0, 0, 0};
        spec.order.l[a] = 1;
        const Volume r = rieszLogResponse(image, spec);
        for (std::size_t v = 0; v < norm.size(); ++v)
            norm[v] += static_cast<double>(r.voxels[v]) * r.voxels[v];
    }
    for (double& x : norm)
        x = std::sqrt(x);
    return norm;
}

TEST(AlignedRiesz, LogBasePlaneWaveGivesTheGradientMagnitude) {
    // For a plane wave ∇g ∥ k̂, so the aligned first-order response is |∇g| at
    // every voxel.
    const std::int64_t n = 24;
    for (const auto& k : {std::array<int, 3>{2, 3, 1}, std::array<int, 3>{-3, 1, 2}}) {
        const Volume wave = planeWave(n, n, k);
        RieszLogSpec spec;
        spec.sigmaMm = 1.5;
        spec.padding = FourierPadding::Periodic;
        spec.order.l = {1, 0, 0};
        spec.alignment = StructureTensorAlignment{2.0};
        const Volume aligned = rieszLogResponse(wave, spec);
        const std::vector<double> norm = firstOrderNorm(wave, spec);
        double worst = 0.0;
        for (std::size_t v = 0; v < aligned.voxels.size(); ++v)
            worst = std::max(worst, std::abs(aligned.voxels[v] - norm[v]));
        const double peak = *std::max_element(norm.begin(), norm.end());
        ASSERT_GT(peak, 1e-3);
        EXPECT_LT(worst, 1e-5 * peak) << "k = " << k[0] << ", " << k[1] << ", " << k[2];
    }
}

// ------------------------------------------------------------ rotation by 90°

/// The volume turned by +90° about k: out(i, j) = in(j, n − 1 − i).
Volume turnAboutK(const Volume& in) {
    const auto& s = in.geometry.size;
    Volume out = in;
    for (std::int64_t z = 0; z < s[2]; ++z)
        for (std::int64_t y = 0; y < s[1]; ++y)
            for (std::int64_t x = 0; x < s[0]; ++x)
                out.at(x, y, z) = in.at(y, s[0] - 1 - x, z);
    return out;
}

/// The volume turned by +90° about i: out(j, k) = in(k, n − 1 − j).
Volume turnAboutI(const Volume& in) {
    const auto& s = in.geometry.size;
    Volume out = in;
    for (std::int64_t z = 0; z < s[2]; ++z)
        for (std::int64_t y = 0; y < s[1]; ++y)
            for (std::int64_t x = 0; x < s[0]; ++x)
                out.at(x, y, z) = in.at(x, z, s[1] - 1 - y);
    return out;
}

using test::maxAbsDifference; // Ibsi2Maps.h

double range(const Volume& v) {
    const auto [lo, hi] = std::minmax_element(v.voxels.begin(), v.voxels.end());
    return static_cast<double>(*hi) - *lo;
}

TEST(AlignedRiesz, TurningTheImageTurnsTheAlignedResponse) {
    const Volume image = randomVolume(16, 16, 3);
    RieszLogSpec spec;
    spec.sigmaMm = 1.5;
    spec.padding = FourierPadding::Periodic;
    for (const RieszOrder& l : {order(1, 0, 0), order(2, 0, 0), order(3, 0, 0)}) {
        spec.order = l;
        spec.alignment.reset();
        const Volume unaligned = rieszLogResponse(image, spec);
        const double unalignedChange =
            maxAbsDifference(rieszLogResponse(turnAboutK(image), spec), turnAboutK(unaligned)) /
            range(unaligned);
        spec.alignment = StructureTensorAlignment{1.0};
        const Volume aligned = rieszLogResponse(image, spec);
        const double aboutK =
            maxAbsDifference(rieszLogResponse(turnAboutK(image), spec), turnAboutK(aligned)) /
            range(aligned);
        const double aboutI =
            maxAbsDifference(rieszLogResponse(turnAboutI(image), spec), turnAboutI(aligned)) /
            range(aligned);
        std::printf("3D order (%d, 0, 0), turned 90°: aligned max|diff|/range %.3g (about k), "
                    "%.3g (about i); unaligned %.3g\n",
                    l.l[0], aboutK, aboutI, unalignedChange);
        EXPECT_LT(aboutK, 1e-5);
        EXPECT_LT(aboutI, 1e-5);
        EXPECT_GT(unalignedChange, 0.1); // the axis components do not turn with the image
    }
}

TEST(AlignedRiesz, TurningTheSlicesTurnsTheAligned2DResponse) {
    // Every 2D order to 3, both bases. LoG: mirror padding, symmetric on an even grid.
    // Simoncelli's Endpoints sampling is symmetric on odd grids only: periodic padding
    // of an odd grid (a mirror-padded odd grid is even).
    const Volume image = randomVolume(20, 2, 5);
    Volume odd = grid(19, 19, 2);
    for (std::int64_t z = 0; z < 2; ++z)
        for (std::int64_t y = 0; y < 19; ++y)
            for (std::int64_t x = 0; x < 19; ++x)
                odd.at(x, y, z) = image.at(x, y, z);
    SimoncelliSpec simoncelli;
    simoncelli.level = 2;
    simoncelli.padding = FourierPadding::Periodic;
    simoncelli.rank = FilterRank::Slice2D;
    RieszLogSpec log;
    log.sigmaMm = 2.0;
    log.padding = FourierPadding::Mirror;
    log.rank = FilterRank::Slice2D;
    log.alignment = StructureTensorAlignment{1.5};
    for (int total = 1; total <= 3; ++total)
        for (const RieszOrder& l : rieszComponents(total, FilterRank::Slice2D)) {
            log.order = l;
            RieszLogSpec unaligned = log;
            unaligned.alignment.reset();
            const Volume u = rieszLogResponse(image, unaligned);
            const double unalignedChange =
                maxAbsDifference(rieszLogResponse(turnAboutK(image), unaligned), turnAboutK(u)) /
                range(u);
            const Volume a = rieszLogResponse(image, log);
            const double logChange =
                maxAbsDifference(rieszLogResponse(turnAboutK(image), log), turnAboutK(a)) /
                range(a);
            const Volume b = rieszSimoncelliResponse(odd, simoncelli, l, log.alignment);
            const double simoncelliChange =
                maxAbsDifference(
                    rieszSimoncelliResponse(turnAboutK(odd), simoncelli, l, log.alignment),
                    turnAboutK(b)) /
                range(b);
            std::printf("2D order (%d, %d), turned 90°: aligned max|diff|/range LoG %.3g, "
                        "Simoncelli %.3g; unaligned LoG %.3g\n",
                        l.l[0], l.l[1], logChange, simoncelliChange, unalignedChange);
            EXPECT_LT(logChange, 1e-5);
            EXPECT_GT(unalignedChange, 0.1);
            EXPECT_LT(simoncelliChange, 1e-5);
        }
}

TEST(AlignedRiesz, FirstOrderIsBetweenZeroAndTheGradientNorm) {
    const Volume image = randomVolume(14, 10, 4);
    RieszLogSpec spec;
    spec.sigmaMm = 1.0;
    spec.padding = FourierPadding::Zero;
    spec.order.l = {1, 0, 0};
    spec.alignment = StructureTensorAlignment{2.0};
    const Volume aligned = rieszLogResponse(image, spec);
    const std::vector<double> norm = firstOrderNorm(image, spec);
    std::size_t below = 0;
    for (std::size_t v = 0; v < aligned.voxels.size(); ++v) {
        EXPECT_GE(aligned.voxels[v], 0.0f);
        EXPECT_LE(aligned.voxels[v], norm[v] * (1.0 + 1e-5) + 1e-6);
        below += aligned.voxels[v] < 0.999 * norm[v];
    }
    // The tensor window averages orientations: e1 is not the gradient everywhere.
    EXPECT_GT(below, aligned.voxels.size() / 10);
}

TEST(AlignedRiesz, RefusesWhatItCannotDefine) {
    const Volume image = randomVolume(8, 8, 11);
    RieszLogSpec spec;
    spec.order.l = {1, 1, 0};
    spec.alignment = StructureTensorAlignment{1.0};
    EXPECT_THROW(rieszLogResponse(image, spec), Error); // 3D: only (N, 0, 0)
    spec.rank = FilterRank::Slice2D;
    EXPECT_NO_THROW(rieszLogResponse(image, spec));
    spec.alignment = StructureTensorAlignment{0.0};
    EXPECT_THROW(rieszLogResponse(image, spec), Error);
    spec.alignment = StructureTensorAlignment{std::nan("")};
    EXPECT_THROW(rieszSimoncelliResponse(image, SimoncelliSpec{}, order(1, 0, 0), spec.alignment),
                 Error);
}

TEST(AlignedRiesz, FilterSpecNamesAndAppliesTheAlignment) {
    FilterSpec spec;
    RieszFilter riesz;
    riesz.order = order(1, 0, 0);
    riesz.base = LaplacianOfGaussianFilter{3.0, 4.0};
    riesz.alignment = StructureTensorAlignment{2.0};
    spec.filter = riesz;
    spec.boundary = Boundary::Zero;
    EXPECT_EQ(describe(spec), "riesz_l1-0-0_aligned_tensor_sigma2_log_sigma3_trunc4_3D_zero");
    const Volume image = randomVolume(10, 10, 12);
    RieszLogSpec direct;
    direct.sigmaMm = 3.0;
    direct.padding = FourierPadding::Zero;
    direct.alignment = riesz.alignment;
    EXPECT_EQ(maxAbsDifference(applyFilter(image, spec), rieszLogResponse(image, direct)), 0.0);
    riesz.order = order(0, 1, 0);
    spec.filter = riesz;
    try {
        applyFilter(image, spec);
        ADD_FAILURE() << "a 3D aligned order (0, 1, 0) was accepted";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("riesz_l0-1-0_aligned"), std::string::npos)
            << e.what();
    }
}

} // namespace
} // namespace rgw::filters
