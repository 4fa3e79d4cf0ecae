#include "FigurePainters.h"
#include "FigureStyle.h"

#include <QFontMetricsF>
#include <QPainter>
#include <algorithm>
#include <cmath>
#include <limits>

namespace rgw::reportrender {
namespace {

double at(const std::vector<double>& v, std::size_t i) {
    return i < v.size() ? v[i] : std::numeric_limits<double>::quiet_NaN();
}

} // namespace

void paintBarPlot(QPainter& painter, const QRectF& area, const report::BarPlot& plot) {
    const std::size_t n = plot.labels.size();
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    auto add = [&](double v) {
        if (std::isfinite(v)) {
            lo = std::min(lo, v);
            hi = std::max(hi, v);
        }
    };
    bool anyValue = false;
    for (std::size_t i = 0; i < n; ++i) {
        if (std::isfinite(at(plot.values, i)))
            anyValue = true;
        add(at(plot.values, i));
        add(at(plot.lower, i));
        add(at(plot.upper, i));
    }
    if (!anyValue) {
        drawNoData(painter, area);
        return;
    }
    add(plot.referenceLine.value_or(0.0));
    if (lo == hi) {
        lo -= 0.5;
        hi += 0.5;
    }
    std::vector<double> ticks = niceTicks(lo, hi);
    const double step = ticks.size() > 1 ? ticks[1] - ticks[0] : 1.0;
    lo = std::floor(lo / step + 1e-9) * step;
    hi = std::ceil(hi / step - 1e-9) * step;
    ticks = niceTicks(lo, hi);

    const double u = pointUnit(painter);
    const QFont labelFont = figureFont(7.5), tickFont = figureFont(7), titleFont = figureFont(8);
    const QFontMetricsF lm(labelFont, painter.device()), tm(tickFont, painter.device()),
        hm(titleFont, painter.device());
    double labelWidth = 0;
    for (const std::string& label : plot.labels)
        labelWidth = std::max(labelWidth, lm.horizontalAdvance(qs(label)));
    labelWidth = std::min(labelWidth, area.width() * 0.4);
    const double tickLen = 3 * u;
    const double bottom =
        tickLen + u + tm.height() + (plot.valueLabel.empty() ? 0 : hm.height() + 2 * u);
    const QRectF frame = area.adjusted(labelWidth + 6 * u, 4 * u, -10 * u, -bottom - 2 * u);
    if (frame.width() < 10 * u || frame.height() < 4 * u) {
        drawNoData(painter, area, QStringLiteral("figure too small"));
        return;
    }
    const LinearScale sx{lo, hi, frame.left(), frame.right()};
    const double rowH = frame.height() / double(n);
    const double barH = std::min(rowH * 0.6, 12 * u);
    const double base = std::clamp(plot.referenceLine.value_or(0.0), lo, hi);

    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setFont(labelFont);
    for (std::size_t i = 0; i < n; ++i) {
        const double mid = frame.top() + rowH * (double(i) + 0.5);
        painter.setPen(Qt::black);
        painter.drawText(QRectF(area.left(), mid - rowH / 2, labelWidth, rowH),
                         Qt::AlignRight | Qt::AlignVCenter,
                         lm.elidedText(qs(plot.labels[i]), Qt::ElideRight, labelWidth));
        const double value = at(plot.values, i);
        if (std::isfinite(value)) {
            const double x0 = sx(base), x1 = sx(std::clamp(value, lo, hi));
            painter.setPen(QPen(paletteColour(0).darker(120), 0.5 * u));
            painter.setBrush(paletteColour(0).lighter(160));
            painter.drawRect(QRectF(QPointF(std::min(x0, x1), mid - barH / 2),
                                    QPointF(std::max(x0, x1), mid + barH / 2)));
        }
        const double l = at(plot.lower, i), h = at(plot.upper, i);
        if (std::isfinite(l) && std::isfinite(h)) {
            painter.setPen(QPen(Qt::black, 0.8 * u));
            const double xl = sx(l), xh = sx(h), cap = barH * 0.35;
            painter.drawLine(QPointF(xl, mid), QPointF(xh, mid));
            painter.drawLine(QPointF(xl, mid - cap), QPointF(xl, mid + cap));
            painter.drawLine(QPointF(xh, mid - cap), QPointF(xh, mid + cap));
        }
    }
    if (plot.referenceLine && std::isfinite(*plot.referenceLine)) {
        painter.setPen(QPen(QColor(0x66, 0x66, 0x66), 0.6 * u, Qt::DashLine));
        painter.drawLine(QPointF(sx(base), frame.top()), QPointF(sx(base), frame.bottom()));
    }
    painter.setPen(QPen(Qt::black, 0.6 * u));
    painter.drawLine(frame.bottomLeft(), frame.bottomRight());
    painter.setFont(tickFont);
    for (double t : ticks) {
        const double x = sx(t);
        painter.drawLine(QPointF(x, frame.bottom()), QPointF(x, frame.bottom() + tickLen));
        painter.drawText(QRectF(x - 40 * u, frame.bottom() + tickLen + u, 80 * u, tm.height()),
                         Qt::AlignHCenter | Qt::AlignTop, tickLabel(t, step));
    }
    if (!plot.valueLabel.empty()) {
        painter.setFont(titleFont);
        painter.drawText(
            QRectF(frame.left(), area.bottom() - hm.height() - u, frame.width(), hm.height()),
            Qt::AlignCenter, hm.elidedText(qs(plot.valueLabel), Qt::ElideRight, frame.width()));
    }
    painter.restore();
}

} // namespace rgw::reportrender
