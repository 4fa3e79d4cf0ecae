#include "FeatureMapDialog.h"

#include "ParameterSetChoice.h"
#include "radiomics/ParameterSet.h"
#include "radiomics/featuremaps/FeatureMaps.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QTreeWidget>
#include <algorithm>

namespace rgw::ui {

namespace {

constexpr int kColumnRole = Qt::UserRole;

QString familyTitle(const std::string& family) {
    if (family == "intensity_statistics")
        return FeatureMapDialog::tr("Intensity statistics");
    if (family == "intensity_histogram")
        return FeatureMapDialog::tr("Intensity histogram");
    if (family == "glcm")
        return FeatureMapDialog::tr("Grey level co-occurrence (GLCM)");
    if (family == "glrlm")
        return FeatureMapDialog::tr("Grey level run length (GLRLM)");
    if (family == "glszm")
        return FeatureMapDialog::tr("Grey level size zone (GLSZM)");
    if (family == "gldzm")
        return FeatureMapDialog::tr("Grey level distance zone (GLDZM)");
    if (family == "ngtdm")
        return FeatureMapDialog::tr("Neighbourhood grey tone difference (NGTDM)");
    if (family == "ngldm")
        return FeatureMapDialog::tr("Neighbouring grey level dependence (NGLDM)");
    return QString::fromStdString(family);
}

} // namespace

FeatureMapDialog::FeatureMapDialog(const QString& target, QWidget* parent) : QDialog(parent) {
    setWindowTitle(tr("Feature map"));
    setObjectName(QStringLiteral("featureMapDialog"));
    QSettings settings;

    parameters_ = new QComboBox(this);
    parameters_->setObjectName(QStringLiteral("mapParameterSet"));
    parameters_->setToolTip(tr("Discretisation and re-segmentation of the maps. Maps stay on the "
                               "image grid: the set must not interpolate (e.g. ibsi-config-A)."));
    fillParameterSetChoice(parameters_, settings.value("featureMaps/parameters").toString(),
                           QStringLiteral("ibsi-config-A"));
    QHBoxLayout* parameterRow = parameterSetRow(this, parameters_);

    features_ = new QTreeWidget(this);
    features_->setObjectName(QStringLiteral("mapFeatures"));
    features_->setHeaderHidden(true);
    features_->setToolTip(tr("Tick the features to map; a family's box ticks all of them. "
                             "Space ticks the current row."));
    QTreeWidgetItem* family = nullptr;
    for (const auto& f : radiomics::featuremaps::mapFeatures()) {
        const QString key = QString::fromStdString(f.family);
        if (!family || family->data(0, kColumnRole).toString() != key) {
            family = new QTreeWidgetItem(features_, {familyTitle(f.family)});
            family->setData(0, kColumnRole, key);
            family->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable | Qt::ItemIsAutoTristate);
        }
        QString label = QString::fromStdString(f.name);
        if (!f.aggregation.empty())
            label += QStringLiteral(" (%1)").arg(QString::fromStdString(f.aggregation));
        auto* item = new QTreeWidgetItem(family, {label});
        item->setData(0, kColumnRole, QString::fromStdString(f.columnName));
        item->setToolTip(0, QStringLiteral("%1\n%2 · IBSI %3")
                                .arg(label, QString::fromStdString(f.columnName),
                                     QString::fromStdString(f.code)));
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable);
        item->setCheckState(0, Qt::Unchecked);
    }
    features_->setMinimumHeight(features_->sizeHintForRow(0) * 8);
    features_->setMinimumWidth(features_->fontMetrics().horizontalAdvance(QLatin1Char('x')) * 52);

    radius_ = new QSpinBox(this);
    radius_->setObjectName(QStringLiteral("mapRadius"));
    radius_->setRange(1, 20);
    radius_->setSuffix(tr(" voxels"));
    radius_->setValue(std::clamp(settings.value("featureMaps/radius", 2).toInt(), 1, 20));
    radius_->setToolTip(tr("Each value is computed over a cube of (2r + 1)³ voxels around the "
                           "voxel."));
    mask_ = new QCheckBox(tr("Within the &segment (else around every voxel of the image)"), this);
    mask_->setObjectName(QStringLiteral("mapUseMask"));
    mask_->setChecked(settings.value("featureMaps/mask", true).toBool());
    mask_->setToolTip(tr("Kernels are centred on the segment's voxels and read only them. "
                         "Without the segment a whole image takes much longer."));

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    compute_ = buttons->button(QDialogButtonBox::Ok);
    compute_->setText(tr("Compute maps"));
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        remember();
        accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    note_ = new QLabel(this);
    note_->setObjectName(QStringLiteral("mapNote"));
    note_->setTextFormat(Qt::PlainText);
    note_->setWordWrap(true);
    note_->setVisible(false);
    connect(features_, &QTreeWidget::itemChanged, this, &FeatureMapDialog::updateCompute);
    connect(parameters_, &QComboBox::currentIndexChanged, this, &FeatureMapDialog::updateState);

    auto* form = new QFormLayout(this);
    auto* what = new QLabel(target, this);
    what->setObjectName(QStringLiteral("mapTarget"));
    what->setTextFormat(Qt::PlainText);
    what->setWordWrap(true);
    form->addRow(tr("Map:"), what);
    form->addRow(tr("Parameter set:"), parameterRow);
    form->addRow(note_);
    auto* featuresLabel = new QLabel(tr("&Features:"), this);
    featuresLabel->setBuddy(features_);
    form->addRow(featuresLabel, features_);
    auto* radiusLabel = new QLabel(tr("Kernel &radius:"), this);
    radiusLabel->setBuddy(radius_);
    form->addRow(radiusLabel, radius_);
    form->addRow(mask_);
    form->addRow(buttons);

    updateState();
    const QStringList remembered = settings.value("featureMaps/features").toStringList();
    setCheckedFeatures(remembered.isEmpty()
                           ? QStringList{QStringLiteral("intensity_statistics.mean_intensity")}
                           : remembered);
    features_->setFocus();
}

