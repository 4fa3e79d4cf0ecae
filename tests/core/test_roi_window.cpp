// Preparing an ROI from a window of the image (issue #16 §6: read only what
// the processing reads): processing::voxelsRead names the voxels prepareRoi
// reads, and prepareRoi on a window holding them gives the very same ROI,
// bit for bit, as on the whole image — for every IBSI configuration, with
// cubic splines, with a filter margin and at the image's edges.
#include "IbsiPhantoms.h"
#include "TestData.h"
#include "filters/LaplacianOfGaussian.h"
#include "image/VoxelBox.h"
#include "radiomics/Settings.h"
#include "radiomics/processing/Pipeline.h"
#include "util/Error.h"

#include <cmath>
#include <cstdio>
#include <cstring>
#include <gtest/gtest.h>

namespace {

using namespace rgw;
using namespace rgw::radiomics;

VoxelBox unite(const VoxelBox& a, const VoxelBox& b) {
    VoxelBox u;
    for (std::size_t i = 0; i < 3; ++i) {
        u.lo[i] = std::min(a.lo[i], b.lo[i]);
        u.hi[i] = std::max(a.hi[i], b.hi[i]);
    }
    return u;
}

/// The window of the ROI: what the processing reads, and the ROI itself.
GridWindow windowOf(const Volume& image, const Mask& mask, const Settings& settings) {
    const VoxelBox roi = boundingBox(mask);
    return {image.geometry, unite(roi, processing::voxelsRead(image.geometry, roi, settings))};
}

void expectSameImage(const Volume& a, const Volume& b) {
    ASSERT_TRUE(a.geometry.sameGrid(b.geometry));
    ASSERT_EQ(a.voxels.size(), b.voxels.size());
    std::size_t differing = 0;
    for (std::size_t v = 0; v < a.voxels.size(); ++v)
        differing += std::memcmp(&a.voxels[v], &b.voxels[v], sizeof(float)) != 0 ? 1 : 0;
    EXPECT_EQ(differing, 0u) << "of " << a.voxels.size() << " voxels";
}

void expectSameRoi(const PreparedRoi& a, const PreparedRoi& b) {
    expectSameImage(a.image, b.image);
    EXPECT_TRUE(a.morphologicalMask.geometry.sameGrid(b.morphologicalMask.geometry));
    EXPECT_EQ(a.morphologicalMask.voxels, b.morphologicalMask.voxels);
    EXPECT_EQ(a.intensityMask.voxels, b.intensityMask.voxels);
    EXPECT_EQ(a.image.unit, b.image.unit);
}

/// prepareRoi on the window equals prepareRoi on the whole image, and the
/// window is smaller than the image by the expected amount.
void expectWindowPreparesTheSameRoi(const Volume& image, const Mask& mask,
                                    const Settings& settings) {
    const GridWindow window = windowOf(image, mask, settings);
    const PreparedRoi whole = processing::prepareRoi(image, mask, settings);
    const PreparedRoi part = processing::prepareRoi(cropImage(image, window.box),
                                                    cropImage(mask, window.box), settings, window);
    expectSameRoi(whole, part);
}

/// A 1 mm image whose value is a smooth non-separable function (so any
/// misplaced voxel shows), with a 4 × 5 × 3 box ROI at `lo`.
struct Synthetic {
    Volume image;
    Mask mask;
};
Synthetic synthetic(std::array<std::int64_t, 3> lo) {
    Geometry g;
    g.size = {30, 26, 20};
    g.spacing = Eigen::Vector3d(0.8, 0.9, 2.5);
    g.origin = Eigen::Vector3d(-12.0, 4.0, 30.0);
    Synthetic s{Volume(g, 0.0f), Mask(g, 0)};
    for (std::int64_t k = 0; k < g.size[2]; ++k)
        for (std::int64_t j = 0; j < g.size[1]; ++j)
            for (std::int64_t i = 0; i < g.size[0]; ++i)
                s.image.at(i, j, k) = static_cast<float>(
                    100.0 * std::sin(0.3 * static_cast<double>(i) + 0.17 * static_cast<double>(j)) +
                    7.0 * static_cast<double>(k * i % 11) - 3.0 * static_cast<double>(j));
    for (std::int64_t k = lo[2]; k < lo[2] + 3; ++k)
        for (std::int64_t j = lo[1]; j < lo[1] + 5; ++j)
            for (std::int64_t i = lo[0]; i < lo[0] + 4; ++i)
                s.mask.at(i, j, k) = 1;
    return s;
}

Settings cubicSplineSettings() {
    Settings s = ibsiConfig('C');
    s.interpolation.image = InterpolationMethod::CubicSpline;
    for (double& spacing : s.interpolation.spacing)
        spacing = 1.5;
    s.resegmentationRange.reset();
    return s;
}

Settings logFilterSettings() {
    Settings s = ibsiConfig('C');
    s.resegmentationRange.reset();
    filters::FilterSpec spec{filters::LaplacianOfGaussianFilter{2.5, 4.0}};
    s.filters.push_back(FilterEntry(spec));
    return s;
}

} // namespace

