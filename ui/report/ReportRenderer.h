#pragma once

// Draws a rgw::report::Document (core/report/ReportDocument.h) to PDF and to
// HTML with the same content. Namespace rgw::reportrender (not rgw::ui, so
// that "report::" always names the core's content model).
//
// PDF: A4, 20 mm margins, a title block, a table of contents with the page
// of each section (two passes: the first lays the document out to learn the
// pages, the second draws), "Page n of N" in every footer, numbered
// headings, wrapped paragraphs, lists, tables (caption "Table n." above,
// header row repeated on each continued page, notes under it) and figures
// drawn as vector graphics (caption "Figure n." under). Fonts are embedded
// as subsets by Qt's PDF engine.
//
// HTML: one UTF-8 XHTML-style HTML5 file (parseable as XML) with a linked
// table of contents, <table>s with <caption>s and each figure as an SVG file
// in the sibling folder "<stem>_files/", drawn by the same painter functions
// as the PDF (FigurePainters.h).
//
// Rendering needs a QGuiApplication (fonts): a headless caller creates one
// with HeadlessGui (HeadlessGui.h) first. The writers may run on a worker
// thread (they paint only on QPdfWriter, QSvgGenerator and QImage devices of
// their own; test_report_render renders from a std::thread). They throw
// rgw::Error for a document that breaks its own contract (a table row with the wrong number of
// cells), for a file that cannot be written, and RenderCancelled when cancelled (the partial output
// is removed).

#include "report/ReportDocument.h"
#include "util/Cancel.h"
#include "util/Error.h"

#include <filesystem>
#include <string>

namespace rgw::reportrender {

struct RenderOptions {
    /// PDF "Creator" and HTML "generator"; empty = "Radiogenomics Workstation <version>".
    std::string creator;
    /// Called after each section (and figure file) with done/total units.
    ProgressFn progress;
    /// Polled between blocks; when cancelled the writer throws RenderCancelled.
    const CancelToken* cancel = nullptr;
    /// PDF: key images compressed losslessly (deflate), so the grey levels
    /// are exactly the windowed ones; false = Qt's JPEG (quality 94),
    /// about half the file size and 4-5x faster to write.
    bool losslessImages = true;
};

/// Thrown when RenderOptions::cancel was set during rendering.
class RenderCancelled : public Error {
public:
    using Error::Error;
};

/// Writes `document` (already numbered with report::numberDocument) as an
/// A4 PDF to `file`, replacing it.
void writePdf(const report::Document& document, const std::filesystem::path& file,
              const RenderOptions& options = {});

/// Writes `document` as one HTML5 file plus the folder "<stem>_files/" next
/// to it holding one SVG per figure ("figure-<n>.svg"), replacing both.
void writeHtml(const report::Document& document, const std::filesystem::path& htmlFile,
               const RenderOptions& options = {});

/// writePdf for ".pdf", writeHtml for ".html"/".htm" (any case); any other
/// extension throws rgw::Error naming the file.
void writeReport(const report::Document& document, const std::filesystem::path& file,
                 const RenderOptions& options = {});

/// Throws rgw::Error naming the table when a row's cell count or the
/// alignment count differs from its header. Called by the writers first.
void validateDocument(const report::Document& document);

} // namespace rgw::reportrender
