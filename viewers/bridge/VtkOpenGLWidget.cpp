#include "bridge/VtkOpenGLWidget.h"

#include <QEnterEvent>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QOpenGLContext>
#include <QOpenGLExtraFunctions>
#include <QWheelEvent>
#include <cmath>
#include <vtkCommand.h>
#include <vtkOpenGLState.h>

namespace rgw::viewers {

namespace {

// X11 keysym names VTK's interaction styles and widgets compare against.
const char* keySym(int key) {
    switch (key) {
    case Qt::Key_Left:
        return "Left";
    case Qt::Key_Right:
        return "Right";
    case Qt::Key_Up:
        return "Up";
    case Qt::Key_Down:
        return "Down";
    case Qt::Key_PageUp:
        return "Prior";
    case Qt::Key_PageDown:
        return "Next";
    case Qt::Key_Home:
        return "Home";
    case Qt::Key_End:
        return "End";
    case Qt::Key_Escape:
        return "Escape";
    case Qt::Key_Return:
        return "Return";
    case Qt::Key_Enter:
        return "KP_Enter";
    case Qt::Key_Tab:
        return "Tab";
    case Qt::Key_Backspace:
        return "BackSpace";
    case Qt::Key_Delete:
        return "Delete";
    case Qt::Key_Space:
        return "space";
    case Qt::Key_Shift:
        return "Shift_L";
    case Qt::Key_Control:
        return "Control_L";
    case Qt::Key_Alt:
        return "Alt_L";
    case Qt::Key_Plus:
        return "plus";
    case Qt::Key_Minus:
        return "minus";
    default:
        return nullptr;
    }
}

} // namespace

VtkOpenGLWidget::VtkOpenGLWidget(QWidget* parent) : QOpenGLWidget(parent) {
    setFocusPolicy(Qt::StrongFocus);
    setMouseTracking(true);
    setMinimumSize(64, 64);

    renderWindow_->SetReadyForRendering(false);
    renderWindow_->SetOwnContext(false);
    renderWindow_->SetFrameBlitModeToNoBlit();
    renderWindow_->SetSupportsOpenGL(1);
    renderWindow_->SetMultiSamples(0);
    renderWindow_->AddObserver(vtkCommand::WindowMakeCurrentEvent, this,
                               &VtkOpenGLWidget::onMakeCurrent);
    renderWindow_->AddObserver(vtkCommand::WindowIsCurrentEvent, this,
                               &VtkOpenGLWidget::onIsCurrent);
    renderWindow_->AddObserver(vtkCommand::WindowFrameEvent, this, &VtkOpenGLWidget::onFrame);

    interactor_->SetRenderWindow(renderWindow_);
    interactor_->EnableRenderOff(); // all rendering happens in paintGL
    interactor_->AddObserver(vtkCommand::RenderEvent, this, &VtkOpenGLWidget::onInteractorRender);
    // Without an observer the 'q'/'e' keys would terminate the application.
    interactor_->AddObserver(vtkCommand::ExitEvent, this, &VtkOpenGLWidget::onExit);
    interactor_->Initialize();
}

VtkOpenGLWidget::~VtkOpenGLWidget() {
    // The context outlives this body (QOpenGLWidget destroys it later), so its
    // aboutToBeDestroyed must not call back into this half-destroyed object.
    disconnect(contextCleanup_);
    if (context())
        releaseVtkGraphics();
    renderWindow_->RemoveAllObservers();
    interactor_->RemoveAllObservers();
}

vtkGenericOpenGLRenderWindow* VtkOpenGLWidget::renderWindow() const {
    return renderWindow_;
}
vtkGenericRenderWindowInteractor* VtkOpenGLWidget::interactor() const {
    return interactor_;
}

QSize VtkOpenGLWidget::deviceSize() const {
    const double ratio = devicePixelRatioF();
    return {static_cast<int>(std::lround(width() * ratio)),
            static_cast<int>(std::lround(height() * ratio))};
}

QPoint VtkOpenGLWidget::devicePosition(const QPointF& logical) const {
    const double ratio = devicePixelRatioF();
    return {static_cast<int>(std::lround(logical.x() * ratio)),
            static_cast<int>(std::lround(logical.y() * ratio))};
}

void VtkOpenGLWidget::releaseVtkGraphics() {
    makeCurrent();
    renderWindow_->Finalize();
    renderWindow_->SetReadyForRendering(false);
    doneCurrent();
}

void VtkOpenGLWidget::initializeGL() {
    // The context is recreated when the widget is re-parented to another
    // window; VTK must drop its GL objects before the old one dies.
    disconnect(contextCleanup_);
    contextCleanup_ = connect(context(), &QOpenGLContext::aboutToBeDestroyed, this,
                              &VtkOpenGLWidget::releaseVtkGraphics, Qt::DirectConnection);
    renderWindow_->SetReadyForRendering(true);
    renderWindow_->SetMapped(1);
    renderWindow_->InitializeFromCurrentContext();
    const QSize size = deviceSize();
    renderWindow_->SetSize(size.width(), size.height());
    interactor_->UpdateSize(size.width(), size.height());
}

void VtkOpenGLWidget::resizeGL(int, int) {
    const QSize size = deviceSize();
    renderWindow_->SetSize(size.width(), size.height());
    interactor_->UpdateSize(size.width(), size.height());
}

void VtkOpenGLWidget::paintGL() {
    if (!renderWindow_->GetReadyForRendering())
        return;
    painting_ = true;
    const QSize size = deviceSize();
    renderWindow_->SetSize(size.width(), size.height());
    interactor_->UpdateSize(size.width(), size.height());

    // Qt changed GL state since VTK last rendered; VTK's cache must not trust it.
    vtkOpenGLState* state = renderWindow_->GetState();
    state->Reset();
    state->Push();
    renderWindow_->Render();
    state->Pop();

    QOpenGLExtraFunctions* gl = context()->extraFunctions();
    gl->glBindFramebuffer(GL_DRAW_FRAMEBUFFER, defaultFramebufferObject());
    const GLenum drawBuffer = GL_COLOR_ATTACHMENT0;
    gl->glDrawBuffers(1, &drawBuffer);
    gl->glViewport(0, 0, size.width(), size.height());
    gl->glDisable(GL_SCISSOR_TEST);
    renderWindow_->BlitDisplayFramebuffer(0, 0, 0, size.width(), size.height(), 0, 0, size.width(),
                                          size.height(), GL_COLOR_BUFFER_BIT, GL_NEAREST);
    // VTK leaves the background alpha at 0: grabs and compositors would see
    // a transparent image. Force alpha to 1 without touching colour.
    gl->glColorMask(GL_FALSE, GL_FALSE, GL_FALSE, GL_TRUE);
    gl->glClearColor(0.0f, 0.0f, 0.0f, 1.0f);
    gl->glClear(GL_COLOR_BUFFER_BIT);
    gl->glColorMask(GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE);
    painting_ = false;
    ++renderedFrames_;
    emit frameRendered();
}

void VtkOpenGLWidget::onMakeCurrent(vtkObject*, unsigned long, void*) {
    if (context() && QOpenGLContext::currentContext() != context())
        makeCurrent();
}

void VtkOpenGLWidget::onIsCurrent(vtkObject*, unsigned long, void* callData) {
    *static_cast<bool*>(callData) = context() && QOpenGLContext::currentContext() == context();
}

void VtkOpenGLWidget::onFrame(vtkObject*, unsigned long, void*) {
    if (!painting_)
        update();
}

void VtkOpenGLWidget::onInteractorRender(vtkObject*, unsigned long, void*) {
    update();
}

// ---- event translation: device pixels, Y flipped to VTK's bottom-up origin ----

namespace {

/// The VTK event of a Qt mouse button press or release; 0 for other buttons.
unsigned long buttonEvent(Qt::MouseButton button, bool press) {
    switch (button) {
    case Qt::LeftButton:
        return press ? vtkCommand::LeftButtonPressEvent : vtkCommand::LeftButtonReleaseEvent;
    case Qt::MiddleButton:
        return press ? vtkCommand::MiddleButtonPressEvent : vtkCommand::MiddleButtonReleaseEvent;
    case Qt::RightButton:
        return press ? vtkCommand::RightButtonPressEvent : vtkCommand::RightButtonReleaseEvent;
    default:
        return 0;
    }
}

int ctrlOf(const QInputEvent* e) {
    return (e->modifiers() & Qt::ControlModifier) ? 1 : 0;
}
int shiftOf(const QInputEvent* e) {
    return (e->modifiers() & Qt::ShiftModifier) ? 1 : 0;
}

} // namespace

void VtkOpenGLWidget::mousePressEvent(QMouseEvent* event) {
    const QPoint p = devicePosition(event->position());
    interactor_->SetEventInformationFlipY(p.x(), p.y(), ctrlOf(event), shiftOf(event));
    interactor_->SetAltKey((event->modifiers() & Qt::AltModifier) ? 1 : 0);
    if (const unsigned long id = buttonEvent(event->button(), true))
        interactor_->InvokeEvent(id);
    event->accept();
}

void VtkOpenGLWidget::mouseDoubleClickEvent(QMouseEvent* event) {
    const QPoint p = devicePosition(event->position());
    interactor_->SetEventInformationFlipY(p.x(), p.y(), ctrlOf(event), shiftOf(event), 0, 1);
    if (const unsigned long id = buttonEvent(event->button(), true))
        interactor_->InvokeEvent(id);
    event->accept();
}

void VtkOpenGLWidget::mouseReleaseEvent(QMouseEvent* event) {
    const QPoint p = devicePosition(event->position());
    interactor_->SetEventInformationFlipY(p.x(), p.y(), ctrlOf(event), shiftOf(event));
    if (const unsigned long id = buttonEvent(event->button(), false))
        interactor_->InvokeEvent(id);
    event->accept();
}

void VtkOpenGLWidget::mouseMoveEvent(QMouseEvent* event) {
    const QPoint p = devicePosition(event->position());
    interactor_->SetEventInformationFlipY(p.x(), p.y(), ctrlOf(event), shiftOf(event));
    interactor_->InvokeEvent(vtkCommand::MouseMoveEvent);
    event->accept();
}

void VtkOpenGLWidget::wheelEvent(QWheelEvent* event) {
    const QPoint p = devicePosition(event->position());
    interactor_->SetEventInformationFlipY(p.x(), p.y(), ctrlOf(event), shiftOf(event));
    const int delta = event->angleDelta().y();
    if (delta > 0)
        interactor_->InvokeEvent(vtkCommand::MouseWheelForwardEvent);
    else if (delta < 0)
        interactor_->InvokeEvent(vtkCommand::MouseWheelBackwardEvent);
    event->accept();
}

void VtkOpenGLWidget::keyPressEvent(QKeyEvent* event) {
    const QByteArray text = event->text().toLatin1();
    const char code = text.isEmpty() ? 0 : text.at(0);
    const char* sym = keySym(event->key());
    const std::string fallback(1, code);
    interactor_->SetKeyEventInformation(ctrlOf(event), shiftOf(event), code,
                                        event->isAutoRepeat() ? 1 : 0,
                                        sym ? sym : (code ? fallback.c_str() : nullptr));
    interactor_->InvokeEvent(vtkCommand::KeyPressEvent);
    if (code)
        interactor_->InvokeEvent(vtkCommand::CharEvent);
    event->accept();
}

void VtkOpenGLWidget::keyReleaseEvent(QKeyEvent* event) {
    const QByteArray text = event->text().toLatin1();
    const char code = text.isEmpty() ? 0 : text.at(0);
    const char* sym = keySym(event->key());
    const std::string fallback(1, code);
    interactor_->SetKeyEventInformation(ctrlOf(event), shiftOf(event), code, 0,
                                        sym ? sym : (code ? fallback.c_str() : nullptr));
    interactor_->InvokeEvent(vtkCommand::KeyReleaseEvent);
    event->accept();
}

void VtkOpenGLWidget::enterEvent(QEnterEvent* event) {
    const QPoint p = devicePosition(event->position());
    interactor_->SetEventInformationFlipY(p.x(), p.y());
    interactor_->InvokeEvent(vtkCommand::EnterEvent);
    event->accept();
}

void VtkOpenGLWidget::leaveEvent(QEvent* event) {
    interactor_->InvokeEvent(vtkCommand::LeaveEvent);
    event->accept();
}

} // namespace rgw::viewers
