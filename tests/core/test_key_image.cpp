// The key image of the patient report (report/KeyImage.h): the slice with the
// largest ROI area (ties to the lowest slice), its pixels, contours that are
// exactly the slice mask's boundary, the window of the series' viewer preset
// and ROI statistics equal to a direct computation.
#include "image/WindowLevel.h"
#include "io/roi/PolygonFill.h"
#include "report/KeyImage.h"
#include "util/Error.h"

#include <cmath>
#include <cstdint>
#include <gtest/gtest.h>
#include <vector>

using namespace rgw;

namespace {

constexpr int kColumns = 12, kRows = 10, kSlices = 6;

Geometry grid() {
    Geometry g;
    g.size = {kColumns, kRows, kSlices};
    g.spacing = Eigen::Vector3d(0.8, 0.9, 2.5);
    g.origin = Eigen::Vector3d(-5.0, 10.0, -120.0);
    return g;
}

/// Intensities that differ everywhere: 7 i - 3 j + 11 k - 40 (HU).
Volume ctVolume() {
    Volume v(grid());
    v.unit = IntensityUnit::HounsfieldUnit;
    for (int k = 0; k < kSlices; ++k)
        for (int j = 0; j < kRows; ++j)
            for (int i = 0; i < kColumns; ++i)
                v.at(i, j, k) = static_cast<float>(7 * i - 3 * j + 11 * k - 40);
    return v;
}

void fillBox(Mask& m, int k, int i0, int i1, int j0, int j1) {
    for (int j = j0; j <= j1; ++j)
        for (int i = i0; i <= i1; ++i)
            m.at(i, j, k) = 1;
}

/// Slice 1: 6 voxels; slices 3 and 4: 14 voxels each (the tie; slice 3 a
/// ring with a hole plus a diagonally touching pixel, slice 4 a plain box);
/// slice 5: 2 voxels.
Mask tieMask() {
    Mask m(grid(), 0);
    fillBox(m, 1, 2, 4, 2, 3); // 6
    fillBox(m, 3, 2, 5, 2, 5); // 16, less a hole of 3: 13, …
    m.at(3, 3, 3) = 0;
    m.at(4, 3, 3) = 0;
    m.at(4, 4, 3) = 0;
    m.at(6, 6, 3) = 1;         // … and a pixel touching (5, 5) at a corner only: 14
    fillBox(m, 4, 1, 7, 6, 7); // 14
    m.at(9, 9, 5) = 1;
    m.at(0, 0, 5) = 1;
    return m;
}

std::size_t sliceCount(const Mask& m, int k) {
    std::size_t n = 0;
    for (int j = 0; j < kRows; ++j)
        for (int i = 0; i < kColumns; ++i)
            n += m.at(i, j, k) != 0;
    return n;
}

} // namespace

TEST(KeyImage, LargestSliceAndTieToTheLowestSlice) {
    Mask m = tieMask();
    ASSERT_EQ(sliceCount(m, 3), 14u);
    ASSERT_EQ(sliceCount(m, 4), 14u);
    EXPECT_EQ(report::largestRoiSlice(m), std::optional<std::int64_t>(3));
    m.at(0, 0, 4) = 1; // slice 4 now larger
    EXPECT_EQ(report::largestRoiSlice(m), std::optional<std::int64_t>(4));
    EXPECT_FALSE(report::largestRoiSlice(Mask(grid(), 0)).has_value());
}

TEST(KeyImage, PixelsAreTheSliceRowMajor) {
    const Volume v = ctVolume();
    const Mask m = tieMask();
    const report::KeyImage image = report::keyImage(v, m, "CT");
    ASSERT_EQ(image.columns, kColumns);
    ASSERT_EQ(image.rows, kRows);
    ASSERT_EQ(image.pixels.size(), static_cast<std::size_t>(kColumns * kRows));
    for (int r = 0; r < kRows; ++r)
        for (int c = 0; c < kColumns; ++c)
            EXPECT_EQ(image.pixels[static_cast<std::size_t>(r * kColumns + c)], v.at(c, r, 3));
    EXPECT_DOUBLE_EQ(image.pixelSpacingX, 0.8);
    EXPECT_DOUBLE_EQ(image.pixelSpacingY, 0.9);
    // Slice 3 of 0..5 is the 4th of 6, at z = -120 + 3 x 2.5.
    EXPECT_EQ(image.orientationText, "axial slice 4 of 6, z = -112.5 mm");
}

