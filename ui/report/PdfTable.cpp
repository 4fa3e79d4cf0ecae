// PdfLayout::table: a booktabs-style table (rules above and under the
// header and at the end, none between rows) whose columns take their natural
// width when the page allows and wrap otherwise; when rows continue on the
// next page the header is drawn again under "Table n (continued)".

#include "FigureStyle.h"
#include "PdfLayout.h"
#include "RenderCommon.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QTextLine>
#include <algorithm>
#include <numeric>

namespace rgw::reportrender::detail {
namespace {

/// Column widths within `available`: the natural widths when they fit; else
/// each column's width is its natural width capped at one common limit and
/// never below its longest word (`minimum`), the limit chosen so that the
/// columns fill the page: narrow columns (an item number, "reported", a p
/// value) keep their text on one line and only the widest columns wrap. When
/// even the longest words do not fit, the common limit caps the words instead,
/// so only the columns with the longest words (a 64-digit hash) break inside
/// them. (Shrinking every column in proportion broke "Item" and ordinary
/// words of the CLEAR table whenever one cell held a hash.)
std::vector<double> columnWidths(const std::vector<double>& natural,
                                 const std::vector<double>& minimum, double available) {
    const double total = std::accumulate(natural.begin(), natural.end(), 0.0);
    if (total <= available)
        return natural;
    const double least = std::accumulate(minimum.begin(), minimum.end(), 0.0);
    const bool wordsFit = least < available;
    const auto widthAt = [&](std::size_t c, double limit) {
        return wordsFit ? std::max(minimum[c], std::min(natural[c], limit))
                        : std::min(minimum[c], limit);
    };
    const auto sumAt = [&](double limit) {
        double sum = 0;
        for (std::size_t c = 0; c < natural.size(); ++c)
            sum += widthAt(c, limit);
        return sum;
    };
    // sumAt grows with the limit: bisect for the limit that fills `available`.
    double low = 0, high = *std::max_element(natural.begin(), natural.end());
    for (int i = 0; i < 60; ++i) {
        const double mid = 0.5 * (low + high);
        (sumAt(mid) <= available ? low : high) = mid;
    }
    std::vector<double> widths(natural.size());
    for (std::size_t c = 0; c < natural.size(); ++c)
        widths[c] = widthAt(c, low);
    // Hand what rounding left over to the widest column.
    const double rest = available - std::accumulate(widths.begin(), widths.end(), 0.0);
    if (rest > 0)
        *std::max_element(widths.begin(), widths.end()) += rest;
    return widths;
}

/// The advance of the widest space-separated word of `text`.
double longestWord(const QFontMetricsF& fm, const std::string& text) {
    double widest = 0;
    for (const QString& word : qs(text).split(u' ', Qt::SkipEmptyParts))
        widest = std::max(widest, fm.horizontalAdvance(word));
    return widest;
}

double layoutHeight(const QTextLayout& layout) {
    const int n = layout.lineCount();
    return n ? layout.lineAt(n - 1).y() + layout.lineAt(n - 1).height() * 1.12 : 0.0;
}

} // namespace

void PdfLayout::table(const report::Table& table) {
    const QString caption = qs(numberedCaption("Table", table.number, table.caption));
    const auto captionFormats = boldPrefix(caption.indexOf(u'.') + 1, fonts_.caption);
    const double pad = 3 * pt_, vpad = 1.5 * pt_;
    const std::size_t columns = table.header.size();
    auto alignOf = [&](std::size_t c) {
        return c < table.align.size() && table.align[c] == report::Align::Right ? Qt::AlignRight
                                                                                : Qt::AlignLeft;
    };

    std::vector<double> natural(columns, 0.0), minimum(columns, 0.0);
    const QFontMetricsF hm(fonts_.tableHeader, &device_), cm(fonts_.table, &device_);
    for (std::size_t c = 0; c < columns; ++c) {
        natural[c] = hm.horizontalAdvance(qs(table.header[c]));
        minimum[c] = longestWord(hm, table.header[c]);
        for (const auto& row : table.rows) {
            natural[c] = std::max(natural[c], cm.horizontalAdvance(qs(row[c])));
            minimum[c] = std::max(minimum[c], longestWord(cm, row[c]));
        }
        natural[c] += 2 * pad + 1 * pt_;
        minimum[c] += 2 * pad + 1 * pt_;
    }
    const std::vector<double> widths = columnWidths(natural, minimum, width());
    const double tableW = std::accumulate(widths.begin(), widths.end(), 0.0);

    using Row = std::vector<std::unique_ptr<QTextLayout>>;
    auto layoutRow = [&](const std::vector<std::string>& cells, const QFont& font, double& height) {
        Row row;
        height = 0;
        for (std::size_t c = 0; c < columns; ++c) {
            row.push_back(layoutText(qs(cells[c]), font, widths[c] - 2 * pad, alignOf(c)));
            height = std::max(height, layoutHeight(*row.back()));
        }
        height += 2 * vpad;
        return row;
    };
    auto drawRow = [&](const Row& row, double height) {
        if (painter_) {
            painter_->setPen(Qt::black);
            double x = body_.left();
            for (std::size_t c = 0; c < columns; ++c) {
                row[c]->draw(painter_, QPointF(x + pad, y_ + vpad));
                x += widths[c];
            }
        }
        y_ += height;
    };
    auto tableRule = [&](double widthPt) {
        if (painter_) {
            painter_->setPen(QPen(Qt::black, widthPt * pt_));
            painter_->drawLine(QPointF(body_.left(), y_), QPointF(body_.left() + tableW, y_));
        }
        y_ += widthPt * pt_ + 0.5 * pt_;
    };

    double headerH = 0;
    const Row header = layoutRow(table.header, fonts_.tableHeader, headerH);
    double firstH = cm.height() + 2 * vpad;
    if (!table.rows.empty())
        layoutRow(table.rows.front(), fonts_.table, firstH);
    const double captionH = textHeight(caption, fonts_.caption, width(), captionFormats);
    skip(6 * pt_);
    ensureSpace(captionH + 3 * pt_ + headerH + firstH + 2 * pt_);
    text(caption, fonts_.caption, 0, captionFormats);
    y_ += 2 * pt_;
    if (columns == 0) {
        text(QStringLiteral("(empty table)"), fonts_.note);
    } else {
        auto drawHeader = [&] {
            tableRule(0.8);
            drawRow(header, headerH);
            tableRule(0.5);
        };
        drawHeader();
        if (table.rows.empty())
            text(QStringLiteral("(no rows)"), fonts_.note, pad);
        for (const auto& cells : table.rows) {
            double height = 0;
            const Row row = layoutRow(cells, fonts_.table, height);
            if (height > remaining() - 1 * pt_) {
                tableRule(0.5);
                newPage();
                const QString continued = QStringLiteral("Table %1 (continued)").arg(table.number);
                text(continued, fonts_.caption, 0, boldPrefix(continued.size(), fonts_.caption));
                y_ += 2 * pt_;
                drawHeader();
            }
            drawRow(row, height);
        }
        tableRule(0.8);
    }
    for (const std::string& note : table.notes)
        text(qs(note), fonts_.note);
    y_ += 8 * pt_;
}

} // namespace rgw::reportrender::detail
