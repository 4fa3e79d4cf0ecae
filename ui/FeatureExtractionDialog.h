#pragma once

#include <QDialog>

class QComboBox;
class QLabel;
class QSpinBox;

namespace rgw::ui {

/// Asks for the radiomics parameter set (a shipped preset or a YAML file) and
/// the number of worker threads of a feature extraction.
class FeatureExtractionDialog : public QDialog {
    Q_OBJECT
public:
    /// `target` says what will be extracted, e.g. "segmentation 3 'GTV-1'".
    FeatureExtractionDialog(const QString& target, QWidget* parent = nullptr);

    /// A preset name or a YAML file path, for radiomics::loadParameterSet.
    QString parameterSpec() const;
    unsigned threads() const;

    QComboBox* parameterBox() const { return parameters_; }
    QSpinBox* threadBox() const { return threads_; }

private:
    void browse();

    QComboBox* parameters_;
    QSpinBox* threads_;
};

} // namespace rgw::ui
