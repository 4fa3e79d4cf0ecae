// writePdf: two passes of PdfLayout over the document (measure, then draw).

#include "FigureStyle.h"
#include "PdfLayout.h"
#include "RenderCommon.h"
#include "ReportRenderer.h"

#include <QBuffer>
#include <QFile>
#include <QPageLayout>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <type_traits>

namespace rgw::reportrender {
namespace {

using detail::PdfLayout;

constexpr int kResolution = 600; // device units per inch: fine text placement

void setUp(QPdfWriter& writer, const report::Document& document, const RenderOptions& options) {
    writer.setResolution(kResolution);
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Portrait,
                                     QMarginsF(20, 18, 20, 16), QPageLayout::Millimeter));
    writer.setTitle(qs(document.title));
    writer.setCreator(qs(detail::creatorOf(options)));
}

QRectF printableRect(const QPdfWriter& writer) {
    const QRect r = writer.pageLayout().paintRectPixels(kResolution);
    return QRectF(0, 0, r.width(), r.height());
}

struct Pass {
    const report::Document& document;
    const RenderOptions& options;
    const std::filesystem::path& file;
    std::vector<int>& sectionPages;   ///< filled by this pass
    const std::vector<int>* tocPages; ///< from the previous pass (null: first pass)
    std::size_t progressBase, progressTotal;
};

void titleBlock(PdfLayout& layout, const Pass& pass) {
    const report::Document& document = pass.document;
    layout.text(qs(document.title), layout.fonts().title);
    layout.skip(4 * layout.pt());
    for (const std::string& line : document.subtitle)
        layout.text(qs(line), layout.fonts().subtitle);
    layout.skip(6 * layout.pt());
    layout.rule(0.8);
    layout.skip(10 * layout.pt());
    if (!document.tableOfContents || document.sections.empty())
        return;
    layout.text(QStringLiteral("Contents"), layout.fonts().heading[0]);
    layout.skip(6 * layout.pt());
    for (std::size_t i = 0; i < document.sections.size(); ++i) {
        const report::Section& section = document.sections[i];
        const int level = std::clamp(section.level, 1, 3);
        // The first pass reserves the same width ("000") for the page number.
        const QString page =
            pass.tocPages ? QString::number((*pass.tocPages)[i]) : QStringLiteral("000");
        layout.textWithRight(qs(detail::numberedHeading(section)), page,
                             level == 1 ? layout.fonts().subtitle : layout.fonts().body,
                             (level - 1) * 14 * layout.pt());
        if (level == 1)
            layout.skip(2 * layout.pt());
    }
    layout.newPage();
}

void body(PdfLayout& layout, const Pass& pass) {
    const auto& sections = pass.document.sections;
    for (std::size_t i = 0; i < sections.size(); ++i) {
        const report::Section& section = sections[i];
        detail::checkCancel(pass.options, pass.file);
        // A section that opens with a page break starts on a new page itself.
        auto first = section.blocks.begin();
        for (; first != section.blocks.end() && std::holds_alternative<report::PageBreak>(*first);
             ++first)
            if (!layout.atTop())
                layout.newPage();
        layout.heading(section);
        // The heading's last line is on the current page.
        pass.sectionPages[i] = layout.page();
        for (auto block = first; block != section.blocks.end(); ++block) {
            std::visit(
                [&](const auto& b) {
                    using T = std::decay_t<decltype(b)>;
                    if constexpr (std::is_same_v<T, report::Paragraph>) {
                        layout.text(qs(b.text), layout.fonts().body);
                        layout.skip(6 * layout.pt());
                    } else if constexpr (std::is_same_v<T, report::BulletList>) {
                        layout.bulletList(b);
                    } else if constexpr (std::is_same_v<T, report::DefinitionList>) {
                        layout.definitionList(b);
                    } else if constexpr (std::is_same_v<T, report::Table>) {
                        layout.table(b);
                    } else if constexpr (std::is_same_v<T, report::Figure>) {
                        layout.figure(b);
                    } else {
                        if (!layout.atTop())
                            layout.newPage();
                    }
                },
                *block);
        }
        if (pass.options.progress)
            pass.options.progress(pass.progressBase + i + 1, pass.progressTotal, section.title);
    }
}

} // namespace

void writePdf(const report::Document& document, const std::filesystem::path& file,
              const RenderOptions& options) {
    validateDocument(document);
    detail::requireGuiApplication();
    const std::size_t total = 2 * document.sections.size();
    std::vector<int> pages(document.sections.size(), 0), finalPages(pages.size(), 0);

    // Pass 1: lay out without drawing (fonts measured on a PDF device).
    int pageCount = 0;
    {
        QBuffer scratch;
        scratch.open(QIODevice::WriteOnly);
        QPdfWriter measure(&scratch);
        setUp(measure, document, options);
        PdfLayout layout(measure, nullptr, printableRect(measure), 0);
        const Pass pass{document, options, file, pages, nullptr, 0, total};
        titleBlock(layout, pass);
        body(layout, pass);
        pageCount = layout.page();
    }

    // Pass 2: draw, with the pages of the sections and the page count known.
    QPdfWriter writer(detail::qpath(file));
    setUp(writer, document, options);
    QPainter painter;
    if (!painter.begin(&writer))
        throw Error("report: cannot write the PDF file '" + file.string() + "'");
    painter.setRenderHint(QPainter::LosslessImageRendering, options.losslessImages);
    try {
        PdfLayout layout(writer, &painter, printableRect(writer), pageCount);
        const Pass pass{document, options, file, finalPages, &pages, document.sections.size(),
                        total};
        titleBlock(layout, pass);
        body(layout, pass);
        layout.finish();
        if (layout.page() != pageCount || finalPages != pages)
            throw Error("report: internal error: the PDF layout of '" + file.string() +
                        "' differs between its two passes");
    } catch (...) {
        painter.end();
        QFile::remove(detail::qpath(file));
        throw;
    }
    if (!painter.end())
        throw Error("report: cannot finish the PDF file '" + file.string() + "'");
}

} // namespace rgw::reportrender
