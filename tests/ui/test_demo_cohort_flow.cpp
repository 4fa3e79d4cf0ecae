// The first-launch flow under Xvfb: an empty default database offers the demo
// cohort once (offerDemoCohortIfEmpty decides); accepting it writes the
// synthetic cohort and imports it in the background (driven here through
// startDemoCohortIn, what the offer's Yes and the File menu call, so no modal
// dialog is clicked); the browser then lists the DEMO patients with their CT
// series and GTV_Lesion segmentations, and a selected CT shows with overlays.
#include "DatabaseBrowser.h"
#include "GuiTestSupport.h"
#include "ImportReportDialog.h"
#include "MainWindow.h"
#include "TestData.h"
#include "WelcomePage.h"
#include "bridge/OpenGLSupport.h"

#include <QApplication>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <filesystem>

using namespace rgw;
using rgw::ui::DatabaseBrowser;

namespace {

QString qPath(const std::filesystem::path& p) {
    return QString::fromStdString(p.string());
}

/// The offer is a QMessageBox child of the window, shown without blocking.
QMessageBox* visibleOffer(const ui::MainWindow& window) {
    for (auto* box : window.findChildren<QMessageBox*>())
        if (box->isVisible())
            return box;
    return nullptr;
}

void closeOffers(ui::MainWindow& window) {
    for (auto* box : window.findChildren<QMessageBox*>())
        box->done(QMessageBox::No);
}

int kindOf(const QTreeWidgetItem* item) {
    return item->data(0, DatabaseBrowser::KindRole).toInt();
}

} // namespace

class DemoCohortFlowTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true); // keep the user's settings untouched
        const QString problem = viewers::openGLProblem();
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    void init() { QSettings().remove("demo/offered"); }

    // Empty database, never offered: the offer appears, and only once.
    void emptyDatabaseNotYetOfferedIsOffered() {
        test::TempDir temp;
        ui::MainWindow window;
        QVERIFY(window.openDatabase(qPath(temp.path() / "cohort.rgwdb")));
        QVERIFY(window.databaseIsEmpty());
        window.offerDemoCohortIfEmpty();
        QMessageBox* offer = visibleOffer(window);
        QVERIFY(offer);
        QVERIFY(offer->text().contains("empty"));
        QVERIFY(QSettings().value("demo/offered").toBool());
        closeOffers(window);
        QTRY_VERIFY(!visibleOffer(window));

        // Already offered: asking again (next launch) shows nothing.
        ui::MainWindow again;
        QVERIFY(again.openDatabase(qPath(temp.path() / "cohort.rgwdb")));
        again.offerDemoCohortIfEmpty();
        QVERIFY(!visibleOffer(again));
    }

    // Empty database but already offered: no offer.
    void alreadyOfferedIsNotOfferedAgain() {
        QSettings().setValue("demo/offered", true);
        test::TempDir temp;
        ui::MainWindow window;
        QVERIFY(window.openDatabase(qPath(temp.path() / "cohort.rgwdb")));
        window.offerDemoCohortIfEmpty();
        QVERIFY(!visibleOffer(window));
    }

    // No database open: nothing to fill, no offer, and the offer is not used up.
    void noDatabaseIsNotOffered() {
        ui::MainWindow window;
        window.offerDemoCohortIfEmpty();
        QVERIFY(!visibleOffer(window));
        QVERIFY(!QSettings().value("demo/offered", false).toBool());
    }

    // The demo flow itself, then a non-empty database: never offered, and the
    // offer is not used up by it.
    void demoCohortIsImportedAndShown() {
        test::TempDir temp;
        const QString dbPath = qPath(temp.path() / "cohort.rgwdb");
        const auto demoFolder = temp.path() / "demo-cohort";

        ui::MainWindow window;
        window.resize(1280, 800);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.openDatabase(dbPath));
        QVERIFY(window.databaseIsEmpty());
        // A fresh database says what to do next instead of showing a blank browser.
        QVERIFY(window.showsWelcomePage());
        QVERIFY(window.welcomePage()->isVisible());
        QVERIFY(window.welcomePage()->demoButton()->isEnabled());
        QVERIFY(window.welcomePage()->importButton()->isEnabled());
        QVERIFY(!window.browser()->isVisible());

        QSignalSpy imported(&window, &ui::MainWindow::importFinished);
        QSignalSpy shown(&window, &ui::MainWindow::seriesShown);
        QSignalSpy failed(&window, &ui::MainWindow::seriesLoadFailed);
        window.startDemoCohortIn(qPath(demoFolder));
        QVERIFY(window.isBusy()); // off the GUI thread
        QVERIFY(imported.wait(240000));
        QVERIFY2(imported.first().at(0).toBool(), qPrintable(imported.first().at(1).toString()));
        QVERIFY(!window.isBusy());
        QVERIFY(std::filesystem::is_directory(demoFolder));
        QVERIFY(!window.databaseIsEmpty());
        if (auto* report = window.findChild<ui::ImportReportDialog*>())
            report->close();

        // Browser: DEMO-001 .. DEMO-00n, each one study holding a CT series with
        // its GTV_Lesion segmentations under it and the RTSTRUCT they come from.
        DatabaseBrowser* browser = window.browser();
        const int patients = browser->patientCount();
        QVERIFY(patients >= 1);
        QString firstCt;
        for (int n = 1; n <= patients; ++n) {
            const QString id = QString("DEMO-%1").arg(n, 3, 10, QChar('0'));
            QTreeWidgetItem* patient = browser->findPatient(id);
            QVERIFY2(patient, qPrintable(id));
            QCOMPARE(patient->childCount(), 1);
            QTreeWidgetItem* study = patient->child(0);
            QStringList modalities;
            QTreeWidgetItem* ct = nullptr;
            for (int s = 0; s < study->childCount(); ++s) {
                QTreeWidgetItem* series = study->child(s);
                QCOMPARE(kindOf(series), int(DatabaseBrowser::ItemKind::Series));
                modalities << series->text(DatabaseBrowser::ModalityColumn);
                if (series->text(DatabaseBrowser::ModalityColumn) == "CT")
                    ct = series;
            }
            modalities.sort();
            QCOMPARE(modalities, (QStringList{"CT", "RTSTRUCT"}));
            QVERIFY(ct);
            const int lesions = ct->text(DatabaseBrowser::SegmentationsColumn).toInt();
            QVERIFY2(lesions >= 1, qPrintable(id));
            QCOMPARE(ct->childCount(), lesions);
            for (int l = 0; l < lesions; ++l) {
                QCOMPARE(kindOf(ct->child(l)), int(DatabaseBrowser::ItemKind::Segmentation));
                QVERIFY2(ct->child(l)->text(DatabaseBrowser::NameColumn).startsWith("GTV_Lesion"),
                         qPrintable(ct->child(l)->text(DatabaseBrowser::NameColumn)));
            }
            if (n == 1)
                firstCt = ct->data(0, DatabaseBrowser::UidRole).toString();
        }
        QVERIFY(!browser->findPatient(QString("DEMO-%1").arg(patients + 1, 3, 10, QChar('0'))));

        // The demo is for looking at: DEMO-001's CT opens by itself (in the
        // background) and is the browser's selection.
        QVERIFY(!firstCt.isEmpty());
        QVERIFY2(
            !shown.isEmpty() || shown.wait(60000),
            qPrintable(failed.isEmpty() ? QString("timeout") : failed.first().at(1).toString()));
        QCOMPARE(shown.first().at(0).toString(), firstCt);
        QCOMPARE(window.shownSeries(), firstCt);
        QCOMPARE(browser->currentItem(), browser->findSeries(firstCt));
        QVERIFY(!window.showsWelcomePage());

        viewers::SliceView* view = window.sliceView();
        QVERIFY(view->hasVolume());
        QVERIFY(view->skippedOverlays().isEmpty());
        QTreeWidgetItem* ctItem = browser->findSeries(firstCt);
        QCOMPARE(int(view->overlays().size()), ctItem->childCount());
        for (const auto& overlay : view->overlays())
            QVERIFY(overlay.name.startsWith("GTV_Lesion"));

        // The overlay with most voxels on the shown slice must be visible there,
        // over a visible image.
        const int slice = view->currentSlice();
        const viewers::MaskOverlay* shownOverlay = nullptr;
        int most = 0;
        for (const auto& overlay : view->overlays()) {
            int onSlice = 0;
            const auto& g = overlay.mask->geometry;
            for (std::int64_t j = 0; j < g.size[1]; ++j)
                for (std::int64_t i = 0; i < g.size[0]; ++i)
                    onSlice += overlay.mask->at(i, j, slice) ? 1 : 0;
            if (onSlice > most) {
                most = onSlice;
                shownOverlay = &overlay;
            }
        }
        QVERIFY2(shownOverlay && most > 20, qPrintable(QString("%1 voxels on slice").arg(most)));

        const QImage shot = test::grabAfterNextFrame(window, *view);
        QVERIFY(!shot.isNull());
        const QRect area = test::sliceImageOnGrab(shot, window, *view);
        QVERIFY(area.width() > 100 && area.height() > 100);
        const double sd = test::greyStandardDeviation(shot, area);
        QVERIFY2(sd > 20.0, qPrintable(QString("grey sd %1").arg(sd)));
        const auto tint =
            test::overlayTint(shot, area, *shownOverlay->mask, slice, shownOverlay->colour);
        QVERIFY2(tint.tinted > tint.inside * 8 / 10,
                 qPrintable(QString("%1 of %2 voxels of %3 tinted")
                                .arg(tint.tinted)
                                .arg(tint.inside)
                                .arg(shownOverlay->name)));

        // Not empty any more: no offer, and the offer is not used up.
        window.offerDemoCohortIfEmpty();
        QVERIFY(!visibleOffer(window));
        QVERIFY(!QSettings().value("demo/offered", false).toBool());
    }
};

int main(int argc, char** argv) {
    viewers::setDefaultSurfaceFormat();
    QApplication app(argc, argv);
    QApplication::setOrganizationName("RadiogenomicsTest");
    QApplication::setApplicationName("rgw-test_demo_cohort_flow");
    DemoCohortFlowTest test;
    return QTest::qExec(&test, argc, argv);
}
#include "test_demo_cohort_flow.moc"
