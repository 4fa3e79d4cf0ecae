// The per-patient report content (storage/PatientReport.h) on the demo cohort
// imported as `rgw-cli demo --import` does it, extracted with ct-default, a
// model trained on the cohort's radiomic columns stored with predictions:
// the predictions table holds exactly the stored predictions, not-profiled
// genes read "not profiled" (never wild-type), the key image is the
// largest-area slice of the ROI, the appendix has one section per included
// patient and the document numbers.
#include "CohortCreation.h"
#include "CohortRepositories.h"
#include "Database.h"
#include "ExtractionService.h"
#include "GenomicsImport.h"
#include "GenomicsRepository.h"
#include "ImportService.h"
#include "ModelRepository.h"
#include "NamedCohorts.h"
#include "PatientReport.h"
#include "SegmentationRepository.h"
#include "SeriesAccess.h"
#include "TestData.h"
#include "demo/DemoCohort.h"
#include "genomics/GenomicSource.h"
#include "modeling/Training.h"
#include "radiomics/ParameterSet.h"
#include "report/StudyReportAnchors.h"
#include "util/Error.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <gtest/gtest.h>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

using namespace rgw;
using namespace rgw::storage;
namespace fs = std::filesystem;

namespace {

constexpr int kPatients = 6;
constexpr std::uint32_t kSeed = 1;

std::string text(double v) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.17g", v);
    return buffer;
}

/// A ridge-logistic model of two radiomic columns of ct-default, trained on
/// a synthetic table and recorded as trained on `cohort` (the report reads
/// its inputs as the main features).
modeling::TrainedModel radiomicModel(const std::string& cohort, const std::string& hash) {
    const std::vector<std::string> names{"patient_id", "morphology.volume_mesh",
                                         "intensity_statistics.mean_intensity", "target"};
    std::vector<std::vector<std::string>> columns(names.size());
    for (int i = 0; i < 60; ++i) {
        const double volume = 1000.0 + 97.0 * ((i * 37) % 60);
        const double mean = -20.0 + ((i * 11) % 60);
        columns[0].push_back("T" + std::to_string(i));
        columns[1].push_back(text(volume));
        columns[2].push_back(text(mean));
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

/// The demo cohort once for every test (writing, importing and extracting
/// it is the slow part).
class PatientReportTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        dir = new test::TempDir;
        demo::DemoOptions options;
        options.outputFolder = dir->path() / "demo";
        options.patients = kPatients;
        options.seed = kSeed;
        summary = new demo::DemoSummary(demo::writeCohort(options));
        const fs::path file = dir->path() / "report.rgwdb";
        Database db(file);
        std::vector<fs::path> folders;
        for (const auto& p : summary->patients)
            folders.push_back(options.outputFolder / p.patientId);
        importPaths(db, folders);
        ASSERT_TRUE(
            importGenomicData(db, genomics::readGenomicSource(summary->genomics.folder)).imported);
        const radiomics::ParameterSet params = radiomics::loadParameterSet("ct-default");
        const CohortReport extraction = extractCohort(file, cohortPairs(db), params, 2);
        ASSERT_TRUE(extraction.failed.empty()) << extraction.failed.front().reason;

        const CohortRow cohort = createCohort(db, CohortDefinition{"demo", "", ""}, "tester");
        NamedCohortRepository(db).exclude(cohort.id, summary->patients[1].patientId,
                                          "motion artefact", "tester");
        const StoredModel model = storeModel(db, radiomicModel("demo@1", params.hash), "tester");
        modeling::ScoringResult scores;
        scores.modelId = model.modelId;
        for (std::size_t i = 0; i < summary->patients.size(); ++i) {
            modeling::PatientScore s;
            s.patientId = summary->patients[i].patientId;
            s.row = i;
            s.score = 0.05 + 0.1234567 * static_cast<double>(i);
            s.predictedClass = s.score >= 0.5 ? "yes" : "no";
            scores.scored.push_back(s);
        }
        savePredictions(db, model, scores, "tester");
    }
    static void TearDownTestSuite() {
        delete summary;
        delete dir;
    }

    static test::TempDir* dir;
    static demo::DemoSummary* summary;
    Database db{dir->path() / "report.rgwdb"};
};

test::TempDir* PatientReportTest::dir = nullptr;
demo::DemoSummary* PatientReportTest::summary = nullptr;

