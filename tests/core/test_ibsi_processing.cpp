// IBSI image processing (IBSI 02): interpolation grid alignment, image and
// mask interpolation, re-segmentation, discretisation, settings validation,
// and the processed CT phantom grids of configurations A–E.
#include "IbsiPhantoms.h"
#include "radiomics/Settings.h"
#include "radiomics/processing/Discretisation.h"
#include "radiomics/processing/Interpolation.h"
#include "radiomics/processing/Pipeline.h"
#include "radiomics/processing/Resegmentation.h"
#include "radiomics/processing/RoiBox.h"
#include "util/Error.h"

#include <cmath>
#include <gtest/gtest.h>
#include <limits>

namespace {

using namespace rgw;
using namespace rgw::radiomics;
using namespace rgw::radiomics::processing;

std::string errorOf(const Settings& s) {
    try {
        s.validate();
    } catch (const Error& e) {
        return e.what();
    }
    return {};
}

/// A volume of 1 mm voxels whose value is f(i, j, k), and a full mask.
template <class F> Volume makeVolume(std::array<std::int64_t, 3> size, F f) {
    Geometry g;
    g.size = size;
    Volume v(g, 0.0f);
    for (std::int64_t k = 0; k < size[2]; ++k)
        for (std::int64_t j = 0; j < size[1]; ++j)
            for (std::int64_t i = 0; i < size[0]; ++i)
                v.at(i, j, k) = static_cast<float>(
                    f(static_cast<double>(i), static_cast<double>(j), static_cast<double>(k)));
    return v;
}

} // namespace

// IBSI 02 worked example: 4 voxels of 3 mm resampled to 2 mm give 6 voxels,
// origin shifted by −0.5 mm = −1/6 original voxel.
TEST(IbsiProcessing, AlignGridCentresWorkedExample) {
    const AxisGrid g = alignGridCentres(4, 3.0, 2.0);
    EXPECT_EQ(g.size, 6);
    EXPECT_NEAR(g.first, -1.0 / 6.0, 1e-12);
    EXPECT_NEAR(g.step, 2.0 / 3.0, 1e-12);
    // Both grids share their centre: (0 + 3)/2 original = first + 2.5 steps.
    EXPECT_NEAR(g.position(0) + g.position(5), 3.0, 1e-12);
}

// configurations.md, section 4: PAT1 at 0.977 × 0.977 × 3.0 mm → 2 mm.
TEST(IbsiProcessing, AlignGridCentresOnTheCtPhantomAxes) {
    const double inPlane = 0.977; // DICOM Pixel Spacing of the phantom (0.97699999809265)
    const AxisGrid x = alignGridCentres(204, inPlane, 2.0);
    const AxisGrid y = alignGridCentres(201, inPlane, 2.0);
    const AxisGrid z = alignGridCentres(60, 3.0, 2.0);
    EXPECT_EQ(x.size, 100);
    EXPECT_EQ(y.size, 99);
    EXPECT_EQ(z.size, 90);
    EXPECT_NEAR(x.first, 0.1694, 5e-4);
    EXPECT_NEAR(y.first, -0.3071, 5e-4);
    EXPECT_NEAR(z.first, -0.1667, 5e-4);
    EXPECT_NEAR(x.first * inPlane, 0.1655, 5e-4); // mm
}