TEST(KeyImage, ContoursAreTheSliceMaskBoundary) {
    const Mask m = tieMask();
    const report::KeyImage image = report::keyImage(ctVolume(), m, "CT");
    // Ring outer boundary, hole, and the diagonal pixel apart: three polygons.
    EXPECT_EQ(image.contours.size(), 3u);
    const auto inside = [&](double x, double y) {
        const long i = std::lround(x), j = std::lround(y);
        return i >= 0 && j >= 0 && i < kColumns && j < kRows && m.at(i, j, 3) != 0;
    };
    std::vector<roi::Polygon> polygons;
    for (const auto& contour : image.contours) {
        ASSERT_GE(contour.size(), 4u);
        roi::Polygon& polygon = polygons.emplace_back();
        for (const auto& [x, y] : contour) {
            // A pixel corner: half-integer coordinates …
            EXPECT_DOUBLE_EQ(x - std::floor(x), 0.5);
            EXPECT_DOUBLE_EQ(y - std::floor(y), 0.5);
            // … where inside and outside pixels meet.
            const int around = inside(x - 0.5, y - 0.5) + inside(x + 0.5, y - 0.5) +
                               inside(x - 0.5, y + 0.5) + inside(x + 0.5, y + 0.5);
            EXPECT_GT(around, 0) << x << ", " << y;
            EXPECT_LT(around, 4) << x << ", " << y;
            polygon.push_back({x, y});
        }
    }
    std::vector<std::uint8_t> raster(static_cast<std::size_t>(kColumns * kRows), 0);
    roi::fillEvenOdd(polygons, kColumns, kRows, raster.data());
    std::size_t filled = 0;
    for (int r = 0; r < kRows; ++r)
        for (int c = 0; c < kColumns; ++c) {
            const std::uint8_t value = raster[static_cast<std::size_t>(r * kColumns + c)];
            filled += value;
            EXPECT_EQ(value, m.at(c, r, 3)) << c << ", " << r;
        }
    EXPECT_EQ(filled, sliceCount(m, 3));
}

TEST(KeyImage, CroppedToTheRoiBoxPlusTheMargin) {
    const Volume v = ctVolume();
    const Mask m = tieMask();
    // Slice 3's ROI spans columns 2..6 and rows 2..6; 1 mm is 2 columns
    // (0.8 mm) and 2 rows (0.9 mm): columns 0..8, rows 0..8.
    report::KeyImageOptions options;
    options.cropMarginMm = 1.0;
    const report::KeyImage image = report::keyImage(v, m, "CT", options);
    ASSERT_EQ(image.columns, 9);
    ASSERT_EQ(image.rows, 9);
    for (int r = 0; r < image.rows; ++r)
        for (int c = 0; c < image.columns; ++c)
            EXPECT_EQ(image.pixels[static_cast<std::size_t>(r * image.columns + c)], v.at(c, r, 3));
    EXPECT_EQ(image.orientationText, "axial slice 4 of 6, z = -112.5 mm, columns 1-9, rows 1-9 of "
                                     "12 x 10");
    // A margin of 0: exactly the box, contours shifted with it.
    options.cropMarginMm = 0.0;
    const report::KeyImage tight = report::keyImage(v, m, "CT", options);
    ASSERT_EQ(tight.columns, 5);
    ASSERT_EQ(tight.rows, 5);
    EXPECT_EQ(tight.pixels.front(), v.at(2, 2, 3));
    std::vector<roi::Polygon> polygons;
    for (const auto& contour : tight.contours) {
        roi::Polygon& polygon = polygons.emplace_back();
        for (const auto& [x, y] : contour)
            polygon.push_back({x, y});
    }
    std::vector<std::uint8_t> raster(25, 0);
    roi::fillEvenOdd(polygons, 5, 5, raster.data());
    for (int r = 0; r < 5; ++r)
        for (int c = 0; c < 5; ++c)
            EXPECT_EQ(raster[static_cast<std::size_t>(r * 5 + c)], m.at(c + 2, r + 2, 3));
}

