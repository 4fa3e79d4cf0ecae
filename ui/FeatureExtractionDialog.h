#pragma once

#include <QDialog>

class QCheckBox;
class QComboBox;
class QLabel;
class QPushButton;
class QSpinBox;

namespace rgw::ui {

class ImageFilterEditor;

/// Asks for the radiomics parameter set (a shipped preset or a YAML file), the
/// number of worker threads of a feature extraction and, when the set is not
/// declared for the image's modality, whether to force it (recorded in the
/// provenance). For a cohort it also asks which modality to extract.
/// "Filters..." (Alt+F) opens the filter editor on the chosen set; the new set
/// it derives is added to the choice and selected.
class FeatureExtractionDialog : public QDialog {
    Q_OBJECT
public:
    /// `target` says what will be extracted, e.g. "STS_001 · GTV_Mass_CT · CT".
    FeatureExtractionDialog(const QString& target, QWidget* parent = nullptr);

    /// The DICOM Modality of the image: the dialog says when the chosen
    /// parameter set is not declared for it.
    void setImageModality(const QString& modality);
    /// Cohort mode: the modalities of the database's image series, offered in
    /// a "Modality" choice (empty choice: every modality the set is declared for).
    void setCohortModalities(const QStringList& modalities);

    /// A preset name or a YAML file path, for radiomics::loadParameterSet.
    QString parameterSpec() const;
    unsigned threads() const;
    bool allowModalityMismatch() const;
    /// The modality a cohort extraction is restricted to; empty = every one
    /// the parameter set is declared for.
    QString cohortModality() const;

    /// Opens the filter editor (window-modal, not blocking) on the chosen set;
    /// null, with the reason in modalityNote(), when the set cannot be read.
    ImageFilterEditor* openFilterEditor();

    QComboBox* parameterBox() const { return parameters_; }
    QPushButton* filtersButton() const { return filters_; }
    QSpinBox* threadBox() const { return threads_; }
    QCheckBox* mismatchBox() const { return allowMismatch_; }
    QComboBox* modalityBox() const { return modality_; }
    QLabel* modalityNote() const { return modalityNote_; }
    QPushButton* extractButton() const { return extract_; }

private:
    void updateModalityNote();

    QComboBox* parameters_;
    QPushButton* filters_;
    QPushButton* extract_;
    QSpinBox* threads_;
    QCheckBox* allowMismatch_;
    QComboBox* modality_;
    QLabel* modalityNote_;
    QString imageModality_;
};

} // namespace rgw::ui
