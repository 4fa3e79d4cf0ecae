#pragma once

// The rad-score + clinical model of the model builder (`rgw-cli model train
// --radscore-features`): the checked candidates that are not clinical
// variables form the rad-score, a penalised model of its own (the page's
// penalty, λ rule and inner folds), cross-fitted inside each fold; the
// clinical variables join the rad-score in an unpenalised logistic or Cox
// model, drawn as a nomogram (modeling::makeRadScoreRequest).

#include <QObject>
#include <string>
#include <vector>

class QCheckBox;
class QFormLayout;
class QLineEdit;
class QListWidget;
class QSettings;
class QWidget;

namespace rgw::ui {

class RadScoreChoice : public QObject {
    Q_OBJECT
public:
    /// Creates the widgets as children of `parent`; the picker offers the
    /// items of `candidates` (the page's feature checklist).
    RadScoreChoice(QWidget* parent, QListWidget* candidates);
    void addRowsTo(QFormLayout* form) const;

    bool isChecked() const;
    /// The clinical variables, as typed or picked.
    std::vector<std::string> clinical() const;

    /// Restores / remembers "models/radScore" and "models/radScoreClinical".
    void restore(const QSettings& settings);
    void remember(QSettings& settings) const;

    QCheckBox* enabledBox() const { return enabled_; }
    QLineEdit* clinicalEdit() const { return clinical_; }

signals:
    void changed();

private:
    QCheckBox* enabled_;
    QLineEdit* clinical_;
    QWidget* row_;
};

} // namespace rgw::ui
