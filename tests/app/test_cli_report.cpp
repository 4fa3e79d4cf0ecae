// rgw-cli report study | patient (issue #15 §1, §3, §4) end to end on the
// demo cohort as a user builds it: demo --import, extract-cohort, cohort
// create / exclude (with a reason) / split, model train on the cohort, model
// score (stored predictions), assoc map; then the study report to PDF and
// HTML and a patient report to PDF, read back with poppler-utils (pdftotext,
// pdfinfo, pdffonts, pdfimages) and QXmlStreamReader. Every number looked
// for comes from the database or from another command (cohort show --json,
// model evaluate --json), formatted as the report formats it
// (report/NumberFormat.h); the Document assembled in this process
// (storage::studyReport, same database and date) says which headings,
// captions and key images the files must hold.
#ifndef _WIN32

#include "CliTestSupport.h"
#include "Database.h"
#include "NamedCohorts.h"
#include "PdfChecks.h"
#include "StudyReport.h"
#include "StudyReportFacts.h"
#include "modeling/ModelFile.h"
#include "report/Checklists.h"
#include "report/NumberFormat.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QXmlStreamReader>
#include <gtest/gtest.h>
#include <set>

namespace fs = std::filesystem;
using namespace rgw::reportchecks;
using rgw::test::cliPath;
using rgw::test::parseJson;
using rgw::test::run;

