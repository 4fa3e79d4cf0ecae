#pragma once

// The cohort page's dialogs: a required line of text (cohort name, reason of
// an exclusion or inclusion), the split of a cohort and the export of a
// cohort table. Each only collects and checks what it asks for; the page does
// the work.

#include "CohortExport.h"
#include "CohortSplitting.h"

#include <QDialog>

class QComboBox;
class QDialogButtonBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace rgw::ui {

/// Asks for one line of text that must not be blank (OK stays disabled).
class TextPromptDialog : public QDialog {
    Q_OBJECT
public:
    TextPromptDialog(const QString& title, const QString& prompt, QWidget* parent = nullptr);
    QString text() const;
    QLineEdit* edit() const { return edit_; }

private:
    QLineEdit* edit_;
};

/// Method (stratified / group / imported), test fraction, variable of the
/// catalogue and seed of a split. The seed is remembered in QSettings
/// ("cohort/splitSeed", default 1).
class SplitDialog : public QDialog {
    Q_OBJECT
public:
    SplitDialog(const QStringList& variables, QWidget* parent = nullptr);
    /// The request as chosen; throws rgw::Error when it is incomplete (an
    /// imported split without an assignment file, a group split without a variable).
    storage::SplitRequest request() const;
    void done(int result) override;

    QComboBox* methodBox() const { return method_; }
    QDoubleSpinBox* fractionBox() const { return fraction_; }
    QComboBox* variableBox() const { return variable_; }
    QSpinBox* seedBox() const { return seed_; }
    QLineEdit* assignmentEdit() const { return assignment_; }

private:
    void updateFields();

    QComboBox* method_;
    QDoubleSpinBox* fraction_;
    QComboBox* variable_;
    QSpinBox* seed_;
    QLineEdit* assignment_;
    QLabel* error_;
};

/// Output file, sample (primary / all), optional feature parameter set and
/// ROI rule of a cohort table export.
class ExportDialog : public QDialog {
    Q_OBJECT
public:
    explicit ExportDialog(QWidget* parent = nullptr);
    /// The options (cohort left empty: the page fills it in).
    storage::CohortExportOptions options() const;
    QString file() const;
    void done(int result) override;

    QLineEdit* fileEdit() const { return file_; }
    QComboBox* sampleBox() const { return sample_; }
    QLineEdit* parameterSetEdit() const { return parameterSet_; }
    QComboBox* roiRuleBox() const { return roiRule_; }
    QLineEdit* roiNameEdit() const { return roiName_; }

private:
    QLineEdit* file_;
    QComboBox* sample_;
    QLineEdit* parameterSet_;
    QComboBox* roiRule_;
    QLineEdit* roiName_;
    QLabel* error_;
};

} // namespace rgw::ui
