// The report renderer (ui/report) end to end: a document with every block and
// figure kind written to PDF and HTML, read back with poppler-utils
// (pdfinfo, pdffonts, pdftotext, pdfimages), QXmlStreamReader and
// QSvgRenderer; the same strings of the Document must be in both outputs.

#include "PdfChecks.h"
#include "ReportFixtures.h"
#include "report/HeadlessGui.h"
#include "report/ReportRenderer.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStringList>
#include <QSvgRenderer>
#include <QUrl>
#include <QXmlStreamReader>
#include <algorithm>
#include <filesystem>
#include <gtest/gtest.h>
#include <set>
#include <thread>

namespace fs = std::filesystem;
using namespace rgw;
using namespace rgw::reportchecks;

namespace {

class ReportRender : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        document_ = new report::Document(reportfixtures::everyBlockDocument());
        pdf_ = outputDir() / "every block.pdf";
        html_ = outputDir() / "every block.html";
        reportrender::writeReport(*document_, pdf_);
        reportrender::writeReport(*document_, html_);
        pdfText_ = new std::string(run("pdftotext", {"-layout", qp(pdf_), "-"}));
        rawText_ = new std::string(collapse(run("pdftotext", {qp(pdf_), "-"})));
    }
    static void TearDownTestSuite() {
        delete document_;
        delete pdfText_;
        delete rawText_;
    }
    static report::Document* document_;
    static fs::path pdf_, html_;
    static std::string *pdfText_, *rawText_;
};

report::Document* ReportRender::document_ = nullptr;
fs::path ReportRender::pdf_, ReportRender::html_;
std::string *ReportRender::pdfText_ = nullptr, *ReportRender::rawText_ = nullptr;

TEST_F(ReportRender, PdfInfoHasTitleAndPages) {
    const std::string info = "\n" + run("pdfinfo", {qp(pdf_)});
    EXPECT_EQ(infoField(info, "Title"), document_->title) << info;
    EXPECT_EQ(infoField(info, "Creator").rfind("Radiogenomics Workstation", 0), 0u) << info;
    EXPECT_NE(info.find("A4"), std::string::npos) << info;
    // Title/TOC, body, the 90-row table over 2+ pages, two key-image pages.
    EXPECT_GE(pageCount(pdf_), 6);
}

TEST_F(ReportRender, EveryFontIsEmbedded) {
    const std::string fonts = run("pdffonts", {qp(pdf_)});
    QStringList lines = QString::fromStdString(fonts).split('\n', Qt::SkipEmptyParts);
    ASSERT_GE(lines.size(), 3) << fonts; // header, rule, at least one font
    for (qsizetype i = 2; i < lines.size(); ++i) {
        const QStringList tokens = lines[i].split(' ', Qt::SkipEmptyParts);
        ASSERT_GE(tokens.size(), 6) << lines[i].toStdString();
        // ... emb sub uni object ID: "emb" is the fifth token from the end.
        EXPECT_EQ(tokens[tokens.size() - 5], "yes") << "not embedded: " << lines[i].toStdString();
    }
}

TEST_F(ReportRender, PdfTextHasHeadingsCaptionsCellsAndFooters) {
    const int pages = pageCount(pdf_);
    for (const std::string& s : documentStrings(*document_))
        EXPECT_NE(rawText_->find(collapse(s)), std::string::npos) << "missing in the PDF: " << s;
    EXPECT_NE(pdfText_->find("Page 1 of " + std::to_string(pages)), std::string::npos);
    EXPECT_NE(pageText(pdf_, pages)
                  .find("Page " + std::to_string(pages) + " of " + std::to_string(pages)),
              std::string::npos);
    EXPECT_NE(pdfText_->find("Table 1."), std::string::npos);
    EXPECT_NE(pdfText_->find("Figure 2."), std::string::npos);
    for (const char* s : {"ρ", "≤", "–", "é", "Section 3", "Figure 1", "Table 1"})
        EXPECT_NE(rawText_->find(s), std::string::npos) << s;
    EXPECT_EQ(countOperator(*rawText_, "no data"),
              std::size_t(reportfixtures::kFiguresWithoutData));
    // Figure text is vector text: tick labels, legends, annotations, boxes.
    for (const char* s : {"AUC 0.81", "Low risk", "Excluded: no segmentation (n = 5)",
                          "Training (n = 70)", "Spearman ρ", "Rad-score", "Total points",
                          "log odds ratio", "no data", "axial slice 42 of 88"})
        EXPECT_NE(rawText_->find(s), std::string::npos) << s;
}

