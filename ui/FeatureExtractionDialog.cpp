#include "FeatureExtractionDialog.h"

#include "ImageFilterEditor.h"
#include "ParameterSetChoice.h"
#include "radiomics/ModalityGuard.h"
#include "radiomics/ParameterSet.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QThread>
#include <algorithm>

namespace rgw::ui {

FeatureExtractionDialog::FeatureExtractionDialog(const QString& target, QWidget* parent)
    : QDialog(parent) {
    setWindowTitle(tr("Extract features"));
    parameters_ = new QComboBox(this);
    parameters_->setObjectName(QStringLiteral("parameterSet"));
    QSettings settings;
    fillParameterSetChoice(parameters_, settings.value("features/parameters").toString(),
                           QStringLiteral("ct-default"));

    QHBoxLayout* parameterRow = parameterSetRow(this, parameters_);
    filters_ = makeFiltersButton(this);
    filters_->setObjectName(QStringLiteral("editFilters"));
    connect(filters_, &QPushButton::clicked, this, [this] { openFilterEditor(); });
    parameterRow->addWidget(filters_);

    threads_ = new QSpinBox(this);
    threads_->setObjectName(QStringLiteral("threads"));
    const int cores = std::max(1, QThread::idealThreadCount());
    threads_->setRange(1, cores);
    threads_->setValue(std::clamp(settings.value("features/threads", cores).toInt(), 1, cores));

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    extract_ = buttons->button(QDialogButtonBox::Ok);
    extract_->setText(tr("Extract"));
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        QSettings s;
        s.setValue("features/parameters", parameterSpec());
        s.setValue("features/threads", threads_->value());
        accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    modality_ = new QComboBox(this);
    modality_->setObjectName(QStringLiteral("cohortModality"));
    modality_->addItem(tr("Every modality the parameter set is declared for"), QString());
    modality_->setVisible(false);
    allowMismatch_ =
        new QCheckBox(tr("Allow modality mismatch (recorded in the provenance)"), this);
    allowMismatch_->setObjectName(QStringLiteral("allowModalityMismatch"));
    allowMismatch_->setToolTip(tr("Use the parameter set although it is not declared for the "
                                  "image's modality, e.g. HU settings on PET."));
    modalityNote_ = new QLabel(this);
    modalityNote_->setObjectName(QStringLiteral("modalityNote"));
    modalityNote_->setTextFormat(Qt::PlainText);
    modalityNote_->setWordWrap(true);
    modalityNote_->setVisible(false);

    auto* form = new QFormLayout(this);
    auto* what = new QLabel(target, this);
    what->setObjectName(QStringLiteral("extractionTarget"));
    what->setTextFormat(Qt::PlainText);
    what->setWordWrap(true);
    form->addRow(tr("Extract:"), what);
    form->addRow(tr("Parameter set:"), parameterRow);
    form->addRow(tr("Modality:"), modality_);
    form->labelForField(modality_)->setVisible(false);
    form->addRow(modalityNote_);
    form->addRow(allowMismatch_);
    form->addRow(tr("Threads:"), threads_);
    form->addRow(buttons);
    connect(parameters_, &QComboBox::currentIndexChanged, this,
            &FeatureExtractionDialog::updateModalityNote);
    connect(modality_, &QComboBox::currentIndexChanged, this,
            &FeatureExtractionDialog::updateModalityNote);
}

void FeatureExtractionDialog::setImageModality(const QString& modality) {
    imageModality_ = modality;
    updateModalityNote();
}

void FeatureExtractionDialog::setCohortModalities(const QStringList& modalities) {
    for (const QString& m : modalities)
        if (!m.isEmpty())
            modality_->addItem(m, m);
    modality_->setVisible(true);
    if (auto* form = qobject_cast<QFormLayout*>(layout()))
        form->labelForField(modality_)->setVisible(true);
    updateModalityNote();
}

bool FeatureExtractionDialog::allowModalityMismatch() const {
    return allowMismatch_->isChecked();
}

QString FeatureExtractionDialog::cohortModality() const {
    return modality_->isHidden() ? QString() : modality_->currentData().toString();
}

ImageFilterEditor* FeatureExtractionDialog::openFilterEditor() {
    QString error;
    ImageFilterEditor* editor = ui::openFilterEditor(parameters_, this, error);
    if (!editor) {
        modalityNote_->setText(error);
        modalityNote_->setVisible(true);
    }
    return editor;
}

/// Says, before anything runs, when the chosen set is not declared for the
/// image's (or the chosen cohort) modality; the extraction itself enforces it.
void FeatureExtractionDialog::updateModalityNote() {
    const bool cohort = !modality_->isHidden();
    const QString modality = cohort ? modality_->currentData().toString() : imageModality_;
    QString note;
    bool runnable = true;
    try {
        const auto set = radiomics::loadParameterSet(parameterSpec().toStdString());
        const QString declared = QString::fromStdString(radiomics::modalitiesText(set));
        if (set.pyradiomics) {
            runnable = false;
            note = tr("%1 is PyRadiomics-compatible: it reads NRRD or NIfTI files in their "
                      "stored pixel type (rgw-cli extract), not the database's images. Choose "
                      "an IBSI parameter set.")
                       .arg(parameterSpec());
        } else if (cohort && modality.isEmpty())
            note = tr("%1 is declared for %2: pairs of other modalities are skipped and listed.")
                       .arg(parameterSpec(), declared);
        else if ((cohort || !imageModality_.isNull()) &&
                 !radiomics::modalityFits(set, modality.toStdString()))
            note = tr("%1 is declared for %2, not for %3.")
                       .arg(parameterSpec(), declared,
                            modality.isEmpty() ? tr("an image of unknown modality") : modality);
    } catch (const std::exception& e) {
        note = QString::fromUtf8(e.what());
    }
    modalityNote_->setText(note);
    modalityNote_->setVisible(!note.isEmpty());
    extract_->setEnabled(runnable);
}

QString FeatureExtractionDialog::parameterSpec() const {
    return parameters_->currentData().toString();
}

unsigned FeatureExtractionDialog::threads() const {
    return static_cast<unsigned>(threads_->value());
}

} // namespace rgw::ui
