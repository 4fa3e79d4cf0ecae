#pragma once

#include <QOpenGLWidget>
#include <vtkGenericOpenGLRenderWindow.h>
#include <vtkGenericRenderWindowInteractor.h>
#include <vtkNew.h>

namespace rgw::viewers {

/// A QOpenGLWidget that hosts a vtkGenericOpenGLRenderWindow (VTK's own Qt
/// modules are built against Qt 5 on Debian 12). VTK renders into its own
/// framebuffer inside paintGL; the result is blitted into the widget's
/// framebuffer with alpha forced to 1 so grab() sees the image. See
/// shared/design/qt6-vtk-bridge.md for why each step is needed.
/// Call setDefaultSurfaceFormat() (OpenGLSupport.h) before QApplication.
class VtkOpenGLWidget : public QOpenGLWidget {
    Q_OBJECT
public:
    explicit VtkOpenGLWidget(QWidget* parent = nullptr);
    ~VtkOpenGLWidget() override;

    vtkGenericOpenGLRenderWindow* renderWindow() const;
    vtkGenericRenderWindowInteractor* interactor() const;

    /// Schedules a repaint; VTK renders only inside paintGL.
    void requestRender() { update(); }

    /// Number of frames VTK has rendered (lets tests wait for a real frame).
    int renderedFrames() const { return renderedFrames_; }

signals:
    void frameRendered();

protected:
    void initializeGL() override;
    void resizeGL(int w, int h) override;
    void paintGL() override;

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
    void releaseVtkGraphics();

    // VTK observers (signature required by vtkObject::AddObserver).
    void onMakeCurrent(vtkObject*, unsigned long, void*);
    void onIsCurrent(vtkObject*, unsigned long, void* callData);
    void onFrame(vtkObject*, unsigned long, void*);
    void onInteractorRender(vtkObject*, unsigned long, void*);
    void onExit(vtkObject*, unsigned long, void*) {}

    vtkNew<vtkGenericOpenGLRenderWindow> renderWindow_;
    vtkNew<vtkGenericRenderWindowInteractor> interactor_;
    QMetaObject::Connection contextCleanup_;
    bool painting_ = false;
    int renderedFrames_ = 0;
};

} // namespace rgw::viewers
