#include "ModelResultsView.h"

#include "ConfusionMatrixView.h"
#include "FileDialogs.h"
#include "ModelCharts.h"
#include "ModelRepository.h"
#include "NomogramView.h"
#include "modeling/ModelFile.h"
#include "modeling/SpecNames.h"
#include "util/Failure.h"

#include <QChartView>
#include <QDir>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollArea>
#include <QSettings>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

namespace rgw::ui {

namespace {

QString fromStd(const std::string& text) {
    return QString::fromStdString(text);
}

QString measureName(const std::string& measure) {
    if (measure == "auc")
        return QObject::tr("AUC");
    if (measure == "c_index")
        return QObject::tr("Harrell's C");
    if (measure == "mean_ovr_auc")
        return QObject::tr("Mean one-vs-rest AUC");
    return fromStd(measure);
}

QLabel* wrapped(QWidget* parent, const QString& name) {
    auto* label = new QLabel(parent);
    label->setObjectName(name);
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

QString crossValidatedText(const modeling::Evaluation& e) {
    if (e.binary) {
        const auto& b = *e.binary;
        return QObject::tr("AUC %1 (95 % CI %2–%3, DeLong); at the threshold: sensitivity %4, "
                           "specificity %5; Brier %6; calibration intercept %7, slope %8")
            .arg(metricText(b.auc.auc), metricText(b.auc.lower), metricText(b.auc.upper),
                 metricText(b.atThreshold.sensitivity), metricText(b.atThreshold.specificity),
                 metricText(b.calibration.brier), metricText(b.calibration.intercept),
                 metricText(b.calibration.slope));
    }
    if (e.survival) {
        const auto& s = *e.survival;
        QString text =
            QObject::tr("Harrell's C %1 (SE %2, 95 % CI %3–%4)")
                .arg(metricText(s.concordance.cIndex), metricText(s.concordance.standardError),
                     metricText(s.concordance.lower), metricText(s.concordance.upper));
        if (s.logRank)
            text +=
                QObject::tr("; log-rank p %1 between risk groups").arg(pValueText(s.logRank->p));
        for (const auto& t : s.timeDependentAuc)
            text += QObject::tr("; AUC(t = %1) %2")
                        .arg(QString::number(t.time, 'g', 4), metricText(t.auc));
        return text;
    }
    if (e.multiclass)
        return QObject::tr("Mean one-vs-rest AUC %1; accuracy %2")
            .arg(metricText(e.multiclass->meanOneVsRestAuc),
                 metricText(e.multiclass->performance.accuracy));
    return {};
}

/// "gradient-boosting: 100 trees, depth 3, eta 0.1" (the options the learner used).
QString learnerText(const modeling::TrainedLearner& learner, const modeling::LearnerOptions& o) {
    const QString name = QString::fromLatin1(modeling::learnerKindName(learner.kind));
    switch (learner.kind) {
    case modeling::LearnerKind::RandomForest:
        return QObject::tr("%1: %2 trees, depth %3").arg(name).arg(o.trees).arg(o.depth);
    case modeling::LearnerKind::GradientBoosting:
        return QObject::tr("%1: %2 rounds, depth %3, eta %4")
            .arg(name)
            .arg(o.trees)
            .arg(o.depth)
            .arg(o.eta);
    case modeling::LearnerKind::SvmLinear:
        return QObject::tr("%1: C %2").arg(name).arg(o.svmC);
    case modeling::LearnerKind::SvmRbf:
        return QObject::tr("%1: C %2, gamma %3")
            .arg(name)
            .arg(o.svmC)
            .arg(o.svmGamma > 0 ? QString::number(o.svmGamma) : QObject::tr("1/p"));
    }
    return name;
}

} // namespace

ModelResultsView::ModelResultsView(QWidget* parent)
    : QWidget(parent), tabs_(new QTabWidget(this)), summary_(new QWidget(this)),
      title_(wrapped(summary_, QStringLiteral("modelTitle"))),
      validation_(wrapped(summary_, QStringLiteral("validationLabel"))),
      perRepeat_(wrapped(summary_, QStringLiteral("perRepeatLabel"))),
      crossValidated_(wrapped(summary_, QStringLiteral("crossValidatedLabel"))),
      heldOut_(wrapped(summary_, QStringLiteral("heldOutLabel"))),
      lambda_(wrapped(summary_, QStringLiteral("lambdaLabel"))),
      features_(wrapped(summary_, QStringLiteral("featuresLabel"))),
      decision_(wrapped(summary_, QStringLiteral("decisionLabel"))),
      optimismTitle_(new QLabel(tr("Bootstrap optimism correction (Harrell)"), summary_)),
      optimism_(new QTableWidget(summary_)), nomogramPage_(new QWidget(this)),
      nomogram_(new NomogramView(nomogramPage_)),
      nomogramNote_(wrapped(nomogramPage_, QStringLiteral("nomogramNote"))),
      save_(new QPushButton(tr("&Save model..."), this)),
      store_(new QPushButton(tr("Store in &database"), this)) {
    tabs_->setObjectName(QStringLiteral("resultTabs"));
    auto* form = new QFormLayout;
    form->addRow(tr("Model:"), title_);
    form->addRow(tr("Cross-validated:"), validation_);
    form->addRow(tr("Per repeat:"), perRepeat_);
    form->addRow(tr("Out-of-fold (repeat 1):"), crossValidated_);
    form->addRow(tr("Held-out test split:"), heldOut_);
    form->addRow(tr("Learner:"), lambda_);
    form->addRow(tr("Selected features:"), features_);
    form->addRow(tr("Decision rule:"), decision_);
    auto* summaryLayout = new QVBoxLayout(summary_);
    summaryLayout->addLayout(form);
    summaryLayout->addWidget(optimismTitle_);
    summaryLayout->addWidget(optimism_, 1);
    optimism_->setObjectName(QStringLiteral("optimismTable"));
    optimism_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    optimism_->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    optimism_->setToolTip(tr("Each index fitted and judged on all rows (apparent), the mean "
                             "optimism over the bootstrap samples, and apparent − optimism"));
    auto* nomogramLayout = new QVBoxLayout(nomogramPage_);
    nomogramLayout->addWidget(nomogramNote_);
    nomogramLayout->addWidget(nomogram_, 1);
    nomogram_->setObjectName(QStringLiteral("nomogramView"));

    save_->setObjectName(QStringLiteral("saveModelButton"));
    save_->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_W));
    save_->setToolTip(tr("Write the trained model to a portable .json file that can score new "
                         "patients here or on another workstation (Ctrl+Shift+W)"));
    save_->setEnabled(false);
    connect(save_, &QPushButton::clicked, this, &ModelResultsView::saveDialog);
    store_->setObjectName(QStringLiteral("storeModelButton"));
    store_->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_B));
    store_->setToolTip(tr("Store the trained model in the workstation's database, where the "
                          "cohort page's Score patients uses it (Ctrl+Shift+B)"));
    store_->setEnabled(false);
    connect(store_, &QPushButton::clicked, this, [this] { storeModel(); });
    auto* buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(store_);
    buttons->addWidget(save_);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(tabs_, 1);
    layout->addLayout(buttons);
}

