#pragma once

// Reading a rendered report back for the tests: poppler-utils' output
// (pdftotext, pdfinfo), the PDF's inflated content streams, and the strings
// a report::Document must show in both its PDF and its HTML.

#include "report/ReportDocument.h"

#include <QString>
#include <QStringList>
#include <filesystem>
#include <string>
#include <vector>

namespace rgw::reportchecks {

/// build/tests/report/out (created).
std::filesystem::path outputDir();
/// Runs a poppler tool and returns its standard output; fails the test when
/// it does not exit 0.
std::string run(const QString& program, const QStringList& args);
QString qp(const std::filesystem::path& p);
/// Whitespace runs collapsed to one space (text extraction breaks lines).
std::string collapse(const std::string& text);
/// pdftotext -layout of one page (1-based).
std::string pageText(const std::filesystem::path& pdf, int page);
/// The strings the Document puts into both outputs: title, numbered
/// headings, numbered captions and table cells.
std::vector<std::string> documentStrings(const report::Document& doc);
/// Every content stream of the PDF, inflated (Qt's PDF engine deflates them).
std::string inflatedStreams(const std::filesystem::path& pdf);
/// Occurrences of `op` in `content`.
std::size_t countOperator(const std::string& content, const std::string& op);
/// The key images with pixels (the only raster images of the PDF).
std::size_t keyImages(const report::Document& doc);
/// The value of "Field:   value" in pdfinfo's output.
std::string infoField(const std::string& info, const std::string& field);
/// pdfinfo's page count.
int pageCount(const std::filesystem::path& pdf);

} // namespace rgw::reportchecks
