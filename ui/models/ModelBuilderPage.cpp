#include "ModelBuilderPage.h"

#include "Database.h"
#include "FileDialogs.h"
#include "ModelResultsView.h"
#include "NamedCohorts.h"
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

namespace {

QString fromStd(const std::string& text) {
    return QString::fromStdString(text);
}

QSpinBox* spin(QWidget* parent, int low, int high, int value, const QString& tip) {
    auto* s = new QSpinBox(parent);
    s->setRange(low, high);
    s->setValue(value);
    s->setToolTip(tip);
    return s;
}

QDoubleSpinBox* doubleSpin(QWidget* parent, double low, double high, double step, double value,
                           const QString& tip) {
    auto* s = new QDoubleSpinBox(parent);
    s->setRange(low, high);
    s->setDecimals(3);
    s->setSingleStep(step);
    s->setValue(value);
    s->setToolTip(tip);
    return s;
}

QCheckBox* check(QWidget* parent, const QString& text, bool on, const QString& tip) {
    auto* c = new QCheckBox(text, parent);
    c->setChecked(on);
    c->setToolTip(tip);
    return c;
}

/// A combo of (label, name) pairs whose data is the name the CLI uses.
QComboBox* choices(QWidget* parent, const std::vector<std::pair<QString, QString>>& items,
                   const QString& tip) {
    auto* c = new QComboBox(parent);
    for (const auto& [label, name] : items)
        c->addItem(label, name);
    c->setToolTip(tip);
    return c;
}

void selectData(QComboBox* box, const QVariant& value) {
    const int i = box->findData(value);
    if (i >= 0)
        box->setCurrentIndex(i);
}

void selectText(QComboBox* box, const QString& text) {
    const int i = box->findText(text);
    if (i >= 0)
        box->setCurrentIndex(i);
}

std::vector<std::string> splitList(const QString& text) {
    std::vector<std::string> out;
    for (const QString& item : text.split(QLatin1Char(','), Qt::SkipEmptyParts))
        if (!item.trimmed().isEmpty())
            out.push_back(item.trimmed().toStdString());
    return out;
}

} // namespace

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

QWidget* ModelBuilderPage::createSourceBox() {
    auto* box = new QGroupBox(tr("Source"));
    fromCohort_ = new QRadioButton(tr("Named c&ohort"), box);
    fromCohort_->setToolTip(tr("Train on a cohort of the open database: its included members, "
                               "its train/test split and the features of one parameter set"));
    fromCsv_ = new QRadioButton(tr("CS&V table"), box);
    fromCsv_->setToolTip(tr("Train on an analysis table exported earlier or made elsewhere; a "
                            "'split' column keeps its test rows out of training"));
    cohort_ = new QComboBox(box);
    cohort_->setObjectName(QStringLiteral("cohortBox"));
    cohort_->setToolTip(tr("NAME@VERSION of the cohort; a cohort never changes once created"));
    parameterSet_ = new QComboBox(box);
    parameterSet_->setEditable(true);
    parameterSet_->setToolTip(tr("The radiomic parameter set (name or hash prefix) whose "
                                 "features become columns; empty: clinical / genomic only"));
    auto* loadCohort = new QPushButton(tr("&Load"), box);
    loadCohort->setToolTip(tr("Read the cohort's analysis table in the background"));
    connect(loadCohort, &QPushButton::clicked, this, &ModelBuilderPage::loadSelectedCohort);
    csv_ = new QLineEdit(box);
    csv_->setObjectName(QStringLiteral("csvPath"));
    csv_->setToolTip(tr("A CSV file with one row per patient"));
    auto* browse = new QPushButton(tr("&Browse..."), box);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString file = chooseOpenFile(this, tr("Analysis table"), csv_->text(),
                                            tr("CSV tables (*.csv);;All files (*)"));
        if (!file.isEmpty())
            loadCsv(file);
    });
    connect(csv_, &QLineEdit::returnPressed, this, [this] { loadCsv(csv_->text()); });
    tableInfo_ = new QLabel(tr("No table loaded."), box);
    tableInfo_->setObjectName(QStringLiteral("tableInfo"));
    tableInfo_->setWordWrap(true);
    auto* grid = new QGridLayout(box);
    grid->addWidget(fromCohort_, 0, 0);
    grid->addWidget(cohort_, 0, 1);
    grid->addWidget(new QLabel(tr("Parameter set:"), box), 1, 0);
    grid->addWidget(parameterSet_, 1, 1);
    grid->addWidget(loadCohort, 1, 2);
    grid->addWidget(fromCsv_, 2, 0);
    grid->addWidget(csv_, 2, 1);
    grid->addWidget(browse, 2, 2);
    grid->addWidget(tableInfo_, 3, 0, 1, 3);
    grid->setColumnStretch(1, 1);
    fromCsv_->setChecked(true);
    return box;
}

