// Study report benchmark (issue #15 §1: "a 100-patient report is produced in
// ≤ 30 s"). Setup, not timed: the demo cohort of N patients (core/demo)
// imported with its genomic study, ct-default features of every ROI, the
// cohort "demo" of every patient, a 70/30 split stratified by EGFR status, a
// ridge-logistic model of EGFR status trained on the cohort's training split
// (patients not profiled for EGFR have no target and are left out) and
// stored, and its predictions of every member. Timed, in this process as `rgw-cli report study`
// runs them: storage::studyReport (methods, cohort, results, checklists, patient appendix) and
// reportrender::writeReport to PDF and to HTML. Prints seconds per stage and the total of
// assembling + PDF against 30 s (HTML printed alongside); exits 1 when that total is over 30 s
// scaled by N/100. Usage: bench_study_report [--patients N] [--seed S] [--out DIR] [--jpeg]
#include "CohortAnalysisTable.h"
#include "CohortCreation.h"
#include "CohortScoring.h"
#include "CohortSplitting.h"
#include "Database.h"
#include "ExtractionService.h"
#include "GenomicsImport.h"
#include "ImportService.h"
#include "ModelRepository.h"
#include "NamedCohorts.h"
#include "StudyReport.h"
#include "TestData.h"
#include "demo/DemoCohort.h"
#include "genomics/GenomicSource.h"
#include "modeling/Training.h"
#include "radiomics/ParameterSet.h"
#include "report/HeadlessGui.h"
#include "report/ReportRenderer.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;
using namespace rgw;

double secondsSince(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

std::uintmax_t bytesOf(const fs::path& path) {
    if (fs::is_regular_file(path))
        return fs::file_size(path);
    std::uintmax_t bytes = 0;
    if (fs::is_directory(path))
        for (const auto& e : fs::recursive_directory_iterator(path))
            if (e.is_regular_file())
                bytes += e.file_size();
    return bytes;
}

} // namespace

int main(int argc, char** argv) {
    int patients = 100;
    std::uint32_t seed = 1;
    bool jpeg = false;
    fs::path outDir;
    for (int a = 1; a < argc; ++a) {
        const std::string arg = argv[a];
        if (arg == "--jpeg") {
            jpeg = true;
        } else if (arg == "--patients" && a + 1 < argc) {
            patients = std::max(4, std::atoi(argv[++a]));
        } else if (arg == "--seed" && a + 1 < argc) {
            seed = static_cast<std::uint32_t>(std::atol(argv[++a]));
        } else if (arg == "--out" && a + 1 < argc) {
            outDir = argv[++a];
        } else {
            std::fprintf(stderr, "usage: bench_study_report [--patients N] [--seed S] "
                                 "[--out DIR] [--jpeg]\n");
            return 2;
        }
    }
    reportrender::HeadlessGui gui;
    test::TempDir dir;
    if (outDir.empty())
        outDir = dir.path();
    fs::create_directories(outDir);

    const auto setup = Clock::now();
    demo::DemoOptions options;
    options.outputFolder = dir.path() / "demo";
    options.patients = patients;
    options.seed = seed;
    const demo::DemoSummary summary = demo::writeCohort(options);
    const fs::path file = dir.path() / "bench.rgwdb";
    storage::Database db(file);
    std::vector<fs::path> folders;
    for (const auto& p : summary.patients)
        folders.push_back(options.outputFolder / p.patientId);
    storage::importPaths(db, folders);
    storage::importGenomicData(db, genomics::readGenomicSource(summary.genomics.folder));
    const radiomics::ParameterSet params = radiomics::loadParameterSet("ct-default");
    const auto extraction = storage::extractCohort(file, storage::cohortPairs(db), params, 2);
    storage::CohortRow cohort =
        storage::createCohort(db, storage::CohortDefinition{"demo", "", ""}, "bench");
    storage::NamedCohortRepository cohorts(db);
    storage::SplitRequest split;
    split.testFraction = 0.3;
    split.seed = 4;
    split.variable = "mut_EGFR";
    storage::splitCohort(db, cohort, split, "bench");

    storage::CohortExportOptions tableOptions;
    tableOptions.cohort = "demo";
    tableOptions.parameterSet = "ct-default";
    const storage::CohortAnalysisTable table = storage::cohortAnalysisTable(db, tableOptions);
    modeling::TrainingRequest request;
    request.name = "egfr";
    request.task.kind = modeling::ModelKind::Logistic;
    request.task.target = "mut_EGFR";
    request.features = {"intensity_statistics.mean_intensity", "morphology.volume_mesh",
                        "morphology.sphericity"};
    request.pipeline.learner.penalty = modeling::Penalty::Ridge;
    request.pipeline.learner.innerFolds = 3;
    request.validation.folds = 3;
    request.validation.seed = 1;
    request.validation.threads = 1;
    const modeling::TrainingResult trained = modeling::trainModel(
        table.table, request,
        {table.table.source(), table.provenance.cohort, table.provenance.parameterSetHash});
    const storage::StoredModel model = storage::storeModel(db, trained.model, "bench");
    storage::CohortScoringOptions scoring;
    scoring.cohort = "demo";
    const auto scored = storage::scoreCohort(db, model, scoring);
    cohort = cohorts.require("demo");
    std::printf("setup: %d demo patients, %zu ROIs extracted (%zu failed), cohort demo with "
                "%zu included, model %s, %zu predictions, in %.1f s\n",
                patients, extraction.extracted, extraction.failed.size(), cohort.included,
                model.modelId.substr(0, 12).c_str(), scored.stored, secondsSince(setup));

    auto start = Clock::now();
    storage::StudyReportOptions reportOptions;
    reportOptions.date = "2026-12-06";
    const report::Document doc = storage::studyReport(db, "demo", reportOptions);
    const double assemble = secondsSince(start);

    reportrender::RenderOptions render;
    render.losslessImages = !jpeg;
    const fs::path pdf = outDir / "study.pdf", html = outDir / "study.html";
    start = Clock::now();
    reportrender::writeReport(doc, pdf, render);
    const double pdfSeconds = secondsSince(start);
    start = Clock::now();
    reportrender::writeReport(doc, html, render);
    const double htmlSeconds = secondsSince(start);

    const double total = assemble + pdfSeconds;
    const double budget = 30.0 * patients / 100.0;
    std::printf("study report of %zu included patients (%zu sections):\n"
                "  assemble (storage::studyReport)   %7.2f s\n"
                "  PDF  (%s key images)        %7.2f s  %.1f MB\n"
                "  HTML (SVG figures)                %7.2f s  %.1f MB\n"
                "  total assemble + PDF              %7.2f s of %.1f s (%.0f %%)\n"
                "  total assemble + PDF + HTML       %7.2f s\n",
                cohort.included, doc.sections.size(), assemble, jpeg ? "JPEG    " : "lossless",
                pdfSeconds, static_cast<double>(bytesOf(pdf)) / 1e6, htmlSeconds,
                static_cast<double>(bytesOf(html) + bytesOf(outDir / "study_files")) / 1e6, total,
                budget, 100.0 * total / budget, total + htmlSeconds);
    return total <= budget ? 0 : 1;
}
