#include "CohortScoringPanel.h"

#include "CohortPageWork.h"
#include "Database.h"
#include "FileDialogs.h"
#include "PatientTableModel.h"
#include "ScorePatientsDialog.h"
#include "TaskProgress.h"
#include "util/Failure.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPointer>
#include <QSettings>
#include <QToolButton>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace rgw::ui {

namespace {

const char* const kShownModelKey = "cohortPage/predictionModel";

QString fromStd(const std::string& text) {
    return QString::fromStdString(text);
}

/// The end of one model-file import on the worker thread.
struct ImportRun {
    std::optional<storage::StoredModel> model;
    QString error;
};

/// The end of one scoring run on the worker thread.
struct ScoringRun {
    std::shared_ptr<const storage::CohortScoringResult> result;
    QString error;
    bool cancelled = false;
};

} // namespace

CohortScoringPanel::CohortScoringPanel(PatientTableModel* table, std::function<QString()> cohortOf,
                                       QWidget* parent)
    : QWidget(parent), table_(table), cohortOf_(std::move(cohortOf)),
      scoreAction_(new QAction(tr("Score patients..."), this)),
      importAction_(new QAction(tr("Import model file..."), this)), models_(new QComboBox(this)),
      progress_(new TaskProgress(this)) {
    const QKeySequence key(Qt::CTRL | Qt::ALT | Qt::Key_R);
    scoreAction_->setObjectName(QStringLiteral("scorePatientsAction"));
    scoreAction_->setShortcut(key);
    scoreAction_->setShortcutContext(Qt::WindowShortcut);
    scoreAction_->setToolTip(tr("Score the patients of the current cohort with a stored model (%1)")
                                 .arg(key.toString(QKeySequence::NativeText)));
    scoreAction_->setStatusTip(scoreAction_->toolTip());
    connect(scoreAction_, &QAction::triggered, this, &CohortScoringPanel::openDialog);
    importAction_->setObjectName(QStringLiteral("importModelAction"));
    importAction_->setStatusTip(tr("Store a model file (JSON) trained by this or another "
                                   "installation, to score patients with it"));
    connect(importAction_, &QAction::triggered, this, &CohortScoringPanel::importDialog);

    models_->setObjectName(QStringLiteral("predictionModelSelector"));
    models_->setToolTip(tr("Which stored model's predictions the patient table shows"));
    models_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    models_->setMinimumContentsLength(24);
    connect(models_, &QComboBox::activated, this, [this] {
        QSettings().setValue(kShownModelKey, models_->currentData().toString());
        loadShownPredictions();
    });
    progress_->setObjectName(QStringLiteral("scoringProgress"));
    connect(progress_, &TaskProgress::cancelRequested, this, &CohortScoringPanel::cancel);

    auto* button = new QToolButton(this);
    button->setDefaultAction(scoreAction_);
    button->setToolButtonStyle(Qt::ToolButtonTextOnly);
    auto* label = new QLabel(tr("&Predictions:"), this);
    label->setBuddy(models_);
    auto* row = new QHBoxLayout;
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(label);
    row->addWidget(models_);
    row->addWidget(button);
    row->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(row);
    layout->addWidget(progress_);
    refresh();
}

CohortScoringPanel::~CohortScoringPanel() {
    cancel(); // a running scoring stops and writes nothing
}

void CohortScoringPanel::setDatabase(const std::filesystem::path& file, storage::Database* db) {
    file_ = file;
    db_ = db;
    refresh();
}

void CohortScoringPanel::refresh() {
    const QString remembered = QSettings().value(kShownModelKey).toString();
    const QSignalBlocker block(models_);
    models_->clear();
    models_->addItem(tr("(none)"), QString());
    if (db_) {
        try {
            for (const auto& m : storage::listModels(*db_))
                if (m.predictions > 0)
                    models_->addItem(tr("%1 (%2, %3)")
                                         .arg(fromStd(m.name), fromStd(m.kind),
                                              fromStd(m.modelId.substr(0, 12))),
                                     fromStd(m.modelId));
        } catch (const std::exception& e) {
            showError(
                tr("Cannot list the stored models:\n%1").arg(fromStd(rgw::failureMessage(e))));
        }
    }
    models_->setCurrentIndex(std::max(0, models_->findData(remembered)));
    scoreAction_->setEnabled(db_ && !busy_);
    importAction_->setEnabled(db_ && !busy_);
    loadShownPredictions();
}

