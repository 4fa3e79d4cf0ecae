#pragma once

#include <QString>

class QWidget;

namespace rgw::ui {

/// QFileDialog's static helpers, with the Qt dialog's detail columns (name,
/// size, type, date modified) sized to their content whenever a folder is
/// listed, so dates are never cut to "20..". A native dialog is left as is.
QString chooseOpenFile(QWidget* parent, const QString& caption, const QString& start,
                       const QString& filter);
QString chooseSaveFile(QWidget* parent, const QString& caption, const QString& start,
                       const QString& filter);
QString chooseFolder(QWidget* parent, const QString& caption, const QString& start);

} // namespace rgw::ui
