// MainWindow, the File menu's reports and sharing (issue #15 §3): Export study
// report, Export patient report and Export for sharing. Each opens its dialog
// (ReportExportDialogs.h), then runs storage::studyReport / patientReport +
// reportrender::writeReport, or storage::exportDeidentified, in the
// background with progress and cancel; a cancelled run writes nothing. The
// written report is opened with the desktop's viewer (setOpensExports).
#include "CohortRepositories.h"
#include "Database.h"
#include "DatabaseBrowser.h"
#include "DeidentifiedExport.h"
#include "MainWindow.h"
#include "MainWindowTask.h"
#include "NamedCohorts.h"
#include "PatientReport.h"
#include "ReportExportDialogs.h"
#include "StudyReport.h"
#include "report/ReportDocument.h"
#include "report/ReportRenderer.h"
#include "util/Error.h"

#include <QAction>
#include <QDesktopServices>
#include <QDir>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QStatusBar>
#include <QUrl>
#include <algorithm>
#include <map>
#include <optional>

namespace rgw::ui {

namespace {

/// A report written, or that the user cancelled it (nothing written).
struct ReportRun {
    std::size_t sections = 0;
    bool cancelled = false;
};

/// The export for sharing's report (its `cancelled` says nothing was written).
struct SharingRun {
    storage::DeidentifiedExportReport report;
};

/// Progress of two phases (assembling, drawing) as one bar: the first half
/// and the second half of 1000 steps.
ProgressFn phase(const ProgressFn& progress, int index) {
    return [progress, index](std::size_t done, std::size_t total, const std::string& what) {
        const std::size_t part = total > 0 ? 500 * std::min(done, total) / total : 0;
        progress(static_cast<std::size_t>(index) * 500 + part, 1000, what);
    };
}

/// Writes `document` to `file`; false when cancelled (nothing written).
bool writeDocument(const report::Document& document, const std::filesystem::path& file,
                   const ProgressFn& progress, const CancelToken* cancel) {
    reportrender::RenderOptions options;
    options.progress = [progress](std::size_t done, std::size_t total, const std::string& what) {
        progress(done, total, what.empty() ? "writing" : what);
    };
    options.cancel = cancel;
    try {
        reportrender::writeReport(document, file, options);
    } catch (const reportrender::RenderCancelled&) {
        return false;
    }
    return true;
}

QString nativePath(const QString& path) {
    return QDir::toNativeSeparators(path);
}

} // namespace

QAction* MainWindow::fileAction(const QString& text, const char* objectName,
                                const QKeySequence& shortcut, const QString& statusTip,
                                const std::function<void()>& triggered) {
    auto* action = new QAction(text, this);
    action->setObjectName(QString::fromLatin1(objectName));
    action->setShortcut(shortcut);
    action->setStatusTip(statusTip);
    connect(action, &QAction::triggered, this, triggered);
    return action;
}

void MainWindow::createReportActions(QMenu* file) {
    studyReportAction_ = fileAction(
        tr("Export study &report..."), "studyReportAction",
        QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R),
        tr("Write the study report of a named cohort (methods, cohort, results, checklists, "
           "patients) as PDF or HTML"),
        [this] { openStudyReportDialog(); });
    patientReportAction_ =
        fileAction(tr("Export &patient report..."), "patientReportAction",
                   QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P),
                   tr("Write the report of the selected patient (key images, features, genomics, "
                      "predictions) as PDF or HTML"),
                   [this] { openPatientReportDialog(); });
    sharingExportAction_ =
        fileAction(tr("Export for s&haring..."), "sharingExportAction",
                   QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_X),
                   tr("Export a named cohort's DICOM and table de-identified under pseudonyms"),
                   [this] { openSharingExportDialog(); });
    file->addAction(studyReportAction_);
    file->addAction(patientReportAction_);
    file->addAction(sharingExportAction_);
    createBundleActions(file);
}

void MainWindow::updateReportActions() {
    const bool ready = db_ != nullptr && !busy_;
    studyReportAction_->setEnabled(ready);
    patientReportAction_->setEnabled(ready && browser_->patientCount() > 0);
    sharingExportAction_->setEnabled(ready);
    bundleExportAction_->setEnabled(ready);
    bundleImportAction_->setEnabled(ready);
}

QStringList MainWindow::cohortChoices() {
    // Newest version of each name first: the default is the latest.
    std::map<std::string, std::vector<int>> versions;
    for (const storage::CohortRow& row : storage::NamedCohortRepository(*db_).list())
        versions[row.name].push_back(row.version);
    QStringList choices;
    for (auto& [name, numbers] : versions) {
        std::sort(numbers.rbegin(), numbers.rend());
        for (const int version : numbers)
            choices << QString::fromStdString(name) + QLatin1Char('@') + QString::number(version);
    }
    return choices;
}