namespace {

constexpr const char* kDate = "2026-12-06";
constexpr const char* kCohort = "sequenced";
constexpr const char* kReason = "motion artefact";

bool contains(const std::string& text, const std::string& needle) {
    return text.find(needle) != std::string::npos;
}

/// Each numbered heading of the Document ("2.1 Image acquisition").
std::vector<std::string> headingsOf(const rgw::report::Document& doc) {
    std::vector<std::string> headings;
    for (const auto& s : doc.sections)
        headings.push_back(s.number + " " + s.title);
    return headings;
}

/// The Document's level-1 section titles.
std::vector<std::string> chaptersOf(const rgw::report::Document& doc) {
    std::vector<std::string> chapters;
    for (const auto& s : doc.sections)
        if (s.level == 1)
            chapters.push_back(s.title);
    return chapters;
}

/// What an HTML report holds, read with QXmlStreamReader.
struct HtmlReport {
    QString error;                                   ///< the parser's, empty when well formed
    std::vector<std::string> headings;               ///< <h1>..<h6> texts after the title
    std::vector<std::string> images;                 ///< every <img src>
    std::vector<std::vector<std::string>> clearRows; ///< cells of the CLEAR table
    std::vector<std::vector<std::string>> rqsRows;   ///< cells of the RQS table
    std::string text;                                ///< all character data
};

HtmlReport readHtml(const fs::path& file) {
    QFile f(qp(file));
    EXPECT_TRUE(f.open(QIODevice::ReadOnly)) << file;
    QXmlStreamReader xml(&f);
    HtmlReport out;
    std::string heading, caption, cell;
    bool inHeading = false, inCaption = false, inCell = false, inBody = false;
    std::vector<std::vector<std::string>> rows;
    while (!xml.atEnd()) {
        const auto token = xml.readNext();
        const QString name = xml.name().toString().toLower();
        if (token == QXmlStreamReader::StartElement) {
            if (name == "body")
                inBody = true;
            if (name.size() == 2 && name[0] == 'h' && name[1] >= '1' && name[1] <= '6') {
                inHeading = true;
                heading.clear();
            } else if (name == "img") {
                out.images.push_back(xml.attributes().value("src").toString().toStdString());
            } else if (name == "table") {
                rows.clear();
                caption.clear();
            } else if (name == "caption") {
                inCaption = true;
            } else if (name == "tr") {
                rows.emplace_back();
            } else if (name == "td" || name == "th") {
                inCell = true;
                cell.clear();
            }
        } else if (token == QXmlStreamReader::EndElement) {
            if (name.size() == 2 && name[0] == 'h' && name[1] >= '1' && name[1] <= '6') {
                inHeading = false;
                out.headings.push_back(collapse(heading));
            } else if (name == "caption") {
                inCaption = false;
            } else if (name == "td" || name == "th") {
                inCell = false;
                if (!rows.empty())
                    rows.back().push_back(collapse(cell));
            } else if (name == "table") {
                // Header row first, then the items.
                if (caption.find("CLEAR checklist") != std::string::npos && !rows.empty())
                    out.clearRows.assign(rows.begin() + 1, rows.end());
                if (caption.find("Radiomics Quality Score") != std::string::npos && !rows.empty())
                    out.rqsRows.assign(rows.begin() + 1, rows.end());
            }
        } else if (token == QXmlStreamReader::Characters && inBody) {
            const std::string t = xml.text().toString().toStdString();
            out.text += t;
            if (inHeading)
                heading += t;
            if (inCaption)
                caption += t;
            if (inCell)
                cell += t;
        }
    }
    if (xml.hasError())
        out.error = QStringLiteral("%1 at line %2, column %3")
                        .arg(xml.errorString())
                        .arg(xml.lineNumber())
                        .arg(xml.columnNumber());
    out.text = collapse(out.text);
    return out;
}

/// The TOC's numbered headings: the lines of the PDF's first pages that
/// start with a section number and end with a page number.
std::set<std::string> pdfHeadings(const fs::path& pdf, const std::vector<std::string>& expected) {
    std::set<std::string> found;
    std::string toc;
    for (int page = 1; page <= std::min(pageCount(pdf), 4); ++page)
        toc += pageText(pdf, page);
    const std::string flat = collapse(toc);
    for (const std::string& heading : expected)
        if (contains(flat, heading))
            found.insert(heading);
    return found;
}

class CliReport : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        tmp_ = new rgw::test::TempDir;
        auto r = cli({"demo", "--out", file("demo").string(), "--patients", "48", "--import"});
        ASSERT_EQ(r.exitCode, 0) << r.err;
        r = cli({"extract-cohort", "--params", "ct-default"});
        ASSERT_EQ(r.exitCode, 0) << r.err;
        r = cli({"cohort", "create", kCohort, "--where", "mut_EGFR is not not-profiled"});
        ASSERT_EQ(r.exitCode, 0) << r.err;
        r = cli({"cohort", "create", "everyone"});
        ASSERT_EQ(r.exitCode, 0) << r.err;
        {
            rgw::storage::Database database(db());
            rgw::storage::NamedCohortRepository cohorts(database);
            const auto members = cohorts.includedPatients(cohorts.require(kCohort).id);
            ASSERT_GT(members.size(), 10u);
            excluded_ = members.front();
        }
        r = cli({"cohort", "exclude", kCohort, excluded_, "--reason", kReason});
        ASSERT_EQ(r.exitCode, 0) << r.err << r.out;
        r = cli({"cohort", "split", kCohort, "--test-fraction", "0.3", "--seed", "4", "--stratify",
                 "mut_EGFR"});
        ASSERT_EQ(r.exitCode, 0) << r.err;
        train_ =
            json({"model",           "train",
                  "--cohort",        kCohort,
                  "--parameter-set", "ct-default",
                  "--target",        "mut_EGFR",
                  "--model",         "logistic",
                  "--penalty",       "ridge",
                  "--features",      "intensity_statistics.mean_intensity,morphology.volume_mesh",
                  "--inner-folds",   "3",
                  "--folds",         "3",
                  "--seed",          "1",
                  "--name",          "egfr",
                  "--out",           file("egfr.json").string()});
        ASSERT_FALSE(train_.isEmpty());
        // A second model whose inputs barely relate to EGFR: ridge shrinks it to
        // one probability for every row, and Youden's cut was pROC's -Inf,
        // which the model file lost (null, read back as NaN) so that neither
        // model evaluate nor the report could evaluate it.
        r = cli({"model",           "train",
                 "--cohort",        kCohort,
                 "--parameter-set", "ct-default",
                 "--target",        "mut_EGFR",
                 "--model",         "logistic",
                 "--penalty",       "ridge",
                 "--features",      "morphology.sphericity,morphology.flatness",
                 "--inner-folds",   "3",
                 "--folds",         "3",
                 "--seed",          "1",
                 "--name",          "flat",
                 "--out",           file("flat.json").string()});
        ASSERT_EQ(r.exitCode, 0) << r.err;
        r = cli({"model", "evaluate", file("flat.json").string(), "--cohort", kCohort});
        EXPECT_EQ(r.exitCode, 0) << r.err;
        evaluate_ = json({"model", "evaluate", file("egfr.json").string(), "--cohort", kCohort,
                          "--parameter-set", "ct-default"});
        scored_ = json({"model", "score", file("egfr.json").string(), "--cohort", kCohort});
        ASSERT_GT(scored_["scored"].toArray().size(), 0);
        r = cli({"model", "import", file("flat.json").string()});
        ASSERT_EQ(r.exitCode, 0) << r.err;
        // A Cox model of overall survival: Kaplan-Meier by risk group, C-index.
        r = cli({"model",           "train",
                 "--cohort",        kCohort,
                 "--parameter-set", "ct-default",
                 "--time",          "os_time",
                 "--event",         "os_event",
                 "--model",         "cox",
                 "--penalty",       "ridge",
                 "--features",      "morphology.volume_mesh,intensity_statistics.mean_intensity",
                 "--inner-folds",   "3",
                 "--folds",         "3",
                 "--seed",          "1",
                 "--name",          "os",
                 "--out",           file("os.json").string()});
        ASSERT_EQ(r.exitCode, 0) << r.err;
        r = cli({"model", "import", file("os.json").string()});
        ASSERT_EQ(r.exitCode, 0) << r.err;
        for (const auto& [cohort, map] :
             {std::pair{kCohort, "map.csv"}, {"everyone", "other.csv"}}) {
            r = cli({"assoc", "map", "--cohort", cohort, "--features", "ct-default", "--profile",
                     "rna_seq_mrna", "--out", file(map).string()});
            ASSERT_EQ(r.exitCode, 0) << r.err;
        }
        show_ = json({"cohort", "show", kCohort});

