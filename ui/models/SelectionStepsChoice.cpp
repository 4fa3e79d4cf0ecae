#include "SelectionStepsChoice.h"

#include "ModelBuilderWidgets.h"
#include "modeling/SpecNames.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QSettings>
#include <QSpinBox>

namespace rgw::ui {

using modeling::SelectionKind;

namespace {

QString keyOf(SelectionKind kind) {
    return QStringLiteral("models/%1").arg(QString::fromLatin1(modeling::selectionKindName(kind)));
}

QString ruleName(modeling::LambdaRule rule) {
    return QString::fromLatin1(modeling::lambdaRuleName(rule));
}

} // namespace

SelectionStepsChoice::SelectionStepsChoice(QWidget* parent) : QObject(parent) {
    using builder::check;
    using builder::spin;
    relief_ = check(parent, tr("RELIEF-F, keep the top"), false,
                    tr("Rank the features by their RELIEF-F weight (nearest hits and misses) and "
                       "keep the K largest"));
    reliefK_ = spin(parent, 1, 100000, 10, tr("K, the number of features RELIEF-F keeps"));
    mrmr_ = check(parent, tr("mRMR, keep"), false,
                  tr("Minimum redundancy maximum relevance (mRMRe classic): keep K features"));
    mrmrK_ = spin(parent, 1, 100000, 10, tr("K, the number of features mRMR keeps"));
    svmRfe_ = check(parent, tr("SVM-RFE, keep"), false,
                    tr("Recursive feature elimination by a linear SVM's weights (Guyon 2002): "
                       "keep K features; binary outcomes only"));
    svmRfeK_ = spin(parent, 1, 100000, 10, tr("K, the number of features SVM-RFE keeps"));
    lasso_ = check(parent, tr("Lasso selection at"), false,
                   tr("Keep the features with a non-zero cv.glmnet coefficient at the chosen λ"));
    lassoRule_ =
        builder::choices(parent,
                         {{tr("lambda.min"), ruleName(modeling::LambdaRule::Min)},
                          {tr("lambda.1se"), ruleName(modeling::LambdaRule::OneStandardError)}},
                         tr("Which λ of the inner cross-validation decides the selected features"));
    relief_->setObjectName(QStringLiteral("relieffBox"));
    mrmr_->setObjectName(QStringLiteral("mrmrBox"));
    svmRfe_->setObjectName(QStringLiteral("svmRfeBox"));
    lasso_->setObjectName(QStringLiteral("lassoSelectBox"));
    for (QCheckBox* c : {relief_, mrmr_, svmRfe_, lasso_})
        connect(c, &QCheckBox::toggled, this, &SelectionStepsChoice::updateEnabled);
    updateEnabled();
}

void SelectionStepsChoice::addRowsTo(QFormLayout* form) const {
    form->addRow(relief_, reliefK_);
    form->addRow(mrmr_, mrmrK_);
    form->addRow(svmRfe_, svmRfeK_);
    form->addRow(lasso_, lassoRule_);
}

void SelectionStepsChoice::appendTo(std::vector<modeling::SelectionStep>& steps) const {
    // The CLI's order: each step sees what the one before kept.
    if (relief_->isChecked())
        steps.push_back({SelectionKind::ReliefF, 0, reliefK_->value(), {}});
    if (mrmr_->isChecked())
        steps.push_back({SelectionKind::Mrmr, 0, mrmrK_->value(), {}});
    if (binary_ && svmRfe_->isChecked())
        steps.push_back({SelectionKind::SvmRfe, 0, svmRfeK_->value(), {}});
    if (lasso_->isChecked()) {
        modeling::SelectionStep step{SelectionKind::Lasso, 0, 0, {}};
        step.lambdaRule =
            modeling::parseLambdaRule(lassoRule_->currentData().toString().toStdString());
        steps.push_back(step);
    }
}

void SelectionStepsChoice::setOutcome(modeling::ModelKind kind) {
    binary_ = kind == modeling::ModelKind::Logistic;
    updateEnabled();
}

void SelectionStepsChoice::restore(const QSettings& s) {
    relief_->setChecked(s.value(keyOf(SelectionKind::ReliefF), false).toBool());
    reliefK_->setValue(s.value(keyOf(SelectionKind::ReliefF) + "K", 10).toInt());
    mrmr_->setChecked(s.value(keyOf(SelectionKind::Mrmr), false).toBool());
    mrmrK_->setValue(s.value(keyOf(SelectionKind::Mrmr) + "K", 10).toInt());
    svmRfe_->setChecked(s.value(keyOf(SelectionKind::SvmRfe), false).toBool());
    svmRfeK_->setValue(s.value(keyOf(SelectionKind::SvmRfe) + "K", 10).toInt());
    lasso_->setChecked(s.value(keyOf(SelectionKind::Lasso), false).toBool());
    builder::selectData(lassoRule_, s.value(keyOf(SelectionKind::Lasso) + "Rule",
                                            ruleName(modeling::LambdaRule::Min)));
}

void SelectionStepsChoice::remember(QSettings& s) const {
    s.setValue(keyOf(SelectionKind::ReliefF), relief_->isChecked());
    s.setValue(keyOf(SelectionKind::ReliefF) + "K", reliefK_->value());
    s.setValue(keyOf(SelectionKind::Mrmr), mrmr_->isChecked());
    s.setValue(keyOf(SelectionKind::Mrmr) + "K", mrmrK_->value());
    s.setValue(keyOf(SelectionKind::SvmRfe), svmRfe_->isChecked());
    s.setValue(keyOf(SelectionKind::SvmRfe) + "K", svmRfeK_->value());
    s.setValue(keyOf(SelectionKind::Lasso), lasso_->isChecked());
    s.setValue(keyOf(SelectionKind::Lasso) + "Rule", lassoRule_->currentData());
}

void SelectionStepsChoice::updateEnabled() {
    reliefK_->setEnabled(relief_->isChecked());
    mrmrK_->setEnabled(mrmr_->isChecked());
    svmRfe_->setEnabled(binary_);
    svmRfeK_->setEnabled(binary_ && svmRfe_->isChecked());
    lassoRule_->setEnabled(lasso_->isChecked());
}

} // namespace rgw::ui
