// Display planes in patient space. Expected values are derived by hand from
// the radiological display convention and the voxel-to-LPS affine
// (origin + direction * spacing * index), never from the code under test.
#include "image/Reslice.h"
#include "util/Error.h"

#include <Eigen/Eigenvalues>
#include <Eigen/Geometry>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <gtest/gtest.h>
#include <limits>
#include <numbers>

using namespace rgw;

namespace {

// A distinct value per voxel, so any misplaced voxel is caught.
float code(std::int64_t i, std::int64_t j, std::int64_t k) {
    return static_cast<float>(10000 * k + 100 * j + i);
}

Volume codedVolume(std::array<std::int64_t, 3> size, Eigen::Vector3d spacing) {
    Geometry g;
    g.size = size;
    g.spacing = spacing;
    g.origin = {-12.5, 40.0, -300.0};
    Volume v(g);
    for (std::int64_t k = 0; k < size[2]; ++k)
        for (std::int64_t j = 0; j < size[1]; ++j)
            for (std::int64_t i = 0; i < size[0]; ++i)
                v.at(i, j, k) = code(i, j, k);
    return v;
}

float pixel(const std::vector<float>& image, const SlicePlane& p, int column, int row) {
    return image[static_cast<std::size_t>(row) * static_cast<std::size_t>(p.width) +
                 static_cast<std::size_t>(column)];
}

// Area (mm^2) and second-moment axes (mm) of the pixels >= 0.5.
struct Blob {
    double area = 0;
    double majorSd = 0, minorSd = 0;
    double width = 0, height = 0; // extents in mm along screen x, y
};

template <class V> Blob measure(const std::vector<V>& image, const SlicePlane& p) {
    double n = 0, sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
    int cMin = p.width, cMax = -1, rMin = p.height, rMax = -1;
    for (int r = 0; r < p.height; ++r)
        for (int c = 0; c < p.width; ++c) {
            const double v = static_cast<double>(
                image[static_cast<std::size_t>(r) * static_cast<std::size_t>(p.width) +
                      static_cast<std::size_t>(c)]);
            if (!(v >= 0.5))
                continue;
            n += 1;
            sx += c;
            sy += r;
            sxx += double(c) * c;
            syy += double(r) * r;
            sxy += double(c) * r;
            cMin = std::min(cMin, c);
            cMax = std::max(cMax, c);
            rMin = std::min(rMin, r);
            rMax = std::max(rMax, r);
        }
    Blob b;
    if (n == 0)
        return b;
    const double s = p.pixelSpacing;
    b.area = n * s * s;
    Eigen::Matrix2d cov;
    cov << sxx / n - (sx / n) * (sx / n), sxy / n - (sx / n) * (sy / n),
        sxy / n - (sx / n) * (sy / n), syy / n - (sy / n) * (sy / n);
    const Eigen::Vector2d ev = Eigen::SelfAdjointEigenSolver<Eigen::Matrix2d>(cov).eigenvalues();
    b.minorSd = std::sqrt(ev[0]) * s;
    b.majorSd = std::sqrt(ev[1]) * s;
    b.width = (cMax - cMin + 1) * s;
    b.height = (rMax - rMin + 1) * s;
    return b;
}

// Ball of radius r (mm) around `centre` (LPS): 1 inside, 0 outside, decided
// at each voxel centre through the geometry's own affine.
Volume ball(const Geometry& g, const Eigen::Vector3d& centre, double r) {
    Volume v(g);
    for (std::int64_t k = 0; k < g.size[2]; ++k)
        for (std::int64_t j = 0; j < g.size[1]; ++j)
            for (std::int64_t i = 0; i < g.size[0]; ++i)
                v.at(i, j, k) =
                    (g.physicalPoint(Eigen::Vector3d(double(i), double(j), double(k))) - centre)
                                .norm() <= r
                        ? 1.0f
                        : 0.0f;
    return v;
}

} // namespace

