#include "ModelBuilderPage.h"

#include "Database.h"
#include "FileDialogs.h"
#include "LearnerChoice.h"
#include "ModelBuilderWidgets.h"
#include "ModelResultsView.h"
#include "SourceLists.h"
#include "StabilityChoice.h"
#include "TaskProgress.h"
#include "modeling/SpecNames.h"
#include "modeling/TaskData.h"
#include "util/Error.h"
#include "util/Failure.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QRadioButton>
#include <QScrollArea>
#include <QSettings>
#include <QSpinBox>
#include <QTabWidget>
#include <QVBoxLayout>
#include <climits>
#include <set>

namespace rgw::ui {

using namespace builder;

ModelBuilderPage::ModelBuilderPage(QWidget* parent)
    : QWidget(parent), work_(new ModelTrainingWork(this)), tabs_(new QTabWidget(this)),
      results_(new ModelResultsView(this)), progress_(new TaskProgress(this)) {
    setObjectName(QStringLiteral("modelBuilderPage"));
    auto* form = new QWidget;
    auto* grid = new QGridLayout(form);
    grid->setContentsMargins(6, 6, 6, 6);
    grid->addWidget(createSourceBox(), 0, 0);
    grid->addWidget(createTaskBox(), 1, 0);
    grid->addWidget(createFeatureBox(), 2, 0);
    grid->setRowStretch(2, 1);
    grid->addWidget(createPipelineBox(), 0, 1, 2, 1);
    grid->addWidget(createValidationBox(), 2, 1);
    grid->setColumnStretch(0, 1);
    grid->setColumnStretch(1, 1);
    auto* scroll = new QScrollArea;
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(form);

    name_ = new QLineEdit(QStringLiteral("model"), this);
    name_->setObjectName(QStringLiteral("modelName"));
    name_->setToolTip(tr("The model's name, stored in the model file"));
    train_ = new QPushButton(tr("&Train"), this);
    train_->setObjectName(QStringLiteral("trainButton"));
    train_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return));
    train_->setToolTip(tr("Cross-validate the whole pipeline, fit the final model on all "
                          "training rows and show the results (Ctrl+Enter)"));
    train_->setDefault(true);
    cancel_ = new QPushButton(tr("Cancel"), this);
    cancel_->setObjectName(QStringLiteral("cancelTrainingButton"));
    cancel_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Period));
    cancel_->setToolTip(tr("Stop the running job; nothing is kept (Ctrl+.)"));
    status_ = new QLabel(this);
    status_->setObjectName(QStringLiteral("builderStatus"));
    status_->setWordWrap(true);
    auto* actions = new QHBoxLayout;
    auto* nameLabel = new QLabel(tr("&Name:"), this);
    nameLabel->setBuddy(name_);
    actions->addWidget(nameLabel);
    actions->addWidget(name_);
    actions->addWidget(status_, 1);
    actions->addWidget(progress_);
    actions->addWidget(cancel_);
    actions->addWidget(train_);
    // The page has its own Cancel; the strip's would duplicate it.
    progress_->cancelButton()->hide();

    auto* setup = new QWidget;
    auto* setupLayout = new QVBoxLayout(setup);
    setupLayout->setContentsMargins(0, 0, 0, 0);
    setupLayout->addWidget(scroll, 1);
    setupLayout->addLayout(actions);
    tabs_->setObjectName(QStringLiteral("modelPageTabs"));
    tabs_->addTab(setup, tr("Set-&up"));
    tabs_->addTab(results_, tr("&Results"));
    tabs_->setTabEnabled(1, false);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(tabs_);

    connect(train_, &QPushButton::clicked, this, &ModelBuilderPage::startTraining);
    connect(cancel_, &QPushButton::clicked, this, &ModelBuilderPage::cancelTraining);
    connect(work_, &ModelTrainingWork::started, this, [this](const QString& what) {
        progress_->start(what, true);
        status_->clear();
        updateEnabled();
    });
    connect(work_, &ModelTrainingWork::progress, progress_, &TaskProgress::setProgress);
    connect(work_, &ModelTrainingWork::idle, this, [this] {
        progress_->finish();
        updateEnabled();
    });
    connect(work_, &ModelTrainingWork::tableLoaded, this, &ModelBuilderPage::showTable);
    connect(work_, &ModelTrainingWork::trained, this,
            [this](std::shared_ptr<const TrainingOutput> output) {
                results_->setOutput(output);
                tabs_->setTabEnabled(1, true);
                tabs_->setCurrentWidget(results_);
                const auto& v = output->result.model.validation;
                const QString summary = tr("Trained '%1': %2 %3 ± %4")
                                            .arg(fromStd(output->result.model.name))
                                            .arg(fromStd(v.measure))
                                            .arg(v.mean, 0, 'f', 3)
                                            .arg(v.sd, 0, 'f', 3);
                status_->setText(summary);
                emit trainingFinished(true, summary);
            });
    connect(work_, &ModelTrainingWork::cancelled, this, [this] {
        status_->setText(tr("Cancelled; nothing was kept."));
        emit trainingFinished(false, status_->text());
    });
    connect(work_, &ModelTrainingWork::failed, this, [this](const QString& error) {
        fail(tr("Model builder"), error);
        emit trainingFinished(false, error);
    });
    restoreChoices();
    updateEnabled();
}

