#pragma once

#include "bridge/DirectRenderWindow.h"

#include <QImage>
#include <QWidget>
#include <memory>
#include <vtkGenericOpenGLRenderWindow.h>
#include <vtkGenericRenderWindowInteractor.h>
#include <vtkNew.h>

class QOpenGLContext;

namespace rgw::viewers {

class VtkRenderSurface;

/// A widget that hosts a vtkGenericOpenGLRenderWindow (VTK's own Qt modules
/// are built against Qt 5 on Debian 12). VTK draws straight into the back
/// buffer of a native OpenGL window embedded with
/// QWidget::createWindowContainer, which is then swapped: with software
/// OpenGL every full-window copy costs milliseconds, and QOpenGLWidget's
/// composition through the widget backing store cost more than VTK's own
/// frame at large sizes.
/// The native window is transparent for input, so mouse, wheel and key
/// events arrive at this widget (and its event filters) as for any widget.
/// QWidget::grab() does not see native windows: use grabFramebuffer() or
/// grabWithCanvases() (WidgetGrab.h). See shared/design/qt6-vtk-bridge.md.
/// Call setDefaultSurfaceFormat() (OpenGLSupport.h) before QApplication.
class VtkOpenGLWidget : public QWidget {
    Q_OBJECT
public:
    explicit VtkOpenGLWidget(QWidget* parent = nullptr);
    ~VtkOpenGLWidget() override;

    vtkGenericOpenGLRenderWindow* renderWindow() const;
    vtkGenericRenderWindowInteractor* interactor() const;

    /// Schedules one frame; requests made before it is drawn share it.
    void requestRender();

    /// Renders and shows a frame now when the canvas is on screen (else the
    /// frame is drawn when it becomes visible).
    void renderNow();

    /// Renders a frame off screen and returns it (device pixels, opaque);
    /// null when no OpenGL context can be made.
    QImage grabFramebuffer();

    /// Number of frames VTK has rendered (lets tests wait for a real frame).
    int renderedFrames() const { return renderedFrames_; }
    /// A frame was requested and is not drawn yet.
    bool framePending() const { return frameWanted_; }

    /// Makes the canvas' OpenGL context current (e.g. to wait for the GPU).
    bool makeCurrent();
    void doneCurrent();
    QOpenGLContext* context() const { return context_.get(); }

signals:
    void frameRendered();

protected:
    bool event(QEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void keyReleaseEvent(QKeyEvent* event) override;
    void enterEvent(QEnterEvent* event) override;
    void leaveEvent(QEvent* event) override;

private:
    QSize deviceSize() const;
    QPoint devicePosition(const QPointF& logical) const;
    bool prepareContext();
    void renderVtk();
    /// Sets alpha to 1 all over `framebuffer` (for images read back).
    void forceOpaque(unsigned framebuffer);
    void releaseVtkGraphics();

    // VTK observers (signature required by vtkObject::AddObserver).
    void onMakeCurrent(vtkObject*, unsigned long, void*);
    void onIsCurrent(vtkObject*, unsigned long, void* callData);
    void onFrame(vtkObject*, unsigned long, void*);
    void onInteractorRender(vtkObject*, unsigned long, void*);
    void onExit(vtkObject*, unsigned long, void*) {}

    vtkNew<DirectRenderWindow> renderWindow_;
    vtkNew<vtkGenericRenderWindowInteractor> interactor_;
    VtkRenderSurface* surface_ = nullptr; // owned by its window container
    std::unique_ptr<QOpenGLContext> context_;
    bool rendering_ = false;
    bool renderQueued_ = false; // a queued call will draw the wanted frame
    bool frameWanted_ = false;  // requested and not drawn yet
    int renderedFrames_ = 0;
};

} // namespace rgw::viewers
