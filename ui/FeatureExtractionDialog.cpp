#include "FeatureExtractionDialog.h"

#include "radiomics/ParameterSet.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
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
    for (const auto& name : radiomics::presetNames())
        parameters_->addItem(QString::fromStdString(name), QString::fromStdString(name));
    QSettings settings;
    const QString last = settings.value("features/parameters").toString();
    if (const int i = parameters_->findData(last); i >= 0)
        parameters_->setCurrentIndex(i);
    else if (QFileInfo::exists(last)) {
        parameters_->addItem(QFileInfo(last).fileName(), last);
        parameters_->setItemData(parameters_->count() - 1, last, Qt::ToolTipRole);
        parameters_->setCurrentIndex(parameters_->count() - 1);
    } else if (const int d = parameters_->findData(QStringLiteral("ct-default")); d >= 0)
        parameters_->setCurrentIndex(d);

    auto* browse = new QPushButton(tr("YAML file..."), this);
    connect(browse, &QPushButton::clicked, this, &FeatureExtractionDialog::browse);
    auto* parameterRow = new QHBoxLayout;
    parameterRow->addWidget(parameters_, 1);
    parameterRow->addWidget(browse);

    threads_ = new QSpinBox(this);
    threads_->setObjectName(QStringLiteral("threads"));
    const int cores = std::max(1, QThread::idealThreadCount());
    threads_->setRange(1, cores);
    threads_->setValue(std::clamp(settings.value("features/threads", cores).toInt(), 1, cores));

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Extract"));
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        QSettings s;
        s.setValue("features/parameters", parameterSpec());
        s.setValue("features/threads", threads_->value());
        accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* form = new QFormLayout(this);
    auto* what = new QLabel(target, this);
    what->setWordWrap(true);
    form->addRow(tr("Extract:"), what);
    form->addRow(tr("Parameter set:"), parameterRow);
    form->addRow(tr("Threads:"), threads_);
    form->addRow(buttons);
}

QString FeatureExtractionDialog::parameterSpec() const {
    return parameters_->currentData().toString();
}

unsigned FeatureExtractionDialog::threads() const {
    return static_cast<unsigned>(threads_->value());
}

void FeatureExtractionDialog::browse() {
    QSettings settings;
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Radiomics parameter file"), settings.value("features/yamlFolder").toString(),
        tr("Parameter files (*.yaml *.yml);;All files (*)"));
    if (path.isEmpty())
        return;
    settings.setValue("features/yamlFolder", QFileInfo(path).absolutePath());
    int i = parameters_->findData(path);
    if (i < 0) {
        parameters_->addItem(QFileInfo(path).fileName(), path);
        i = parameters_->count() - 1;
        parameters_->setItemData(i, QDir::toNativeSeparators(path), Qt::ToolTipRole);
    }
    parameters_->setCurrentIndex(i);
}

} // namespace rgw::ui
