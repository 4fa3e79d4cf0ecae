// File > Export study report / Export patient report / Export for sharing
// through the real main window under Xvfb (issue #15 §3). The demo cohort is
// imported and its features extracted through the window; a named cohort
// with a split and a stored Cox model are made with the storage calls the
// Cohort and Models pages use. Each action is driven as a user does it (the
// menu action, the dialog's fields, Export) and the files are checked:
// pdftotext of the study report holds every section heading of the document
// storage::studyReport assembles (as many sections as the window reports)
// and the cohort name; the HTML export writes its .html and _files folder;
// the patient report names the patient; a cancelled report writes nothing;
// the export for sharing writes DICOM files, clinical.tsv and a manifest and
// the database gains pseudonyms; a non-empty folder is refused. File > Export
// cohort bundle writes the cohort as a zip (an existing zip is refused) that
// File > Import cohort bundle of a second window reads into an empty database:
// the same cohort, included patients and model count arrive; a cancelled
// import leaves the database empty.
#include "CohortAnalysisTable.h"
#include "CohortCreation.h"
#include "CohortSplitting.h"
#include "Database.h"
#include "DatabaseBrowser.h"
#include "DeidentifiedExport.h"
#include "DemoWindow.h"
#include "MainWindow.h"
#include "ModelRepository.h"
#include "NamedCohorts.h"
#include "ReportExportDialogs.h"
#include "StudyReport.h"
#include "TaskProgress.h"
#include "TestData.h"
#include "WidgetLookup.h"
#include "association/AssociationCsv.h"
#include "association/AssociationTable.h"
#include "association/CorrelationMap.h"
#include "modeling/Training.h"
#include "util/AtomicFile.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTest>
#include <QTreeWidget>
#include <filesystem>
#include <memory>

using namespace rgw;

namespace {

const char* const kCohort = "followed@1";

/// The text of a PDF (pdftotext, poppler-utils); empty when it failed.
QString pdfText(const QString& file) {
    QProcess process;
    process.start(QStringLiteral("pdftotext"), {file, QStringLiteral("-")});
    if (!process.waitForFinished(120000) || process.exitCode() != 0)
        return {};
    return QString::fromUtf8(process.readAllStandardOutput());
}

/// pdftotext breaks lines and may put a heading's number on its own line:
/// compare with runs of white space as one space.
QString squeezed(const QString& text) {
    return text.simplified();
}

void closeTransients(ui::MainWindow& window) {
    for (QWidget* top : QApplication::topLevelWidgets())
        if (top != &window && top->isVisible() && top->isWindow())
            top->close();
}

/// The named cohort "followed" (segmented patients with follow-up), split
/// 75/25 stratified by os_event, and a ridge Cox model of overall survival
/// on two ct-default features stored for it — what the Cohort and Models
/// pages store.
void makeCohortAndModel(const std::filesystem::path& file) {
    storage::Database db(file);
    const storage::CohortRow cohort = storage::createCohort(
        db,
        storage::CohortDefinition{"followed", "has_segmentation is true and os_time is not missing",
                                  ""},
        "tester");
    storage::SplitRequest split;
    split.testFraction = 0.25;
    split.variable = "os_event";
    split.seed = 4;
    storage::splitCohort(db, cohort, split, "tester");
    storage::CohortExportOptions options;
    options.cohort = kCohort;
    options.parameterSet = "ct-default";
    const storage::CohortAnalysisTable input = storage::cohortAnalysisTable(db, options);
    modeling::TrainingRequest request;
    request.name = "os-report";
    request.task.kind = modeling::ModelKind::Cox;
    request.task.time = "os_time";
    request.task.event = "os_event";
    request.features = {"intensity_statistics.mean_intensity", "morphology.volume_mesh"};
    request.pipeline.learner.penalty = modeling::Penalty::Ridge;
    request.pipeline.learner.innerFolds = 3;
    request.validation.folds = 3;
    request.validation.repeats = 1;
    request.validation.threads = 1;
    const modeling::TrainingSource source{"cohort " + input.provenance.cohort,
                                          input.provenance.cohort,
                                          input.provenance.parameterSetHash};
    storage::storeModel(db, modeling::trainModel(input.table, request, source).model, "tester");
}

/// A correlation map of the cohort's radiomic features against expression,
/// written as `rgw-cli assoc map` writes it (CSV and its provenance file).
QString writeCorrelationMap(const std::filesystem::path& file, const std::filesystem::path& out) {
    storage::Database db(file);
    storage::CohortExportOptions options;
    options.cohort = kCohort;
    options.parameterSet = "ct-default";
    const storage::CohortAnalysisTable input = storage::cohortAnalysisTable(db, options);
    const auto molecular = association::prefixedColumns(input.table, "expr_");
    const auto features = association::namedColumns(
        input.table, {"intensity_statistics.mean_intensity", "morphology.volume_mesh"});
    association::CorrelationOptions o;
    o.method = association::CorrelationMethod::Spearman;
    o.threads = 1;
    const association::CorrelationMap map =
        association::correlationMap(features.values, molecular.values, o);
    association::AssociationProvenance p;
    p.kind = "correlation map";
    p.cohort = kCohort;
    association::describeCorrelationMap(p, map, "expr_", features.columns, molecular.columns.size(),
                                        input.table.rows(), std::nullopt);
    rgw::writeTextFileAtomically(
        out, association::correlationMapCsv(map, features.names, molecular.names, nullptr));
    association::writeProvenanceFile(out, p);
    return test::qPath(out);
}

} // namespace

class ReportExportDialogsTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void cleanup() { closeTransients(*window_); }

    void studyReportPdfHasEverySectionOfTheDocument();
    void studyReportHtmlWritesItsFilesFolder();
    void cancelledStudyReportWritesNothing();
    void failedStudyReportIsShownNamingTheProblem();
    void patientReportOfTheBrowsersPatient();
    void exportForSharingRefusesANonEmptyFolder();
    void exportForSharingWritesPseudonymisedDicom();
    void bundleExportRefusesAnExistingZip();
    void bundleRoundTripsIntoAnEmptyDatabase();

private:
    /// Triggers `action` and returns its visible dialog named `name`.
    template <class Dialog> Dialog* openDialog(const char* action, const char* name);

    std::unique_ptr<test::TempDir> temp_;
    std::unique_ptr<ui::MainWindow> window_;
    std::filesystem::path database_;
};

void ReportExportDialogsTest::initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    QApplication::setOrganizationName("RadiogenomicsTest");
    QApplication::setApplicationName("test_report_export_dialogs");
    QSettings().clear();
    temp_ = std::make_unique<test::TempDir>();
    database_ = temp_->path() / "cohort.rgwdb";
    window_ = std::make_unique<ui::MainWindow>();
    window_->setOpensExports(false);
    test::openDemoWithFeatures(*window_, database_, temp_->path() / "demo-cohort", "ct-default");
    if (QTest::currentTestFailed())
        return;
    QTRY_VERIFY_WITH_TIMEOUT(!window_->isBusy(), 60000);
    closeTransients(*window_);
    makeCohortAndModel(database_);
}

void ReportExportDialogsTest::cleanupTestCase() {
    window_.reset();
    temp_.reset();
}

template <class Dialog>
Dialog* ReportExportDialogsTest::openDialog(const char* action, const char* name) {
    auto* trigger = window_->findChild<QAction*>(action);
    if (!trigger || !trigger->isEnabled() || trigger->shortcut().isEmpty())
        return nullptr;
    trigger->trigger();
    return test::visibleChild<Dialog>(window_.get(), name);
}

