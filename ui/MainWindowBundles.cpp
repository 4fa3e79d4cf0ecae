// MainWindow, the File menu's cohort bundle (issue #15 §2): Export cohort
// bundle writes storage::exportCohortBundle (folder or zip, with the study
// report drawn by reportrender::writeReport), Import cohort bundle reads one
// with storage::importCohortBundle. Both run in the background with progress
// and cancel; a cancelled export writes nothing and a cancelled import leaves
// the database as it was.
#include "CohortBundle.h"
#include "Database.h"
#include "FileDialogs.h"
#include "MainWindow.h"
#include "MainWindowTask.h"
#include "NamedCohorts.h"
#include "PathText.h"
#include "ReportExportDialogs.h"
#include "report/ReportRenderer.h"
#include "util/Error.h"

#include <QAction>
#include <QDir>
#include <QFileInfo>
#include <QMenu>
#include <QSettings>
#include <QStatusBar>
#include <optional>

namespace rgw::ui {

namespace {

/// The export's report (its `cancelled` says nothing was written).
struct BundleExportRun {
    storage::CohortBundleReport report;
};

/// The import's report (its `cancelled` says nothing was imported).
struct BundleImportRun {
    storage::CohortBundleImportReport report;
};

/// A bundle folder, its bundle.json (what the file dialog can pick) or its zip.
std::filesystem::path bundleLocation(const QString& chosen) {
    const std::filesystem::path path = toPath(chosen);
    return path.filename() == "bundle.json" ? path.parent_path() : path;
}

} // namespace

void MainWindow::createBundleActions(QMenu* file) {
    bundleExportAction_ = fileAction(
        tr("Export cohort b&undle..."), "bundleExportAction",
        QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_U),
        tr("Write a named cohort as one folder or zip that another installation imports: "
           "de-identified DICOM, genomics, features, models, cohort record and report"),
        [this] { openBundleExportDialog(); });
    bundleImportAction_ = fileAction(
        tr("Import c&ohort bundle..."), "bundleImportAction",
        QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O),
        tr("Import a cohort bundle (its folder or zip) into this database, all or nothing"),
        [this] { importBundleDialog(); });
    file->addAction(bundleExportAction_);
    file->addAction(bundleImportAction_);
}

SharingExportDialog* MainWindow::openBundleExportDialog() {
    const QStringList cohorts = cohortChoicesFor(tr("Export cohort bundle"));
    if (cohorts.isEmpty())
        return nullptr;
    auto* dialog = new SharingExportDialog(SharingKind::Bundle, cohorts, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this,
            [this, dialog] { startBundleExport(dialog->request()); });
    dialog->open();
    return dialog;
}

void MainWindow::startBundleExport(const SharingExportRequest& request) {
    const QString title = tr("Export cohort bundle");
    const std::optional<storage::CohortRow> found = sharingCohort(title, request);
    if (!found) {
        emit bundleExported(false, lastError_);
        return;
    }
    const storage::CohortRow cohort = *found;
    storage::CohortBundleOptions options;
    options.outDir = toPath(request.folder);
    options.retainIntervals = request.retainIntervals;
    const bool withReport = request.includeReport;
    const auto database = db_->path();
    runTask<BundleExportRun>(
        tr("Exporting the bundle of %1").arg(request.cohort),
        [database, cohort, options, withReport](const ProgressFn& progress,
                                                const CancelToken* cancel) {
            storage::Database db(database);
            storage::CohortBundleOptions o = options;
            if (withReport)
                o.renderReport = [cancel](const report::Document& document,
                                          const std::filesystem::path& file) {
                    reportrender::RenderOptions render;
                    render.cancel = cancel;
                    reportrender::writeReport(document, file, render);
                };
            BundleExportRun run;
            try {
                run.report = storage::exportCohortBundle(db, cohort, o, progress, cancel);
            } catch (const reportrender::RenderCancelled&) {
                run.report.cancelled = true;
            } catch (const Error&) {
                if (!cancel || !cancel->isCancelled())
                    throw;
                run.report.cancelled = true;
            }
            return run;
        },
        [this, title, request](const Outcome<BundleExportRun>& outcome) {
            if (!outcome.value) {
                showError(
                    title,
                    tr("The bundle of %1 was not written:\n%2").arg(request.cohort, outcome.error));
                emit bundleExported(false, outcome.error);
                return;
            }
            const storage::CohortBundleReport& report = outcome.value->report;
            if (report.cancelled) {
                statusBar()->showMessage(tr("Bundle export cancelled: nothing was written."), 8000);
                emit bundleExported(false, tr("cancelled"));
                return;
            }
            const QString written = toQString(report.outDir);
            QString summary =
                tr("Wrote the bundle of %1 to %2: %3 patient(s), %4 DICOM file(s), %5 genomic "
                   "file(s), %6 extraction(s) in %7 parameter set(s), %8 model(s); %9 file(s) "
                   "listed in bundle.json. The pseudonyms stay in this database.")
                    .arg(request.cohort, QDir::toNativeSeparators(written))
                    .arg(report.patients)
                    .arg(report.dicomFiles)
                    .arg(report.genomicFiles)
                    .arg(report.extractions)
                    .arg(report.parameterSets)
                    .arg(report.models)
                    .arg(report.files);
            for (const std::string& note : report.notes)
                summary += QLatin1Char('\n') + QString::fromStdString(note);
            showExportSummary(title, summary, "bundleSummary",
                              request.zip ? QFileInfo(written).absolutePath() : written);
            emit bundleExported(true, summary);
        });
}

