#include "bridge/OpenGLSupport.h"

#include <QGuiApplication>
#include <QOffscreenSurface>
#include <QOpenGLContext>

namespace rgw::viewers {

QSurfaceFormat vtkSurfaceFormat() {
    QSurfaceFormat format;
    format.setRenderableType(QSurfaceFormat::OpenGL);
    format.setVersion(3, 2);
    format.setProfile(QSurfaceFormat::CoreProfile);
    format.setRedBufferSize(8);
    format.setGreenBufferSize(8);
    format.setBlueBufferSize(8);
    format.setAlphaBufferSize(8);
    format.setDepthBufferSize(24);
    format.setStencilBufferSize(0);
    format.setSamples(0);
    format.setSwapBehavior(QSurfaceFormat::DoubleBuffer);
    return format;
}

void setDefaultSurfaceFormat() {
    QSurfaceFormat::setDefaultFormat(vtkSurfaceFormat());
}

QString openGLProblem() {
    const QString platform = QGuiApplication::platformName();
    if (platform == QLatin1String("offscreen") || platform == QLatin1String("minimal"))
        return QStringLiteral("The Qt platform plugin \"%1\" cannot host OpenGL views; "
                              "run on a desktop session or under Xvfb.")
            .arg(platform);
    QOpenGLContext context;
    context.setFormat(vtkSurfaceFormat());
    if (!context.create())
        return QStringLiteral("No OpenGL context could be created on platform \"%1\"; "
                              "OpenGL 3.2 core profile is required for the image views.")
            .arg(platform);
    QOffscreenSurface surface;
    surface.setFormat(context.format());
    surface.create();
    if (!surface.isValid() || !context.makeCurrent(&surface))
        return QStringLiteral("An OpenGL context was created but could not be made current.");
    const QSurfaceFormat got = context.format();
    context.doneCurrent();
    if (got.version() < qMakePair(3, 2))
        return QStringLiteral("OpenGL %1.%2 is available but the image views need 3.2 or newer.")
            .arg(got.majorVersion())
            .arg(got.minorVersion());
    return {};
}

} // namespace rgw::viewers
