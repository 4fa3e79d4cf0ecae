#include "ClusteredHeatmap.h"

#include "util/Error.h"

#include <QHelpEvent>
#include <QImage>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>
#include <QWheelEvent>
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
    setFocusPolicy(Qt::ClickFocus);
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
    resetView();
}

void ClusteredHeatmap::setVisibleRange(int firstRow, int rows, int firstColumn, int columns) {
    const auto clampRange = [](int& first, int& count, int total) {
        count = std::clamp(count, std::min(1, total), total);
        first = std::clamp(first, 0, total - count);
    };
    clampRange(firstRow, rows, data_.rows());
    clampRange(firstColumn, columns, data_.columns());
    firstRow_ = firstRow;
    rowCount_ = rows;
    firstColumn_ = firstColumn;
    columnCount_ = columns;
    update();
}

void ClusteredHeatmap::resetView() {
    setVisibleRange(0, data_.rows(), 0, data_.columns());
}

void ClusteredHeatmap::zoomAt(const QPointF& position, double factor) {
    if (!hasData())
        return;
    const Layout l = layoutIn(rect(), fontMetrics());
    const auto zoomed = [&](double along, int first, int count, int total, int& newFirst,
                            int& newCount) {
        const double fraction = std::clamp(along, 0.0, 1.0);
        newCount = std::clamp(static_cast<int>(std::lround(count * factor)), 1, total);
        if (newCount == count && factor != 1.0) // always move by at least one cell
            newCount = std::clamp(count + (factor < 1 ? -1 : 1), 1, total);
        const double anchor = first + fraction * count; // the position under the cursor
        newFirst = static_cast<int>(std::lround(anchor - fraction * newCount));
    };
    int row = 0, rows = 0, column = 0, columns = 0;
    zoomed((position.y() - l.cells.top()) / std::max(1, l.cells.height()), firstRow_, rowCount_,
           data_.rows(), row, rows);
    zoomed((position.x() - l.cells.left()) / std::max(1, l.cells.width()), firstColumn_,
           columnCount_, data_.columns(), column, columns);
    setVisibleRange(row, rows, column, columns);
}

void ClusteredHeatmap::panBy(int rows, int columns) {
    setVisibleRange(firstRow_ + rows, rowCount_, firstColumn_ + columns, columnCount_);
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
    // Labels only where a cell is tall / wide enough to hold one line of text,
    // measured over the names shown.
    const int width = area.width() - rowTree - 2 * kMargin;
    const int height = area.height() - columnTree - barRoom - 2 * kMargin;
    const auto roomy = [&](int length, int cells) {
        return static_cast<double>(length) / std::max(1, cells) >= metrics.height();
    };
    const auto widest = [&](const QStringList& names, const std::vector<int>& order, int first,
                            int count) {
        int widest = 0;
        for (int i = first; i < first + count; ++i)
            widest = std::max(widest, metrics.horizontalAdvance(names[order[std::size_t(i)]]));
        return std::min(widest + kMargin, kLabelRoom);
    };
    int labelWidth =
        roomy(height, rowCount_) ? widest(data_.rowNames, rowOrder_, firstRow_, rowCount_) : 0;
    int labelHeight = roomy(width, columnCount_)
                          ? widest(data_.columnNames, columnOrder_, firstColumn_, columnCount_)
                          : 0;
    if (!roomy(width - labelWidth, columnCount_))
        labelHeight = 0;
    if (!roomy(height - labelHeight, rowCount_))
        labelWidth = 0;
    l.cells = QRect(area.left() + kMargin + rowTree, area.top() + kMargin + columnTree,
                    std::max(1, width - labelWidth), std::max(1, height - labelHeight));
    l.cellWidth = static_cast<double>(l.cells.width()) / std::max(1, columnCount_);
    l.cellHeight = static_cast<double>(l.cells.height()) / std::max(1, rowCount_);
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
        drawTree(painter, *data_.rowTree, rowOrder_, l.rowTree, true, l.cellHeight, firstRow_);
    if (data_.columnTree)
        drawTree(painter, *data_.columnTree, columnOrder_, l.columnTree, false, l.cellWidth,
                 firstColumn_);
    drawLabels(painter, l);
    drawColourBar(painter, l);
    painter.restore();
}

