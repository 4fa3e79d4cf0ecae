#include "bridge/VtkOpenGLWidget.h"

#include "bridge/OpenGLSupport.h"

#include <QCoreApplication>
#include <QEnterEvent>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QOffscreenSurface>
#include <QOpenGLContext>
#include <QOpenGLExtraFunctions>
#include <QOpenGLFramebufferObject>
#include <QVBoxLayout>
#include <QWheelEvent>
#include <QWindow>
#include <cmath>
#include <memory>
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

/// The native OpenGL window VTK's frames are shown in. Transparent for input
/// (events reach the owning widget through the window below); where a
/// platform ignores that flag, input that does arrive is handed on.
class VtkRenderSurface : public QWindow {
public:
    explicit VtkRenderSurface(VtkOpenGLWidget* owner) : owner_(owner) {
        setSurfaceType(QSurface::OpenGLSurface);
        // No alpha channel on screen: VTK's background alpha is 0, which a
        // compositing window manager would show as holes (and forcing it to 1
        // would cost a full-window pass per frame).
        QSurfaceFormat format = vtkSurfaceFormat();
        format.setAlphaBufferSize(0);
        setFormat(format);
        setFlag(Qt::WindowTransparentForInput);
    }

protected:
    void exposeEvent(QExposeEvent*) override {
        if (isExposed())
            owner_->renderNow(); // uncovered pixels must be drawn again now
    }

    bool event(QEvent* event) override {
        switch (event->type()) {
        case QEvent::MouseButtonPress:
        case QEvent::MouseButtonRelease:
        case QEvent::MouseButtonDblClick:
        case QEvent::MouseMove:
        case QEvent::Wheel:
        case QEvent::KeyPress:
        case QEvent::KeyRelease:
        case QEvent::Enter:
        case QEvent::Leave: {
            const std::unique_ptr<QEvent> copy(event->clone());
            QCoreApplication::sendEvent(owner_, copy.get());
            event->setAccepted(copy->isAccepted());
            return true;
        }
        default:
            return QWindow::event(event);
        }
    }

private:
    VtkOpenGLWidget* owner_;
};

VtkOpenGLWidget::VtkOpenGLWidget(QWidget* parent) : QWidget(parent) {
    setFocusPolicy(Qt::StrongFocus);
    setMouseTracking(true);
    setMinimumSize(64, 64);

    surface_ = new VtkRenderSurface(this);
    QWidget* container = QWidget::createWindowContainer(surface_, this);
    container->setFocusPolicy(Qt::NoFocus); // keyboard focus stays on this widget
    container->setMouseTracking(true);      // hover moves propagate up to this widget
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(container);

    renderWindow_->SetReadyForRendering(false);
    renderWindow_->SetOwnContext(false);
    renderWindow_->SetFrameBlitModeToNoBlit();
    // VTK draws into our target directly (DirectRenderWindow); its own
    // copy of each frame (colour and depth) into a display framebuffer is
    // not wanted.
    renderWindow_->SetSwapBuffers(0);
    renderWindow_->SetSupportsOpenGL(1);
    renderWindow_->SetMultiSamples(0);
    renderWindow_->AddObserver(vtkCommand::WindowMakeCurrentEvent, this,
                               &VtkOpenGLWidget::onMakeCurrent);
    renderWindow_->AddObserver(vtkCommand::WindowIsCurrentEvent, this,
                               &VtkOpenGLWidget::onIsCurrent);
    renderWindow_->AddObserver(vtkCommand::WindowFrameEvent, this, &VtkOpenGLWidget::onFrame);

    interactor_->SetRenderWindow(renderWindow_);
    interactor_->EnableRenderOff(); // frames are drawn by renderNow() only
    interactor_->AddObserver(vtkCommand::RenderEvent, this, &VtkOpenGLWidget::onInteractorRender);
    // Without an observer the 'q'/'e' keys would terminate the application.
    interactor_->AddObserver(vtkCommand::ExitEvent, this, &VtkOpenGLWidget::onExit);
    interactor_->Initialize();
}