const report::Section* section(const report::Document& doc, const std::string& anchor) {
    for (const auto& s : doc.sections)
        if (s.anchor == anchor)
            return &s;
    return nullptr;
}

template <class T> std::vector<const T*> blocksOf(const report::Section& section) {
    std::vector<const T*> out;
    for (const auto& block : section.blocks)
        if (const auto* b = std::get_if<T>(&block))
            out.push_back(b);
    return out;
}

const report::Table* table(const report::Document& doc, const std::string& anchor) {
    for (const auto& s : doc.sections)
        for (const auto* t : blocksOf<report::Table>(s))
            if (t->anchor == anchor)
                return t;
    return nullptr;
}

std::size_t column(const report::Table& t, const std::string& header) {
    for (std::size_t c = 0; c < t.header.size(); ++c)
        if (t.header[c] == header)
            return c;
    ADD_FAILURE() << "no column " << header << " in " << t.caption;
    return 0;
}

PatientReportOptions fixedDate() {
    PatientReportOptions options;
    options.date = "2026-12-06";
    return options;
}

} // namespace

TEST_F(PatientReportTest, PredictionsTableHoldsExactlyTheStoredPredictions) {
    for (const auto& patient : summary->patients) {
        report::Document doc = patientReport(db, patient.patientId, fixedDate());
        EXPECT_EQ(doc.title, "Patient report — " + patient.patientId);
        ASSERT_EQ(doc.subtitle.size(), 2u);
        EXPECT_EQ(doc.subtitle[0], "2026-12-06");
        EXPECT_EQ(doc.subtitle[1], std::string("Radiogenomics Workstation ") + RGW_VERSION);
        ASSERT_NO_THROW(report::numberDocument(doc));

        const auto stored = predictionsForPatients(db, {patient.patientId});
        ASSERT_EQ(stored.size(), 1u);
        const report::Table* t = table(doc, "patient-1-predictions");
        ASSERT_NE(t, nullptr);
        ASSERT_EQ(t->rows.size(), stored.size());
        const auto& row = t->rows.front();
        EXPECT_EQ(row[column(*t, "Model")], stored[0].modelName);
        EXPECT_EQ(row[column(*t, "Model id")], stored[0].modelId.substr(0, 12));
        EXPECT_EQ(row[column(*t, "Software")], stored[0].softwareVersion);
        EXPECT_EQ(row[column(*t, "Class / group")], stored[0].predictedClass);
        // Four significant digits of the stored score.
        EXPECT_NEAR(std::stod(row[column(*t, "Score")]), stored[0].score,
                    5e-4 * std::abs(stored[0].score));
        // The full model id in the notes.
        bool noted = false;
        for (const auto& note : t->notes)
            noted = noted || note.find(stored[0].modelId) != std::string::npos;
        EXPECT_TRUE(noted);
    }
}

TEST_F(PatientReportTest, NotProfiledGenesAreNeverWildType) {
    ASSERT_FALSE(summary->genomics.notSequencedSamples.empty())
        << "seed " << kSeed << " with " << kPatients
        << " patients has every sample sequenced: choose another seed";
    GenomicsRepository genomics(db);
    std::optional<GenomicProfileRow> mutationProfile;
    for (const auto& p : genomics.profiles())
        if (p.kind == genomics::ProfileKind::Mutation)
            mutationProfile = p;
    ASSERT_TRUE(mutationProfile);
    std::size_t notProfiled = 0, wildType = 0, mutated = 0;
    for (const auto& patient : summary->patients) {
        const report::Document doc = patientReport(db, patient.patientId, fixedDate());
        const report::Table* t = table(doc, "patient-1-mutations");
        ASSERT_NE(t, nullptr);
        const auto samples = genomics.samplesOfPatient(patient.patientId);
        ASSERT_EQ(samples.size(), 1u);
        const bool sequenced =
            std::find(summary->genomics.notSequencedSamples.begin(),
                      summary->genomics.notSequencedSamples.end(),
                      samples[0].sampleId) == summary->genomics.notSequencedSamples.end();
        for (const auto& row : t->rows) {
            // The stored calls and coverage, read through the repository.
            const std::string expected = genomics::geneStatusName(
                genomics.geneStatus(mutationProfile->id, samples[0].sampleId, row[0]));
            EXPECT_EQ(row[1], expected) << patient.patientId << " " << row[0];
            if (!sequenced) {
                EXPECT_EQ(row[1], "not profiled") << patient.patientId << " " << row[0];
            }
            notProfiled += row[1] == "not profiled";
            wildType += row[1] == "wild-type";
            mutated += row[1] == "mutated";
        }
    }
    EXPECT_GT(notProfiled, 0u);
    EXPECT_GT(wildType, 0u);
    EXPECT_GT(mutated, 0u);
}