        for (const char* out : {"study.pdf", "study.html"}) {
            r = cli({"report", "study", "--cohort", kCohort, "--out", file(out).string(), "--date",
                     kDate});
            ASSERT_EQ(r.exitCode, 0) << r.err;
            std::printf("report study --out %s: %s", out, r.out.c_str());
        }
        rgw::storage::Database database(db());
        rgw::storage::StudyReportOptions options;
        options.date = kDate;
        doc_ = new rgw::report::Document(rgw::storage::studyReport(database, kCohort, options));
    }
    static void TearDownTestSuite() {
        delete doc_;
        doc_ = nullptr;
        delete tmp_;
        tmp_ = nullptr;
    }
    static fs::path db() { return tmp_->path() / "report.rgwdb"; }
    static fs::path file(const std::string& name) { return tmp_->path() / name; }
    static rgw::test::ProcessResult cli(std::vector<std::string> args) {
        args.insert(args.begin(), {"--db", db().string()});
        return run(cliPath(), args, tmp_->path());
    }
    static QJsonObject json(std::vector<std::string> args) {
        args.push_back("--json");
        const auto r = cli(args);
        EXPECT_EQ(r.exitCode, 0) << r.err;
        return parseJson(r.out).object();
    }
    /// The parameter set the model was trained on, as its file records it.
    static std::string parameterSetHash() {
        return rgw::modeling::loadModelFile(file("egfr.json")).training.parameterSetHash;
    }
    static std::string pdfText(const fs::path& pdf) {
        return collapse(run("pdftotext", {"-layout", qp(pdf), "-"}));
    }

    static rgw::test::TempDir* tmp_;
    static std::string excluded_;
    static QJsonObject train_, evaluate_, scored_, show_;
    static rgw::report::Document* doc_; ///< the study report assembled in this process
};