void FeatureMapDialog::setCheckedFeatures(const QStringList& columns) {
    for (int f = 0; f < features_->topLevelItemCount(); ++f) {
        QTreeWidgetItem* family = features_->topLevelItem(f);
        bool any = false;
        for (int i = 0; i < family->childCount(); ++i) {
            QTreeWidgetItem* item = family->child(i);
            const bool on = columns.contains(item->data(0, kColumnRole).toString());
            item->setCheckState(0, on ? Qt::Checked : Qt::Unchecked);
            any = any || on;
        }
        family->setExpanded(any);
    }
    updateCompute();
}

void FeatureMapDialog::updateState() {
    const QString spec = parameters_->currentData().toString();
    QString note;
    try {
        const auto set = radiomics::loadParameterSet(spec.toStdString());
        if (set.pyradiomics)
            note = tr("%1 is a PyRadiomics-compatible set; feature maps use a parameter file's "
                      "IBSI settings.")
                       .arg(parameters_->currentText());
        else if (set.settings.interpolation.enabled)
            note = tr("%1 interpolates; maps stay on the image grid. Choose a set without "
                      "interpolation, e.g. ibsi-config-A.")
                       .arg(parameters_->currentText());
    } catch (const std::exception& e) {
        note = QString::fromUtf8(e.what());
    }
    note_->setText(note);
    note_->setVisible(!note.isEmpty());
    updateCompute();
}

void FeatureMapDialog::updateCompute() {
    compute_->setEnabled(note_->text().isEmpty() && !checkedFeatures().isEmpty());
}

QStringList FeatureMapDialog::checkedFeatures() const {
    QStringList columns;
    for (int f = 0; f < features_->topLevelItemCount(); ++f) {
        const QTreeWidgetItem* family = features_->topLevelItem(f);
        for (int i = 0; i < family->childCount(); ++i)
            if (family->child(i)->checkState(0) == Qt::Checked)
                columns << family->child(i)->data(0, kColumnRole).toString();
    }
    return columns;
}

FeatureMapRequest FeatureMapDialog::request() const {
    return {parameters_->currentData().toString(), checkedFeatures(), radius_->value(),
            mask_->isChecked()};
}

void FeatureMapDialog::remember() const {
    QSettings s;
    s.setValue("featureMaps/parameters", parameters_->currentData().toString());
    s.setValue("featureMaps/features", checkedFeatures());
    s.setValue("featureMaps/radius", radius_->value());
    s.setValue("featureMaps/mask", mask_->isChecked());
}

} // namespace rgw::ui