QWidget* ModelBuilderPage::createTaskBox() {
    auto* box = new QGroupBox(tr("What to predict"));
    kind_ = choices(box,
                    {{tr("Binary outcome (logistic)"), QStringLiteral("logistic")},
                     {tr("Several classes (multinomial)"), QStringLiteral("multinomial")},
                     {tr("Survival (Cox)"), QStringLiteral("cox")}},
                    tr("Logistic for a yes/no outcome, multinomial for three or more classes, "
                       "Cox for time to an event"));
    kind_->setObjectName(QStringLiteral("kindBox"));
    target_ = new QComboBox(box);
    target_->setObjectName(QStringLiteral("targetBox"));
    target_->setToolTip(tr("The outcome column; rows where it is empty are left out and counted"));
    time_ = new QComboBox(box);
    time_->setObjectName(QStringLiteral("timeBox"));
    time_->setToolTip(tr("Follow-up time until the event or censoring (> 0)"));
    event_ = new QComboBox(box);
    event_->setObjectName(QStringLiteral("eventBox"));
    event_->setToolTip(tr("1 = the event happened, 0 = censored"));
    auto* form = new QFormLayout(box);
    form->addRow(tr("&Model:"), kind_);
    form->addRow(tr("T&arget:"), target_);
    form->addRow(tr("T&ime:"), time_);
    form->addRow(tr("E&vent:"), event_);
    connect(kind_, &QComboBox::currentIndexChanged, this, [this] {
        fillFeatures();
        updateEnabled();
    });
    for (QComboBox* c : {target_, time_, event_})
        connect(c, &QComboBox::currentIndexChanged, this, &ModelBuilderPage::fillFeatures);
    return box;
}

QWidget* ModelBuilderPage::createFeatureBox() {
    auto* box = new QGroupBox(tr("Candidate features"));
    filter_ = new QLineEdit(box);
    filter_->setObjectName(QStringLiteral("featureFilter"));
    filter_->setPlaceholderText(tr("Filter (e.g. glcm, original_shape)"));
    filter_->setClearButtonEnabled(true);
    filter_->setToolTip(tr("Show only the features whose name contains this text"));
    features_ = new QListWidget(box);
    features_->setObjectName(QStringLiteral("featureList"));
    features_->setToolTip(tr("The columns selection may choose from; the outcome, the batch, "
                             "ids and the split column are never features"));
    features_->setMinimumHeight(120);
    auto* all = new QPushButton(tr("Select a&ll"), box);
    auto* none = new QPushButton(tr("Select n&one"), box);
    all->setToolTip(tr("Check every shown feature"));
    none->setToolTip(tr("Uncheck every shown feature"));
    const auto setShown = [this](Qt::CheckState state) {
        for (int i = 0; i < features_->count(); ++i)
            if (!features_->item(i)->isHidden())
                features_->item(i)->setCheckState(state);
    };
    connect(all, &QPushButton::clicked, this, [setShown] { setShown(Qt::Checked); });
    connect(none, &QPushButton::clicked, this, [setShown] { setShown(Qt::Unchecked); });
    connect(filter_, &QLineEdit::textChanged, this, [this](const QString& text) {
        for (int i = 0; i < features_->count(); ++i)
            features_->item(i)->setHidden(
                !features_->item(i)->text().contains(text, Qt::CaseInsensitive));
    });
    auto* row = new QHBoxLayout;
    row->addWidget(filter_, 1);
    row->addWidget(all);
    row->addWidget(none);
    auto* layout = new QVBoxLayout(box);
    layout->addLayout(row);
    layout->addWidget(features_, 1);
    return box;
}