TEST(Reslice, IdentityPlanesAreTheVoxelSlicesExactly) {
    const Volume v = codedVolume({20, 16, 12}, {1.0, 1.0, 1.0});
    std::vector<float> out;

    // Axial: column = i (x = +L to the right), row = j (y = +P downwards).
    const SliceStack axial(v.geometry, SliceOrientation::Axial);
    ASSERT_EQ(axial.count(), 12);
    EXPECT_DOUBLE_EQ(axial.step(), 1.0);
    for (int k : {0, 5, 11}) {
        const SlicePlane p = axial.plane(k);
        ASSERT_EQ(p.width, 20);
        ASSERT_EQ(p.height, 16);
        EXPECT_DOUBLE_EQ(p.position(), -300.0 + k);
        reslice(v, p, out, -1.0f);
        for (int r = 0; r < 16; ++r)
            for (int c = 0; c < 20; ++c)
                ASSERT_EQ(pixel(out, p, c, r), code(c, r, k)) << k << " " << c << " " << r;
    }
    // Coronal: column = i, row 0 = the most superior slice (k = 11).
    const SliceStack coronal(v.geometry, SliceOrientation::Coronal);
    ASSERT_EQ(coronal.count(), 16);
    for (int j : {0, 7, 15}) {
        const SlicePlane p = coronal.plane(j);
        ASSERT_EQ(p.width, 20);
        ASSERT_EQ(p.height, 12);
        reslice(v, p, out, -1.0f);
        for (int r = 0; r < 12; ++r)
            for (int c = 0; c < 20; ++c)
                ASSERT_EQ(pixel(out, p, c, r), code(c, j, 11 - r));
    }
    // Sagittal: column = j (anterior, low y, on the left), row 0 superior.
    const SliceStack sagittal(v.geometry, SliceOrientation::Sagittal);
    ASSERT_EQ(sagittal.count(), 20);
    for (int i : {0, 9, 19}) {
        const SlicePlane p = sagittal.plane(i);
        ASSERT_EQ(p.width, 16);
        ASSERT_EQ(p.height, 12);
        reslice(v, p, out, -1.0f);
        for (int r = 0; r < 12; ++r)
            for (int c = 0; c < 16; ++c)
                ASSERT_EQ(pixel(out, p, c, r), code(i, c, 11 - r));
    }
}

TEST(Reslice, RightAnteriorSuperiorMarkerLandsInTheTopLeftCorner) {
    // LPS: patient right = low x = i 0; anterior = low y = j 0; superior =
    // high z = k last. Radiological display puts right (axial, coronal) and
    // anterior (sagittal) on the screen's left, anterior / superior up.
    Geometry g;
    g.size = {9, 7, 5};
    Volume v(g);
    v.at(0, 0, 4) = 1.0f;
    std::vector<float> out;
    const SliceStack axial(g, SliceOrientation::Axial);
    SlicePlane p = axial.plane(4);
    reslice(v, p, out, 0.0f);
    EXPECT_EQ(pixel(out, p, 0, 0), 1.0f);
    const SliceStack coronal(g, SliceOrientation::Coronal);
    p = coronal.plane(0);
    reslice(v, p, out, 0.0f);
    EXPECT_EQ(pixel(out, p, 0, 0), 1.0f);
    const SliceStack sagittal(g, SliceOrientation::Sagittal);
    p = sagittal.plane(0);
    reslice(v, p, out, 0.0f);
    EXPECT_EQ(pixel(out, p, 0, 0), 1.0f);

    const auto a = edgeLabels(SliceOrientation::Axial);
    EXPECT_STREQ(a.left, "R");
    EXPECT_STREQ(a.top, "A");
    const auto c = edgeLabels(SliceOrientation::Coronal);
    EXPECT_STREQ(c.right, "L");
    EXPECT_STREQ(c.top, "S");
    const auto s = edgeLabels(SliceOrientation::Sagittal);
    EXPECT_STREQ(s.left, "A");
    EXPECT_STREQ(s.bottom, "I");
}

TEST(Reslice, MaskOnItsOwnGridIsCopiedExactly) {
    Geometry g;
    g.size = {6, 5, 4};
    Mask m(g);
    m.at(1, 2, 3) = 1;
    m.at(5, 4, 3) = 1;
    std::vector<std::uint8_t> out;
    const SlicePlane p = SliceStack(g, SliceOrientation::Axial).plane(3);
    reslice(m, p, out);
    int on = 0;
    for (auto b : out)
        on += b;
    EXPECT_EQ(on, 2);
    EXPECT_EQ(out[2 * 6 + 1], 1);
    EXPECT_EQ(out[4 * 6 + 5], 1);
}

