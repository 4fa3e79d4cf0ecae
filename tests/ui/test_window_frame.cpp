// The main window's frame (issue #11): the empty-database page, actions that
// need an image or a selection are disabled without one, the docks stay out of
// the way while reading images, series rows name their content, and a window
// that must not remember (scripted runs) leaves the user's settings alone.
// Uses the shared STS_003 patient (CT, PET, MR + 3 RTSTRUCTs).
#include "DatabaseBrowser.h"
#include "FileDialogs.h"
#include "ImportReportDialog.h"
#include "MainWindow.h"
#include "SegmentationPanel.h"
#include "StatusStrip.h"
#include "TestData.h"
#include "WelcomePage.h"
#include "bridge/OpenGLSupport.h"
#include "layout/ViewerLayout.h"
#include "widgets/ElidedLabel.h"

#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QFile>
#include <QFileDialog>
#include <QHeaderView>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTest>
#include <QTimer>
#include <QTreeView>

using namespace rgw;
using ui::DatabaseBrowser;

namespace {

QAction* action(ui::MainWindow& window, const char* name) {
    auto* a = window.findChild<QAction*>(name);
    if (!a)
        qWarning("no action %s", name);
    return a;
}

QString qPath(const std::filesystem::path& p) {
    return QString::fromStdString(p.string());
}

} // namespace

class WindowFrameTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
        const QString problem = viewers::openGLProblem();
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    void emptyDatabaseShowsNextSteps() {
        test::TempDir temp;
        ui::MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        // No database yet: only creating or opening one is offered.
        QVERIFY(window.showsWelcomePage());
        QVERIFY(!window.welcomePage()->importButton()->isEnabled());
        QVERIFY(window.welcomePage()->openButton()->isEnabled());
        QVERIFY(window.openDatabase(qPath(temp.path() / "fresh.rgwdb")));
        QVERIFY(window.showsWelcomePage());
        QVERIFY(window.welcomePage()->isVisible());
        QVERIFY(window.welcomePage()->importButton()->isEnabled());
        QVERIFY(window.welcomePage()->demoButton()->isEnabled());
        QVERIFY(!window.browser()->isVisible());
        // Nothing to extract in an empty database.
        QVERIFY(!action(window, "cohortExtractAction")->isEnabled());
        QVERIFY(!action(window, "extractAction")->isEnabled());
    }

    void actionsNeedAnImageOrASelection() {
        if (!test::hasData())
            QSKIP("shared test data not found (set RGW_TEST_DATA)");
        test::TempDir temp;
        ui::MainWindow window;
        window.setRemembersSettings(false);
        window.resize(1366, 740);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.openDatabase(qPath(temp.path() / "cohort.rgwdb")));
        QSignalSpy imported(&window, &ui::MainWindow::importFinished);
        window.startImport({qPath(test::ibsiDataSets() / "ibsi_validation" / "dicom" / "STS_003")});
        QVERIFY(imported.wait(180000));
        QVERIFY2(imported.first().at(0).toBool(), qPrintable(imported.first().at(1).toString()));
        if (auto* report = window.findChild<ui::ImportReportDialog*>())
            report->close();
        QVERIFY(!window.showsWelcomePage());

        // Series are named by their content; studies by date and accession.
        QTreeWidgetItem* patient = window.browser()->findPatient("STS_003");
        QVERIFY(patient);
        QTreeWidgetItem* study = patient->child(0);
        QCOMPARE(study->text(DatabaseBrowser::NameColumn),
                 QString("2005-04-15  Acc. 1168055087331776"));
        QStringList names;
        QTreeWidgetItem* ct = nullptr;
        QTreeWidgetItem* gtv = nullptr;
        for (int i = 0; i < study->childCount(); ++i) {
            QTreeWidgetItem* series = study->child(i);
            names << series->text(DatabaseBrowser::NameColumn);
            if (series->text(DatabaseBrowser::ModalityColumn) == "CT") {
                ct = series;
                gtv = series->child(0);
            }
        }
        names.sort();
        QCOMPARE(names,
                 (QStringList{"CT  IBSI_1_STS_003_CT_image", "MR  IBSI_1_STS_003_MR_T1_image",
                              "PT  IBSI_1_STS_003_PET_image", "RTSTRUCT  GTV_Mass_CT",
                              "RTSTRUCT  GTV_Mass_MR_T1", "RTSTRUCT  GTV_Mass_PET"}));
        QVERIFY(ct && gtv);
        // The descriptive columns come first.
        QVERIFY(DatabaseBrowser::DateColumn < DatabaseBrowser::ModalityColumn);
        QVERIFY(DatabaseBrowser::DescriptionColumn < DatabaseBrowser::InstancesColumn);
        QVERIFY(window.browser()->columnWidth(DatabaseBrowser::DateColumn) >=
                window.browser()->fontMetrics().horizontalAdvance("2005-04-15"));

        // No image yet: image tools, save, export, fusion disabled; so are the
        // actions that need a selection.
        window.browser()->setCurrentItem(nullptr);
        auto* panel = window.segmentationPanel();
        for (const char* name :
             {"saveSegmentationsAction", "importNiftiAction", "copySegmentationAction",
              "fuseAction", "unfuseAction", "extractAction"})
            QVERIFY2(!action(window, name)->isEnabled(), name);
        QVERIFY(action(window, "cohortExtractAction")->isEnabled());
        for (std::size_t n = 1; n < panel->toolActions().size(); ++n)
            QVERIFY2(!panel->toolActions()[n]->isEnabled(),
                     qPrintable(panel->toolActions()[n]->text()));
        for (const char* button : {"Statistics", "Save version"})
            for (auto* b : panel->findChildren<QPushButton*>())
                if (b->text() == button)
                    QVERIFY2(!b->isEnabled(), button);
        // Reading: the docks stay closed.
        QVERIFY(!window.segmentationDock()->isVisible());
        QVERIFY(!window.featureDock()->isVisible());

        // Show the CT: the image tools come alive.
        QSignalSpy shown(&window, &ui::MainWindow::seriesShown);
        window.browser()->setCurrentItem(ct);
        QVERIFY(shown.wait(60000));
        QVERIFY(action(window, "saveSegmentationsAction")->isEnabled());
        QVERIFY(action(window, "importNiftiAction")->isEnabled());
        QVERIFY(!action(window, "copySegmentationAction")->isEnabled()); // a series is selected
        QVERIFY(!action(window, "fuseAction")->isEnabled());   // the shown one is selected
        QVERIFY(action(window, "extractAction")->isEnabled()); // its segmentations
        for (std::size_t n = 1; n < panel->toolActions().size(); ++n)
            QVERIFY(panel->toolActions()[n]->isEnabled());
        // The geometry of the shown series is in the status bar, apart from the message.
        const QString geometry = window.statusStrip()->geometryLabel()->fullText();
        QVERIFY2(geometry.startsWith("154 x 158 x 51 voxels"), qPrintable(geometry));
        QVERIFY(!window.statusBar()->currentMessage().contains("voxels"));

        // Selecting the GTV enables copying it.
        window.browser()->setCurrentItem(gtv);
        QVERIFY(action(window, "copySegmentationAction")->isEnabled());

        // A tool opens the segment editor; Esc-Navigate leaves it where it is.
        panel->toolActions().at(1)->trigger();
        QTRY_VERIFY(window.segmentationDock()->isVisible());
        QVERIFY(window.segmentationDock()->width() < window.width() / 2);
    }

    void scriptedRunsLeaveTheSettingsAlone() {
        test::TempDir temp;
        QSettings settings;
        settings.clear();
        settings.setValue("database/last", "/home/user/mine.rgwdb");
        settings.setValue("database/recent", QStringList{"/home/user/mine.rgwdb"});
        settings.setValue("viewer/layout", "four-up");
        settings.setValue("mainWindow/geometry", QByteArray("saved"));
        settings.sync();
        {
            ui::MainWindow window;
            window.setRemembersSettings(false);
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            QVERIFY(window.openDatabase(qPath(temp.path() / "scripted.rgwdb")));
            window.setViewerLayout(viewers::Layout::Axial);
            window.resize(900, 700);
            QVERIFY(window.close());
        }
        QSettings after;
        QCOMPARE(after.value("database/last").toString(), QString("/home/user/mine.rgwdb"));
        QCOMPARE(after.value("database/recent").toStringList(),
                 QStringList{"/home/user/mine.rgwdb"});
        QCOMPARE(after.value("viewer/layout").toString(), QString("four-up"));
        QCOMPARE(after.value("mainWindow/geometry").toByteArray(), QByteArray("saved"));

        // An interactive window does remember (the same keys, so the check above means something).
        {
            ui::MainWindow window;
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            QVERIFY(window.openDatabase(qPath(temp.path() / "interactive.rgwdb")));
            window.setViewerLayout(viewers::Layout::Mpr);
            QVERIFY(window.close());
        }
        QSettings remembered;
        QVERIFY(remembered.value("database/last").toString().endsWith("interactive.rgwdb"));
        QCOMPARE(remembered.value("viewer/layout").toString(), QString("mpr"));
        QVERIFY(remembered.value("mainWindow/geometry").toByteArray() != QByteArray("saved"));
    }

    // The file dialogs' columns (name, size, type, date modified) fit their content.
    void fileDialogColumnsFitTheirContent() {
        test::TempDir temp;
        for (const char* name : {"a-rather-long-database-name.rgwdb", "b.rgwdb"})
            QFile(qPath(temp.path() / name)).open(QIODevice::WriteOnly);
        QStringList problems;
        bool inspected = false;
        QTimer::singleShot(0, [&] {
            auto* dialog = qobject_cast<QFileDialog*>(QApplication::activeModalWidget());
            if (!dialog)
                return;
            dialog->setViewMode(QFileDialog::Detail);
            QTest::qWait(500); // the file system model lists the folder in the background
            for (QTreeView* view : dialog->findChildren<QTreeView*>()) {
                if (!view->isVisible() || view->model()->rowCount(view->rootIndex()) == 0)
                    continue;
                inspected = true;
                for (int c = 0; c < view->header()->count(); ++c)
                    if (!view->isColumnHidden(c) &&
                        view->columnWidth(c) <
                            static_cast<QAbstractItemView*>(view)->sizeHintForColumn(c) - 1)
                        problems << QString("column %1: %2 px of %3")
                                        .arg(c)
                                        .arg(view->columnWidth(c))
                                        .arg(static_cast<QAbstractItemView*>(view)
                                                 ->sizeHintForColumn(c));
            }
            dialog->reject();
        });
        QWidget parent;
        ui::chooseOpenFile(&parent, "Open", qPath(temp.path()), "Cohort databases (*.rgwdb)");
        if (!inspected)
            QSKIP("a native file dialog is in use; its columns are the desktop's");
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join("; ")));
    }

    // A placement saved on a larger screen is not restored; one that fits is.
    void savedPlacementOnlyWhenItFits() {
        const QRect available = QGuiApplication::primaryScreen()->availableGeometry();
        QSettings().clear();
        QByteArray fitting;
        {
            ui::MainWindow window;
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            window.setWindowState(Qt::WindowNoState);
            window.setGeometry(available.adjusted(40, 40, -120, -120));
            QTest::qWait(100);
            QVERIFY(window.close());
            fitting = QSettings().value("mainWindow/geometry").toByteArray();
        }
        {
            ui::MainWindow window;
            QCOMPARE(window.size(), available.adjusted(40, 40, -120, -120).size());
        }
        {
            // The same window, saved when it was larger than this screen.
            ui::MainWindow window;
            window.setGeometry(QRect(available.topLeft(), available.size() + QSize(400, 300)));
            QSettings().setValue("mainWindow/geometry", window.saveGeometry());
        }
        ui::MainWindow window;
        QVERIFY(window.width() <= available.width());
        QVERIFY(window.height() <= available.height());
    }
};

int main(int argc, char** argv) {
    QApplication::setOrganizationName("RadiogenomicsTest");
    QApplication::setApplicationName("rgw-test_window_frame");
    viewers::setDefaultSurfaceFormat();
    QApplication app(argc, argv);
    WindowFrameTest test;
    return QTest::qExec(&test, argc, argv);
}

#include "test_window_frame.moc"
