#include "bridge/WidgetGrab.h"

#include "bridge/VtkOpenGLWidget.h"

#include <QPainter>
#include <QWidget>

namespace rgw::viewers {

QImage grabWithCanvases(QWidget& root) {
    QImage image = root.grab().toImage();
    QPainter painter(&image); // logical coordinates: the grab carries the pixel ratio
    for (VtkOpenGLWidget* canvas : root.findChildren<VtkOpenGLWidget*>()) {
        if (!canvas->isVisibleTo(&root))
            continue;
        const QImage frame = canvas->grabFramebuffer();
        if (frame.isNull())
            continue;
        const QPoint offset = canvas->mapTo(&root, QPoint(0, 0));
        painter.setClipRegion(canvas->visibleRegion().translated(offset));
        painter.drawImage(QRect(offset, canvas->size()), frame);
    }
    return image;
}

} // namespace rgw::viewers