TEST(Reslice, ObliqueSphereShowsARoundDiscOfTheRightRadius) {
    // Voxel axes rotated 30 degrees about S, non-isotropic in-plane spacing:
    // drawing the voxel grid as-is would show an ellipse tilted on screen.
    Geometry g;
    g.size = {90, 60, 40};
    g.spacing = {0.8, 1.25, 1.5};
    g.direction = Eigen::AngleAxisd(std::numbers::pi / 6.0, Eigen::Vector3d::UnitZ()).matrix();
    g.origin = {10.0, -20.0, 5.0};
    const Eigen::Vector3d centre = g.physicalPoint(Eigen::Vector3d(45.0, 30.0, 20.0));
    constexpr double kRadius = 20.0;
    const Volume v = ball(g, centre, kRadius);

    const SliceStack axial(g, SliceOrientation::Axial);
    EXPECT_DOUBLE_EQ(axial.step(), 1.5); // k is along S
    EXPECT_EQ(axial.count(), 40);
    EXPECT_DOUBLE_EQ(axial.plane(0).pixelSpacing, 0.8);
    const SlicePlane plane = axial.planeAt(centre.z());
    std::vector<float> out;
    reslice(v, plane, out, 0.0f);
    const Blob disc = measure(out, plane);
    // A uniform disc of radius R: area pi R^2, second moment R/2 on any axis.
    const double radius = std::sqrt(disc.area / std::numbers::pi);
    EXPECT_NEAR(radius, kRadius, 0.8) << "area " << disc.area;
    EXPECT_NEAR(disc.majorSd, kRadius / 2.0, 0.5);
    EXPECT_NEAR(disc.minorSd / disc.majorSd, 1.0, 0.04);
    EXPECT_NEAR(disc.width, 2 * kRadius, 2.0);
    EXPECT_NEAR(disc.height, 2 * kRadius, 2.0);
    // The disc is centred where the sphere is, in screen position too.
    double cSum = 0, rSum = 0, n = 0;
    for (int r = 0; r < plane.height; ++r)
        for (int c = 0; c < plane.width; ++c)
            if (pixel(out, plane, c, r) >= 0.5f) {
                cSum += c;
                rSum += r;
                n += 1;
            }
    const Eigen::Vector3d mid = plane.pixelToPatient(cSum / n, rSum / n);
    EXPECT_NEAR((mid - centre).head<2>().norm(), 0.0, 0.5);

    // Coronal through the centre: also a disc (rotation about S keeps it one).
    const SliceStack coronal(g, SliceOrientation::Coronal);
    const SlicePlane cp = coronal.planeAt(centre.y());
    reslice(v, cp, out, 0.0f);
    const Blob cd = measure(out, cp);
    EXPECT_NEAR(std::sqrt(cd.area / std::numbers::pi), kRadius, 1.0);
    EXPECT_NEAR(cd.minorSd / cd.majorSd, 1.0, 0.06);

    // Corners of the axial plane lie outside the rotated volume.
    reslice(v, plane, out, -7.0f);
    EXPECT_EQ(pixel(out, plane, 0, 0), -7.0f);
}

