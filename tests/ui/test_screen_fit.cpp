// The main window on the screen it is given: every layout, page and dialog,
// with a real CT + RTSTRUCT patient (STS_003). CTest runs this executable once
// per screen (tests/ui/CMakeLists.txt): xvfb-run -s "-screen 0 1366x768x24",
// 1920x1080, and 2560x1440 with QT_SCALE_FACTOR=2 (one layout: logical
// 1280x720). Run it by hand the same way, e.g.
//   xvfb-run -a -s "-screen 0 1366x768x24" build/tests/ui/test_screen_fit
// Asserted for each view: the window frame lies within the available screen
// area; the window's minimum size is at most 1280x720; no visible label or
// button shows shortened text without a tooltip; the browser is at least its
// readable width; in the axial layout the image canvas has >= 45 % of the
// window's area; the docked features table shows >= 15 rows. Screenshots go to
// $RGW_TEST_ARTEFACTS (default: <temp>/rgw-screen-fit), named by screen and view.
#include "CohortDialogs.h"
#include "CohortPage.h"
#include "DatabaseBrowser.h"
#include "FeatureExtractionDialog.h"
#include "FeatureMapDialog.h"
#include "FeatureTableView.h"
#include "FilterBuilder.h"
#include "FilterEntryForm.h"
#include "FilterResponseDialog.h"
#include "HelpPages.h"
#include "ImageFilterEditor.h"
#include "ImportReportDialog.h"
#include "MainWindow.h"
#include "MemoryBudgetSettings.h"
#include "PatientTableModel.h"
#include "ReportExportDialogs.h"
#include "SegmentationPanel.h"
#include "TestData.h"
#include "ViewerFitChecks.h"
#include "WelcomePage.h"
#include "WindowPlacement.h"
#include "associations/AssociationsPage.h"
#include "associations/GseaView.h"
#include "associations/SnpView.h"
#include "bridge/OpenGLSupport.h"
#include "bridge/VtkOpenGLWidget.h"
#include "bridge/WidgetGrab.h"
#include "demo/DemoGenomics.h"
#include "demo/DemoPhantom.h"
#include "layout/ViewerLayout.h"
#include "models/ModelBuilderPage.h"
#include "robustness/RobustnessDialog.h"
#include "slice/SliceView.h"
#include "volume/VolumeView3D.h"

#include <QAbstractButton>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QHeaderView>
#include <QLabel>
#include <QRegularExpression>
#include <QScreen>
#include <QSettings>
#include <QSignalSpy>
#include <QSplitter>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTest>
#include <QTextDocument>

using namespace rgw;

