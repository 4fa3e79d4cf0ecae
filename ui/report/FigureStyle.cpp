#include "FigureStyle.h"

#include <QPaintDevice>
#include <QPainter>
#include <QRectF>
#include <algorithm>
#include <cmath>

namespace rgw::reportrender {

double pointUnit(const QPainter& painter) {
    const QPaintDevice* device = painter.device();
    return device ? device->logicalDpiY() / 72.0 : 1.0;
}

QFont figureFont(double points, bool bold) {
    QFont font(QStringLiteral("DejaVu Sans"));
    font.setStyleHint(QFont::SansSerif);
    font.setPointSizeF(points);
    font.setBold(bold);
    disableLigatures(font);
    return font;
}

void disableLigatures(QFont& font) {
    font.setLetterSpacing(QFont::AbsoluteSpacing, 1.0 / 64);
}

QColor rgbColour(std::uint32_t rgb) {
    return QColor(int((rgb >> 16) & 0xff), int((rgb >> 8) & 0xff), int(rgb & 0xff));
}

QColor paletteColour(std::size_t index) {
    // Okabe & Ito's colour-blind-safe palette (black last).
    static constexpr std::uint32_t kPalette[] = {0x0072B2, 0xD55E00, 0x009E73, 0xCC79A7,
                                                 0xE69F00, 0x56B4E9, 0xF0E442, 0x000000};
    return rgbColour(kPalette[index % std::size(kPalette)]);
}

void drawNoData(QPainter& painter, const QRectF& area, const QString& why) {
    const double u = pointUnit(painter);
    painter.save();
    painter.setPen(QPen(QColor(0x99, 0x99, 0x99), 0.5 * u));
    painter.setBrush(Qt::NoBrush);
    painter.drawRect(area.adjusted(u, u, -u, -u));
    painter.setFont(figureFont(10));
    painter.setPen(QColor(0x55, 0x55, 0x55));
    painter.drawText(area, Qt::AlignCenter | Qt::TextWordWrap,
                     why.isEmpty() ? QStringLiteral("no data")
                                   : QStringLiteral("no data (%1)").arg(why));
    painter.restore();
}

std::vector<double> niceTicks(double lo, double hi, int target) {
    if (!std::isfinite(lo) || !std::isfinite(hi))
        return {};
    if (hi < lo)
        std::swap(lo, hi);
    if (hi == lo)
        return {lo};
    const double raw = (hi - lo) / std::max(1, target);
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    double step = magnitude;
    for (double m : {1.0, 2.0, 2.5, 5.0, 10.0}) {
        step = m * magnitude;
        if (step >= raw)
            break;
    }
    std::vector<double> ticks;
    const double first = std::ceil(lo / step - 1e-9);
    for (double k = first; k * step <= hi + step * 1e-9 && ticks.size() < 100; k += 1)
        ticks.push_back(std::abs(k * step) < step * 1e-9 ? 0.0 : k * step);
    return ticks;
}

QString tickLabel(double value, double step) {
    int decimals = 0;
    if (step > 0 && std::isfinite(step))
        decimals = std::clamp(int(std::ceil(-std::log10(step) - 1e-9)), 0, 8);
    // 2.5 × 10^k steps need one more digit.
    if (step > 0 && std::abs(step / std::pow(10.0, -decimals) -
                             std::round(step / std::pow(10.0, -decimals))) > 1e-6)
        ++decimals;
    QString text = QString::number(value, 'f', decimals);
    if (text.startsWith(u'-'))
        text.replace(0, 1, QChar(0x2212));
    if (text == QString(QChar(0x2212)) + QString::number(0.0, 'f', decimals))
        text.remove(0, 1);
    return text;
}

} // namespace rgw::reportrender