rgw::test::TempDir* CliReport::tmp_ = nullptr;
std::string CliReport::excluded_;
QJsonObject CliReport::train_, CliReport::evaluate_, CliReport::scored_, CliReport::show_;
rgw::report::Document* CliReport::doc_ = nullptr;

TEST_F(CliReport, StudyPdfHasEveryHeadingPageNumbersAndEmbeddedFonts) {
    const fs::path pdf = file("study.pdf");
    const std::vector<std::string> chapters = chaptersOf(*doc_);
    EXPECT_EQ(chapters, (std::vector<std::string>{"Methods", "Cohort", "Results",
                                                  "Reporting checklists", "Patients"}));
    std::set<std::string> titles;
    for (const auto& s : doc_->sections)
        titles.insert(s.title);
    for (const char* title : {"Image acquisition", "Segmentation", "Radiomic features",
                              "Statistical analysis and models", "Software", "CLEAR checklist",
                              "Radiomics Quality Score", "Model 1: egfr"})
        EXPECT_TRUE(titles.count(title)) << "no section " << title;
    const std::string text = pdfText(pdf);
    for (const std::string& heading : headingsOf(*doc_))
        EXPECT_TRUE(contains(text, heading)) << "heading missing in the PDF: " << heading;
    const std::set<std::string> toc = pdfHeadings(pdf, headingsOf(*doc_));
    EXPECT_EQ(toc.size(), doc_->sections.size()) << "headings in the table of contents";

    const int pages = pageCount(pdf);
    EXPECT_GT(pages, static_cast<int>(scored_["scored"].toArray().size()));
    for (int page = 1; page <= pages; ++page)
        EXPECT_TRUE(contains(pageText(pdf, page),
                             "Page " + std::to_string(page) + " of " + std::to_string(pages)))
            << "page " << page;
    const auto fonts =
        QString::fromStdString(run("pdffonts", {qp(pdf)})).split('\n', Qt::SkipEmptyParts);
    ASSERT_GT(fonts.size(), 2);
    for (qsizetype i = 2; i < fonts.size(); ++i) {
        const QStringList tokens = fonts[i].split(' ', Qt::SkipEmptyParts);
        ASSERT_GE(tokens.size(), 6);
        EXPECT_EQ(tokens[tokens.size() - 5], "yes") << "not embedded: " << fonts[i].toStdString();
    }
    std::printf("study.pdf: %d pages, %zu sections, %lld fonts embedded\n", pages,
                doc_->sections.size(), static_cast<long long>(fonts.size() - 2));
}

TEST_F(CliReport, FlowDiagramCountsAreTheDatabases) {
    const QJsonObject flow = show_["flow"].toObject();
    const std::string text = pdfText(file("study.pdf"));
    const auto count = [](const QJsonValue& v) { return std::to_string(v.toInteger()); };
    const std::string started = "Candidate patients (n = " + count(flow["started"]) + ")";
    EXPECT_TRUE(contains(text, started)) << started;
    bool manual = false;
    for (const auto& step : flow["steps"].toArray()) {
        const QJsonObject s = step.toObject();
        const std::string box = "Excluded: " + s["reason"].toString().toStdString() +
                                " (n = " + count(s["excluded"]) + ")";
        EXPECT_TRUE(contains(text, box)) << box;
        manual = manual || (s["reason"].toString() == kReason && s["excluded"].toInteger() == 1);
    }
    EXPECT_TRUE(manual) << "the exclusion with its reason is in the flow";
    const std::string final = "Included (n = " + count(flow["final"]) + ")";
    EXPECT_TRUE(contains(text, final)) << final;
    const QJsonObject perSplit = flow["per_split"].toObject();
    ASSERT_EQ(perSplit.size(), 2);
    EXPECT_EQ(perSplit["train"].toInteger() + perSplit["test"].toInteger(),
              flow["final"].toInteger());
    for (const auto& [role, title] : {std::pair{"train", "Training"}, {"test", "Test"}}) {
        const std::string box = std::string(title) + " (n = " + count(perSplit[role]) + ")";
        EXPECT_TRUE(contains(text, box)) << box;
    }
    std::printf("flow: started %lld, %lld exclusion steps, final %lld, train %lld, test %lld\n",
                flow["started"].toInteger(), static_cast<long long>(flow["steps"].toArray().size()),
                flow["final"].toInteger(), perSplit["train"].toInteger(),
                perSplit["test"].toInteger());
}

