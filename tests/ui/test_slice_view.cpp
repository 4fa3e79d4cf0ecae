// The slice view renders through the Qt6-VTK bridge under Xvfb: the grabbed
// widget shows the image in radiological orientation, the overlay in its
// colour only where the mask is (fill or outline), a PET fusion in hot
// colours, orientation labels; wheel / keys / drags drive slices,
// window/level, zoom, pan, reset, crosshair, probe and ruler.
#include "GuiTestSupport.h"
#include "bridge/OpenGLSupport.h"
#include "bridge/VtkOpenGLWidget.h"
#include "slice/SliceView.h"

#include <QApplication>
#include <QImage>
#include <QMouseEvent>
#include <QTest>
#include <QWheelEvent>

using namespace rgw;
using namespace rgw::viewers;

namespace {

// Mask block in the patient's left (+i, high x) anterior (low j) quarter on
// slices 5..9: radiologically it must appear top right.
std::shared_ptr<Mask> leftAnteriorBlock(const Geometry& g) {
    auto m = std::make_shared<Mask>(g);
    for (std::int64_t k = 5; k < 10; ++k)
        for (std::int64_t j = 4; j < 20; ++j)
            for (std::int64_t i = 40; i < 60; ++i)
                m->at(i, j, k) = 1;
    return m;
}

// Green dominance of a pixel: a pure-green overlay on grey raises it.
int greenExcess(QRgb p) {
    return qGreen(p) - std::max(qRed(p), qBlue(p));
}

QPoint at(const QRect& r, double fx, double fy) {
    return {r.left() + static_cast<int>(fx * r.width()),
            r.top() + static_cast<int>(fy * r.height())};
}

} // namespace

