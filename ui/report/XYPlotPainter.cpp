#include "FigurePainters.h"
#include "FigureStyle.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPath>
#include <algorithm>
#include <cmath>
#include <limits>

namespace rgw::reportrender {
namespace {

struct Bounds {
    double lo = std::numeric_limits<double>::infinity();
    double hi = -std::numeric_limits<double>::infinity();
    void add(double v) {
        if (std::isfinite(v)) {
            lo = std::min(lo, v);
            hi = std::max(hi, v);
        }
    }
    bool valid() const { return lo <= hi; }
};

Qt::PenStyle penStyle(report::LineStyle style) {
    switch (style) {
    case report::LineStyle::Dashed:
        return Qt::DashLine;
    case report::LineStyle::Dotted:
        return Qt::DotLine;
    case report::LineStyle::Solid:
        break;
    }
    return Qt::SolidLine;
}

/// The axis range: given, or the data widened to round ticks.
std::vector<double> axisTicks(Bounds& b, bool given) {
    if (b.lo == b.hi) {
        const double pad = b.lo == 0 ? 0.5 : std::abs(b.lo) * 0.1;
        b.lo -= pad;
        b.hi += pad;
    }
    std::vector<double> ticks = niceTicks(b.lo, b.hi);
    if (!given && ticks.size() > 1) {
        const double step = ticks[1] - ticks[0];
        b.lo = std::floor(b.lo / step + 1e-9) * step;
        b.hi = std::ceil(b.hi / step - 1e-9) * step;
        ticks = niceTicks(b.lo, b.hi);
    }
    return ticks;
}

double stepOf(const std::vector<double>& ticks) {
    return ticks.size() > 1 ? ticks[1] - ticks[0] : 1.0;
}

/// The series' y at `x`: the step function's value (Steps) or the linear
/// interpolation (Line); NaN outside the series.
double valueAt(const report::PlotSeries& s, double x) {
    const std::size_t n = std::min(s.x.size(), s.y.size());
    double last = std::numeric_limits<double>::quiet_NaN();
    for (std::size_t i = 0; i < n; ++i) {
        if (s.x[i] > x) {
            if (s.kind == report::SeriesKind::Line && i > 0 && s.x[i] != s.x[i - 1])
                return s.y[i - 1] +
                       (x - s.x[i - 1]) / (s.x[i] - s.x[i - 1]) * (s.y[i] - s.y[i - 1]);
            return last;
        }
        last = s.y[i];
    }
    return last;
}

void drawSeries(QPainter& painter, const report::PlotSeries& s, const QColor& colour,
                const LinearScale& sx, const LinearScale& sy, double u) {
    const std::size_t n = std::min(s.x.size(), s.y.size());
    auto finite = [&](std::size_t i) { return std::isfinite(s.x[i]) && std::isfinite(s.y[i]); };
    QPen pen(colour, 1.1 * u, penStyle(s.style), Qt::FlatCap, Qt::MiterJoin);
    if (s.kind == report::SeriesKind::Points) {
        painter.setPen(QPen(colour.darker(130), 0.4 * u));
        painter.setBrush(colour);
        for (std::size_t i = 0; i < n; ++i)
            if (finite(i))
                painter.drawEllipse(QPointF(sx(s.x[i]), sy(s.y[i])), 1.6 * u, 1.6 * u);
    } else {
        QPainterPath path;
        bool open = false;
        double previousY = 0;
        for (std::size_t i = 0; i < n; ++i) {
            if (!finite(i)) {
                open = false;
                continue;
            }
            const QPointF p(sx(s.x[i]), sy(s.y[i]));
            if (!open) {
                path.moveTo(p);
                open = true;
            } else if (s.kind == report::SeriesKind::Steps) {
                path.lineTo(p.x(), previousY);
                path.lineTo(p);
            } else {
                path.lineTo(p);
            }
            previousY = p.y();
        }
        painter.setPen(pen);
        painter.setBrush(Qt::NoBrush);
        painter.drawPath(path);
    }
    painter.setPen(QPen(colour, 0.8 * u));
    if (s.yLower.size() == s.x.size() && s.yUpper.size() == s.x.size()) {
        for (std::size_t i = 0; i < n; ++i) {
            if (!std::isfinite(s.x[i]) || !std::isfinite(s.yLower[i]) ||
                !std::isfinite(s.yUpper[i]))
                continue;
            const double x = sx(s.x[i]), lo = sy(s.yLower[i]), hi = sy(s.yUpper[i]);
            painter.drawLine(QPointF(x, lo), QPointF(x, hi));
            painter.drawLine(QPointF(x - 2 * u, lo), QPointF(x + 2 * u, lo));
            painter.drawLine(QPointF(x - 2 * u, hi), QPointF(x + 2 * u, hi));
        }
    }
    for (double t : s.tickX) {
        const double y = valueAt(s, t);
        if (std::isfinite(t) && std::isfinite(y))
            painter.drawLine(QPointF(sx(t), sy(y) - 2.5 * u), QPointF(sx(t), sy(y) + 2.5 * u));
    }
}

void drawLegend(QPainter& painter, const report::XYPlot& plot, const QRectF& frame, double u) {
    std::vector<std::size_t> entries;
    for (std::size_t i = 0; i < plot.series.size(); ++i)
        if (!plot.series[i].label.empty())
            entries.push_back(i);
    if (entries.empty())
        return;
    const QFont font = figureFont(7);
    const QFontMetricsF fm(font, painter.device());
    double textWidth = 0;
    for (std::size_t i : entries)
        textWidth = std::max(textWidth, fm.horizontalAdvance(qs(plot.series[i].label)));
    const double sample = 14 * u, pad = 3 * u, lineH = fm.height();
    const double w = std::min(frame.width() * 0.6, pad * 3 + sample + textWidth);
    const QRectF box(frame.right() - w - 3 * u, frame.top() + 3 * u, w,
                     pad * 2 + lineH * double(entries.size()));
    painter.setPen(QPen(QColor(0xaa, 0xaa, 0xaa), 0.4 * u));
    painter.setBrush(Qt::white);
    painter.drawRect(box);
    painter.setFont(font);
    double y = box.top() + pad;
    for (std::size_t i : entries) {
        const report::PlotSeries& s = plot.series[i];
        const QColor colour = s.rgb ? rgbColour(s.rgb) : paletteColour(i);
        const double mid = y + lineH / 2, x0 = box.left() + pad;
        if (s.kind == report::SeriesKind::Points) {
            painter.setPen(Qt::NoPen);
            painter.setBrush(colour);
            painter.drawEllipse(QPointF(x0 + sample / 2, mid), 1.8 * u, 1.8 * u);
        } else {
            painter.setPen(QPen(colour, 1.1 * u, penStyle(s.style), Qt::FlatCap));
            painter.drawLine(QPointF(x0, mid), QPointF(x0 + sample, mid));
        }
        painter.setPen(Qt::black);
        const QRectF text(x0 + sample + pad, y, box.right() - pad - (x0 + sample + pad), lineH);
        painter.drawText(text, Qt::AlignLeft | Qt::AlignVCenter,
                         fm.elidedText(qs(s.label), Qt::ElideRight, text.width()));
        y += lineH;
    }
}

} // namespace

void paintXYPlot(QPainter& painter, const QRectF& area, const report::XYPlot& plot) {
    Bounds bx, by;
    bool anyPoint = false;
    for (const report::PlotSeries& s : plot.series) {
        for (std::size_t i = 0; i < std::min(s.x.size(), s.y.size()); ++i) {
            if (!std::isfinite(s.x[i]) || !std::isfinite(s.y[i]))
                continue;
            anyPoint = true;
            bx.add(s.x[i]);
            by.add(s.y[i]);
            if (s.yLower.size() == s.x.size() && s.yUpper.size() == s.x.size()) {
                by.add(s.yLower[i]);
                by.add(s.yUpper[i]);
            }
        }
    }
    if (!anyPoint) {
        drawNoData(painter, area);
        return;
    }
    for (double v : plot.horizontalLines)
        by.add(v);
    for (double v : plot.verticalLines)
        bx.add(v);
    if (plot.xRange)
        bx = Bounds{plot.xRange->min, plot.xRange->max};
    if (plot.yRange)
        by = Bounds{plot.yRange->min, plot.yRange->max};
    if (!bx.valid() || !by.valid()) {
        drawNoData(painter, area, QStringLiteral("empty axis range"));
        return;
    }
    const std::vector<double> xTicks = axisTicks(bx, plot.xRange.has_value());
    const std::vector<double> yTicks = axisTicks(by, plot.yRange.has_value());

    const double u = pointUnit(painter);
    const QFont tickFont = figureFont(7), labelFont = figureFont(8);
    const QFontMetricsF tm(tickFont, painter.device()), lm(labelFont, painter.device());
    double yTickWidth = 0;
    for (double t : yTicks)
        yTickWidth = std::max(yTickWidth, tm.horizontalAdvance(tickLabel(t, stepOf(yTicks))));
    const double tickLen = 3 * u;
    const double left =
        (plot.yLabel.empty() ? 0 : lm.height() + 3 * u) + yTickWidth + tickLen + 3 * u;
    const double bottom =
        tm.height() + tickLen + 2 * u + (plot.xLabel.empty() ? 0 : lm.height() + 2 * u);
    QRectF frame = area.adjusted(left + 2 * u, 6 * u, -10 * u, -bottom - 2 * u);
    if (frame.width() < 10 * u || frame.height() < 10 * u) {
        drawNoData(painter, area, QStringLiteral("figure too small"));
        return;
    }
    const LinearScale sx{bx.lo, bx.hi, frame.left(), frame.right()};
    const LinearScale sy{by.lo, by.hi, frame.bottom(), frame.top()};

    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setClipRect(frame.adjusted(-u, -u, u, u));
    painter.setPen(QPen(QColor(0x88, 0x88, 0x88), 0.6 * u, Qt::DashLine));
    for (double v : plot.horizontalLines)
        if (std::isfinite(v))
            painter.drawLine(QPointF(frame.left(), sy(v)), QPointF(frame.right(), sy(v)));
    for (double v : plot.verticalLines)
        if (std::isfinite(v))
            painter.drawLine(QPointF(sx(v), frame.top()), QPointF(sx(v), frame.bottom()));
    for (std::size_t i = 0; i < plot.series.size(); ++i) {
        const report::PlotSeries& s = plot.series[i];
        drawSeries(painter, s, s.rgb ? rgbColour(s.rgb) : paletteColour(i), sx, sy, u);
    }
    painter.setClipping(false);

    // Axes, ticks and titles.
    painter.setPen(QPen(Qt::black, 0.6 * u));
    painter.setBrush(Qt::NoBrush);
    painter.drawLine(frame.bottomLeft(), frame.bottomRight());
    painter.drawLine(frame.bottomLeft(), frame.topLeft());
    painter.setFont(tickFont);
    for (double t : xTicks) {
        const double x = sx(t);
        painter.drawLine(QPointF(x, frame.bottom()), QPointF(x, frame.bottom() + tickLen));
        painter.drawText(QRectF(x - 40 * u, frame.bottom() + tickLen + u, 80 * u, tm.height()),
                         Qt::AlignHCenter | Qt::AlignTop, tickLabel(t, stepOf(xTicks)));
    }
    for (double t : yTicks) {
        const double y = sy(t);
        painter.drawLine(QPointF(frame.left() - tickLen, y), QPointF(frame.left(), y));
        painter.drawText(QRectF(frame.left() - tickLen - u - yTickWidth - u, y - tm.height() / 2,
                                yTickWidth + u, tm.height()),
                         Qt::AlignRight | Qt::AlignVCenter, tickLabel(t, stepOf(yTicks)));
    }
    painter.setFont(labelFont);
    if (!plot.xLabel.empty())
        painter.drawText(
            QRectF(frame.left(), area.bottom() - lm.height() - u, frame.width(), lm.height()),
            Qt::AlignCenter, lm.elidedText(qs(plot.xLabel), Qt::ElideRight, frame.width()));
    if (!plot.yLabel.empty()) {
        painter.save();
        painter.translate(area.left() + u, frame.center().y());
        painter.rotate(-90);
        painter.drawText(QRectF(-frame.height() / 2, 0, frame.height(), lm.height()),
                         Qt::AlignCenter,
                         lm.elidedText(qs(plot.yLabel), Qt::ElideRight, frame.height()));
        painter.restore();
    }
    painter.setFont(tickFont);
    double y = frame.top() + 3 * u;
    for (const std::string& line : plot.annotations) {
        painter.drawText(QRectF(frame.left() + 4 * u, y, frame.width() * 0.6, tm.height()),
                         Qt::AlignLeft | Qt::AlignVCenter,
                         tm.elidedText(qs(line), Qt::ElideRight, frame.width() * 0.6));
        y += tm.height();
    }
    drawLegend(painter, plot, frame, u);
    painter.restore();
}

} // namespace rgw::reportrender
