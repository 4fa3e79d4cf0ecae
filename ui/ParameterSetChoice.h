#pragma once

#include <QString>

class QComboBox;
class QHBoxLayout;
class QWidget;

namespace rgw::ui {

/// The parameter-set choice of the extraction and map dialogs: the shipped
/// presets (item data: the preset name) and YAML files
/// (item data: the path, tooltip: the native path). Selects `remembered` (a
/// preset or an existing file), else `fallback` when it is a preset.
void fillParameterSetChoice(QComboBox* box, const QString& remembered, const QString& fallback);

/// Adds the YAML parameter file `path` to `box` unless there and selects it
/// (e.g. a set derived by the filter editor).
void selectParameterFile(QComboBox* box, const QString& path);

/// Asks for a YAML parameter file (starting in the folder last used for one,
/// QSettings "features/yamlFolder", shared with the extraction dialog), adds
/// it to `box` unless there and selects it. False when none was chosen.
bool browseParameterFile(QWidget* parent, QComboBox* box);

/// The dialog row of `box` with its "YAML file..." button (browseParameterFile).
QHBoxLayout* parameterSetRow(QWidget* parent, QComboBox* box);

} // namespace rgw::ui