TEST(RoiWindow, EveryIbsiConfigurationOnTheCtPhantom) {
    RGW_REQUIRE_TEST_DATA();
    const auto& phantom = test::ctPhantomNifti();
    for (const char c : {'A', 'B', 'C', 'D', 'E'}) {
        SCOPED_TRACE(std::string("configuration ") + c);
        const Settings settings = ibsiConfig(c);
        expectWindowPreparesTheSameRoi(phantom.image, phantom.mask, settings);
        // What the window saves: a fraction of the phantom's voxels.
        const GridWindow window = windowOf(phantom.image, phantom.mask, settings);
        const auto voxels = [](const VoxelBox& b) {
            return b.extent(0) * b.extent(1) * b.extent(2);
        };
        const double fraction = static_cast<double>(voxels(window.box)) /
                                static_cast<double>(phantom.image.geometry.voxelCount());
        std::printf("configuration %c: window %lld x %lld x %lld voxels, %.1f %% of the image\n", c,
                    static_cast<long long>(window.box.extent(0)),
                    static_cast<long long>(window.box.extent(1)),
                    static_cast<long long>(window.box.extent(2)), 100.0 * fraction);
        // E's cubic spline reads 16 voxels of coefficient padding more.
        EXPECT_LT(fraction, c == 'E' ? 0.65 : 0.25);
    }
}

TEST(RoiWindow, CubicSplineAndFilterMarginOnTheCtPhantom) {
    RGW_REQUIRE_TEST_DATA();
    const auto& phantom = test::ctPhantomNifti();
    expectWindowPreparesTheSameRoi(phantom.image, phantom.mask, cubicSplineSettings());
    expectWindowPreparesTheSameRoi(phantom.image, phantom.mask, logFilterSettings());
}

TEST(RoiWindow, RoisAtTheImageEdgesAndInside) {
    for (const auto lo :
         {std::array<std::int64_t, 3>{0, 0, 0}, {26, 21, 17}, {0, 21, 8}, {12, 9, 8}}) {
        SCOPED_TRACE("ROI at " + std::to_string(lo[0]) + "," + std::to_string(lo[1]) + "," +
                     std::to_string(lo[2]));
        const Synthetic s = synthetic(lo);
        for (const char c : {'A', 'B', 'C', 'D', 'E'}) {
            SCOPED_TRACE(std::string("configuration ") + c);
            Settings settings = ibsiConfig(c);
            settings.resegmentationRange.reset(); // keep every voxel of the synthetic values
            settings.outlierFiltering = false;
            expectWindowPreparesTheSameRoi(s.image, s.mask, settings);
        }
        expectWindowPreparesTheSameRoi(s.image, s.mask, cubicSplineSettings());
        expectWindowPreparesTheSameRoi(s.image, s.mask, logFilterSettings());
    }
}

TEST(RoiWindow, AWindowMissingAVoxelReadIsRefused) {
    const Synthetic s = synthetic({12, 9, 8});
    Settings settings = ibsiConfig('C');
    settings.resegmentationRange.reset();
    const GridWindow window = windowOf(s.image, s.mask, settings);
    for (std::size_t a = 0; a < 3; ++a) {
        GridWindow shorter = window;
        if (shorter.box.hi[a] == s.image.geometry.size[a] - 1)
            ++shorter.box.lo[a]; // the window reaches the edge on this side: cut the other
        else
            --shorter.box.hi[a];
        try {
            (void)processing::prepareRoi(cropImage(s.image, shorter.box),
                                         cropImage(s.mask, shorter.box), settings, shorter);
            ADD_FAILURE() << "axis " << a << ": a window one voxel short was accepted";
        } catch (const Error& e) {
            EXPECT_NE(std::string(e.what()).find("voxelsRead"), std::string::npos) << e.what();
        }
    }
    // Voxels that are not the window they are said to be.
    EXPECT_THROW((void)processing::prepareRoi(
                     cropImage(s.image, window.box), cropImage(s.mask, window.box), settings,
                     GridWindow{s.image.geometry, wholeBox(s.image.geometry)}),
                 Error);
}