QStringList MainWindow::cohortChoicesFor(const QString& title) {
    if (!reportsCanStart(title))
        return {};
    QStringList cohorts;
    try {
        cohorts = cohortChoices();
    } catch (const std::exception& e) {
        showError(title, QString::fromStdString(failureMessage(e)));
        return {};
    }
    if (cohorts.isEmpty())
        showError(title, tr("The database has no named cohort: save one on the Cohort page "
                            "(Save as cohort) first."));
    return cohorts;
}

bool MainWindow::reportsCanStart(const QString& title) {
    if (!db_ || busy_) {
        showError(title,
                  !db_ ? tr("Open a database first.") : tr("Wait for the running task to finish."));
        return false;
    }
    return true;
}

std::optional<storage::CohortRow> MainWindow::sharingCohort(const QString& title,
                                                            const SharingExportRequest& request) {
    if (!reportsCanStart(title))
        return std::nullopt;
    // Refused here too (not only by the dialog): nothing else may be shared with it.
    if (const QString problem =
            request.zip ? bundleZipProblem(request.folder) : sharingFolderProblem(request.folder);
        !problem.isEmpty()) {
        showError(title, problem);
        return std::nullopt;
    }
    try {
        return storage::NamedCohortRepository(*db_).require(request.cohort.toStdString());
    } catch (const std::exception& e) {
        showError(title, QString::fromStdString(failureMessage(e)));
        return std::nullopt;
    }
}

void MainWindow::showExportSummary(const QString& title, const QString& summary,
                                   const char* objectName, const QString& folder) {
    statusBar()->showMessage(summary.section(QLatin1Char('\n'), 0, 0), 10000);
    auto* box = new QMessageBox(QMessageBox::Information, title, summary, QMessageBox::Close, this);
    box->setObjectName(QString::fromLatin1(objectName));
    box->setAttribute(Qt::WA_DeleteOnClose);
    if (!folder.isEmpty()) {
        QPushButton* open = box->addButton(tr("&Open folder"), QMessageBox::AcceptRole);
        connect(open, &QPushButton::clicked, this, [this, folder] { openExported(folder); });
    }
    box->open();
}

void MainWindow::openExported(const QString& path) {
    if (opensExports_)
        QDesktopServices::openUrl(QUrl::fromLocalFile(path));
}

StudyReportDialog* MainWindow::openStudyReportDialog() {
    const QString title = tr("Export study report");
    const QStringList cohorts = cohortChoicesFor(title);
    if (cohorts.isEmpty())
        return nullptr;
    auto* dialog = new StudyReportDialog(cohorts, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this,
            [this, dialog] { startStudyReport(dialog->request()); });
    dialog->open();
    return dialog;
}

void MainWindow::startStudyReport(const StudyReportRequest& request) {
    const QString title = tr("Export study report");
    if (!reportsCanStart(title)) {
        emit reportExported(false, lastError_);
        return;
    }
    storage::StudyReportOptions options;
    options.sections = request.sections;
    options.results.associationTables = request.associationTables;
    const auto database = db_->path();
    const std::string cohort = request.cohort.toStdString();
    const std::filesystem::path out = request.file.toStdString();
    runTask<ReportRun>(
        tr("Writing the study report of %1").arg(request.cohort),
        [database, cohort, out, options](const ProgressFn& progress, const CancelToken* cancel) {
            storage::Database db(database);
            ReportRun run;
            report::Document document;
            storage::StudyReportOptions withProgress = options;
            withProgress.progress = phase(progress, 0);
            withProgress.cancel = cancel;
            try {
                document = storage::studyReport(db, cohort, withProgress);
            } catch (const Error&) {
                if (!cancel || !cancel->isCancelled())
                    throw;
                run.cancelled = true;
                return run;
            }
            run.sections = document.sections.size();
            run.cancelled = !writeDocument(document, out, phase(progress, 1), cancel);
            return run;
        },
        [this, title, request](const Outcome<ReportRun>& outcome) {
            if (!outcome.value) {
                showError(title, tr("The study report of %1 was not written:\n%2")
                                     .arg(request.cohort, outcome.error));
                emit reportExported(false, outcome.error);
                return;
            }
            if (outcome.value->cancelled) {
                statusBar()->showMessage(tr("Study report cancelled: nothing was written."), 8000);
                emit reportExported(false, tr("cancelled"));
                return;
            }
            statusBar()->showMessage(tr("Wrote the study report of %1 (%2 sections) to %3.")
                                         .arg(request.cohort)
                                         .arg(outcome.value->sections)
                                         .arg(nativePath(request.file)),
                                     10000);
            openExported(request.file);
            emit reportExported(true, request.file);
        });
}