TEST_F(PatientReportTest, KeyImageIsTheLargestAreaSliceOfEachRoi) {
    const auto& patient = summary->patients[0];
    const report::Document doc = patientReport(db, patient.patientId, fixedDate());
    const report::Section* images = section(doc, "patient-images");
    ASSERT_NE(images, nullptr);
    const auto figures = blocksOf<report::Figure>(*images);
    ASSERT_EQ(figures.size(), patient.roiNames.size());

    SegmentationRepository segmentations(db);
    const Volume volume = loadSeriesVolume(db, patient.ctSeriesInstanceUid).volume;
    const auto& g = volume.geometry;
    for (const auto& row : segmentations.listForSeries(patient.ctSeriesInstanceUid)) {
        const Mask mask = loadSegmentationMask(db, row.id, g);
        // Largest area by direct count; ties to the lowest slice.
        std::int64_t best = -1;
        std::size_t bestArea = 0;
        for (std::int64_t k = 0; k < g.size[2]; ++k) {
            std::size_t area = 0;
            for (std::int64_t j = 0; j < g.size[1]; ++j)
                for (std::int64_t i = 0; i < g.size[0]; ++i)
                    area += mask.at(i, j, k) != 0;
            if (area > bestArea)
                bestArea = area, best = k;
        }
        ASSERT_GE(best, 0);
        const std::string slice =
            "axial slice " + std::to_string(best + 1) + " of " + std::to_string(g.size[2]) + ",";
        const report::Figure* figure = nullptr;
        for (const auto* f : figures)
            if (f->caption.find("'" + row.roiName + "' (segmentation " + std::to_string(row.id)) !=
                std::string::npos)
                figure = f;
        ASSERT_NE(figure, nullptr) << row.roiName;
        const auto& image = std::get<report::KeyImage>(figure->content);
        EXPECT_EQ(image.orientationText.rfind(slice, 0), 0u)
            << image.orientationText << " vs " << slice;
        // The contours enclose the slice's ROI area (pixel units).
        double area = 0;
        for (const auto& contour : image.contours) {
            double twice = 0;
            for (std::size_t v = 0; v < contour.size(); ++v) {
                const auto& [x0, y0] = contour[v];
                const auto& [x1, y1] = contour[(v + 1) % contour.size()];
                twice += x0 * y1 - x1 * y0;
            }
            area += twice / 2; // outer boundaries and holes wind oppositely
        }
        EXPECT_NEAR(std::abs(area), static_cast<double>(bestArea), 1e-9) << row.roiName;
        // CT: the soft-tissue preset.
        EXPECT_DOUBLE_EQ(image.windowWidth, 400.0);
        EXPECT_DOUBLE_EQ(image.windowCentre, 50.0);
    }

    // ROI statistics: one row per ROI; the features table names the model's inputs.
    const report::Table* stats = table(doc, "patient-1-roi-statistics");
    ASSERT_NE(stats, nullptr);
    EXPECT_EQ(stats->rows.size(), patient.roiNames.size());
    const report::Table* features = table(doc, "patient-1-features");
    ASSERT_NE(features, nullptr);
    ASSERT_EQ(features->rows.size(), 2u);
    EXPECT_EQ(features->rows[0][1], "RNU0");
    EXPECT_EQ(features->rows[1][1], "Q4LE");
}

