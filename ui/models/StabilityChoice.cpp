#include "StabilityChoice.h"

#include "FileDialogs.h"
#include "ModelBuilderWidgets.h"
#include "stats/Icc.h"
#include "util/Error.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>

namespace rgw::ui {

namespace {

QString kindName(stats::IccKind kind) {
    return QString::fromLatin1(stats::iccKindName(kind));
}

} // namespace

StabilityChoice::StabilityChoice(QWidget* parent) : QObject(parent), parent_(parent) {
    using stats::IccKind;
    const modeling::StabilitySpec defaults;
    enabled_ = builder::check(parent, tr("Stabilit&y: keep ICC >="), false,
                              tr("Keep the features whose repeated or perturbed extraction "
                                 "agrees with the first (ICC over each fold's training rows)"));
    enabled_->setObjectName(QStringLiteral("stabilityBox"));
    threshold_ = builder::doubleSpin(parent, 0.0, 1.0, 0.05, defaults.threshold,
                                     tr("The smallest ICC kept; 0.75 is the lower bound of "
                                        "\"good\" reliability (Koo & Li 2016)"));
    repeats_ = new QLineEdit(parent);
    repeats_->setObjectName(QStringLiteral("repeatsFile"));
    repeats_->setPlaceholderText(tr("CSV: patient_id and the same feature columns"));
    repeats_->setToolTip(tr("The repeated extraction (a second reader's segmentation, a re-scan, "
                            "a perturbed mask): one row per patient that has one"));
    auto* browse = new QPushButton(tr("Browse..."), parent);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString file = chooseOpenFile(parent_, tr("Repeated extraction"), repeats_->text(),
                                            tr("CSV tables (*.csv);;All files (*)"));
        if (!file.isEmpty())
            repeats_->setText(file);
    });
    repeatsRow_ = new QWidget(parent);
    auto* row = new QHBoxLayout(repeatsRow_);
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(repeats_, 1);
    row->addWidget(browse);
    kind_ = builder::choices(
        parent,
        {{tr("ICC(2,1) absolute agreement"), kindName(IccKind::TwoWayAgreement)},
         {tr("ICC(3,1) consistency"), kindName(IccKind::TwoWayConsistency)},
         {tr("ICC(1,1) one-way"), kindName(IccKind::OneWay)}},
        tr("Shrout & Fleiss's form: ICC(2,1) counts a systematic shift between extractions as "
           "instability; ICC(3,1) forgives it"));
    kind_->setObjectName(QStringLiteral("iccKindBox"));
    connect(enabled_, &QCheckBox::toggled, this, &StabilityChoice::updateEnabled);
    updateEnabled();
}

void StabilityChoice::addRowsTo(QFormLayout* form) const {
    form->addRow(enabled_, threshold_);
    form->addRow(tr("Repeats:"), repeatsRow_);
    form->addRow(tr("ICC form:"), kind_);
}

std::optional<modeling::StabilitySpec> StabilityChoice::spec() const {
    if (!enabled_->isChecked())
        return std::nullopt;
    if (repeats_->text().trimmed().isEmpty())
        throw Error("the stability filter needs the repeated extraction: choose its CSV table");
    modeling::StabilitySpec spec;
    spec.kind = stats::parseIccKind(kind_->currentData().toString().toStdString());
    spec.threshold = threshold_->value();
    return spec;
}

QString StabilityChoice::repeatsFile() const {
    return enabled_->isChecked() ? repeats_->text().trimmed() : QString();
}

void StabilityChoice::restore(const QSettings& settings) {
    const modeling::StabilitySpec defaults;
    enabled_->setChecked(settings.value("models/stability", false).toBool());
    repeats_->setText(settings.value("models/repeatsFile").toString());
    builder::selectData(kind_, settings.value("models/iccKind", kindName(defaults.kind)));
    threshold_->setValue(settings.value("models/iccThreshold", defaults.threshold).toDouble());
}

void StabilityChoice::remember(QSettings& settings) const {
    settings.setValue("models/stability", enabled_->isChecked());
    settings.setValue("models/repeatsFile", repeats_->text());
    settings.setValue("models/iccKind", kind_->currentData());
    settings.setValue("models/iccThreshold", threshold_->value());
}

void StabilityChoice::updateEnabled() {
    const bool on = enabled_->isChecked();
    for (QWidget* w : std::initializer_list<QWidget*>{threshold_, repeatsRow_, kind_})
        w->setEnabled(on);
}

} // namespace rgw::ui
