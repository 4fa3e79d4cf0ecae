// The viewer layouts under Xvfb: which views each layout shows and where,
// and the linked crosshair: a Ctrl+click in one slice view moves the other
// two to the clicked point (slices derived by hand from the voxel grid).
#include "bridge/OpenGLSupport.h"
#include "bridge/VtkOpenGLWidget.h"
#include "bridge/WidgetGrab.h"
#include "layout/ViewerLayout.h"
#include "volume/VolumeView3D.h"

#include <QApplication>
#include <QMouseEvent>
#include <QTest>
#include <QWheelEvent>

using namespace rgw;
using namespace rgw::viewers;

namespace {

// 60 x 50 x 40 voxels of 1 x 1 x 2 mm from (-30, -25, 0): x = -30 + i,
// y = -25 + j, z = 2 k. A bright ball so every plane shows something.
std::shared_ptr<Volume> ballVolume() {
    Geometry g;
    g.size = {60, 50, 40};
    g.spacing = {1.0, 1.0, 2.0};
    g.origin = {-30.0, -25.0, 0.0};
    auto v = std::make_shared<Volume>(g, -1000.0f);
    v->unit = IntensityUnit::HounsfieldUnit;
    for (std::int64_t k = 0; k < 40; ++k)
        for (std::int64_t j = 0; j < 50; ++j)
            for (std::int64_t i = 0; i < 60; ++i)
                if ((g.physicalPoint(Eigen::Vector3d(double(i), double(j), double(k))) -
                     Eigen::Vector3d(0, 0, 40))
                        .norm() < 18)
                    v->at(i, j, k) = 60.0f;
    return v;
}

} // namespace

class ViewerLayoutTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        const QString problem = openGLProblem();
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    void layoutsShowTheirViews() {
        ViewerLayout layout;
        layout.resize(1000, 700);
        layout.show();
        QVERIFY(QTest::qWaitForWindowExposed(&layout));
        QVERIFY(layout.layoutMode() == Layout::Axial);
        QCOMPARE(layout.visibleViews().size(), std::size_t(1));
        QVERIFY(layout.volumeView() == nullptr); // created when first needed
        layout.setVolume(ballVolume(), "Ball", "CT");

        layout.setLayoutMode(Layout::FourUp);
        QTest::qWait(50);
        QCOMPARE(layout.visibleViews().size(), std::size_t(4));
        QVERIFY(layout.volumeView() != nullptr);
        auto* axial = layout.sliceView(SliceOrientation::Axial);
        auto* coronal = layout.sliceView(SliceOrientation::Coronal);
        auto* sagittal = layout.sliceView(SliceOrientation::Sagittal);
        QVERIFY(axial->geometry().top() == coronal->geometry().top());
        QVERIFY(axial->geometry().left() < coronal->geometry().left());
        QVERIFY(sagittal->geometry().top() > axial->geometry().bottom());
        QVERIFY(layout.volumeView()->geometry().left() > sagittal->geometry().right());
        QVERIFY(axial->crosshairVisible());

        layout.setLayoutMode(Layout::Mpr);
        QTest::qWait(50);
        QCOMPARE(layout.visibleViews().size(), std::size_t(4));
        QVERIFY(coronal->geometry().left() > axial->geometry().right());
        QVERIFY(sagittal->geometry().left() > coronal->geometry().right());
        QVERIFY(layout.volumeView()->geometry().left() > sagittal->geometry().right());
        QCOMPARE(coronal->geometry().top(), layout.volumeView()->geometry().top());

        layout.setLayoutMode(Layout::ThreeD);
        QTest::qWait(50);
        QCOMPARE(layout.visibleViews().size(), std::size_t(1));
        QVERIFY(layout.visibleViews().front() == layout.volumeView());

        layout.setLayoutMode(Layout::Axial);
        QTest::qWait(50);
        QVERIFY(layout.visibleViews().front() == axial);
        QVERIFY(!axial->crosshairVisible());
    }

    void crosshairLinksTheThreeViews() {
        ViewerLayout layout;
        layout.resize(1200, 500);
        layout.setLayoutMode(Layout::Mpr);
        layout.show();
        QVERIFY(QTest::qWaitForWindowExposed(&layout));
        layout.setVolume(ballVolume(), "Ball", "CT");
        auto* axial = layout.sliceView(SliceOrientation::Axial);
        auto* coronal = layout.sliceView(SliceOrientation::Coronal);
        auto* sagittal = layout.sliceView(SliceOrientation::Sagittal);
        QCOMPARE(axial->sliceCount(), 40);
        QCOMPARE(coronal->sliceCount(), 50);
        QCOMPARE(sagittal->sliceCount(), 60);
        QTest::qWait(100);

        // Ctrl+click on voxel (i, j) = (45, 10) of the axial image: LPS
        // x = 15, y = -15 -> coronal plane j = 10, sagittal plane i = 45.
        const QRect r = axial->imageRectOnCanvas();
        const QPoint click(int(r.left() + 45.5 / 60.0 * r.width()),
                           int(r.top() + 10.5 / 50.0 * r.height()));
        Eigen::Vector3d signalled(0, 0, 0);
        connect(&layout, &ViewerLayout::crosshairMoved, &layout,
                [&](const Eigen::Vector3d& p) { signalled = p; });
        QTest::mouseClick(axial->canvas(), Qt::LeftButton, Qt::ControlModifier, click);
        QCOMPARE(coronal->currentSlice(), 10);
        QCOMPARE(sagittal->currentSlice(), 45);
        QVERIFY(std::abs(signalled.x() - 15.0) < 0.5 && std::abs(signalled.y() + 15.0) < 0.5);
        QVERIFY((layout.crosshair() - signalled).norm() < 1e-12);
        QVERIFY(layout.activeSliceView() == axial);

        // Scrolling the coronal view moves the crosshair's y, not the others'
        // slices along their own normals.
        const int axialSlice = axial->currentSlice();
        QTest::keyClick(coronal->canvas(), Qt::Key_Up);
        QCOMPARE(coronal->currentSlice(), 11);
        QCOMPARE(layout.crosshair().y(), -25.0 + 11);
        QCOMPARE(axial->currentSlice(), axialSlice);
        QCOMPARE(sagittal->currentSlice(), 45);

        // A click in the sagittal view (column = y, row = -z) moves the axial
        // slice: row for z = 60 mm is (78 - 60) / 1 px of 1 mm pixels.
        const QRect s = sagittal->imageRectOnCanvas();
        const SlicePlane sp = sagittal->currentPlane();
        QCOMPARE(sp.pixelSpacing, 1.0);
        const double rowOf60 = (sp.origin.z() - 60.0) / sp.pixelSpacing;
        const QPoint sClick(int(s.left() + (20.5 / sp.width) * s.width()),
                            int(s.top() + (rowOf60 + 0.5) / sp.height * s.height()));
        QTest::mouseClick(sagittal->canvas(), Qt::LeftButton, Qt::ControlModifier, sClick);
        QCOMPARE(axial->currentSlice(), 30); // z = 60 mm = 2 * 30
        QCOMPARE(coronal->currentSlice(), 20);
        QVERIFY(layout.activeSliceView() == sagittal); // the view clicked last

        // Window/level follows across the views.
        axial->applyPreset(axial->presetNames().indexOf("Bone"));
        QCOMPARE(coronal->windowLevel().window, 1800.0);
        QCOMPARE(sagittal->windowLevel().level, 400.0);

        // The rendered MPR shows the ball in all three views.
        for (auto* view : {axial, coronal, sagittal}) {
            const int frames = view->canvas()->renderedFrames();
            view->canvas()->requestRender();
            QVERIFY(QTest::qWaitFor([&] { return view->canvas()->renderedFrames() > frames; }));
        }
        const QImage shot = viewers::grabWithCanvases(layout);
        if (!qEnvironmentVariableIsEmpty("RGW_LAYOUT_SCREENSHOT"))
            shot.save(qEnvironmentVariable("RGW_LAYOUT_SCREENSHOT"));
        QVERIFY(!shot.isNull());
    }

    // The fused series keeps its own window/level: Alt+drag changes it (not
    // the image's) in every view, Alt+wheel fades it 5 % a notch.
    void altDragAndWheelAdjustTheFusion() {
        ViewerLayout layout;
        layout.resize(1200, 500);
        layout.setLayoutMode(Layout::Mpr);
        layout.show();
        QVERIFY(QTest::qWaitForWindowExposed(&layout));
        layout.setVolume(ballVolume(), "Ball", "CT");
        auto pet = ballVolume();
        pet->unit = IntensityUnit::SuvBodyWeight;
        layout.setFusion(pet, WindowLevel::fromRange(0.0, 10.0), ColourMap::Hot, 0.5);
        auto* axial = layout.sliceView(SliceOrientation::Axial);
        auto* coronal = layout.sliceView(SliceOrientation::Coronal);
        QTest::qWait(100);
        const WindowLevel image = axial->windowLevel();
        QWidget* canvas = axial->canvas();
        const QPointF from(canvas->width() / 2.0, canvas->height() / 2.0);
        const QPointF to = from + QPointF(canvas->width() / 2.0, 0.0); // half the width right
        const auto send = [&](QEvent::Type type, const QPointF& at, Qt::MouseButtons buttons) {
            QMouseEvent e(type, at, canvas->mapToGlobal(at), Qt::LeftButton, buttons,
                          Qt::AltModifier);
            QApplication::sendEvent(canvas, &e);
        };
        send(QEvent::MouseButtonPress, from, Qt::LeftButton);
        send(QEvent::MouseMove, to, Qt::LeftButton);
        send(QEvent::MouseButtonRelease, to, Qt::NoButton);
        // dragWindowLevel: a drag across the whole view adds twice the
        // starting window, so half the width adds one window: 10 -> 20.
        QVERIFY2(std::abs(axial->fusionWindowLevel().window - 20.0) < 0.5,
                 qPrintable(QString::number(axial->fusionWindowLevel().window)));
        QCOMPARE(coronal->fusionWindowLevel().window, axial->fusionWindowLevel().window);
        QCOMPARE(axial->windowLevel().window, image.window); // the CT window stays
        QCOMPARE(axial->windowLevel().level, image.level);

        QWheelEvent wheel(from, canvas->mapToGlobal(from), QPoint(), QPoint(0, 240), Qt::NoButton,
                          Qt::AltModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(canvas, &wheel);
        QVERIFY(std::abs(axial->fusionOpacity() - 0.6) < 1e-9);
        QVERIFY(std::abs(coronal->fusionOpacity() - 0.6) < 1e-9);
    }
};

int main(int argc, char** argv) {
    rgw::viewers::setDefaultSurfaceFormat();
    QApplication app(argc, argv);
    ViewerLayoutTest test;
    return QTest::qExec(&test, argc, argv);
}
#include "test_viewer_layout.moc"
