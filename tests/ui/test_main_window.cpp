// Drives the real main window under Xvfb: imports the shared STS_001 patient
// through the same background import the File menu uses (only the folder
// dialog is bypassed), checks the browser tree, opens the CT series and checks
// the rendered slice shows the image and the GTV overlay in its ROI Display
// Color (255\0\0 in the RTSTRUCT, read with dcmdump).
#include "DatabaseBrowser.h"
#include "GuiTestSupport.h"
#include "ImportReportDialog.h"
#include "MainWindow.h"
#include "TestData.h"
#include "bridge/OpenGLSupport.h"
#include "bridge/VtkOpenGLWidget.h"
#include "slice/SliceNavigator.h"
#include "slice/SliceView.h"

#include <QApplication>
#include <QLabel>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <cmath>

using namespace rgw;
using rgw::ui::DatabaseBrowser;

namespace {

const char* const kCtSeriesUid = "1.3.6.1.4.1.14519.5.2.1.5168.1900.449841255123215696894565592289";

QList<QTreeWidgetItem*> childItems(QTreeWidgetItem* item) {
    QList<QTreeWidgetItem*> list;
    for (int i = 0; i < item->childCount(); ++i)
        list << item->child(i);
    return list;
}

} // namespace

class MainWindowTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true); // keep the user's settings untouched
        const QString problem = viewers::openGLProblem();
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    void importStsPatientAndViewCtWithGtv() {
        if (!test::hasData())
            QSKIP("shared test data not found (set RGW_TEST_DATA)");
        const auto patientFolder = test::ibsiDataSets() / "ibsi_validation" / "dicom" / "STS_001";
        test::TempDir temp;
        const QString dbPath = QString::fromStdString((temp.path() / "cohort.rgwdb").string());

        ui::MainWindow window;
        window.resize(1280, 800);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.openDatabase(dbPath));
        QVERIFY(window.databaseIsEmpty());

        QSignalSpy imported(&window, &ui::MainWindow::importFinished);
        window.startImport({QString::fromStdString(patientFolder.string())});
        QVERIFY(window.isBusy()); // off the GUI thread: we are still responsive
        QVERIFY(imported.wait(180000));
        QVERIFY2(imported.first().at(0).toBool(), qPrintable(imported.first().at(1).toString()));
        QVERIFY(!window.isBusy());

        // The report dialog lists the counts: 3 x 59 images + 3 RTSTRUCTs.
        auto* report = window.findChild<ui::ImportReportDialog*>();
        QVERIFY(report);
        QVERIFY(report->isVisible());
        auto* added = report->findChild<QLabel*>("Instances added");
        QVERIFY(added);
        QCOMPARE(added->text(), QString("180"));
        report->close();

        // Browser: STS_001 -> one study -> CT, PT, MR image series and 3 RTSTRUCT series.
        DatabaseBrowser* browser = window.browser();
        QCOMPARE(browser->patientCount(), 1);
        QTreeWidgetItem* patient = browser->findPatient("STS_001");
        QVERIFY(patient);
        QCOMPARE(patient->childCount(), 1);
        QTreeWidgetItem* study = patient->child(0);
        QStringList modalities;
        for (auto* series : childItems(study))
            modalities << series->text(DatabaseBrowser::ModalityColumn);
        modalities.sort();
        QCOMPARE(modalities, (QStringList{"CT", "MR", "PT", "RTSTRUCT", "RTSTRUCT", "RTSTRUCT"}));

        QTreeWidgetItem* ct = browser->findSeries(kCtSeriesUid);
        QVERIFY(ct);
        QCOMPARE(ct->parent(), study);
        QCOMPARE(ct->text(DatabaseBrowser::InstancesColumn), QString("59"));
        QCOMPARE(ct->text(DatabaseBrowser::SegmentationsColumn), QString("1"));
        QCOMPARE(ct->childCount(), 1);
        QCOMPARE(ct->child(0)->text(DatabaseBrowser::NameColumn), QString("GTV_Mass_CT"));

        // Select the CT series as a user would; it loads in the background.
        QSignalSpy shown(&window, &ui::MainWindow::seriesShown);
        QSignalSpy failed(&window, &ui::MainWindow::seriesLoadFailed);
        browser->setCurrentItem(ct);
        QVERIFY(window.isLoadingSeries());
        QVERIFY2(shown.wait(60000), qPrintable(failed.isEmpty() ? QString("timeout")
                                                                : failed.first().at(1).toString()));
        QCOMPARE(shown.first().at(0).toString(), QString(kCtSeriesUid));

        viewers::SliceView* view = window.sliceView();
        QVERIFY(view->hasVolume());
        QCOMPARE(view->sliceCount(), 59);
        QCOMPARE(view->overlays().size(), std::size_t(1));
        const auto& gtv = view->overlays().front();
        QCOMPARE(gtv.name, QString("GTV_Mass_CT"));
        QCOMPARE(gtv.colour, QColor(255, 0, 0));
        // The window opens on the slice through the tumour where it is largest.
        const int tumourSlice = view->currentSlice();
        QCOMPARE(tumourSlice, viewers::sliceWithMostVoxels(*gtv.mask));

        // Let the canvas paint, then grab the whole window as --screenshot does.
        const QImage shot = test::grabAfterNextFrame(window, *view);
        QVERIFY(!shot.isNull());
        const QRect onWindow = test::sliceImageOnGrab(shot, window, *view);
        QVERIFY(onWindow.width() > 100 && onWindow.height() > 100);
        // Image present: grey levels vary across the image area.
        const double sd = test::greyStandardDeviation(shot, onWindow);
        QVERIFY2(sd > 20.0, qPrintable(QString("grey sd %1").arg(sd)));
        // GTV overlay present: red-tinted pixels where the mask is on this slice.
        const auto tint = test::overlayTint(shot, onWindow, *gtv.mask, tumourSlice, gtv.colour);
        QVERIFY(tint.inside > 20);
        QVERIFY2(
            tint.tinted > tint.inside * 8 / 10,
            qPrintable(QString("%1 of %2 mask voxels tinted").arg(tint.tinted).arg(tint.inside)));

        // An unknown series is reported, not fatal.
        QSignalSpy failedAgain(&window, &ui::MainWindow::seriesLoadFailed);
        window.openSeries("1.2.3.4.5.6.7.8.9");
        QVERIFY(failedAgain.wait(20000));
        QVERIFY(failedAgain.first().at(1).toString().contains("1.2.3.4.5.6.7.8.9"));
        QVERIFY(view->hasVolume()); // the CT stays on screen
    }

    void badDatabaseFileIsReportedNotFatal() {
        test::TempDir temp;
        const auto bogus = temp.path() / "not-a-database.rgwdb";
        {
            std::FILE* f = std::fopen(bogus.string().c_str(), "wb");
            QVERIFY(f);
            std::fputs("this is not an SQLite database, just text that is long enough.....", f);
            std::fclose(f);
        }
        ui::MainWindow window;
        QVERIFY(!window.openDatabase(QString::fromStdString(bogus.string()), false));
        QVERIFY(window.lastError().contains("not-a-database.rgwdb"));
        QVERIFY(window.databasePath().isEmpty());
    }
};

int main(int argc, char** argv) {
    viewers::setDefaultSurfaceFormat();
    QApplication app(argc, argv);
    QApplication::setOrganizationName("RadiogenomicsTest");
    QApplication::setApplicationName("rgw-test_main_window");
    MainWindowTest test;
    return QTest::qExec(&test, argc, argv);
}
#include "test_main_window.moc"