TEST_F(CliReport, TableOneModelMetricsAndParameterHashAreInTheText) {
    const std::string text = pdfText(file("study.pdf"));
    const QJsonObject perSplit = show_["flow"].toObject()["per_split"].toObject();
    const std::string n =
        std::to_string(perSplit["train"].toInteger() + perSplit["test"].toInteger());
    for (const std::string& column :
         {"Training (n = " + std::to_string(perSplit["train"].toInteger()) + ")",
          "Test (n = " + std::to_string(perSplit["test"].toInteger()) + ")", "All (n = " + n + ")"})
        EXPECT_TRUE(contains(text, column)) << "Table 1 column " << column;

    // Every model of the cohort is evaluated on the test split.
    for (const char* model : {"egfr", "flat", "os"}) {
        EXPECT_TRUE(contains(text, std::string("Performance of model \u201c") + model +
                                       "\u201d on the held-out test split"))
            << model;
    }
    EXPECT_FALSE(contains(text, "could not be evaluated"));

    // model evaluate --json on the cohort's test split: AUC and its DeLong CI.
    ASSERT_EQ(evaluate_["rows_used"].toString(), "the test split");
    const std::string auc =
        rgw::report::withInterval(evaluate_["auc"].toDouble(), evaluate_["ci_lower"].toDouble(),
                                  evaluate_["ci_upper"].toDouble());
    EXPECT_TRUE(contains(text, auc)) << "test-split AUC " << auc;
    std::printf("test-split AUC as printed: %s\n", auc.c_str());

    // The Cox model: Harrell's C with its interval as model evaluate prints it.
    const QJsonObject os =
        json({"model", "evaluate", file("os.json").string(), "--cohort", kCohort});
    ASSERT_EQ(os["rows_used"].toString(), "the test split");
    const std::string c =
        rgw::report::withInterval(os["c_index"].toDouble(), os["c_index_ci_lower"].toDouble(),
                                  os["c_index_ci_upper"].toDouble());
    EXPECT_TRUE(contains(text, "Harrell's C (95 % CI) " + c)) << "test-split C-index " << c;
    std::printf("test-split Harrell's C as printed: %s\n", c.c_str());

    const std::string hash = parameterSetHash();
    ASSERT_EQ(hash.size(), 64u) << "the model file names its parameter set";
    EXPECT_TRUE(contains(text, hash)) << "parameter-set SHA-256 " << hash;
}

