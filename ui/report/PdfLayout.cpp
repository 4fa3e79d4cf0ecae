#include "PdfLayout.h"

#include "FigurePainters.h"
#include "FigureStyle.h"
#include "RenderCommon.h"

#include <QPainter>
#include <QPdfWriter>
#include <QTextLine>
#include <algorithm>

namespace rgw::reportrender::detail {
namespace {

QFont fontOf(const QString& family, double points, bool bold = false, bool italic = false) {
    QFont font(family);
    font.setStyleHint(QFont::SansSerif);
    font.setPointSizeF(points);
    font.setBold(bold);
    font.setItalic(italic);
    disableLigatures(font);
    return font;
}

constexpr double kFooterBand = 22; // points reserved at the bottom of each page

} // namespace

PdfFonts::PdfFonts(const QString& family)
    : title(fontOf(family, 20, true)),
      subtitle(fontOf(family, 11)), heading{fontOf(family, 15, true), fontOf(family, 12.5, true),
                                            fontOf(family, 11, true)},
      body(fontOf(family, 10)), table(fontOf(family, 8.5)), tableHeader(fontOf(family, 8.5, true)),
      caption(fontOf(family, 9)), note(fontOf(family, 8, false, true)), footer(fontOf(family, 8)) {}

QList<QTextLayout::FormatRange> boldPrefix(qsizetype length, const QFont& font) {
    QTextLayout::FormatRange range;
    range.start = 0;
    range.length = int(length);
    QFont bold = font;
    bold.setBold(true);
    range.format.setFont(bold);
    return {range};
}

PdfLayout::PdfLayout(QPdfWriter& writer, QPainter* painter, const QRectF& page, int totalPages)
    : writer_(writer), device_(writer), painter_(painter), pageRect_(page), totalPages_(totalPages),
      fonts_(QStringLiteral("DejaVu Sans")), pt_(writer.logicalDpiY() / 72.0) {
    body_ = pageRect_.adjusted(0, 0, 0, -kFooterBand * pt_);
    y_ = body_.top();
}

void PdfLayout::footer() {
    if (!painter_)
        return;
    painter_->save();
    painter_->setFont(fonts_.footer);
    painter_->setPen(QColor(0x44, 0x44, 0x44));
    const QString text = totalPages_ > 0
                             ? QStringLiteral("Page %1 of %2").arg(page_).arg(totalPages_)
                             : QStringLiteral("Page %1").arg(page_);
    painter_->drawText(QRectF(pageRect_.left(), body_.bottom(), pageRect_.width(),
                              pageRect_.bottom() - body_.bottom()),
                       Qt::AlignHCenter | Qt::AlignBottom, text);
    painter_->restore();
}

void PdfLayout::newPage() {
    footer();
    if (painter_)
        writer_.newPage();
    ++page_;
    y_ = body_.top();
}

void PdfLayout::finish() {
    footer();
}

void PdfLayout::ensureSpace(double height) {
    if (!atTop() && height > remaining())
        newPage();
}

void PdfLayout::skip(double height) {
    if (!atTop())
        y_ = std::min(y_ + height, body_.bottom());
}

std::unique_ptr<QTextLayout>
PdfLayout::layoutText(const QString& text, const QFont& font, double width, Qt::Alignment align,
                      const QList<QTextLayout::FormatRange>& formats) const {
    auto layout = std::make_unique<QTextLayout>(text, font, &device_);
    QTextOption option;
    option.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    option.setAlignment(align);
    layout->setTextOption(option);
    layout->setFormats(formats);
    layout->beginLayout();
    double y = 0;
    for (QTextLine line = layout->createLine(); line.isValid(); line = layout->createLine()) {
        line.setLineWidth(std::max(width, 1.0));
        line.setPosition(QPointF(0, y));
        y += line.height() * 1.12;
    }
    layout->endLayout();
    return layout;
}

double PdfLayout::textHeight(const QString& text, const QFont& font, double width,
                             const QList<QTextLayout::FormatRange>& formats) const {
    const auto layout = layoutText(text, font, width, Qt::AlignLeft, formats);
    const int n = layout->lineCount();
    return n ? layout->lineAt(n - 1).y() + layout->lineAt(n - 1).height() * 1.12 : 0.0;
}

void PdfLayout::text(const QString& text, const QFont& font, double indent,
                     const QList<QTextLayout::FormatRange>& formats) {
    const auto layout = layoutText(text, font, width() - indent, Qt::AlignLeft, formats);
    if (painter_)
        painter_->setPen(Qt::black);
    for (int i = 0; i < layout->lineCount(); ++i) {
        const QTextLine line = layout->lineAt(i);
        const double h = line.height() * 1.12;
        ensureSpace(h);
        if (painter_)
            line.draw(painter_, QPointF(body_.left() + indent, y_ - line.y()));
        y_ += h;
    }
}

void PdfLayout::textWithRight(const QString& text, const QString& right, const QFont& font,
                              double indent) {
    const double rightW = 40 * pt_;
    const auto layout = layoutText(text, font, width() - indent - rightW);
    if (painter_)
        painter_->setPen(Qt::black);
    for (int i = 0; i < layout->lineCount(); ++i) {
        const QTextLine line = layout->lineAt(i);
        const double h = line.height() * 1.12;
        ensureSpace(h);
        if (painter_) {
            line.draw(painter_, QPointF(body_.left() + indent, y_ - line.y()));
            if (i == 0) {
                painter_->setFont(font);
                painter_->setPen(Qt::black);
                painter_->drawText(QRectF(body_.right() - rightW, y_, rightW, line.height()),
                                   Qt::AlignRight | Qt::AlignVCenter, right);
            }
        }
        y_ += h;
    }
}

void PdfLayout::rule(double widthPt) {
    if (painter_) {
        painter_->setPen(QPen(Qt::black, widthPt * pt_));
        painter_->drawLine(QPointF(body_.left(), y_), QPointF(body_.right(), y_));
    }
    y_ += widthPt * pt_;
}

void PdfLayout::heading(const report::Section& section) {
    const int level = std::clamp(section.level, 1, 3);
    const QFont& font = fonts_.heading[level - 1];
    const QString text = qs(numberedHeading(section));
    skip((level == 1 ? 14 : 9) * pt_);
    // Keep the heading with the start of what follows: a whole figure, a
    // table's caption, header and first rows, else about three lines.
    double keep = 40 * pt_;
    if (!section.blocks.empty()) {
        if (const auto* figure = std::get_if<report::Figure>(&section.blocks.front()))
            keep = figureHeight(*figure);
        else if (std::holds_alternative<report::Table>(section.blocks.front()))
            keep = 80 * pt_;
    }
    ensureSpace(textHeight(text, font, width()) + 3 * pt_ + keep);
    this->text(text, font);
    y_ += 3 * pt_;
}

PdfLayout::FigureBox PdfLayout::figureBox(const report::Figure& figure) const {
    FigureBox box;
    box.caption = qs(numberedCaption("Figure", figure.number, figure.caption));
    box.formats = boldPrefix(box.caption.indexOf(u'.') + 1, fonts_.caption);
    box.captionHeight = textHeight(box.caption, fonts_.caption, width(), box.formats);
    box.width = width() * std::clamp(figure.widthFraction, 0.1, 1.0);
    box.height = box.width * std::clamp(figure.aspect, 0.05, 3.0);
    const double maxH = body_.height() - box.captionHeight - 12 * pt_;
    if (box.height > maxH) {
        box.width *= maxH / box.height;
        box.height = maxH;
    }
    return box;
}

double PdfLayout::figureHeight(const report::Figure& figure) const {
    const FigureBox box = figureBox(figure);
    return 4 * pt_ + box.height + 4 * pt_ + box.captionHeight;
}

void PdfLayout::bulletList(const report::BulletList& list) {
    const double indent = 14 * pt_;
    for (const std::string& item : list.items) {
        const auto first = layoutText(qs(item), fonts_.body, width() - indent);
        ensureSpace(first->lineCount() ? first->lineAt(0).height() * 1.12 : 0);
        if (painter_) {
            painter_->setFont(fonts_.body);
            painter_->setPen(Qt::black);
            painter_->drawText(QRectF(body_.left() + 4 * pt_, y_, indent, 20 * pt_),
                               Qt::AlignLeft | Qt::AlignTop, QString(QChar(0x2022)));
        }
        text(qs(item), fonts_.body, indent);
        y_ += 2 * pt_;
    }
    y_ += 4 * pt_;
}

void PdfLayout::definitionList(const report::DefinitionList& list) {
    for (const auto& [term, definition] : list.entries) {
        const QString label = qs(term) + QStringLiteral(": ");
        text(label + qs(definition), fonts_.body, 0, boldPrefix(label.size(), fonts_.body));
        y_ += 1 * pt_;
    }
    y_ += 4 * pt_;
}

void PdfLayout::figure(const report::Figure& figure) {
    const FigureBox box = figureBox(figure);
    skip(4 * pt_);
    ensureSpace(box.height + 4 * pt_ + box.captionHeight);
    if (painter_) {
        const QRectF area(body_.left() + (width() - box.width) / 2, y_, box.width, box.height);
        painter_->save();
        painter_->setClipRect(area);
        paintFigure(*painter_, area, figure.content);
        painter_->restore();
    }
    y_ += box.height + 4 * pt_;
    text(box.caption, fonts_.caption, 0, box.formats);
    y_ += 8 * pt_;
}

} // namespace rgw::reportrender::detail