QWidget* ModelBuilderPage::createPipelineBox() {
    auto* box = new QGroupBox(tr("Pipeline (fitted inside every fold)"));
    imputation_ = choices(box,
                          {{tr("Median (mode for 0/1)"), QStringLiteral("median")},
                           {tr("None (missing is an error)"), QStringLiteral("none")}},
                          tr("How a missing feature value is filled: the median of the training "
                             "rows of each fold, never 0"));
    zScore_ = check(box, tr("&Standardise (z-score)"), true,
                    tr("Centre and scale each feature by the training rows' mean and SD, so "
                       "the penalty treats features alike"));
    logColumns_ = new QLineEdit(box);
    logColumns_->setToolTip(tr("Comma-separated columns to log-transform (skewed features such "
                               "as volume); shifted when a value is <= 0"));
    combat_ = check(box, tr("Com&Bat harmonisation by"), false,
                    tr("Remove site / scanner effects (ComBat, empirical Bayes) within each "
                       "fold"));
    batch_ = new QComboBox(box);
    batch_->setObjectName(QStringLiteral("batchBox"));
    batch_->setToolTip(tr("The site or scanner column"));
    nzv_ = check(box, tr("Drop &near-zero-variance features"), false,
                 tr("caret's nearZeroVar: drop features that are almost constant"));
    correlation_ = check(box, tr("Drop &correlated features above |r|"), false,
                         tr("Of a pair correlated above the threshold, keep the one more "
                            "related to the outcome"));
    correlationR_ = doubleSpin(box, 0.5, 0.999, 0.01, 0.9, tr("The largest |Pearson r| kept"));
    fdr_ = check(box, tr("Univariate &FDR q <="), false,
                 tr("Keep features whose univariate test passes the Benjamini–Hochberg q"));
    fdrQ_ = doubleSpin(box, 0.001, 1.0, 0.01, 0.05, tr("The largest q-value kept"));
    top_ = check(box, tr("Keep the &top k"), false,
                 tr("Keep at most k features with the smallest univariate p-values"));
    topK_ = spin(box, 1, 100000, 10, tr("k, the number of features kept"));
    test_ = choices(box,
                    {{tr("Automatic"), QStringLiteral("auto")},
                     {tr("Mann–Whitney"), QStringLiteral("mann-whitney")},
                     {tr("Welch t"), QStringLiteral("welch-t")}},
                    tr("The univariate test: automatic is Mann–Whitney (binary), Kruskal–Wallis "
                       "(classes) or univariate Cox (survival)"));
    penalty_ = choices(box,
                       {{tr("Lasso"), QStringLiteral("lasso")},
                        {tr("Ridge"), QStringLiteral("ridge")},
                        {tr("Elastic net"), QStringLiteral("elastic-net")},
                        {tr("None"), QStringLiteral("none")}},
                       tr("Lasso selects features; ridge keeps all and shrinks them; elastic net "
                          "mixes both; none fits an unpenalised model"));
    penalty_->setObjectName(QStringLiteral("penaltyBox"));
    alpha_ = doubleSpin(box, 0.01, 0.99, 0.05, 0.5,
                        tr("Elastic-net mixing: 1 is lasso, 0 is ridge (glmnet's alpha)"));
    lambdaRule_ = choices(box,
                          {{tr("lambda.min (best CV deviance)"), QStringLiteral("min")},
                           {tr("lambda.1se (sparser, within 1 SE)"), QStringLiteral("1se")}},
                          tr("Which penalty strength the inner cross-validation keeps"));
    innerFolds_ = spin(box, 3, 50, 10, tr("Folds of the inner cross-validation choosing λ"));
    ties_ = choices(
        box, {{tr("Efron"), QStringLiteral("efron")}, {tr("Breslow"), QStringLiteral("breslow")}},
        tr("Handling of tied event times (unpenalised Cox)"));
    auto* form = new QFormLayout(box);
    form->addRow(tr("Im&putation:"), imputation_);
    form->addRow(zScore_);
    form->addRow(tr("&Log columns:"), logColumns_);
    form->addRow(combat_, batch_);
    form->addRow(nzv_);
    form->addRow(correlation_, correlationR_);
    form->addRow(fdr_, fdrQ_);
    form->addRow(top_, topK_);
    form->addRow(tr("Univariate test:"), test_);
    form->addRow(tr("P&enalty:"), penalty_);
    form->addRow(tr("Alpha:"), alpha_);
    form->addRow(tr("λ &rule:"), lambdaRule_);
    form->addRow(tr("Inner folds:"), innerFolds_);
    form->addRow(tr("Ties (Cox):"), ties_);
    for (QCheckBox* c : {combat_, correlation_, fdr_, top_})
        connect(c, &QCheckBox::toggled, this, &ModelBuilderPage::updateEnabled);
    connect(combat_, &QCheckBox::toggled, this, &ModelBuilderPage::fillFeatures);
    connect(batch_, &QComboBox::currentIndexChanged, this, &ModelBuilderPage::fillFeatures);
    connect(penalty_, &QComboBox::currentIndexChanged, this, &ModelBuilderPage::updateEnabled);
    return box;
}

