// The MIRP-style perturbations (core/radiomics/robustness) on synthetic
// images whose answer is known by construction.
#include "radiomics/robustness/NoiseAddition.h"
#include "radiomics/robustness/PerturbationPlan.h"
#include "radiomics/robustness/RigidMotion.h"
#include "radiomics/robustness/Supervoxels.h"
#include "radiomics/robustness/VolumeAdaptation.h"
#include "util/Error.h"

#include <cmath>
#include <gtest/gtest.h>
#include <numeric>
#include <random>

using namespace rgw;
using namespace rgw::radiomics::robustness;

namespace {

Geometry grid(std::int64_t nx, std::int64_t ny, std::int64_t nz, double sx = 1.0, double sz = 1.0) {
    Geometry g;
    g.size = {nx, ny, nz};
    g.spacing = Eigen::Vector3d(sx, sx, sz);
    return g;
}

/// A smooth, non-symmetric image: every voxel value distinct.
Volume ramp(const Geometry& g) {
    Volume v(g);
    for (std::int64_t k = 0; k < g.size[2]; ++k)
        for (std::int64_t j = 0; j < g.size[1]; ++j)
            for (std::int64_t i = 0; i < g.size[0]; ++i)
                v.at(i, j, k) = static_cast<float>(3.0 * i + 0.5 * j * j + 7.0 * k + 0.01 * i * j);
    return v;
}

/// A ball of radius r (voxels) about the grid centre.
Mask ball(const Geometry& g, double r) {
    Mask m(g);
    const double cx = 0.5 * static_cast<double>(g.size[0] - 1);
    const double cy = 0.5 * static_cast<double>(g.size[1] - 1);
    const double cz = 0.5 * static_cast<double>(g.size[2] - 1);
    for (std::int64_t k = 0; k < g.size[2]; ++k)
        for (std::int64_t j = 0; j < g.size[1]; ++j)
            for (std::int64_t i = 0; i < g.size[0]; ++i)
                m.at(i, j, k) = std::hypot(i - cx, j - cy, k - cz) <= r ? 1 : 0;
    return m;
}

std::int64_t count(const Mask& m) {
    return std::accumulate(m.voxels.begin(), m.voxels.end(), std::int64_t{0});
}

Eigen::Vector3d centreOf(const Geometry& g) {
    return Eigen::Vector3d(0.5 * static_cast<double>(g.size[0] - 1),
                           0.5 * static_cast<double>(g.size[1] - 1),
                           0.5 * static_cast<double>(g.size[2] - 1));
}

} // namespace

TEST(RobustnessRotation, ByZeroIsTheIdentity) {
    const Volume image = ramp(grid(9, 9, 4, 0.8, 2.0));
    RigidMotion none;
    none.centre = centreOf(image.geometry);
    EXPECT_EQ(moveImage(image, none).voxels, image.voxels);
    const Mask mask = ball(image.geometry, 3.0);
    EXPECT_EQ(moveMask(mask, none).voxels, mask.voxels);
}

TEST(RobustnessRotation, FourQuarterTurnsAreTheIdentityAndOneIsAPermutation) {
    for (const std::int64_t n : {8, 9}) { // centre on a voxel corner and on a voxel centre
        const Volume image = ramp(grid(n, n, 3, 0.7, 2.5));
        RigidMotion quarter;
        quarter.angleDegrees = 90.0;
        quarter.centre = centreOf(image.geometry);
        Volume turned = moveImage(image, quarter);
        // One quarter turn moves every value to another voxel, exactly.
        std::vector<float> a = image.voxels, b = turned.voxels;
        std::sort(a.begin(), a.end());
        std::sort(b.begin(), b.end());
        EXPECT_EQ(a, b) << n;
        EXPECT_NE(turned.voxels, image.voxels) << n;
        for (int t = 1; t < 4; ++t)
            turned = moveImage(turned, quarter);
        EXPECT_EQ(turned.voxels, image.voxels) << n;
        const Mask mask = ball(image.geometry, 2.5);
        Mask m = mask;
        for (int t = 0; t < 4; ++t)
            m = moveMask(m, quarter);
        EXPECT_EQ(m.voxels, mask.voxels) << n;
    }
}

