#pragma once

// The PDF page flow of the report writer (internal): a cursor that moves down
// A4 pages, starting new ones when a block does not fit, and draws only when
// it has a painter. writePdf runs it twice over the same document: without a
// painter to learn the page of every section and the page count, then with
// the painter, so the table of contents and "Page n of N" are exact.

#include "report/ReportDocument.h"

#include <QFont>
#include <QList>
#include <QRectF>
#include <QString>
#include <QTextLayout>
#include <memory>

class QPaintDevice;
class QPainter;
class QPdfWriter;

namespace rgw::reportrender::detail {

struct PdfFonts {
    QFont title, subtitle, heading[3], body, table, tableHeader, caption, note, footer;
    explicit PdfFonts(const QString& family);
};

class PdfLayout {
public:
    /// `page`: the printable rectangle in device units; `painter` null =
    /// measure only; `totalPages` for the footers (0 = unknown).
    PdfLayout(QPdfWriter& writer, QPainter* painter, const QRectF& page, int totalPages);

    const PdfFonts& fonts() const { return fonts_; }
    double pt() const { return pt_; } ///< device units per typographic point
    int page() const { return page_; }
    double width() const { return body_.width(); }
    double remaining() const { return body_.bottom() - y_; }
    bool atTop() const { return y_ <= body_.top(); }

    void newPage();
    /// Starts a new page unless `height` fits below the cursor (or the page is empty).
    void ensureSpace(double height);
    void skip(double height);
    /// Draws the footer of the last page.
    void finish();

    /// Wrapped text at `indent`; lines flow onto the next page when needed.
    void text(const QString& text, const QFont& font, double indent = 0,
              const QList<QTextLayout::FormatRange>& formats = {});
    /// Height of `text` wrapped to `width`.
    double textHeight(const QString& text, const QFont& font, double width,
                      const QList<QTextLayout::FormatRange>& formats = {}) const;
    /// A line of text with `right` right-aligned on its first line (the TOC).
    void textWithRight(const QString& text, const QString& right, const QFont& font, double indent);
    void rule(double widthPt);

    void heading(const report::Section& section);
    void bulletList(const report::BulletList& list);
    void definitionList(const report::DefinitionList& list);
    void table(const report::Table& table); // PdfTable.cpp
    void figure(const report::Figure& figure);

    /// A laid-out text block (wrapped to `width`, aligned).
    std::unique_ptr<QTextLayout>
    layoutText(const QString& text, const QFont& font, double width,
               Qt::Alignment align = Qt::AlignLeft,
               const QList<QTextLayout::FormatRange>& formats = {}) const;

private:
    /// A figure's drawing size (fitted to the page) and its caption.
    struct FigureBox {
        QString caption;
        QList<QTextLayout::FormatRange> formats;
        double width = 0, height = 0, captionHeight = 0;
    };
    FigureBox figureBox(const report::Figure& figure) const;
    /// The vertical space figure() takes.
    double figureHeight(const report::Figure& figure) const;
    void footer();

    QPdfWriter& writer_;
    QPaintDevice& device_;
    QPainter* painter_;
    QRectF pageRect_, body_;
    int totalPages_;
    PdfFonts fonts_;
    double pt_;
    int page_ = 1;
    double y_;
};

/// A bold prefix of `length` characters (e.g. "Table 2.").
QList<QTextLayout::FormatRange> boldPrefix(qsizetype length, const QFont& font);

} // namespace rgw::reportrender::detail