TEST(IbsiProcessing, LinearInterpolationIsExactOnALinearImage) {
    // f = 3i − 2j + 5k + 7 on 1 mm voxels, resampled to 0.7 × 1.3 × 0.9 mm.
    const auto f = [](double i, double j, double k) { return 3 * i - 2 * j + 5 * k + 7; };
    const Volume v = makeVolume({20, 18, 16}, f);
    Mask m(v.geometry, 0);
    m.at(10, 9, 8) = 1;
    Settings s;
    s.interpolation.enabled = true;
    s.interpolation.spacing[0] = 0.7;
    s.interpolation.spacing[1] = 1.3;
    s.interpolation.spacing[2] = 0.9;
    s.interpolation.image = InterpolationMethod::Linear;
    const PreparedRoi roi = prepareRoi(v, m, s);
    const AxisGrid gx = alignGridCentres(20, 1, 0.7), gy = alignGridCentres(18, 1, 1.3),
                   gz = alignGridCentres(16, 1, 0.9);
    const Geometry& g = roi.image.geometry;
    // Check every output voxel whose sample lies inside the original grid.
    int checked = 0;
    for (std::int64_t k = 0; k < g.size[2]; ++k)
        for (std::int64_t j = 0; j < g.size[1]; ++j)
            for (std::int64_t i = 0; i < g.size[0]; ++i) {
                const Eigen::Vector3d c = v.geometry.continuousIndex(
                    g.physicalPoint(Eigen::Vector3d(double(i), double(j), double(k))));
                if (c.minCoeff() < 0 || c[0] > 19 || c[1] > 17 || c[2] > 15)
                    continue;
                EXPECT_NEAR(roi.image.at(i, j, k), f(c[0], c[1], c[2]), 1e-3);
                ++checked;
            }
    EXPECT_GT(checked, 1000);
    // The output grid is the aligned grid, cropped.
    EXPECT_NEAR(std::fmod(g.origin[0] - gx.first + 100 * 0.7, 0.7), 0.0, 1e-9);
    EXPECT_NEAR(g.spacing[1], 1.3, 1e-12);
    (void)gy;
    (void)gz;
}

TEST(IbsiProcessing, CubicSplineReproducesACubicAndInterpolatesTheSamples) {
    // A cubic B-spline interpolant reproduces cubic polynomials away from the
    // boundary and passes through the samples.
    const auto f = [](double i, double, double) {
        return 0.01 * i * i * i - 0.3 * i * i + 2 * i + 5;
    };
    const Volume v = makeVolume({60, 3, 3}, f);
    Mask m(v.geometry, 0);
    m.at(30, 1, 1) = 1;
    Settings s;
    s.interpolation.enabled = true;
    s.interpolation.spacing[0] = 0.5;
    s.interpolation.spacing[1] = 1.0;
    s.interpolation.spacing[2] = 1.0;
    s.interpolation.image = InterpolationMethod::CubicSpline;
    const PreparedRoi roi = prepareRoi(v, m, s);
    const Geometry& g = roi.image.geometry;
    int checked = 0;
    for (std::int64_t i = 0; i < g.size[0]; ++i) {
        const double x =
            v.geometry.continuousIndex(g.physicalPoint(Eigen::Vector3d(double(i), 1, 1)))[0];
        if (x < 20 || x > 40)
            continue;
        EXPECT_NEAR(roi.image.at(i, 1, 1), f(x, 0, 0), 1e-4) << "x=" << x;
        ++checked;
    }
    EXPECT_GT(checked, 30);
}

TEST(IbsiProcessing, MaskPartialVolumeThresholdAndRounding) {
    // A 3×3×3 ROI (voxels 3..5) at 1 mm resampled to 0.5 mm. Along each axis
    // the linear mask profile is 1 at samples 3.25 … 4.75 (4 samples) and 0.75
    // at 2.75 and 5.25; trilinear values multiply, so a voxel is kept (≥ 0.5)
    // when at most two of its axes are partial (0.75² ≥ 0.5 > 0.75³):
    // 4³ + 3·2·4² + 3·2²·4 = 208 voxels.
    const Volume v = makeVolume({9, 9, 9}, [](double i, double, double) { return i * 0.3; });
    Mask m(v.geometry, 0);
    for (int k = 3; k <= 5; ++k)
        for (int j = 3; j <= 5; ++j)
            for (int i = 3; i <= 5; ++i)
                m.at(i, j, k) = 1;
    Settings s;
    s.interpolation.enabled = true;
    s.interpolation.spacing[0] = s.interpolation.spacing[1] = s.interpolation.spacing[2] = 0.5;
    s.interpolation.roundIntensities = true;
    const PreparedRoi roi = prepareRoi(v, m, s);
    std::size_t inside = 0;
    for (auto x : roi.morphologicalMask.voxels)
        inside += x;
    EXPECT_EQ(inside, 208u);
    EXPECT_EQ(roi.intensityMask.voxels, roi.morphologicalMask.voxels); // no re-segmentation
    for (float x : roi.image.voxels)
        EXPECT_EQ(x, std::nearbyint(x));
}

