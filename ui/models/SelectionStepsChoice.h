#pragma once

// The multivariate selection steps of the model builder, chained after
// near-zero variance, correlation and the univariate filter in the order of
// `rgw-cli model train`: RELIEF-F top K (--relieff K), mRMR K (--mrmr K),
// SVM-RFE K (--svm-rfe K, binary outcomes only) and lasso selection at
// lambda.min / lambda.1se (--lasso-select RULE).

#include "modeling/FeatureSelection.h"
#include "modeling/ModelKind.h"

#include <QObject>
#include <vector>

class QCheckBox;
class QComboBox;
class QFormLayout;
class QWidget;
class QSettings;
class QSpinBox;

namespace rgw::ui {

class SelectionStepsChoice : public QObject {
    Q_OBJECT
public:
    /// Creates the widgets as children of `parent` (the page's pipeline box).
    explicit SelectionStepsChoice(QWidget* parent);
    /// Adds one row per step to `form` (the page's pipeline form).
    void addRowsTo(QFormLayout* form) const;

    /// Appends the checked steps, in the CLI's order, to `steps`.
    void appendTo(std::vector<modeling::SelectionStep>& steps) const;
    /// SVM-RFE is offered for a binary (logistic) outcome only.
    void setOutcome(modeling::ModelKind kind);
    /// Restores / remembers the steps ("models/<selectionKindName>", "...K", "models/lassoRule").
    void restore(const QSettings& settings);
    void remember(QSettings& settings) const;

    QCheckBox* reliefBox() const { return relief_; }
    QSpinBox* reliefSpin() const { return reliefK_; }
    QCheckBox* mrmrBox() const { return mrmr_; }
    QSpinBox* mrmrSpin() const { return mrmrK_; }
    QCheckBox* svmRfeBox() const { return svmRfe_; }
    QSpinBox* svmRfeSpin() const { return svmRfeK_; }
    QCheckBox* lassoBox() const { return lasso_; }
    QComboBox* lassoRuleBox() const { return lassoRule_; }

private:
    void updateEnabled();

    QCheckBox* relief_;
    QSpinBox* reliefK_;
    QCheckBox* mrmr_;
    QSpinBox* mrmrK_;
    QCheckBox* svmRfe_;
    QSpinBox* svmRfeK_;
    QCheckBox* lasso_;
    QComboBox* lassoRule_;
    bool binary_ = true;
};

} // namespace rgw::ui
