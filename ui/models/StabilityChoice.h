#pragma once

// The stability filter of the model builder (`rgw-cli model train
// --stability REPEATS.csv|versions --icc KIND --icc-threshold T`): keep the
// features whose repeated extraction agrees with the first — ICC over each
// fold's training rows only. The repeats are a CSV table with patient_id and
// the same feature columns (a second reader's contour, a re-scan), or the
// stored segmentation versions of the loaded cohort (issue #16 §4), offered
// only when the cohort has earlier versions extracted with its parameter set.

#include "ModelTrainingWork.h"
#include "modeling/StabilityFilter.h"

#include <QObject>
#include <QString>
#include <optional>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;
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

    /// Offers "Segmentation versions" for `table` (the loaded table; null:
    /// none) when it is a cohort read with a parameter set and some of its
    /// patients have an earlier version; otherwise the note says why not.
    void setTable(const AnalysisTable* table);
    bool versionsAvailable() const { return versionsWhyNot_.isEmpty(); }

    /// The filter when checked (repeatsSource "segmentation versions" for
    /// that source). Throws rgw::Error when checked without a repeats table,
    /// or with segmentation versions the table does not have.
    std::optional<modeling::StabilitySpec> spec() const;
    /// Where the repeats come from when checked, else nothing.
    StabilityRepeats repeats() const;
    /// The repeats table (CSV) when checked with that source, else empty.
    QString repeatsFile() const;

    /// Restores / remembers "models/stability", "models/repeatsSource",
    /// "models/repeatsFile", "models/iccKind" and "models/iccThreshold".
    void restore(const QSettings& settings);
    void remember(QSettings& settings) const;

    QCheckBox* enabledBox() const { return enabled_; }
    /// "file" (a CSV table) or "versions" (segmentation versions).
    QComboBox* sourceBox() const { return source_; }
    QLineEdit* repeatsEdit() const { return repeats_; }
    QLabel* versionsNote() const { return note_; }
    QComboBox* kindBox() const { return kind_; }
    QDoubleSpinBox* thresholdSpin() const { return threshold_; }

private:
    bool fromVersions() const;
    void updateEnabled();

    QWidget* parent_;
    QCheckBox* enabled_;
    QDoubleSpinBox* threshold_;
    QComboBox* source_;
    QLineEdit* repeats_;
    QPushButton* browse_;
    QWidget* repeatsRow_;
    QLabel* note_;
    QComboBox* kind_;
    QString versionsWhyNot_;
};

} // namespace rgw::ui
