#pragma once

// The stability filter of the model builder (`rgw-cli model train
// --stability REPEATS.csv --icc KIND --icc-threshold T`): keep the features
// whose repeated or perturbed extraction (a second reader's contour, a
// re-scan), given as a CSV table with patient_id and the same feature
// columns, agrees with the first — ICC over each fold's training rows only.

#include "modeling/StabilityFilter.h"

#include <QObject>
#include <QString>
#include <optional>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QLineEdit;
class QSettings;
class QWidget;

namespace rgw::ui {

class StabilityChoice : public QObject {
    Q_OBJECT
public:
    /// Creates the widgets as children of `parent` (the page's pipeline box).
    explicit StabilityChoice(QWidget* parent);
    /// Adds its rows to `form` (the page's pipeline form).
    void addRowsTo(QFormLayout* form) const;

    /// The filter when checked. Throws rgw::Error when checked without a
    /// repeats table.
    std::optional<modeling::StabilitySpec> spec() const;
    /// The repeats table (CSV) when checked, else empty.
    QString repeatsFile() const;

    /// Restores / remembers "models/stability", "models/repeatsFile",
    /// "models/iccKind" and "models/iccThreshold".
    void restore(const QSettings& settings);
    void remember(QSettings& settings) const;

    QCheckBox* enabledBox() const { return enabled_; }
    QLineEdit* repeatsEdit() const { return repeats_; }
    QComboBox* kindBox() const { return kind_; }
    QDoubleSpinBox* thresholdSpin() const { return threshold_; }

private:
    void updateEnabled();

    QWidget* parent_;
    QCheckBox* enabled_;
    QDoubleSpinBox* threshold_;
    QLineEdit* repeats_;
    QWidget* repeatsRow_;
    QComboBox* kind_;
};

} // namespace rgw::ui
