#pragma once

// Small widget helpers shared by the model builder's files
// (ModelBuilderPage.cpp: wiring; ModelBuilderForm.cpp: the form's boxes;
// ModelBuilderChoices.cpp: the request and the remembered choices).
// Internal to ui/models.

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QSpinBox>
#include <QString>
#include <QToolButton>
#include <QVariant>
#include <algorithm>
#include <string>
#include <utility>
#include <vector>

namespace rgw::ui::builder {

inline QString fromStd(const std::string& text) {
    return QString::fromStdString(text);
}

inline QSpinBox* spin(QWidget* parent, int low, int high, int value, const QString& tip) {
    auto* s = new QSpinBox(parent);
    s->setRange(low, high);
    s->setValue(value);
    s->setToolTip(tip);
    return s;
}

inline QDoubleSpinBox* doubleSpin(QWidget* parent, double low, double high, double step,
                                  double value, const QString& tip) {
    auto* s = new QDoubleSpinBox(parent);
    s->setRange(low, high);
    s->setDecimals(3);
    s->setSingleStep(step);
    s->setValue(value);
    s->setToolTip(tip);
    return s;
}

inline QCheckBox* check(QWidget* parent, const QString& text, bool on, const QString& tip) {
    auto* c = new QCheckBox(text, parent);
    c->setChecked(on);
    c->setToolTip(tip);
    return c;
}

/// A combo of (label, name) pairs whose data is the name the CLI uses.
inline QComboBox* choices(QWidget* parent, const std::vector<std::pair<QString, QString>>& items,
                          const QString& tip) {
    auto* c = new QComboBox(parent);
    for (const auto& [label, name] : items)
        c->addItem(label, name);
    c->setToolTip(tip);
    return c;
}

inline void selectData(QComboBox* box, const QVariant& value) {
    const int i = box->findData(value);
    if (i >= 0)
        box->setCurrentIndex(i);
}

inline void selectText(QComboBox* box, const QString& text) {
    const int i = box->findText(text);
    if (i >= 0)
        box->setCurrentIndex(i);
}

inline std::vector<std::string> splitList(const QString& text) {
    std::vector<std::string> out;
    for (const QString& item : text.split(QLatin1Char(','), Qt::SkipEmptyParts))
        if (!item.trimmed().isEmpty())
            out.push_back(item.trimmed().toStdString());
    return out;
}

/// A "..." button whose menu checks the items of `candidates` in or out of
/// the comma-separated list in `edit`.
inline QToolButton* columnPicker(QWidget* parent, QLineEdit* edit, QListWidget* candidates,
                                 const QString& tip) {
    auto* pick = new QToolButton(parent);
    pick->setText(QStringLiteral("..."));
    pick->setToolTip(tip);
    pick->setPopupMode(QToolButton::InstantPopup);
    auto* menu = new QMenu(pick);
    pick->setMenu(menu);
    QObject::connect(menu, &QMenu::aboutToShow, pick, [menu, edit, candidates] {
        menu->clear();
        const std::vector<std::string> chosen = splitList(edit->text());
        for (int i = 0; i < candidates->count(); ++i) {
            const QString name = candidates->item(i)->text();
            QAction* action = menu->addAction(name);
            action->setCheckable(true);
            action->setChecked(std::find(chosen.begin(), chosen.end(), name.toStdString()) !=
                               chosen.end());
            QObject::connect(action, &QAction::toggled, edit, [edit, name](bool on) {
                QStringList names;
                for (const std::string& n : splitList(edit->text()))
                    if (QString::fromStdString(n) != name)
                        names << QString::fromStdString(n);
                if (on)
                    names << name;
                edit->setText(names.join(QStringLiteral(", ")));
            });
        }
    });
    return pick;
}

} // namespace rgw::ui::builder
