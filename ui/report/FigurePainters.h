#pragma once

// One painter function per figure kind of rgw::report::FigureContent. Each
// draws the figure's numbers as vector graphics (lines, paths, text) into
// `area` of any QPainter: the PDF page (QPdfWriter), an SVG file
// (QSvgGenerator) or an image, so the PDF and the HTML report show the same
// drawing. Sizes of text and strokes are in typographic points, converted
// with the device's resolution, so a figure looks the same on every device.
// Figures without finite data draw "no data" instead of failing.

#include "report/ReportDocument.h"

class QPainter;
class QRectF;

namespace rgw::reportrender {

/// Draws any figure content into `area` (dispatches on the kind).
void paintFigure(QPainter& painter, const QRectF& area, const report::FigureContent& content);

/// x–y plot: axes with nice ticks, Line/Steps/Points series, dashes, error
/// bars, censoring ticks, legend, reference lines and annotations.
void paintXYPlot(QPainter& painter, const QRectF& area, const report::XYPlot& plot);
/// Horizontal bars from the reference line (or 0) with CI whiskers.
void paintBarPlot(QPainter& painter, const QRectF& area, const report::BarPlot& plot);
/// CONSORT boxes: start, side boxes of the exclusions, final, one per split.
void paintFlowDiagram(QPainter& painter, const QRectF& area, const report::FlowDiagram& flow);
/// Diverging blue–white–red cells with marks, labels and a colour bar.
void paintHeatmap(QPainter& painter, const QRectF& area, const report::HeatmapPlot& heatmap);
/// Stacked nomogram axes with their ticks and labels.
void paintNomogram(QPainter& painter, const QRectF& area, const report::NomogramPlot& nomogram);
/// The window/levelled slice at its physical aspect ratio, the contours as
/// vector polylines on top and the orientation text under it.
void paintKeyImage(QPainter& painter, const QRectF& area, const report::KeyImage& image);

} // namespace rgw::reportrender