void ReportExportDialogsTest::studyReportPdfHasEverySectionOfTheDocument() {
    auto* dialog = openDialog<ui::StudyReportDialog>("studyReportAction", "studyReportDialog");
    QVERIFY(dialog);
    // The latest version is the default; every section is checked by default.
    QCOMPARE(dialog->cohortBox()->currentText(), QString(kCohort));
    for (const auto section : storage::allStudyReportSections())
        QVERIFY(dialog->sectionBox(section)->isChecked());
    dialog->formatBox()->setCurrentIndex(dialog->formatBox()->findData("pdf"));
    const QString file = test::qPath(temp_->path() / "study");
    dialog->fileEdit()->setText(file); // the extension follows the format
    QVERIFY2(dialog->okButton()->isEnabled(), qPrintable(dialog->problem()));
    QSignalSpy exported(window_.get(), &ui::MainWindow::reportExported);
    QTest::mouseClick(dialog->okButton(), Qt::LeftButton);
    QVERIFY(exported.wait(600000));
    QVERIFY2(exported.first().at(0).toBool(), qPrintable(exported.first().at(1).toString()));
    const QString pdf = file + ".pdf";
    QCOMPARE(exported.first().at(1).toString(), pdf);
    QVERIFY(QFileInfo(pdf).size() > 0);

    // The same document from storage: its top-level sections, all in the PDF.
    storage::Database db(database_);
    storage::StudyReportOptions options;
    const report::Document document = storage::studyReport(db, kCohort, options);
    QVERIFY(document.sections.size() >= storage::allStudyReportSections().size());
    const QString status = window_->statusBar()->currentMessage();
    QVERIFY2(status.contains(QString("(%1 sections)").arg(document.sections.size())),
             qPrintable(status));
    const QString text = squeezed(pdfText(pdf));
    QVERIFY(!text.isEmpty());
    QVERIFY(text.contains("followed"));
    qInfo("study report: %zu sections, %lld characters of text", document.sections.size(),
          static_cast<long long>(text.size()));
    for (const report::Section& section : document.sections)
        QVERIFY2(text.contains(squeezed(QString::fromStdString(section.title))),
                 qPrintable(QString::fromStdString(section.title)));
    // Remembered for the next time.
    QCOMPARE(QSettings().value("reports/study/cohort").toString(), QString("followed"));
}

void ReportExportDialogsTest::studyReportHtmlWritesItsFilesFolder() {
    auto* dialog = openDialog<ui::StudyReportDialog>("studyReportAction", "studyReportDialog");
    QVERIFY(dialog);
    dialog->sectionBox(storage::StudyReportSection::Checklists)->setChecked(false);
    dialog->sectionBox(storage::StudyReportSection::Patients)->setChecked(false);
    dialog->formatBox()->setCurrentIndex(dialog->formatBox()->findData("html"));
    const QString file = test::qPath(temp_->path() / "study-html.pdf");
    dialog->fileEdit()->setText(file);
    // An association table without its provenance file is refused in the dialog.
    const QString table = test::qPath(temp_->path() / "orphan.csv");
    {
        QFile orphan(table);
        QVERIFY(orphan.open(QIODevice::WriteOnly));
        orphan.write("feature,variable,rho\n");
    }
    dialog->addAssociationTables({table});
    QVERIFY(!dialog->okButton()->isEnabled());
    QVERIFY2(dialog->problem().contains("provenance"), qPrintable(dialog->problem()));
    dialog->associationList()->setCurrentRow(0);
    delete dialog->associationList()->takeItem(0);
    // A correlation map of this cohort with its provenance is taken.
    dialog->addAssociationTables({writeCorrelationMap(database_, temp_->path() / "map.csv")});
    QCOMPARE(dialog->associationList()->count(), 1);
    QVERIFY2(dialog->okButton()->isEnabled(), qPrintable(dialog->problem()));
    QSignalSpy exported(window_.get(), &ui::MainWindow::reportExported);
    dialog->accept();
    QVERIFY(exported.wait(600000));
    QVERIFY2(exported.first().at(0).toBool(), qPrintable(exported.first().at(1).toString()));
    const QString html = test::qPath(temp_->path() / "study-html.html");
    QCOMPARE(exported.first().at(1).toString(), html);
    QVERIFY(QFileInfo(html).size() > 0);
    const QDir files(test::qPath(temp_->path() / "study-html_files"));
    QVERIFY(files.exists());
    QVERIFY(!files.entryList({"*.svg"}, QDir::Files).isEmpty());
    QFile read(html);
    QVERIFY(read.open(QIODevice::ReadOnly));
    const QString content = QString::fromUtf8(read.readAll());
    QVERIFY(content.contains("followed"));
    QVERIFY(content.contains("study-html_files/"));
    QVERIFY(content.contains("id=\"results-associations-1\""));
}