TEST(Reslice, AnisotropicSagittalKeepsTheAspect) {
    // 0.7 x 0.7 x 3 mm: a sagittal plane has square 0.7 mm pixels, so a
    // sphere is as tall as it is wide on screen.
    Geometry g;
    g.size = {64, 64, 20};
    g.spacing = {0.7, 0.7, 3.0};
    const Eigen::Vector3d centre = g.physicalPoint(Eigen::Vector3d(32.0, 32.0, 10.0));
    constexpr double kRadius = 15.0;
    const Volume v = ball(g, centre, kRadius);
    const SliceStack sagittal(g, SliceOrientation::Sagittal);
    EXPECT_DOUBLE_EQ(sagittal.step(), 0.7);
    EXPECT_EQ(sagittal.count(), 64);
    const SlicePlane p = sagittal.planeAt(centre.x());
    EXPECT_DOUBLE_EQ(p.pixelSpacing, 0.7);
    EXPECT_EQ(p.width, 64);
    EXPECT_EQ(p.height, static_cast<int>(std::ceil(20 * 3.0 / 0.7))); // 60 mm tall
    std::vector<float> out;
    reslice(v, p, out, 0.0f);
    const Blob disc = measure(out, p);
    EXPECT_NEAR(disc.width, 2 * kRadius, 1.5);
    // Vertically the ball is sampled every 3 mm: its edge is known to +-3 mm.
    EXPECT_NEAR(disc.height, 2 * kRadius, 3.0);
    EXPECT_NEAR(disc.height / disc.width, 1.0, 0.1);
    // A mask of the same ball gives the same disc through the 0.5 threshold.
    Mask m(g);
    for (std::size_t n = 0; n < m.voxels.size(); ++n)
        m.voxels[n] = v.voxels[n] > 0.5f;
    std::vector<std::uint8_t> mo;
    reslice(m, p, mo);
    const Blob md = measure(mo, p);
    EXPECT_NEAR(md.area, disc.area, 0.02 * disc.area);
}

TEST(Reslice, ResamplingOntoAnotherGridIsTrilinearEverywhere) {
    // A coarse volume whose value is linear in the voxel index (trilinear
    // interpolation reproduces it exactly) shown on the display planes of a
    // fine grid, as a PET is fused onto a CT. Every pixel must equal the
    // linear function at its continuous index, clamped at the border half
    // voxel, or the outside value beyond it; also through a rotated PET.
    Geometry pet;
    pet.size = {20, 18, 12};
    pet.spacing = {4.0, 4.0, 3.27};
    pet.origin = {-41.0, -37.3, -20.1};
    Geometry ct;
    ct.size = {101, 93, 21};
    ct.spacing = {0.8, 0.8, 1.5};
    ct.origin = {-45.2, -40.1, -18.0};
    const auto linear = [](const Eigen::Vector3d& index) {
        return 3.0 * index.x() - 5.0 * index.y() + 7.0 * index.z() + 1.0;
    };
    for (const double angle : {0.0, 0.3}) {
        pet.direction = Eigen::AngleAxisd(angle, Eigen::Vector3d::UnitZ()).toRotationMatrix();
        Volume v(pet);
        for (std::int64_t k = 0; k < pet.size[2]; ++k)
            for (std::int64_t j = 0; j < pet.size[1]; ++j)
                for (std::int64_t i = 0; i < pet.size[0]; ++i)
                    v.at(i, j, k) = static_cast<float>(
                        linear(Eigen::Vector3d(double(i), double(j), double(k))));
        for (auto o :
             {SliceOrientation::Axial, SliceOrientation::Coronal, SliceOrientation::Sagittal}) {
            const SliceStack stack(ct, o);
            for (int index : {stack.count() / 4, stack.count() / 2, 3 * stack.count() / 4}) {
                const SlicePlane p = stack.plane(index);
                std::vector<float> out;
                reslice(v, p, out, -999.0f);
                int inside = 0, mismatches = 0;
                for (int r = 0; r < p.height; ++r)
                    for (int c = 0; c < p.width; ++c) {
                        Eigen::Vector3d at = p.pixelToIndex(pet, c, r);
                        bool in = true;
                        for (int a = 0; a < 3; ++a) {
                            const double hi = static_cast<double>(pet.size[std::size_t(a)] - 1);
                            in = in && at[a] >= -0.5 && at[a] <= hi + 0.5;
                            at[a] = std::clamp(at[a], 0.0, hi);
                        }
                        const double expected = in ? linear(at) : -999.0;
                        inside += in;
                        mismatches += std::abs(pixel(out, p, c, r) - expected) > 2e-3;
                    }
                EXPECT_EQ(mismatches, 0) << "angle " << angle << ", orientation "
                                         << static_cast<int>(o) << ", plane " << index;
                EXPECT_GT(inside, 0);
            }
        }
    }
}

