#include "slice/AnnotationLayout.h"

#include <algorithm>
#include <cmath>

namespace rgw::viewers {

namespace {

const QString kEllipsis = QString(QChar(0x2026));

bool isRight(int corner) {
    return corner == int(Corner::TopRight) || corner == int(Corner::BottomRight);
}
bool isTop(int corner) {
    return corner == int(Corner::TopLeft) || corner == int(Corner::TopRight);
}

bool overlapsVertically(const QRectF& r, double top, double bottom, double spacing) {
    return r.top() < bottom + spacing && r.bottom() > top - spacing;
}

// The vertical extent of the middle band (left and right letters with spacing).
struct Bands {
    double upperTop, upperBottom; ///< where the top corners' lines may go
    double lowerTop, lowerBottom; ///< where the bottom corners' lines may go
};

Bands bandsOf(const AnnotationRequest& request, const std::array<QRectF, 4>& edges) {
    const double h = request.viewport.height();
    double midTop = h / 2.0, midBottom = h / 2.0;
    for (const Edge e : {Edge::Left, Edge::Right}) {
        const QRectF& r = edges[std::size_t(e)];
        if (r.isEmpty())
            continue;
        midTop = std::min(midTop, r.top());
        midBottom = std::max(midBottom, r.bottom());
    }
    const double s = request.spacing / 2.0;
    return {request.margin, midTop - s, midBottom + s, h - request.margin};
}

std::array<QRectF, 4> placeEdges(const AnnotationRequest& request) {
    std::array<QRectF, 4> out;
    const double w = request.viewport.width(), h = request.viewport.height(), m = request.margin;
    const QRectF viewport(QPointF(0, 0), request.viewport);
    for (int n = 0; n < 4; ++n) {
        const QString& text = request.edges[std::size_t(n)];
        if (text.isEmpty() || !request.edgeFont)
            continue;
        const QSizeF size = request.edgeFont(text);
        QPointF at;
        switch (static_cast<Edge>(n)) {
        case Edge::Left:
            at = {m, h / 2.0 - size.height() / 2.0};
            break;
        case Edge::Right:
            at = {w - m - size.width(), h / 2.0 - size.height() / 2.0};
            break;
        case Edge::Top:
            at = {w / 2.0 - size.width() / 2.0, m};
            break;
        case Edge::Bottom:
            at = {w / 2.0 - size.width() / 2.0, h - m - size.height()};
            break;
        }
        const QRectF rect(at, size);
        const bool clear = std::none_of(out.begin(), out.end(), [&](const QRectF& r) {
            return !r.isEmpty() &&
                   r.adjusted(-request.spacing, -request.spacing, request.spacing, request.spacing)
                       .intersects(rect);
        });
        if (clear && viewport.contains(rect))
            out[std::size_t(n)] = rect;
    }
    return out;
}

bool clearOf(const QRectF& rect, const std::vector<QRectF>& placed, double spacing) {
    const QRectF grown = rect.adjusted(-spacing, -spacing, spacing, spacing);
    return std::none_of(placed.begin(), placed.end(),
                        [&](const QRectF& r) { return r.intersects(grown); });
}

// Shares `span` between a left and a right line of natural widths `left`
// and `right` with `gap` between them.
std::pair<double, double> share(double span, double left, double right, double gap) {
    const double total = std::max(0.0, span - gap);
    if (left + right <= total)
        return {left, right};
    if (left <= total / 2.0)
        return {left, total - left};
    if (right <= total / 2.0)
        return {total - right, right};
    return {total / 2.0, total / 2.0};
}

} // namespace

QString elideToWidth(const QString& text, double width, const TextMeasure& measure) {
    if (text.isEmpty() || measure(text).width() <= width)
        return text;
    // Longest prefix whose "prefix…" fits (binary search on the length).
    qsizetype lo = 0, hi = text.size() - 1;
    if (measure(kEllipsis).width() > width)
        return {};
    while (lo < hi) {
        const qsizetype mid = (lo + hi + 1) / 2;
        if (measure(text.left(mid) + kEllipsis).width() <= width)
            lo = mid;
        else
            hi = mid - 1;
    }
    return text.left(lo).trimmed() + kEllipsis;
}

double scaleBarRoom(const AnnotationRequest& request) {
    const Bands bands = bandsOf(request, placeEdges(request));
    double room = bands.lowerBottom - (bands.lowerTop + request.spacing / 2.0);
    if (request.cornerMarker)
        room -= request.cornerMarker->height() + request.spacing;
    return std::max(0.0, room);
}

AnnotationPlacement layoutAnnotations(const AnnotationRequest& request) {
    AnnotationPlacement out;
    const double w = request.viewport.width(), m = request.margin, s = request.spacing;
    if (w <= 2 * m || request.viewport.height() <= 2 * m)
        return out;
    out.edges = placeEdges(request);
    const Bands bands = bandsOf(request, out.edges);

    std::vector<QRectF> placed; // everything but the corner lines
    for (const auto& r : out.edges)
        if (!r.isEmpty())
            placed.push_back(r);
    std::vector<QRectF> column; // boxes on the right edge the right corners keep clear of

    const auto tryPlace = [&](std::optional<QRectF>& slot, const QRectF& rect) {
        const QRectF inside(QPointF(m, m), request.viewport - QSizeF(2 * m, 2 * m));
        if (rect.width() <= 0 || rect.height() <= 0 || !inside.contains(rect) ||
            !clearOf(rect, placed, s))
            return;
        slot = rect;
        placed.push_back(rect);
        column.push_back(rect);
    };
    if (request.cornerMarker) {
        const QSizeF size = *request.cornerMarker;
        tryPlace(out.cornerMarker,
                 QRectF(QPointF(w - m - size.width(), bands.lowerBottom - size.height()), size));
    }
    if (request.colourBar) {
        // Bottom on the middle band, as tall as asked or as the upper half allows.
        const double top = bands.upperTop, bottom = bands.upperBottom - s / 2.0;
        const double height = std::min(request.colourBar->height(), bottom - top);
        if (height >= 0.4 * request.colourBar->height())
            tryPlace(out.colourBar, QRectF(w - m - request.colourBar->width(), bottom - height,
                                           request.colourBar->width(), height));
    }
    if (request.scaleBar) {
        const double top = bands.lowerTop + s / 2.0;
        const double height = std::min(request.scaleBar->height(), scaleBarRoom(request));
        if (height >= 4.0)
            tryPlace(out.scaleBar, QRectF(w - m - request.scaleBar->width(), top,
                                          request.scaleBar->width(), height));
    }

    if (!request.cornerFont)
        return out;
    const double lineHeight = request.cornerFont(QStringLiteral("Ag")).height();
    const double pitch = lineHeight + 1.0;

    // Rows that fit each half, and the lines each corner keeps.
    const auto rowsIn = [&](double top, double bottom) {
        return std::max(0, static_cast<int>(std::floor((bottom - top + 1.0) / pitch)));
    };
    const int upperRows = rowsIn(bands.upperTop, bands.upperBottom);
    const int lowerRows = rowsIn(bands.lowerTop, bands.lowerBottom);
    std::array<QStringList, 4> kept;
    std::array<bool, 4> dropped{};
    for (int c = 0; c < 4; ++c) {
        const QStringList& lines = request.corners[std::size_t(c)];
        const int rows = isTop(c) ? upperRows : lowerRows;
        kept[std::size_t(c)] = lines.mid(0, std::min<qsizetype>(rows, lines.size()));
        // Only lines with text count as dropped: an empty line left out loses
        // nothing, so it earns neither an ellipsis nor a tooltip.
        dropped[std::size_t(c)] =
            std::any_of(lines.begin() + kept[std::size_t(c)].size(), lines.end(),
                        [](const QString& line) { return !line.isEmpty(); });
    }
    // Top of the row-th line of a corner.
    const auto rowTop = [&](int c, int row) {
        if (isTop(c))
            return bands.upperTop + row * pitch;
        const auto n = kept[std::size_t(c)].size();
        return bands.lowerBottom - lineHeight - double(n - 1 - row) * pitch;
    };

    // Right corners keep clear of the right-hand column where their lines run.
    std::array<double, 4> anchorRight{};
    for (int c = 0; c < 4; ++c) {
        double anchor = w - m;
        for (int row = 0; row < kept[std::size_t(c)].size(); ++row) {
            const double top = rowTop(c, row);
            for (const auto& r : column)
                if (overlapsVertically(r, top, top + lineHeight, s))
                    anchor = std::min(anchor, r.left() - s);
        }
        anchorRight[std::size_t(c)] = anchor;
    }

    // Lines are paired by their vertical position: the same band holds row r
    // of the left corner and the line of the right corner at the same top.
    for (const auto& [left, right] :
         {std::pair{int(Corner::TopLeft), int(Corner::TopRight)},
          std::pair{int(Corner::BottomLeft), int(Corner::BottomRight)}}) {
        std::vector<double> tops;
        for (const int c : {left, right})
            for (int row = 0; row < kept[std::size_t(c)].size(); ++row) {
                const double t = rowTop(c, row);
                if (std::none_of(tops.begin(), tops.end(),
                                 [t](double u) { return std::abs(u - t) < 0.5; }))
                    tops.push_back(t);
            }
        for (const double top : tops) {
            const double bottom = top + lineHeight;
            // Free interval from the left margin and the one ending at the right anchor.
            const auto rowOf = [&](int c) -> int {
                for (int row = 0; row < kept[std::size_t(c)].size(); ++row)
                    if (std::abs(rowTop(c, row) - top) < 0.5)
                        return row;
                return -1;
            };
            const int leftRow = rowOf(left), rightRow = rowOf(right);
            const double rightEnd = anchorRight[std::size_t(right)];
            double leftEnd = rightRow >= 0 ? rightEnd : anchorRight[std::size_t(left)];
            if (rightRow < 0) // a lone left line also keeps clear of the right column
                for (const auto& r : column)
                    if (overlapsVertically(r, top, bottom, s))
                        leftEnd = std::min(leftEnd, r.left() - s);
            double leftLimit = leftEnd, rightStart = m;
            std::vector<QRectF> inRow;
            for (const auto& r : placed)
                if (overlapsVertically(r, top, bottom, s) && r.right() <= rightEnd + s &&
                    r.left() >= m - s)
                    inRow.push_back(r);
            for (const auto& r : inRow) {
                leftLimit = std::min(leftLimit, r.left() - s);
                rightStart = std::max(rightStart, r.right() + s);
            }
            const auto natural = [&](int c, int row) {
                if (row < 0)
                    return 0.0;
                QString text = kept[std::size_t(c)][row];
                if (dropped[std::size_t(c)] && row == kept[std::size_t(c)].size() - 1)
                    text += kEllipsis;
                return request.cornerFont(text).width();
            };
            double leftWidth = leftLimit - m, rightWidth = rightEnd - rightStart;
            if (inRow.empty() && leftRow >= 0 && rightRow >= 0) {
                const auto [l, r] =
                    share(rightEnd - m, natural(left, leftRow), natural(right, rightRow), s);
                leftWidth = l;
                rightWidth = r;
            }
            const auto placeLine = [&](int c, int row, double width) {
                if (row < 0)
                    return;
                const QString full = request.corners[std::size_t(c)][row];
                QString text;
                if (dropped[std::size_t(c)] && row == kept[std::size_t(c)].size() - 1) {
                    // The last kept line says that more follows.
                    text = elideToWidth(full, width - request.cornerFont(kEllipsis).width(),
                                        request.cornerFont);
                    if (!text.endsWith(kEllipsis) &&
                        request.cornerFont(kEllipsis).width() <= std::max(0.0, width))
                        text += kEllipsis;
                } else {
                    text = elideToWidth(full, std::max(0.0, width), request.cornerFont);
                }
                PlacedLine line{text, full, {}};
                if (!text.isEmpty()) {
                    const QSizeF size(request.cornerFont(text).width(), lineHeight);
                    const double x = isRight(c) ? rightEnd - size.width() : m;
                    line.rect = QRectF(QPointF(x, top), size);
                }
                out.corners[std::size_t(c)].push_back(line);
            };
            placeLine(left, leftRow, leftWidth);
            placeLine(right, rightRow, rightWidth);
        }
    }
    for (int c = 0; c < 4; ++c) {
        bool shortened = dropped[std::size_t(c)];
        for (const auto& line : out.corners[std::size_t(c)])
            shortened = shortened || line.elided();
        if (shortened)
            out.cornerToolTips[std::size_t(c)] = request.corners[std::size_t(c)].join('\n');
    }
    return out;
}

std::vector<QRectF> AnnotationPlacement::rects() const {
    std::vector<QRectF> out;
    for (const auto& lines : corners)
        for (const auto& line : lines)
            if (!line.rect.isEmpty())
                out.push_back(line.rect);
    for (const auto& r : edges)
        if (!r.isEmpty())
            out.push_back(r);
    for (const auto& r : {scaleBar, colourBar, cornerMarker})
        if (r)
            out.push_back(*r);
    return out;
}

QString AnnotationPlacement::toolTipAt(const QPointF& point) const {
    for (std::size_t c = 0; c < corners.size(); ++c) {
        if (cornerToolTips[c].isEmpty())
            continue;
        for (const auto& line : corners[c])
            if (line.rect.contains(point))
                return cornerToolTips[c];
    }
    return {};
}

bool AnnotationPlacement::anyElided() const {
    return std::any_of(cornerToolTips.begin(), cornerToolTips.end(),
                       [](const QString& t) { return !t.isEmpty(); });
}

} // namespace rgw::viewers