bool CohortScoringPanel::showPredictionsOf(const QString& modelId) {
    const int index = models_->findData(modelId);
    if (index < 0)
        return false;
    models_->setCurrentIndex(index);
    QSettings().setValue(kShownModelKey, modelId);
    loadShownPredictions();
    return true;
}

void CohortScoringPanel::loadShownPredictions() {
    const QString modelId = models_->currentData().toString();
    if (modelId.isEmpty() || !db_) {
        if (table_->predictions())
            table_->setPredictions(std::nullopt);
        return;
    }
    try {
        PredictionColumns columns;
        columns.modelId = modelId;
        const std::string id = modelId.toStdString();
        for (auto& p : storage::predictionsForPatients(*db_, table_->table().patientIds)) {
            if (p.modelId != id)
                continue;
            columns.modelName = fromStd(p.modelName);
            columns.byPatient.emplace(p.patientId, std::move(p));
        }
        if (columns.modelName.isEmpty()) // none of the shown patients was scored by it
            columns.modelName = models_->currentText();
        table_->setPredictions(std::move(columns));
    } catch (const std::exception& e) {
        table_->setPredictions(std::nullopt);
        showError(
            tr("Cannot read the stored predictions:\n%1").arg(fromStd(rgw::failureMessage(e))));
    }
}

void CohortScoringPanel::openDialog() {
    if (!db_ || busy_) {
        showError(!db_ ? tr("Open a database first.")
                       : tr("Wait for the running scoring to finish."));
        return;
    }
    std::vector<storage::StoredModel> stored;
    try {
        stored = storage::listModels(*db_);
    } catch (const std::exception& e) {
        showError(tr("Cannot list the stored models:\n%1").arg(fromStd(rgw::failureMessage(e))));
        return;
    }
    const QString cohort = cohortOf_();
    auto* dialog = new ScorePatientsDialog(
        std::move(stored), cohort.isEmpty() ? tr("every patient") : tr("cohort %1").arg(cohort),
        this);
    dialog->setObjectName(QStringLiteral("scorePatientsDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        if (const auto model = dialog->selectedModel())
            score(*model);
    });
    dialog->open();
}

bool CohortScoringPanel::score(const storage::StoredModel& model) {
    if (busy_ || file_.empty())
        return false;
    setBusy(true);
    cancel_ = std::make_shared<CancelToken>();
    const QString cohort = cohortOf_();
    progress_->start(tr("Scoring %1 with %2")
                         .arg(cohort.isEmpty() ? tr("every patient") : cohort, fromStd(model.name)),
                     true);

    storage::CohortScoringOptions options;
    options.cohort = cohort.toStdString();
    options.cancel = cancel_.get();
    QPointer<CohortScoringPanel> self(this);
    options.progress = [self](std::size_t done, std::size_t total, const std::string& what) {
        // Queued to the GUI thread; dropped when the panel is gone.
        QMetaObject::invokeMethod(
            qApp,
            [self, done, total, text = fromStd(what)] {
                if (self)
                    self->progress_->setProgress(static_cast<qint64>(done),
                                                 static_cast<qint64>(total), text);
            },
            Qt::QueuedConnection);
    };
    auto* watcher = new QFutureWatcher<ScoringRun>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, model] {
        const ScoringRun run = watcher->result();
        watcher->deleteLater();
        if (run.cancelled) {
            finish(false, tr("cancelled"));
            return;
        }
        if (!run.result) {
            showError(
                tr("Cannot score the patients with %1:\n%2").arg(fromStd(model.name), run.error));
            finish(false, run.error);
            return;
        }
        const auto& r = *run.result;
        QString summary =
            tr("Scored %n patient(s) of %1 with %2; %3 prediction(s) stored", nullptr,
               static_cast<int>(r.scoring.scored.size()))
                .arg(fromStd(r.provenance.cohort.empty() ? "every patient" : r.provenance.cohort),
                     fromStd(model.name))
                .arg(r.stored);
        if (!r.scoring.refused.empty()) {
            QStringList refused;
            for (const auto& p : r.scoring.refused)
                refused << QStringLiteral("%1: %2").arg(fromStd(p.patientId), fromStd(p.reason));
            summary += tr("\n%n patient(s) could not be scored:\n", nullptr,
                          static_cast<int>(refused.size())) +
                       refused.join('\n');
        }
        QSettings().setValue(kShownModelKey, fromStd(model.modelId));
        finish(true, summary);
    });
    std::shared_ptr<CancelToken> token = cancel_;
    watcher->setFuture(QtConcurrent::run([file = file_, model, options, token]() -> ScoringRun {
        ScoringRun run;
        try {
            run.result = std::make_shared<const storage::CohortScoringResult>(
                scoreCohortIn(file, model, options));
        } catch (const std::exception& e) {
            run.cancelled = token->isCancelled();
            run.error = fromStd(rgw::failureMessage(e));
        }
        return run;
    }));
    return true;
}

