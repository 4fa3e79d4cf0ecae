// writeHtml: one XHTML-style HTML5 file (every tag closed, text escaped, so
// an XML parser reads it) and one SVG per figure in "<stem>_files/".

#include "FigurePainters.h"
#include "FigureStyle.h"
#include "RenderCommon.h"
#include "ReportRenderer.h"

#include <QFile>
#include <QPainter>
#include <QSvgGenerator>
#include <QUrl>
#include <fstream>
#include <sstream>

namespace rgw::reportrender {
namespace {

/// Text with &, <, > and " escaped (the only entities XML knows besides &apos;).
std::string esc(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

/// The id of a section: its anchor, else "section-2-1".
std::string sectionId(const report::Section& section, std::size_t index) {
    if (!section.anchor.empty())
        return section.anchor;
    std::string id =
        "section-" + (section.number.empty() ? std::to_string(index + 1) : section.number);
    for (char& c : id)
        if (c == '.')
            c = '-';
    return id;
}

constexpr double kTextWidthPt = 482; // A4 minus 2 × 20 mm, as in the PDF

/// Draws `figure` into an SVG file of its PDF size (points).
void writeSvg(const report::Figure& figure, const std::filesystem::path& file, double& w,
              double& h) {
    w = kTextWidthPt * std::clamp(figure.widthFraction, 0.1, 1.0);
    h = w * std::clamp(figure.aspect, 0.05, 3.0);
    QSvgGenerator svg;
    svg.setFileName(detail::qpath(file));
    svg.setResolution(72); // 1 SVG unit = 1 pt
    svg.setSize(QSize(int(std::ceil(w)), int(std::ceil(h))));
    svg.setViewBox(QRectF(0, 0, w, h));
    svg.setTitle(qs(detail::numberedCaption("Figure", figure.number, figure.caption)));
    QPainter painter;
    if (!painter.begin(&svg))
        throw Error("report: cannot write the figure file '" + file.string() + "'");
    painter.fillRect(QRectF(0, 0, w, h), Qt::white);
    paintFigure(painter, QRectF(0, 0, w, h), figure.content);
    painter.end();
    if (!std::filesystem::exists(file))
        throw Error("report: cannot write the figure file '" + file.string() + "'");
}

const char* kStyle =
    R"(body{font-family:"DejaVu Sans",Arial,sans-serif;max-width:50em;margin:2em auto;line-height:1.4;color:#111}
table{border-collapse:collapse;margin:0.5em 0;font-size:0.9em}caption{text-align:left;padding-bottom:0.3em}
thead tr{border-top:2px solid #000;border-bottom:1px solid #000}tbody tr:last-child{border-bottom:2px solid #000}
th,td{padding:0.15em 0.5em;vertical-align:top}.r{text-align:right}.l{text-align:left}
.note{font-size:0.85em;font-style:italic;margin:0.2em 0}figure{margin:1em 0;text-align:center}
figcaption{text-align:left;font-size:0.9em}img{max-width:100%;height:auto}
nav ul{list-style:none;padding-left:0}nav li.l2{padding-left:1.5em}nav li.l3{padding-left:3em}
dt{font-weight:bold;float:left;clear:left;margin-right:0.5em}dt::after{content:":"}dd{margin-left:0}
.page-break{page-break-before:always})";

/// The body's blocks as HTML; figures go to SVG files in `folder`.
struct HtmlBlocks {
    std::ostringstream& out;
    const std::filesystem::path& folder;
    const std::string& folderUrl;
    std::vector<std::filesystem::path>& written; ///< removed again when writing fails
    int figureIndex = 0;

    static std::string idAttribute(const std::string& anchor) {
        return anchor.empty() ? std::string() : " id=\"" + esc(anchor) + "\"";
    }

    void operator()(const report::Paragraph& b) { out << "<p>" << esc(b.text) << "</p>\n"; }

    void operator()(const report::BulletList& b) {
        out << "<ul>\n";
        for (const std::string& item : b.items)
            out << "<li>" << esc(item) << "</li>\n";
        out << "</ul>\n";
    }

    void operator()(const report::DefinitionList& b) {
        out << "<dl>\n";
        for (const auto& [term, definition] : b.entries)
            out << "<dt>" << esc(term) << "</dt><dd>" << esc(definition) << "</dd>\n";
        out << "</dl>\n";
    }

    void operator()(const report::Table& b) {
        auto cls = [&](std::size_t c) {
            return c < b.align.size() && b.align[c] == report::Align::Right ? "r" : "l";
        };
        out << "<table" << idAttribute(b.anchor) << ">\n<caption>"
            << esc(detail::numberedCaption("Table", b.number, b.caption)) << "</caption>\n";
        out << "<thead><tr>";
        for (std::size_t c = 0; c < b.header.size(); ++c)
            out << "<th class=\"" << cls(c) << "\">" << esc(b.header[c]) << "</th>";
        out << "</tr></thead>\n<tbody>\n";
        for (const auto& row : b.rows) {
            out << "<tr>";
            for (std::size_t c = 0; c < row.size(); ++c)
                out << "<td class=\"" << cls(c) << "\">" << esc(row[c]) << "</td>";
            out << "</tr>\n";
        }
        out << "</tbody>\n</table>\n";
        for (const std::string& note : b.notes)
            out << "<p class=\"note\">" << esc(note) << "</p>\n";
    }

    void operator()(const report::Figure& b) {
        const std::string name = "figure-" + std::to_string(++figureIndex) + ".svg";
        double w = 0, h = 0;
        written.push_back(folder / name);
        writeSvg(b, folder / name, w, h);
        const std::string caption = detail::numberedCaption("Figure", b.number, b.caption);
        out << "<figure" << idAttribute(b.anchor) << ">\n<img src=\"" << folderUrl << "/" << name
            << "\" width=\"" << int(std::lround(w * 4 / 3)) << "\" alt=\"" << esc(caption)
            << "\"/>\n<figcaption>" << esc(caption) << "</figcaption>\n</figure>\n";
    }

    void operator()(const report::PageBreak&) { out << "<div class=\"page-break\"></div>\n"; }
};

void writeHead(std::ostringstream& out, const report::Document& document,
               const RenderOptions& options) {
    out << "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n"
        << "<meta charset=\"utf-8\"/>\n<meta name=\"generator\" content=\""
        << esc(detail::creatorOf(options)) << "\"/>\n<title>" << esc(document.title)
        << "</title>\n<style>" << kStyle << "</style>\n</head>\n<body>\n<header>\n"
        << "<h1 class=\"title\">" << esc(document.title) << "</h1>\n";
    for (const std::string& line : document.subtitle)
        out << "<p class=\"subtitle\">" << esc(line) << "</p>\n";
    out << "</header>\n";
    if (!document.tableOfContents || document.sections.empty())
        return;
    out << "<nav>\n<h2>Contents</h2>\n<ul>\n";
    for (std::size_t i = 0; i < document.sections.size(); ++i) {
        const report::Section& s = document.sections[i];
        out << "<li class=\"l" << std::clamp(s.level, 1, 3) << "\"><a href=\"#"
            << esc(sectionId(s, i)) << "\">" << esc(detail::numberedHeading(s)) << "</a></li>\n";
    }
    out << "</ul>\n</nav>\n";
}

} // namespace

void writeHtml(const report::Document& document, const std::filesystem::path& htmlFile,
               const RenderOptions& options) {
    validateDocument(document);
    detail::requireGuiApplication();
    detail::checkCancel(options, htmlFile);
    const std::string stem = htmlFile.stem().string() + "_files";
    const std::filesystem::path folder = htmlFile.parent_path() / stem;
    std::error_code ec;
    std::filesystem::create_directories(folder, ec);
    if (ec)
        throw Error("report: cannot create the folder '" + folder.string() + "': " + ec.message());
    const std::string folderUrl =
        QUrl::toPercentEncoding(QString::fromStdString(stem)).toStdString();

    std::vector<std::filesystem::path> written;
    try {
        std::ostringstream out;
        writeHead(out, document, options);
        HtmlBlocks blocks{out, folder, folderUrl, written};
        for (std::size_t i = 0; i < document.sections.size(); ++i) {
            detail::checkCancel(options, htmlFile);
            const report::Section& section = document.sections[i];
            const int h = std::clamp(section.level, 1, 3) + 1;
            out << "<h" << h << " id=\"" << esc(sectionId(section, i)) << "\">"
                << esc(detail::numberedHeading(section)) << "</h" << h << ">\n";
            for (const report::Block& block : section.blocks)
                std::visit(blocks, block);
            if (options.progress)
                options.progress(i + 1, document.sections.size(), section.title);
        }
        out << "</body>\n</html>\n";
        std::ofstream file(htmlFile, std::ios::binary | std::ios::trunc);
        file << out.str();
        file.close();
        if (!file)
            throw Error("report: cannot write the HTML file '" + htmlFile.string() + "'");
    } catch (...) {
        std::error_code ignored;
        for (const auto& path : written)
            std::filesystem::remove(path, ignored);
        std::filesystem::remove(folder, ignored); // only when it is empty
        throw;
    }
}

} // namespace rgw::reportrender
