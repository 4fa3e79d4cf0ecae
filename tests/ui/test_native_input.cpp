// Real X input reaches a slice view through its native OpenGL window: the
// X server (Xvfb), driven by xdotool through the XTEST extension, delivers
// the pointer, wheel and keyboard events, so they travel the path a user's do
// (the input-transparent GL window, the widget underneath, its event
// filters, application shortcuts) rather than being handed to a widget by
// QTest. Also checks that what the X server shows in a view's native window
// (a capture of the screen) is the frame a grab of the canvas returns, for a
// slice view and for a volume-rendered 3D view.
#include "GuiTestSupport.h"
#include "bridge/OpenGLSupport.h"
#include "bridge/VtkOpenGLWidget.h"
#include "bridge/WidgetGrab.h"
#include "slice/SliceView.h"
#include "volume/VolumeView3D.h"

#include <QAction>
#include <QApplication>
#include <QMainWindow>
#include <QProcess>
#include <QScreen>
#include <QStandardPaths>
#include <QTest>
#include <cmath>

using namespace rgw;
using namespace rgw::viewers;

namespace {

// Runs xdotool with `arguments`; false (and a test failure message) if it
// cannot run.
bool xdotool(const QStringList& arguments) {
    const int code = QProcess::execute(QStringLiteral("xdotool"), arguments);
    if (code != 0)
        qWarning("xdotool %s exited with %d", qPrintable(arguments.join(' ')), code);
    return code == 0;
}

// The canvas as the X server shows it on screen, after one more frame.
QImage onScreen(VtkOpenGLWidget& canvas) {
    const int frames = canvas.renderedFrames();
    canvas.requestRender();
    if (!QTest::qWaitFor([&] { return canvas.renderedFrames() > frames; }, 20000))
        return {};
    const QPoint origin = canvas.mapToGlobal(QPoint(0, 0));
    return canvas.screen()
        ->grabWindow(0, origin.x(), origin.y(), canvas.width(), canvas.height())
        .toImage()
        .convertToFormat(QImage::Format_RGB32);
}

// Mean absolute difference per channel, and how many pixels are not black.
struct Comparison {
    double meanDifference = 255;
    int lit = 0;
};

Comparison compare(const QImage& a, const QImage& b) {
    Comparison c;
    if (a.size() != b.size() || a.isNull())
        return c;
    double sum = 0;
    for (int y = 0; y < a.height(); ++y)
        for (int x = 0; x < a.width(); ++x) {
            const QRgb p = a.pixel(x, y), q = b.pixel(x, y);
            sum += std::abs(qRed(p) - qRed(q)) + std::abs(qGreen(p) - qGreen(q)) +
                   std::abs(qBlue(p) - qBlue(q));
            c.lit += qRed(p) + qGreen(p) + qBlue(p) > 30;
        }
    c.meanDifference = sum / (3.0 * a.width() * a.height());
    return c;
}

// Bright ball (bone) in soft tissue, 48^3 voxels of 1.5 mm.
std::shared_ptr<Volume> boneBall() {
    Geometry g;
    g.size = {48, 48, 48};
    g.spacing = {1.5, 1.5, 1.5};
    auto v = std::make_shared<Volume>(g);
    v->unit = IntensityUnit::HounsfieldUnit;
    for (std::int64_t k = 0; k < 48; ++k)
        for (std::int64_t j = 0; j < 48; ++j)
            for (std::int64_t i = 0; i < 48; ++i)
                v->at(i, j, k) = std::hypot(i - 24.0, j - 24.0, k - 24.0) < 12.0 ? 1200.0f : 40.0f;
    return v;
}

} // namespace

class NativeInputTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QVERIFY2(!QStandardPaths::findExecutable("xdotool").isEmpty(),
                 "xdotool is needed to send real X events (packaging/install-deps.sh installs it)");
        QVERIFY2(!qEnvironmentVariableIsEmpty("DISPLAY"), "needs an X server (run under xvfb-run)");
    }

    void pointerWheelKeysAndShortcutsReachTheView() {
        QMainWindow window;
        auto* view = new SliceView(SliceOrientation::Axial);
        window.setCentralWidget(view);
        int undoCount = 0;
        auto* undo = new QAction(QStringLiteral("Undo"), &window);
        undo->setShortcut(QKeySequence::Undo);
        window.addAction(undo);
        connect(undo, &QAction::triggered, this, [&undoCount] { ++undoCount; });
        window.setGeometry(40, 40, 600, 500);
        window.show();
        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        view->setVolume(test::rampVolume(), "Synthetic ramp", "CT");
        QCOMPARE(view->currentSlice(), 9);

        VtkOpenGLWidget* canvas = view->canvas();
        const QPoint centre = canvas->mapToGlobal(canvas->rect().center());
        QVERIFY(xdotool(
            {"mousemove", "--sync", QString::number(centre.x()), QString::number(centre.y())}));

        // Wheel forward (button 4): one slice up, as QTest's wheel does.
        QVERIFY(xdotool({"click", "4"}));
        QTRY_COMPARE(view->currentSlice(), 10);

        // A click gives the canvas keyboard focus; arrow keys then scroll.
        QVERIFY(xdotool({"click", "1"}));
        QTRY_COMPARE(QApplication::focusWidget(), static_cast<QWidget*>(canvas));
        QVERIFY(xdotool({"key", "Up"}));
        QTRY_COMPARE(view->currentSlice(), 11);

        // Window shortcuts still fire while the canvas has focus.
        QVERIFY(xdotool({"key", "ctrl+z"}));
        QTRY_COMPARE(undoCount, 1);

        // Left drag to the right widens the window (window/level drag); the
        // press must not pair with the earlier click into a double click.
        QTest::qWait(QApplication::doubleClickInterval() + 100);
        const double before = view->windowLevel().window;
        QVERIFY(xdotool({"mousedown", "1"}));
        QVERIFY(xdotool({"mousemove", "--sync", QString::number(centre.x() + 120),
                         QString::number(centre.y())}));
        QVERIFY(xdotool({"mouseup", "1"}));
        QTRY_VERIFY(view->windowLevel().window > before * 1.2);

        // The screen shows the frame a grab returns.
        const QImage screen = onScreen(*canvas);
        const QImage frame = canvas->grabFramebuffer().convertToFormat(QImage::Format_RGB32);
        const Comparison slice = compare(screen, frame);
        qInfo("slice view: %d lit pixels on screen, mean difference to the grab %.3f", slice.lit,
              slice.meanDifference);
        QVERIFY(slice.lit > canvas->width() * canvas->height() / 10);
        QVERIFY(slice.meanDifference < 1.0);

        // The canvas' frames are part of a grab of the window.
        const QImage shot = grabWithCanvases(window).convertToFormat(QImage::Format_RGB32);
        const QPoint inView =
            canvas->mapTo(&window, canvas->rect().center()) * shot.devicePixelRatio();
        QVERIFY(qGray(shot.pixel(inView)) > 0 || qGray(shot.pixel(inView + QPoint(40, 0))) > 0);
    }

    void volumeRenderingOnScreenMatchesTheGrab() {
        VolumeView3D view;
        view.setVolumeRenderingVisible(true);
        view.setGeometry(60, 60, 400, 400);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setVolume(boneBall(), "CT");
        // Drawn on the renderer's thread: wait for the final frame.
        QVERIFY(QTest::qWaitFor([&] { return !view.volumeFramePending(); }, 60000));
        const QImage screen = onScreen(*view.canvas());
        const QImage frame = view.canvas()->grabFramebuffer().convertToFormat(QImage::Format_RGB32);
        const Comparison c = compare(screen, frame);
        qInfo("volume rendering: %d lit pixels on screen, mean difference to the grab %.3f", c.lit,
              c.meanDifference);
        QVERIFY(c.lit > 500);
        QVERIFY(c.meanDifference < 1.0);
    }
};

int main(int argc, char** argv) {
    setDefaultSurfaceFormat();
    QApplication app(argc, argv);
    NativeInputTest test;
    return QTest::qExec(&test, argc, argv);
}

#include "test_native_input.moc"