void ReportExportDialogsTest::cancelledStudyReportWritesNothing() {
    const QString file = test::qPath(temp_->path() / "cancelled.pdf");
    ui::StudyReportRequest request;
    request.cohort = kCohort;
    request.sections = storage::allStudyReportSections();
    request.file = file;
    QSignalSpy exported(window_.get(), &ui::MainWindow::reportExported);
    window_->startStudyReport(request);
    QVERIFY(window_->isBusy());
    QVERIFY(window_->taskProgress()->cancelButton()->isEnabled());
    window_->taskProgress()->cancelButton()->click();
    QVERIFY(exported.wait(600000));
    QCOMPARE(exported.first().at(0).toBool(), false);
    QCOMPARE(exported.first().at(1).toString(), QString("cancelled"));
    QVERIFY(!QFileInfo::exists(file));
    QVERIFY(window_->statusBar()->currentMessage().contains("nothing was written"));
}

void ReportExportDialogsTest::failedStudyReportIsShownNamingTheProblem() {
    // A folder that vanished after the dialog: the renderer cannot write the file.
    const QString file = test::qPath(temp_->path() / "gone" / "report.pdf");
    ui::StudyReportRequest request;
    request.cohort = kCohort;
    request.sections = {storage::StudyReportSection::Methods};
    request.file = file;
    QSignalSpy exported(window_.get(), &ui::MainWindow::reportExported);
    window_->startStudyReport(request);
    QVERIFY(exported.wait(300000));
    QCOMPARE(exported.first().at(0).toBool(), false);
    QVERIFY2(window_->lastError().contains("report.pdf"), qPrintable(window_->lastError()));
    QVERIFY(window_->lastError().contains(kCohort));
    bool shown = false;
    for (QMessageBox* box : window_->findChildren<QMessageBox*>())
        shown = shown || (box->isVisible() && box->text() == window_->lastError());
    QVERIFY(shown);
    QVERIFY(!QFileInfo::exists(file));
}

void ReportExportDialogsTest::patientReportOfTheBrowsersPatient() {
    ui::DatabaseBrowser* browser = window_->browser();
    QVERIFY(browser->patientCount() > 1);
    QTreeWidgetItem* patient = browser->topLevelItem(1);
    const QString patientId =
        patient->data(ui::DatabaseBrowser::NameColumn, ui::DatabaseBrowser::UidRole).toString();
    QVERIFY(!patientId.isEmpty());
    // A series of the patient is selected: the report is the patient's.
    browser->setCurrentItem(patient->childCount() > 0 ? patient->child(0) : patient);
    QTRY_VERIFY_WITH_TIMEOUT(!window_->isBusy(), 60000);
    auto* dialog =
        openDialog<ui::PatientReportDialog>("patientReportAction", "patientReportDialog");
    QVERIFY(dialog);
    QCOMPARE(dialog->patientBox()->currentText(), patientId);
    dialog->formatBox()->setCurrentIndex(dialog->formatBox()->findData("pdf"));
    const QString file = test::qPath(temp_->path() / "patient.pdf");
    dialog->fileEdit()->setText(file);
    QSignalSpy exported(window_.get(), &ui::MainWindow::reportExported);
    QTest::mouseClick(dialog->okButton(), Qt::LeftButton);
    QVERIFY(exported.wait(300000));
    QVERIFY2(exported.first().at(0).toBool(), qPrintable(exported.first().at(1).toString()));
    QCOMPARE(exported.first().at(1).toString(), file);
    const QString text = pdfText(file);
    qInfo("patient report of %s: %lld characters of text", qPrintable(patientId),
          static_cast<long long>(text.size()));
    QVERIFY(text.contains(patientId));
}

void ReportExportDialogsTest::exportForSharingRefusesANonEmptyFolder() {
    const QString folder = test::qPath(temp_->path() / "occupied");
    QVERIFY(QDir().mkpath(folder));
    {
        QFile other(folder + "/notes.txt");
        QVERIFY(other.open(QIODevice::WriteOnly));
        other.write("not for sharing\n");
    }
    auto* dialog =
        openDialog<ui::SharingExportDialog>("sharingExportAction", "sharingExportDialog");
    QVERIFY(dialog);
    QCOMPARE(dialog->cohortBox()->currentText(), QString(kCohort));
    dialog->folderEdit()->setText(folder);
    QVERIFY(!dialog->okButton()->isEnabled());
    QVERIFY2(dialog->problem().contains("is not empty"), qPrintable(dialog->problem()));
    dialog->reject();
    // The window refuses it too, with a message naming the folder.
    QSignalSpy exported(window_.get(), &ui::MainWindow::sharingExported);
    window_->startSharingExport({kCohort, folder, false});
    QCOMPARE(exported.count(), 1);
    QCOMPARE(exported.first().at(0).toBool(), false);
    QVERIFY(window_->lastError().contains("is not empty"));
    QVERIFY(window_->lastError().contains(QDir::toNativeSeparators(folder)));
    QCOMPARE(QDir(folder).entryList(QDir::NoDotAndDotDot | QDir::AllEntries).size(), 1);
}

