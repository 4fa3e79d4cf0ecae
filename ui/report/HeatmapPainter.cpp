#include "FigurePainters.h"
#include "FigureStyle.h"

#include <QFontMetricsF>
#include <QPainter>
#include <algorithm>
#include <cmath>

namespace rgw::reportrender {
namespace {

/// The diverging scale: −1 blue (#2166AC), 0 white, +1 red (#B2182B).
QColor divergingColour(double t) {
    t = std::clamp(t, -1.0, 1.0);
    const QColor end = t < 0 ? QColor(0x21, 0x66, 0xac) : QColor(0xb2, 0x18, 0x2b);
    const double a = std::abs(t);
    auto mix = [a](int c) { return int(std::lround(255.0 + (c - 255.0) * a)); };
    return QColor(mix(end.red()), mix(end.green()), mix(end.blue()));
}

} // namespace

void paintHeatmap(QPainter& painter, const QRectF& area, const report::HeatmapPlot& heatmap) {
    const std::size_t rows = heatmap.rowLabels.size(), columns = heatmap.columnLabels.size();
    if (rows == 0 || columns == 0) {
        drawNoData(painter, area);
        return;
    }
    if (heatmap.values.size() != rows * columns) {
        drawNoData(painter, area,
                   QStringLiteral("%1 values for %2 × %3 cells")
                       .arg(heatmap.values.size())
                       .arg(rows)
                       .arg(columns));
        return;
    }
    const bool anyFinite = std::any_of(heatmap.values.begin(), heatmap.values.end(),
                                       [](double v) { return std::isfinite(v); });
    if (!anyFinite) {
        drawNoData(painter, area);
        return;
    }
    const double limit = heatmap.limit > 0 && std::isfinite(heatmap.limit) ? heatmap.limit : 1.0;
    const double u = pointUnit(painter);
    const QFont font = figureFont(rows > 40 || columns > 40 ? 5 : 7);
    const QFontMetricsF fm(font, painter.device());
    double rowLabelW = 0, columnLabelH = 0;
    for (const std::string& label : heatmap.rowLabels)
        rowLabelW = std::max(rowLabelW, fm.horizontalAdvance(qs(label)));
    for (const std::string& label : heatmap.columnLabels)
        columnLabelH = std::max(columnLabelH, fm.horizontalAdvance(qs(label)));
    rowLabelW = std::min(rowLabelW, area.width() * 0.3);
    columnLabelH = std::min(columnLabelH, area.height() * 0.3);
    const double barW = 8 * u, barGap = 8 * u,
                 barLabelW = fm.horizontalAdvance(QStringLiteral("−0.00")) + 4 * u;
    const QRectF grid =
        area.adjusted(rowLabelW + 4 * u, 4 * u, -(barGap + barW + barLabelW + fm.height() + 4 * u),
                      -(columnLabelH + 4 * u));
    if (grid.width() < 4 * u || grid.height() < 4 * u) {
        drawNoData(painter, area, QStringLiteral("figure too small"));
        return;
    }
    const double cw = grid.width() / double(columns), ch = grid.height() / double(rows);

    painter.save();
    painter.setPen(Qt::NoPen);
    for (std::size_t r = 0; r < rows; ++r) {
        for (std::size_t c = 0; c < columns; ++c) {
            const double v = heatmap.values[r * columns + c];
            if (!std::isfinite(v))
                continue; // a blank cell
            const QRectF cell(grid.left() + double(c) * cw, grid.top() + double(r) * ch, cw, ch);
            painter.fillRect(cell, divergingColour(v / limit));
        }
    }
    if (heatmap.marked.size() == heatmap.values.size()) {
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setBrush(Qt::black);
        const double radius = std::max(0.5 * u, std::min({cw, ch, 8 * u}) * 0.2);
        for (std::size_t i = 0; i < heatmap.marked.size(); ++i)
            if (heatmap.marked[i])
                painter.drawEllipse(QPointF(grid.left() + (double(i % columns) + 0.5) * cw,
                                            grid.top() + (double(i / columns) + 0.5) * ch),
                                    radius, radius);
    }
    painter.setBrush(Qt::NoBrush);
    painter.setPen(QPen(QColor(0x77, 0x77, 0x77), 0.4 * u));
    painter.drawRect(grid);
    painter.setFont(font);
    painter.setPen(Qt::black);
    const bool showRows = ch >= fm.height() * 0.6, showColumns = cw >= fm.height() * 0.6;
    for (std::size_t r = 0; showRows && r < rows; ++r)
        painter.drawText(QRectF(area.left(), grid.top() + double(r) * ch, rowLabelW, ch),
                         Qt::AlignRight | Qt::AlignVCenter,
                         fm.elidedText(qs(heatmap.rowLabels[r]), Qt::ElideRight, rowLabelW));
    for (std::size_t c = 0; showColumns && c < columns; ++c) {
        painter.save();
        painter.translate(grid.left() + (double(c) + 0.5) * cw, grid.bottom() + 2 * u);
        painter.rotate(-90);
        painter.drawText(QRectF(-columnLabelH, -fm.height() / 2, columnLabelH, fm.height()),
                         Qt::AlignRight | Qt::AlignVCenter,
                         fm.elidedText(qs(heatmap.columnLabels[c]), Qt::ElideRight, columnLabelH));
        painter.restore();
    }
    // Colour bar: 64 flat steps (vector rectangles, no gradient shading).
    const QRectF bar(grid.right() + barGap, grid.top(), barW, grid.height());
    constexpr int kSteps = 64;
    painter.setPen(Qt::NoPen);
    for (int i = 0; i < kSteps; ++i) {
        const double t = 1.0 - (i + 0.5) / kSteps * 2.0;
        painter.fillRect(QRectF(bar.left(), bar.top() + bar.height() * i / kSteps, bar.width(),
                                bar.height() / kSteps + 0.05 * u),
                         divergingColour(t));
    }
    painter.setPen(QPen(Qt::black, 0.4 * u));
    painter.drawRect(bar);
    const double step = limit;
    for (double t : {limit, 0.0, -limit}) {
        const double y = bar.top() + (1.0 - (t / limit + 1.0) / 2.0) * bar.height();
        painter.drawLine(QPointF(bar.right(), y), QPointF(bar.right() + 2 * u, y));
        painter.drawText(QRectF(bar.right() + 3 * u, y - fm.height() / 2, barLabelW, fm.height()),
                         Qt::AlignLeft | Qt::AlignVCenter, tickLabel(t, step / 10));
    }
    if (!heatmap.valueLabel.empty()) {
        painter.translate(area.right() - fm.height(), bar.center().y());
        painter.rotate(90);
        painter.drawText(QRectF(-bar.height() / 2, -fm.height(), bar.height(), fm.height()),
                         Qt::AlignCenter,
                         fm.elidedText(qs(heatmap.valueLabel), Qt::ElideRight, bar.height()));
    }
    painter.restore();
}

} // namespace rgw::reportrender