void ClusteredHeatmap::drawCells(QPainter& painter, const Layout& l) const {
    // The visible cells, at most one sample per pixel of the cell area: a
    // 1000 x 20000 map draws as fast as a small one.
    const int width = std::min(columnCount_, l.cells.width());
    const int height = std::min(rowCount_, l.cells.height());
    QImage image(width, height, QImage::Format_RGB32);
    std::vector<int> columns(static_cast<std::size_t>(width));
    for (int x = 0; x < width; ++x)
        columns[std::size_t(x)] = columnOrder_[std::size_t(
            firstColumn_ + static_cast<int>((x + 0.5) * columnCount_ / width))];
    for (int y = 0; y < height; ++y) {
        const int row =
            rowOrder_[std::size_t(firstRow_ + static_cast<int>((y + 0.5) * rowCount_ / height))];
        auto* line = reinterpret_cast<QRgb*>(image.scanLine(y));
        for (int x = 0; x < width; ++x)
            line[x] = colourOf(data_.value(row, columns[std::size_t(x)]), data_.limit).rgb();
    }
    paintedCells_ = std::size_t(width) * std::size_t(height);
    painter.drawImage(l.cells, image);
}

void ClusteredHeatmap::drawMarks(QPainter& painter, const Layout& l) const {
    if (data_.q.empty() || l.cellWidth < 5 || l.cellHeight < 5)
        return; // too small to mark: the tooltip gives q
    painter.setPen(Qt::NoPen);
    painter.setBrush(Qt::black);
    const double radius = std::min(l.cellWidth, l.cellHeight) / 6;
    for (int r = 0; r < rowCount_; ++r)
        for (int c = 0; c < columnCount_; ++c) {
            const double q = data_.qValue(rowOrder_[std::size_t(firstRow_ + r)],
                                          columnOrder_[std::size_t(firstColumn_ + c)]);
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
        for (int r = 0; r < rowCount_; ++r) {
            const QRectF cell(l.rowLabels.left(), l.cells.top() + r * l.cellHeight,
                              l.rowLabels.width(), l.cellHeight);
            painter.drawText(
                cell, Qt::AlignLeft | Qt::AlignVCenter,
                metrics.elidedText(data_.rowNames[rowOrder_[std::size_t(firstRow_ + r)]],
                                   Qt::ElideRight, l.rowLabels.width()));
        }
    if (l.columnLabels.height() > 0)
        for (int c = 0; c < columnCount_; ++c) {
            painter.save();
            painter.translate(l.cells.left() + (c + 0.5) * l.cellWidth, l.columnLabels.top());
            painter.rotate(90);
            painter.drawText(
                QRectF(0, -l.cellWidth / 2, l.columnLabels.height(), l.cellWidth),
                Qt::AlignLeft | Qt::AlignVCenter,
                metrics.elidedText(data_.columnNames[columnOrder_[std::size_t(firstColumn_ + c)]],
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
                                double step, int first) {
    // Leaves outside the view lie outside `area`; the clip keeps their
    // branches off the cells.
    const std::size_t leaves = order.size();
    std::vector<double> leafAt(leaves);
    for (std::size_t i = 0; i < leaves; ++i)
        leafAt[std::size_t(order[i])] = (static_cast<double>(i) - first + 0.5) * step;
    painter.save();
    painter.setClipRect(area, Qt::IntersectClip);
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
    painter.restore();
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
    const int c =
        std::min(columnCount_ - 1, static_cast<int>((position.x() - l.cells.left()) / l.cellWidth));
    const int r =
        std::min(rowCount_ - 1, static_cast<int>((position.y() - l.cells.top()) / l.cellHeight));
    return std::make_pair(rowOrder_[std::size_t(firstRow_ + r)],
                          columnOrder_[std::size_t(firstColumn_ + c)]);
}

QRect ClusteredHeatmap::cellRect(int row, int column) const {
    const Layout l = layoutIn(rect(), fontMetrics());
    const auto r = std::find(rowOrder_.begin(), rowOrder_.end(), row) - rowOrder_.begin();
    const auto c =
        std::find(columnOrder_.begin(), columnOrder_.end(), column) - columnOrder_.begin();
    return QRectF(l.cells.left() + static_cast<double>(c - firstColumn_) * l.cellWidth,
                  l.cells.top() + static_cast<double>(r - firstRow_) * l.cellHeight, l.cellWidth,
                  l.cellHeight)
        .toRect();
}

void ClusteredHeatmap::mousePressEvent(QMouseEvent* event) {
    if (event->button() == Qt::LeftButton) {
        pressed_ = true;
        dragging_ = false;
        pressAt_ = panFrom_ = event->position();
        panRemainder_ = {};
    }
    QWidget::mousePressEvent(event);
}

void ClusteredHeatmap::mouseMoveEvent(QMouseEvent* event) {
    if (pressed_ && (event->buttons() & Qt::LeftButton) && hasData()) {
        if (!dragging_ && (event->position() - pressAt_).manhattanLength() > 4)
            dragging_ = true; // a drag, not a click
        if (dragging_) {
            const Layout l = layoutIn(rect(), fontMetrics());
            panRemainder_ += event->position() - panFrom_;
            panFrom_ = event->position();
            const int columns = static_cast<int>(panRemainder_.x() / l.cellWidth);
            const int rows = static_cast<int>(panRemainder_.y() / l.cellHeight);
            panRemainder_ -= QPointF(columns * l.cellWidth, rows * l.cellHeight);
            if (rows || columns)
                panBy(-rows, -columns); // the map follows the pointer
        }
    }
    QWidget::mouseMoveEvent(event);
}

void ClusteredHeatmap::mouseReleaseEvent(QMouseEvent* event) {
    if (event->button() == Qt::LeftButton && pressed_ && !dragging_)
        if (const auto cell = cellAt(event->position().toPoint()))
            emit cellClicked(cell->first, cell->second);
    if (event->button() == Qt::LeftButton)
        pressed_ = dragging_ = false;
    QWidget::mouseReleaseEvent(event);
}

void ClusteredHeatmap::mouseDoubleClickEvent(QMouseEvent* event) {
    resetView();
    QWidget::mouseDoubleClickEvent(event);
}

void ClusteredHeatmap::wheelEvent(QWheelEvent* event) {
    const int notches = event->angleDelta().y() / 120;
    if (notches == 0 || !hasData()) {
        QWidget::wheelEvent(event);
        return;
    }
    zoomAt(event->position(), std::pow(0.8, notches)); // away from the user zooms in
    event->accept();
}

void ClusteredHeatmap::keyPressEvent(QKeyEvent* event) {
    const QPointF centre = layoutIn(rect(), fontMetrics()).cells.center();
    const int rowStep = std::max(1, rowCount_ / 10), columnStep = std::max(1, columnCount_ / 10);
    switch (event->key()) {
    case Qt::Key_Plus:
    case Qt::Key_Equal:
        zoomAt(centre, 0.8);
        break;
    case Qt::Key_Minus:
        zoomAt(centre, 1.25);
        break;
    case Qt::Key_Left:
        panBy(0, -columnStep);
        break;
    case Qt::Key_Right:
        panBy(0, columnStep);
        break;
    case Qt::Key_Up:
        panBy(-rowStep, 0);
        break;
    case Qt::Key_Down:
        panBy(rowStep, 0);
        break;
    case Qt::Key_Home:
        resetView();
        break;
    default:
        QWidget::keyPressEvent(event);
        return;
    }
    event->accept();
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