void ReportExportDialogsTest::exportForSharingWritesPseudonymisedDicom() {
    std::vector<std::string> included;
    {
        storage::Database db(database_);
        storage::NamedCohortRepository cohorts(db);
        included = cohorts.includedPatients(cohorts.require(kCohort).id);
        QVERIFY(!included.empty());
        for (const std::string& id : included)
            QVERIFY(!storage::storedPseudonym(db, id));
    }
    auto* dialog =
        openDialog<ui::SharingExportDialog>("sharingExportAction", "sharingExportDialog");
    QVERIFY(dialog);
    const QString folder = test::qPath(temp_->path() / "shared");
    dialog->folderEdit()->setText(folder);
    dialog->retainIntervalsBox()->setChecked(true);
    QVERIFY2(dialog->okButton()->isEnabled(), qPrintable(dialog->problem()));
    QSignalSpy exported(window_.get(), &ui::MainWindow::sharingExported);
    QTest::mouseClick(dialog->okButton(), Qt::LeftButton);
    QVERIFY(exported.wait(600000));
    QVERIFY2(exported.first().at(0).toBool(), qPrintable(exported.first().at(1).toString()));
    const QString summary = exported.first().at(1).toString();
    QVERIFY2(summary.contains(QString("%1 patient(s)").arg(included.size())), qPrintable(summary));
    QVERIFY(summary.contains("UID(s) remapped"));
    QVERIFY(test::visibleChild<QWidget>(window_.get(), "sharingSummary"));
    QVERIFY(QFileInfo(folder + "/clinical.tsv").isFile());
    QVERIFY(QFileInfo(folder + "/manifest.json").isFile());
    int dicomFiles = 0;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(folder.toStdString()))
        dicomFiles += entry.is_regular_file() && entry.path().extension() == ".dcm";
    qInfo("export for sharing: %d DICOM files; %s", dicomFiles, qPrintable(summary));
    QVERIFY(dicomFiles > 0);
    storage::Database db(database_);
    for (const std::string& id : included) {
        const auto pseudonym = storage::storedPseudonym(db, id);
        QVERIFY2(pseudonym.has_value(), id.c_str());
        QVERIFY(QFileInfo(folder + "/" + QString::fromStdString(*pseudonym)).isDir());
    }
    QVERIFY(QSettings().value("reports/sharing/retainIntervals").toBool());
}

void ReportExportDialogsTest::bundleExportRefusesAnExistingZip() {
    const QString zip = test::qPath(temp_->path() / "taken.zip");
    {
        QFile other(zip);
        QVERIFY(other.open(QIODevice::WriteOnly));
        other.write("not a bundle\n");
    }
    auto* dialog = openDialog<ui::SharingExportDialog>("bundleExportAction", "bundleExportDialog");
    QVERIFY(dialog);
    QCOMPARE(dialog->kind(), ui::SharingKind::Bundle);
    QVERIFY(dialog->zipBox() && dialog->reportBox());
    QVERIFY(dialog->reportBox()->isChecked()); // the report is in by default
    dialog->zipBox()->setChecked(false);
    dialog->folderEdit()->setText(test::qPath(temp_->path() / "taken"));
    dialog->zipBox()->setChecked(true); // the extension follows the choice
    QCOMPARE(dialog->folderEdit()->text(), zip);
    QVERIFY(!dialog->okButton()->isEnabled());
    QVERIFY2(dialog->problem().contains("exists"), qPrintable(dialog->problem()));
    dialog->zipBox()->setChecked(false);
    QCOMPARE(dialog->folderEdit()->text(), test::qPath(temp_->path() / "taken"));
    QVERIFY2(dialog->okButton()->isEnabled(), qPrintable(dialog->problem()));
    dialog->reject();
    // The window refuses it too, naming the file, and leaves it as it was.
    QSignalSpy exported(window_.get(), &ui::MainWindow::bundleExported);
    ui::SharingExportRequest request{kCohort, zip, false};
    request.zip = true;
    window_->startBundleExport(request);
    QCOMPARE(exported.count(), 1);
    QCOMPARE(exported.first().at(0).toBool(), false);
    QVERIFY(window_->lastError().contains(QDir::toNativeSeparators(zip)));
    QCOMPARE(QFileInfo(zip).size(), qint64(13));
}

