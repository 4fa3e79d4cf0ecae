#include "models/NomogramView.h"

#include <QFile>
#include <QImage>
#include <QPainter>
#include <QPdfWriter>
#include <algorithm>
#include <cmath>

namespace rgw::ui {
namespace {

using modeling::NomogramTick;

// Tick label: up to 4 significant digits, no trailing zeros (as R's format).
QString tickText(double value) {
    return QString::number(value, 'g', 4);
}

} // namespace

NomogramView::NomogramView(QWidget* parent) : QWidget(parent) {
    setAccessibleName(tr("Nomogram"));
    setBackgroundRole(QPalette::Base);
    setAutoFillBackground(true);
}

std::vector<double> NomogramView::defaultProbabilities() {
    std::vector<double> p;
    for (int k = 1; k <= 9; ++k)
        p.push_back(k / 10.0);
    return p;
}

void NomogramView::setNomogram(const modeling::Nomogram& nomogram,
                               const std::vector<double>& probabilities) {
    std::vector<std::vector<NomogramTick>> ticks;
    QStringList labels;
    if (nomogram.link() == modeling::NomogramModel::Link::Logistic) {
        ticks.push_back(nomogram.probabilityTicks(probabilities));
        labels << tr("Probability");
    } else {
        for (const auto& b : nomogram.model().baseline) {
            ticks.push_back(nomogram.survivalTicks(probabilities, b.time));
            labels << tr("Survival at t = %1").arg(tickText(b.time));
        }
    }
    nomogram_ = nomogram;
    functionTicks_ = std::move(ticks);
    functionLabels_ = labels;
    update();
}

void NomogramView::clear() {
    nomogram_.reset();
    functionTicks_.clear();
    functionLabels_.clear();
    drawnLabels_.clear();
    update();
}

std::vector<NomogramView::Row> NomogramView::rows() const {
    std::vector<Row> out;
    Row points{tr("Points"), {}, false};
    for (int p = 0; p <= 100; p += 10)
        points.ticks.push_back({double(p), double(p)});
    out.push_back(points);
    for (const auto& axis : nomogram_->axes())
        out.push_back({QString::fromStdString(axis.name), axis.ticks, false});
    Row total{tr("Total Points"), {}, true};
    for (double t : nomogram_->totalPointsTicks())
        total.ticks.push_back({t, t});
    out.push_back(total);
    out.push_back({tr("Linear Predictor"), nomogram_->lpTicks(), true});
    for (qsizetype f = 0; f < functionLabels_.size(); ++f)
        out.push_back({functionLabels_[f], functionTicks_[std::size_t(f)], true});
    return out;
}

// Layout: a label column, then two horizontal scales over the same width:
// predictor points 0..100 and total points 0..max of the Total Points axis.
void NomogramView::render(QPainter& painter, const QRectF& area) {
    drawnLabels_.clear();
    if (!nomogram_)
        return;
    const std::vector<Row> all = rows();
    const double labelWidth = std::min(190.0, area.width() * 0.2);
    const double left = area.left() + labelWidth, right = area.right() - 24;
    const double rowHeight = std::min(48.0, (area.height() - 16) / double(all.size()));
    const double totalMax = std::max(1.0, nomogram_->totalPointsTicks().back());
    QFont font = painter.font();
    font.setPixelSize(std::clamp(int(rowHeight * 0.32), 8, 13));
    QFont bold = font;
    bold.setBold(true);
    const QFontMetricsF metrics(font);
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(QPen(Qt::black, 1));
    auto text = [&](const QRectF& box, int flags, const QString& s) {
        painter.drawText(box, flags, s);
        drawnLabels_ << s;
    };
    for (std::size_t r = 0; r < all.size(); ++r) {
        const Row& row = all[r];
        const double baseline = area.top() + 8 + (double(r) + 0.75) * rowHeight;
        const double span = row.totalScale ? totalMax : 100.0;
        auto xOf = [&](double points) { return left + (right - left) * points / span; };
        painter.setFont(bold);
        text(QRectF(area.left() + 4, baseline - rowHeight * 0.6, labelWidth - 12, rowHeight * 0.6),
             Qt::AlignLeft | Qt::AlignVCenter, row.label);
        painter.setFont(font);
        if (row.ticks.empty())
            continue;
        double lo = HUGE_VAL, hi = -HUGE_VAL;
        for (const auto& t : row.ticks) {
            lo = std::min(lo, t.points);
            hi = std::max(hi, t.points);
        }
        painter.drawLine(QPointF(xOf(lo), baseline), QPointF(xOf(hi), baseline));
        // Labels above the ticks; one that would overlap the previous is skipped.
        double lastRight = -HUGE_VAL;
        for (const auto& t : row.ticks) {
            const double x = xOf(t.points);
            painter.drawLine(QPointF(x, baseline), QPointF(x, baseline - 4));
            const QString s = tickText(t.value);
            const double w = metrics.horizontalAdvance(s);
            if (x - w / 2 < lastRight + 3)
                continue;
            text(QRectF(x - w / 2 - 1, baseline - 4 - metrics.height(), w + 2, metrics.height()),
                 Qt::AlignCenter, s);
            lastRight = x + w / 2;
        }
    }
    painter.restore();
}

void NomogramView::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    render(painter, QRectF(rect()));
}

QImage NomogramView::toImage(QSize size) {
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    QPainter painter(&image);
    render(painter, QRectF(QPointF(0, 0), QSizeF(size)));
    return image;
}

bool NomogramView::exportPng(const QString& file) {
    if (!nomogram_)
        return false;
    QImage image(QSize(2000, 1040), QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(2);
    image.fill(Qt::white);
    {
        QPainter painter(&image);
        render(painter, QRectF(0, 0, 1000, 520));
    }
    return image.save(file, "PNG");
}

bool NomogramView::exportPdf(const QString& file) {
    if (!nomogram_)
        return false;
    QPdfWriter writer(file);
    writer.setPageSize(QPageSize(QSizeF(1000, 520), QPageSize::Point));
    writer.setPageMargins(QMarginsF(0, 0, 0, 0));
    writer.setResolution(72); // 1 logical pixel = 1 point
    QPainter painter;
    if (!painter.begin(&writer))
        return false;
    render(painter, QRectF(0, 0, 1000, 520));
    painter.end();
    return QFile(file).size() > 0;
}

} // namespace rgw::ui
