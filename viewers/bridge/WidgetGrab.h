#pragma once

#include <QImage>

class QWidget;

namespace rgw::viewers {

/// `root` as it is on screen, VTK views included: QWidget::grab() paints the
/// widgets, then every visible VtkOpenGLWidget inside `root` draws a fresh
/// frame over its place (native OpenGL windows are not part of a widget grab).
QImage grabWithCanvases(QWidget& root);

} // namespace rgw::viewers
