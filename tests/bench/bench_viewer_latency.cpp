// Viewer latency on this machine's OpenGL (Xvfb + Mesa llvmpipe under
// run_viewer_benchmark.sh): a synthetic 512 x 512 x 300 CT with two ROI
// overlays, timed per update from the request to the frame finished
// (composition on the CPU, texture upload, VTK render into the native
// window, its swap and glFinish):
//   1. slice change (scroll) in one slice view, 200 steps, at three view
//      sizes (a window filling the 1280 x 1024 screen, a large view, one
//      cell of the four-up layout);
//   2. the same with a fused PET (200 x 200 x 150 on its own grid);
//   3. brush stroke: a disc dab painted into one mask (core/segmentation
//      paintDisc), overlay refresh and render, 200 dabs along a path;
//   4. the four-up layout filling the screen: a wheel step in the axial view
//      until all four views (coronal/sagittal crosshair, 3D planes with the
//      ROI surfaces) have drawn, plain and fused;
//   5. 3D volume rendering (drawn on its own thread): after a camera turn,
//      the time to the coarse and the final frame, and the longest stall of
//      the GUI thread's event loop meanwhile.
// Also the CPU-only reslice of one 512 x 512 plane, axis-aligned and oblique.
// Prints median, p95 and max in ms and the ratio to the 16 ms (60 Hz) budget.
// RGW_BENCH_ONLY_3D=1 runs the reslice and volume-rendering parts only.
#include "bridge/OpenGLSupport.h"
#include "bridge/VtkOpenGLWidget.h"
#include "image/Reslice.h"
#include "layout/ViewerLayout.h"
#include "segmentation/Brush.h"
#include "slice/SliceView.h"
#include "volume/VolumeView3D.h"

#include <Eigen/Geometry>
#include <QApplication>
#include <QEventLoop>
#include <QOpenGLContext>
#include <QOpenGLFunctions>
#include <QTest>
#include <QTimer>
#include <QWheelEvent>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <functional>
#include <numbers>
#include <vector>
#include <vtkCamera.h>
#include <vtkRenderWindow.h>
#include <vtkRenderer.h>
#include <vtkRendererCollection.h>

using namespace rgw;
using Clock = std::chrono::steady_clock;