TEST(RobustnessTranslation, SubVoxelShiftsKeepTheMeanOfAConstantImage) {
    const Geometry g = grid(12, 10, 6, 0.9, 3.0);
    const Volume constant(g, 42.5f);
    for (const double fx : {0.0, 1.0 / 3.0, 2.0 / 3.0})
        for (const double fz : {0.0, 1.0 / 3.0, 2.0 / 3.0}) {
            RigidMotion shift;
            shift.shiftVoxels = Eigen::Vector3d(fx, 2.0 / 3.0 - fx, fz);
            shift.centre = centreOf(g);
            shift.angleDegrees = fx * 30.0;
            const Volume moved = moveImage(constant, shift);
            const double mean = std::accumulate(moved.voxels.begin(), moved.voxels.end(), 0.0) /
                                static_cast<double>(moved.voxels.size());
            EXPECT_NEAR(mean, 42.5, 1e-5) << fx << " " << fz;
        }
}

TEST(RobustnessTranslation, AWholeVoxelShiftMovesTheImageByOneVoxel) {
    const Volume image = ramp(grid(7, 6, 5));
    RigidMotion shift;
    shift.shiftVoxels = Eigen::Vector3d(1.0, 0.0, 0.0);
    const Volume moved = moveImage(image, shift);
    for (std::int64_t k = 0; k < 5; ++k)
        for (std::int64_t j = 0; j < 6; ++j)
            for (std::int64_t i = 0; i + 1 < 7; ++i)
                EXPECT_EQ(moved.at(i, j, k), image.at(i + 1, j, k));
}

TEST(RobustnessVolumeAdaptation, ChangesTheVolumeByTheFractionWithinOneLayer) {
    const Geometry g = grid(31, 31, 21);
    const Mask roi = ball(g, 7.0);
    const std::int64_t v = count(roi);
    for (const double f : {-0.3, -0.2, -0.1, 0.1, 0.2, 0.35}) {
        std::mt19937_64 rng(7);
        const Mask adapted = adaptVolume(roi, f, rng);
        const double wanted = static_cast<double>(v) * (1.0 + f);
        EXPECT_LE(std::abs(static_cast<double>(count(adapted)) - wanted), 0.5) << f;
        // Growth only adds outside voxels, shrinkage only removes inside ones.
        for (std::size_t i = 0; i < roi.voxels.size(); ++i)
            if (f > 0) {
                EXPECT_GE(adapted.voxels[i], roi.voxels[i]);
            } else {
                EXPECT_LE(adapted.voxels[i], roi.voxels[i]);
            }
        // Within one voxel layer of the ball of the requested volume: the
        // changed voxels lie between the radii r ± 1.75 (the layers are
        // 26-connected shells, √3 thick at most) of the ideal sphere.
        const double r = 7.0 * std::cbrt(1.0 + f);
        for (std::int64_t k = 0; k < 21; ++k)
            for (std::int64_t j = 0; j < 31; ++j)
                for (std::int64_t i = 0; i < 31; ++i)
                    if (adapted.at(i, j, k) != roi.at(i, j, k)) {
                        const double d = std::hypot(i - 15.0, j - 15.0, k - 10.0);
                        EXPECT_LE(std::abs(d - r), 1.75) << f;
                    }
    }
}

TEST(RobustnessVolumeAdaptation, BadFractionsAreErrors) {
    const Mask roi = ball(grid(9, 9, 9), 2.0);
    std::mt19937_64 rng(1);
    EXPECT_THROW(adaptVolume(roi, -1.0, rng), Error);
    EXPECT_THROW(adaptVolume(roi, std::nan(""), rng), Error);
    EXPECT_THROW(adaptVolume(Mask(roi.geometry), 0.1, rng), Error);
}

