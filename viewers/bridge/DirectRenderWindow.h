#pragma once

#include <vtkGenericOpenGLRenderWindow.h>

namespace rgw::viewers {

/// A vtkGenericOpenGLRenderWindow that draws straight into a framebuffer of
/// the host (the native window's back buffer, or an image being grabbed)
/// instead of its own offscreen framebuffer. With software OpenGL every
/// full-window copy costs milliseconds; this saves the copy out of VTK's own
/// framebuffer. What the views draw (opaque images and surfaces, ray-cast
/// volumes, 2D overlays) needs nothing but the target's colour and depth
/// buffers; features that need VTK's own framebuffer (multisampling, depth
/// peeling) are not used. tests/ui/test_native_input compares the screen
/// with a grab.
class DirectRenderWindow : public vtkGenericOpenGLRenderWindow {
public:
    static DirectRenderWindow* New();
    vtkTypeMacro(DirectRenderWindow, vtkGenericOpenGLRenderWindow)

        /// Where the next frames are drawn: a framebuffer object name (0 for
        /// the window's own) and its colour buffer (GL_BACK_LEFT, or
        /// GL_COLOR_ATTACHMENT0 of an object).
        void setTarget(unsigned framebuffer, unsigned drawBuffer) {
        framebuffer_ = framebuffer;
        drawBuffer_ = drawBuffer;
    }

    void Start() override;

protected:
    DirectRenderWindow() = default;
    ~DirectRenderWindow() override = default;

private:
    unsigned framebuffer_ = 0;
    unsigned drawBuffer_ = 0x0402; // GL_BACK_LEFT of the window, until setTarget()
};

} // namespace rgw::viewers
