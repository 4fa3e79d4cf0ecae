// Region growing, thresholds (PET included), mask resampling and ROI
// statistics on synthetic images with analytic answers.
#include "segmentation/RegionGrowing.h"
#include "segmentation/ResampleMask.h"
#include "segmentation/RoiStatistics.h"
#include "segmentation/Threshold.h"
#include "util/Error.h"

#include <Eigen/Geometry>
#include <chrono>
#include <cmath>
#include <gtest/gtest.h>
#include <iostream>
#include <numbers>
#include <random>

namespace {

using namespace rgw;
using namespace rgw::segmentation;

constexpr double kPi = std::numbers::pi;

std::size_t count(const Mask& m) {
    return static_cast<std::size_t>(std::count(m.voxels.begin(), m.voxels.end(), 1));
}

double voxelVolume(const Geometry& g) {
    return g.spacing[0] * g.spacing[1] * g.spacing[2];
}

/// Calls fn(i, j, k, patient position of the voxel centre) for every voxel.
template <class Fn> void forEachVoxel(const Geometry& g, Fn&& fn) {
    for (std::int64_t k = 0; k < g.size[2]; ++k)
        for (std::int64_t j = 0; j < g.size[1]; ++j)
            for (std::int64_t i = 0; i < g.size[0]; ++i)
                fn(i, j, k,
                   g.physicalPoint(Eigen::Vector3d(static_cast<double>(i), static_cast<double>(j),
                                                   static_cast<double>(k))));
}

TEST(SegmentationRegionGrowing, SphereVolumeWithinOneVoxelLayer) {
    Geometry g;
    g.size = {80, 80, 40};
    g.spacing = {0.9, 0.9, 2.0};
    g.origin = {-36.0, -36.0, -40.0};
    const double R = 15.0;
    const Eigen::Vector3d c(0.31, -0.27, 0.6), other(24.0, 24.0, 25.0);
    Volume image(g, 0.0f);
    forEachVoxel(g, [&](auto i, auto j, auto k, const Eigen::Vector3d& x) {
        if ((x - c).norm() <= R || (x - other).norm() <= 5.0) // a second, separate object
            image.at(i, j, k) = 100.0f;
    });
    const VoxelIndex seed = *nearestVoxel(g, c);
    const Mask grown = growRegion(image, seed, {50.0, 150.0});
    const double volume = static_cast<double>(count(grown)) * voxelVolume(g);
    const double analytic = 4.0 / 3.0 * kPi * R * R * R;
    const double layer = 4.0 * kPi * R * R * 0.9;
    std::cout << "region growing: " << volume << " mm3, analytic " << analytic << " (layer "
              << layer << ")\n";
    EXPECT_NEAR(volume, analytic, layer);
    EXPECT_EQ(grown.at(seed[0], seed[1], seed[2]), 1);
    const VoxelIndex o = *nearestVoxel(g, other);
    EXPECT_EQ(grown.at(o[0], o[1], o[2]), 0); // not connected
    // A seed out of range grows nothing; a seed outside the image is an error.
    EXPECT_EQ(count(growRegion(image, {0, 0, 0}, {50.0, 150.0})), 0u);
    EXPECT_THROW(growRegion(image, {80, 0, 0}, {50.0, 150.0}), Error);
}

TEST(SegmentationRegionGrowing, ProposedRangeOnNoisySphere) {
    Geometry g;
    g.size = {48, 48, 48};
    const double R = 15.0;
    const Eigen::Vector3d c(23.5, 23.5, 23.5);
    Volume image(g, 0.0f);
    std::mt19937 rng(11);
    std::normal_distribution<float> noise(0.0f, 10.0f);
    forEachVoxel(g, [&](auto i, auto j, auto k, const Eigen::Vector3d& x) {
        image.at(i, j, k) = ((x - c).norm() <= R ? 100.0f : 0.0f) + noise(rng);
    });
    const VoxelIndex seed{23, 23, 23};
    const IntensityRange r = proposeRange(image, seed, 5.0, 3.0);
    EXPECT_NEAR(r.lo, 70.0, 4.0); // mean 100 - 3 SD 10
    EXPECT_NEAR(r.hi, 130.0, 4.0);
    const Mask grown = growRegion(image, seed, r, Connectivity::Six);
    const double volume = static_cast<double>(count(grown));
    const double analytic = 4.0 / 3.0 * kPi * R * R * R;
    std::cout << "noisy sphere, proposed range [" << r.lo << ", " << r.hi << "]: " << volume
              << " mm3, analytic " << analytic << "\n";
    EXPECT_NEAR(volume, analytic, 4.0 * kPi * R * R * 1.0);
}

TEST(SegmentationRegionGrowing, LargeRegionIsALinearPass) {
    Geometry g;
    g.size = {160, 160, 120};
    Volume image(g, 10.0f);
    image.at(5, 5, 5) = 1000.0f; // one voxel out of range
    const auto t0 = std::chrono::steady_clock::now();
    const Mask grown = growRegion(image, {128, 128, 75}, {0.0, 100.0}, Connectivity::TwentySix);
    const double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    std::cout << "region growing over " << g.voxelCount() << " voxels (26-connected): " << ms
              << " ms\n";
    EXPECT_EQ(count(grown), g.voxelCount() - 1);
}

TEST(SegmentationThreshold, RangeAndRegion) {
    Geometry g;
    g.size = {5, 1, 1};
    Volume image(g, 0.0f);
    image.voxels = {-1.0f, 0.0f, 0.5f, 1.0f, 2.0f};
    EXPECT_EQ(threshold(image, {0.0, 1.0}).voxels, (std::vector<std::uint8_t>{0, 1, 1, 1, 0}));
    Mask region(g, 0);
    region.voxels = {1, 1, 0, 1, 1};
    EXPECT_EQ(threshold(image, {0.0, 1.0}, &region).voxels,
              (std::vector<std::uint8_t>{0, 1, 0, 1, 0}));
}

/// PET with Gaussian lesions: SUV = 1 + sum A exp(-rho^2 / (2 sigma^2)).
struct Lesion {
    Eigen::Vector3d centre;
    double amplitude, sigma;
};

Volume gaussianPet(const Geometry& g, const std::vector<Lesion>& lesions) {
    Volume pet(g, 1.0f);
    pet.unit = IntensityUnit::SuvBodyWeight;
    forEachVoxel(g, [&](auto i, auto j, auto k, const Eigen::Vector3d& x) {
        double v = 1.0;
        for (const Lesion& l : lesions)
            v += l.amplitude * std::exp(-(x - l.centre).squaredNorm() / (2 * l.sigma * l.sigma));
        pet.at(i, j, k) = static_cast<float>(v);
    });
    return pet;
}

Geometry petGrid() {
    Geometry g;
    g.size = {64, 64, 48};
    g.spacing = {1.5, 1.5, 2.0};
    g.origin = {-48.0, -48.0, -48.0};
    return g;
}

TEST(SegmentationPetThreshold, FortyOnePercentOfGaussianLesionIsAnalyticSphere) {
    const Geometry g = petGrid();
    const Lesion l{g.physicalPoint({30.0, 32.0, 24.0}), 9.0, 10.0}; // peak on a voxel: SUVmax 10
    const Volume pet = gaussianPet(g, {l});
    const Mask region(g, 1);
    PetThreshold criterion; // 41 % of SUVmax
    EXPECT_NEAR(*petThresholdValue(pet, region, criterion), 4.1, 1e-5);
    const Mask m = petThreshold(pet, region, criterion);
    // SUV >= 4.1 where rho <= sigma sqrt(2 ln(A / (4.1 - 1))).
    const double rho = l.sigma * std::sqrt(2.0 * std::log(9.0 / 3.1));
    std::size_t inside = 0;
    forEachVoxel(g, [&](auto, auto, auto, const Eigen::Vector3d& x) {
        inside += (x - l.centre).norm() <= rho;
    });
    EXPECT_EQ(count(m), inside);
    const double volume = static_cast<double>(count(m)) * voxelVolume(g);
    const double analytic = 4.0 / 3.0 * kPi * rho * rho * rho;
    std::cout << "41 % threshold radius " << rho << " mm: " << volume << " mm3, analytic "
              << analytic << "\n";
    EXPECT_NEAR(volume, analytic, 4 * kPi * rho * rho * 1.5);

    // Absolute SUV 2.5.
    PetThreshold absolute;
    absolute.mode = PetThreshold::Mode::AbsoluteSuv;
    absolute.value = 2.5;
    const double rhoAbs = l.sigma * std::sqrt(2.0 * std::log(9.0 / 1.5));
    std::size_t insideAbs = 0;
    forEachVoxel(g, [&](auto, auto, auto, const Eigen::Vector3d& x) {
        insideAbs += (x - l.centre).norm() <= rhoAbs;
    });
    EXPECT_EQ(count(petThreshold(pet, region, absolute)), insideAbs);

    // A box region around the lesion gives the same as the whole-image mask.
    const Box box{{10, 10, 5}, {50, 54, 44}};
    EXPECT_EQ(petThreshold(pet, box, criterion).voxels, m.voxels);
    criterion.value = 0.0;
    EXPECT_THROW(petThreshold(pet, region, criterion), Error);
}

TEST(SegmentationPetThreshold, ConnectedToMaxDropsOtherHotSpots) {
    const Geometry g = petGrid();
    const Lesion main{g.physicalPoint({20.0, 20.0, 20.0}), 9.0, 6.0};
    const Lesion second{g.physicalPoint({48.0, 48.0, 30.0}), 6.0, 4.0};
    const Volume pet = gaussianPet(g, {main, second});
    const Mask region(g, 1);
    PetThreshold criterion;
    const Mask all = petThreshold(pet, region, criterion);
    criterion.connectedToMax = true;
    const Mask connected = petThreshold(pet, region, criterion);
    EXPECT_EQ(all.at(48, 48, 30), 1);
    EXPECT_EQ(connected.at(48, 48, 30), 0);
    EXPECT_EQ(connected.at(20, 20, 20), 1);
    std::size_t nearMain = 0;
    forEachVoxel(g, [&](auto i, auto j, auto k, const Eigen::Vector3d& x) {
        nearMain += all.at(i, j, k) && (x - main.centre).norm() < 25.0;
    });
    EXPECT_EQ(count(connected), nearMain);
    EXPECT_LT(count(connected), count(all));
}

TEST(SegmentationResample, SphereOntoObliqueCoarserGrid) {
    Geometry src;
    src.size = {48, 48, 48};
    src.origin = {-24.0, -24.0, -24.0};
    const double R = 10.0;
    const Eigen::Vector3d c(0.3, -0.2, 0.5);
    Mask sphere(src, 0);
    forEachVoxel(src, [&](auto i, auto j, auto k, const Eigen::Vector3d& x) {
        sphere.at(i, j, k) = (x - c).norm() <= R;
    });
    Geometry dst;
    dst.size = {24, 24, 24};
    dst.spacing = {2.0, 2.0, 2.0};
    dst.direction = Eigen::AngleAxisd(30.0 * kPi / 180.0, Eigen::Vector3d(1, 1, 0).normalized())
                        .toRotationMatrix();
    dst.origin = c - dst.direction * Eigen::Vector3d(23.3, 22.1, 22.9);
    const Mask out = resampleMask(sphere, dst);
    const double vSrc = static_cast<double>(count(sphere)) * voxelVolume(src);
    const double vDst = static_cast<double>(count(out)) * voxelVolume(dst);
    auto centroid = [](const Mask& m) {
        Eigen::Vector3d sum = Eigen::Vector3d::Zero();
        std::size_t n = 0;
        forEachVoxel(m.geometry, [&](auto i, auto j, auto k, const Eigen::Vector3d& x) {
            if (m.at(i, j, k)) {
                sum += x;
                ++n;
            }
        });
        return Eigen::Vector3d(sum / static_cast<double>(n));
    };
    const double shift = (centroid(out) - centroid(sphere)).norm();
    std::cout << "resampled sphere: " << vSrc << " -> " << vDst << " mm3, centroid shift " << shift
              << " mm\n";
    EXPECT_NEAR(vDst, vSrc, 4 * kPi * R * R * 2.0);
    EXPECT_LT(shift, 1.0);
    // Onto its own grid the mask is unchanged.
    EXPECT_EQ(resampleMask(sphere, src).voxels, sphere.voxels);
}

TEST(SegmentationRoiStatistics, VoxelCentroidIsThePatientSpaceMeanOfTheVoxelCentres) {
    // An off-centre box on an oblique, anisotropic grid: the centroid of its
    // voxel centres is the patient-space point of the box's middle index.
    Geometry g;
    g.size = {30, 26, 12};
    g.spacing = {0.7, 0.9, 2.5};
    g.direction = Eigen::AngleAxisd(25.0 * kPi / 180.0, Eigen::Vector3d(1, 2, 3).normalized())
                      .toRotationMatrix();
    g.origin = {-40.0, 12.5, 300.0};
    Mask m(g, 0);
    EXPECT_FALSE(voxelCentroid(m).has_value());
    for (std::int64_t k = 3; k <= 8; ++k)
        for (std::int64_t j = 5; j <= 20; ++j)
            for (std::int64_t i = 2; i <= 11; ++i)
                m.at(i, j, k) = 1;
    const auto c = voxelCentroid(m);
    ASSERT_TRUE(c.has_value());
    const Eigen::Vector3d expected = g.physicalPoint(Eigen::Vector3d(6.5, 12.5, 5.5));
    EXPECT_NEAR((*c - expected).norm(), 0.0, 1e-9);
}

TEST(SegmentationRoiStatistics, UniformPetSphere) {
    Geometry g;
    g.size = {40, 40, 30};
    g.spacing = {2.0, 2.0, 3.0};
    const Eigen::Vector3d c = g.physicalPoint({19.5, 20.0, 14.5});
    Volume pet(g, 1.0f);
    pet.unit = IntensityUnit::SuvBodyWeight;
    Mask m(g, 0);
    forEachVoxel(g, [&](auto i, auto j, auto k, const Eigen::Vector3d& x) {
        if ((x - c).norm() <= 15.0) {
            pet.at(i, j, k) = 4.0f;
            m.at(i, j, k) = 1;
        }
    });
    const RoiStatistics s = computeRoiStatistics(pet, m);
    const double volumeMl = static_cast<double>(count(m)) * 12.0 / 1000.0;
    EXPECT_EQ(s.voxelCount, count(m));
    EXPECT_DOUBLE_EQ(s.volumeMl, volumeMl);
    EXPECT_DOUBLE_EQ(s.mean, 4.0);
    EXPECT_DOUBLE_EQ(s.sd, 0.0);
    EXPECT_DOUBLE_EQ(s.min, 4.0);
    EXPECT_DOUBLE_EQ(*s.suvMax, 4.0);
    EXPECT_DOUBLE_EQ(*s.suvMean, 4.0);
    EXPECT_DOUBLE_EQ(*s.suvPeak, 4.0); // the 6.2 mm sphere fits in the 15 mm lesion
    EXPECT_NEAR(*s.tlg, 4.0 * volumeMl, 1e-12);
    std::cout << "PET sphere: " << s.voxelCount << " voxels, " << s.volumeMl << " ml, TLG "
              << *s.tlg << "\n";
    Volume ct = pet;
    ct.unit = IntensityUnit::HounsfieldUnit;
    EXPECT_FALSE(computeRoiStatistics(ct, m).suvMax.has_value());
    EXPECT_EQ(computeRoiStatistics(pet, Mask(g, 0)).voxelCount, 0u);
}

TEST(SegmentationRoiStatistics, PeakIsMeanOfOneCubicCentimetreSphereAroundMax) {
    Geometry g;
    g.size = {30, 30, 20};
    g.spacing = {1.2, 1.2, 2.5};
    Volume pet(g, 1.0f);
    pet.unit = IntensityUnit::SuvBodyWeight;
    std::mt19937 rng(3);
    std::uniform_real_distribution<float> u(1.0f, 5.0f);
    Mask m(g, 0);
    const VoxelIndex hot{14, 16, 9};
    for (std::int64_t k = 6; k < 13; ++k)
        for (std::int64_t j = 12; j < 21; ++j)
            for (std::int64_t i = 10; i < 19; ++i) {
                pet.at(i, j, k) = u(rng);
                m.at(i, j, k) = j < 19; // the sphere reaches beyond the ROI
            }
    pet.at(hot[0], hot[1], hot[2]) = 9.0f;
    const double r = 10.0 * std::cbrt(3.0 / (4.0 * kPi)); // 6.2035 mm
    double sum = 0;
    std::size_t n = 0;
    forEachVoxel(g, [&](auto i, auto j, auto k, auto) {
        const double d = std::hypot((i - hot[0]) * 1.2, (j - hot[1]) * 1.2, (k - hot[2]) * 2.5);
        if (d <= r) {
            sum += pet.at(i, j, k);
            ++n;
        }
    });
    const RoiStatistics s = computeRoiStatistics(pet, m);
    EXPECT_NEAR(s.peak, sum / static_cast<double>(n), 1e-9);
    EXPECT_DOUBLE_EQ(s.max, 9.0);
    EXPECT_THROW(computeRoiStatistics(pet, Mask(petGrid(), 0)), Error);
}

} // namespace