TEST_F(ReportRender, TocPageNumbersAreThePagesOfTheHeadings) {
    const std::string toc = pageText(pdf_, 1);
    ASSERT_NE(toc.find("Contents"), std::string::npos) << toc;
    for (const auto& section : document_->sections) {
        const std::string heading = section.number + " " + section.title;
        const auto at = toc.find(heading);
        ASSERT_NE(at, std::string::npos) << heading << " not in the TOC:\n" << toc;
        const std::string line = toc.substr(at, toc.find('\n', at) - at);
        const auto digits = line.find_last_not_of("0123456789");
        ASSERT_LT(digits + 1, line.size()) << "no page number: " << line;
        const int page = std::stoi(line.substr(digits + 1));
        EXPECT_GT(page, 1) << line;
        EXPECT_NE(collapse(pageText(pdf_, page)).find(heading), std::string::npos)
            << heading << " is not on page " << page;
    }
}

TEST_F(ReportRender, LongTableRepeatsItsHeaderOnContinuedPages) {
    const auto& table = std::get<report::Table>(document_->sections[4].blocks.front());
    ASSERT_EQ(table.rows.size(), 90u);
    int continued = 0;
    for (int page = 1; page <= pageCount(pdf_); ++page) {
        const std::string text = pageText(pdf_, page);
        if (text.find("Table " + std::to_string(table.number) + " (continued)") ==
            std::string::npos)
            continue;
        ++continued;
        for (const auto& h : table.header)
            EXPECT_NE(text.find(h), std::string::npos) << h << " not repeated on page " << page;
    }
    EXPECT_GE(continued, 1);
    EXPECT_NE(pdfText_->find("P-090"), std::string::npos);
}

TEST_F(ReportRender, FiguresAreVectorExceptTheKeyImages) {
    const std::string list = run("pdfimages", {"-list", qp(pdf_)});
    const auto lines = QString::fromStdString(list).split('\n', Qt::SkipEmptyParts);
    EXPECT_EQ(std::size_t(lines.size() - 2), keyImages(*document_)) << list;
    // Lossless by default (RenderOptions::losslessImages): no JPEG (DCT) image.
    for (qsizetype i = 2; i < lines.size(); ++i)
        EXPECT_FALSE(lines[i].contains(" jpeg ")) << lines[i].toStdString();
    const std::string content = inflatedStreams(pdf_);
    ASSERT_FALSE(content.empty());
    // Path construction (m, l, c, re) and painting (S stroke, f fill).
    EXPECT_GT(countOperator(content, " l\n"), 100u);
    EXPECT_GT(countOperator(content, " m\n"), 50u);
    EXPECT_GT(countOperator(content, "S\n"), 50u);
}

TEST_F(ReportRender, HtmlParsesImagesResolveAndContentMatchesThePdf) {
    QFile file(qp(html_));
    ASSERT_TRUE(file.open(QIODevice::ReadOnly));
    QXmlStreamReader xml(&file);
    std::set<std::string> texts;
    std::vector<QString> sources;
    std::set<QString> ids, links;
    QString current;
    int depth = 0;
    const std::set<QString> textElements{"h1",         "h2", "h3", "h4", "caption",
                                         "figcaption", "th", "td", "a"};
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement()) {
            if (xml.name() == u"img")
                sources.push_back(xml.attributes().value("src").toString());
            if (xml.attributes().hasAttribute("id"))
                ids.insert(xml.attributes().value("id").toString());
            if (xml.name() == u"a" && xml.attributes().value("href").startsWith(u'#'))
                links.insert(xml.attributes().value("href").mid(1).toString());
            if (textElements.count(xml.name().toString())) {
                current.clear();
                depth = 1;
            }
        } else if (xml.isCharacters() && depth) {
            current += xml.text();
        } else if (xml.isEndElement() && textElements.count(xml.name().toString())) {
            texts.insert(current.toStdString());
            depth = 0;
        }
    }
    ASSERT_FALSE(xml.hasError()) << xml.errorString().toStdString() << " at line "
                                 << xml.lineNumber();
    for (const std::string& s : documentStrings(*document_)) {
        EXPECT_TRUE(texts.count(s)) << "missing in the HTML: " << s;
        EXPECT_NE(rawText_->find(collapse(s)), std::string::npos) << "missing in the PDF: " << s;
    }
    std::size_t figures = 0;
    for (const auto& s : document_->sections)
        for (const auto& b : s.blocks)
            figures += std::holds_alternative<report::Figure>(b);
    ASSERT_EQ(sources.size(), figures);
    for (const QString& src : sources) {
        const QString path =
            QFileInfo(qp(html_)).dir().filePath(QUrl::fromPercentEncoding(src.toUtf8()));
        ASSERT_TRUE(QFileInfo::exists(path)) << path.toStdString();
        QSvgRenderer svg(path);
        EXPECT_TRUE(svg.isValid()) << path.toStdString();
    }
}