TEST(Reslice, RowRangesTogetherEqualTheWholePlane) {
    // Callers split a plane between threads by rows: the halves must give
    // exactly what one call gives, for an image (oblique plane) and a mask.
    Geometry g;
    g.size = {40, 36, 20};
    g.spacing = {0.9, 0.9, 2.0};
    g.direction =
        Eigen::AngleAxisd(0.35, Eigen::Vector3d(0.2, 0.3, 1.0).normalized()).toRotationMatrix();
    const Volume v = codedVolume(g.size, g.spacing);
    Volume rotated = v;
    rotated.geometry.direction = g.direction;
    Mask m(rotated.geometry);
    for (std::size_t n = 0; n < m.voxels.size(); ++n)
        m.voxels[n] = (n * 7) % 5 == 0;
    const SliceStack stack(rotated.geometry, SliceOrientation::Coronal, 0.8);
    const SlicePlane p = stack.plane(stack.count() / 2);
    std::vector<float> whole, parts(std::size_t(p.width) * p.height, -1.0f);
    reslice(rotated, p, whole, -5.0f);
    const int middle = p.height / 2;
    resliceRows(rotated, p, middle, p.height, parts, -5.0f);
    resliceRows(rotated, p, 0, middle, parts, -5.0f);
    EXPECT_EQ(parts, whole);
    std::vector<std::uint8_t> wholeMask, partsMask(parts.size(), 7);
    reslice(m, p, wholeMask);
    resliceRows(m, p, 0, middle, partsMask);
    resliceRows(m, p, middle, p.height, partsMask);
    EXPECT_EQ(partsMask, wholeMask);
    std::vector<float> tooSmall(10);
    EXPECT_THROW(resliceRows(rotated, p, 0, 1, tooSmall, 0.0f), Error);
    EXPECT_THROW(resliceRows(rotated, p, 0, p.height + 1, parts, 0.0f), Error);
    EXPECT_THROW(resliceRows(rotated, p, 3, 2, parts, 0.0f), Error);
}

TEST(Reslice, PatientCoordinateRoundTrips) {
    Geometry g;
    g.size = {30, 40, 25};
    g.spacing = {0.9, 1.1, 2.5};
    g.direction = (Eigen::AngleAxisd(0.4, Eigen::Vector3d::UnitZ()) *
                   Eigen::AngleAxisd(0.2, Eigen::Vector3d::UnitX()))
                      .matrix();
    g.origin = {-100.0, 55.5, 12.25};
    for (auto o :
         {SliceOrientation::Axial, SliceOrientation::Coronal, SliceOrientation::Sagittal}) {
        const SliceStack stack(g, o);
        const SlicePlane p = stack.plane(stack.count() / 3);
        for (const auto& px : {Eigen::Vector2d(0, 0), Eigen::Vector2d(17.25, 3.5),
                               Eigen::Vector2d(p.width - 1.0, p.height - 0.5)}) {
            const Eigen::Vector3d lps = p.pixelToPatient(px.x(), px.y());
            EXPECT_NEAR((p.patientToPixel(lps) - px).norm(), 0.0, 1e-9);
            EXPECT_NEAR(p.distance(lps), 0.0, 1e-9);
            const Eigen::Vector3d index = p.pixelToIndex(g, px.x(), px.y());
            EXPECT_NEAR((g.physicalPoint(index) - lps).norm(), 0.0, 1e-9);
            EXPECT_NEAR((g.continuousIndex(lps) - index).norm(), 0.0, 1e-9);
        }
        // Stack positions: index -> position -> index.
        for (int i : {0, stack.count() / 2, stack.count() - 1})
            EXPECT_EQ(stack.nearestIndex(stack.position(i)), i);
        EXPECT_EQ(stack.nearestIndex(-1e9), 0);
        EXPECT_EQ(stack.nearestIndex(1e9), stack.count() - 1);
        EXPECT_NEAR(stack.plane(1).position() - stack.plane(0).position(), stack.step(), 1e-12);
    }
}

TEST(Reslice, RejectsEmptyInput) {
    EXPECT_THROW(SliceStack(Geometry{}, SliceOrientation::Axial), Error);
    Geometry g;
    g.size = {2, 2, 2};
    g.spacing = {1.0, 0.0, 1.0};
    EXPECT_THROW(SliceStack(g, SliceOrientation::Axial), Error);
    std::vector<float> out;
    EXPECT_THROW(reslice(Volume{}, SlicePlane{}, out, 0.0f), Error);
}

