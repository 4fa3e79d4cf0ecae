#pragma once

#include <QString>
#include <QSurfaceFormat>

namespace rgw::viewers {

/// The surface format VTK's OpenGL2 backend needs: OpenGL 3.2 core, RGBA8,
/// depth 24, no stencil, double buffer and no multisampling (multisampled
/// default framebuffers break the blit from VTK's framebuffer).
QSurfaceFormat vtkSurfaceFormat();

/// Makes vtkSurfaceFormat() the default. Must run before QApplication exists.
void setDefaultSurfaceFormat();

/// Tries to create and make current an OpenGL context of vtkSurfaceFormat()
/// on an offscreen surface. Returns an empty string when that works, else a
/// sentence for the user saying why the 2D/3D views cannot be shown.
/// Needs a QGuiApplication.
QString openGLProblem();

} // namespace rgw::viewers
