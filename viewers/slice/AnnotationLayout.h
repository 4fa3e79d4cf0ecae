#pragma once

#include <QRectF>
#include <QSizeF>
#include <QString>
#include <QStringList>
#include <array>
#include <functional>
#include <optional>
#include <vector>

namespace rgw::viewers {

/// The four corners of a view, in the order of AnnotationRequest::corners.
enum class Corner { TopLeft = 0, TopRight = 1, BottomLeft = 2, BottomRight = 3 };
/// The four edge midpoints, in the order of AnnotationRequest::edges.
enum class Edge { Left = 0, Right = 1, Top = 2, Bottom = 3 };

/// Size of one line of text as it will be drawn (device pixels).
using TextMeasure = std::function<QSizeF(const QString&)>;

/// What a view wants to show over its image. All sizes in device pixels.
struct AnnotationRequest {
    QSizeF viewport;
    double margin = 6;  ///< from the viewport's border
    double spacing = 6; ///< between any two annotations
    /// Lines of text per corner (top left, top right, bottom left, bottom right).
    std::array<QStringList, 4> corners;
    TextMeasure cornerFont;
    /// Orientation letters (left, right, top, bottom); empty: none.
    std::array<QString, 4> edges;
    TextMeasure edgeFont;
    /// Scale bar (bar and its label, one box) on the right edge below the
    /// middle; its height is at most scaleBarRoom().
    std::optional<QSizeF> scaleBar;
    /// Colour bar (bar and its labels, one box) on the right edge above the middle.
    std::optional<QSizeF> colourBar;
    /// A fixed box in the bottom-right corner (e.g. the 3D orientation marker).
    std::optional<QSizeF> cornerMarker;
};

/// One line of corner text as placed: what to draw and where.
struct PlacedLine {
    QString text;     ///< possibly elided
    QString fullText; ///< as requested
    QRectF rect;      ///< the drawn line's box
    bool elided() const { return text != fullText; }
};

/// Where every annotation goes: corner texts line by line (elided, or the
/// last lines dropped, when they do not fit), edge letters, bars. Whatever
/// does not fit at all is left out (empty rectangle / no value) rather than
/// drawn over something else.
struct AnnotationPlacement {
    std::array<std::vector<PlacedLine>, 4> corners;
    /// The full text of each corner when some of it was elided or dropped, else empty.
    std::array<QString, 4> cornerToolTips;
    std::array<QRectF, 4> edges; ///< empty when the letter is not drawn
    std::optional<QRectF> scaleBar;
    std::optional<QRectF> colourBar;
    std::optional<QRectF> cornerMarker;

    /// Every drawn box (lines, letters, bars, marker): no two intersect.
    std::vector<QRectF> rects() const;
    /// The full text of the corner annotation under `point` when it is shown
    /// shortened, else empty (what the view's tooltip says).
    QString toolTipAt(const QPointF& point) const;
    /// True when some corner text is shown shortened or in part.
    bool anyElided() const;
};

/// The height available to the scale bar box in a viewport (right edge,
/// between the middle letter and the bottom margin).
double scaleBarRoom(const AnnotationRequest& request);

/// Lays the annotations out so that none overlaps another at any viewport
/// size: the edge letters first (middle of each edge), then the bars in the
/// right-hand column (colour bar in the upper half, scale bar in the lower),
/// then the corner texts, each corner confined to its half of the height
/// (above or below the middle letters) and each line to the free width of its
/// row, sharing a row fairly with the opposite corner; lines too wide are
/// elided with "…", lines too many are dropped (the last one kept ends in "…").
AnnotationPlacement layoutAnnotations(const AnnotationRequest& request);

/// `text` shortened with a trailing "…" to at most `width` under `measure`
/// (empty when not even "…" fits).
QString elideToWidth(const QString& text, double width, const TextMeasure& measure);

} // namespace rgw::viewers
