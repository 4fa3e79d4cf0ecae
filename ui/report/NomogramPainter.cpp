#include "FigurePainters.h"
#include "FigureStyle.h"

#include <QFontMetricsF>
#include <QPainter>
#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>
#include <vector>

namespace rgw::reportrender {
namespace {

struct Row {
    const report::NomogramPlot::Axis* axis;
    bool totalScale; ///< positioned on the total-points scale
};

} // namespace

void paintNomogram(QPainter& painter, const QRectF& area, const report::NomogramPlot& nomogram) {
    std::vector<Row> rows;
    rows.push_back({&nomogram.points, false});
    for (const auto& axis : nomogram.predictors)
        rows.push_back({&axis, false});
    rows.push_back({&nomogram.totalPoints, true});
    for (const auto& axis : nomogram.outcomes)
        rows.push_back({&axis, true});
    // Scales: points 0…100 (or the ticks' span), total points from its ticks.
    double pLo = 0, pHi = 100, tLo = std::numeric_limits<double>::infinity(), tHi = -tLo;
    bool anyTick = false;
    for (const Row& row : rows) {
        for (const auto& tick : row.axis->ticks) {
            if (!std::isfinite(tick.position))
                continue;
            anyTick = true;
            if (row.totalScale) {
                tLo = std::min(tLo, tick.position);
                tHi = std::max(tHi, tick.position);
            } else {
                pLo = std::min(pLo, tick.position);
                pHi = std::max(pHi, tick.position);
            }
        }
    }
    if (!anyTick) {
        drawNoData(painter, area);
        return;
    }
    if (!(tLo < tHi)) {
        tLo = pLo;
        tHi = pHi;
    }
    const double u = pointUnit(painter);
    const QFont titleFont = figureFont(7.5, true), tickFont = figureFont(6.5);
    const QFontMetricsF hm(titleFont, painter.device()), tm(tickFont, painter.device());
    double titleW = 0;
    for (const Row& row : rows)
        titleW = std::min(area.width() * 0.28,
                          std::max(titleW, hm.horizontalAdvance(qs(row.axis->title))));
    const double left = area.left() + titleW + 6 * u, right = area.right() - 12 * u;
    const double rowH = area.height() / double(rows.size());
    const LinearScale points{pLo, pHi, left, right}, total{tLo, tHi, left, right};

    painter.save();
    painter.setPen(QPen(Qt::black, 0.6 * u));
    for (std::size_t r = 0; r < rows.size(); ++r) {
        const Row& row = rows[r];
        const LinearScale& scale = row.totalScale ? total : points;
        const double baseline = area.top() + rowH * (double(r) + 0.7);
        painter.setFont(titleFont);
        painter.drawText(QRectF(area.left(), baseline - hm.height() / 2, titleW, hm.height()),
                         Qt::AlignLeft | Qt::AlignVCenter,
                         hm.elidedText(qs(row.axis->title), Qt::ElideRight, titleW));
        double lo = std::numeric_limits<double>::infinity(), hi = -lo;
        for (const auto& tick : row.axis->ticks)
            if (std::isfinite(tick.position)) {
                lo = std::min(lo, tick.position);
                hi = std::max(hi, tick.position);
            }
        if (!(lo <= hi))
            continue;
        painter.drawLine(QPointF(scale(lo), baseline), QPointF(scale(hi), baseline));
        painter.setFont(tickFont);
        // A label that would overlap one already drawn is left out (its tick
        // stays): an input whose points span a few millimetres (a volume in
        // mm³ with a tiny coefficient) would otherwise print its labels on
        // top of each other as one black smear.
        std::vector<std::pair<double, double>> drawn;
        for (const auto& tick : row.axis->ticks) {
            if (!std::isfinite(tick.position))
                continue;
            const double x = scale(tick.position);
            painter.drawLine(QPointF(x, baseline), QPointF(x, baseline - 3 * u));
            const QString label = qs(tick.label);
            const double half = tm.horizontalAdvance(label) / 2 + 1.5 * u;
            const bool overlaps =
                std::any_of(drawn.begin(), drawn.end(), [&](const std::pair<double, double>& d) {
                    return x - half < d.second && x + half > d.first;
                });
            if (overlaps)
                continue;
            drawn.emplace_back(x - half, x + half);
            painter.drawText(
                QRectF(x - 30 * u, baseline - 3 * u - tm.height(), 60 * u, tm.height()),
                Qt::AlignHCenter | Qt::AlignBottom, label);
        }
    }
    painter.restore();
}

} // namespace rgw::reportrender
