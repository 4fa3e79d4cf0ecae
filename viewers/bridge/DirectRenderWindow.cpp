#include "bridge/DirectRenderWindow.h"

#include <QOpenGLContext>
#include <vtkObjectFactory.h>
#include <vtkOpenGLState.h>

namespace rgw::viewers {

vtkStandardNewMacro(DirectRenderWindow);

void DirectRenderWindow::Start() {
    Superclass::Start(); // sizes and binds VTK's framebuffer, pushes the bindings
    GetState()->vtkglBindFramebuffer(GL_FRAMEBUFFER, framebuffer_);
    GetState()->vtkglDrawBuffer(drawBuffer_);
    GetState()->vtkglReadBuffer(drawBuffer_);
}

} // namespace rgw::viewers
