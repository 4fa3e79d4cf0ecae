#include "HabitatDialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <algorithm>
#include <limits>

namespace rgw::ui {

namespace {

constexpr int kMaxHabitats = 255; // segmentation::computeHabitats' bound

QLabel* plainLabel(const QString& text, QWidget* parent) {
    auto* label = new QLabel(text, parent);
    label->setTextFormat(Qt::PlainText);
    label->setWordWrap(true);
    return label;
}

} // namespace

HabitatDialog::HabitatDialog(const QString& target, const QString& shownSeriesUid,
                             const std::vector<HabitatSeriesChoice>& others, QWidget* parent)
    : QDialog(parent), shown_(shownSeriesUid) {
    setWindowTitle(tr("Habitats"));
    setObjectName(QStringLiteral("habitatDialog"));
    QSettings settings;

    series_ = new QListWidget(this);
    series_->setObjectName(QStringLiteral("habitatSeries"));
    series_->setToolTip(tr("Tick further co-registered image series of the patient (e.g. PET "
                           "beside CT) to cluster on; they are sampled onto the shown series' "
                           "grid. Space ticks the current row."));
    for (const HabitatSeriesChoice& choice : others) {
        auto* item = new QListWidgetItem(choice.label, series_);
        item->setData(Qt::UserRole, choice.seriesInstanceUid);
        item->setToolTip(choice.seriesInstanceUid);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable);
        item->setCheckState(Qt::Unchecked);
    }
    series_->setMaximumHeight(series_->sizeHintForRow(0) > 0
                                  ? series_->sizeHintForRow(0) * 5 + 2 * series_->frameWidth()
                                  : 120);
    series_->setVisible(!others.empty());

    method_ = new QComboBox(this);
    method_->setObjectName(QStringLiteral("habitatMethod"));
    method_->addItem(tr("k-means"), QStringLiteral("kmeans"));
    method_->addItem(tr("Gaussian mixture"), QStringLiteral("gmm"));
    method_->setCurrentIndex(
        std::max(0, method_->findData(settings.value("habitats/method", "kmeans").toString())));

    k_ = new QSpinBox(this);
    k_->setObjectName(QStringLiteral("habitatK"));
    k_->setRange(1, kMaxHabitats);
    k_->setValue(std::clamp(settings.value("habitats/k", 3).toInt(), 1, kMaxHabitats));
    automatic_ = new QCheckBox(tr("&Automatic, in the range"), this);
    automatic_->setObjectName(QStringLiteral("habitatAutomatic"));
    automatic_->setChecked(settings.value("habitats/automatic", false).toBool());
    kMin_ = new QSpinBox(this);
    kMin_->setObjectName(QStringLiteral("habitatKMin"));
    kMin_->setRange(1, kMaxHabitats);
    kMin_->setValue(std::clamp(settings.value("habitats/kMin", 2).toInt(), 1, kMaxHabitats));
    kMax_ = new QSpinBox(this);
    kMax_->setObjectName(QStringLiteral("habitatKMax"));
    kMax_->setRange(1, kMaxHabitats);
    kMax_->setValue(std::clamp(settings.value("habitats/kMax", 6).toInt(), 1, kMaxHabitats));
    kMin_->setAccessibleName(tr("Smallest number of habitats tried"));
    kMax_->setAccessibleName(tr("Largest number of habitats tried"));
    criterion_ = plainLabel(QString(), this);
    criterion_->setObjectName(QStringLiteral("habitatCriterion"));
    auto* kRow = new QHBoxLayout;
    kRow->addWidget(k_);
    kRow->addWidget(automatic_);
    kRow->addWidget(kMin_);
    kRow->addWidget(plainLabel(QStringLiteral("–"), this));
    kRow->addWidget(kMax_);
    kRow->addStretch(1);

    seed_ = new QSpinBox(this);
    seed_->setObjectName(QStringLiteral("habitatSeed"));
    seed_->setRange(0, std::numeric_limits<int>::max());
    seed_->setValue(settings.value("habitats/seed", 1).toInt());
    seed_->setToolTip(tr("The same inputs and seed give the same habitats; the seed is recorded "
                         "with them."));

