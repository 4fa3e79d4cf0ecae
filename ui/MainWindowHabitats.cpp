// MainWindow, part 4 of 4: the segment editor's Habitats tool (issue #14 §4):
// the dialog for the active stored segment, storage::deriveHabitats in the
// background, then the shown series again with the new habitat segments.
#include "AuditLog.h"
#include "CohortRepositories.h"
#include "Database.h"
#include "HabitatDerivation.h"
#include "HabitatDialog.h"
#include "MainWindow.h"
#include "MainWindowTask.h"
#include "SegmentationRepository.h"
#include "segmentation/SegmentationEditor.h"
#include "util/Error.h"

#include <QMessageBox>
#include <QStatusBar>
#include <optional>

namespace rgw::ui {

namespace {

/// deriveHabitats' outcome, or that the user cancelled it (nothing stored).
struct HabitatRun {
    std::optional<storage::HabitatDerivationResult> result;
    bool cancelled = false;
};

QString seriesLabel(const storage::SeriesRow& s) {
    QString label = QString::fromStdString(s.modality);
    if (!s.seriesDescription.empty())
        label += QStringLiteral(" · ") + QString::fromStdString(s.seriesDescription);
    if (s.seriesNumber)
        label += MainWindow::tr(" (series %1)").arg(*s.seriesNumber);
    return label;
}

QString summaryOf(const storage::HabitatDerivationResult& r, const QString& roiName) {
    const segmentation::HabitatProvenance& p = r.habitats.provenance;
    QStringList fractions;
    for (const segmentation::Habitat& h : r.habitats.habitats)
        fractions
            << MainWindow::tr("habitat %1: %2 %").arg(h.label).arg(100.0 * h.fraction, 0, 'f', 1);
    QString criterion = QString::fromStdString(p.criterion);
    if (p.criterion != "given")
        criterion = MainWindow::tr("k chosen by %1").arg(criterion);
    QString text = MainWindow::tr("%1 habitats of %2 (%3, %4, seed %5): %6.")
                       .arg(p.k)
                       .arg(roiName,
                            p.method == segmentation::HabitatMethod::KMeans
                                ? MainWindow::tr("k-means")
                                : MainWindow::tr("Gaussian mixture"),
                            criterion)
                       .arg(static_cast<qulonglong>(p.seed))
                       .arg(fractions.join(QStringLiteral(", ")));
    if (r.ringId)
        text += MainWindow::tr(" The peritumoural ring was stored too.");
    if (p.excludedVoxels > 0)
        text += MainWindow::tr(" %n voxel(s) without a value in every series were left out.",
                               nullptr, static_cast<int>(p.excludedVoxels));
    return text;
}

} // namespace

HabitatDialog* MainWindow::openHabitatDialog() {
    const QString title = tr("Habitats");
    if (!db_ || shownSeries_.isEmpty() || !editor_->hasImage()) {
        showError(title, tr("Open an image series with a stored segmentation first."));
        return nullptr;
    }
    if (busy_ || editor_->isBusy()) {
        showError(title, tr("Wait for the running task to finish."));
        return nullptr;
    }
    const int active = editor_->activeSegment();
    if (active < 0) {
        showError(title, tr("Select the segment to split into habitats first."));
        return nullptr;
    }
    const segmentation::Segment& segment = editor_->segments().segment(active);
    const QString name = QString::fromStdString(segment.name);
    if (!segment.storedId || segment.modified) {
        // Habitats are computed from (and linked to) a stored version.
        showError(title, tr("Segment %1 has unsaved edits. Save it first (Save version, Ctrl+S): "
                            "habitats are computed from the stored version and linked to it.")
                             .arg(name));
        return nullptr;
    }
    const storage::Id segmentationId = *segment.storedId;
    std::vector<HabitatSeriesChoice> others;
    QString patient;
    try {
        storage::SeriesRepository series(*db_);
        const auto shown = series.find(shownSeries_.toStdString());
        const auto row =
            shown ? storage::PatientRepository(*db_).find(shown->patientId) : std::nullopt;
        if (!row)
            throw Error("series " + shownSeries_.toStdString() + " is not in the database");
        patient = QString::fromStdString(row->patientId);
        for (const storage::SeriesRow& s : series.listForPatient(row->id))
            if (s.kind == dicom::ObjectKind::Image &&
                s.seriesInstanceUid != shown->seriesInstanceUid)
                others.push_back({QString::fromStdString(s.seriesInstanceUid), seriesLabel(s)});
    } catch (const std::exception& e) {
        showError(title, QString::fromStdString(failureMessage(e)));
        return nullptr;
    }
    auto* dialog = new HabitatDialog(
        tr("%1 · %2 (stored segmentation %3)").arg(patient, name).arg(segmentationId), shownSeries_,
        others, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog, segmentationId] {
        try {
            startHabitats(segmentationId, dialog->request());
        } catch (const std::exception& e) {
            showError(tr("Habitats"), QString::fromStdString(failureMessage(e)));
            emit habitatsFinished(false, lastError_);
        }
    });
    dialog->open();
    return dialog;
}

void MainWindow::startHabitats(storage::Id segmentationId, const HabitatRequest& request) {
    const QString title = tr("Habitats");
    if (!db_ || busy_) {
        showError(title,
                  !db_ ? tr("Open a database first.") : tr("Wait for the running task to finish."));
        emit habitatsFinished(false, lastError_);
        return;
    }
    QString roiName = tr("segmentation %1").arg(segmentationId);
    if (const auto row = storage::SegmentationRepository(*db_).find(segmentationId))
        roiName = QString::fromStdString(row->roiName);
    const auto file = db_->path();
    runTask<HabitatRun>(
        tr("Computing habitats of %1").arg(roiName),
        [file, segmentationId, request](const ProgressFn& progress, const CancelToken* cancel) {
            storage::Database db(file);
            HabitatRun run;
            try {
                run.result = storage::deriveHabitats(db, segmentationId, request.seriesUids,
                                                     request.options, request.ring,
                                                     storage::currentUserName(), progress, cancel);
            } catch (const Error&) {
                if (!cancel || !cancel->isCancelled())
                    throw;
                run.cancelled = true;
            }
            return run;
        },
        [this, title, roiName,
         series = request.seriesUids.front()](const Outcome<HabitatRun>& outcome) {
            if (!outcome.value) {
                showError(title, tr("No habitats were stored:\n%1").arg(outcome.error));
                emit habitatsFinished(false, outcome.error);
                return;
            }
            if (outcome.value->cancelled) {
                statusBar()->showMessage(tr("Habitats cancelled: nothing was stored."), 8000);
                emit habitatsFinished(false, tr("cancelled"));
                return;
            }
            const storage::HabitatDerivationResult& result = *outcome.value->result;
            QString summary = summaryOf(result, roiName);
            for (const std::string& w : result.warnings)
                summary += QLatin1Char('\n') + QString::fromStdString(w);
            refreshBrowser();
            // Show the series again: the habitats are new lineages of it.
            if (shownSeries_.toStdString() == series && !editor_->hasUnsavedChanges())
                openSeries(shownSeries_);
            else
                summary += tr("\nOpen the series again to see them.");
            statusBar()->showMessage(summary.section(QLatin1Char('\n'), 0, 0), 10000);
            auto* box =
                new QMessageBox(QMessageBox::Information, title, summary, QMessageBox::Ok, this);
            box->setObjectName(QStringLiteral("habitatSummary"));
            box->setAttribute(Qt::WA_DeleteOnClose);
            box->open();
            emit habitatsFinished(true, summary);
        });
}

} // namespace rgw::ui