QStringList ModelResultsView::tabTitles() const {
    QStringList out;
    for (int i = 0; i < tabs_->count(); ++i)
        out << tabs_->tabText(i).remove(QLatin1Char('&'));
    return out;
}

void ModelResultsView::addChartTab(QWidget* chart, const QString& title) {
    tabs_->addTab(chart, title);
}

void ModelResultsView::setOutput(std::shared_ptr<const TrainingOutput> output) {
    // Chart tabs are rebuilt; the summary and nomogram pages are kept.
    while (tabs_->count() > 0) {
        QWidget* page = tabs_->widget(0);
        tabs_->removeTab(0);
        if (page != summary_ && page != nomogramPage_)
            page->deleteLater();
    }
    output_ = std::move(output);
    save_->setEnabled(output_ != nullptr);
    store_->setEnabled(output_ != nullptr && !database_.empty());
    if (!output_)
        return;
    const modeling::TrainingResult& r = output_->result;
    showSummary(*output_);
    tabs_->addTab(summary_, tr("Summary"));
    if (const auto& b = r.crossValidated.binary) {
        addChartTab(rocChart(*b), tr("ROC"));
        addChartTab(calibrationChart(*b), tr("Calibration"));
        addChartTab(decisionCurveChart(*b), tr("Decision curve"));
    }
    if (const auto& s = r.crossValidated.survival)
        addChartTab(kaplanMeierChart(*s), tr("Kaplan–Meier"));
    if (const auto& c = r.crossValidated.multiclass)
        addChartTab(new ConfusionMatrixView(*c), tr("Confusion matrix"));
    const modeling::TrainedModel& m = r.model;
    std::vector<std::string> columns;
    if (m.task.kind == modeling::ModelKind::Logistic)
        columns = {"log-odds of " + (m.task.classes.size() > 1 ? m.task.classes[1] : "event")};
    else if (m.task.kind == modeling::ModelKind::Cox)
        columns = {"log hazard"};
    else
        columns = m.task.classes;
    const auto scrolled = [](QWidget* chart) {
        auto* scroll = new QScrollArea;
        scroll->setWidgetResizable(true);
        scroll->setWidget(chart);
        return scroll;
    };
    if (const auto& learner = m.pipeline.algorithm) {
        // A non-linear learner has no coefficients; its importance when it has one.
        if (learner->importance.size() > 0)
            addChartTab(scrolled(importanceChart(*learner)), tr("Importance"));
    } else if (!m.pipeline.model.features.empty()) {
        addChartTab(scrolled(coefficientChart(m.pipeline.model, columns)), tr("Coefficients"));
    }
    nomogram_->clear();
    if (output_->nomogram) {
        try {
            nomogram_->setNomogram(modeling::Nomogram(*output_->nomogram));
            nomogramNote_->setText(
                tr("Points per input value on its original scale; total points map to the "
                   "linear predictor and the %1.")
                    .arg(m.task.kind == modeling::ModelKind::Cox
                             ? tr("survival at each evaluation time")
                             : tr("probability that %1 = %2")
                                   .arg(fromStd(m.task.target), fromStd(m.task.classes.back()))));
        } catch (const std::exception& e) {
            nomogramNote_->setText(tr("No nomogram: %1").arg(fromStd(rgw::failureMessage(e))));
        }
    } else {
        nomogramNote_->setText(tr("No nomogram: %1").arg(fromStd(output_->nomogramNote)));
    }
    nomogram_->setVisible(nomogram_->hasNomogram());
    tabs_->addTab(nomogramPage_, tr("Nomogram"));
    tabs_->setCurrentIndex(0);
}

