// The model builder's choices: the modeling::TrainingRequest the form
// describes (the options of `rgw-cli model train`) and the choices
// remembered in QSettings ("models/").
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
#include <QMessageBox>
#include <QPushButton>
#include <QRadioButton>
#include <QScrollArea>
#include <QSettings>
#include <QSpinBox>
#include <QTabWidget>
#include <QVBoxLayout>
#include <algorithm>
#include <climits>
#include <set>

namespace rgw::ui {

using namespace builder;

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
        spec.combatCovariates = splitList(combatCovariates_->text());
        spec.combatParametric = !combatNonParametric_->isChecked();
        spec.combatMeanOnly = combatMeanOnly_->isChecked();
    }
    spec.stability = stability_->spec();
    using modeling::SelectionKind;
    // The CLI's order: near-zero variance, correlation, univariate, then the
    // multivariate steps (RELIEF-F, mRMR, SVM-RFE, lasso).
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
    steps_->appendTo(spec.selection);
    modeling::LearnerSpec& learner = spec.learner;
    learner.kind = r.task.kind;
    if (const auto algorithm = learner_->algorithm()) {
        // A learner replaces the penalised model; its penalty fields keep their
        // defaults, as with the CLI's --learner.
        learner.algorithm = *algorithm;
        learner.algorithmOptions = learner_->options();
    } else {
        learner.penalty = modeling::parsePenalty(penalty_->currentData().toString().toStdString());
        if (learner.penalty == modeling::Penalty::ElasticNet)
            learner.alpha = alpha_->value();
        learner.lambdaRule =
            modeling::parseLambdaRule(lambdaRule_->currentData().toString().toStdString());
        learner.innerFolds = innerFolds_->value();
    }
    if (r.task.kind == modeling::ModelKind::Cox)
        learner.ties = modeling::parseCoxTies(ties_->currentData().toString().toStdString());
    for (int i = 0; i < features_->count(); ++i)
        if (features_->item(i)->checkState() == Qt::Checked)
            r.features.push_back(features_->item(i)->text().toStdString());
    if (r.features.empty())
        throw Error("check at least one candidate feature");
    if (radScore_->isChecked()) {
        // The checked candidates that are not clinical form the rad-score.
        const std::vector<std::string> clinical = radScore_->clinical();
        if (clinical.empty())
            throw Error("name the clinical variables of the rad-score + clinical model");
        std::vector<std::string> radiomic;
        for (const std::string& f : r.features)
            if (std::find(clinical.begin(), clinical.end(), f) == clinical.end())
                radiomic.push_back(f);
        for (const std::string& c : clinical)
            if (std::find(r.features.begin(), r.features.end(), c) == r.features.end())
                throw Error("clinical variable '" + c + "' is not a checked candidate feature");
        if (learner_->algorithm())
            throw Error("a rad-score + clinical model is linear: choose no learner");
        r.features = clinical;
        modeling::makeRadScoreRequest(r, radiomic, learner.penalty, learner.alpha, 5, false);
    }
    r.validation.folds = folds_->value();
    r.validation.repeats = repeats_->value();
    r.validation.seed = static_cast<std::uint64_t>(seed_->value());
    if (optimism_->isChecked())
        r.optimism = modeling::OptimismSpec{bootstraps_->value(), r.validation.seed, 0};
    return r;
}

void ModelBuilderPage::restoreChoices() {
    const QSettings s;
    selectData(kind_, s.value("models/kind", "logistic"));
    selectData(imputation_, s.value("models/imputation", "median"));
    zScore_->setChecked(s.value("models/zscore", true).toBool());
    logColumns_->setText(s.value("models/log").toString());
    combat_->setChecked(s.value("models/combat", false).toBool());
    combatCovariates_->setText(s.value("models/combatCovariates").toString());
    combatNonParametric_->setChecked(s.value("models/combatNonParametric", false).toBool());
    combatMeanOnly_->setChecked(s.value("models/combatMeanOnly", false).toBool());
    nzv_->setChecked(s.value("models/nzv", false).toBool());
    correlation_->setChecked(s.value("models/correlation", false).toBool());
    correlationR_->setValue(s.value("models/correlationR", 0.9).toDouble());
    fdr_->setChecked(s.value("models/fdr", false).toBool());
    fdrQ_->setValue(s.value("models/fdrQ", 0.05).toDouble());
    top_->setChecked(s.value("models/top", false).toBool());
    topK_->setValue(s.value("models/topK", 10).toInt());
    selectData(test_, s.value("models/test", "auto"));
    stability_->restore(s);
    radScore_->restore(s);
    steps_->restore(s);
    learner_->restore(s);
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
    s.setValue("models/combatCovariates", combatCovariates_->text());
    s.setValue("models/combatNonParametric", combatNonParametric_->isChecked());
    s.setValue("models/combatMeanOnly", combatMeanOnly_->isChecked());
    s.setValue("models/nzv", nzv_->isChecked());
    s.setValue("models/correlation", correlation_->isChecked());
    s.setValue("models/correlationR", correlationR_->value());
    s.setValue("models/fdr", fdr_->isChecked());
    s.setValue("models/fdrQ", fdrQ_->value());
    s.setValue("models/top", top_->isChecked());
    s.setValue("models/topK", topK_->value());
    s.setValue("models/test", test_->currentData());
    stability_->remember(s);
    radScore_->remember(s);
    steps_->remember(s);
    learner_->remember(s);
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
