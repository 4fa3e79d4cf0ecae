#include "FigurePainters.h"
#include "FigureStyle.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPath>
#include <algorithm>
#include <cmath>

namespace rgw::reportrender {
namespace {

void drawBox(QPainter& painter, const QRectF& box, const QString& text, double u) {
    painter.setPen(QPen(Qt::black, 0.7 * u));
    painter.setBrush(Qt::white);
    painter.drawRect(box);
    painter.drawText(box.adjusted(3 * u, 2 * u, -3 * u, -2 * u), Qt::AlignCenter | Qt::TextWordWrap,
                     text);
}

/// A line from `from` to `to` with a filled arrow head at `to`.
void drawArrow(QPainter& painter, QPointF from, QPointF to, double u) {
    painter.setPen(QPen(Qt::black, 0.7 * u));
    painter.drawLine(from, to);
    const QPointF d = to - from;
    const double length = std::hypot(d.x(), d.y());
    if (length <= 0)
        return;
    const QPointF e = d / length, n(-e.y(), e.x());
    const double head = 3.5 * u;
    QPainterPath path;
    path.moveTo(to);
    path.lineTo(to - e * head + n * head * 0.5);
    path.lineTo(to - e * head - n * head * 0.5);
    path.closeSubpath();
    painter.fillPath(path, Qt::black);
}

} // namespace

void paintFlowDiagram(QPainter& painter, const QRectF& area, const report::FlowDiagram& flow) {
    if (flow.startText.empty() && flow.finalText.empty() && flow.exclusions.empty() &&
        flow.splitTexts.empty()) {
        drawNoData(painter, area);
        return;
    }
    const double u = pointUnit(painter);
    const QFont font = figureFont(7.5);
    const QFontMetricsF fm(font, painter.device());
    const std::size_t exclusions = flow.exclusions.size();
    const std::size_t splits = flow.splitTexts.size();
    // Rows: start, one per exclusion (side boxes), final, splits.
    const double rows = 2.0 + double(exclusions) + (splits ? 1.0 : 0.0);
    const double rowH = area.height() / rows;
    const double boxH = std::min(rowH * 0.72, fm.height() * 4 + 4 * u);
    const double mainW = area.width() * 0.46, mainX = area.left() + area.width() * 0.04;
    const double mainCentre = mainX + mainW / 2;
    const double sideX = mainX + mainW + area.width() * 0.08, sideW = area.right() - sideX - u;
    auto rowCentre = [&](double row) { return area.top() + rowH * (row + 0.5); };

    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setFont(font);
    const QRectF start(mainX, rowCentre(0) - boxH / 2, mainW, boxH);
    const double finalRow = 1.0 + double(exclusions);
    const QRectF final(mainX, rowCentre(finalRow) - boxH / 2, mainW, boxH);
    drawArrow(painter, QPointF(mainCentre, start.bottom()), QPointF(mainCentre, final.top()), u);
    for (std::size_t i = 0; i < exclusions; ++i) {
        const double y = rowCentre(1.0 + double(i));
        const QRectF side(sideX, y - boxH / 2, sideW, boxH);
        drawArrow(painter, QPointF(mainCentre, y), QPointF(side.left(), y), u);
        const report::FlowDiagram::Exclusion& e = flow.exclusions[i];
        drawBox(painter, side,
                QStringLiteral("Excluded: %1 (n = %2)").arg(qs(e.reason)).arg(qulonglong(e.count)),
                u);
    }
    drawBox(painter, start, qs(flow.startText), u);
    drawBox(painter, final, qs(flow.finalText), u);
    if (splits) {
        const double gap = 4 * u;
        const double splitW = (area.width() - gap * double(splits + 1)) / double(splits);
        const double y = rowCentre(finalRow + 1.0);
        for (std::size_t i = 0; i < splits; ++i) {
            const QRectF box(area.left() + gap + double(i) * (splitW + gap), y - boxH / 2, splitW,
                             boxH);
            drawArrow(painter, QPointF(mainCentre, final.bottom()),
                      QPointF(box.center().x(), box.top()), u);
            drawBox(painter, box, qs(flow.splitTexts[i]), u);
        }
    }
    painter.restore();
}

} // namespace rgw::reportrender
