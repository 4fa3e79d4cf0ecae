#pragma once

// The learner of the model builder: the penalised linear model (penalty,
// alpha and the λ rule are chosen in the page) or one of the non-linear
// learners of core/modeling/Learners.h with its hyperparameters, as
// `rgw-cli model train --learner NAME --trees/--depth/--eta/--svm-c/--svm-gamma`.
// Only the chosen learner's hyperparameters are shown; each starts at
// defaultLearnerOptions(kind) and is remembered per learner.

#include "modeling/Learners.h"
#include "modeling/ModelKind.h"

#include <QObject>
#include <map>
#include <optional>
#include <vector>

class QComboBox;
class QDoubleSpinBox;
class QSettings;
class QSpinBox;
class QFormLayout;
class QWidget;

namespace rgw::ui {

class LearnerChoice : public QObject {
    Q_OBJECT
public:
    /// Creates the widgets as children of `parent` (the page's pipeline box).
    explicit LearnerChoice(QWidget* parent);
    /// Adds the rows "Model type" and every hyperparameter to `form` (the
    /// page's pipeline form, so the columns line up); only the chosen
    /// learner's rows are shown.
    void addRowsTo(QFormLayout* form);

    /// The chosen non-linear learner; nullopt = the penalised linear model.
    std::optional<modeling::LearnerKind> algorithm() const;
    /// defaultLearnerOptions of the chosen learner with the shown
    /// hyperparameters applied (the linear model: the gradient-boosting defaults, unused).
    modeling::LearnerOptions options() const;
    /// Offers only the learners that can fit `kind`: no SVM for Cox (a chosen
    /// SVM falls back to the linear model).
    void setOutcome(modeling::ModelKind kind);
    /// Restores the choice and every learner's hyperparameters ("models/learner...").
    void restore(const QSettings& settings);
    void remember(QSettings& settings) const;

    /// The combo: data "linear" or learnerKindName(kind).
    QComboBox* kindBox() const { return kind_; }
    /// The integer hyperparameter `key` ("trees", "depth") of `kind`; nullptr when it has none.
    QSpinBox* intSpin(modeling::LearnerKind kind, const QString& key) const;
    /// The real hyperparameter `key` ("eta", "svm-c", "svm-gamma") of `kind`; nullptr when it has
    /// none.
    QDoubleSpinBox* realSpin(modeling::LearnerKind kind, const QString& key) const;

signals:
    void changed();

private:
    struct Field {
        QString key;
        QSpinBox* integer = nullptr;
        QDoubleSpinBox* real = nullptr;
        QString label;
        QWidget* editor() const;
    };
    void showChosen();

    QComboBox* kind_;
    QFormLayout* form_ = nullptr;
    std::map<modeling::LearnerKind, std::vector<Field>> fields_;
};

} // namespace rgw::ui