TEST_F(PatientReportTest, AppendixHasOneSectionPerIncludedPatient) {
    const CohortRow cohort = NamedCohortRepository(db).require("demo");
    report::Document doc;
    doc.title = "Study report";
    std::vector<std::string> progressed;
    appendPatientAppendix(db, cohort, fixedDate(), doc,
                          [&](std::size_t, std::size_t, const std::string& what) {
                              if (!what.empty())
                                  progressed.push_back(what);
                          });
    ASSERT_FALSE(doc.sections.empty());
    EXPECT_EQ(doc.sections.front().anchor, report::anchors::kPatients);
    EXPECT_EQ(doc.sections.front().level, 1);

    const std::vector<std::string> included = NamedCohortRepository(db).includedPatients(cohort.id);
    ASSERT_EQ(included.size(), static_cast<std::size_t>(kPatients - 1));
    ASSERT_EQ(doc.sections.size(), included.size() + 1);
    EXPECT_EQ(progressed, included);
    for (std::size_t n = 0; n < included.size(); ++n) {
        const report::Section& s = doc.sections[n + 1];
        EXPECT_EQ(s.level, 2);
        EXPECT_EQ(s.anchor, "patient-" + std::to_string(n + 1));
        EXPECT_EQ(s.title, "Patient " + included[n]);
        // The section before ends with the page break.
        ASSERT_FALSE(doc.sections[n].blocks.empty());
        EXPECT_TRUE(std::holds_alternative<report::PageBreak>(doc.sections[n].blocks.back()));
        EXPECT_FALSE(blocksOf<report::Figure>(s).empty());
    }
    const std::string excluded = summary->patients[1].patientId;
    for (const auto& s : doc.sections)
        EXPECT_EQ(s.title.find(excluded), std::string::npos);
    ASSERT_NO_THROW(report::numberDocument(doc));
    EXPECT_EQ(doc.sections[1].number, "1.1");

    // Cancelled before the first patient: an error, nothing of a patient appended.
    CancelToken cancel;
    cancel.cancel();
    report::Document cancelled;
    EXPECT_THROW(appendPatientAppendix(db, cohort, fixedDate(), cancelled, {}, &cancel), Error);
    EXPECT_EQ(cancelled.sections.size(), 1u);
}

TEST_F(PatientReportTest, RefusesAnUnknownPatient) {
    try {
        patientReport(db, "NOBODY", fixedDate());
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("NOBODY"), std::string::npos);
    }
}

TEST(PatientReportWithoutModels, NewestSegmentationThenTheFixedFeatureList) {
    test::TempDir dir;
    demo::DemoOptions options;
    options.outputFolder = dir.path() / "demo";
    options.patients = 1;
    options.seed = kSeed;
    const demo::DemoSummary summary = demo::writeCohort(options);
    const fs::path file = dir.path() / "one.rgwdb";
    Database db(file);
    importPaths(db, {options.outputFolder / summary.patients[0].patientId});
    const std::string patientId = summary.patients[0].patientId;
    ASSERT_GE(summary.patients[0].roiNames.size(), 2u);

    // No extraction: the newest segmentation of the one image series.
    report::Document doc = patientReport(db, patientId, fixedDate());
    ASSERT_NO_THROW(report::numberDocument(doc));
    const auto figures = blocksOf<report::Figure>(*section(doc, "patient-images"));
    ASSERT_EQ(figures.size(), 1u);
    const auto rows =
        SegmentationRepository(db).listForSeries(summary.patients[0].ctSeriesInstanceUid);
    const auto newest =
        std::max_element(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
            return std::tie(a.createdAt, a.id) < std::tie(b.createdAt, b.id);
        });
    EXPECT_NE(figures[0]->caption.find("(segmentation " + std::to_string(newest->id) + ","),
              std::string::npos)
        << figures[0]->caption;
    EXPECT_EQ(table(doc, "patient-1-features"), nullptr);
    EXPECT_EQ(table(doc, "patient-1-predictions"), nullptr);
    EXPECT_EQ(table(doc, "patient-1-mutations"), nullptr); // no genomic study imported

    // Extracted, no model: every ROI, the fixed IBSI list in its order.
    const CohortReport extraction =
        extractCohort(file, cohortPairs(db), radiomics::loadParameterSet("ct-default"), 1);
    ASSERT_TRUE(extraction.failed.empty());
    doc = patientReport(db, patientId, fixedDate());
    EXPECT_EQ(blocksOf<report::Figure>(*section(doc, "patient-images")).size(),
              summary.patients[0].roiNames.size());
    const report::Table* features = table(doc, "patient-1-features");
    ASSERT_NE(features, nullptr);
    ASSERT_EQ(features->rows.size(), kFixedMainFeatures.size());
    for (std::size_t r = 0; r < kFixedMainFeatures.size(); ++r)
        EXPECT_EQ(features->rows[r][1], kFixedMainFeatures[r]);
    EXPECT_EQ(features->header.size(), 2 + summary.patients[0].roiNames.size());
}