VtkOpenGLWidget::~VtkOpenGLWidget() {
    if (context_ && renderWindow_->GetReadyForRendering())
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

bool VtkOpenGLWidget::makeCurrent() {
    if (!context_) {
        auto context = std::make_unique<QOpenGLContext>();
        context->setFormat(surface_->requestedFormat());
        if (!context->create())
            return false;
        context_ = std::move(context);
    }
    if (!surface_->handle())
        surface_->create(); // a hidden canvas can still render off screen
    return context_->makeCurrent(surface_);
}

void VtkOpenGLWidget::doneCurrent() {
    if (context_)
        context_->doneCurrent();
}

bool VtkOpenGLWidget::prepareContext() {
    if (!makeCurrent())
        return false;
    if (!renderWindow_->GetReadyForRendering()) {
        renderWindow_->SetReadyForRendering(true);
        renderWindow_->SetMapped(1);
        renderWindow_->InitializeFromCurrentContext();
    }
    return true;
}

void VtkOpenGLWidget::releaseVtkGraphics() {
    // The native window may already be gone when the top level closes:
    // VTK only needs some surface of this context to free its objects.
    QOffscreenSurface fallback;
    bool current = surface_->handle() && context_->makeCurrent(surface_);
    if (!current) {
        fallback.setFormat(context_->format());
        fallback.create();
        current = context_->makeCurrent(&fallback);
    }
    if (current)
        renderWindow_->Finalize();
    renderWindow_->SetReadyForRendering(false);
    context_->doneCurrent();
}

void VtkOpenGLWidget::renderVtk() {
    const QSize size = deviceSize();
    renderWindow_->SetSize(size.width(), size.height());
    interactor_->UpdateSize(size.width(), size.height());
    // Other GL users may have changed state; VTK's cache must not trust it.
    rendering_ = true;
    vtkOpenGLState* state = renderWindow_->GetState();
    state->Reset();
    state->Push();
    renderWindow_->Render();
    state->Pop();
    rendering_ = false;
}

void VtkOpenGLWidget::forceOpaque(unsigned framebuffer) {
    // VTK leaves the background alpha at 0: a grabbed image would be
    // transparent there. Force alpha to 1 without touching colour.
    QOpenGLExtraFunctions* gl = context_->extraFunctions();
    gl->glBindFramebuffer(GL_FRAMEBUFFER, framebuffer);
    gl->glDisable(GL_SCISSOR_TEST);
    gl->glColorMask(GL_FALSE, GL_FALSE, GL_FALSE, GL_TRUE);
    gl->glClearColor(0.0f, 0.0f, 0.0f, 1.0f);
    gl->glClear(GL_COLOR_BUFFER_BIT);
    gl->glColorMask(GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE);
}

void VtkOpenGLWidget::requestRender() {
    frameWanted_ = true;
    if (renderQueued_)
        return;
    renderQueued_ = true;
    QMetaObject::invokeMethod(
        this,
        [this] {
            renderQueued_ = false;
            if (frameWanted_) // not drawn meanwhile by renderNow()
                renderNow();
        },
        Qt::QueuedConnection);
}

void VtkOpenGLWidget::renderNow() {
    frameWanted_ = false;
    if (rendering_ || !surface_->isExposed() || !prepareContext())
        return; // an exposed surface renders itself (VtkRenderSurface::exposeEvent)
    renderWindow_->setTarget(context_->defaultFramebufferObject(), GL_BACK_LEFT);
    renderVtk();
    context_->swapBuffers(surface_);
    ++renderedFrames_;
    emit frameRendered();
}

QImage VtkOpenGLWidget::grabFramebuffer() {
    if (rendering_ || !prepareContext())
        return {};
    QOpenGLFramebufferObject target(deviceSize(), QOpenGLFramebufferObject::Depth);
    renderWindow_->setTarget(target.handle(), GL_COLOR_ATTACHMENT0);
    renderVtk();
    // A Render() that VTK starts on its own must not draw into this
    // soon-deleted object: point VTK back at the window.
    renderWindow_->setTarget(context_->defaultFramebufferObject(), GL_BACK_LEFT);
    forceOpaque(target.handle());
    QImage image = target.toImage();
    image.setDevicePixelRatio(devicePixelRatioF());
    return image;
}

bool VtkOpenGLWidget::event(QEvent* event) {
    if (event->type() == QEvent::CursorChange)
        surface_->setCursor(cursor()); // shown where the platform gives the pointer to it
    return QWidget::event(event);
}

void VtkOpenGLWidget::onMakeCurrent(vtkObject*, unsigned long, void*) {
    if (context_ && QOpenGLContext::currentContext() != context_.get())
        makeCurrent();
}

void VtkOpenGLWidget::onIsCurrent(vtkObject*, unsigned long, void* callData) {
    *static_cast<bool*>(callData) = context_ && QOpenGLContext::currentContext() == context_.get();
}

void VtkOpenGLWidget::onFrame(vtkObject*, unsigned long, void*) {
    if (!rendering_)
        requestRender(); // VTK rendered on its own: show it through renderNow()
}

void VtkOpenGLWidget::onInteractorRender(vtkObject*, unsigned long, void*) {
    requestRender();
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