QWidget* ModelBuilderPage::createValidationBox() {
    auto* box = new QGroupBox(tr("Validation (nested: nothing sees its test fold)"));
    folds_ = spin(box, 2, 50, 5, tr("Outer folds of the stratified cross-validation"));
    folds_->setObjectName(QStringLiteral("foldsSpin"));
    repeats_ = spin(box, 1, 1000, 1,
                    tr("Repeats with new random folds; the mean ± SD over folds "
                       "is reported, and each repeat's mean"));
    repeats_->setObjectName(QStringLiteral("repeatsSpin"));
    seed_ = spin(box, 0, INT_MAX, 1,
                 tr("The random seed of the folds; recorded in the model so the run can be "
                    "repeated exactly"));
    optimism_ = check(box, tr("Bootstrap &optimism correction, samples:"), false,
                      tr("Harrell's bootstrap: refit the whole pipeline on each sample and "
                         "report the optimism-corrected indices too (slow)"));
    bootstraps_ = spin(box, 1, 10000, 200, tr("Bootstrap samples B"));
    auto* form = new QFormLayout(box);
    form->addRow(tr("F&olds:"), folds_);
    form->addRow(tr("Re&peats:"), repeats_);
    form->addRow(tr("See&d:"), seed_);
    form->addRow(optimism_, bootstraps_);
    connect(optimism_, &QCheckBox::toggled, this, &ModelBuilderPage::updateEnabled);
    return box;
}

void ModelBuilderPage::setDatabase(const std::filesystem::path& file) {
    database_ = file;
    cohort_->clear();
    if (file.empty()) {
        updateEnabled();
        return;
    }
    try {
        // A short read of the cohort list on its own connection.
        storage::Database db(file);
        for (const auto& row : storage::NamedCohortRepository(db).list())
            cohort_->addItem(fromStd(row.name + "@" + std::to_string(row.version)));
        cohort_->setCurrentIndex(cohort_->count() - 1);
    } catch (const std::exception& e) {
        status_->setText(tr("Cohorts could not be listed: %1").arg(fromStd(failureMessage(e))));
    }
    selectText(cohort_, QSettings().value("models/cohort").toString());
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
    emit tableLoaded(static_cast<int>(t.rows()), static_cast<int>(t.columnNames().size()));
}

void ModelBuilderPage::fillColumns() {
    const QSettings settings;
    const auto fill = [](QComboBox* box, const QStringList& names, const QString& remembered) {
        const QSignalBlocker block(box);
        box->clear();
        box->addItems(names);
        selectText(box, remembered);
    };
    QStringList names;
    for (const auto& n : table_->table->columnNames())
        names << fromStd(n);
    fill(target_, names, settings.value("models/target").toString());
    fill(time_, names, settings.value("models/time").toString());
    fill(event_, names, settings.value("models/event").toString());
    fill(batch_, names, settings.value("models/batch").toString());
    fillFeatures();
}

void ModelBuilderPage::fillFeatures() {
    if (!table_)
        return;
    std::set<QString> unchecked;
    for (int i = 0; i < features_->count(); ++i)
        if (features_->item(i)->checkState() == Qt::Unchecked)
            unchecked.insert(features_->item(i)->text());
    modeling::ModelTask task;
    task.kind = modeling::parseModelKind(kind_->currentData().toString().toStdString());
    if (task.kind == modeling::ModelKind::Cox) {
        task.time = time_->currentText().toStdString();
        task.event = event_->currentText().toStdString();
    } else {
        task.target = target_->currentText().toStdString();
    }
    if (combat_->isChecked())
        task.batchColumn = batch_->currentText().toStdString();
    features_->clear();
    std::vector<std::string> candidates;
    try {
        candidates = modeling::defaultFeatures(*table_->table, task);
    } catch (const std::exception& e) {
        status_->setText(tr("No candidate features: %1").arg(fromStd(failureMessage(e))));
    }
    for (const auto& name : candidates) {
        auto* item = new QListWidgetItem(fromStd(name), features_);
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        item->setCheckState(unchecked.count(item->text()) ? Qt::Unchecked : Qt::Checked);
        item->setHidden(!item->text().contains(filter_->text(), Qt::CaseInsensitive));
    }
}