    ring_ = new QCheckBox(tr("Also store the &peritumoural ring"), this);
    ring_->setObjectName(QStringLiteral("habitatRing"));
    ring_->setChecked(settings.value("habitats/ring", false).toBool());
    ringWidth_ = new QDoubleSpinBox(this);
    ringWidth_->setObjectName(QStringLiteral("habitatRingWidth"));
    ringWidth_->setRange(0.1, 200.0);
    ringWidth_->setDecimals(1);
    ringWidth_->setSuffix(tr(" mm"));
    ringWidth_->setValue(settings.value("habitats/ringWidth", 5.0).toDouble());
    ringInner_ = new QDoubleSpinBox(this);
    ringInner_->setObjectName(QStringLiteral("habitatRingInner"));
    ringInner_->setRange(0.0, 200.0);
    ringInner_->setDecimals(1);
    ringInner_->setSuffix(tr(" mm"));
    ringInner_->setValue(settings.value("habitats/ringInner", 0.0).toDouble());

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Compute habitats"));
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        remember();
        accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* form = new QFormLayout(this);
    form->addRow(tr("Segmentation:"), plainLabel(target, this));
    form->addRow(tr("Series:"), plainLabel(tr("the shown series (always, first)"), this));
    if (!others.empty())
        form->addRow(tr("Also cluster on:"), series_);
    form->addRow(tr("&Method:"), method_);
    auto* kLabel = new QLabel(tr("&Habitats (k):"), this);
    kLabel->setBuddy(k_);
    form->addRow(kLabel, kRow);
    form->addRow(QString(), criterion_);
    form->addRow(tr("&Seed:"), seed_);
    form->addRow(ring_);
    form->addRow(tr("Ring &width:"), ringWidth_);
    form->addRow(tr("Ring starts at:"), ringInner_);
    form->addRow(buttons);

    connect(method_, &QComboBox::currentIndexChanged, this, &HabitatDialog::updateEnabled);
    connect(automatic_, &QCheckBox::toggled, this, &HabitatDialog::updateEnabled);
    connect(ring_, &QCheckBox::toggled, this, &HabitatDialog::updateEnabled);
    connect(kMin_, &QSpinBox::valueChanged, this, [this](int v) {
        if (kMax_->value() < v)
            kMax_->setValue(v);
    });
    connect(kMax_, &QSpinBox::valueChanged, this, [this](int v) {
        if (kMin_->value() > v)
            kMin_->setValue(v);
    });
    updateEnabled();
    method_->setFocus();
}

void HabitatDialog::updateEnabled() {
    const bool gmm = method_->currentData().toString() == QLatin1String("gmm");
    const bool automatic = automatic_->isChecked();
    // The silhouette needs two clusters; a Gaussian mixture may find one.
    kMin_->setMinimum(gmm ? 1 : 2);
    kMax_->setMinimum(gmm ? 1 : 2);
    k_->setEnabled(!automatic);
    kMin_->setEnabled(automatic);
    kMax_->setEnabled(automatic);
    criterion_->setText(automatic ? (gmm ? tr("k is chosen by the highest BIC (as mclust); "
                                              "ties go to the smaller k.")
                                         : tr("k is chosen by the highest mean silhouette "
                                              "width; ties go to the smaller k."))
                                  : tr("k habitats, habitat 1 the lowest-intensity one of the "
                                       "shown series."));
    ringWidth_->setEnabled(ring_->isChecked());
    ringInner_->setEnabled(ring_->isChecked());
}

HabitatRequest HabitatDialog::request() const {
    HabitatRequest r;
    r.seriesUids.push_back(shown_.toStdString());
    for (int i = 0; i < series_->count(); ++i)
        if (series_->item(i)->checkState() == Qt::Checked)
            r.seriesUids.push_back(series_->item(i)->data(Qt::UserRole).toString().toStdString());
    r.options.method =
        segmentation::habitatMethodFromString(method_->currentData().toString().toStdString());
    r.options.k = automatic_->isChecked() ? 0 : k_->value();
    if (automatic_->isChecked()) {
        r.options.kMin = kMin_->value();
        r.options.kMax = kMax_->value();
    }
    r.options.seed = static_cast<std::uint64_t>(seed_->value());
    if (ring_->isChecked()) {
        r.ring.emplace();
        r.ring->widthMm = ringWidth_->value();
        r.ring->innerMm = ringInner_->value();
    }
    return r;
}

void HabitatDialog::remember() const {
    QSettings s;
    s.setValue("habitats/method", method_->currentData().toString());
    s.setValue("habitats/k", k_->value());
    s.setValue("habitats/automatic", automatic_->isChecked());
    s.setValue("habitats/kMin", kMin_->value());
    s.setValue("habitats/kMax", kMax_->value());
    s.setValue("habitats/seed", seed_->value());
    s.setValue("habitats/ring", ring_->isChecked());
    s.setValue("habitats/ringWidth", ringWidth_->value());
    s.setValue("habitats/ringInner", ringInner_->value());
}

} // namespace rgw::ui