TEST(ReportRenderEdges, UnknownExtensionIsAnErrorNamingTheFile) {
    const report::Document doc = reportfixtures::everyBlockDocument();
    try {
        reportrender::writeReport(doc, outputDir() / "report.docx");
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("report.docx"), std::string::npos) << e.what();
    }
}

TEST(ReportRenderEdges, RowWithWrongCellCountIsAnError) {
    report::Document doc;
    doc.title = "Bad";
    report::Section s;
    s.title = "S";
    report::Table t;
    t.caption = "ragged";
    t.header = {"a", "b"};
    t.rows = {{"1"}};
    s.blocks.push_back(t);
    doc.sections.push_back(s);
    report::numberDocument(doc);
    EXPECT_THROW(reportrender::writePdf(doc, outputDir() / "bad.pdf"), Error);
    EXPECT_THROW(reportrender::writeHtml(doc, outputDir() / "bad.html"), Error);
}

TEST(ReportRenderEdges, VeryLongWordWrapsProgressIsReportedCancelRemovesTheFiles) {
    const report::Document doc = reportfixtures::everyBlockDocument();
    const fs::path pdf = outputDir() / "long word.pdf";
    reportrender::writePdf(doc, pdf);
    std::string all = run("pdftotext", {qp(pdf), "-"});
    all.erase(std::remove_if(all.begin(), all.end(), [](char c) { return c == '\n' || c == ' '; }),
              all.end());
    EXPECT_NE(all.find(reportfixtures::veryLongWord()), std::string::npos);

    CancelToken cancel;
    cancel.cancel();
    reportrender::RenderOptions options;
    std::size_t calls = 0, lastDone = 0, lastTotal = 0;
    options.progress = [&](std::size_t done, std::size_t total, const std::string&) {
        ++calls;
        lastDone = done;
        lastTotal = total;
    };
    reportrender::writePdf(doc, outputDir() / "progress.pdf", options);
    EXPECT_EQ(calls, 2 * doc.sections.size()); // the measuring and the drawing pass
    EXPECT_EQ(lastDone, lastTotal);
    options.cancel = &cancel;
    const fs::path cancelled = outputDir() / "cancelled.pdf";
    fs::remove_all(outputDir() / "cancelled_files"); // of an earlier run
    EXPECT_THROW(reportrender::writePdf(doc, cancelled, options), reportrender::RenderCancelled);
    EXPECT_FALSE(fs::exists(cancelled));
    EXPECT_THROW(reportrender::writeHtml(doc, outputDir() / "cancelled.html", options),
                 reportrender::RenderCancelled);
    EXPECT_FALSE(fs::exists(outputDir() / "cancelled.html"));
    EXPECT_FALSE(fs::exists(outputDir() / "cancelled_files"));
}

TEST(ReportRenderEdges, RendersOnAWorkerThreadAndHeadlessGuiReusesTheApplication) {
    // The GUI exports in the background: painting on the PDF and SVG devices
    // and text layout work off the GUI thread.
    const report::Document doc = reportfixtures::everyBlockDocument();
    std::string error;
    std::thread worker([&] {
        try {
            reportrender::writePdf(doc, outputDir() / "worker.pdf");
            reportrender::writeHtml(doc, outputDir() / "worker.html");
        } catch (const std::exception& e) {
            error = e.what();
        }
    });
    worker.join();
    EXPECT_EQ(error, "");
    reportrender::writePdf(doc, outputDir() / "main thread.pdf");
    EXPECT_EQ(run("pdftotext", {qp(outputDir() / "worker.pdf"), "-"}),
              run("pdftotext", {qp(outputDir() / "main thread.pdf"), "-"}));
    reportrender::HeadlessGui again; // main() made the application already
    EXPECT_FALSE(again.created());
}

} // namespace

int main(int argc, char** argv) {
    ::testing::InitGoogleTest(&argc, argv);
    rgw::reportrender::HeadlessGui gui;
    return RUN_ALL_TESTS();
}
