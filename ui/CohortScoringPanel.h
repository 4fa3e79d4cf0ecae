#pragma once

#include "ModelRepository.h"
#include "util/Cancel.h"

#include <QWidget>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>

class QAction;
class QComboBox;

namespace rgw::storage {
class Database;
}

namespace rgw::ui {

class PatientTableModel;
class TaskProgress;

/// The cohort page's predictions strip: "Score patients…" (a stored model
/// chosen in ScorePatientsDialog scores the page's current cohort through
/// storage::scoreCohort on a worker thread, with progress and Cancel) and
/// the "Predictions" box choosing which stored model's predictions
/// (storage::predictionsForPatients) the patient table shows as columns. The
/// choice is remembered in QSettings ("cohortPage/predictionModel", the
/// model id); after a successful scoring the scored model is shown. Errors
/// (another parameter set, a missing input column) are shown in a message
/// box and kept in lastError(). "Import model file…" stores a model file
/// written by another installation (storage::importModelFile, off the GUI
/// thread) so that it can score this cohort.
class CohortScoringPanel : public QWidget {
    Q_OBJECT
public:
    /// `cohortOf` gives the page's current cohort ("NAME@VERSION", "" = every patient).
    CohortScoringPanel(PatientTableModel* table, std::function<QString()> cohortOf,
                       QWidget* parent = nullptr);
    ~CohortScoringPanel() override;

    /// The database file (scoring opens its own connection to it) and the
    /// page's connection (quick reads on the GUI thread); null empties the panel.
    void setDatabase(const std::filesystem::path& file, storage::Database* db);
    /// Re-reads the stored models and the shown model's predictions (after the
    /// patient table was read again).
    void refresh();

    /// Starts scoring the current cohort with `model` in the background; emits
    /// scoringFinished. False (and nothing started) while a scoring runs.
    bool score(const storage::StoredModel& model);
    /// Asks the running scoring to stop; nothing is written then.
    void cancel();
    /// Reads and stores a portable model file in the background; emits
    /// modelImported. False (and nothing started) while other work runs.
    bool importModelFile(const QString& file);
    /// Shows the predictions of the model with id `modelId` ("" hides them).
    bool showPredictionsOf(const QString& modelId);

    bool isBusy() const { return busy_; }
    QString lastError() const { return lastError_; }
    QAction* scoreAction() const { return scoreAction_; }
    QAction* importAction() const { return importAction_; }
    QComboBox* modelBox() const { return models_; }
    TaskProgress* progress() const { return progress_; }

signals:
    /// After every scoring: succeeded, or the error / "cancelled".
    void scoringFinished(bool succeeded, const QString& summary);
    void busyChanged(bool busy);
    /// After every import: succeeded with the stored model's id, or the error.
    void modelImported(bool succeeded, const QString& modelIdOrError);

private:
    void openDialog();
    void importDialog();
    void setBusy(bool busy);
    void loadShownPredictions();
    void finish(bool succeeded, const QString& summary);
    void showError(const QString& text);
    /// A window-modal message box (QMessageBox::Icon `icon`), opened without blocking.
    void showMessage(int icon, const QString& text);

    PatientTableModel* table_;
    std::function<QString()> cohortOf_;
    std::filesystem::path file_;
    storage::Database* db_ = nullptr;
    QAction* scoreAction_;
    QAction* importAction_;
    QComboBox* models_;
    TaskProgress* progress_;
    std::shared_ptr<CancelToken> cancel_;
    bool busy_ = false;
    QString lastError_;
};

} // namespace rgw::ui