TEST_F(CliReport, FiguresAreVectorAndKeyImagesAreImages) {
    const fs::path pdf = file("study.pdf");
    std::size_t rocs = 0, kms = 0, flows = 0, keys = keyImages(*doc_);
    for (const auto& s : doc_->sections)
        for (const auto& block : s.blocks)
            if (const auto* f = std::get_if<rgw::report::Figure>(&block)) {
                flows += std::holds_alternative<rgw::report::FlowDiagram>(f->content);
                rocs += f->caption.find("ROC") != std::string::npos;
                kms += f->caption.find("Kaplan") != std::string::npos;
            }
    EXPECT_EQ(flows, 1u);
    EXPECT_GE(rocs, 1u);
    EXPECT_EQ(kms, 1u) << "the Cox model's Kaplan-Meier curves";
    // One key image per ROI of the included patients, counted in the database.
    std::size_t rois = 0;
    {
        rgw::storage::Database database(db());
        rgw::storage::NamedCohortRepository cohorts(database);
        const auto included = cohorts.includedPatients(cohorts.require(kCohort).id);
        const std::set<std::string> patients(included.begin(), included.end());
        auto& s = database.prepare("SELECT p.patient_id FROM segmentations g JOIN patients p "
                                   "ON p.id = g.patient_id");
        while (s.step())
            rois += patients.count(s.text(0));
        s.reset();
    }
    EXPECT_EQ(keys, rois) << "one key image per ROI of the included patients";
    // Vector drawing: curves and lines in the page content (the ROC curve,
    // the flow diagram's arrows and boxes).
    const std::string content = inflatedStreams(pdf);
    const std::size_t lines = countOperator(content, " l\n"),
                      moves = countOperator(content, " m\n");
    EXPECT_GT(lines, 100u);
    EXPECT_GT(moves, 20u);
    const auto images = QString::fromStdString(run("pdfimages", {"-list", qp(pdf)}))
                            .split('\n', Qt::SkipEmptyParts);
    EXPECT_EQ(static_cast<std::size_t>(images.size() - 2), keys) << "raster images = key images";
    std::printf("study.pdf: %zu path moves, %zu line segments, %lld raster images (%zu key "
                "images)\n",
                moves, lines, static_cast<long long>(images.size() - 2), keys);
}

TEST_F(CliReport, ChecklistsListEveryItemAndReportWhatTheFactsDetermine) {
    const HtmlReport html = readHtml(file("study.html"));
    ASSERT_TRUE(html.error.isEmpty()) << html.error.toStdString();
    ASSERT_EQ(html.clearRows.size(), 58u);
    ASSERT_EQ(html.rqsRows.size(), 16u);

    rgw::storage::Database database(db());
    const auto cohort = rgw::storage::NamedCohortRepository(database).require(kCohort);
    const rgw::report::StudyFacts facts = rgw::storage::studyFacts(database, cohort, *doc_);
    EXPECT_EQ(facts.parameterSetHash, parameterSetHash());
    EXPECT_EQ(facts.heldOutTestSplit, rgw::report::Known::Yes);
    // The feature count (CLEAR item 27) is the database's feature rows of one
    // extraction, and the Radiomic features section prints it.
    {
        auto& s = database.prepare("SELECT COUNT(*) FROM feature_values GROUP BY extraction_id");
        std::set<std::int64_t> counts;
        while (s.step())
            counts.insert(s.int64(0));
        s.reset();
        ASSERT_EQ(counts.size(), 1u);
        ASSERT_TRUE(facts.featureCount.has_value());
        EXPECT_EQ(static_cast<std::int64_t>(*facts.featureCount), *counts.begin());
        EXPECT_TRUE(contains(pdfText(file("study.pdf")),
                             "Features per ROI: " + std::to_string(*counts.begin())));
    }
    std::size_t determined = 0, reported = 0;
    const auto items = rgw::report::clearItems();
    for (std::size_t i = 0; i < items.size(); ++i) {
        const auto& row = html.clearRows[i];
        ASSERT_EQ(row.size(), 5u);
        EXPECT_EQ(row[0], std::to_string(items[i].number));
        const bool isReported = row[3] == "reported";
        reported += isReported;
        if (items[i].assess(facts).status == rgw::report::ItemStatus::Reported) {
            ++determined;
            EXPECT_TRUE(isReported) << "CLEAR item " << items[i].number << " is " << row[3];
        }
    }
    EXPECT_GE(reported, determined);
    EXPECT_GE(determined, 10u);
    const auto rqs = rgw::report::rqsComponents();
    std::size_t rqsReported = 0;
    for (std::size_t i = 0; i < rqs.size(); ++i) {
        ASSERT_EQ(html.rqsRows[i].size(), 7u);
        EXPECT_EQ(html.rqsRows[i][0], std::to_string(rqs[i].number));
        rqsReported += html.rqsRows[i][4] == "reported";
    }
    // The PDF says the same in the CLEAR table's note.
    const std::string text = pdfText(file("study.pdf"));
    const std::string note = std::to_string(reported) + " of 58 items are reported";
    EXPECT_TRUE(contains(text, note)) << note;
    std::printf("CLEAR: 58 items, %zu reported (%zu determined by the facts); RQS: 16 "
                "components, %zu determined\n",
                reported, determined, rqsReported);
}

