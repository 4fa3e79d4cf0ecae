// Paint / erase brushes: voxel counts against brute-force counts in patient
// space, intensity restriction, gap-free strokes and per-dab cost.
#include "segmentation/Brush.h"
#include "segmentation/Islands.h"
#include "util/Error.h"

#include <Eigen/Geometry>
#include <chrono>
#include <cmath>
#include <gtest/gtest.h>
#include <iostream>
#include <random>

namespace {

using namespace rgw;
using namespace rgw::segmentation;

/// Anisotropic grid rotated 20 degrees about an oblique axis.
Geometry obliqueGrid() {
    Geometry g;
    g.size = {70, 60, 30};
    g.spacing = {0.7, 0.9, 2.0};
    g.origin = {-30.0, -20.0, -25.0};
    g.direction = Eigen::AngleAxisd(20.0 * M_PI / 180.0, Eigen::Vector3d(1, 2, 3).normalized())
                      .toRotationMatrix();
    return g;
}

/// Patient position of voxel (i, j, k), written out per axis.
Eigen::Vector3d centre(const Geometry& g, std::int64_t i, std::int64_t j, std::int64_t k) {
    return g.origin + g.direction.col(0) * (g.spacing[0] * static_cast<double>(i)) +
           g.direction.col(1) * (g.spacing[1] * static_cast<double>(j)) +
           g.direction.col(2) * (g.spacing[2] * static_cast<double>(k));
}

template <class Pred> std::size_t bruteCount(const Geometry& g, Pred&& inside) {
    std::size_t n = 0;
    for (std::int64_t k = 0; k < g.size[2]; ++k)
        for (std::int64_t j = 0; j < g.size[1]; ++j)
            for (std::int64_t i = 0; i < g.size[0]; ++i)
                n += inside(i, j, k, centre(g, i, j, k)) ? 1 : 0;
    return n;
}

std::size_t count(const Mask& m) {
    return static_cast<std::size_t>(std::count(m.voxels.begin(), m.voxels.end(), 1));
}

TEST(SegmentationBrush, SphereMatchesBruteForceOnObliqueAnisotropicGrid) {
    const Geometry g = obliqueGrid();
    const Eigen::Vector3d p = g.physicalPoint({33.3, 28.6, 14.2});
    for (double r : {0.5, 3.0, 7.5, 12.0}) {
        Mask m(g, 0);
        Brush brush;
        brush.radiusMm = r;
        paintSphere(m, p, brush);
        const std::size_t expected = bruteCount(
            g, [&](auto, auto, auto, const Eigen::Vector3d& x) { return (x - p).norm() <= r; });
        EXPECT_EQ(count(m), expected) << "radius " << r;
        std::cout << "sphere r=" << r << " mm: " << count(m) << " voxels\n";
    }
}

TEST(SegmentationBrush, AxisDiscPaintsOneSliceMatchingBruteForce) {
    const Geometry g = obliqueGrid();
    const Eigen::Vector3d p = g.physicalPoint({30.2, 25.7, 11.3});
    for (int axis = 0; axis < 3; ++axis) {
        Mask m(g, 0);
        Brush brush;
        brush.radiusMm = 8.0;
        paintDisc(m, p, voxelAxisPlane(g, axis), brush);
        const Eigen::Vector3d c = g.continuousIndex(p);
        const auto slice = std::llround(c[axis]);
        const Eigen::Vector3d n = g.direction.col(axis);
        const std::size_t expected =
            bruteCount(g, [&](auto i, auto j, auto k, const Eigen::Vector3d& x) {
                const std::int64_t idx[3] = {i, j, k};
                const Eigen::Vector3d v = x - p;
                return idx[axis] == slice && (v - n * n.dot(v)).norm() <= 8.0;
            });
        EXPECT_EQ(count(m), expected) << "axis " << axis;
        EXPECT_GT(expected, 50u);
    }
}

TEST(SegmentationBrush, ObliqueDiscMatchesBruteForce) {
    const Geometry g = obliqueGrid();
    const Eigen::Vector3d p = g.physicalPoint({35.1, 30.4, 15.6});
    const Eigen::Vector3d n = Eigen::Vector3d(0.3, -0.5, 0.8).normalized();
    double half = 0;
    for (int a = 0; a < 3; ++a)
        half = std::max(half, 0.5 * std::abs(n.dot(g.direction.col(a))) * g.spacing[a]);
    Mask m(g, 0);
    Brush brush;
    brush.radiusMm = 9.0;
    paintDisc(m, p, BrushPlane{n * 3.0}, brush); // the normal need not be unit
    const std::size_t expected = bruteCount(g, [&](auto, auto, auto, const Eigen::Vector3d& x) {
        const double d = n.dot(x - p);
        return d >= -half && d < half && (x - p - n * d).norm() <= 9.0;
    });
    EXPECT_EQ(count(m), expected);
    EXPECT_GT(expected, 100u);
}

TEST(SegmentationBrush, IntensityRangeLeavesOutOfRangeVoxels) {
    const Geometry g = obliqueGrid();
    Volume image(g, 0.0f);
    std::mt19937 rng(7);
    std::uniform_real_distribution<float> value(-200.f, 200.f);
    for (float& v : image.voxels)
        v = value(rng);
    Mask m(g, 0);
    // Pre-painted voxels outside the range must survive an erase too.
    for (std::size_t v = 0; v < m.voxels.size(); v += 3)
        m.voxels[v] = 1;
    const Mask original = m;
    const Eigen::Vector3d p = g.physicalPoint({35.0, 30.0, 15.0});
    Brush brush;
    brush.radiusMm = 10.0;
    brush.range = IntensityRange{-50.0, 80.0};
    brush.image = &image;
    paintSphere(m, p, brush);
    std::size_t changed = 0;
    for (std::int64_t k = 0; k < g.size[2]; ++k)
        for (std::int64_t j = 0; j < g.size[1]; ++j)
            for (std::int64_t i = 0; i < g.size[0]; ++i) {
                const float v = image.at(i, j, k);
                const bool in = (centre(g, i, j, k) - p).norm() <= 10.0 && v >= -50.f && v <= 80.f;
                ASSERT_EQ(m.at(i, j, k), in ? 1 : original.at(i, j, k));
                changed += m.at(i, j, k) != original.at(i, j, k);
            }
    EXPECT_GT(changed, 500u);
    brush.erase = true;
    paintSphere(m, p, brush);
    for (std::int64_t k = 0; k < g.size[2]; ++k)
        for (std::int64_t j = 0; j < g.size[1]; ++j)
            for (std::int64_t i = 0; i < g.size[0]; ++i) {
                const float v = image.at(i, j, k);
                const bool in = (centre(g, i, j, k) - p).norm() <= 10.0 && v >= -50.f && v <= 80.f;
                ASSERT_EQ(m.at(i, j, k), in ? 0 : original.at(i, j, k));
            }
    Brush noImage;
    noImage.range = IntensityRange{0, 1};
    EXPECT_THROW(paintSphere(m, p, noImage), Error);
}

TEST(SegmentationBrush, FastStrokeLeavesNoGap) {
    Geometry g;
    g.size = {200, 200, 5};
    g.spacing = {0.8, 0.8, 2.5};
    Mask m(g, 0);
    Brush brush;
    brush.radiusMm = 2.0;
    const Eigen::Vector3d a = g.physicalPoint({20.3, 30.1, 2.0});
    const Eigen::Vector3d b = g.physicalPoint({170.6, 150.2, 2.0}); // 150 mm in one mouse move
    paintStroke(m, a, b, voxelAxisPlane(g, 2), brush);
    const Eigen::Vector3d u = b - a;
    const std::size_t expected = bruteCount(g, [&](auto, auto, auto k, const Eigen::Vector3d& x) {
        const double t = std::clamp((x - a).dot(u) / u.squaredNorm(), 0.0, 1.0);
        return k == 2 && (x - a - t * u).norm() <= 2.0;
    });
    EXPECT_EQ(count(m), expected);
    EXPECT_EQ(islandSizes(m, Connectivity::Six).size(), 1u); // one connected band
}

TEST(SegmentationBrush, DabTouchesOnlyItsBoxOnAFullSizeMask) {
    Geometry g;
    g.size = {512, 512, 300};
    g.spacing = {0.8, 0.8, 2.5};
    Mask m(g, 0);
    Brush brush;
    brush.radiusMm = 10.0;
    const BrushPlane axial = voxelAxisPlane(g, 2);
    const int dabs = 2000;
    Eigen::Vector3d prev = g.physicalPoint({100.0, 100.0, 150.0});
    const auto t0 = std::chrono::steady_clock::now();
    for (int n = 0; n < dabs; ++n) {
        const Eigen::Vector3d next = prev + Eigen::Vector3d(0.15, 0.1, 0.0);
        const Box box = paintStroke(m, prev, next, axial, brush);
        ASSERT_LE(box.voxelCount(), 30u * 30u);
        prev = next;
    }
    const double us =
        std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count() /
        dabs;
    std::cout << "disc r=10 mm stroke segment on 512x512x300: " << us << " us\n";
    EXPECT_LT(us, 2000.0); // far below one 16 ms frame, even under sanitizers
    Box sphereBox = paintSphere(m, g.physicalPoint({300.0, 300.0, 150.0}), brush);
    EXPECT_EQ(sphereBox.extent(0), 25); // 2 * floor(10 / 0.8) + 1
    EXPECT_EQ(sphereBox.extent(2), 9);  // 2 * floor(10 / 2.5) + 1
}

} // namespace
