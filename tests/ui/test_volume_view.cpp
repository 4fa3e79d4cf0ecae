// The 3D view: volume rendering presets, ROI surfaces and slice planes, all
// in patient space. Mesh geometry is checked against analytic spheres
// (area 4 pi R^2, volume 4/3 pi R^3, bounds centre +- R in LPS for an oblique
// volume); rendering is checked on grabbed frames under Xvfb.
#include "TestData.h"
#include "bridge/OpenGLSupport.h"
#include "bridge/VtkOpenGLWidget.h"
#include "io/nifti/Nifti.h"
#include "util/Error.h"
#include "volume/RoiSurface.h"
#include "volume/SlicePlaneSection.h"
#include "volume/VolumeRenderingPreset.h"
#include "volume/VolumeView3D.h"

#include <Eigen/Geometry>
#include <QApplication>
#include <QElapsedTimer>
#include <QImage>
#include <QMouseEvent>
#include <QSignalSpy>
#include <QTest>
#include <QThread>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <numbers>
#include <optional>
#include <set>
#include <vtkCamera.h>
#include <vtkMassProperties.h>
#include <vtkPointData.h>
#include <vtkPolyData.h>
#include <vtkRenderer.h>
#include <vtkRendererCollection.h>

using namespace rgw;
using namespace rgw::viewers;

namespace {

constexpr double kPi = std::numbers::pi;

Geometry cubeGrid(std::int64_t n, const Eigen::Vector3d& spacing) {
    Geometry g;
    g.size = {n, n, n};
    g.spacing = spacing;
    g.origin = {-100.0, 40.0, -300.0};
    return g;
}

// Rotation by 30 degrees about z, then 20 degrees about x: no voxel axis is a patient axis.
Geometry obliqueGrid() {
    Geometry g;
    g.size = {70, 64, 40};
    g.spacing = {0.9, 0.9, 1.5};
    g.origin = {-50.0, 20.0, 100.0};
    g.direction = (Eigen::AngleAxisd(20.0 * kPi / 180.0, Eigen::Vector3d::UnitX()) *
                   Eigen::AngleAxisd(30.0 * kPi / 180.0, Eigen::Vector3d::UnitZ()))
                      .toRotationMatrix();
    return g;
}

Eigen::Vector3d gridCentre(const Geometry& g) {
    return g.physicalPoint(Eigen::Vector3d(g.size[0] - 1, g.size[1] - 1, g.size[2] - 1) / 2.0);
}

// Voxels whose centre lies within `radius` mm of `centre` (patient space).
std::shared_ptr<Mask> sphereMask(const Geometry& g, const Eigen::Vector3d& centre, double radius) {
    auto m = std::make_shared<Mask>(g);
    for (std::int64_t k = 0; k < g.size[2]; ++k)
        for (std::int64_t j = 0; j < g.size[1]; ++j)
            for (std::int64_t i = 0; i < g.size[0]; ++i)
                m->at(i, j, k) =
                    (g.physicalPoint({double(i), double(j), double(k)}) - centre).norm() <= radius
                        ? 1
                        : 0;
    return m;
}

// CT: air (-1000 HU) with a soft-tissue ball (40 HU, radius 0.45 of the
// grid) holding a bone-dense sphere (1000 HU, radius `boneRadius`) at
// `boneCentre` (default: the grid centre).
std::shared_ptr<Volume> phantom(const Geometry& g, double boneRadius,
                                std::optional<Eigen::Vector3d> boneCentre = {}) {
    auto v = std::make_shared<Volume>(g, -1000.0f);
    v->unit = IntensityUnit::HounsfieldUnit;
    const Eigen::Vector3d c = gridCentre(g);
    const Eigen::Vector3d bc = boneCentre.value_or(c);
    const double body = 0.45 * g.spacing.x() * double(g.size[0]);
    for (std::int64_t k = 0; k < g.size[2]; ++k)
        for (std::int64_t j = 0; j < g.size[1]; ++j)
            for (std::int64_t i = 0; i < g.size[0]; ++i) {
                const Eigen::Vector3d p = g.physicalPoint({double(i), double(j), double(k)});
                v->at(i, j, k) = (p - bc).norm() <= boneRadius ? 1000.0f
                                 : (p - c).norm() <= body      ? 40.0f
                                                               : -1000.0f;
            }
    return v;
}

double meshArea(vtkPolyData* mesh) {
    vtkNew<vtkMassProperties> mass;
    mass->SetInputData(mesh);
    mass->Update();
    return mass->GetSurfaceArea();
}
double meshVolume(vtkPolyData* mesh) {
    vtkNew<vtkMassProperties> mass;
    mass->SetInputData(mesh);
    mass->Update();
    return mass->GetVolume();
}

// The view once it has drawn a frame, and its volume rendering (drawn on
// its own thread, coarse first) is the final frame of the current camera.
QImage renderAndGrab(VolumeView3D& view) {
    const int before = view.canvas()->renderedFrames();
    view.canvas()->requestRender();
    if (!QTest::qWaitFor([&] { return view.canvas()->renderedFrames() > before; }, 20000))
        return {};
    if (!QTest::qWaitFor([&] { return !view.volumeFramePending(); }, 120000))
        return {};
    return view.canvas()->grabFramebuffer().convertToFormat(QImage::Format_RGB32);
}

int countPixels(const QImage& image, const std::function<bool(QRgb)>& test) {
    int n = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            n += test(image.pixel(x, y)) ? 1 : 0;
    return n;
}

bool nonBlack(QRgb p) {
    return qRed(p) + qGreen(p) + qBlue(p) > 30;
}

// Mean position of the non-black pixels (top-left origin).
QPointF litCentre(const QImage& image) {
    double sx = 0, sy = 0;
    int n = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            if (nonBlack(image.pixel(x, y))) {
                sx += x;
                sy += y;
                ++n;
            }
    return n ? QPointF(sx / n, sy / n) : QPointF(-1, -1);
}

// Where the view's camera puts the LPS point on a grab `rows` high
// (top-left origin; VTK's display y runs upwards).
QPointF projected(VolumeView3D& view, const Eigen::Vector3d& lps, int rows) {
    vtkRenderer* renderer = view.canvas()->renderWindow()->GetRenderers()->GetFirstRenderer();
    renderer->SetWorldPoint(lps.x(), lps.y(), lps.z(), 1.0);
    renderer->WorldToDisplay();
    const double* d = renderer->GetDisplayPoint();
    return {d[0], rows - 1 - d[1]};
}

// Magenta (255, 0, 255) however it is shaded: red and blue alike, green far below.
bool magentaLike(QRgb p) {
    const int r = qRed(p), g = qGreen(p), b = qBlue(p);
    return r > 50 && b > 50 && std::abs(r - b) < 0.25 * std::max(r, b) && g < 0.5 * std::min(r, b);
}

// Axial plane colour: red, not yellow (sagittal) nor green (coronal).
bool axialRed(QRgb p) {
    return qRed(p) > 150 && qGreen(p) < 110 && qBlue(p) < 110;
}

double meanRow(const QImage& image, const std::function<bool(QRgb)>& test) {
    double sum = 0;
    int n = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            if (test(image.pixel(x, y))) {
                sum += y;
                ++n;
            }
    return n ? sum / n : -1.0;
}

} // namespace

class VolumeViewTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        const QString problem = openGLProblem();
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    // ---- transfer functions (no rendering) ----

    void presetTableIsConsistentAndDefaultsFollowTheModality() {
        const auto& presets = volumeRenderingPresets();
        std::set<std::string> names;
        for (const auto& p : presets) {
            QVERIFY2(names.insert(p.name).second, p.name.c_str());
            QVERIFY(p.colours.size() >= 2 && p.opacities.size() >= 2);
            for (std::size_t i = 1; i < p.colours.size(); ++i)
                QVERIFY(p.colours[i].value > p.colours[i - 1].value);
            for (std::size_t i = 1; i < p.opacities.size(); ++i)
                QVERIFY(p.opacities[i].value > p.opacities[i - 1].value);
            for (const auto& o : p.opacities)
                QVERIFY(o.opacity >= 0.0 && o.opacity <= 1.0);
        }
        auto nameOf = [&](int i) { return presets[std::size_t(i)].name; };
        QCOMPARE(nameOf(defaultVolumeRenderingPreset(IntensityUnit::HounsfieldUnit, "CT")),
                 std::string("CT bone"));
        QCOMPARE(nameOf(defaultVolumeRenderingPreset(IntensityUnit::SuvBodyWeight, "PT")),
                 std::string("PET MIP (SUV 0-10)"));
        QCOMPARE(
            presets[std::size_t(defaultVolumeRenderingPreset(IntensityUnit::SuvBodyWeight, "PT"))]
                .blend,
            VolumeBlend::MaximumIntensity);
        QCOMPARE(nameOf(defaultVolumeRenderingPreset(IntensityUnit::RawPetActivity, "PT")),
                 std::string("PET MIP (auto range)"));
        QCOMPARE(nameOf(defaultVolumeRenderingPreset(IntensityUnit::RescaledValue, "MR")),
                 std::string("MR default (auto range)"));
    }

    void percentilePresetSpansThe1To99PercentileRange() {
        // Values 0..999, each 10 times: p1 = 9, p99 = 989 by nearest rank
        // (ceil(0.01 * 10000) = 100th value = 9; 9900th value = 989).
        Geometry g;
        g.size = {100, 10, 10};
        Volume v(g);
        for (std::size_t n = 0; n < v.voxels.size(); ++n)
            v.voxels[n] = float(n % 1000);
        const auto& presets = volumeRenderingPresets();
        const auto& mr = presets[std::size_t(defaultVolumeRenderingPreset(v.unit, "MR"))];
        const TransferFunction tf = resolveTransferFunction(mr, v);
        QCOMPARE(tf.colours.front().value, 9.0);
        QCOMPARE(tf.colours.back().value, 989.0);
        QCOMPARE(tf.opacities.back().value, 989.0);
        // Absolute presets are used as tabulated.
        const auto& bone = presets[0];
        QCOMPARE(resolveTransferFunction(bone, v).opacities.front().value,
                 bone.opacities.front().value);
    }

    // ---- ROI meshes (no rendering) ----

    void sphereMeshHasTheAnalyticAreaAndVolume() {
        struct Case {
            Eigen::Vector3d spacing;
            std::int64_t n;
            double radius;
        };
        for (const Case& c : {Case{{1.0, 1.0, 1.0}, 64, 20.0}, Case{{0.8, 0.8, 2.5}, 80, 25.0}}) {
            Geometry g = cubeGrid(c.n, c.spacing);
            g.size[2] = std::int64_t(std::ceil(g.size[0] * c.spacing.x() / c.spacing.z()));
            const auto mask = sphereMask(g, gridCentre(g), c.radius);
            const auto mesh = buildRoiSurface(*mask);
            QVERIFY(mesh && mesh->GetNumberOfPolys() > 0);
            const double area = meshArea(mesh);
            const double volume = meshVolume(mesh);
            const double expectedArea = 4.0 * kPi * c.radius * c.radius;
            const double expectedVolume = 4.0 / 3.0 * kPi * std::pow(c.radius, 3);
            qInfo("R %.0f mm, spacing %.1f x %.1f x %.1f: area %.1f (analytic %.1f, %+.2f %%), "
                  "volume %.0f (analytic %.0f, %+.2f %%)",
                  c.radius, c.spacing.x(), c.spacing.y(), c.spacing.z(), area, expectedArea,
                  100.0 * (area / expectedArea - 1.0), volume, expectedVolume,
                  100.0 * (volume / expectedVolume - 1.0));
            QVERIFY(std::abs(area / expectedArea - 1.0) < 0.03);
            QVERIFY(std::abs(volume / expectedVolume - 1.0) < 0.03);
            QVERIFY(mesh->GetPointData()->GetNormals() != nullptr);
        }
    }

    void largeMeshesAreDrawnDecimatedToTheSameShape() {
        // R 40 mm on 0.6 mm voxels: well over the 6 k triangles drawn.
        const Geometry g = cubeGrid(150, {0.6, 0.6, 0.6});
        const double R = 40.0;
        const auto mesh = buildRoiSurface(*sphereMask(g, gridCentre(g), R));
        const auto shown = displayMesh(mesh);
        qInfo("sphere R 40 mm: %lld triangles measured, %lld drawn; area %.1f -> %.1f, "
              "volume %.0f -> %.0f (analytic %.1f, %.0f)",
              static_cast<long long>(mesh->GetNumberOfPolys()),
              static_cast<long long>(shown->GetNumberOfPolys()), meshArea(mesh), meshArea(shown),
              meshVolume(mesh), meshVolume(shown), 4.0 * kPi * R * R, 4.0 / 3.0 * kPi * R * R * R);
        QVERIFY(mesh->GetNumberOfPolys() > 100000);
        QVERIFY(shown->GetNumberOfPolys() <= 6300);
        QVERIFY(std::abs(meshVolume(shown) / meshVolume(mesh) - 1.0) < 0.005);
        QVERIFY(std::abs(meshArea(shown) / meshArea(mesh) - 1.0) < 0.01);
        QVERIFY(shown->GetPointData()->GetNormals() != nullptr);
        double a[6], b[6];
        mesh->GetBounds(a);
        shown->GetBounds(b);
        for (int i = 0; i < 6; ++i)
            QVERIFY(std::abs(a[i] - b[i]) < 0.6); // within a voxel
        // Small meshes are drawn as they are.
        const auto small = buildRoiSurface(*sphereMask(g, gridCentre(g), 4.0));
        QCOMPARE(displayMesh(small).Get(), small.Get());
    }

    void obliqueSphereMeshSitsAtItsPatientPosition() {
        const Geometry g = obliqueGrid();
        // Off the grid centre, so a wrong rotation or origin would move it.
        const Eigen::Vector3d centre =
            g.physicalPoint({22.0, 40.0, 15.0}); // voxel index well inside the grid
        const double radius = 12.0;
        const auto mesh = buildRoiSurface(*sphereMask(g, centre, radius));
        QVERIFY(mesh && mesh->GetNumberOfPoints() > 0);
        double b[6];
        mesh->GetBounds(b);
        // A sphere's LPS bounds are centre +- R whatever the grid's rotation;
        // tolerance: about half of the largest voxel size.
        for (int a = 0; a < 3; ++a) {
            QVERIFY2(std::abs(b[2 * a] - (centre[a] - radius)) < 0.8,
                     qPrintable(QString("axis %1 min %2 expected %3")
                                    .arg(a)
                                    .arg(b[2 * a])
                                    .arg(centre[a] - radius)));
            QVERIFY2(std::abs(b[2 * a + 1] - (centre[a] + radius)) < 0.8,
                     qPrintable(QString("axis %1 max %2 expected %3")
                                    .arg(a)
                                    .arg(b[2 * a + 1])
                                    .arg(centre[a] + radius)));
        }
        // Every vertex near the sphere.
        double worst = 0;
        for (vtkIdType p = 0; p < mesh->GetNumberOfPoints(); ++p) {
            double x[3];
            mesh->GetPoint(p, x);
            worst = std::max(
                worst, std::abs((Eigen::Vector3d(x[0], x[1], x[2]) - centre).norm() - radius));
        }
        QVERIFY2(worst < 0.8, qPrintable(QString::number(worst)));
    }

    void emptyMaskGivesEmptyMeshAndCancelStopsTheWork() {
        const Geometry g = cubeGrid(16, {1, 1, 1});
        QCOMPARE(buildRoiSurface(Mask(g))->GetNumberOfPoints(), vtkIdType(0));
        CancelToken cancel;
        cancel.cancel();
        QVERIFY(buildRoiSurface(*sphereMask(g, gridCentre(g), 5.0), {}, &cancel) == nullptr);
        Mask broken(g);
        broken.voxels.pop_back();
        QVERIFY_THROWS_EXCEPTION(Error, buildRoiSurface(broken));
    }

    void largeRoiMeshTimeIsMeasuredAndOffTheGuiThread() {
        // STS-like CT grid (0.98 x 0.98 x 3 mm) with an ellipsoid tumour of
        // about 600 000 voxels (semi-axes 80 x 60 x 90 mm).
        Geometry g;
        g.size = {512, 512, 110};
        g.spacing = {0.977, 0.977, 3.0};
        g.origin = {-250.0, -250.0, -160.0};
        auto mask = std::make_shared<Mask>(g);
        const Eigen::Vector3d c = gridCentre(g);
        std::size_t count = 0;
        for (std::int64_t k = 0; k < g.size[2]; ++k)
            for (std::int64_t j = 0; j < g.size[1]; ++j)
                for (std::int64_t i = 0; i < g.size[0]; ++i) {
                    const Eigen::Vector3d d =
                        g.physicalPoint({double(i), double(j), double(k)}) - c;
                    const bool in = std::pow(d.x() / 80.0, 2) + std::pow(d.y() / 60.0, 2) +
                                        std::pow(d.z() / 90.0, 2) <=
                                    1.0;
                    mask->at(i, j, k) = in ? 1 : 0;
                    count += in;
                }
        QVERIFY(count > 550'000 && count < 650'000);
        const auto start = std::chrono::steady_clock::now();
        const auto mesh = buildRoiSurface(*mask);
        const double ms =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                .count();
        qInfo("mesh of a %zu-voxel ROI on a 512 x 512 x 110 grid: %.0f ms, %lld triangles", count,
              ms, static_cast<long long>(mesh->GetNumberOfPolys()));

        // The view does that work on its worker: setSurfaces returns at once.
        VolumeView3D view;
        QVERIFY(!view.volumeRenderingVisible()); // opt-in
        view.setVolumeRenderingVisible(true);
        QSignalSpy ready(&view, &VolumeView3D::surfacesReady);
        QElapsedTimer timer;
        timer.start();
        view.setSurfaces({{"GTV_Mass", mask, QColor(255, 0, 255)}});
        const double callMs = double(timer.nsecsElapsed()) / 1e6;
        qInfo("setSurfaces returned after %.3f ms", callMs);
        QVERIFY(view.surfacesPending());
        QVERIFY(callMs < 16.0);
        QVERIFY(ready.wait(60000));
        QVERIFY(!view.surfacesPending());
        QCOMPARE(view.surfaceNames(), QStringList{"GTV_Mass"});
        qInfo("worker build time %.0f ms", view.lastSurfaceBuildMs());
    }

    void stsCtRoiMeshMatchesItsVoxelVolume() {
        const auto dir = rgw::test::ibsiDataSets() / "ibsi_validation" / "nifti" / "STS_005";
        if (!std::filesystem::exists(dir / "CT_mask.nii.gz"))
            QSKIP("shared test data not found (set RGW_TEST_DATA)");
        auto mask = std::make_shared<Mask>(nifti::readMask(dir / "CT_mask.nii.gz"));
        const auto& g = mask->geometry;
        const auto voxels = std::count(mask->voxels.begin(), mask->voxels.end(), 1);
        const double voxelVolume = double(voxels) * g.spacing.prod();
        const auto start = std::chrono::steady_clock::now();
        const auto mesh = buildRoiSurface(*mask);
        const double ms =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                .count();
        const double volume = meshVolume(mesh);
        qInfo("STS_005 CT GTV_Mass: %lld voxels on %lld x %lld x %lld (%.2f x %.2f x %.2f mm), "
              "mesh %.0f ms, %lld triangles, volume %.1f ml vs voxels %.1f ml",
              static_cast<long long>(voxels), static_cast<long long>(g.size[0]),
              static_cast<long long>(g.size[1]), static_cast<long long>(g.size[2]), g.spacing.x(),
              g.spacing.y(), g.spacing.z(), ms, static_cast<long long>(mesh->GetNumberOfPolys()),
              volume / 1000.0, voxelVolume / 1000.0);
        QVERIFY(std::abs(volume / voxelVolume - 1.0) < 0.05);
        // Inside the image's patient-space extent.
        double b[6];
        mesh->GetBounds(b);
        const Eigen::Vector3d centre((b[0] + b[1]) / 2, (b[2] + b[3]) / 2, (b[4] + b[5]) / 2);
        const Eigen::Vector3d idx = g.continuousIndex(centre);
        for (int a = 0; a < 3; ++a)
            QVERIFY(idx[a] > 0 && idx[a] < double(g.size[a] - 1));
    }

    // ---- slice plane outlines (no rendering) ----

    void slicePlaneSectionsCutTheVolumeBox() {
        Geometry g = cubeGrid(11, {1.0, 2.0, 3.0}); // x -100..-90, y 40..60, z -300..-270
        auto axial = slicePlaneSection(g, PatientPlane::Axial, {0.0, 0.0, -285.0});
        QCOMPARE(axial.size(), std::size_t(4));
        for (const auto& p : axial) {
            QCOMPARE(p.z(), -285.0);
            QVERIFY(p.x() == -100.0 || p.x() == -90.0);
            QVERIFY(p.y() == 40.0 || p.y() == 60.0);
        }
        // Consecutive corners share an edge of the rectangle (ordered polygon).
        for (std::size_t i = 0; i < 4; ++i) {
            const Eigen::Vector3d d = axial[(i + 1) % 4] - axial[i];
            QVERIFY((d.x() == 0.0) != (d.y() == 0.0));
        }
        QVERIFY(slicePlaneSection(g, PatientPlane::Axial, {0.0, 0.0, -250.0}).empty());
        auto sagittal = slicePlaneSection(g, PatientPlane::Sagittal, {-95.0, 0.0, 0.0});
        QCOMPARE(sagittal.size(), std::size_t(4));

        // Oblique: the section lies in the plane and on the box's faces.
        const Geometry o = obliqueGrid();
        const Eigen::Vector3d c = gridCentre(o);
        for (int plane = 0; plane < 3; ++plane) {
            auto poly = slicePlaneSection(o, PatientPlane(plane), c);
            QVERIFY(poly.size() >= 3 && poly.size() <= 6);
            for (const auto& p : poly) {
                QVERIFY(std::abs(p[plane] - c[plane]) < 1e-6);
                const Eigen::Vector3d idx = o.continuousIndex(p);
                bool onFace = false;
                for (int a = 0; a < 3; ++a) {
                    QVERIFY(idx[a] > -1e-6 && idx[a] < double(o.size[a] - 1) + 1e-6);
                    onFace = onFace || std::abs(idx[a]) < 1e-6 ||
                             std::abs(idx[a] - double(o.size[a] - 1)) < 1e-6;
                }
                QVERIFY(onFace);
            }
        }
    }

    // ---- rendering ----

    void rendersTheVolumeInPatientSpace() {
        VolumeView3D view;
        view.setAnnotationsVisible(false); // caption and orientation cube: pixels of the scene only
        QVERIFY(!view.volumeRenderingVisible()); // opt-in
        view.setVolumeRenderingVisible(true);
        view.resize(420, 420);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        const Geometry g = obliqueGrid();
        // Bone sphere away from the grid centre: where it appears on screen
        // depends on the direction matrix and origin.
        const Eigen::Vector3d bone = g.physicalPoint({18.0, 44.0, 12.0});
        view.setVolume(phantom(g, 12.0, bone), "CT");
        QCOMPARE(view.presetNames().at(view.currentPreset()), QString("CT bone"));
        // vtkVolume bounds = bounding box of the grid's 8 corners in LPS.
        Eigen::Vector3d lo = Eigen::Vector3d::Constant(1e9), hi = -lo;
        for (int c = 0; c < 8; ++c) {
            const Eigen::Vector3d p =
                g.physicalPoint({(c & 1) ? g.size[0] - 1.0 : 0.0, (c & 2) ? g.size[1] - 1.0 : 0.0,
                                 (c & 4) ? g.size[2] - 1.0 : 0.0});
            lo = lo.cwiseMin(p);
            hi = hi.cwiseMax(p);
        }
        const auto b = view.volumeBounds();
        for (int a = 0; a < 3; ++a) {
            QVERIFY(std::abs(b[std::size_t(2 * a)] - lo[a]) < 1e-6);
            QVERIFY(std::abs(b[std::size_t(2 * a + 1)] - hi[a]) < 1e-6);
        }
        const QImage shot = renderAndGrab(view);
        QVERIFY(!shot.isNull());
        const int lit = countPixels(shot, nonBlack);
        qInfo("volume rendering: %d non-background pixels of %d", lit,
              shot.width() * shot.height());
        QVERIFY(lit > 2000);
        // The bright blob is centred where the camera projects the sphere's
        // LPS centre ...
        const QPointF blob = litCentre(shot);
        const QPointF expected = projected(view, bone, shot.height());
        qInfo("bone blob centre (%.1f, %.1f), projected sphere centre (%.1f, %.1f)", blob.x(),
              blob.y(), expected.x(), expected.y());
        QVERIFY(std::abs(blob.x() - expected.x()) < 4.0 && std::abs(blob.y() - expected.y()) < 4.0);
        // ... and not where the grid centre projects.
        QVERIFY(std::abs(projected(view, gridCentre(g), shot.height()).x() - expected.x()) > 15.0);

        view.setVolumeRenderingVisible(false);
        const QImage off = renderAndGrab(view);
        QCOMPARE(countPixels(off, nonBlack), 0);
    }

    void surfacesOnlyShowTheRoiColour() {
        VolumeView3D view;
        view.setAnnotationsVisible(false); // caption and orientation cube: pixels of the scene only
        QVERIFY(!view.volumeRenderingVisible()); // opt-in
        view.setVolumeRenderingVisible(true);
        view.resize(420, 420);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        const Geometry g = cubeGrid(48, {1.5, 1.5, 1.5});
        view.setVolume(phantom(g, 10.0), "CT");
        view.setVolumeRenderingVisible(false);
        QSignalSpy ready(&view, &VolumeView3D::surfacesReady);
        view.setSurfaces({{"Ball", sphereMask(g, gridCentre(g), 20.0), QColor(255, 0, 255)},
                          {"Empty", std::make_shared<Mask>(g), QColor(0, 255, 0)}});
        QVERIFY(ready.wait(20000));
        QCOMPARE(view.surfaceNames(), QStringList{"Ball"}); // empty masks give no surface
        const QImage shot = renderAndGrab(view);
        const int magenta = countPixels(shot, magentaLike);
        const int lit = countPixels(shot, nonBlack);
        qInfo("surfaces only: %d magenta pixels, %d lit", magenta, lit);
        QVERIFY(magenta > 2000);
        QVERIFY(magenta > 0.9 * lit); // nothing but the ROI is drawn

        view.setSurfaces({});
        QVERIFY(ready.wait(20000));
        QCOMPARE(countPixels(renderAndGrab(view), nonBlack), 0);
    }

    void changingThePresetChangesTheImage() {
        VolumeView3D view;
        QVERIFY(!view.volumeRenderingVisible()); // opt-in
        view.setVolumeRenderingVisible(true);
        view.resize(400, 400);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        const Geometry g = cubeGrid(48, {1.5, 1.5, 1.5});
        view.setVolume(phantom(g, 12.0), "CT");
        const QImage bone = renderAndGrab(view);
        view.applyPreset(view.presetNames().indexOf("CT soft tissue"));
        const QImage soft = renderAndGrab(view);
        QVERIFY(!bone.isNull() && !soft.isNull());
        // Soft tissue shows the 40 HU ball (radius 32 mm) around the 12 mm bone.
        const int boneLit = countPixels(bone, nonBlack);
        const int softLit = countPixels(soft, nonBlack);
        qInfo("lit pixels: CT bone %d, CT soft tissue %d", boneLit, softLit);
        QVERIFY(softLit > 3 * boneLit);
        QVERIFY(boneLit > 500);
    }

    void slicePlanesFollowTheCrosshair() {
        VolumeView3D view;
        view.setAnnotationsVisible(false); // caption and orientation cube: pixels of the scene only
        QVERIFY(!view.volumeRenderingVisible()); // opt-in
        view.setVolumeRenderingVisible(true);
        view.resize(420, 420);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        const Geometry g = cubeGrid(48, {1.5, 1.5, 1.5});
        view.setVolume(phantom(g, 10.0), "CT");
        view.setVolumeRenderingVisible(false);
        const Eigen::Vector3d c = gridCentre(g);
        view.setSlicePlanes(c);
        for (auto plane : {PatientPlane::Sagittal, PatientPlane::Coronal, PatientPlane::Axial}) {
            const auto outline = view.slicePlaneOutline(plane);
            QCOMPARE(outline.size(), std::size_t(4));
            for (const auto& p : outline)
                QVERIFY(std::abs(p[int(plane)] - c[int(plane)]) < 1e-9);
        }
        const double rowLow = meanRow(renderAndGrab(view), axialRed);
        view.setSlicePlanes(c + Eigen::Vector3d(0, 0, 25.0)); // 25 mm superior
        QCOMPARE(view.slicePlaneOutline(PatientPlane::Axial).front().z(), c.z() + 25.0);
        const double rowHigh = meanRow(renderAndGrab(view), axialRed);
        qInfo("axial outline mean row: %.1f -> %.1f", rowLow, rowHigh);
        QVERIFY(rowLow > 0 && rowHigh > 0);
        // Anterior view, head up: a more superior plane is higher on screen.
        QVERIFY(rowHigh < rowLow - 20);

        view.setSlicePlanesVisible(false);
        QVERIFY(view.slicePlaneOutline(PatientPlane::Axial).empty());
        QCOMPARE(countPixels(renderAndGrab(view), nonBlack), 0);
    }

    void stsCtRendersWithItsRoiSurface() {
        const auto dir = rgw::test::ibsiDataSets() / "ibsi_validation" / "nifti" / "STS_005";
        if (!std::filesystem::exists(dir / "CT_image.nii.gz"))
            QSKIP("shared test data not found (set RGW_TEST_DATA)");
        auto ct = std::make_shared<Volume>(nifti::readVolume(dir / "CT_image.nii.gz"));
        ct->unit = IntensityUnit::HounsfieldUnit;
        auto mask = std::make_shared<Mask>(nifti::readMask(dir / "CT_mask.nii.gz"));
        VolumeView3D view;
        view.setAnnotationsVisible(false); // caption and orientation cube: pixels of the scene only
        QVERIFY(!view.volumeRenderingVisible()); // opt-in
        view.setVolumeRenderingVisible(true);
        view.resize(500, 500);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setVolume(ct, "CT");
        QSignalSpy ready(&view, &VolumeView3D::surfacesReady);
        view.setSurfaces({{"GTV_Mass", mask, QColor(255, 0, 255)}});
        QVERIFY(ready.wait(30000));
        view.setSlicePlanes(gridCentre(ct->geometry));
        QVERIFY(!renderAndGrab(view).isNull()); // first frame uploads the volume
        QElapsedTimer timer;
        timer.start();
        const QImage shot = renderAndGrab(view);
        const double frameMs = double(timer.nsecsElapsed()) / 1e6;
        const int magenta = countPixels(shot, magentaLike);
        qInfo("STS_005 CT volume + ROI surface: frame %.0f ms, %d ROI-coloured pixels", frameMs,
              magenta);
        QVERIFY(magenta > 500);
        view.setVolumeRenderingVisible(false);
        // Surfaces alone: without the volume the planes show the image (opaque,
        // in front of half the ROI), so hide them too.
        QCOMPARE(view.texturedSlicePlanes(), 3);
        view.setSlicePlanesVisible(false);
        const QImage surfaceOnly = renderAndGrab(view);
        QVERIFY(countPixels(surfaceOnly, magentaLike) >= magenta);
    }

    void volumeRenderingRunsOffTheGuiThreadCoarseThenFinal() {
        VolumeView3D view;
        view.setAnnotationsVisible(false); // caption and orientation cube: pixels of the scene only
        view.setVolumeRenderingVisible(true);
        view.resize(420, 420);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        const Geometry g = cubeGrid(160, {0.8, 0.8, 0.8});
        const Eigen::Vector3d bone = g.physicalPoint({50.0, 100.0, 80.0});
        QSignalSpy shown(&view, &VolumeView3D::volumeFrameShown);
        std::set<QThread*> renderThreads; // where the frames were made
        connect(
            view.volumeRenderer(), &OffscreenVolumeRenderer::frameReady, this,
            [&renderThreads](const VolumeFrame&) {
                renderThreads.insert(QThread::currentThread());
            },
            Qt::DirectConnection);
        view.setVolume(phantom(g, 12.0, bone), "CT");
        QVERIFY(QTest::qWaitFor([&] { return !view.volumeFramePending(); }, 120000));
        QVERIFY(shown.count() >= 2);
        QCOMPARE(shown.first().at(0).toBool(), false); // the coarse preview first
        QCOMPARE(shown.last().at(0).toBool(), true);
        QCOMPARE(renderThreads.size(), std::size_t{1});
        QVERIFY(*renderThreads.begin() != QThread::currentThread()); // not the GUI thread

        // Right after the camera turns, the frame made for the old camera is
        // not shown (it would put the bone in the wrong place)...
        view.canvas()
            ->renderWindow()
            ->GetRenderers()
            ->GetFirstRenderer()
            ->GetActiveCamera()
            ->Azimuth(40.0);
        const QImage moved = view.canvas()->grabFramebuffer().convertToFormat(QImage::Format_RGB32);
        QCOMPARE(countPixels(moved, nonBlack), 0);
        QVERIFY(view.volumeFramePending());
        // ... and the frame for the new camera shows it where that camera
        // projects it.
        const QImage shot = renderAndGrab(view);
        QVERIFY(countPixels(shot, nonBlack) > 500);
        const QPointF blob = litCentre(shot);
        const QPointF expected = projected(view, bone, shot.height());
        qInfo("turned camera: bone blob centre (%.1f, %.1f), projected (%.1f, %.1f)", blob.x(),
              blob.y(), expected.x(), expected.y());
        QVERIFY(std::abs(blob.x() - expected.x()) < 4.0 && std::abs(blob.y() - expected.y()) < 4.0);
    }

    void mouseRotatesAndRKeyResetsTheCamera() {
        VolumeView3D view;
        QVERIFY(!view.volumeRenderingVisible()); // opt-in
        view.setVolumeRenderingVisible(true);
        view.resize(400, 400);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        const Geometry g = cubeGrid(32, {2, 2, 2});
        view.setVolume(phantom(g, 10.0), "CT");
        QVERIFY(!renderAndGrab(view).isNull());
        vtkCamera* camera =
            view.canvas()->renderWindow()->GetRenderers()->GetFirstRenderer()->GetActiveCamera();
        auto viewDirection = [&] {
            double d[3];
            camera->GetDirectionOfProjection(d);
            return Eigen::Vector3d(d[0], d[1], d[2]);
        };
        QVERIFY((viewDirection() - Eigen::Vector3d(0, 1, 0)).norm() < 1e-9); // anterior view

        QWidget* canvas = view.canvas();
        const QPoint start(canvas->width() / 2, canvas->height() / 2);
        const QPoint end = start + QPoint(canvas->width() / 4, 0);
        QTest::mousePress(canvas, Qt::LeftButton, {}, start);
        for (int step = 1; step <= 5; ++step) {
            const QPoint p = start + (end - start) * step / 5;
            QMouseEvent move(QEvent::MouseMove, p, canvas->mapToGlobal(p), Qt::NoButton,
                             Qt::LeftButton, Qt::NoModifier);
            QApplication::sendEvent(canvas, &move);
        }
        QTest::mouseRelease(canvas, Qt::LeftButton, {}, end);
        QVERIFY2((viewDirection() - Eigen::Vector3d(0, 1, 0)).norm() > 0.2,
                 "left-drag did not rotate the camera");
        QTest::keyClick(canvas, Qt::Key_R);
        QVERIFY((viewDirection() - Eigen::Vector3d(0, 1, 0)).norm() < 1e-9);
    }
};

int main(int argc, char** argv) {
    rgw::viewers::setDefaultSurfaceFormat(); // before QApplication, as in the app
    QApplication app(argc, argv);
    VolumeViewTest test;
    return QTest::qExec(&test, argc, argv);
}
#include "test_volume_view.moc"