TEST(IbsiProcessing, ResegmentationIntersectsRangeAndOutlierInterval) {
    // ROI intensities 0..99 (μ = 49.5, σ = √833.25 ≈ 28.87): μ ± 1σ ≈ [20.63, 78.37].
    const Volume v = makeVolume({100, 1, 1}, [](double i, double, double) { return i; });
    const Mask m(v.geometry, 1);
    Settings s;
    s.outlierFiltering = true;
    s.outlierSigma = 1.0;
    s.resegmentationRange = IntensityRange{10.0, 60.0};
    const IntensityRange keep = resegmentationInterval(v, m, s);
    EXPECT_NEAR(keep.lower, 49.5 - std::sqrt(833.25), 1e-9);
    EXPECT_DOUBLE_EQ(keep.upper, 60.0);
    const Mask r = resegment(v, m, keep);
    std::size_t n = 0;
    for (auto x : r.voxels)
        n += x;
    EXPECT_EQ(n, 40u); // 21..60
    EXPECT_EQ(r.at(20, 0, 0), 0);
    EXPECT_EQ(r.at(21, 0, 0), 1);
    EXPECT_EQ(r.at(60, 0, 0), 1);
    EXPECT_EQ(r.at(61, 0, 0), 0);
}

TEST(IbsiProcessing, FixedBinSizeAndFixedBinNumber) {
    // FBS from the range lower bound −500 with w_b = 25 (configuration A).
    const Discretiser fbs = makeDiscretiser({DiscretisationMethod::FixedBinSize, 25.0, 0},
                                            IntensityRange{-500.0, 400.0}, -480.0, 390.0);
    EXPECT_EQ(fbs.level(-500.0), 1);
    EXPECT_EQ(fbs.level(-475.1), 1);
    EXPECT_EQ(fbs.level(-475.0), 2);
    EXPECT_EQ(fbs.level(399.0), 36);
    // FBN with N_g = 32 over the ROI range [10, 42]: the maximum goes to bin 32.
    const Discretiser fbn =
        makeDiscretiser({DiscretisationMethod::FixedBinNumber, 0.0, 32}, std::nullopt, 10.0, 42.0);
    EXPECT_EQ(fbn.level(10.0), 1);
    EXPECT_EQ(fbn.level(10.99), 1);
    EXPECT_EQ(fbn.level(11.0), 2);
    EXPECT_EQ(fbn.level(41.99), 32);
    EXPECT_EQ(fbn.level(42.0), 32);
    const Discretiser none = makeDiscretiser({}, std::nullopt, 1, 6);
    EXPECT_EQ(none.level(6.0), 6);
    EXPECT_THROW(none.level(2.5), Error);
}

TEST(IbsiProcessing, SettingsValidationNamesTheOffendingSetting) {
    for (char c : {'A', 'B', 'C', 'D', 'E'})
        EXPECT_NO_THROW(ibsiConfig(c).validate()) << c;
    EXPECT_NO_THROW(ibsiDigitalPhantom().validate());
    EXPECT_THROW(ibsiConfig('F'), Error);

    Settings s = ibsiConfig('C');
    s.interpolation.spacing[1] = 0.0;
    EXPECT_NE(errorOf(s).find("interpolation.spacing[1]"), std::string::npos) << errorOf(s);
    s = ibsiConfig('C');
    s.discretisation.binWidth = -1;
    EXPECT_NE(errorOf(s).find("discretisation.binWidth"), std::string::npos) << errorOf(s);
    s = ibsiConfig('B');
    s.discretisation.binCount = 0;
    EXPECT_NE(errorOf(s).find("discretisation.binCount"), std::string::npos) << errorOf(s);
    s = ibsiConfig('A');
    s.resegmentationRange = IntensityRange{400, -500};
    EXPECT_NE(errorOf(s).find("resegmentationRange"), std::string::npos) << errorOf(s);
    s = ibsiConfig('C');
    s.interpolation.partialVolumeThreshold = 1.5;
    EXPECT_NE(errorOf(s).find("partialVolumeThreshold"), std::string::npos) << errorOf(s);
    s = ibsiConfig('B');
    s.interpolation.inPlaneOnly = false;
    EXPECT_NE(errorOf(s).find("inPlaneOnly"), std::string::npos) << errorOf(s);
    s = ibsiConfig('E');
    s.ivh.binCount = 0;
    EXPECT_NE(errorOf(s).find("ivh.binCount"), std::string::npos) << errorOf(s);
}

