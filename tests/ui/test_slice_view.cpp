// The slice view renders through the Qt6-VTK bridge under Xvfb: the grabbed
// widget shows the image in radiological orientation, the overlay in its
// colour only where the mask is, and wheel / keys / left-drag drive it.
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

// 64 x 48 x 20 voxels, 1 x 1 x 2 mm, axis-aligned LPS. Intensity rises with i
// (a horizontal ramp -1000..890 HU) so the image is not uniform.
std::shared_ptr<Volume> rampVolume() {
    Geometry g;
    g.size = {64, 48, 20};
    g.spacing = {1.0, 1.0, 2.0};
    g.origin = {-32.0, -24.0, 100.0};
    auto v = std::make_shared<Volume>(g);
    v->unit = IntensityUnit::HounsfieldUnit;
    for (std::int64_t k = 0; k < 20; ++k)
        for (std::int64_t j = 0; j < 48; ++j)
            for (std::int64_t i = 0; i < 64; ++i)
                v->at(i, j, k) = static_cast<float>(-1000 + 30 * i);
    return v;
}

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
        view.canvas()->update();
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
        auto volume = rampVolume();
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
        auto volume = rampVolume();
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

    void overlayOnAnotherGridIsSkippedAndNamed() {
        SliceView view;
        auto volume = rampVolume();
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
