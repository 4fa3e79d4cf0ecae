#pragma once

// Shared look of the report figures (fonts, strokes, palette, ticks) so each
// painter in FigurePainters.h stays small and all figures match.

#include <QColor>
#include <QFont>
#include <QString>
#include <cstdint>
#include <string>
#include <vector>

class QPainter;
class QRectF;

namespace rgw::reportrender {

/// UTF-8 std::string to QString.
inline QString qs(const std::string& text) {
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

/// Device units per typographic point of the painter's device.
double pointUnit(const QPainter& painter);

/// The figure font at `points` size (bold when asked), without ligatures.
QFont figureFont(double points, bool bold = false);

/// Turns off ligatures ("fi" → "ﬁ"), which would make the PDF's text
/// unsearchable and unextractable ("Definition" read back as "Deﬁnition").
/// Qt 6.4 has no QFont::setFeature; any non-zero letter spacing makes its
/// shaper drop them, so this adds the smallest one (1/64 device pixel).
void disableLigatures(QFont& font);

/// 0xRRGGBB as a colour.
QColor rgbColour(std::uint32_t rgb);
/// The colour of series `index` when the series gives none (colour-blind safe).
QColor paletteColour(std::size_t index);

/// Draws "no data" (and `why`, when given) centred in `area` with a thin frame.
void drawNoData(QPainter& painter, const QRectF& area, const QString& why = {});

/// About `target` round tick values (1, 2, 5 × 10^k) covering [lo, hi].
std::vector<double> niceTicks(double lo, double hi, int target = 6);
/// A tick label: as few digits as the tick step needs, "−" for minus.
QString tickLabel(double value, double step);

/// Linear map from data [lo, hi] to device [from, to].
struct LinearScale {
    double lo = 0, hi = 1, from = 0, to = 1;
    double operator()(double v) const {
        return hi == lo ? (from + to) / 2 : from + (v - lo) / (hi - lo) * (to - from);
    }
};

} // namespace rgw::reportrender
