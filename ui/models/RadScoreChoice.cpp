#include "RadScoreChoice.h"

#include "ModelBuilderWidgets.h"

#include <QCheckBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QSettings>

namespace rgw::ui {

RadScoreChoice::RadScoreChoice(QWidget* parent, QListWidget* candidates) : QObject(parent) {
    enabled_ = builder::check(parent, tr("Rad-score + clinical model"), false,
                              tr("The checked features that are not clinical variables form a "
                                 "rad-score (the penalised model above, cross-fitted in each "
                                 "fold); it and the clinical variables enter an unpenalised "
                                 "logistic or Cox model with a nomogram"));
    enabled_->setObjectName(QStringLiteral("radScoreBox"));
    clinical_ = new QLineEdit(parent);
    clinical_->setObjectName(QStringLiteral("radScoreClinical"));
    clinical_->setPlaceholderText(tr("clinical variables, e.g. AGE, SEX"));
    clinical_->setToolTip(tr("Comma-separated candidate features that stay clinical variables; "
                             "every other checked feature is part of the rad-score"));
    auto* pick =
        builder::columnPicker(parent, clinical_, candidates,
                              tr("Choose the clinical variables among the candidate features"));
    row_ = new QWidget(parent);
    auto* layout = new QHBoxLayout(row_);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(clinical_, 1);
    layout->addWidget(pick);
    row_->setEnabled(false);
    connect(enabled_, &QCheckBox::toggled, this, [this](bool on) {
        row_->setEnabled(on);
        emit changed();
    });
}

void RadScoreChoice::addRowsTo(QFormLayout* form) const {
    form->addRow(enabled_);
    form->addRow(tr("Clinical:"), row_);
}

bool RadScoreChoice::isChecked() const {
    return enabled_->isChecked();
}

std::vector<std::string> RadScoreChoice::clinical() const {
    return builder::splitList(clinical_->text());
}

void RadScoreChoice::restore(const QSettings& settings) {
    enabled_->setChecked(settings.value("models/radScore", false).toBool());
    clinical_->setText(settings.value("models/radScoreClinical").toString());
}

void RadScoreChoice::remember(QSettings& settings) const {
    settings.setValue("models/radScore", enabled_->isChecked());
    settings.setValue("models/radScoreClinical", clinical_->text());
}

} // namespace rgw::ui