void MainWindow::importBundleDialog() {
    const QString title = tr("Import cohort bundle");
    if (!reportsCanStart(title))
        return;
    QSettings settings;
    const QString chosen =
        chooseOpenFile(this, tr("Import cohort bundle: its bundle.json or .zip"),
                       settings.value(QStringLiteral("bundles/importFolder")).toString(),
                       tr("Cohort bundles (bundle.json *.zip)"));
    if (chosen.isEmpty())
        return;
    settings.setValue(QStringLiteral("bundles/importFolder"), QFileInfo(chosen).absolutePath());
    importBundle(chosen);
}

void MainWindow::importBundle(const QString& path) {
    const QString title = tr("Import cohort bundle");
    if (!reportsCanStart(title)) {
        emit bundleImported(false, lastError_);
        return;
    }
    const std::filesystem::path bundle = bundleLocation(path);
    const QString shown = QDir::toNativeSeparators(toQString(bundle));
    const auto database = db_->path();
    runTask<BundleImportRun>(
        tr("Importing the bundle %1").arg(QFileInfo(toQString(bundle)).fileName()),
        [database, bundle](const ProgressFn& progress, const CancelToken* cancel) {
            storage::Database db(database);
            BundleImportRun run;
            try {
                run.report = storage::importCohortBundle(db, bundle, progress, cancel);
            } catch (const Error&) {
                if (!cancel || !cancel->isCancelled())
                    throw;
                run.report.cancelled = true;
            }
            return run;
        },
        [this, title, shown, bundle](const Outcome<BundleImportRun>& outcome) {
            if (!outcome.value) {
                showError(title, tr("%1 was not imported; the database is unchanged:\n%2")
                                     .arg(shown, outcome.error));
                emit bundleImported(false, outcome.error);
                return;
            }
            const storage::CohortBundleImportReport& report = outcome.value->report;
            if (report.cancelled) {
                statusBar()->showMessage(tr("Bundle import cancelled: the database is unchanged."),
                                         8000);
                emit bundleImported(false, tr("cancelled"));
                return;
            }
            refreshBrowser();
            const bool zipped = bundle.extension() == ".zip";
            const QString summary =
                tr("Imported the bundle %1: cohort %2, %3 patient(s), %4 DICOM instance(s), %5 "
                   "segmentation(s), %6 genomic profile(s), %7 extraction(s), %8 model(s). %9")
                    .arg(shown, QString::fromStdString(report.cohort))
                    .arg(report.patients)
                    .arg(report.instancesAdded)
                    .arg(report.segmentations)
                    .arg(report.genomicProfiles)
                    .arg(report.extractions)
                    .arg(report.models)
                    .arg(zipped ? tr("Its DICOM files were extracted into the bundles folder "
                                     "next to the database.")
                                : tr("Its DICOM files stay in the bundle's folder and are read "
                                     "from there."));
            showExportSummary(title, summary, "bundleImportSummary", {});
            emit bundleImported(true, summary);
        });
}

} // namespace rgw::ui
