// Issue #11 at QT_SCALE_FACTOR=2 (a 2560 x 1440 screen seen as 1280 x 720):
// each layout's minimum size still fits and the annotations, measured in
// device pixels with the doubled fonts, never overlap (ViewerFitChecks.h).
#include "ViewerFitChecks.h"
#include "bridge/OpenGLSupport.h"

#include <QApplication>

using namespace rgw;
using namespace rgw::viewers;

class ViewerFitScaledTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        const QString problem = openGLProblem();
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        sts_ = test::loadSts003();
        if (!sts_.ct)
            QSKIP("shared test data not found (set RGW_TEST_DATA)");
    }

    void layoutsFitAtScaleTwo() {
        for (const auto& [name, mode, fused] :
             {std::tuple{"axial", Layout::Axial, false}, std::tuple{"mpr", Layout::Mpr, false},
              std::tuple{"four-up", Layout::FourUp, false}, std::tuple{"3d", Layout::ThreeD, false},
              std::tuple{"fused", Layout::Axial, true}}) {
            ViewerLayout layout;
            layout.setVolume(sts_.ct, "IBSI_1_STS_003_CT_image", "CT");
            layout.setOverlays({{"GTV_Mass_CT", sts_.gtv, QColor(0, 200, 0)}});
            if (fused)
                layout.setFusion(sts_.pet, WindowLevel::fromRange(0.0, 5.0), ColourMap::Hot, 0.5);
            layout.setLayoutMode(mode);
            const QSize minimum = layout.minimumSizeHint();
            qInfo("%s at scale 2: minimum size %d x %d logical", name, minimum.width(),
                  minimum.height());
            QVERIFY2(minimum.width() <= 1280 - test::kChromeWidth &&
                         minimum.height() <= 720 - test::kChromeHeight,
                     name);
            layout.resize(QSize(1280, 720) - QSize(test::kChromeWidth, test::kChromeHeight));
            layout.show();
            QVERIFY(QTest::qWaitForWindowExposed(&layout));
            QCOMPARE(layout.devicePixelRatioF(), 2.0);
            const QString problem =
                test::checkViewerLayout(layout, QString("%1_scale2").arg(name), fused);
            QVERIFY2(problem.isEmpty(), qPrintable(problem));
        }
    }

private:
    test::StsCase sts_;
};

int main(int argc, char** argv) {
    qputenv("QT_SCALE_FACTOR", "2");
    rgw::viewers::setDefaultSurfaceFormat(); // before QApplication, as in the app
    QApplication app(argc, argv);
    ViewerFitScaledTest test;
    return QTest::qExec(&test, argc, argv);
}

#include "test_viewer_fit_scaled.moc"
