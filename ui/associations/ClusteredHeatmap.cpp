#include "ClusteredHeatmap.h"

#include "util/Error.h"

#include <QHelpEvent>
#include <QImage>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>
#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>

namespace rgw::ui {

namespace {

constexpr int kTreeDepth = 56;  ///< pixels of a dendrogram's height axis
constexpr int kLabelRoom = 150; ///< at most this many pixels of labels
constexpr int kMargin = 4;

/// `order`, or 0..n-1 when empty; throws unless it is a permutation of 0..n-1.
std::vector<int> resolvedOrder(const std::vector<int>& order, int n, const char* what) {
    if (order.empty()) {
        std::vector<int> identity(static_cast<std::size_t>(n));
        std::iota(identity.begin(), identity.end(), 0);
        return identity;
    }
    std::vector<int> sorted = order;
    std::sort(sorted.begin(), sorted.end());
    for (int i = 0; i < n; ++i)
        if (static_cast<int>(sorted.size()) != n || sorted[static_cast<std::size_t>(i)] != i)
            throw Error(std::string("heatmap: the ") + what +
                        " order is not a permutation of its " + std::to_string(n) + " entries");
    return order;
}

void checkTree(const std::optional<DendrogramShape>& tree, int leaves, const char* what) {
    if (!tree)
        return;
    const int steps = static_cast<int>(tree->merges.size());
    if (steps != leaves - 1 || tree->heights.size() != tree->merges.size())
        throw Error(std::string("heatmap: the ") + what + " tree has " + std::to_string(steps) +
                    " merges for " + std::to_string(leaves) + " leaves");
    for (int i = 0; i < steps; ++i)
        for (const int node :
             {tree->merges[std::size_t(i)].first, tree->merges[std::size_t(i)].second})
            if (node == 0 || node < -leaves || node > i)
                throw Error(std::string("heatmap: the ") + what + " tree's merge " +
                            std::to_string(i + 1) + " names node " + std::to_string(node));
}

} // namespace

double HeatmapData::qNaN() {
    return std::numeric_limits<double>::quiet_NaN();
}

ClusteredHeatmap::ClusteredHeatmap(QWidget* parent) : QWidget(parent) {
    setMouseTracking(true);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

void ClusteredHeatmap::setData(HeatmapData data) {
    const std::size_t cells = std::size_t(data.rows()) * std::size_t(data.columns());
    if (data.values.size() != cells)
        throw Error("heatmap: " + std::to_string(data.values.size()) + " values for " +
                    std::to_string(data.rows()) + " x " + std::to_string(data.columns()) +
                    " cells");
    if (!data.q.empty() && data.q.size() != cells)
        throw Error("heatmap: " + std::to_string(data.q.size()) + " q-values for " +
                    std::to_string(cells) + " cells");
    if (!(data.limit > 0) || !std::isfinite(data.limit))
        throw Error("heatmap: the colour scale limit must be a positive number");
    auto rows = resolvedOrder(data.rowOrder, data.rows(), "row");
    auto columns = resolvedOrder(data.columnOrder, data.columns(), "column");
    checkTree(data.rowTree, data.rows(), "row");
    checkTree(data.columnTree, data.columns(), "column");
    data_ = std::move(data);
    rowOrder_ = std::move(rows);
    columnOrder_ = std::move(columns);
    update();
}

QColor ClusteredHeatmap::colourOf(double value, double limit) {
    if (!std::isfinite(value))
        return {200, 200, 200};
    const double t = std::clamp(value / limit, -1.0, 1.0);
    // White at 0 towards red (+) or blue (−), as RColorBrewer's RdBu ends.
    const QColor end = t >= 0 ? QColor(178, 24, 43) : QColor(33, 102, 172);
    const double a = std::abs(t);
    return QColor::fromRgbF(static_cast<float>(1 - a * (1 - end.redF())),
                            static_cast<float>(1 - a * (1 - end.greenF())),
                            static_cast<float>(1 - a * (1 - end.blueF())));
}

ClusteredHeatmap::Layout ClusteredHeatmap::layoutIn(const QRect& area,
                                                    const QFontMetrics& metrics) const {
    Layout l;
    const int rowTree = data_.rowTree ? kTreeDepth : 0;
    const int columnTree = data_.columnTree ? kTreeDepth : 0;
    const int barRoom = metrics.height() * 2 + kMargin; // the colour bar under the cells
    int labelWidth = 0, labelHeight = 0;
    for (const QString& name : data_.rowNames)
        labelWidth = std::max(labelWidth, metrics.horizontalAdvance(name));
    for (const QString& name : data_.columnNames)
        labelHeight = std::max(labelHeight, metrics.horizontalAdvance(name));
    labelWidth = std::min(labelWidth + kMargin, kLabelRoom);
    labelHeight = std::min(labelHeight + kMargin, kLabelRoom);
    // Labels only where a cell is tall / wide enough to hold one line of text.
    const int width = area.width() - rowTree - 2 * kMargin;
    const int height = area.height() - columnTree - barRoom - 2 * kMargin;
    const auto roomy = [&](int length, int cells) {
        return static_cast<double>(length) / std::max(1, cells) >= metrics.height();
    };
    if (!roomy(width - labelWidth, data_.columns()))
        labelHeight = 0;
    if (!roomy(height - labelHeight, data_.rows()))
        labelWidth = 0;
    l.cells = QRect(area.left() + kMargin + rowTree, area.top() + kMargin + columnTree,
                    std::max(1, width - labelWidth), std::max(1, height - labelHeight));
    l.cellWidth = static_cast<double>(l.cells.width()) / std::max(1, data_.columns());
    l.cellHeight = static_cast<double>(l.cells.height()) / std::max(1, data_.rows());
    l.rowTree = QRect(l.cells.left() - rowTree, l.cells.top(), rowTree, l.cells.height());
    l.columnTree = QRect(l.cells.left(), l.cells.top() - columnTree, l.cells.width(), columnTree);
    l.rowLabels = QRect(l.cells.right() + 1 + kMargin, l.cells.top(), labelWidth, l.cells.height());
    l.columnLabels =
        QRect(l.cells.left(), l.cells.bottom() + 1 + kMargin, l.cells.width(), labelHeight);
    l.colourBar = QRect(l.cells.left(), area.bottom() - barRoom + kMargin,
                        std::min(l.cells.width(), 240), metrics.height() / 2 + 2);
    return l;
}

void ClusteredHeatmap::render(QPainter& painter, const QRect& area) const {
    if (!hasData())
        return;
    painter.save();
    painter.fillRect(area, Qt::white);
    const Layout l = layoutIn(area, painter.fontMetrics());
    drawCells(painter, l);
    drawMarks(painter, l);
    if (data_.rowTree)
        drawTree(painter, *data_.rowTree, rowOrder_, l.rowTree, true, l.cellHeight);
    if (data_.columnTree)
        drawTree(painter, *data_.columnTree, columnOrder_, l.columnTree, false, l.cellWidth);
    drawLabels(painter, l);
    drawColourBar(painter, l);
    painter.restore();
}

void ClusteredHeatmap::drawCells(QPainter& painter, const Layout& l) const {
    // One pixel per cell, scaled: a 1000 x 2000 map draws as fast as a small one.
    QImage image(data_.columns(), data_.rows(), QImage::Format_RGB32);
    for (int r = 0; r < data_.rows(); ++r)
        for (int c = 0; c < data_.columns(); ++c)
            image.setPixelColor(
                c, r,
                colourOf(data_.value(rowOrder_[std::size_t(r)], columnOrder_[std::size_t(c)]),
                         data_.limit));
    painter.drawImage(l.cells, image);
}

void ClusteredHeatmap::drawMarks(QPainter& painter, const Layout& l) const {
    if (data_.q.empty() || l.cellWidth < 5 || l.cellHeight < 5)
        return; // too small to mark: the tooltip gives q
    painter.setPen(Qt::NoPen);
    painter.setBrush(Qt::black);
    const double radius = std::min(l.cellWidth, l.cellHeight) / 6;
    for (int r = 0; r < data_.rows(); ++r)
        for (int c = 0; c < data_.columns(); ++c) {
            const double q = data_.qValue(rowOrder_[std::size_t(r)], columnOrder_[std::size_t(c)]);
            if (q <= data_.markAtQ)
                painter.drawEllipse(QPointF(l.cells.left() + (c + 0.5) * l.cellWidth,
                                            l.cells.top() + (r + 0.5) * l.cellHeight),
                                    radius, radius);
        }
    painter.setBrush(Qt::NoBrush);
}

void ClusteredHeatmap::drawLabels(QPainter& painter, const Layout& l) const {
    painter.setPen(Qt::black);
    const QFontMetrics metrics = painter.fontMetrics();
    if (l.rowLabels.width() > 0)
        for (int r = 0; r < data_.rows(); ++r) {
            const QRectF cell(l.rowLabels.left(), l.cells.top() + r * l.cellHeight,
                              l.rowLabels.width(), l.cellHeight);
            painter.drawText(cell, Qt::AlignLeft | Qt::AlignVCenter,
                             metrics.elidedText(data_.rowNames[rowOrder_[std::size_t(r)]],
                                                Qt::ElideRight, l.rowLabels.width()));
        }
    if (l.columnLabels.height() > 0)
        for (int c = 0; c < data_.columns(); ++c) {
            painter.save();
            painter.translate(l.cells.left() + (c + 0.5) * l.cellWidth, l.columnLabels.top());
            painter.rotate(90);
            painter.drawText(QRectF(0, -l.cellWidth / 2, l.columnLabels.height(), l.cellWidth),
                             Qt::AlignLeft | Qt::AlignVCenter,
                             metrics.elidedText(data_.columnNames[columnOrder_[std::size_t(c)]],
                                                Qt::ElideRight, l.columnLabels.height()));
            painter.restore();
        }
}

void ClusteredHeatmap::drawColourBar(QPainter& painter, const Layout& l) const {
    const QRect bar = l.colourBar;
    for (int x = 0; x < bar.width(); ++x) {
        const double value = data_.limit * (2.0 * (x + 0.5) / bar.width() - 1);
        painter.fillRect(QRect(bar.left() + x, bar.top(), 1, bar.height()),
                         colourOf(value, data_.limit));
    }
    painter.setPen(Qt::gray);
    painter.drawRect(bar);
    painter.setPen(Qt::black);
    const QRect text(bar.left(), bar.bottom() + 1, bar.width(), painter.fontMetrics().height());
    painter.drawText(text, Qt::AlignLeft, QString::number(-data_.limit, 'g', 3));
    painter.drawText(text, Qt::AlignHCenter, data_.valueName);
    painter.drawText(text, Qt::AlignRight, QString::number(data_.limit, 'g', 3));
    if (!data_.q.empty())
        painter.drawText(QRect(bar.right() + 12, bar.top() - 4, 400, text.height() + 8),
                         Qt::AlignLeft | Qt::AlignVCenter,
                         tr("\u25CF FDR q \u2264 %1").arg(data_.markAtQ));
}

void ClusteredHeatmap::drawTree(QPainter& painter, const DendrogramShape& tree,
                                const std::vector<int>& order, const QRect& area, bool vertical,
                                double step) {
    const std::size_t leaves = order.size();
    std::vector<double> leafAt(leaves);
    for (std::size_t i = 0; i < leaves; ++i)
        leafAt[std::size_t(order[i])] = (static_cast<double>(i) + 0.5) * step;
    const double top = *std::max_element(tree.heights.begin(), tree.heights.end());
    const double depth = vertical ? area.width() : area.height();
    const auto scaled = [&](double h) { return top > 0 ? h / top * (depth - 2) : 0.0; };
    std::vector<double> centre(tree.merges.size());
    const auto node = [&](int id, double& at, double& height) {
        if (id < 0) {
            at = leafAt[std::size_t(-id - 1)];
            height = 0;
        } else {
            at = centre[std::size_t(id - 1)];
            height = tree.heights[std::size_t(id - 1)];
        }
    };
    // A point at position `at` along the leaves and height `h` above them.
    const auto point = [&](double at, double h) {
        return vertical ? QPointF(area.right() - scaled(h), area.top() + at)
                        : QPointF(area.left() + at, area.bottom() - scaled(h));
    };
    painter.setPen(QPen(Qt::darkGray, 1));
    for (std::size_t i = 0; i < tree.merges.size(); ++i) {
        double a = 0, ha = 0, b = 0, hb = 0;
        node(tree.merges[i].first, a, ha);
        node(tree.merges[i].second, b, hb);
        const double h = tree.heights[i];
        const QPointF polyline[4] = {point(a, ha), point(a, h), point(b, h), point(b, hb)};
        painter.drawPolyline(polyline, 4);
        centre[i] = (a + b) / 2;
    }
}

void ClusteredHeatmap::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    if (!hasData()) {
        painter.drawText(rect(), Qt::AlignCenter, tr("No association map yet."));
        return;
    }
    render(painter, rect());
}

std::optional<std::pair<int, int>> ClusteredHeatmap::cellAt(const QPoint& position) const {
    if (!hasData())
        return std::nullopt;
    const Layout l = layoutIn(rect(), fontMetrics());
    if (!l.cells.contains(position))
        return std::nullopt;
    const int c = std::min(data_.columns() - 1,
                           static_cast<int>((position.x() - l.cells.left()) / l.cellWidth));
    const int r =
        std::min(data_.rows() - 1, static_cast<int>((position.y() - l.cells.top()) / l.cellHeight));
    return std::make_pair(rowOrder_[std::size_t(r)], columnOrder_[std::size_t(c)]);
}

QRect ClusteredHeatmap::cellRect(int row, int column) const {
    const Layout l = layoutIn(rect(), fontMetrics());
    const auto r = std::find(rowOrder_.begin(), rowOrder_.end(), row) - rowOrder_.begin();
    const auto c =
        std::find(columnOrder_.begin(), columnOrder_.end(), column) - columnOrder_.begin();
    return QRectF(l.cells.left() + static_cast<double>(c) * l.cellWidth,
                  l.cells.top() + static_cast<double>(r) * l.cellHeight, l.cellWidth, l.cellHeight)
        .toRect();
}

void ClusteredHeatmap::mousePressEvent(QMouseEvent* event) {
    if (event->button() == Qt::LeftButton)
        if (const auto cell = cellAt(event->position().toPoint()))
            emit cellClicked(cell->first, cell->second);
    QWidget::mousePressEvent(event);
}

bool ClusteredHeatmap::event(QEvent* event) {
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        if (const auto cell = cellAt(help->pos())) {
            const auto [r, c] = *cell;
            QString text = QStringLiteral("%1 \u00D7 %2\n%3 = %4")
                               .arg(data_.rowNames[r], data_.columnNames[c], data_.valueName)
                               .arg(data_.value(r, c), 0, 'g', 4);
            if (!data_.q.empty())
                text += tr(", FDR q = %1").arg(data_.qValue(r, c), 0, 'g', 3);
            QToolTip::showText(help->globalPos(), text, this);
        } else {
            QToolTip::hideText();
        }
        return true;
    }
    return QWidget::event(event);
}

} // namespace rgw::ui
