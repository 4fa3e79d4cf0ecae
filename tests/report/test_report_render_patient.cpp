// A real patient report (storage/PatientReport on the synthetic demo cohort:
// cropped key images with their RTSTRUCT contours, ROI statistics, features,
// "not profiled" genomics) drawn by the renderer: every heading, caption and
// table cell of the Document is in the PDF text and in the HTML, only the key
// images are raster, fonts are embedded and the TOC pages are right.

#include "Database.h"
#include "ImportService.h"
#include "PatientReport.h"
#include "PdfChecks.h"
#include "TestData.h"
#include "demo/DemoCohort.h"
#include "report/HeadlessGui.h"
#include "report/ReportRenderer.h"

#include <QFile>
#include <QString>
#include <gtest/gtest.h>

namespace fs = std::filesystem;
using namespace rgw;
using namespace rgw::reportchecks;

namespace {

TEST(PatientReportRender, DemoPatientToPdfAndHtml) {
    test::TempDir dir;
    demo::DemoOptions demoOptions;
    demoOptions.outputFolder = dir.path() / "demo";
    demoOptions.patients = 2;
    demoOptions.seed = 7;
    const demo::DemoSummary summary = demo::writeCohort(demoOptions);
    storage::Database db(dir.path() / "report.rgwdb");
    std::vector<fs::path> folders;
    for (const auto& p : summary.patients)
        folders.push_back(demoOptions.outputFolder / p.patientId);
    storage::importPaths(db, folders);

    storage::PatientReportOptions options;
    options.date = "2026-12-06";
    report::Document doc = storage::patientReport(db, summary.patients[0].patientId, options);
    report::numberDocument(doc);
    ASSERT_GE(keyImages(doc), 1u);

    const fs::path pdf = outputDir() / "patient.pdf", html = outputDir() / "patient.html";
    reportrender::writeReport(doc, pdf);
    reportrender::writeReport(doc, html);

    const std::string text = collapse(run("pdftotext", {qp(pdf), "-"}));
    QFile file(qp(html));
    ASSERT_TRUE(file.open(QIODevice::ReadOnly));
    const std::string htmlText = file.readAll().toStdString();
    for (const std::string& s : documentStrings(doc)) {
        // A table cell wrapped over lines comes out of pdftotext interleaved
        // with its neighbours: then each of its words must be there.
        bool found = text.find(collapse(s)) != std::string::npos;
        if (!found) {
            found = true;
            for (const QString& word : QString::fromStdString(s).split(' ', Qt::SkipEmptyParts))
                found = found && text.find(word.toStdString()) != std::string::npos;
        }
        EXPECT_TRUE(found) << "missing in the PDF: " << s;
        if (s.find_first_of("&<>\"") == std::string::npos) {
            EXPECT_NE(htmlText.find(s), std::string::npos) << "missing in the HTML: " << s;
        }
    }
    const auto images = QString::fromStdString(run("pdfimages", {"-list", qp(pdf)}))
                            .split('\n', Qt::SkipEmptyParts);
    EXPECT_EQ(std::size_t(images.size() - 2), keyImages(doc));
    const auto fonts =
        QString::fromStdString(run("pdffonts", {qp(pdf)})).split('\n', Qt::SkipEmptyParts);
    for (qsizetype i = 2; i < fonts.size(); ++i) {
        const QStringList tokens = fonts[i].split(' ', Qt::SkipEmptyParts);
        ASSERT_GE(tokens.size(), 6);
        EXPECT_EQ(tokens[tokens.size() - 5], "yes") << fonts[i].toStdString();
    }
    // Each section's heading is on the page its TOC line names.
    const std::string toc = pageText(pdf, 1);
    for (const auto& section : doc.sections) {
        const std::string heading = section.number + " " + section.title;
        const auto at = toc.find(heading);
        ASSERT_NE(at, std::string::npos) << heading;
        const std::string line = toc.substr(at, toc.find('\n', at) - at);
        const int page = std::stoi(line.substr(line.find_last_not_of("0123456789") + 1));
        EXPECT_NE(collapse(pageText(pdf, page)).find(heading), std::string::npos)
            << heading << " is not on page " << page;
    }
}

} // namespace

int main(int argc, char** argv) {
    ::testing::InitGoogleTest(&argc, argv);
    rgw::reportrender::HeadlessGui gui;
    return RUN_ALL_TESTS();
}
