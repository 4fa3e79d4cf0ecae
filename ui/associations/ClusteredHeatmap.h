#pragma once

// The clustered heatmap of an association map (issue #14 §1): one cell per
// (row, column) coloured on a diverging scale symmetric about 0, rows and
// columns in their clustering's leaf order with the dendrograms drawn on the
// left and on top, a colour bar, and a mark on every cell whose FDR q is at
// most the chosen level. Pure drawing: the values, q-values and trees come
// from core::association; nothing is computed here but positions. Clicking a
// cell emits cellClicked with the cell's row and column in the data's own
// indices; hovering shows its names, value and q. render() draws the same
// picture on any QPainter (PNG, SVG, PDF export).
//
// Large maps stay interactive: only the visible part of the map (a range of
// display rows and columns) is drawn, sampled at most once per screen pixel,
// so a 1 000 × 20 000 map paints as fast as a small one. The mouse wheel
// zooms about the cursor, dragging pans, +/− and the arrow keys do the same
// from the keyboard and Home (or a double click) shows the whole map again.

#include <QString>
#include <QStringList>
#include <QWidget>
#include <optional>
#include <utility>
#include <vector>

namespace rgw::ui {

/// An agglomerative clustering as R's hclust returns it: merge step i joins
/// merges[i].first and merges[i].second, where -k is leaf k (1-based) and
/// +j is the cluster made at step j (1-based), at height heights[i].
struct DendrogramShape {
    std::vector<std::pair<int, int>> merges;
    std::vector<double> heights;
};

struct HeatmapData {
    QStringList rowNames;    ///< e.g. radiomic features
    QStringList columnNames; ///< e.g. genes
    /// rows × columns, row-major (value(r, c) = values[r * columns + c]);
    /// NaN = no value (drawn grey).
    std::vector<double> values;
    /// FDR q per cell, same layout; NaN = not tested. Empty = no marks.
    std::vector<double> q;
    double markAtQ = 0.05;        ///< cells with q <= this are marked
    QString valueName = "r";      ///< in tooltips and on the colour bar
    double limit = 1.0;           ///< the colour scale spans [-limit, limit]
    std::vector<int> rowOrder;    ///< display order (0-based); empty = as given
    std::vector<int> columnOrder; ///< display order (0-based); empty = as given
    std::optional<DendrogramShape> rowTree;
    std::optional<DendrogramShape> columnTree;

    int rows() const { return static_cast<int>(rowNames.size()); }
    int columns() const { return static_cast<int>(columnNames.size()); }
    double value(int r, int c) const { return values[std::size_t(r) * columns() + c]; }
    double qValue(int r, int c) const {
        return q.empty() ? qNaN() : q[std::size_t(r) * columns() + c];
    }
    static double qNaN();
};

class ClusteredHeatmap : public QWidget {
    Q_OBJECT
public:
    explicit ClusteredHeatmap(QWidget* parent = nullptr);

    /// Shows `data`; throws rgw::Error when its sizes or orders disagree
    /// (naming what), leaving the previous picture.
    void setData(HeatmapData data);
    const HeatmapData& data() const { return data_; }
    bool hasData() const { return data_.rows() > 0 && data_.columns() > 0; }

    /// Draws the whole figure into `area` of `painter` (export, printing).
    void render(QPainter& painter, const QRect& area) const;
    /// The data cell (row, column) under a widget position, if any.
    std::optional<std::pair<int, int>> cellAt(const QPoint& position) const;
    /// The widget rectangle of data cell (row, column) (tests, tooltips).
    QRect cellRect(int row, int column) const;
    /// The diverging colour of a value: blue (−limit) – white (0) – red (+limit);
    /// grey for NaN.
    static QColor colourOf(double value, double limit);

    /// The part shown, in display positions (the clustering's order): x =
    /// first column, y = first row, width × height = columns × rows shown.
    QRect visibleRange() const { return {firstColumn_, firstRow_, columnCount_, rowCount_}; }
    /// Shows display rows [firstRow, firstRow + rows) and columns likewise,
    /// clamped to the map (at least one of each).
    void setVisibleRange(int firstRow, int rows, int firstColumn, int columns);
    /// Shows the whole map.
    void resetView();
    /// Zooms by `factor` (< 1 in, > 1 out) keeping the cell under `position`
    /// (a widget position) where it is.
    void zoomAt(const QPointF& position, double factor);
    /// The cells the last paint sampled: at most the pixels of the cell area.
    std::size_t lastPaintedCells() const { return paintedCells_; }

    QSize minimumSizeHint() const override { return {320, 240}; }

signals:
    void cellClicked(int row, int column);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    bool event(QEvent* event) override;

private:
    /// Where the parts of the figure go inside `area`.
    struct Layout {
        QRect cells, rowTree, columnTree, rowLabels, columnLabels, colourBar;
        double cellWidth = 0, cellHeight = 0;
    };
    Layout layoutIn(const QRect& area, const QFontMetrics& metrics) const;
    void drawCells(QPainter& painter, const Layout& layout) const;
    void drawMarks(QPainter& painter, const Layout& layout) const;
    void drawLabels(QPainter& painter, const Layout& layout) const;
    void drawColourBar(QPainter& painter, const Layout& layout) const;
    static void drawTree(QPainter& painter, const DendrogramShape& tree,
                         const std::vector<int>& order, const QRect& area, bool vertical,
                         double step, int first);
    /// Moves the view by whole cells, clamped to the map.
    void panBy(int rows, int columns);

    HeatmapData data_;
    std::vector<int> rowOrder_, columnOrder_; ///< resolved display orders
    int firstRow_ = 0, rowCount_ = 0, firstColumn_ = 0, columnCount_ = 0; ///< the view
    mutable std::size_t paintedCells_ = 0;
    QPointF pressAt_;      ///< where the left button went down
    QPointF panFrom_;      ///< the last position of a drag
    QPointF panRemainder_; ///< sub-cell drag distance not yet applied
    bool pressed_ = false, dragging_ = false;
};

} // namespace rgw::ui
