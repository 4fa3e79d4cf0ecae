// The model builder's form: the source, task, feature, pipeline and
// validation boxes, and filling the column choices from the loaded table.
#include "Database.h"
#include "FileDialogs.h"
#include "LearnerChoice.h"
#include "ModelBuilderPage.h"
#include "ModelBuilderWidgets.h"
#include "ModelResultsView.h"
#include "NamedCohorts.h"
#include "RadScoreChoice.h"
#include "SelectionStepsChoice.h"
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
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QRadioButton>
#include <QScrollArea>
#include <QSettings>
#include <QSpinBox>
#include <QTabWidget>
#include <QToolButton>
#include <QVBoxLayout>
#include <algorithm>
#include <climits>
#include <set>

namespace rgw::ui {

using namespace builder;

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
                           {tr("Drop rows with a missing value"), QStringLiteral("drop")},
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
    test_ = choices(box, {},
                    tr("The univariate test (only those valid for the outcome): automatic is "
                       "Mann–Whitney (binary), Kruskal–Wallis (classes) or univariate Cox "
                       "(survival)"));
    test_->setObjectName(QStringLiteral("testBox"));
    combatCovariates_ = new QLineEdit(box);
    combatCovariates_->setObjectName(QStringLiteral("combatCovariates"));
    combatCovariates_->setPlaceholderText(tr("e.g. age, sex (candidate features)"));
    combatCovariates_->setToolTip(tr("Comma-separated candidate features whose effect ComBat "
                                     "preserves (sva's mod); they stay features but are not "
                                     "harmonised; code a factor as 0/1 columns"));
    auto* pickCovariates = columnPicker(box, combatCovariates_, features_,
                                        tr("Choose the covariates among the candidate features"));
    auto* covariates = new QHBoxLayout;
    covariates->addWidget(combatCovariates_, 1);
    covariates->addWidget(pickCovariates);
    combatNonParametric_ = check(box, tr("Non-parametric priors"), false,
                                 tr("sva's par.prior = FALSE: empirical batch distributions "
                                    "instead of normal / inverse-gamma priors (slower)"));
    combatMeanOnly_ = check(box, tr("Mean only"), false,
                            tr("Adjust the batch means only, not the variances (sva's "
                               "mean.only)"));
    auto* combatOptions = new QHBoxLayout;
    combatOptions->addWidget(combatNonParametric_);
    combatOptions->addWidget(combatMeanOnly_);
    combatOptions->addStretch(1);
    stability_ = new StabilityChoice(box);
    steps_ = new SelectionStepsChoice(box);
    learner_ = new LearnerChoice(box);
    radScore_ = new RadScoreChoice(box, features_);
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
    form->addRow(tr("ComBat covariates:"), covariates);
    form->addRow(QString(), combatOptions);
    stability_->addRowsTo(form); // the pipeline's first selection step
    form->addRow(nzv_);
    form->addRow(correlation_, correlationR_);
    form->addRow(fdr_, fdrQ_);
    form->addRow(top_, topK_);
    form->addRow(tr("Univariate test:"), test_);
    steps_->addRowsTo(form);
    learner_->addRowsTo(form);
    form->addRow(tr("P&enalty:"), penalty_);
    form->addRow(tr("Alpha:"), alpha_);
    form->addRow(tr("λ &rule:"), lambdaRule_);
    form->addRow(tr("Inner folds:"), innerFolds_);
    form->addRow(tr("Ties (Cox):"), ties_);
    radScore_->addRowsTo(form);
    for (QCheckBox* c : {combat_, correlation_, fdr_, top_})
        connect(c, &QCheckBox::toggled, this, &ModelBuilderPage::updateEnabled);
    connect(combat_, &QCheckBox::toggled, this, &ModelBuilderPage::fillFeatures);
    connect(batch_, &QComboBox::currentIndexChanged, this, &ModelBuilderPage::fillFeatures);
    connect(penalty_, &QComboBox::currentIndexChanged, this, &ModelBuilderPage::updateEnabled);
    connect(learner_, &LearnerChoice::changed, this, &ModelBuilderPage::updateEnabled);
    connect(kind_, &QComboBox::currentIndexChanged, this, [this] {
        const auto kind = modeling::parseModelKind(kind_->currentData().toString().toStdString());
        learner_->setOutcome(kind);
        steps_->setOutcome(kind);
        fillTests();
        updateEnabled();
    });
    fillTests();
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

void ModelBuilderPage::fillTests() {
    using modeling::UnivariateTest;
    const auto kind = modeling::parseModelKind(kind_->currentData().toString().toStdString());
    const QVariant current = test_->currentData();
    const QSignalBlocker block(test_);
    test_->clear();
    const auto add = [this](const QString& label, UnivariateTest test) {
        test_->addItem(label, QString::fromLatin1(modeling::univariateTestName(test)));
    };
    add(tr("Automatic"), UnivariateTest::Automatic);
    if (kind == modeling::ModelKind::Logistic) { // the binary-outcome tests
        add(tr("Mann–Whitney"), UnivariateTest::MannWhitney);
        add(tr("Welch t"), UnivariateTest::WelchT);
        add(tr("AUC (ranked by |AUC − 0.5|)"), UnivariateTest::Auc);
    }
    if (kind == modeling::ModelKind::Cox)
        add(tr("Univariate Cox (Wald)"), UnivariateTest::Cox);
    test_->setCurrentIndex(std::max(0, test_->findData(current)));
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

} // namespace rgw::ui