ModelBuilderPage::~ModelBuilderPage() {
    work_->cancel();
}

void ModelBuilderPage::setDatabase(const std::filesystem::path& file) {
    database_ = file;
    results_->setDatabase(file);
    const QSettings settings;
    refreshSources(settings.value("models/cohort").toString(),
                   settings.value("models/parameterSet").toString());
}

void ModelBuilderPage::refreshSources() {
    refreshSources(cohort_->currentText(), parameterSet_->currentText());
}

void ModelBuilderPage::refreshSources(const QString& cohort, const QString& parameterSet) {
    if (database_.empty()) {
        cohort_->clear();
        parameterSet_->clear();
        updateEnabled();
        return;
    }
    try {
        fillAnalysisSources(QString::fromStdWString(database_.wstring()), cohort_, parameterSet_,
                            true, cohort, parameterSet);
    } catch (const std::exception& e) {
        status_->setText(tr("Cohorts could not be listed: %1").arg(fromStd(failureMessage(e))));
    }
    updateEnabled();
}

void ModelBuilderPage::loadCsv(const QString& file) {
    fromCsv_->setChecked(true);
    csv_->setText(file);
    if (!work_->loadCsv(file))
        fail(tr("Model builder"), tr("Wait for the running job to finish or cancel it."));
}

void ModelBuilderPage::loadSelectedCohort() {
    if (database_.empty() || cohort_->currentText().isEmpty()) {
        fail(tr("Model builder"), tr("Open a database with a named cohort first (Cohort page: "
                                     "save a filter as a cohort)."));
        return;
    }
    fromCohort_->setChecked(true);
    if (!work_->loadCohort(database_, cohort_->currentText(), parameterSet_->currentText()))
        fail(tr("Model builder"), tr("Wait for the running job to finish or cancel it."));
}

void ModelBuilderPage::showTable(std::shared_ptr<const AnalysisTable> table) {
    table_ = std::move(table);
    const auto& t = *table_->table;
    tableInfo_->setText(tr("%1: %2 rows, %3 columns%4")
                            .arg(fromStd(table_->source.source))
                            .arg(t.rows())
                            .arg(t.columnNames().size())
                            .arg(t.has(modeling::kSplitColumn)
                                     ? tr("; training on its 'split' = train rows")
                                     : QString()));
    fillColumns();
    stability_->setTable(table_.get());
    emit tableLoaded(static_cast<int>(t.rows()), static_cast<int>(t.columnNames().size()));
}

void ModelBuilderPage::updateEnabled() {
    const bool busy = work_->isBusy();
    const bool cox = kind_->currentData().toString() == QStringLiteral("cox");
    target_->setEnabled(!cox);
    time_->setEnabled(cox);
    event_->setEnabled(cox);
    // A non-linear learner replaces the penalised model: its options do not apply.
    const bool linear = !learner_->algorithm();
    ties_->setEnabled(cox && linear &&
                      penalty_->currentData().toString() == QStringLiteral("none"));
    batch_->setEnabled(combat_->isChecked());
    for (QWidget* w :
         std::initializer_list<QWidget*>{combatCovariates_, combatNonParametric_, combatMeanOnly_})
        w->setEnabled(combat_->isChecked());
    correlationR_->setEnabled(correlation_->isChecked());
    fdrQ_->setEnabled(fdr_->isChecked());
    topK_->setEnabled(top_->isChecked());
    test_->setEnabled(fdr_->isChecked() || top_->isChecked());
    const QString penalty = penalty_->currentData().toString();
    penalty_->setEnabled(linear);
    alpha_->setEnabled(linear && penalty == QStringLiteral("elastic-net"));
    lambdaRule_->setEnabled(linear && penalty != QStringLiteral("none"));
    innerFolds_->setEnabled(linear && penalty != QStringLiteral("none"));
    bootstraps_->setEnabled(optimism_->isChecked());
    train_->setEnabled(!busy && table_ != nullptr);
    cancel_->setEnabled(busy);
}

bool ModelBuilderPage::startTraining() {
    if (work_->isBusy() || !table_)
        return false;
    modeling::TrainingRequest r;
    try {
        r = request();
    } catch (const std::exception& e) {
        fail(tr("Model builder"), fromStd(failureMessage(e)));
        return false;
    }
    rememberChoices();
    lastError_.clear();
    return work_->train(*table_, std::move(r), stability_->repeats());
}

void ModelBuilderPage::cancelTraining() {
    work_->cancel();
    if (work_->isBusy())
        status_->setText(tr("Cancelling..."));
}

void ModelBuilderPage::setInteractive(bool interactive) {
    interactive_ = interactive;
    results_->setInteractive(interactive);
}

bool ModelBuilderPage::isBusy() const {
    return work_->isBusy();
}

void ModelBuilderPage::fail(const QString& title, const QString& text) {
    lastError_ = text;
    status_->setText(text);
    if (interactive_)
        QMessageBox::warning(this, title, text);
}

} // namespace rgw::ui