TEST_F(CliReport, HtmlParsesItsImagesResolveAndItsHeadingsAreThePdfs) {
    const fs::path htmlFile = file("study.html");
    const HtmlReport html = readHtml(htmlFile);
    ASSERT_TRUE(html.error.isEmpty()) << html.error.toStdString();
    ASSERT_FALSE(html.images.empty());
    for (const std::string& src : html.images) {
        const fs::path image = htmlFile.parent_path() / src;
        const std::string ext = image.extension().string();
        EXPECT_TRUE(ext == ".svg" || ext == ".png") << src;
        EXPECT_TRUE(fs::is_regular_file(image)) << "unresolved <img src=\"" << src << "\">";
    }
    // The HTML's headings (after the title) are the PDF's, in order.
    std::vector<std::string> headings = html.headings;
    ASSERT_FALSE(headings.empty());
    headings.erase(std::remove(headings.begin(), headings.end(), collapse(doc_->title)),
                   headings.end());
    headings.erase(std::remove(headings.begin(), headings.end(), "Contents"), headings.end());
    EXPECT_EQ(headings, headingsOf(*doc_));
    const std::set<std::string> pdf = pdfHeadings(file("study.pdf"), headings);
    EXPECT_EQ(pdf.size(), std::set<std::string>(headings.begin(), headings.end()).size());
    std::printf("study.html: %zu headings (= the PDF's), %zu images resolved\n", headings.size(),
                html.images.size());
}

TEST_F(CliReport, StoredPredictionsAreInTheAppendixAndThePatientReport) {
    const QJsonObject prediction = scored_["scored"].toArray().first().toObject();
    const std::string patient = prediction["patient_id"].toString().toStdString();
    const std::string modelId = scored_["model_id"].toString().toStdString();
    ASSERT_EQ(modelId, train_["model_id"].toString().toStdString());
    ASSERT_FALSE(patient.empty());
    const auto r =
        cli({"report", "patient", patient, "--out", file("patient.pdf").string(), "--date", kDate});
    ASSERT_EQ(r.exitCode, 0) << r.err;

    // The appendix's section of the patient, and the patient report.
    const std::string study = pdfText(file("study.pdf"));
    const auto at = study.find("Patient " + patient);
    ASSERT_NE(at, std::string::npos);
    const std::string appendix = study.substr(study.find("Patient " + patient, at + 1));
    const std::string single = pdfText(file("patient.pdf"));
    // The row of the stored prediction: name, id prefix, score (4 significant
    // digits, as the appendix writes values) and class.
    const std::string score = rgw::report::formatNumber(prediction["score"].toDouble(), 4);
    const std::string row = "egfr " + modelId.substr(0, 12);
    for (const auto& [what, text] : {std::pair{"study appendix", appendix}, {"patient", single}}) {
        EXPECT_TRUE(contains(text, "Stored predictions")) << what;
        EXPECT_TRUE(contains(text, "egfr (logistic): model id " + modelId)) << what;
        const auto at = text.find(row);
        ASSERT_NE(at, std::string::npos) << what << ": no row " << row;
        const std::string line = text.substr(at, 120);
        EXPECT_TRUE(
            contains(line, " " + score + " " + prediction["class"].toString().toStdString() + " "))
            << what << ": " << line;
        std::printf("%s report of %s shows the prediction of model egfr (%s): score %s, "
                    "class %s, row '%s': %s\n",
                    what, patient.c_str(), modelId.c_str(), score.c_str(),
                    prediction["class"].toString().toStdString().c_str(), line.c_str(),
                    contains(text, "egfr (logistic): model id " + modelId) ? "yes" : "NO");
    }
}