TEST(RobustnessNoise, TheEstimateRecoversAKnownSigmaWithinTenPercent) {
    const Geometry g = grid(96, 96, 8, 0.8, 2.0);
    for (const double sigma : {2.0, 15.0}) {
        Volume image(g);
        for (std::int64_t k = 0; k < 8; ++k)
            for (std::int64_t j = 0; j < 96; ++j)
                for (std::int64_t i = 0; i < 96; ++i)
                    image.at(i, j, k) = static_cast<float>(
                        100.0 + 40.0 * std::sin(i / 9.0) * std::cos(j / 13.0) + 5.0 * k);
        std::mt19937_64 rng(2019);
        addGaussianNoise(image, sigma, rng);
        const double estimate = estimateNoiseSigma(image);
        EXPECT_NEAR(estimate / sigma, 1.0, 0.10) << "sigma " << sigma << " estimate " << estimate;
    }
}

TEST(RobustnessSupervoxels, CoverTheImageExactlyOnce) {
    const Geometry g = grid(23, 19, 11, 0.9, 1.5);
    Volume image = ramp(g);
    std::mt19937_64 rng(5);
    addGaussianNoise(image, 3.0, rng);
    const Supervoxels s = slicSupervoxels(image, 4.0);
    ASSERT_EQ(s.label.size(), g.voxelCount());
    ASSERT_GT(s.count, 10);
    std::vector<std::int64_t> members(static_cast<std::size_t>(s.count), 0);
    for (const int l : s.label) {
        ASSERT_GE(l, 0);
        ASSERT_LT(l, s.count);
        ++members[static_cast<std::size_t>(l)];
    }
    for (const auto m : members)
        EXPECT_GT(m, 0);
    EXPECT_EQ(std::accumulate(members.begin(), members.end(), std::int64_t{0}),
              static_cast<std::int64_t>(g.voxelCount()));
}

TEST(RobustnessSupervoxels, TheRandomisedContourIsAUnionOfOverlappingSupervoxels) {
    const Geometry g = grid(25, 25, 13);
    const Volume image = ramp(g);
    const Mask roi = ball(g, 6.0);
    const Supervoxels s = slicSupervoxels(image, 4.0);
    std::vector<int> overlapping(static_cast<std::size_t>(s.count), 0);
    for (std::size_t v = 0; v < roi.voxels.size(); ++v)
        overlapping[static_cast<std::size_t>(s.label[v])] |= roi.voxels[v];
    std::mt19937_64 rng(11);
    const Mask randomised = randomiseContour(roi, s, rng);
    EXPECT_GT(count(randomised), 0);
    std::vector<int> state(static_cast<std::size_t>(s.count), -1);
    for (std::size_t v = 0; v < roi.voxels.size(); ++v) {
        const auto l = static_cast<std::size_t>(s.label[v]);
        if (!overlapping[l]) {
            EXPECT_EQ(randomised.voxels[v], 0);
        }
        if (state[l] < 0)
            state[l] = randomised.voxels[v];
        EXPECT_EQ(state[l], randomised.voxels[v]) << "a supervoxel is split";
    }
}

TEST(RobustnessPlan, InstancesDependOnlyOnSeedCaseAndInstance) {
    const Geometry g = grid(30, 30, 12, 0.8, 2.0);
    Volume image = ramp(g);
    std::mt19937_64 rng(3);
    addGaussianNoise(image, 4.0, rng);
    const Mask roi = ball(g, 5.0);
    PerturbationSpec spec;
    spec.perturbations = parsePerturbations("contour, noise,rotation,translation,volume");
    spec.seed = 99;
    spec.repeats = 3;
    EXPECT_EQ(perturbationSetName(spec.perturbations), "noise,rotation,translation,volume,contour");
    const PerturbationCase prepared = preparePerturbationCase(image, roi, spec);
    const PerturbedInstance a = perturbInstance(prepared, spec, 1, 2);
    const PerturbedInstance b = perturbInstance(prepared, spec, 1, 2);
    EXPECT_EQ(a.image.voxels, b.image.voxels);
    EXPECT_EQ(a.mask.voxels, b.mask.voxels);
    const PerturbedInstance other = perturbInstance(prepared, spec, 1, 1);
    EXPECT_NE(a.image.voxels, other.image.voxels);
    EXPECT_THROW(parsePerturbations("noise,blur"), Error);
    EXPECT_THROW(parsePerturbations("noise,noise"), Error);
    EXPECT_THROW(parsePerturbations(""), Error);
}