void CohortScoringPanel::cancel() {
    if (cancel_)
        cancel_->cancel();
}

void CohortScoringPanel::finish(bool succeeded, const QString& summary) {
    cancel_.reset();
    progress_->finish();
    setBusy(false);
    refresh(); // the scored model joins the box; the remembered one is shown
    if (succeeded) {
        lastError_.clear();
        if (summary.contains('\n')) // some patients were refused: say who and why
            showMessage(QMessageBox::Information, summary);
    }
    emit scoringFinished(succeeded, summary);
}

void CohortScoringPanel::setBusy(bool busy) {
    busy_ = busy;
    scoreAction_->setEnabled(db_ && !busy);
    importAction_->setEnabled(db_ && !busy);
    emit busyChanged(busy);
}

void CohortScoringPanel::importDialog() {
    if (!db_ || busy_) {
        showError(!db_ ? tr("Open a database first.") : tr("Wait for the running work to finish."));
        return;
    }
    QSettings settings;
    const QString file = chooseOpenFile(this, tr("Import model file"),
                                        settings.value("models/importFolder").toString(),
                                        tr("Model files (*.json);;All files (*)"));
    if (file.isEmpty())
        return;
    settings.setValue("models/importFolder", QFileInfo(file).absolutePath());
    importModelFile(file);
}

bool CohortScoringPanel::importModelFile(const QString& file) {
    if (busy_ || file_.empty())
        return false;
    setBusy(true);
    progress_->start(tr("Importing the model file %1").arg(QDir::toNativeSeparators(file)), false);
    auto* watcher = new QFutureWatcher<ImportRun>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, file] {
        const ImportRun run = watcher->result();
        watcher->deleteLater();
        progress_->finish();
        setBusy(false);
        if (!run.model) {
            showError(tr("Cannot import the model file %1:\n%2")
                          .arg(QDir::toNativeSeparators(file), run.error));
            emit modelImported(false, run.error);
            return;
        }
        lastError_.clear();
        const auto& m = *run.model;
        showMessage(QMessageBox::Information,
                    tr("Model %1 (%2, id %3) is stored; \"Score patients...\" offers it.")
                        .arg(fromStd(m.name), fromStd(m.kind), fromStd(m.modelId.substr(0, 12))));
        emit modelImported(true, fromStd(m.modelId));
    });
    watcher->setFuture(
        QtConcurrent::run([database = file_, path = file.toStdWString()]() -> ImportRun {
            ImportRun run;
            try {
                storage::Database db(database);
                run.model = storage::importModelFile(db, std::filesystem::path(path));
            } catch (const std::exception& e) {
                run.error = fromStd(rgw::failureMessage(e));
            }
            return run;
        }));
    return true;
}

void CohortScoringPanel::showError(const QString& text) {
    lastError_ = text;
    showMessage(QMessageBox::Critical, text);
}

void CohortScoringPanel::showMessage(int icon, const QString& text) {
    auto* box = new QMessageBox(static_cast<QMessageBox::Icon>(icon), tr("Score patients"), text,
                                QMessageBox::Ok, this);
    box->setObjectName(QStringLiteral("scoringMessageBox"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open(); // not modal to the event loop: the page stays responsive
}

} // namespace rgw::ui
