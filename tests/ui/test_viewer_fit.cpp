// Issue #11 at scale 1: every viewer layout fits a 1280 x 720 laptop and lays
// its annotations out without overlap at the viewer area of 1366 x 768 and
// 1920 x 1080 windows, at its minimum size and with a long series caption
// (checks in ViewerFitChecks.h; figures printed with qInfo).
#include "ViewerFitChecks.h"
#include "bridge/OpenGLSupport.h"

#include <QApplication>

using namespace rgw;
using namespace rgw::viewers;

namespace {

struct LayoutCase {
    const char* name;
    Layout layout;
    bool fused;
};

constexpr LayoutCase kCases[] = {
    {"axial", Layout::Axial, false},    {"mpr", Layout::Mpr, false},
    {"four-up", Layout::FourUp, false}, {"3d", Layout::ThreeD, false},
    {"fused", Layout::Axial, true},     {"fused-four-up", Layout::FourUp, true}};

} // namespace

class ViewerFitTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        const QString problem = openGLProblem();
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        sts_ = test::loadSts003();
        if (!sts_.ct)
            QSKIP("shared test data not found (set RGW_TEST_DATA)");
    }

    void layoutsFitALaptopAndTheirAnnotationsNeverOverlap() {
        for (const auto& c : kCases) {
            ViewerLayout layout;
            layout.setVolume(sts_.ct, "IBSI_1_STS_003_CT_image", "CT");
            layout.setOverlays({{"GTV_Mass_CT", sts_.gtv, QColor(0, 200, 0)}});
            if (c.fused)
                layout.setFusion(sts_.pet, WindowLevel::fromRange(0.0, 5.0), ColourMap::Hot, 0.5);
            layout.setLayoutMode(c.layout);
            const QSize minimum = layout.minimumSizeHint();
            qInfo("%s: minimum size %d x %d", c.name, minimum.width(), minimum.height());
            QVERIFY2(minimum.width() <= 1280 - test::kChromeWidth &&
                         minimum.height() <= 720 - test::kChromeHeight,
                     c.name);
            for (const QSize window : {QSize(1366, 768), QSize(1920, 1080)}) {
                layout.resize(window - QSize(test::kChromeWidth, test::kChromeHeight));
                layout.show();
                QVERIFY(QTest::qWaitForWindowExposed(&layout));
                const QString name =
                    QString("%1_%2x%3").arg(c.name).arg(window.width()).arg(window.height());
                const QString problem = test::checkViewerLayout(layout, name, c.fused);
                QVERIFY2(problem.isEmpty(), qPrintable(problem));
            }
            // At its minimum size, with a long caption.
            layout.setVolume(sts_.ct,
                             "IBSI_1_STS_003_CT_image | Soft-tissue sarcoma, thigh | 2003-04-01 "
                             "| CT WITH CONTRAST 3.27 mm",
                             "CT");
            if (c.fused)
                layout.setFusion(sts_.pet, WindowLevel::fromRange(0.0, 5.0), ColourMap::Hot, 0.5);
            layout.resize(minimum);
            QTest::qWait(50);
            // (A 120 x 100 canvas has no room for the colour bar beside the
            // letters: the layout leaves it out rather than overlap them.)
            const QString problem =
                test::checkViewerLayout(layout, QString("%1_minimum").arg(c.name), false);
            QVERIFY2(problem.isEmpty(), qPrintable(problem));
        }
    }

    void sliceViewMinimumIsSmall() {
        SliceView view;
        view.setVolume(sts_.ct, "IBSI_1_STS_003_CT_image", "CT");
        const QSize minimum = view.minimumSizeHint();
        qInfo("slice view minimum size %d x %d, geometry '%s'", minimum.width(), minimum.height(),
              qPrintable(view.geometryText()));
        QVERIFY(minimum.width() < 300 && minimum.height() < 200);
        QCOMPARE(view.geometryText(), QString("%1 x %2 x %3 voxels, %4 x %5 x %6 mm")
                                          .arg(sts_.ct->geometry.size[0])
                                          .arg(sts_.ct->geometry.size[1])
                                          .arg(sts_.ct->geometry.size[2])
                                          .arg(sts_.ct->geometry.spacing.x(), 0, 'g', 3)
                                          .arg(sts_.ct->geometry.spacing.y(), 0, 'g', 3)
                                          .arg(sts_.ct->geometry.spacing.z(), 0, 'g', 3));
        // Narrow: the header elides the geometry and keeps it as tooltip.
        view.resize(minimum.width(), 300);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QVERIFY(view.geometryLabel()->isElided());
        QCOMPARE(view.geometryLabel()->toolTip(), view.geometryText());
        QVERIFY(view.presetBox()->width() >= view.presetBox()->sizeHint().width());
    }

    void volumeViewShowsThePatientByDefault() {
        ViewerLayout layout;
        layout.setLayoutMode(Layout::ThreeD);
        layout.resize(700, 500);
        layout.show();
        QVERIFY(QTest::qWaitForWindowExposed(&layout));
        layout.setVolume(sts_.ct, "IBSI_1_STS_003_CT_image", "CT");
        VolumeView3D* view = layout.volumeView();
        QVERIFY(!view->volumeRenderingVisible());
        QCOMPARE(view->texturedSlicePlanes(), 3);
        QVERIFY(!view->presetBox()->isEnabled()); // volume rendering is off
        QCOMPARE(view->caption(), QString("IBSI_1_STS_003_CT_image"));
        QVERIFY(test::waitForFrames(layout));
        // The planes show the CT: many grey levels, not just outlines.
        const QImage shot = view->canvas()->grabFramebuffer().convertToFormat(QImage::Format_RGB32);
        const double spread = test::greyStandardDeviation(shot, shot.rect());
        qInfo("3D view grey spread %.1f", spread);
        QVERIFY(spread > 20.0);
        view->setVolumeRenderingVisible(true);
        QVERIFY(view->presetBox()->isEnabled());
        QCOMPARE(view->texturedSlicePlanes(), 0); // the volume replaces them
    }

private:
    test::StsCase sts_;
};

int main(int argc, char** argv) {
    rgw::viewers::setDefaultSurfaceFormat(); // before QApplication, as in the app
    QApplication app(argc, argv);
    ViewerFitTest test;
    return QTest::qExec(&test, argc, argv);
}

#include "test_viewer_fit.moc"