void ModelBuilderPage::updateEnabled() {
    const bool busy = work_->isBusy();
    const bool cox = kind_->currentData().toString() == QStringLiteral("cox");
    target_->setEnabled(!cox);
    time_->setEnabled(cox);
    event_->setEnabled(cox);
    ties_->setEnabled(cox && penalty_->currentData().toString() == QStringLiteral("none"));
    batch_->setEnabled(combat_->isChecked());
    correlationR_->setEnabled(correlation_->isChecked());
    fdrQ_->setEnabled(fdr_->isChecked());
    topK_->setEnabled(top_->isChecked());
    test_->setEnabled(fdr_->isChecked() || top_->isChecked());
    const QString penalty = penalty_->currentData().toString();
    alpha_->setEnabled(penalty == QStringLiteral("elastic-net"));
    lambdaRule_->setEnabled(penalty != QStringLiteral("none"));
    innerFolds_->setEnabled(penalty != QStringLiteral("none"));
    bootstraps_->setEnabled(optimism_->isChecked());
    train_->setEnabled(!busy && table_ != nullptr);
    cancel_->setEnabled(busy);
}

modeling::TrainingRequest ModelBuilderPage::request() const {
    if (!table_)
        throw Error("load a table first: choose a named cohort or a CSV file");
    modeling::TrainingRequest r;
    r.name = name_->text().trimmed().toStdString();
    if (r.name.empty())
        throw Error("give the model a name");
    r.task.kind = modeling::parseModelKind(kind_->currentData().toString().toStdString());
    if (r.task.kind == modeling::ModelKind::Cox) {
        r.task.time = time_->currentText().toStdString();
        r.task.event = event_->currentText().toStdString();
        if (r.task.time.empty() || r.task.event.empty())
            throw Error("a Cox model needs a time and an event column");
        if (r.task.time == r.task.event)
            throw Error("the time and event columns are both '" + r.task.time + "'");
    } else {
        r.task.target = target_->currentText().toStdString();
        if (r.task.target.empty())
            throw Error("choose the target column");
    }
    modeling::PipelineSpec& spec = r.pipeline;
    spec.preprocessing.imputation =
        modeling::parseImputation(imputation_->currentData().toString().toStdString());
    spec.preprocessing.logColumns = splitList(logColumns_->text());
    spec.preprocessing.zScore = zScore_->isChecked();
    if (combat_->isChecked()) {
        r.task.batchColumn = batch_->currentText().toStdString();
        if (r.task.batchColumn.empty())
            throw Error("choose the batch (site / scanner) column for ComBat");
        spec.combat = true;
    }
    using modeling::SelectionKind;
    // The CLI's order: near-zero variance, correlation, univariate.
    if (nzv_->isChecked())
        spec.selection.push_back({SelectionKind::NearZeroVariance, 95.0 / 5.0, 0, {}});
    if (correlation_->isChecked())
        spec.selection.push_back({SelectionKind::Correlation, correlationR_->value(), 0, {}});
    if (fdr_->isChecked() || top_->isChecked()) {
        modeling::SelectionStep step{SelectionKind::Univariate, 0, 0, {}};
        if (fdr_->isChecked())
            step.threshold = fdrQ_->value();
        if (top_->isChecked())
            step.maxFeatures = topK_->value();
        step.test = modeling::parseUnivariateTest(test_->currentData().toString().toStdString());
        spec.selection.push_back(step);
    }
    modeling::LearnerSpec& learner = spec.learner;
    learner.kind = r.task.kind;
    learner.penalty = modeling::parsePenalty(penalty_->currentData().toString().toStdString());
    if (learner.penalty == modeling::Penalty::ElasticNet)
        learner.alpha = alpha_->value();
    learner.lambdaRule =
        modeling::parseLambdaRule(lambdaRule_->currentData().toString().toStdString());
    learner.innerFolds = innerFolds_->value();
    if (r.task.kind == modeling::ModelKind::Cox)
        learner.ties = modeling::parseCoxTies(ties_->currentData().toString().toStdString());
    for (int i = 0; i < features_->count(); ++i)
        if (features_->item(i)->checkState() == Qt::Checked)
            r.features.push_back(features_->item(i)->text().toStdString());
    if (r.features.empty())
        throw Error("check at least one candidate feature");
    r.validation.folds = folds_->value();
    r.validation.repeats = repeats_->value();
    r.validation.seed = static_cast<std::uint64_t>(seed_->value());
    if (optimism_->isChecked())
        r.optimism = modeling::OptimismSpec{bootstraps_->value(), r.validation.seed, 0};
    return r;
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
    return work_->train(*table_, std::move(r));
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

void ModelBuilderPage::restoreChoices() {
    const QSettings s;
    selectData(kind_, s.value("models/kind", "logistic"));
    selectData(imputation_, s.value("models/imputation", "median"));
    zScore_->setChecked(s.value("models/zscore", true).toBool());
    logColumns_->setText(s.value("models/log").toString());
    combat_->setChecked(s.value("models/combat", false).toBool());
    nzv_->setChecked(s.value("models/nzv", false).toBool());
    correlation_->setChecked(s.value("models/correlation", false).toBool());
    correlationR_->setValue(s.value("models/correlationR", 0.9).toDouble());
    fdr_->setChecked(s.value("models/fdr", false).toBool());
    fdrQ_->setValue(s.value("models/fdrQ", 0.05).toDouble());
    top_->setChecked(s.value("models/top", false).toBool());
    topK_->setValue(s.value("models/topK", 10).toInt());
    selectData(test_, s.value("models/test", "auto"));
    selectData(penalty_, s.value("models/penalty", "lasso"));
    alpha_->setValue(s.value("models/alpha", 0.5).toDouble());
    selectData(lambdaRule_, s.value("models/lambdaRule", "min"));
    innerFolds_->setValue(s.value("models/innerFolds", 10).toInt());
    selectData(ties_, s.value("models/ties", "efron"));
    folds_->setValue(s.value("models/folds", 5).toInt());
    repeats_->setValue(s.value("models/repeats", 1).toInt());
    seed_->setValue(s.value("models/seed", 1).toInt());
    optimism_->setChecked(s.value("models/optimism", false).toBool());
    bootstraps_->setValue(s.value("models/bootstraps", 200).toInt());
    parameterSet_->setEditText(s.value("models/parameterSet").toString());
}

void ModelBuilderPage::rememberChoices() const {
    QSettings s;
    s.setValue("models/kind", kind_->currentData());
    s.setValue("models/target", target_->currentText());
    s.setValue("models/time", time_->currentText());
    s.setValue("models/event", event_->currentText());
    s.setValue("models/batch", batch_->currentText());
    s.setValue("models/imputation", imputation_->currentData());
    s.setValue("models/zscore", zScore_->isChecked());
    s.setValue("models/log", logColumns_->text());
    s.setValue("models/combat", combat_->isChecked());
    s.setValue("models/nzv", nzv_->isChecked());
    s.setValue("models/correlation", correlation_->isChecked());
    s.setValue("models/correlationR", correlationR_->value());
    s.setValue("models/fdr", fdr_->isChecked());
    s.setValue("models/fdrQ", fdrQ_->value());
    s.setValue("models/top", top_->isChecked());
    s.setValue("models/topK", topK_->value());
    s.setValue("models/test", test_->currentData());
    s.setValue("models/penalty", penalty_->currentData());
    s.setValue("models/alpha", alpha_->value());
    s.setValue("models/lambdaRule", lambdaRule_->currentData());
    s.setValue("models/innerFolds", innerFolds_->value());
    s.setValue("models/ties", ties_->currentData());
    s.setValue("models/folds", folds_->value());
    s.setValue("models/repeats", repeats_->value());
    s.setValue("models/seed", seed_->value());
    s.setValue("models/optimism", optimism_->isChecked());
    s.setValue("models/bootstraps", bootstraps_->value());
    s.setValue("models/cohort", cohort_->currentText());
    s.setValue("models/parameterSet", parameterSet_->currentText());
}

} // namespace rgw::ui