class SliceViewTest : public QObject {
    Q_OBJECT
private:
    QImage renderAndGrab(SliceView& view) {
        const int before = view.canvas()->renderedFrames();
        view.canvas()->requestRender();
        if (!QTest::qWaitFor([&] { return view.canvas()->renderedFrames() > before; }, 5000))
            return {};
        return view.canvas()->grabFramebuffer().convertToFormat(QImage::Format_RGB32);
    }

private slots:
    void initTestCase() {
        const QString problem = openGLProblem();
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    void showsImageAndOverlayInRadiologicalOrientation() {
        SliceView view;
        view.resize(700, 560);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        auto volume = test::rampVolume();
        view.setVolume(volume, "Synthetic ramp", "CT");
        view.setWindowLevel(WindowLevel::fromRange(-1000.0, 900.0));
        view.setOverlays({{"Block", leftAnteriorBlock(volume->geometry), QColor(0, 255, 0)}});
        QCOMPARE(view.overlays().size(), std::size_t(1));
        view.setSlice(7);

        const QImage image = renderAndGrab(view);
        QVERIFY(!image.isNull());
        const double ratio = view.canvas()->devicePixelRatioF();
        QRect r = view.imageRectOnCanvas();
        r = QRect(r.topLeft() * ratio, r.size() * ratio);
        QVERIFY(r.width() > 100 && r.height() > 100);

        // The ramp: left edge (low i, -1000 HU) dark, right edge bright.
        const QRgb leftPixel = image.pixel(at(r, 0.05, 0.9));
        const QRgb rightPixel = image.pixel(at(r, 0.55, 0.9));
        QVERIFY2(
            qGray(rightPixel) > qGray(leftPixel) + 60,
            qPrintable(QString("left %1 right %2").arg(qGray(leftPixel)).arg(qGray(rightPixel))));
        // Alpha forced to 1 by the bridge.
        QCOMPARE(qAlpha(view.canvas()->grabFramebuffer().pixel(at(r, 0.5, 0.5))), 255);

        // Overlay centre: i = 50 of 64, j = 12 of 48 -> right, top.
        const QRgb overlay = image.pixel(at(r, 50.5 / 64.0, 12.0 / 48.0));
        QVERIFY2(greenExcess(overlay) > 60, qPrintable(QString::number(greenExcess(overlay))));
        // Mirror positions (patient right, or posterior) carry no overlay.
        QVERIFY(greenExcess(image.pixel(at(r, 1.0 - 50.5 / 64.0, 12.0 / 48.0))) < 15);
        QVERIFY(greenExcess(image.pixel(at(r, 50.5 / 64.0, 36.0 / 48.0))) < 15);

        // A slice without the mask shows no overlay colour anywhere.
        view.setSlice(15);
        const QImage clean = renderAndGrab(view);
        int greenPixels = 0;
        for (int y = r.top(); y < r.bottom(); y += 2)
            for (int x = r.left(); x < r.right(); x += 2)
                greenPixels += greenExcess(clean.pixel(x, y)) > 60;
        QCOMPARE(greenPixels, 0);
    }

    void wheelKeysAndDragDriveTheView() {
        SliceView view;
        view.resize(500, 400);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        auto volume = test::rampVolume();
        view.setVolume(volume, "Synthetic ramp", "CT");
        QCOMPARE(view.sliceCount(), 20);
        QCOMPARE(view.currentSlice(), 9);
        QCOMPARE(view.presetNames().first(), QString("Soft tissue"));
        QCOMPARE(view.windowLevel().window, 400.0);

        QWidget* canvas = view.canvas();
        const QPointF centre(canvas->width() / 2.0, canvas->height() / 2.0);
        QWheelEvent wheel(centre, canvas->mapToGlobal(centre), {}, {0, 120}, Qt::NoButton,
                          Qt::NoModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(canvas, &wheel);
        QCOMPARE(view.currentSlice(), 10);
        QTest::keyClick(canvas, Qt::Key_PageDown); // page = 20 / 10 = 2
        QCOMPARE(view.currentSlice(), 8);
        QTest::keyClick(canvas, Qt::Key_Up);
        QCOMPARE(view.currentSlice(), 9);
        QTest::keyClick(canvas, Qt::Key_End);
        QCOMPARE(view.currentSlice(), 19);

        // Left-drag to the right by a quarter of the width: window grows by
        // 0.25 * 2 = half of its starting value (400 -> 600).
        const QPoint start = centre.toPoint();
        const QPoint end = start + QPoint(canvas->width() / 4, 0);
        QTest::mousePress(canvas, Qt::LeftButton, {}, start);
        QMouseEvent move(QEvent::MouseMove, end, canvas->mapToGlobal(end), Qt::NoButton,
                         Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(canvas, &move);
        QTest::mouseRelease(canvas, Qt::LeftButton, {}, end);
        QCOMPARE(view.windowLevel().window,
                 400.0 + 2.0 * 400.0 * (canvas->width() / 4) / canvas->width());
        QCOMPARE(view.windowLevel().level, 50.0);

        view.applyPreset(view.presetNames().indexOf("Lung"));
        QCOMPARE(view.windowLevel().window, 1500.0);
        QCOMPARE(view.windowLevel().level, -600.0);
    }

    void orientationLabelsAreDrawnAtTheEdges() {
        SliceView view(SliceOrientation::Coronal);
        view.resize(500, 400);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QCOMPARE(view.orientationLabels(), (QStringList{"R", "L", "S", "I"}));
        view.setOrientation(SliceOrientation::Axial);
        QCOMPARE(view.orientationLabels(), (QStringList{"R", "L", "A", "P"}));
        view.setVolume(test::rampVolume(), "Synthetic ramp", "CT");
        view.setAnnotationsVisible(false);
        const QImage with = renderAndGrab(view);
        view.setOrientationLabelsVisible(false);
        const QImage without = renderAndGrab(view);
        const double ratio = view.canvas()->devicePixelRatioF();
        const int w = view.canvas()->width(), h = view.canvas()->height();
        // Letters change pixels in a 24 px box at the middle of each edge.
        auto changed = [&](QPoint centre) {
            int n = 0;
            for (int y = centre.y() - 12; y < centre.y() + 12; ++y)
                for (int x = centre.x() - 12; x < centre.x() + 12; ++x) {
                    const QPoint p(int(x * ratio), int(y * ratio));
                    if (with.rect().contains(p) &&
                        std::abs(qGray(with.pixel(p)) - qGray(without.pixel(p))) > 40)
                        ++n;
                }
            return n;
        };
        QVERIFY(changed({14, h / 2}) > 5);     // R
        QVERIFY(changed({w - 14, h / 2}) > 5); // L
        QVERIFY(changed({w / 2, 14}) > 5);     // A
        QVERIFY(changed({w / 2, h - 14}) > 5); // P
        QVERIFY(changed({w / 4, h / 4}) == 0); // nothing else changed
        QVERIFY(view.scaleBarLength() > 0.0);
    }

    void outlineDrawsTheBorderOnly() {
        SliceView view;
        view.resize(600, 500);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        auto volume = test::rampVolume();
        view.setVolume(volume, "Synthetic ramp", "CT");
        MaskOverlay block{"Block", leftAnteriorBlock(volume->geometry), QColor(0, 255, 0)};
        block.outline = true;
        view.setOverlays({block});
        view.setSlice(7);
        view.setAnnotationsVisible(false);
        const QImage image = renderAndGrab(view);
        const double ratio = view.canvas()->devicePixelRatioF();
        QRect r = view.imageRectOnCanvas();
        r = QRect(r.topLeft() * ratio, r.size() * ratio);
        // Block i 40..59, j 4..19: its edge at i = 40 is green, its centre not.
        QVERIFY(greenExcess(image.pixel(at(r, 40.5 / 64.0, 12.0 / 48.0))) > 60);
        QVERIFY(greenExcess(image.pixel(at(r, 50.5 / 64.0, 12.0 / 48.0))) < 15);
        QVERIFY(greenExcess(image.pixel(at(r, 50.5 / 64.0, 4.5 / 48.0))) > 60);
        // Hidden: gone.
        block.visible = false;
        view.setOverlays({block});
        const QImage hidden = renderAndGrab(view);
        QVERIFY(greenExcess(hidden.pixel(at(r, 40.5 / 64.0, 12.0 / 48.0))) < 15);
    }

    void petHotSpotShowsHotColoursOverGreyCt() {
        SliceView view;
        view.resize(600, 500);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        // Uniform 40 HU CT; PET on its own 4 mm grid, SUV 4 in a 12 mm cube
        // centred at (8, -4) mm, SUV 0.3 elsewhere.
        Geometry g;
        g.size = {64, 48, 20};
        g.spacing = {1.0, 1.0, 2.0};
        g.origin = {-32.0, -24.0, 100.0};
        auto ct = std::make_shared<Volume>(g, 40.0f);
        ct->unit = IntensityUnit::HounsfieldUnit;
        Geometry pg;
        pg.size = {20, 16, 12};
        pg.spacing = {4.0, 4.0, 4.0};
        pg.origin = {-38.0, -30.0, 96.0};
        auto pet = std::make_shared<Volume>(pg, 0.3f);
        pet->unit = IntensityUnit::SuvBodyWeight;
        for (std::int64_t k = 0; k < 12; ++k)
            for (std::int64_t j = 0; j < 16; ++j)
                for (std::int64_t i = 0; i < 20; ++i) {
                    const Eigen::Vector3d p =
                        pg.physicalPoint(Eigen::Vector3d(double(i), double(j), double(k)));
                    if (std::abs(p.x() - 8.0) <= 6.0 && std::abs(p.y() + 4.0) <= 6.0)
                        pet->at(i, j, k) = 4.0f;
                }
        view.setVolume(ct, "CT", "CT");
        view.setFusion(pet, WindowLevel::fromRange(0.0, 5.0), ColourMap::Hot, 0.5);
        view.setAnnotationsVisible(false);
        QVERIFY(view.hasFusion());
        const QImage image = renderAndGrab(view);
        const double ratio = view.canvas()->devicePixelRatioF();
        const QPointF hotSpot = view.patientToCanvas({8.0, -4.0, 118.0}) * ratio;
        const QRgb hot = image.pixel(hotSpot.toPoint());
        // Red and green well above blue: orange / yellow.
        QVERIFY2(qRed(hot) > qBlue(hot) + 80 && qGreen(hot) > qBlue(hot) + 40,
                 qPrintable(QColor(hot).name()));
        const QRgb away =
            image.pixel((view.patientToCanvas({-20.0, 15.0, 118.0}) * ratio).toPoint());
        QVERIFY2(std::abs(qRed(away) - qBlue(away)) < 30, qPrintable(QColor(away).name()));
        // Each keeps its own window: changing the CT's leaves the PET's.
        view.applyPreset(view.presetNames().indexOf("Lung"));
        QCOMPARE(view.fusionWindowLevel().upper(), 5.0);
        // The probe reports both values with units.
        const QString probe = view.probeAt({8.0, -4.0, 118.0});
        QVERIFY2(probe.contains("40 HU") && probe.contains("4 SUVbw"), qPrintable(probe));
    }

    void zoomPanResetCrosshairAndRuler() {
        SliceView view;
        view.resize(600, 500);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        auto volume = test::rampVolume();
        view.setVolume(volume, "Synthetic ramp", "CT");
        QWidget* canvas = view.canvas();
        const QRect fitted = view.imageRectOnCanvas();
        const double fittedMmPerPixel = view.viewTransform().mmPerPixel;
        const QPointF centre(canvas->width() / 2.0, canvas->height() / 2.0);

        // Ctrl+wheel one notch: x1.25 about the cursor.
        const Eigen::Vector3d under = view.canvasToPatient(centre + QPointF(40, 30));
        QWheelEvent wheel(centre + QPointF(40, 30), canvas->mapToGlobal(centre), {}, {0, 120},
                          Qt::NoButton, Qt::ControlModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(canvas, &wheel);
        QCOMPARE(view.currentSlice(), 9); // zoom, not scroll
        QVERIFY(std::abs(view.viewTransform().mmPerPixel * 1.25 - fittedMmPerPixel) < 1e-12);
        QVERIFY((view.canvasToPatient(centre + QPointF(40, 30)) - under).norm() < 1e-6);
        // Middle-drag pans with the mouse.
        const QPointF before = view.patientToCanvas(under);
        QTest::mousePress(canvas, Qt::MiddleButton, {}, QPoint(100, 100));
        QMouseEvent move(QEvent::MouseMove, QPointF(130, 80), canvas->mapToGlobal(QPointF(130, 80)),
                         Qt::NoButton, Qt::MiddleButton, Qt::NoModifier);
        QApplication::sendEvent(canvas, &move);
        QTest::mouseRelease(canvas, Qt::MiddleButton, {}, QPoint(130, 80));
        QVERIFY((view.patientToCanvas(under) - before - QPointF(30, -20)).manhattanLength() < 1e-6);
        // R resets.
        QTest::keyClick(canvas, Qt::Key_R);
        QCOMPARE(view.imageRectOnCanvas(), fitted);

        // Ctrl+click sets the crosshair at the LPS point under the mouse.
        Eigen::Vector3d moved(0, 0, 0);
        connect(&view, &SliceView::crosshairMoved, &view,
                [&](const Eigen::Vector3d& p) { moved = p; });
        // Voxel (16, 12) centre on the fitted image: x = -32 + 16, y = -24 + 12.
        const QPoint voxel(int(fitted.left() + (16.5 / 64.0) * fitted.width()),
                           int(fitted.top() + (12.5 / 48.0) * fitted.height()));
        QTest::mouseClick(canvas, Qt::LeftButton, Qt::ControlModifier, voxel);
        QVERIFY2(std::abs(moved.x() + 16.0) < 1.0 && std::abs(moved.y() + 12.0) < 1.0,
                 qPrintable(QString("%1 %2").arg(moved.x()).arg(moved.y())));
        QCOMPARE(moved.z(), 100.0 + 2.0 * 9); // on the shown slice
        // Probe under that point: voxel index and HU (-1000 + 30 * 16 = -520).
        const QString probe = view.probeAt(moved);
        QVERIFY2(probe.contains("[16, 12, 9]") && probe.contains("-520 HU"), qPrintable(probe));

        // Ruler across the image's full width: 64 mm, within a pixel.
        view.setInteractionMode(InteractionMode::Ruler);
        const int y = fitted.center().y();
        QTest::mousePress(canvas, Qt::LeftButton, {}, QPoint(fitted.left(), y));
        QMouseEvent drag(QEvent::MouseMove, QPointF(fitted.right() + 1, y),
                         canvas->mapToGlobal(QPointF(fitted.right() + 1, y)), Qt::NoButton,
                         Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(canvas, &drag);
        QTest::mouseRelease(canvas, Qt::LeftButton, {}, QPoint(fitted.right() + 1, y));
        const double mmPerPixel = 64.0 / fitted.width();
        QVERIFY2(std::abs(view.rulerLength() - 64.0) <= 1.5 * mmPerPixel,
                 qPrintable(QString::number(view.rulerLength())));

        // Paint mode: strokes report LPS points, first then following.
        view.setInteractionMode(InteractionMode::Paint);
        std::vector<std::pair<Eigen::Vector3d, bool>> stroke;
        int finished = 0;
        connect(&view, &SliceView::strokePoint, &view,
                [&](const Eigen::Vector3d& p, bool first) { stroke.emplace_back(p, first); });
        connect(&view, &SliceView::strokeFinished, &view, [&] { ++finished; });
        QTest::mousePress(canvas, Qt::LeftButton, {}, voxel);
        QMouseEvent paint(QEvent::MouseMove, QPointF(voxel + QPoint(20, 0)),
                          canvas->mapToGlobal(QPointF(voxel + QPoint(20, 0))), Qt::NoButton,
                          Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(canvas, &paint);
        QTest::mouseRelease(canvas, Qt::LeftButton, {}, voxel + QPoint(20, 0));
        QCOMPARE(stroke.size(), std::size_t(2));
        QVERIFY(stroke[0].second && !stroke[1].second);
        QVERIFY(std::abs(stroke[1].first.x() - stroke[0].first.x() - 20 * fittedMmPerPixel) < 1e-9);
        QCOMPARE(finished, 1);
        QCOMPARE(view.currentPlane().orientation, SliceOrientation::Axial);
        QCOMPARE(view.currentPlane().position(), 118.0);
    }

    void overlayOnAnotherGridIsSkippedAndNamed() {
        SliceView view;
        auto volume = test::rampVolume();
        view.setVolume(volume, "Synthetic ramp", "CT");
        Geometry other = volume->geometry;
        other.spacing.x() = 2.0;
        view.setOverlays({{"Elsewhere", std::make_shared<Mask>(other), Qt::red}});
        QVERIFY(view.overlays().empty());
        QCOMPARE(view.skippedOverlays(), QStringList{"Elsewhere"});
    }
};

int main(int argc, char** argv) {
    rgw::viewers::setDefaultSurfaceFormat(); // before QApplication, as in the app
    QApplication app(argc, argv);
    SliceViewTest test;
    return QTest::qExec(&test, argc, argv);
}
#include "test_slice_view.moc"
