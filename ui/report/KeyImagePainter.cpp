#include "FigurePainters.h"
#include "FigureStyle.h"
#include "image/WindowLevel.h"

#include <QFontMetricsF>
#include <QImage>
#include <QPainter>
#include <QPolygonF>
#include <algorithm>
#include <cmath>

namespace rgw::reportrender {
namespace {

/// The slice as 8-bit grey through its window (rgw::WindowLevel, the slice
/// viewers' definition), built once row by row, no per-pixel painting.
QImage windowedImage(const report::KeyImage& image) {
    QImage grey(image.columns, image.rows, QImage::Format_Grayscale8);
    const WindowLevel window{std::max(image.windowWidth, kMinimumWindow), image.windowCentre};
    const double low = window.lower();
    const double scale = 255.0 / window.window;
    for (int r = 0; r < image.rows; ++r) {
        uchar* line = grey.scanLine(r);
        const float* in = image.pixels.data() + std::size_t(r) * std::size_t(image.columns);
        for (int c = 0; c < image.columns; ++c) {
            const double v = (double(in[c]) - low) * scale;
            line[c] = std::isfinite(v) ? uchar(std::clamp(v, 0.0, 255.0) + 0.5) : uchar(0);
        }
    }
    return grey;
}

} // namespace

void paintKeyImage(QPainter& painter, const QRectF& area, const report::KeyImage& image) {
    if (image.columns <= 0 || image.rows <= 0 ||
        image.pixels.size() != std::size_t(image.columns) * std::size_t(image.rows)) {
        drawNoData(painter, area,
                   image.columns > 0 && image.rows > 0 ? QStringLiteral("%1 pixels for %2 × %3")
                                                             .arg(image.pixels.size())
                                                             .arg(image.columns)
                                                             .arg(image.rows)
                                                       : QString());
        return;
    }
    const double u = pointUnit(painter);
    const QFont font = figureFont(7);
    const QFontMetricsF fm(font, painter.device());
    const double textH = image.orientationText.empty() ? 0 : fm.height() + 2 * u;
    const QRectF room = area.adjusted(0, 0, 0, -textH);
    const double sx =
        std::isfinite(image.pixelSpacingX) && image.pixelSpacingX > 0 ? image.pixelSpacingX : 1;
    const double sy =
        std::isfinite(image.pixelSpacingY) && image.pixelSpacingY > 0 ? image.pixelSpacingY : 1;
    const double physicalW = image.columns * sx, physicalH = image.rows * sy;
    const double zoom = std::min(room.width() / physicalW, room.height() / physicalH);
    const QSizeF size(physicalW * zoom, physicalH * zoom);
    const QRectF target(room.left() + (room.width() - size.width()) / 2, room.top(), size.width(),
                        size.height());

    painter.save();
    painter.drawImage(target, windowedImage(image));
    painter.setClipRect(target);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(
        QPen(rgbColour(image.contourRgb), 1.0 * u, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    painter.setBrush(Qt::NoBrush);
    // Pixel (c, r) is the unit square centred on (c, r) (report/KeyImage.h),
    // so contour vertices on half-integers trace pixel edges exactly.
    const double px = target.width() / image.columns, py = target.height() / image.rows;
    for (const auto& contour : image.contours) {
        QPolygonF polygon;
        polygon.reserve(qsizetype(contour.size()));
        for (const auto& [column, row] : contour)
            if (std::isfinite(column) && std::isfinite(row))
                polygon << QPointF(target.left() + (column + 0.5) * px,
                                   target.top() + (row + 0.5) * py);
        if (polygon.size() > 1)
            painter.drawPolygon(polygon);
    }
    painter.setClipping(false);
    if (!image.orientationText.empty()) {
        painter.setFont(font);
        painter.setPen(Qt::black);
        painter.drawText(QRectF(area.left(), target.bottom() + u, area.width(), fm.height()),
                         Qt::AlignHCenter | Qt::AlignTop,
                         fm.elidedText(qs(image.orientationText), Qt::ElideRight, area.width()));
    }
    painter.restore();
}

} // namespace rgw::reportrender
