#pragma once

// The content of a report as plain data: sections, paragraphs, tables and
// figures, each figure described by the numbers it shows, never by pixels.
// core/storage code assembles a Document from the database's provenance
// (the study report, the patient report); ui/report draws the same Document
// to PDF and to HTML, so both formats always hold the same content and the
// GUI and `rgw-cli report` write the same file.
//
// Cross-references: any text may contain "{ref:ANCHOR}" where ANCHOR is the
// anchor of a section, table or figure of the same document; numberDocument()
// numbers sections ("2.1"), tables and figures (1, 2, … in reading order) and
// replaces each reference with "Section 2.1", "Table 3" or "Figure 4". The
// checklists use this to cite where the report shows an item.

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace rgw::report {

/// A paragraph of plain UTF-8 text (renderers escape it).
struct Paragraph {
    std::string text;
};

/// A bulleted list of plain-text items.
struct BulletList {
    std::vector<std::string> items;
};

/// Label: value lines, e.g. "Interpolation: trilinear to 1 × 1 × 1 mm".
struct DefinitionList {
    std::vector<std::pair<std::string, std::string>> entries;
};

enum class Align { Left, Right };

struct Table {
    std::string anchor;  ///< unique in the document, e.g. "table-1"; may be empty
    std::string caption; ///< without "Table n." (the renderer writes it)
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows; ///< each row has header.size() cells
    std::vector<Align> align;                   ///< per column; empty = all left
    std::vector<std::string> notes;             ///< footnotes under the table
    int number = 0;                             ///< set by numberDocument()
};

// ---- figure contents -------------------------------------------------------

enum class LineStyle { Solid, Dashed, Dotted };
enum class SeriesKind {
    Line,  ///< points joined in order
    Steps, ///< right-continuous step function (Kaplan–Meier)
    Points ///< markers only (scatter, volcano)
};

struct PlotSeries {
    std::string label; ///< legend entry; empty = no legend entry
    SeriesKind kind = SeriesKind::Line;
    LineStyle style = LineStyle::Solid;
    std::vector<double> x, y;
    /// Optional vertical error bars (same size as x when present).
    std::vector<double> yLower, yUpper;
    /// Markers on a Steps/Line series at these x (censoring ticks).
    std::vector<double> tickX;
    std::uint32_t rgb = 0; ///< 0xRRGGBB; 0 = the renderer's palette in series order
};

struct AxisRange {
    double min = 0, max = 1;
};

/// x–y plot: ROC, calibration, decision curve, Kaplan–Meier, scatter, volcano.
struct XYPlot {
    std::string xLabel, yLabel;
    std::optional<AxisRange> xRange, yRange; ///< empty = from the data
    std::vector<PlotSeries> series;
    /// Horizontal / vertical reference lines (e.g. −log10(0.05)).
    std::vector<double> horizontalLines, verticalLines;
    /// Short text lines drawn inside the plot's top-left corner
    /// ("AUC 0.81 (95 % CI 0.72–0.90)").
    std::vector<std::string> annotations;
};

/// Horizontal bars with optional intervals: coefficient / forest plots.
struct BarPlot {
    std::string valueLabel;          ///< axis title, e.g. "log odds ratio"
    std::vector<std::string> labels; ///< one per bar, top to bottom
    std::vector<double> values;
    std::vector<double> lower, upper;    ///< optional CI per bar (empty or labels.size())
    std::optional<double> referenceLine; ///< e.g. 0 or 1
};

/// The cohort flow diagram (CONSORT style): a column of boxes with the
/// exclusions branching to the side, and one box per split at the end.
struct FlowDiagram {
    std::string startText; ///< "Patients in the database (n = 120)"
    struct Exclusion {
        std::string reason;
        std::size_t count = 0;
    };
    std::vector<Exclusion> exclusions;   ///< in curation order
    std::string finalText;               ///< "Included (n = 100)"
    std::vector<std::string> splitTexts; ///< "Training (n = 70)", "Test (n = 30)"
};

/// A matrix of values with a diverging colour scale; marked cells (e.g.
/// FDR < 0.05) carry a dot. Rows/columns already in display order.
struct HeatmapPlot {
    std::vector<std::string> rowLabels, columnLabels;
    std::vector<double> values;       ///< row-major, rows × columns; NaN = blank cell
    std::vector<std::uint8_t> marked; ///< same size as values, or empty
    double limit = 1;                 ///< colour scale runs −limit … +limit
    std::string valueLabel;           ///< colour-bar title, e.g. "Spearman ρ"
};

/// A nomogram: one points axis, one axis per predictor with its tick labels
/// at their point positions, the total-points axis and the outcome axes.
struct NomogramPlot {
    struct Tick {
        double position = 0; ///< on the axis' own points scale
        std::string label;
    };
    struct Axis {
        std::string title;
        std::vector<Tick> ticks;
    };
    Axis points;                  ///< 0 … 100
    std::vector<Axis> predictors; ///< positions in points (0 … 100)
    Axis totalPoints;
    std::vector<Axis> outcomes; ///< positions in total points
};

/// A grey-level slice with ROI contours: the key image of a patient.
struct KeyImage {
    int columns = 0, rows = 0;
    std::vector<float> pixels; ///< row-major, rows × columns, in the image's unit
    double windowCentre = 0, windowWidth = 1;
    double pixelSpacingX = 1, pixelSpacingY = 1; ///< mm; keeps the aspect ratio
    /// Closed polygons in pixel coordinates (column, row), one per contour.
    std::vector<std::vector<std::pair<double, double>>> contours;
    std::uint32_t contourRgb = 0xff3030;
    std::string orientationText; ///< e.g. "axial slice 42 of 88, z = −120.5 mm"
};

using FigureContent =
    std::variant<XYPlot, BarPlot, FlowDiagram, HeatmapPlot, NomogramPlot, KeyImage>;

struct Figure {
    std::string anchor;
    std::string caption; ///< without "Figure n."
    FigureContent content;
    /// Relative size on the page: 1 = full text width; height as a fraction
    /// of the width.
    double widthFraction = 0.8, aspect = 0.75;
    int number = 0; ///< set by numberDocument()
};

/// Starts a new page in the PDF (ignored in HTML): the patient appendix.
struct PageBreak {};

using Block = std::variant<Paragraph, BulletList, DefinitionList, Table, Figure, PageBreak>;

struct Section {
    int level = 1; ///< 1 = chapter, 2, 3
    std::string anchor;
    std::string title;
    std::vector<Block> blocks;
    std::string number; ///< "2.1", set by numberDocument()
};

struct Document {
    std::string title;
    std::vector<std::string> subtitle; ///< lines under the title (cohort, date, version)
    bool tableOfContents = true;
    std::vector<Section> sections; ///< in reading order, levels nest as in a book
};

/// Numbers sections (per level, "1", "1.1", …), tables and figures (one
/// counter each, in reading order) and replaces every "{ref:ANCHOR}" in
/// paragraphs, list items, definitions, table cells, notes and captions by
/// "Section N", "Table N" or "Figure N". Throws rgw::Error naming the
/// anchor when two elements share one or a reference names none.
void numberDocument(Document& document);

} // namespace rgw::report