namespace {

QRect availableArea() {
    return QGuiApplication::primaryScreen()->availableGeometry();
}

QString screenName() {
    const QRect a = QGuiApplication::primaryScreen()->geometry();
    const qreal ratio = QGuiApplication::primaryScreen()->devicePixelRatio();
    return QString("%1x%2%3")
        .arg(qRound(a.width() * ratio))
        .arg(qRound(a.height() * ratio))
        .arg(ratio > 1 ? QString("@%1x").arg(ratio) : QString());
}

bool scaledScreen() {
    return QGuiApplication::primaryScreen()->devicePixelRatio() > 1.5;
}

QString artefactFolder() {
    QString folder = qEnvironmentVariable("RGW_TEST_ARTEFACTS");
    if (folder.isEmpty())
        folder = QDir::temp().filePath("rgw-screen-fit");
    QDir().mkpath(folder);
    return folder;
}

// Visible labels and buttons whose text does not fit and that carry no tooltip
// (inside `within` only, when given).
QStringList elidedWithoutTooltip(QWidget* top, const QWidget* within = nullptr,
                                 const QWidget* except = nullptr) {
    QStringList found;
    for (QWidget* w : top->findChildren<QWidget*>()) {
        if (!w->isVisibleTo(top) || !w->isVisible() || !w->toolTip().isEmpty())
            continue;
        if ((within && !within->isAncestorOf(w)) || (except && except->isAncestorOf(w)))
            continue;
        if (auto* label = qobject_cast<QLabel*>(w)) {
            if (label->wordWrap() || label->text().isEmpty() || !label->pixmap().isNull())
                continue;
            QString text = label->text();
            if (label->buddy()) // the mnemonic's '&' is not drawn
                text.remove(QRegularExpression("&(?!&)"));
            if (Qt::mightBeRichText(text)) {
                QTextDocument doc;
                doc.setHtml(text);
                text = doc.toPlainText();
            }
            const int need = label->fontMetrics().horizontalAdvance(text);
            const int room = label->contentsRect().width() - 2 * label->margin() - label->indent();
            if (need > room + 1)
                found << QString("label '%1' (%2 px of %3)").arg(text).arg(room).arg(need);
        } else if (auto* button = qobject_cast<QAbstractButton*>(w)) {
            if (button->text().isEmpty())
                continue;
            const int need = button->sizeHint().width();
            if (need > button->width() + 1)
                found << QString("button '%1' (%2 px of %3)")
                             .arg(button->text())
                             .arg(button->width())
                             .arg(need);
        }
    }
    return found;
}

void saveShot(QWidget& widget, const QString& view) {
    const QString file =
        QDir(artefactFolder()).filePath(QString("screen-fit-%1-%2.png").arg(screenName(), view));
    QVERIFY2(viewers::grabWithCanvases(widget).save(file), qPrintable(file));
    qInfo("%s: %s", qPrintable(view), qPrintable(file));
}

// Lets every visible canvas paint after a layout change.
void settle(ui::MainWindow& window) {
    QTest::qWait(200);
    for (QWidget* view : window.viewer()->visibleViews()) {
        viewers::VtkOpenGLWidget* canvas = nullptr;
        if (auto* slice = qobject_cast<viewers::SliceView*>(view))
            canvas = slice->canvas();
        else if (auto* volume = qobject_cast<viewers::VolumeView3D*>(view))
            canvas = volume->canvas();
        if (!canvas)
            continue;
        const int frames = canvas->renderedFrames();
        canvas->requestRender();
        if (!QTest::qWaitFor([&] { return canvas->renderedFrames() > frames; }, 10000))
            qWarning("a canvas did not paint within 10 s");
    }
}

double imageShare(ui::MainWindow& window) {
    double area = 0;
    for (QWidget* view : window.viewer()->visibleViews())
        if (auto* slice = qobject_cast<viewers::SliceView*>(view))
            area += double(slice->canvas()->width()) * slice->canvas()->height();
    return area / (double(window.width()) * window.height());
}

} // namespace

class ScreenFitTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true); // keep the user's settings untouched
        const QString problem = viewers::openGLProblem();
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        qInfo("screen %s, available %dx%d logical", qPrintable(screenName()),
              availableArea().width(), availableArea().height());
    }

    // The placement rule itself, on the screens of the issue.
    void initialGeometryFitsEveryScreen() {
        for (const QRect& screen :
             {QRect(0, 0, 1366, 768), QRect(0, 0, 1600, 1000), QRect(0, 0, 1920, 1080),
              QRect(0, 0, 1280, 720), QRect(0, 27, 1366, 741), QRect(1920, 0, 2560, 1400)}) {
            const QRect g = ui::initialWindowGeometry(screen);
            QVERIFY2(ui::fitsScreen(g, screen), qPrintable(QString("%1x%2 on %3x%4")
                                                               .arg(g.width())
                                                               .arg(g.height())
                                                               .arg(screen.width())
                                                               .arg(screen.height())));
            QVERIFY(g.width() >= screen.width() * 0.85);
        }
        QVERIFY(!ui::fitsScreen(QRect(0, 0, 1280, 800), QRect(0, 0, 1366, 768)));
    }

    void everyLayoutPageAndDialogFitsTheScreen() {
        if (!test::hasData())
            QSKIP("shared test data not found (set RGW_TEST_DATA)");
        const auto patient = test::ibsiDataSets() / "ibsi_validation" / "dicom" / "STS_003";
        test::TempDir temp;
        const QString dbPath = QString::fromStdString((temp.path() / "cohort.rgwdb").string());
        const QRect available = availableArea();

        ui::MainWindow window;
        window.setRemembersSettings(false);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTest::qWait(100); // the first-show placement
        const auto checkWindow = [&](const QString& view) {
            const QRect frame = window.frameGeometry();
            QVERIFY2(ui::fitsScreen(frame, available),
                     qPrintable(QString("%1: window %2x%3+%4+%5 outside %6x%7")
                                    .arg(view)
                                    .arg(frame.width())
                                    .arg(frame.height())
                                    .arg(frame.x())
                                    .arg(frame.y())
                                    .arg(available.width())
                                    .arg(available.height())));
            const QSize minimum = window.minimumSizeHint().expandedTo(window.minimumSize());
            QVERIFY2(minimum.width() <= ui::kLargestMinimumWindowSize.width() &&
                         minimum.height() <= ui::kLargestMinimumWindowSize.height(),
                     qPrintable(QString("%1: minimum size %2x%3")
                                    .arg(view)
                                    .arg(minimum.width())
                                    .arg(minimum.height())));
            const QStringList elided = elidedWithoutTooltip(&window, nullptr, window.viewer());
            QVERIFY2(elided.isEmpty(), qPrintable(view + ": " + elided.join("; ")));
            // The views' own texts (geometry, window presets) too.
            const QStringList inViews = elidedWithoutTooltip(&window, window.viewer());
            QVERIFY2(inViews.isEmpty(), qPrintable(view + " (views): " + inViews.join("; ")));
            if (window.browser()->isVisible()) {
                const int width = window.browser()->width();
                QVERIFY2(width >= window.browser()->minimumReadableWidth(),
                         qPrintable(QString("%1: browser %2 px").arg(view).arg(width)));
                qInfo("%s: window %dx%d, browser %d px (readable minimum %d)", qPrintable(view),
                      window.width(), window.height(), width,
                      window.browser()->minimumReadableWidth());
            }
            saveShot(window, view);
        };
        const auto checkDialog = [&](QDialog& dialog, const QString& view) {
            dialog.show();
            QVERIFY(QTest::qWaitForWindowExposed(&dialog));
            QTest::qWait(50);
            QVERIFY2(ui::fitsScreen(dialog.frameGeometry(), available),
                     qPrintable(
                         QString("%1: %2x%3").arg(view).arg(dialog.width()).arg(dialog.height())));
            const QStringList elided = elidedWithoutTooltip(&dialog);
            QVERIFY2(elided.isEmpty(), qPrintable(view + ": " + elided.join("; ")));
            saveShot(dialog, view);
            dialog.close();
        };

        // The first page of a fresh database: what to do next.
        QVERIFY(window.openDatabase(dbPath));
        QVERIFY(window.showsWelcomePage());
        checkWindow("welcome");
        if (QTest::currentTestFailed())
            return;

        QSignalSpy imported(&window, &ui::MainWindow::importFinished);
        window.startImport({QString::fromStdString(patient.string())});
        QVERIFY(imported.wait(180000));
        QVERIFY2(imported.first().at(0).toBool(), qPrintable(imported.first().at(1).toString()));
        QVERIFY(!window.showsWelcomePage());
        auto* report = window.findChild<ui::ImportReportDialog*>();
        QVERIFY(report);
        checkDialog(*report, "import-report");

        QTreeWidgetItem* ct = nullptr;
        for (QTreeWidgetItemIterator it(window.browser()); *it; ++it)
            if ((*it)->text(ui::DatabaseBrowser::ModalityColumn) == "CT" &&
                (*it)->data(0, ui::DatabaseBrowser::IsImageRole).toBool())
                ct = *it;
        QVERIFY(ct);
        const QString ctUid = ct->data(0, ui::DatabaseBrowser::SeriesUidRole).toString();
        QSignalSpy shown(&window, &ui::MainWindow::seriesShown);
        window.openSeries(ctUid);
        QVERIFY(shown.wait(60000));

        // Reading images: every layout (one at scale 2), docks closed.
        const std::vector<std::pair<viewers::Layout, QString>> layouts =
            scaledScreen()
                ? std::vector<std::pair<viewers::Layout, QString>>{{viewers::Layout::Axial,
                                                                    "axial"}}
                : std::vector<std::pair<viewers::Layout, QString>>{
                      {viewers::Layout::Axial, "axial"},
                      {viewers::Layout::Mpr, "mpr"},
                      {viewers::Layout::ThreeD, "3d"},
                      {viewers::Layout::FourUp, "four-up"}};
        QVERIFY(!window.segmentationDock()->isVisible());
        QVERIFY(!window.featureDock()->isVisible());
        for (const auto& [layout, name] : layouts) {
            window.setViewerLayout(layout);
            settle(window);
            checkWindow(name);
            if (QTest::currentTestFailed())
                return;
            // Overlay annotations: disjoint boxes inside each canvas, elided
            // lines with their full text as tooltip, presets not cut.
            const QString annotations =
                test::checkViewerLayout(*window.viewer(), screenName() + "-" + name, false);
            QVERIFY2(annotations.isEmpty(), qPrintable(annotations));
            if (layout == viewers::Layout::Axial) {
                const double share = imageShare(window);
                qInfo("axial: image canvas %.1f %% of the window", 100 * share);
                QVERIFY2(share >= 0.45, qPrintable(QString("image share %1").arg(share)));
            }
        }
        window.setViewerLayout(viewers::Layout::Axial);

        // Segmenting: a tool brings the segment editor in.
        auto* panel = window.segmentationPanel();
        panel->toolActions().at(1)->trigger(); // Paint
        QTRY_VERIFY(window.segmentationDock()->isVisible());
        settle(window);
        qInfo("axial with the segment editor: image canvas %.1f %% of the window",
              100 * imageShare(window));
        checkWindow("segment-editor");
        if (QTest::currentTestFailed())
            return;
        panel->toolActions().at(0)->trigger(); // Navigate

        // Features: the dock at its default size lists at least 15 rows.
        window.featureDock()->toggleViewAction()->trigger();
        QTRY_VERIFY(window.featureDock()->isVisible());
        window.featureDock()->raise();
        settle(window);
        auto* table = window.featureTable()->findChild<QTableView*>();
        QVERIFY(table);
        const int rows =
            table->viewport()->height() / table->verticalHeader()->defaultSectionSize();
        qInfo("features dock: %d px wide, table shows %d rows", window.featureDock()->width(),
              rows);
        QVERIFY2(rows >= 15, qPrintable(QString("%1 rows").arg(rows)));
        checkWindow("features");
        if (QTest::currentTestFailed())
            return;

        // The cohort page, with the demo's genomic and clinical study of six
        // patients: its filter, cohort panel, patient table and detail.
        {
            std::vector<demo::DemoStudyPatient> studyPatients;
            for (int number = 1; number <= 6; ++number)
                studyPatients.push_back(
                    demo::studyPatientOf(demo::makePatientPhantom(1, number), number));
            demo::writeGenomicStudy(temp.path() / "study", 1, studyPatients);
            QSignalSpy genomic(&window, &ui::MainWindow::genomicImportFinished);
            ui::GenomicImportRequest request;
            request.source = temp.path() / "study";
            window.startGenomicImport(request);
            QVERIFY(genomic.wait(60000));
            QVERIFY2(genomic.first().at(0).toBool(), qPrintable(genomic.first().at(1).toString()));
            for (auto* dialog : window.findChildren<QDialog*>())
                dialog->close();
        }
        window.showCohortPage(true);
        ui::CohortPage* cohort = window.cohortPage();
        QTRY_VERIFY_WITH_TIMEOUT(!cohort->isLoading() && cohort->patientCount() == 7, 30000);
        cohort->filterBuilder()->setText("mut_EGFR is mutated or mut_EGFR is wild-type");
        QVERIFY(cohort->selectPatient(cohort->model()->patientId(0)));
        QTest::qWait(100);
        {
            const int rows = cohort->patientView()->viewport()->height() /
                             cohort->patientView()->verticalHeader()->defaultSectionSize();
            qInfo("cohort page: patient table shows %d rows", rows);
            QVERIFY2(rows >= 8, qPrintable(QString("%1 rows").arg(rows)));
        }
        checkWindow("cohort");
        if (QTest::currentTestFailed())
            return;
        {
            ui::TextPromptDialog name("Save as cohort", "Name of the cohort", &window);
            checkDialog(name, "cohort-name");
            QStringList variables;
            for (int column = ui::PatientTableModel::FixedColumns;
                 column < cohort->model()->columnCount(); ++column)
                variables << cohort->model()->headerData(column, Qt::Horizontal).toString();
            ui::SplitDialog split(variables, &window);
            checkDialog(split, "cohort-split");
            ui::ExportDialog exportDialog(&window);
            checkDialog(exportDialog, "cohort-export");
            // File > Export study report / patient report / for sharing / cohort bundle.
            const QStringList cohorts = {"a-rather-long-cohort-name@2",
                                         "a-rather-long-cohort-name@1"};
            ui::StudyReportDialog study(cohorts, &window);
            study.addAssociationTables({"/tmp/associations/radiomics-vs-expression-map.csv"});
            checkDialog(study, "study-report");
            ui::PatientReportDialog patient({"RGW-DEMO-001", "RGW-DEMO-002"}, "RGW-DEMO-002",
                                            &window);
            checkDialog(patient, "patient-report");
            ui::SharingExportDialog sharing(cohorts, &window);
            checkDialog(sharing, "export-for-sharing");
            ui::SharingExportDialog bundle(ui::SharingKind::Bundle, cohorts, &window);
            checkDialog(bundle, "export-cohort-bundle");
        }
        // The Models and Associations pages, whole, on this screen.
        for (const char* name : {"models", "associations"}) {
            auto* tabs = window.findChild<QTabWidget*>("workTabs");
            QVERIFY(tabs);
            tabs->setCurrentWidget(name == QString("models")
                                       ? static_cast<QWidget*>(window.modelBuilderPage())
                                       : static_cast<QWidget*>(window.associationsPage()));
            QTest::qWait(100);
            saveShot(window, name);
            checkWindow(name);
            if (QTest::currentTestFailed())
                return;
        }
        // The Associations page's GSEA and SNP tabs, whole, on this screen.
        for (const char* name : {"associations-gsea", "associations-snps"}) {
            ui::AssociationsPage* page = window.associationsPage();
            page->resultTabs()->setCurrentWidget(name == QString("associations-gsea")
                                                     ? static_cast<QWidget*>(page->gseaView())
                                                     : static_cast<QWidget*>(page->snpView()));
            QTest::qWait(100);
            saveShot(window, name);
            checkWindow(name);
            if (QTest::currentTestFailed())
                return;
        }
        window.showCohortPage(true);

        // Open images: the imaging patient's first image series, in the viewer.
        {
            QTreeWidgetItem* top = window.browser()->findSeries(ctUid); // reloaded since
            QVERIFY(top);
            while (top->parent())
                top = top->parent();
            const QString imagingPatient = top->data(0, ui::DatabaseBrowser::UidRole).toString();
            cohort->filterBuilder()->setText(QString()); // every patient
            QVERIFY(cohort->selectPatient(imagingPatient));
            cohort->openImagesAction()->trigger();
            QVERIFY(!window.showsCohortPage());
            QTreeWidgetItem* selected = window.browser()->currentItem();
            QVERIFY(selected);
            QVERIFY(selected->data(0, ui::DatabaseBrowser::IsImageRole).toBool());
            QTreeWidgetItem* owner = selected;
            while (owner->parent())
                owner = owner->parent();
            QCOMPARE(owner, top);
        }

        // Dialogs.
        ui::ShortcutListDialog shortcuts(&window, &window);
        checkDialog(shortcuts, "shortcuts");
        ui::UserGuideDialog guide(&window);
        checkDialog(guide, "user-guide");
        ui::MemoryBudgetDialog budget(&window);
        checkDialog(budget, "memory-budget");
        ui::FeatureExtractionDialog extraction("segmentation 1 on series " + ctUid, &window);
        checkDialog(extraction, "feature-extraction");
        ui::FeatureMapDialog featureMap("STS_003 · CT · segment GTV", &window);
        checkDialog(featureMap, "feature-map");
        ui::FilterResponseDialog filterResponse("STS_003 · CT", &window);
        checkDialog(filterResponse, "filter-response");
        ui::RobustnessDialog robustness(dbPath.toStdString(), &window);
        if (robustness.loading()) { // checked with its runs and features shown
            QSignalSpy loaded(&robustness, &ui::RobustnessDialog::loaded);
            QVERIFY(loaded.wait(60000));
        }
        checkDialog(robustness, "feature-robustness");
    }

    // The extraction dialog's filter editor (issue #16 §5) showing its tallest
    // form: a rotation-invariant Gabor filter with GLCM and its discretisation.
    void imageFilterEditorFitsTheScreen() {
        QSettings().remove("filterEditor");
        QSettings().setValue("filterEditor/lastType", "gabor");
        ui::ImageFilterEditor editor(radiomics::loadParameterSet("ct-default"), "ct-default");
        editor.addEntry();
        editor.form()->findChild<QCheckBox*>("rotation_invariant")->setChecked(true);
        editor.form()->findChild<QCheckBox*>("family_glcm")->setChecked(true);
        auto* method = editor.form()->findChild<QComboBox*>("discretisationMethod");
        method->setCurrentIndex(method->findText("fixed_bin_size"));
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        QTest::qWait(50);
        const QRect available = availableArea();
        QVERIFY2(
            ui::fitsScreen(editor.frameGeometry(), available),
            qPrintable(QString("filter editor %1x%2").arg(editor.width()).arg(editor.height())));
        const QSize minimum = editor.minimumSizeHint();
        QVERIFY2(minimum.width() <= available.width() && minimum.height() <= available.height(),
                 qPrintable(QString("minimum %1x%2").arg(minimum.width()).arg(minimum.height())));
        const QStringList elided = elidedWithoutTooltip(&editor);
        QVERIFY2(elided.isEmpty(), qPrintable(elided.join("; ")));
        saveShot(editor, "image-filter-editor");
        editor.reject();
    }
};

int main(int argc, char** argv) {
    QApplication::setOrganizationName("RadiogenomicsTest");
    QApplication::setApplicationName("rgw-test_screen_fit");
    viewers::setDefaultSurfaceFormat();
    QApplication app(argc, argv);
    ScreenFitTest test;
    return QTest::qExec(&test, argc, argv);
}

#include "test_screen_fit.moc"