PatientReportDialog* MainWindow::openPatientReportDialog() {
    const QString title = tr("Export patient report");
    if (!reportsCanStart(title))
        return nullptr;
    QStringList patients;
    try {
        for (const storage::PatientRow& row : storage::PatientRepository(*db_).list())
            patients << QString::fromStdString(row.patientId);
    } catch (const std::exception& e) {
        showError(title, QString::fromStdString(failureMessage(e)));
        return nullptr;
    }
    if (patients.isEmpty()) {
        showError(title, tr("The database has no patient."));
        return nullptr;
    }
    // The browser's patient: the top of the selected item's branch.
    QString selected;
    for (const QTreeWidgetItem* item = browser_->currentItem(); item; item = item->parent())
        if (!item->parent())
            selected = item->data(DatabaseBrowser::NameColumn, DatabaseBrowser::UidRole).toString();
    auto* dialog = new PatientReportDialog(patients, selected, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this,
            [this, dialog] { startPatientReport(dialog->request()); });
    dialog->open();
    return dialog;
}

void MainWindow::startPatientReport(const PatientReportRequest& request) {
    const QString title = tr("Export patient report");
    if (!reportsCanStart(title)) {
        emit reportExported(false, lastError_);
        return;
    }
    const auto database = db_->path();
    const std::string patient = request.patientId.toStdString();
    const std::filesystem::path out = request.file.toStdString();
    runTask<ReportRun>(
        tr("Writing the report of patient %1").arg(request.patientId),
        [database, patient, out](const ProgressFn& progress, const CancelToken* cancel) {
            storage::Database db(database);
            progress(0, 1000, "assembling the report of " + patient);
            report::Document document = storage::patientReport(db, patient, {});
            report::numberDocument(document);
            ReportRun run;
            run.sections = document.sections.size();
            if (cancel && cancel->isCancelled())
                run.cancelled = true;
            else
                run.cancelled = !writeDocument(document, out, phase(progress, 1), cancel);
            return run;
        },
        [this, title, request](const Outcome<ReportRun>& outcome) {
            if (!outcome.value) {
                showError(title, tr("The report of patient %1 was not written:\n%2")
                                     .arg(request.patientId, outcome.error));
                emit reportExported(false, outcome.error);
                return;
            }
            if (outcome.value->cancelled) {
                statusBar()->showMessage(tr("Patient report cancelled: nothing was written."),
                                         8000);
                emit reportExported(false, tr("cancelled"));
                return;
            }
            statusBar()->showMessage(tr("Wrote the report of patient %1 to %2.")
                                         .arg(request.patientId, nativePath(request.file)),
                                     10000);
            openExported(request.file);
            emit reportExported(true, request.file);
        });
}

SharingExportDialog* MainWindow::openSharingExportDialog() {
    const QString title = tr("Export for sharing");
    const QStringList cohorts = cohortChoicesFor(title);
    if (cohorts.isEmpty())
        return nullptr;
    auto* dialog = new SharingExportDialog(cohorts, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this,
            [this, dialog] { startSharingExport(dialog->request()); });
    dialog->open();
    return dialog;
}

void MainWindow::startSharingExport(const SharingExportRequest& request) {
    const QString title = tr("Export for sharing");
    const std::optional<storage::CohortRow> found = sharingCohort(title, request);
    if (!found) {
        emit sharingExported(false, lastError_);
        return;
    }
    const storage::CohortRow cohort = *found;
    storage::DeidentifiedExportOptions options;
    options.outDir = request.folder.toStdString();
    options.retainIntervals = request.retainIntervals;
    const auto database = db_->path();
    runTask<SharingRun>(
        tr("Exporting %1 for sharing").arg(request.cohort),
        [database, cohort, options](const ProgressFn& progress, const CancelToken* cancel) {
            storage::Database db(database);
            SharingRun run;
            try {
                run.report = storage::exportDeidentified(db, cohort, options, progress, cancel);
            } catch (const Error&) {
                if (!cancel || !cancel->isCancelled())
                    throw;
                run.report.cancelled = true;
            }
            return run;
        },
        [this, title, request](const Outcome<SharingRun>& outcome) {
            if (!outcome.value) {
                showError(title, tr("%1 was not exported:\n%2").arg(request.cohort, outcome.error));
                emit sharingExported(false, outcome.error);
                return;
            }
            const storage::DeidentifiedExportReport& report = outcome.value->report;
            if (report.cancelled) {
                statusBar()->showMessage(tr("Export for sharing cancelled: nothing was written."),
                                         8000);
                emit sharingExported(false, tr("cancelled"));
                return;
            }
            const QString folder = QString::fromStdString(report.outDir.string());
            const QString summary =
                tr("Exported %1 de-identified to %2: %3 patient(s), %4 file(s) (%5 SEG made from "
                   "stored segmentations), %6 UID(s) remapped. The pseudonyms stay in this "
                   "database.")
                    .arg(request.cohort, nativePath(folder))
                    .arg(report.patients.size())
                    .arg(report.files)
                    .arg(report.segsWritten)
                    .arg(report.uidsRemapped);
            showExportSummary(title, summary, "sharingSummary", folder);
            emit sharingExported(true, summary);
        });
}

} // namespace rgw::ui