namespace {

constexpr double kBudgetMs = 16.0;

struct Stats {
    double median = 0, p95 = 0, max = 0;
};

Stats stats(std::vector<double> ms) {
    std::sort(ms.begin(), ms.end());
    const auto at = [&](double q) {
        return ms[std::min(ms.size() - 1, static_cast<std::size_t>(std::ceil(q * ms.size())) - 1)];
    };
    return {at(0.5), at(0.95), ms.back()};
}

void report(const char* what, const std::vector<double>& ms) {
    const Stats s = stats(ms);
    std::printf("%-44s n=%3zu  median %6.2f ms  p95 %6.2f ms  max %6.2f ms  "
                "(median %.2fx, p95 %.2fx of the 16 ms budget)\n",
                what, ms.size(), s.median, s.p95, s.max, s.median / kBudgetMs, s.p95 / kBudgetMs);
}

double msSince(Clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

// Paints the canvas now and waits for the GPU (llvmpipe) to finish.
void renderNow(viewers::VtkOpenGLWidget* canvas) {
    const int before = canvas->renderedFrames();
    canvas->renderNow();
    if (canvas->renderedFrames() == before) // not on screen yet: wait for it
        if (!QTest::qWaitFor([&] { return canvas->renderedFrames() > before; }, 5000))
            std::fprintf(stderr, "bench_viewer_latency: no frame within 5 s\n");
    canvas->makeCurrent();
    canvas->context()->functions()->glFinish();
    canvas->doneCurrent();
}

// CT: air outside a 200 mm radius water cylinder, a 60 mm bone rod and
// noise-free soft-tissue texture, 0.8 x 0.8 x 2 mm.
std::shared_ptr<Volume> syntheticCt() {
    Geometry g;
    g.size = {512, 512, 300};
    g.spacing = {0.8, 0.8, 2.0};
    g.origin = {-204.4, -204.4, -300.0};
    auto v = std::make_shared<Volume>(g);
    v->unit = IntensityUnit::HounsfieldUnit;
    for (std::int64_t k = 0; k < g.size[2]; ++k)
        for (std::int64_t j = 0; j < g.size[1]; ++j)
            for (std::int64_t i = 0; i < g.size[0]; ++i) {
                const double x = g.origin.x() + i * 0.8, y = g.origin.y() + j * 0.8;
                const double r = std::hypot(x, y);
                float value = -1000.0f;
                if (r < 200.0)
                    value = static_cast<float>(40.0 + 20.0 * std::sin(x / 7.0) * std::cos(y / 9.0));
                if (std::hypot(x - 60.0, y + 30.0) < 30.0)
                    value = 700.0f;
                v->at(i, j, k) = value;
            }
    return v;
}

std::shared_ptr<Mask> ballMask(const Geometry& g, const Eigen::Vector3d& centre, double radius) {
    auto m = std::make_shared<Mask>(g);
    for (std::int64_t k = 0; k < g.size[2]; ++k)
        for (std::int64_t j = 0; j < g.size[1]; ++j)
            for (std::int64_t i = 0; i < g.size[0]; ++i)
                m->at(i, j, k) =
                    (g.physicalPoint(Eigen::Vector3d(double(i), double(j), double(k))) - centre)
                                .norm() <= radius
                        ? 1
                        : 0;
    return m;
}

std::shared_ptr<Volume> syntheticPet() {
    Geometry g;
    g.size = {200, 200, 150};
    g.spacing = {4.0, 4.0, 4.0};
    g.origin = {-398.0, -398.0, -310.0};
    auto v = std::make_shared<Volume>(g);
    v->unit = IntensityUnit::SuvBodyWeight;
    for (std::int64_t k = 0; k < g.size[2]; ++k)
        for (std::int64_t j = 0; j < g.size[1]; ++j)
            for (std::int64_t i = 0; i < g.size[0]; ++i) {
                const Eigen::Vector3d p =
                    g.physicalPoint(Eigen::Vector3d(double(i), double(j), double(k)));
                const double d = (p - Eigen::Vector3d(-50, 20, 0)).norm();
                v->at(i, j, k) = static_cast<float>((std::hypot(p.x(), p.y()) < 200 ? 1.0 : 0.05) +
                                                    8.0 * std::exp(-d * d / 400));
            }
    return v;
}

} // namespace

int main(int argc, char** argv) {
    viewers::setDefaultSurfaceFormat();
    QApplication app(argc, argv);
    if (const QString problem = viewers::openGLProblem(); !problem.isEmpty()) {
        std::fprintf(stderr, "bench_viewer_latency: %s\n", qPrintable(problem));
        return 1;
    }
    std::printf("Building a synthetic 512 x 512 x 300 CT, two ROIs, a 200 x 200 x 150 PET...\n");
    auto ct = syntheticCt();
    const Geometry& g = ct->geometry;
    auto tumour = ballMask(g, {-50, 20, 0}, 35.0);
    auto node = ballMask(g, {70, -60, 20}, 15.0);
    auto pet = syntheticPet();

    // CPU reslice alone: one 512 x 512 axial plane, then the same voxels with
    // the direction rotated 30 degrees about S (trilinear through the matrix).
    {
        std::vector<float> out;
        std::vector<double> aligned, oblique;
        const SliceStack stack(g, SliceOrientation::Axial);
        for (int n = 0; n < 100; ++n) {
            const auto t0 = Clock::now();
            reslice(*ct, stack.plane(50 + n), out, 0.0f);
            aligned.push_back(msSince(t0));
        }
        const Eigen::Matrix3d saved = ct->geometry.direction;
        ct->geometry.direction =
            Eigen::AngleAxisd(std::numbers::pi / 6.0, Eigen::Vector3d::UnitZ()).toRotationMatrix();
        const SliceStack tilted(ct->geometry, SliceOrientation::Axial,
                                ct->geometry.spacing.minCoeff());
        for (int n = 0; n < 100; ++n) {
            const SlicePlane p = tilted.plane(50 + n);
            const auto t0 = Clock::now();
            reslice(*ct, p, out, 0.0f);
            oblique.push_back(msSince(t0));
        }
        ct->geometry.direction = saved;
        std::printf("plane grid: aligned 512 x 512, oblique %d x %d\n", tilted.plane(0).width,
                    tilted.plane(0).height);
        report("reslice only, axis-aligned (copy)", aligned);
        report("reslice only, oblique 30 deg (trilinear)", oblique);
    }

    // The same measurements for several view sizes: a frame's cost grows
    // with the canvas' pixels.
    const auto measureView = [&](QSize size) -> bool {
        std::printf("\n== view %d x %d\n", size.width(), size.height());
        viewers::SliceView view;
        view.resize(size);
        view.show();
        if (!QTest::qWaitForWindowExposed(&view))
            return false;
        view.setVolume(ct, "Synthetic CT 512 x 512 x 300", "CT");
        view.setOverlays({{"Tumour", tumour, QColor(230, 60, 60)},
                          {"Node", node, QColor(60, 200, 90), true, 0.45, true}});
        renderNow(view.canvas());
        std::printf("canvas %d x %d logical px, device ratio %.1f\n", view.canvas()->width(),
                    view.canvas()->height(), view.canvas()->devicePixelRatioF());

        const auto scroll = [&](const char* label) {
            std::vector<double> total, compose;
            for (int n = 0; n < 200; ++n) {
                const int slice = 50 + n; // through both ROIs
                const auto t0 = Clock::now();
                view.setSlice(slice); // resample + compose + texture upload
                compose.push_back(msSince(t0));
                renderNow(view.canvas());
                total.push_back(msSince(t0));
            }
            char buffer[128];
            std::snprintf(buffer, sizeof buffer, "%s: compose only", label);
            report(buffer, compose);
            std::snprintf(buffer, sizeof buffer, "%s: set slice -> frame done", label);
            report(buffer, total);
        };
        {
            // Frame cost alone: nothing changed, repaint and finish.
            std::vector<double> frame;
            for (int n = 0; n < 50; ++n) {
                const auto t0 = Clock::now();
                renderNow(view.canvas());
                frame.push_back(msSince(t0));
            }
            report("repaint only (no change)", frame);
        }
        if (qEnvironmentVariableIsSet("RGW_BENCH_NO_TEXT"))
            view.setAnnotationsVisible(false);
        scroll("scroll CT + 2 ROIs");

        view.setFusion(pet, viewers::WindowLevel::fromRange(0.0, 5.0), viewers::ColourMap::Hot,
                       0.5);
        renderNow(view.canvas());
        scroll("scroll fused PET/CT + 2 ROIs");
        view.clearFusion();

        // Brush: 10 mm radius disc dabs along a line on one axial slice.
        view.setSlice(150);
        renderNow(view.canvas());
        const SlicePlane plane = view.currentPlane();
        segmentation::Brush brush;
        brush.radiusMm = 10.0;
        const segmentation::BrushPlane brushPlane{plane.normal()};
        std::vector<double> dab, total;
        for (int n = 0; n < 200; ++n) {
            const Eigen::Vector3d centre(-150.0 + 1.5 * n, 100.0 - 0.5 * n, plane.position());
            const auto t0 = Clock::now();
            segmentation::paintDisc(*tumour, centre, brushPlane, brush);
            dab.push_back(msSince(t0));
            view.refreshOverlays();
            renderNow(view.canvas());
            total.push_back(msSince(t0));
        }
        report("brush 10 mm radius: paintDisc only", dab);
        report("brush 10 mm radius: paint -> frame done", total);
        return true;
    };
    // A window filling the 1280 x 1024 Xvfb screen, a large single view and
    // one cell of the four-up layout.
    if (!qEnvironmentVariableIsSet("RGW_BENCH_ONLY_3D"))
        for (const QSize size : {QSize(1280, 1000), QSize(820, 800), QSize(500, 420)})
            if (!measureView(size))
                return 1;

    // The four-up layout filling the screen: one wheel step in the axial
    // view moves the crosshair in the coronal and sagittal views and the
    // planes in 3D (ROI surfaces shown): timed from the wheel event until
    // every view has drawn its frame.
    if (!qEnvironmentVariableIsSet("RGW_BENCH_ONLY_3D")) {
        std::printf("\n== four-up layout 1280 x 1000 (axial, coronal, sagittal, 3D surfaces)\n");
        viewers::ViewerLayout layout;
        layout.setLayoutMode(viewers::Layout::FourUp);
        layout.resize(1280, 1000);
        layout.show();
        if (!QTest::qWaitForWindowExposed(&layout))
            return 1;
        layout.setVolume(ct, "Synthetic CT 512 x 512 x 300", "CT");
        layout.setOverlays({{"Tumour", tumour, QColor(230, 60, 60)},
                            {"Node", node, QColor(60, 200, 90), true, 0.45, true}});
        if (!QTest::qWaitFor([&] { return !layout.volumeView()->surfacesPending(); }, 60000))
            return 1;
        std::vector<viewers::VtkOpenGLWidget*> canvases;
        for (const auto orientation :
             {SliceOrientation::Axial, SliceOrientation::Coronal, SliceOrientation::Sagittal})
            canvases.push_back(layout.sliceView(orientation)->canvas());
        canvases.push_back(layout.volumeView()->canvas());
        const auto settle = [&] { // every requested frame drawn and finished
            while (std::any_of(canvases.begin(), canvases.end(),
                               [](auto* c) { return c->framePending(); }))
                QCoreApplication::processEvents(QEventLoop::AllEvents);
            for (auto* c : canvases) {
                c->makeCurrent();
                c->context()->functions()->glFinish();
                c->doneCurrent();
            }
        };
        settle();
        viewers::VtkOpenGLWidget* axial = canvases.front();
        const auto wheelSteps = [&](const char* label) {
            std::vector<double> ms;
            for (int n = 0; n < 100; ++n) {
                const QPointF at(axial->width() / 2.0, axial->height() / 2.0);
                QWheelEvent wheel(at, axial->mapToGlobal(at), {}, {0, n < 50 ? 120 : -120},
                                  Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
                const auto t0 = Clock::now();
                QApplication::sendEvent(axial, &wheel);
                settle();
                ms.push_back(msSince(t0));
            }
            report(label, ms);
        };
        wheelSteps("four-up: wheel step -> all four views drawn");
        layout.setFusion(pet, viewers::WindowLevel::fromRange(0.0, 5.0), viewers::ColourMap::Hot,
                         0.5);
        settle();
        wheelSteps("four-up fused: wheel step -> all views drawn");
    }

    // 3D: volume rendering of the CT (CT bone preset) in a large view while
    // the camera turns. The frames are drawn on the volume renderer's own
    // thread; measured: how long until the coarse preview and the final
    // frame are shown after a turn, and the longest time the GUI thread's
    // event loop was held meanwhile (a 1 ms timer's largest gap).
    {
        std::printf("\n== 3D view 820 x 800, volume rendering of the 512 x 512 x 300 CT\n");
        viewers::VolumeView3D view;
        view.setVolumeRenderingVisible(true);
        view.resize(820, 800);
        view.show();
        if (!QTest::qWaitForWindowExposed(&view))
            return 1;
        view.setVolume(ct, "CT");
        if (!QTest::qWaitFor([&] { return !view.volumeFramePending(); }, 120000))
            return 1; // first frames: shaders, 3D texture upload
        vtkCamera* camera =
            view.canvas()->renderWindow()->GetRenderers()->GetFirstRenderer()->GetActiveCamera();
        std::vector<double> coarse, final, stall;
        Clock::time_point turned;
        QObject::connect(&view, &viewers::VolumeView3D::volumeFrameShown, [&](bool isFinal) {
            (isFinal ? final : coarse).push_back(msSince(turned));
        });
        Clock::time_point lastTick;
        double longest = 0;
        QTimer tick;
        tick.setInterval(1);
        QObject::connect(&tick, &QTimer::timeout, [&] {
            longest = std::max(longest, msSince(lastTick));
            lastTick = Clock::now();
        });
        for (int n = 0; n < 5; ++n) {
            camera->Azimuth(15.0);
            turned = lastTick = Clock::now();
            longest = 0;
            tick.start();
            view.canvas()->requestRender();
            // A plain event loop (QTest::qWaitFor sleeps between its turns).
            QEventLoop loop;
            const auto done = QObject::connect(&view, &viewers::VolumeView3D::volumeFrameShown,
                                               [&loop](bool isFinal) {
                                                   if (isFinal)
                                                       loop.quit();
                                               });
            QTimer::singleShot(120000, &loop, &QEventLoop::quit);
            loop.exec();
            QObject::disconnect(done);
            tick.stop();
            if (view.volumeFramePending())
                return 1;
            stall.push_back(longest);
        }
        {
            std::vector<double> frame;
            for (int n = 0; n < 20; ++n) {
                const auto t0 = Clock::now();
                renderNow(view.canvas());
                frame.push_back(msSince(t0));
            }
            report("volume: repaint with the final frame shown", frame);
        }
        report("volume: turn -> coarse preview shown", coarse);
        report("volume: turn -> final frame shown", final);
        report("volume: longest GUI-thread stall meanwhile", stall);
    }
    return 0;
}
