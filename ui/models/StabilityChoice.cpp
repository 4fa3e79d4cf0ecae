#include "StabilityChoice.h"

#include "FileDialogs.h"
#include "ModelBuilderWidgets.h"
#include "SegmentationVersionRepeats.h"
#include "stats/Icc.h"
#include "util/Error.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QStandardItemModel>

namespace rgw::ui {

namespace {

QString kindName(stats::IccKind kind) {
    return QString::fromLatin1(stats::iccKindName(kind));
}

const QString kFromFile = QStringLiteral("file");
const QString kFromVersions = QStringLiteral("versions");

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
    source_ = builder::choices(
        parent, {{tr("CSV table"), kFromFile}, {tr("Segmentation versions"), kFromVersions}},
        tr("The repeated extraction: a CSV table, or each patient's earlier segmentation "
           "version stored in the database (the version before the analysed one, extracted "
           "with the same parameter set)"));
    source_->setObjectName(QStringLiteral("repeatsSourceBox"));
    repeats_ = new QLineEdit(parent);
    repeats_->setObjectName(QStringLiteral("repeatsFile"));
    repeats_->setPlaceholderText(tr("CSV: patient_id and the same feature columns"));
    repeats_->setToolTip(tr("The repeated extraction (a second reader's segmentation, a re-scan, "
                            "a perturbed mask): one row per patient that has one"));
    browse_ = new QPushButton(tr("Browse..."), parent);
    connect(browse_, &QPushButton::clicked, this, [this] {
        const QString file = chooseOpenFile(parent_, tr("Repeated extraction"), repeats_->text(),
                                            tr("CSV tables (*.csv);;All files (*)"));
        if (!file.isEmpty())
            repeats_->setText(file);
    });
    repeatsRow_ = new QWidget(parent);
    auto* row = new QHBoxLayout(repeatsRow_);
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(repeats_, 1);
    row->addWidget(browse_);
    note_ = new QLabel(parent);
    note_->setObjectName(QStringLiteral("versionsNote"));
    note_->setWordWrap(true);
    kind_ = builder::choices(
        parent,
        {{tr("ICC(2,1) absolute agreement"), kindName(IccKind::TwoWayAgreement)},
         {tr("ICC(3,1) consistency"), kindName(IccKind::TwoWayConsistency)},
         {tr("ICC(1,1) one-way"), kindName(IccKind::OneWay)}},
        tr("Shrout & Fleiss's form: ICC(2,1) counts a systematic shift between extractions as "
           "instability; ICC(3,1) forgives it"));
    kind_->setObjectName(QStringLiteral("iccKindBox"));
    connect(enabled_, &QCheckBox::toggled, this, &StabilityChoice::updateEnabled);
    connect(source_, &QComboBox::currentIndexChanged, this, &StabilityChoice::updateEnabled);
    setTable(nullptr);
}

void StabilityChoice::addRowsTo(QFormLayout* form) const {
    form->addRow(enabled_, threshold_);
    form->addRow(tr("Repeats from:"), source_);
    form->addRow(QString(), note_);
    form->addRow(tr("Repeats table:"), repeatsRow_);
    form->addRow(tr("ICC form:"), kind_);
}

void StabilityChoice::setTable(const AnalysisTable* table) {
    QString info;
    if (!table)
        versionsWhyNot_ = tr("Segmentation versions: load a named cohort with a parameter set.");
    else if (table->cohort.empty())
        versionsWhyNot_ = tr("Segmentation versions: a CSV table has none; load a named cohort "
                             "with a parameter set.");
    else if (table->parameterSet.empty())
        versionsWhyNot_ = tr("Segmentation versions: the cohort was loaded without a parameter "
                             "set; the versions compare the features of one.");
    else if (table->versionPairs == 0)
        versionsWhyNot_ = tr("Segmentation versions: none of the %1 patients with features of %2 "
                             "has an earlier segmentation version extracted with it.")
                              .arg(table->patientsWithFeatures)
                              .arg(builder::fromStd(table->parameterSet));
    else {
        versionsWhyNot_.clear();
        info = tr("Segmentation versions: %1 of %2 patients with features have an earlier "
                  "version extracted with %3.")
                   .arg(table->versionPairs)
                   .arg(table->patientsWithFeatures)
                   .arg(builder::fromStd(table->parameterSet));
    }
    if (auto* model = qobject_cast<QStandardItemModel*>(source_->model())) {
        QStandardItem* item = model->item(source_->findData(kFromVersions));
        item->setEnabled(versionsWhyNot_.isEmpty());
        item->setToolTip(versionsWhyNot_.isEmpty() ? info : versionsWhyNot_);
    }
    note_->setText(versionsWhyNot_.isEmpty() ? info : versionsWhyNot_);
    updateEnabled();
}

bool StabilityChoice::fromVersions() const {
    return source_->currentData().toString() == kFromVersions;
}

std::optional<modeling::StabilitySpec> StabilityChoice::spec() const {
    if (!enabled_->isChecked())
        return std::nullopt;
    modeling::StabilitySpec spec;
    if (fromVersions()) {
        if (!versionsAvailable())
            throw Error(versionsWhyNot_.toStdString());
        spec.repeatsSource = storage::kSegmentationVersionsSource;
    } else if (repeats_->text().trimmed().isEmpty()) {
        throw Error("the stability filter needs the repeated extraction: choose its CSV table");
    }
    spec.kind = stats::parseIccKind(kind_->currentData().toString().toStdString());
    spec.threshold = threshold_->value();
    return spec;
}

StabilityRepeats StabilityChoice::repeats() const {
    StabilityRepeats out;
    if (!enabled_->isChecked())
        return out;
    if (fromVersions())
        out.segmentationVersions = true;
    else
        out.file = repeats_->text().trimmed().toStdU16String();
    return out;
}

QString StabilityChoice::repeatsFile() const {
    return enabled_->isChecked() && !fromVersions() ? repeats_->text().trimmed() : QString();
}

void StabilityChoice::restore(const QSettings& settings) {
    const modeling::StabilitySpec defaults;
    enabled_->setChecked(settings.value("models/stability", false).toBool());
    builder::selectData(source_, settings.value("models/repeatsSource", kFromFile));
    repeats_->setText(settings.value("models/repeatsFile").toString());
    builder::selectData(kind_, settings.value("models/iccKind", kindName(defaults.kind)));
    threshold_->setValue(settings.value("models/iccThreshold", defaults.threshold).toDouble());
}

void StabilityChoice::remember(QSettings& settings) const {
    settings.setValue("models/stability", enabled_->isChecked());
    settings.setValue("models/repeatsSource", source_->currentData());
    settings.setValue("models/repeatsFile", repeats_->text());
    settings.setValue("models/iccKind", kind_->currentData());
    settings.setValue("models/iccThreshold", threshold_->value());
}

void StabilityChoice::updateEnabled() {
    const bool on = enabled_->isChecked();
    for (QWidget* w : std::initializer_list<QWidget*>{threshold_, source_, kind_})
        w->setEnabled(on);
    repeats_->setEnabled(on && !fromVersions());
    browse_->setEnabled(on && !fromVersions());
    note_->setEnabled(on);
}

} // namespace rgw::ui
