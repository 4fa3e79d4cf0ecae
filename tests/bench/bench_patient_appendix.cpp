// Patient appendix benchmark (issue #15 §1: a 100-patient study report in
// ≤ 30 s). Writes the demo cohort of N patients (core/demo), imports it with
// its genomic study, extracts ct-default features of every ROI, creates the
// cohort "demo", stores a model trained on two of its radiomic columns with a
// prediction per patient (setup, not timed), then times
// storage::appendPatientAppendix: every patient's CT loaded, key images, ROI
// statistics, features, genomics and predictions assembled. Prints seconds
// in all and per patient, and the key images' pixel memory. Exits 1 when the
// appendix takes more than a third of the 30 s budget (10 s for 100
// patients, scaled by N), leaving the rest for the other parts and rendering.
// Usage: bench_patient_appendix [--patients N] [--repeat R] [--seed S]
#include "CohortCreation.h"
#include "Database.h"
#include "ExtractionService.h"
#include "GenomicsImport.h"
#include "ImportService.h"
#include "ModelRepository.h"
#include "NamedCohorts.h"
#include "PatientReport.h"
#include "TestData.h"
#include "demo/DemoCohort.h"
#include "genomics/GenomicSource.h"
#include "modeling/Training.h"
#include "radiomics/ParameterSet.h"

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

std::string text(double v) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.17g", v);
    return buffer;
}

/// A ridge-logistic model of volume and mean intensity (ct-default columns),
/// trained on a synthetic table and recorded as trained on `cohort`.
modeling::TrainedModel radiomicModel(const std::string& cohort, const std::string& hash) {
    const std::vector<std::string> names{"patient_id", "morphology.volume_mesh",
                                         "intensity_statistics.mean_intensity", "target"};
    std::vector<std::vector<std::string>> columns(names.size());
    for (int i = 0; i < 60; ++i) {
        const double volume = 1000.0 + 97.0 * ((i * 37) % 60);
        columns[0].push_back("T" + std::to_string(i));
        columns[1].push_back(text(volume));
        columns[2].push_back(text(-20.0 + ((i * 11) % 60)));
        columns[3].push_back((volume > 3900.0) != (i % 7 == 0) ? "yes" : "no");
    }
    modeling::TrainingRequest request;
    request.name = "volume-mean";
    request.task.kind = modeling::ModelKind::Logistic;
    request.task.target = "target";
    request.features = {"morphology.volume_mesh", "intensity_statistics.mean_intensity"};
    request.pipeline.learner.penalty = modeling::Penalty::Ridge;
    request.pipeline.learner.innerFolds = 3;
    request.validation.folds = 3;
    request.validation.threads = 1;
    return modeling::trainModel(stats::DataTable::fromText("synthetic.csv", names, columns),
                                request, {"cohort " + cohort, cohort, hash})
        .model;
}

} // namespace

int main(int argc, char** argv) {
    int patients = 100, repeat = 3;
    std::uint32_t seed = 1;
    for (int a = 1; a + 1 < argc; a += 2) {
        const std::string arg = argv[a];
        if (arg == "--patients")
            patients = std::max(1, std::atoi(argv[a + 1]));
        else if (arg == "--repeat")
            repeat = std::max(1, std::atoi(argv[a + 1]));
        else if (arg == "--seed")
            seed = static_cast<std::uint32_t>(std::atol(argv[a + 1]));
        else {
            std::fprintf(stderr, "usage: bench_patient_appendix [--patients N] [--repeat R] "
                                 "[--seed S]\n");
            return 2;
        }
    }

    test::TempDir dir;
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
    const storage::CohortRow cohort =
        storage::createCohort(db, storage::CohortDefinition{"demo", "", ""}, "bench");
    const storage::StoredModel model =
        storage::storeModel(db, radiomicModel("demo@1", params.hash), "bench");
    modeling::ScoringResult scores;
    scores.modelId = model.modelId;
    for (std::size_t i = 0; i < summary.patients.size(); ++i) {
        modeling::PatientScore s;
        s.patientId = summary.patients[i].patientId;
        s.row = i;
        s.score = static_cast<double>(i % 10) / 10.0 + 0.05;
        s.predictedClass = s.score >= 0.5 ? "yes" : "no";
        scores.scored.push_back(s);
    }
    storage::savePredictions(db, model, scores, "bench");
    std::printf("setup: %d patients, %zu ROIs extracted (%zu failed) in %.1f s\n", patients,
                extraction.extracted, extraction.failed.size(), secondsSince(setup));

    std::vector<double> seconds;
    std::size_t figures = 0, pixelBytes = 0;
    for (int r = 0; r < repeat; ++r) {
        report::Document doc;
        const auto start = Clock::now();
        storage::appendPatientAppendix(db, cohort, {}, doc);
        seconds.push_back(secondsSince(start));
        figures = pixelBytes = 0;
        for (const auto& section : doc.sections)
            for (const auto& block : section.blocks)
                if (const auto* figure = std::get_if<report::Figure>(&block))
                    if (const auto* key = std::get_if<report::KeyImage>(&figure->content)) {
                        ++figures;
                        pixelBytes += key->pixels.size() * sizeof(float);
                    }
    }
    std::sort(seconds.begin(), seconds.end());
    const double median = seconds[seconds.size() / 2];
    const double budget = 10.0 * patients / 100.0;
    std::printf("appendix: %d patients, %zu key images (%.1f MB of pixels): median %.2f s of %d "
                "(min %.2f, max %.2f) = %.3f s per patient; budget %.1f s (a third of 30 s per "
                "100 patients)\n",
                patients, figures, static_cast<double>(pixelBytes) / 1e6, median, repeat,
                seconds.front(), seconds.back(), median / patients, budget);
    return median <= budget ? 0 : 1;
}