TEST_F(CliReport, SectionsOptionAndErrorsHaveTheirExitStatus) {
    auto r = cli({"report", "study", "--cohort", kCohort, "--sections", "cohort,results", "--out",
                  file("part.pdf").string(), "--date", kDate});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const std::string part = pdfText(file("part.pdf"));
    EXPECT_TRUE(contains(part, "1 Cohort"));
    EXPECT_TRUE(contains(part, "2 Results"));
    for (const char* absent : {"Methods", "Reporting checklists", "CLEAR checklist", "Patients"})
        EXPECT_FALSE(contains(part, std::string(" ") + absent + " ")) << absent;

    r = cli({"report", "study", "--cohort", "no-such-cohort", "--out", file("x.pdf").string()});
    EXPECT_EQ(r.exitCode, 3) << r.err;
    EXPECT_TRUE(contains(r.err, "no-such-cohort")) << r.err;
    r = cli({"report", "patient", "NO-SUCH-PATIENT", "--out", file("x.pdf").string()});
    EXPECT_EQ(r.exitCode, 3) << r.err;
    EXPECT_TRUE(contains(r.err, "NO-SUCH-PATIENT")) << r.err;
    r = cli({"report", "study", "--cohort", kCohort, "--sections", "cohort,appendix", "--out",
             file("x.pdf").string()});
    EXPECT_EQ(r.exitCode, 2) << r.err;
    EXPECT_TRUE(contains(r.err, "appendix")) << r.err;
    r = cli({"report", "study", "--cohort", kCohort, "--out", file("x.txt").string()});
    EXPECT_EQ(r.exitCode, 2) << r.err;
    EXPECT_TRUE(contains(r.err, "x.txt")) << r.err;
    EXPECT_FALSE(fs::exists(file("x.pdf")));
    EXPECT_FALSE(fs::exists(file("x.txt")));
}

TEST_F(CliReport, AssociationMapsAddTheirSectionAndAnotherCohortsMapIsRefused) {
    auto r = cli({"report", "study", "--cohort", kCohort, "--sections", "results", "--associations",
                  file("map.csv").string(), "--out", file("assoc.html").string(), "--date", kDate});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const HtmlReport html = readHtml(file("assoc.html"));
    ASSERT_TRUE(html.error.isEmpty()) << html.error.toStdString();
    EXPECT_NE(
        std::find_if(html.headings.begin(), html.headings.end(),
                     [](const std::string& h) { return contains(h, "Radiogenomic associations"); }),
        html.headings.end());
    EXPECT_TRUE(contains(html.text, "Top associations of the correlation map")) << "top table";
    bool heatmap = false;
    for (const std::string& src : html.images)
        heatmap = heatmap || fs::is_regular_file(file("assoc.html").parent_path() / src);
    EXPECT_TRUE(heatmap);
    // The heatmap's caption (ReportAssociations: the top features x molecular values).
    EXPECT_TRUE(contains(html.text, "Spearman \u03c1 of the 20 features")) << "heatmap";

    r = cli({"report", "study", "--cohort", kCohort, "--sections", "results", "--associations",
             file("other.csv").string(), "--out", file("y.pdf").string()});
    EXPECT_EQ(r.exitCode, 1) << r.err;
    EXPECT_TRUE(contains(r.err, "other.csv")) << r.err;
    EXPECT_FALSE(fs::exists(file("y.pdf")));
}

} // namespace

#endif
