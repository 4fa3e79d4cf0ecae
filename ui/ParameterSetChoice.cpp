#include "ParameterSetChoice.h"

#include "radiomics/ParameterSet.h"

#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QPushButton>
#include <QSettings>

namespace rgw::ui {

namespace {

int addFile(QComboBox* box, const QString& path) {
    int i = box->findData(path);
    if (i < 0) {
        box->addItem(QFileInfo(path).fileName(), path);
        i = box->count() - 1;
        box->setItemData(i, QDir::toNativeSeparators(path), Qt::ToolTipRole);
    }
    return i;
}

} // namespace

void selectParameterFile(QComboBox* box, const QString& path) {
    box->setCurrentIndex(addFile(box, path));
}

void fillParameterSetChoice(QComboBox* box, const QString& remembered, const QString& fallback) {
    for (const auto& name : radiomics::presetNames())
        box->addItem(QString::fromStdString(name), QString::fromStdString(name));
    if (const int i = box->findData(remembered); i >= 0)
        box->setCurrentIndex(i);
    else if (!remembered.isEmpty() && QFileInfo::exists(remembered))
        box->setCurrentIndex(addFile(box, remembered));
    else if (const int d = box->findData(fallback); d >= 0)
        box->setCurrentIndex(d);
}

bool browseParameterFile(QWidget* parent, QComboBox* box) {
    QSettings settings;
    const QString path =
        QFileDialog::getOpenFileName(parent, QObject::tr("Radiomics parameter file"),
                                     settings.value("features/yamlFolder").toString(),
                                     QObject::tr("Parameter files (*.yaml *.yml);;All files (*)"));
    if (path.isEmpty())
        return false;
    settings.setValue("features/yamlFolder", QFileInfo(path).absolutePath());
    selectParameterFile(box, path);
    return true;
}

QHBoxLayout* parameterSetRow(QWidget* parent, QComboBox* box) {
    auto* browse = new QPushButton(QObject::tr("YAML file..."), parent);
    QObject::connect(browse, &QPushButton::clicked, parent,
                     [parent, box] { browseParameterFile(parent, box); });
    auto* row = new QHBoxLayout;
    row->addWidget(box, 1);
    row->addWidget(browse);
    return row;
}

} // namespace rgw::ui