TEST(IbsiProcessing, BadInputIsRejectedWithAMessage) {
    const Volume v = makeVolume({4, 4, 4}, [](double, double, double) { return 1.0; });
    Mask empty(v.geometry, 0);
    try {
        prepareRoi(v, empty, ibsiDigitalPhantom());
        FAIL() << "empty mask accepted";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("empty"), std::string::npos) << e.what();
    }
    Geometry other = v.geometry;
    other.size = {5, 4, 4};
    try {
        prepareRoi(v, Mask(other, 1), ibsiDigitalPhantom());
        FAIL() << "mask on another grid accepted";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("grid"), std::string::npos) << e.what();
    }
}

// The processed CT phantom: grids of B–E follow "align grid centers"; the
// interpolated ROI volume agrees with the reference voxel-counting volumes
// (morphology rows of the CSV, used here as a check of the mask interpolation).
TEST(IbsiProcessing, CtPhantomProcessedGridsAndRoiVolumes) {
    RGW_REQUIRE_TEST_DATA();
    const auto& p = test::ctPhantomDicom();
    const auto refs = test::readIbsiReferences();
    for (char c : {'A', 'B', 'C', 'D', 'E'}) {
        SCOPED_TRACE(std::string("config ") + c);
        const Settings s = ibsiConfig(c);
        const PreparedRoi roi = prepareRoi(p.image, p.mask, s);
        const Geometry& g = roi.image.geometry;
        if (c == 'A') {
            EXPECT_NEAR(g.spacing[0], p.image.geometry.spacing[0], 1e-9);
            EXPECT_NEAR(g.spacing[2], 3.0, 1e-6);
        } else {
            EXPECT_NEAR(g.spacing[0], 2.0, 1e-12);
            EXPECT_NEAR(g.spacing[1], 2.0, 1e-12);
            EXPECT_NEAR(g.spacing[2], c == 'B' ? 3.0 : 2.0, 1e-6);
            // The crop sits on the aligned grid: its origin is the full grid's
            // origin plus whole output voxels.
            const AxisGrid ax = alignGridCentres(204, p.image.geometry.spacing[0], 2.0);
            const Eigen::Vector3d idx = p.image.geometry.continuousIndex(g.origin);
            const double q = (idx[0] - ax.first) / ax.step;
            EXPECT_NEAR(q, std::round(q), 1e-6);
        }
        EXPECT_EQ(roi.sliceWise, c == 'A' || c == 'B');
        std::size_t morph = 0, intensity = 0;
        for (std::size_t v = 0; v < roi.morphologicalMask.voxels.size(); ++v) {
            morph += roi.morphologicalMask.voxels[v];
            intensity += roi.intensityMask.voxels[v];
            if (roi.intensityMask.voxels[v]) {
                EXPECT_TRUE(roi.morphologicalMask.voxels[v]);
                if (s.resegmentationRange) {
                    EXPECT_GE(roi.image.voxels[v], s.resegmentationRange->lower);
                    EXPECT_LE(roi.image.voxels[v], s.resegmentationRange->upper);
                }
            }
        }
        EXPECT_LT(intensity, morph); // re-segmentation removes voxels in every configuration
        const double volume = static_cast<double>(morph) * g.spacing.prod();
        for (const auto& r :
             test::filterIbsiReferences(refs, "morphology", std::string("config_") + c)) {
            if (r.feature == "Volume (voxel counting)") {
                EXPECT_TRUE(r.matches(volume)) << volume << " vs " << r.valueText;
            }
        }
        // A 1 cm margin (or the image border) around the ROI for local intensity.
        const Box box = boundingBox(roi.morphologicalMask);
        for (std::size_t a = 0; a < 3; ++a) {
            const double below =
                static_cast<double>(box.lo[a]) * g.spacing[static_cast<Eigen::Index>(a)];
            const double above = static_cast<double>(g.size[a] - 1 - box.hi[a]) *
                                 g.spacing[static_cast<Eigen::Index>(a)];
            EXPECT_GE(below, 10.0) << "axis " << a;
            EXPECT_GE(above, 10.0) << "axis " << a;
        }
    }
}