void ModelResultsView::showSummary(const TrainingOutput& output) {
    const modeling::TrainingResult& r = output.result;
    const modeling::TrainedModel& m = r.model;
    const auto& learner = m.pipeline.spec.learner;
    QString title = tr("'%1', %2 on %3 rows of %4")
                        .arg(fromStd(m.name), fromStd(modeling::modelKindName(m.task.kind)))
                        .arg(m.training.members.size())
                        .arg(fromStd(m.training.source));
    if (m.training.rowsWithoutResponse != 0)
        title += tr(" (%n row(s) without a response left out)", nullptr,
                    static_cast<int>(m.training.rowsWithoutResponse));
    title_->setText(title);
    validation_->setText(tr("%1 %2 ± %3 (SD over folds; %4-fold × %5, seed %6)")
                             .arg(measureName(m.validation.measure), metricText(m.validation.mean),
                                  metricText(m.validation.sd))
                             .arg(m.validation.folds)
                             .arg(m.validation.repeats)
                             .arg(m.validation.seed));
    QStringList repeats;
    for (const double v : m.validation.perRepeat)
        repeats << metricText(v);
    perRepeat_->setText(repeats.join(QStringLiteral(", ")));
    crossValidated_->setText(crossValidatedText(r.crossValidated));
    if (output.heldOut)
        heldOut_->setText(tr("%1 (%n row(s), scored as new patients with the stored rule)", nullptr,
                             static_cast<int>(output.heldOut->scoring.scored.size()))
                              .arg(crossValidatedText(output.heldOut->evaluation)));
    else if (!output.heldOutNote.empty())
        heldOut_->setText(tr("not evaluated: %1").arg(fromStd(output.heldOutNote)));
    else
        heldOut_->setText(tr("none (the table has no split column; every row trained the model)"));
    if (const auto& algorithm = m.pipeline.algorithm)
        lambda_->setText(learnerText(*algorithm, learner.algorithmOptions));
    else if (learner.penalty == modeling::Penalty::None)
        lambda_->setText(tr("none (unpenalised fit)"));
    else
        lambda_->setText(tr("%1, λ %2 (%3 of %4 inner folds)")
                             .arg(fromStd(modeling::penaltyName(learner.penalty)))
                             .arg(QString::number(m.pipeline.model.lambda, 'g', 4))
                             .arg(learner.lambdaRule == modeling::LambdaRule::Min
                                      ? QStringLiteral("lambda.min")
                                      : QStringLiteral("lambda.1se"))
                             .arg(learner.innerFolds));
    QStringList names;
    for (const auto& f : m.pipeline.model.features)
        names << fromStd(f);
    features_->setText(tr("%1 of %2 candidates: %3")
                           .arg(names.size())
                           .arg(m.training.candidateFeatures.size())
                           .arg(names.isEmpty() ? tr("none") : names.join(QStringLiteral(", "))));
    if (m.task.kind == modeling::ModelKind::Logistic)
        decision_->setText(tr("threshold %1 (Youden's J of the out-of-fold training predictions)")
                               .arg(metricText(m.decision.threshold)));
    else if (m.task.kind == modeling::ModelKind::Cox) {
        QStringList cuts;
        for (const double c : m.decision.riskCutoffs)
            cuts << metricText(c);
        decision_->setText(tr("risk cut-off %1 (median training linear predictor: low / high)")
                               .arg(cuts.join(QStringLiteral(", "))));
    } else
        decision_->setText(tr("the class of highest probability"));

    optimismTitle_->setVisible(r.optimism.has_value());
    optimism_->setVisible(r.optimism.has_value());
    optimism_->clear();
    if (!r.optimism)
        return;
    const QStringList header{tr("Index"),    tr("Apparent"),  tr("Training"),    tr("Test"),
                             tr("Optimism"), tr("Corrected"), tr("Samples used")};
    optimism_->setColumnCount(static_cast<int>(header.size()));
    optimism_->setHorizontalHeaderLabels(header);
    optimism_->setRowCount(static_cast<int>(r.optimism->indices.size()));
    int row = 0;
    for (const auto& index : r.optimism->indices) {
        const QStringList cells{fromStd(index.name),        metricText(index.apparent),
                                metricText(index.training), metricText(index.test),
                                metricText(index.optimism), metricText(index.corrected),
                                QString::number(index.used)};
        for (int c = 0; c < cells.size(); ++c)
            optimism_->setItem(row, c, new QTableWidgetItem(cells[c]));
        ++row;
    }
    if (r.optimism->failedResamples != 0)
        optimismTitle_->setText(tr("Bootstrap optimism correction (Harrell); %n sample(s) could "
                                   "not be fitted and were skipped",
                                   nullptr, r.optimism->failedResamples));
}