void ReportExportDialogsTest::bundleRoundTripsIntoAnEmptyDatabase() {
    std::size_t included = 0;
    {
        storage::Database db(database_);
        storage::NamedCohortRepository cohorts(db);
        included = cohorts.includedPatients(cohorts.require(kCohort).id).size();
    }
    auto* dialog = openDialog<ui::SharingExportDialog>("bundleExportAction", "bundleExportDialog");
    QVERIFY(dialog);
    const QString zip = test::qPath(temp_->path() / "followed-bundle.zip");
    dialog->zipBox()->setChecked(true);
    dialog->folderEdit()->setText(zip);
    QVERIFY2(dialog->okButton()->isEnabled(), qPrintable(dialog->problem()));
    QSignalSpy exported(window_.get(), &ui::MainWindow::bundleExported);
    QTest::mouseClick(dialog->okButton(), Qt::LeftButton);
    QVERIFY(exported.wait(600000));
    QVERIFY2(exported.first().at(0).toBool(), qPrintable(exported.first().at(1).toString()));
    const QString summary = exported.first().at(1).toString();
    qInfo("bundle export: %s", qPrintable(summary));
    QVERIFY2(summary.contains(QString("%1 patient(s)").arg(included)), qPrintable(summary));
    QVERIFY2(summary.contains("1 model(s)"), qPrintable(summary));
    QVERIFY(test::visibleChild<QWidget>(window_.get(), "bundleSummary"));
    QVERIFY(QFileInfo(zip).isFile());
    QVERIFY(QSettings().value("reports/bundle/zip").toBool());
    closeTransients(*window_);

    // A second installation's window with an empty database.
    ui::MainWindow receiver;
    receiver.setRemembersSettings(false);
    receiver.setOpensExports(false);
    const auto received = temp_->path() / "received.rgwdb";
    QVERIFY(receiver.openDatabase(test::qPath(received)));
    QCOMPARE(receiver.browser()->patientCount(), 0);
    auto* import = receiver.findChild<QAction*>("bundleImportAction");
    QVERIFY(import && import->isEnabled() && !import->shortcut().isEmpty());

    // Cancelled at once: nothing of it arrives.
    QSignalSpy imported(&receiver, &ui::MainWindow::bundleImported);
    receiver.importBundle(zip);
    QVERIFY(receiver.isBusy());
    receiver.taskProgress()->cancelButton()->click();
    QVERIFY(imported.wait(600000));
    QCOMPARE(imported.first().at(0).toBool(), false);
    QCOMPARE(imported.first().at(1).toString(), QString("cancelled"));
    {
        storage::Database db(received);
        QVERIFY(storage::NamedCohortRepository(db).list().empty());
    }
    QCOMPARE(receiver.browser()->patientCount(), 0);

    imported.clear();
    receiver.importBundle(zip);
    QVERIFY(imported.wait(600000));
    QVERIFY2(imported.first().at(0).toBool(), qPrintable(imported.first().at(1).toString()));
    const QString done = imported.first().at(1).toString();
    qInfo("bundle import: %s", qPrintable(done));
    QVERIFY2(done.contains(QString("cohort %1").arg(kCohort)), qPrintable(done));
    QVERIFY2(done.contains(QString("%1 patient(s)").arg(included)), qPrintable(done));
    QVERIFY2(done.contains("1 model(s)"), qPrintable(done));
    QVERIFY(test::visibleChild<QWidget>(&receiver, "bundleImportSummary"));
    QCOMPARE(receiver.browser()->patientCount(), int(included));
    storage::Database db(received);
    storage::NamedCohortRepository cohorts(db);
    QCOMPARE(cohorts.includedPatients(cohorts.require(kCohort).id).size(), included);
}

QTEST_MAIN(ReportExportDialogsTest)
#include "test_report_export_dialogs.moc"