TEST(KeyImage, WindowIsTheSeriesDefaultViewerPreset) {
    const Mask m = tieMask();
    // CT: soft tissue, the first CT preset of the viewers.
    const report::KeyImage ct = report::keyImage(ctVolume(), m, "CT");
    EXPECT_DOUBLE_EQ(ct.windowWidth, 400.0);
    EXPECT_DOUBLE_EQ(ct.windowCentre, 50.0);
    EXPECT_EQ(presetsFor(IntensityUnit::HounsfieldUnit, "CT").front().name, "Soft tissue");

    // PET in SUV: 0-5.
    Volume pet = ctVolume();
    pet.unit = IntensityUnit::SuvBodyWeight;
    const report::KeyImage suv = report::keyImage(pet, m, "PT");
    EXPECT_DOUBLE_EQ(suv.windowWidth, 5.0);
    EXPECT_DOUBLE_EQ(suv.windowCentre, 2.5);

    // MR: the volume's 1-99 % percentile window.
    Volume mr = ctVolume();
    mr.unit = IntensityUnit::RescaledValue;
    const WindowLevel expected = percentileWindow(mr, 1.0, 99.0);
    const report::KeyImage mri = report::keyImage(mr, m, "MR");
    EXPECT_DOUBLE_EQ(mri.windowWidth, expected.window);
    EXPECT_DOUBLE_EQ(mri.windowCentre, expected.level);
}

TEST(KeyImage, RoiStatisticsEqualDirectComputation) {
    const Volume v = ctVolume();
    const Mask m = tieMask();
    double sum = 0, minimum = 1e300, maximum = -1e300;
    std::size_t n = 0;
    for (std::size_t i = 0; i < m.voxels.size(); ++i)
        if (m.voxels[i]) {
            sum += v.voxels[i];
            minimum = std::min<double>(minimum, v.voxels[i]);
            maximum = std::max<double>(maximum, v.voxels[i]);
            ++n;
        }
    const double mean = sum / static_cast<double>(n);
    double squares = 0;
    for (std::size_t i = 0; i < m.voxels.size(); ++i)
        if (m.voxels[i])
            squares += (v.voxels[i] - mean) * (v.voxels[i] - mean);
    const double sd = std::sqrt(squares / static_cast<double>(n)); // population SD

    const report::RoiStatistics stats = report::roiStatistics(v, m);
    EXPECT_EQ(stats.voxelCount, 36u); // 6 + 14 + 14 + 2 (tieMask)
    EXPECT_EQ(stats.voxelCount, n);
    EXPECT_NEAR(stats.volumeMl, 36 * 0.8 * 0.9 * 2.5 / 1000.0, 1e-15);
    EXPECT_NEAR(stats.mean, mean, 1e-12);
    EXPECT_NEAR(stats.standardDeviation, sd, 1e-12);
    EXPECT_DOUBLE_EQ(stats.minimum, minimum);
    EXPECT_DOUBLE_EQ(stats.maximum, maximum);
    EXPECT_EQ(stats.unitLabel, "HU");

    const report::RoiStatistics empty = report::roiStatistics(v, Mask(grid(), 0));
    EXPECT_EQ(empty.voxelCount, 0u);
    EXPECT_TRUE(std::isnan(empty.mean));
}

TEST(KeyImage, RefusesAnEmptyOrMisplacedMask) {
    const Volume v = ctVolume();
    EXPECT_THROW(report::keyImage(v, Mask(grid(), 0), "CT"), Error);
    Geometry other = grid();
    other.size[2] = 5;
    EXPECT_THROW(report::keyImage(v, Mask(other, 1), "CT"), Error);
    EXPECT_THROW(report::roiStatistics(v, Mask(other, 1)), Error);
}