bool ModelResultsView::saveModel(const QString& file) {
    if (!output_)
        return false;
    try {
        modeling::saveModelFile(output_->result.model,
                                std::filesystem::path(file.toStdU16String()));
    } catch (const std::exception& e) {
        lastError_ = fromStd(rgw::failureMessage(e));
        if (interactive_)
            QMessageBox::warning(
                this, tr("Save model"),
                tr("The model could not be written to %1:\n%2").arg(file, lastError_));
        return false;
    }
    emit modelSaved(file);
    return true;
}

void ModelResultsView::setDatabase(const std::filesystem::path& file) {
    database_ = file;
    store_->setEnabled(output_ != nullptr && !database_.empty());
}

bool ModelResultsView::storeModel() {
    if (!output_ || database_.empty())
        return false;
    try {
        // One short transaction on its own connection.
        storage::Database db(database_);
        const storage::StoredModel stored = storage::storeModel(db, output_->result.model);
        emit modelStored(fromStd(stored.modelId));
        return true;
    } catch (const std::exception& e) {
        lastError_ = fromStd(rgw::failureMessage(e));
        if (interactive_)
            QMessageBox::warning(
                this, tr("Store model"),
                tr("The model could not be stored in the database:\n%1").arg(lastError_));
        return false;
    }
}

void ModelResultsView::saveDialog() {
    if (!output_)
        return;
    QSettings settings;
    const QString folder = settings.value("models/saveFolder", QDir::homePath()).toString();
    const QString suggested =
        QDir(folder).filePath(fromStd(output_->result.model.name) + QStringLiteral(".json"));
    const QString file =
        chooseSaveFile(this, tr("Save model"), suggested, tr("Model files (*.json)"));
    if (file.isEmpty())
        return;
    settings.setValue("models/saveFolder", QFileInfo(file).absolutePath());
    saveModel(file);
}

} // namespace rgw::ui
