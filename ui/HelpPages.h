#pragma once

#include <QDialog>
#include <QString>
#include <vector>

class QWidget;

namespace rgw::ui {

/// One row of the keyboard-shortcut list.
struct ShortcutEntry {
    QString keys;   ///< native text, e.g. "Ctrl+I"
    QString action; ///< the action's text without mnemonics
};

/// Every action of `window` (menus, segment editor) that has a shortcut,
/// sorted by action text, followed by the slice views' own keys and mouse use.
std::vector<ShortcutEntry> collectShortcuts(const QWidget* window);

/// The short user guide (HTML): first steps, the views, segmentation,
/// features; the same text as the README's user guide.
QString userGuideHtml();

/// Help > Keyboard shortcuts: a table built from collectShortcuts().
class ShortcutListDialog : public QDialog {
    Q_OBJECT
public:
    explicit ShortcutListDialog(const QWidget* window, QWidget* parent = nullptr);
};

/// Help > User guide.
class UserGuideDialog : public QDialog {
    Q_OBJECT
public:
    explicit UserGuideDialog(QWidget* parent = nullptr);
};

} // namespace rgw::ui