TEST(Reslice, FiniteOnlySamplingKeepsAMapsEdges) {
    // A feature map: linear in the voxel index inside a box of voxels, NaN
    // (undefined) elsewhere, shown on CT planes as the Maps dock shows it.
    // Trilinear weights factorise per axis and the defined voxels form a box,
    // so by hand: the finite corners' weight is the product over axes of
    // coverage = clamp(1 - distance of the index to the box's range, 0, 1),
    // and their renormalised mean is the linear function at the index
    // clamped to the box. The pixel is defined where that weight is >= 1/2.
    Geometry map;
    map.size = {14, 12, 9};
    map.spacing = {2.0, 2.0, 3.0};
    map.origin = {-12.0, -10.0, -12.0};
    Geometry ct;
    ct.size = {61, 57, 23};
    ct.spacing = {0.7, 0.7, 1.25};
    ct.origin = {-17.0, -15.0, -14.0};
    const std::array<double, 3> low{3, 2, 2}, high{10, 8, 6}; // the defined box
    const auto linear = [](const Eigen::Vector3d& index) {
        return 2.0 * index.x() - 3.0 * index.y() + 5.0 * index.z() + 40.0;
    };
    for (const double angle : {0.0, 0.3}) {
        map.direction = Eigen::AngleAxisd(angle, Eigen::Vector3d::UnitZ()).toRotationMatrix();
        Volume v(map, std::numeric_limits<float>::quiet_NaN());
        for (std::int64_t k = 2; k <= 6; ++k)
            for (std::int64_t j = 2; j <= 8; ++j)
                for (std::int64_t i = 3; i <= 10; ++i)
                    v.at(i, j, k) = static_cast<float>(
                        linear(Eigen::Vector3d(double(i), double(j), double(k))));
        for (auto o :
             {SliceOrientation::Axial, SliceOrientation::Coronal, SliceOrientation::Sagittal}) {
            const SliceStack stack(ct, o);
            int defined = 0, plainDefined = 0; // over every plane of the stack
            for (int index = 0; index < stack.count(); ++index) {
                const SlicePlane p = stack.plane(index);
                std::vector<float> out(std::size_t(p.width) * p.height, 7.0f), plain = out;
                resliceFiniteRows(v, p, 0, p.height, out, -999.0f);
                resliceRows(v, p, 0, p.height, plain, -999.0f);
                int mismatches = 0;
                for (int r = 0; r < p.height; ++r)
                    for (int c = 0; c < p.width; ++c) {
                        const Eigen::Vector3d at = p.pixelToIndex(map, c, r);
                        bool in = true;
                        double coverage = 1.0;
                        Eigen::Vector3d clamped;
                        for (int a = 0; a < 3; ++a) {
                            const double hi = static_cast<double>(map.size[std::size_t(a)] - 1);
                            in = in && at[a] >= -0.5 && at[a] <= hi + 0.5;
                            const double x = std::clamp(at[a], 0.0, hi);
                            const double distance =
                                x < low[std::size_t(a)]    ? low[std::size_t(a)] - x
                                : x > high[std::size_t(a)] ? x - high[std::size_t(a)]
                                                           : 0.0;
                            coverage *= std::clamp(1.0 - distance, 0.0, 1.0);
                            clamped[a] = std::clamp(x, low[std::size_t(a)], high[std::size_t(a)]);
                        }
                        const float got = pixel(out, p, c, r);
                        if (in && coverage >= 0.5 + 1e-4) {
                            ++defined;
                            mismatches += !(std::abs(got - linear(clamped)) <= 2e-3);
                        } else if (!in || coverage <= 0.5 - 1e-4) {
                            mismatches += got != -999.0f;
                        }
                        plainDefined += std::isfinite(pixel(plain, p, c, r)) &&
                                        pixel(plain, p, c, r) != -999.0f;
                    }
                EXPECT_EQ(mismatches, 0) << "angle " << angle << ", orientation "
                                         << static_cast<int>(o) << ", plane " << index;
            }
            std::printf("angle %.1f, orientation %d: %d pixels defined (plain trilinear %d)\n",
                        angle, static_cast<int>(o), defined, plainDefined);
            EXPECT_GT(defined, 0);
            // Plain trilinear loses the pixels next to undefined voxels.
            EXPECT_LT(plainDefined, defined);
        }
    }
}
