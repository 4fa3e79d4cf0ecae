// The Results part of the study report (storage/ReportResults.h) on the
// demo's genomic study (no DICOM): a cohort with a 70/30 split and three
// stored models — unpenalised logistic, unpenalised Cox, ridge logistic —
// then association maps written by the `rgw-cli assoc` writers. Every number
// the report shows must be the formatted number of the core struct that
// computes it: modeling::evaluateModel on the table storage::modelAnalysisTable
// reads (what `rgw-cli model evaluate --cohort` reads), the stored model's
// coefficients, the association CSV's rows.
#include "CohortAnalysisTable.h"
#include "CohortCreation.h"
#include "CohortSplitting.h"
#include "Database.h"
#include "GenomicsImport.h"
#include "ModelRepository.h"
#include "NamedCohorts.h"
#include "ReportResults.h"
#include "TestData.h"
#include "association/AssociationCsv.h"
#include "association/AssociationTable.h"
#include "association/CorrelationMap.h"
#include "association/GroupMap.h"
#include "association/MapClustering.h"
#include "demo/DemoGenomics.h"
#include "demo/DemoPhantom.h"
#include "genomics/GenomicSource.h"
#include "modeling/ModelEvaluation.h"
#include "modeling/ModelNomogram.h"
#include "modeling/Training.h"
#include "report/NumberFormat.h"
#include "report/StudyReportAnchors.h"
#include "util/AtomicFile.h"
#include "util/Error.h"

#include <cmath>
#include <gtest/gtest.h>
#include <memory>
#include <optional>
#include <string>
#include <vector>

using namespace rgw;
using namespace rgw::storage;

namespace {

constexpr std::uint32_t kSeed = 1;
constexpr int kPatients = 80;

const char* kCohort = "demo@1";

/// One database for every test: importing and training take a few seconds.
struct Study {
    test::TempDir dir;
    std::unique_ptr<Database> db;
    CohortRow cohort;
    StoredModel logistic, cox, ridge, subtype, forest;
};

Study* gStudy = nullptr;

StoredModel trainAndStore(Database& db, const std::string& name, modeling::ModelKind kind,
                          modeling::Penalty penalty, std::vector<std::string> features,
                          const std::string& target = "mut_EGFR",
                          std::optional<modeling::LearnerKind> learner = std::nullopt,
                          const std::string& cohort = "demo") {
    CohortExportOptions options;
    options.cohort = cohort;
    const CohortAnalysisTable input = cohortAnalysisTable(db, options);
    modeling::TrainingRequest request;
    request.name = name;
    request.task.kind = kind;
    if (kind == modeling::ModelKind::Cox) {
        request.task.time = "os_time";
        request.task.event = "os_event";
    } else {
        request.task.target = target;
    }
    request.features = std::move(features);
    request.pipeline.learner.penalty = penalty;
    if (learner) {
        request.pipeline.learner.algorithm = learner;
        request.pipeline.learner.algorithmOptions = modeling::defaultLearnerOptions(*learner);
        request.pipeline.learner.algorithmOptions.trees = 50;
    }
    request.pipeline.learner.innerFolds = 3;
    request.validation.folds = 3;
    request.validation.repeats = 2;
    request.validation.threads = 1;
    const modeling::TrainingSource source{"cohort " + input.provenance.cohort,
                                          input.provenance.cohort,
                                          input.provenance.parameterSetHash};
    return storeModel(db, modeling::trainModel(input.table, request, source).model, "tester");
}

class ReportResults : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        gStudy = new Study;
        gStudy->db = std::make_unique<Database>(gStudy->dir.path() / "cohort.rgwdb");
        Database& db = *gStudy->db;
        std::vector<demo::DemoStudyPatient> patients;
        for (int number = 1; number <= kPatients; ++number)
            patients.push_back(
                demo::studyPatientOf(demo::makePatientPhantom(kSeed, number), number));
        const auto study = demo::writeGenomicStudy(gStudy->dir.path() / "study", kSeed, patients);
        const auto report = importGenomicData(db, genomics::readGenomicSource(study.folder));
        ASSERT_TRUE(report.imported);
        gStudy->cohort = createCohort(db, CohortDefinition{"demo", "", ""}, "tester");
        SplitRequest split;
        split.seed = 4;
        splitCohort(db, gStudy->cohort, split, "tester");
        // expr_EGFR separates mut_EGFR in some folds: the unpenalised model uses
        // weaker predictors, the ridge model the strong one.
        gStudy->logistic = trainAndStore(db, "egfr-glm", modeling::ModelKind::Logistic,
                                         modeling::Penalty::None, {"AGE", "expr_MKI67"});
        gStudy->cox = trainAndStore(db, "os-cox", modeling::ModelKind::Cox, modeling::Penalty::None,
                                    {"AGE", "expr_MKI67"});
        gStudy->ridge = trainAndStore(db, "egfr-ridge", modeling::ModelKind::Logistic,
                                      modeling::Penalty::Ridge, {"AGE", "expr_EGFR"});
        gStudy->subtype =
            trainAndStore(db, "subtype", modeling::ModelKind::Multinomial, modeling::Penalty::Ridge,
                          {"expr_EGFR", "expr_KRAS", "expr_TP53"}, "SUBTYPE");
        gStudy->forest = trainAndStore(db, "egfr-forest", modeling::ModelKind::Logistic,
                                       modeling::Penalty::None, {"AGE", "expr_EGFR", "expr_MKI67"},
                                       "mut_EGFR", modeling::LearnerKind::RandomForest);
    }
    static void TearDownTestSuite() {
        delete gStudy;
        gStudy = nullptr;
    }

    Database& db() { return *gStudy->db; }

    report::Document results(const ResultsOptions& options = {}) {
        report::Document doc;
        appendResults(db(), gStudy->cohort, options, doc);
        return doc;
    }

    /// The evaluation `rgw-cli model evaluate MODEL --cohort demo@1` prints.
    modeling::ModelEvaluation evaluation(const StoredModel& stored) {
        const modeling::TrainedModel model = loadStoredModel(db(), stored);
        const CohortAnalysisTable input = modelAnalysisTable(db(), kCohort, model);
        return modeling::evaluateModel(model, input.table, {input.provenance.parameterSetHash});
    }

    static const report::Section& section(const report::Document& doc, const std::string& anchor) {
        for (const auto& s : doc.sections)
            if (s.anchor == anchor)
                return s;
        throw Error("no section " + anchor);
    }
    template <class T> static const T& block(const report::Section& s, const std::string& anchor) {
        for (const auto& b : s.blocks)
            if (const T* t = std::get_if<T>(&b); t && t->anchor == anchor)
                return *t;
        throw Error("no block " + anchor + " in section " + s.anchor);
    }
    static const std::string& cell(const report::Table& t, const std::string& measure) {
        for (const auto& row : t.rows)
            if (row.front() == measure)
                return row.at(1);
        throw Error("no row " + measure + " in " + t.anchor);
    }
};

TEST_F(ReportResults, OneSectionPerModelOfTheCohortInStoredOrder) {
    const report::Document doc = results();
    ASSERT_GE(doc.sections.size(), 4u);
    EXPECT_EQ(doc.sections[0].anchor, report::anchors::kResults);
    EXPECT_EQ(doc.sections[0].level, 1);
    EXPECT_EQ(doc.sections[1].anchor, "results-model-1");
    EXPECT_EQ(doc.sections[1].title, "Model 1: egfr-glm");
    EXPECT_EQ(doc.sections[2].title, "Model 2: os-cox");
    EXPECT_EQ(doc.sections[3].title, "Model 3: egfr-ridge");
    EXPECT_EQ(doc.sections[5].title, "Model 5: egfr-forest");
    for (std::size_t i = 1; i < 6; ++i)
        EXPECT_EQ(doc.sections[i].level, 2);
    EXPECT_EQ(doc.sections.size(), 6u); // no association tables given
}

TEST_F(ReportResults, BinaryNumbersAreThoseOfEvaluateModel) {
    const report::Document doc = results();
    const report::Section& s = section(doc, "results-model-1");
    const modeling::ModelEvaluation e = evaluation(gStudy->logistic);
    ASSERT_TRUE(e.evaluation.binary);
    const modeling::BinaryMetrics& b = *e.evaluation.binary;

    const auto& t = block<report::Table>(s, "results-model-1-metrics");
    EXPECT_EQ(cell(t, "AUC (95 % CI, DeLong)"), report::metricText(b.auc.auc) + " (95 % CI " +
                                                    report::metricText(b.auc.lower) + "\u2013" +
                                                    report::metricText(b.auc.upper) + ")");
    EXPECT_EQ(cell(t, "Brier score"), report::metricText(b.calibration.brier));
    EXPECT_EQ(cell(t, "Calibration intercept"), report::metricText(b.calibration.intercept));
    EXPECT_EQ(cell(t, "Calibration slope"), report::metricText(b.calibration.slope));
    EXPECT_EQ(cell(t, "Sensitivity at the threshold"),
              report::metricText(b.atThreshold.sensitivity));
    EXPECT_EQ(cell(t, "Threshold (chosen on training data)"),
              report::metricText(loadStoredModel(db(), gStudy->logistic).decision.threshold));

    // The ROC figure draws the RocCurve's points (1 - specificity, sensitivity).
    const auto& roc =
        std::get<report::XYPlot>(block<report::Figure>(s, "results-model-1-roc").content);
    ASSERT_GE(roc.series.size(), 2u);
    const report::PlotSeries& curve = roc.series[0];
    ASSERT_EQ(curve.x.size(), b.roc.points.size());
    for (std::size_t i = 0; i < curve.x.size(); ++i) {
        const auto& point = b.roc.points[b.roc.points.size() - 1 - i];
        EXPECT_EQ(curve.x[i], 1.0 - point.specificity) << i;
        EXPECT_EQ(curve.y[i], point.sensitivity) << i;
    }
    EXPECT_EQ(roc.series[1].x, (std::vector<double>{0, 1})); // the diagonal
    ASSERT_FALSE(roc.annotations.empty());
    EXPECT_NE(roc.annotations[0].find(report::metricText(b.auc.lower)), std::string::npos);

    const auto& cal =
        std::get<report::XYPlot>(block<report::Figure>(s, "results-model-1-calibration").content);
    ASSERT_EQ(cal.series.size(), 2u);
    ASSERT_EQ(cal.series[1].x.size(), b.calibrationCurve.size());
    for (std::size_t i = 0; i < b.calibrationCurve.size(); ++i) {
        EXPECT_EQ(cal.series[1].y[i], b.calibrationCurve[i].observed);
        EXPECT_EQ(cal.series[1].yLower[i], b.calibrationCurve[i].lower);
        EXPECT_EQ(cal.series[1].yUpper[i], b.calibrationCurve[i].upper);
    }
    const auto& dca = std::get<report::XYPlot>(
        block<report::Figure>(s, "results-model-1-decision-curve").content);
    ASSERT_EQ(dca.series.size(), 3u);
    ASSERT_EQ(dca.series[0].y.size(), b.decisionCurve.size());
    EXPECT_EQ(dca.series[0].y.front(), b.decisionCurve.front().model);
    EXPECT_EQ(dca.series[1].y.back(), b.decisionCurve.back().treatAll);
}

TEST_F(ReportResults, CoefficientTableIsTheStoredModelOnItsInputScale) {
    const report::Document doc = results();
    const report::Section& s = section(doc, "results-model-1");
    const auto& t = block<report::Table>(s, "results-model-1-coefficients");
    ASSERT_EQ(t.header.size(), 5u); // with standard errors: unpenalised
    EXPECT_EQ(t.header[3], "Odds ratio (95 % CI)");

    // The stored model's own coefficients on the input scale, as the nomogram has them.
    const modeling::TrainedModel model = loadStoredModel(db(), gStudy->logistic);
    const CohortAnalysisTable input = modelAnalysisTable(db(), kCohort, model);
    const modeling::ModelNomogram nomogram = modeling::nomogramOfModel(model, input.table, {});
    ASSERT_TRUE(nomogram.model) << nomogram.whyNot;
    ASSERT_EQ(t.rows.size(), 1 + nomogram.model->predictors.size());
    EXPECT_EQ(t.rows[0][0], "(Intercept)");
    EXPECT_EQ(t.rows[0][1], report::metricText(nomogram.model->intercept));
    for (std::size_t j = 0; j < nomogram.model->predictors.size(); ++j) {
        const auto& predictor = nomogram.model->predictors[j];
        const auto& row = t.rows[j + 1];
        EXPECT_EQ(row[0], predictor.name);
        EXPECT_EQ(row[1], report::metricText(predictor.coefficient));
        // The odds ratio opens the interval cell.
        EXPECT_EQ(row[3].substr(0, row[3].find(' ')),
                  report::metricText(std::exp(predictor.coefficient)));
    }

    // The nomogram figure of the logistic model.
    const auto& f = block<report::Figure>(s, "results-model-1-nomogram");
    const auto& plot = std::get<report::NomogramPlot>(f.content);
    EXPECT_EQ(plot.predictors.size(), nomogram.model->predictors.size());
    ASSERT_EQ(plot.outcomes.size(), 2u); // linear predictor and probability
    EXPECT_FALSE(plot.outcomes[1].ticks.empty());
}

TEST_F(ReportResults, PenalisedModelHasCoefficientsWithoutIntervalsAndSaysWhy) {
    const report::Document doc = results();
    const report::Section& s = section(doc, "results-model-3");
    const auto& t = block<report::Table>(s, "results-model-3-coefficients");
    ASSERT_EQ(t.header.size(), 3u);
    EXPECT_EQ(t.header[2], "Odds ratio (exp(coefficient))");
    ASSERT_FALSE(t.notes.empty());
    EXPECT_NE(t.notes[0].find("penalised (ridge)"), std::string::npos) << t.notes[0];
    const modeling::TrainedModel model = loadStoredModel(db(), gStudy->ridge);
    const CohortAnalysisTable input = modelAnalysisTable(db(), kCohort, model);
    const modeling::ModelNomogram nomogram = modeling::nomogramOfModel(model, input.table, {});
    ASSERT_TRUE(nomogram.model);
    for (std::size_t j = 0; j < nomogram.model->predictors.size(); ++j)
        EXPECT_EQ(t.rows[j + 1][1], report::metricText(nomogram.model->predictors[j].coefficient));
}

TEST_F(ReportResults, CoxNumbersAreThoseOfEvaluateModel) {
    const report::Document doc = results();
    const report::Section& s = section(doc, "results-model-2");
    const modeling::ModelEvaluation e = evaluation(gStudy->cox);
    ASSERT_TRUE(e.evaluation.survival);
    const modeling::SurvivalMetrics& sv = *e.evaluation.survival;
    const auto& t = block<report::Table>(s, "results-model-2-metrics");
    EXPECT_EQ(
        cell(t, "Harrell's C (95 % CI)"),
        report::withInterval(sv.concordance.cIndex, sv.concordance.lower, sv.concordance.upper));
    ASSERT_TRUE(sv.logRank);
    EXPECT_EQ(cell(t, "Log-rank p"), report::formatP(sv.logRank->p));

    const auto& km =
        std::get<report::XYPlot>(block<report::Figure>(s, "results-model-2-km").content);
    ASSERT_EQ(km.series.size(), sv.kaplanMeier.size());
    ASSERT_GE(km.series.size(), 2u);
    for (std::size_t g = 0; g < km.series.size(); ++g) {
        EXPECT_EQ(km.series[g].kind, report::SeriesKind::Steps);
        EXPECT_EQ(km.series[g].label, sv.kaplanMeier[g].group + " risk");
        EXPECT_EQ(km.series[g].x.size(), sv.kaplanMeier[g].rows.size() + 1);
    }
    ASSERT_FALSE(km.annotations.empty());
    EXPECT_NE(km.annotations[0].find(report::formatP(sv.logRank->p)), std::string::npos);

    const auto& td = block<report::Table>(s, "results-model-2-td-auc");
    ASSERT_EQ(td.rows.size(), sv.timeDependentAuc.size());
    for (std::size_t i = 0; i < td.rows.size(); ++i)
        EXPECT_EQ(td.rows[i][1], report::metricText(sv.timeDependentAuc[i].auc));

    const auto& coef = block<report::Table>(s, "results-model-2-coefficients");
    EXPECT_EQ(coef.header[3], "Hazard ratio (95 % CI)");
    EXPECT_NE(coef.rows.at(0).at(0), "(Intercept)");
}

TEST_F(ReportResults, MulticlassTablesAreThoseOfEvaluateModel) {
    const report::Document doc = results();
    const report::Section& s = section(doc, "results-model-4");
    const modeling::ModelEvaluation e = evaluation(gStudy->subtype);
    ASSERT_TRUE(e.evaluation.multiclass);
    const modeling::MulticlassMetrics& mc = *e.evaluation.multiclass;
    const auto& aucs = block<report::Table>(s, "results-model-4-auc");
    ASSERT_EQ(aucs.rows.size(), mc.classes.size() + 1);
    for (std::size_t k = 0; k < mc.classes.size(); ++k) {
        EXPECT_EQ(aucs.rows[k][0], mc.classes[k]);
        EXPECT_EQ(aucs.rows[k][1],
                  report::metricText(mc.performance.oneVsRestAuc(static_cast<Eigen::Index>(k))));
    }
    EXPECT_EQ(aucs.rows.back()[1], report::metricText(mc.meanOneVsRestAuc));
    const auto& confusion = block<report::Table>(s, "results-model-4-confusion");
    ASSERT_EQ(confusion.rows.size(), mc.classes.size());
    for (std::size_t r = 0; r < mc.classes.size(); ++r)
        for (std::size_t c = 0; c < mc.classes.size(); ++c)
            EXPECT_EQ(
                std::stod(confusion.rows[r][c + 1]),
                mc.performance.counts(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(c)));
    // No nomogram for a multinomial model: a paragraph says why.
    EXPECT_THROW(block<report::Figure>(s, "results-model-4-nomogram"), Error);
}

TEST_F(ReportResults, NonLinearLearnerHasItsImportanceTable) {
    const report::Document doc = results();
    const report::Section& s = section(doc, "results-model-5");
    const modeling::TrainedModel model = loadStoredModel(db(), gStudy->forest);
    ASSERT_TRUE(model.pipeline.algorithm);
    const auto& learner = *model.pipeline.algorithm;
    const auto& t = block<report::Table>(s, "results-model-5-coefficients");
    EXPECT_EQ(t.header, (std::vector<std::string>{"Feature", "Importance"}));
    ASSERT_EQ(t.rows.size(), static_cast<std::size_t>(learner.importance.size()));
    double previous = HUGE_VAL;
    for (const auto& row : t.rows) {
        const auto at = static_cast<Eigen::Index>(
            std::find(learner.features.begin(), learner.features.end(), row[0]) -
            learner.features.begin());
        ASSERT_LT(at, learner.importance.size()) << row[0];
        EXPECT_EQ(row[1], report::metricText(learner.importance(at)));
        EXPECT_LE(learner.importance(at), previous); // most important first
        previous = learner.importance(at);
    }
    EXPECT_THROW(block<report::Figure>(s, "results-model-5-nomogram"), Error);
}

TEST_F(ReportResults, CohortWithoutTestSplitReportsCrossValidationOnly) {
    // Every patient in training (an imported assignment): no held-out rows.
    const CohortRow unsplit = createCohort(db(), CohortDefinition{"unsplit", "", ""}, "tester");
    {
        CohortExportOptions options;
        options.cohort = "unsplit";
        const CohortAnalysisTable t = cohortAnalysisTable(db(), options);
        std::string csv = "patient_id,split\n";
        for (const auto& id : t.table.text("patient_id"))
            csv += id + ",train\n";
        rgw::writeTextFileAtomically(gStudy->dir.path() / "all-train.csv", csv);
        SplitRequest split;
        split.method = SplitRequest::Method::Imported;
        split.assignment = gStudy->dir.path() / "all-train.csv";
        splitCohort(db(), unsplit, split, "tester");
    }
    const StoredModel stored = trainAndStore(db(), "unsplit-ridge", modeling::ModelKind::Logistic,
                                             modeling::Penalty::Ridge, {"AGE", "expr_EGFR"},
                                             "mut_EGFR", std::nullopt, "unsplit");
    report::Document doc;
    appendResults(db(), unsplit, {}, doc);
    ASSERT_EQ(doc.sections.size(), 2u); // only this cohort's model
    const report::Section& s = doc.sections[1];
    EXPECT_EQ(s.title, "Model 1: unsplit-ridge");
    bool said = false;
    for (const auto& b : s.blocks)
        if (const auto* p = std::get_if<report::Paragraph>(&b))
            said = said || p->text.find("has no held-out test split") != std::string::npos;
    EXPECT_TRUE(said);
    EXPECT_THROW(block<report::Table>(s, "results-model-1-metrics"), Error);
    EXPECT_THROW(block<report::Figure>(s, "results-model-1-roc"), Error);
    EXPECT_NO_THROW(block<report::Table>(s, "results-model-1-coefficients"));
    // The cross-validated performance, as stored.
    const modeling::TrainedModel m = loadStoredModel(db(), stored);
    const auto& cv = std::get<report::Paragraph>(s.blocks[1]).text;
    EXPECT_NE(cv.find(report::meanSdText(m.validation.mean, m.validation.sd)), std::string::npos)
        << cv;
    deleteModel(db(), stored, "tester"); // the other tests count the demo cohort's models
}

TEST_F(ReportResults, DocumentNumbersAndCitesTheModelSections) {
    report::Document doc;
    doc.title = "Study report";
    appendResults(db(), gStudy->cohort, {}, doc);
    const report::Block cite =
        report::Paragraph{"See {ref:results-model-1-roc} and {ref:results-model-2}."};
    doc.sections.front().blocks.push_back(cite);
    ASSERT_NO_THROW(report::numberDocument(doc));
    EXPECT_EQ(doc.sections[1].number, "1.1");
    const auto& p = std::get<report::Paragraph>(doc.sections.front().blocks.back());
    EXPECT_EQ(p.text, "See Figure 1 and Section 1.2.");
}

/// A correlation map of the cohort written as `rgw-cli assoc map` writes it.
std::filesystem::path writeCorrelationMap(Database& db, const std::filesystem::path& out,
                                          const std::string& cohortName, bool clustered) {
    CohortExportOptions options;
    options.cohort = "demo";
    const CohortAnalysisTable input = cohortAnalysisTable(db, options);
    const auto molecular = association::prefixedColumns(input.table, "expr_");
    const auto features = association::namedColumns(input.table, {"AGE", "os_time"});
    association::CorrelationOptions o;
    o.method = association::CorrelationMethod::Spearman;
    o.threads = 1;
    const association::CorrelationMap map =
        association::correlationMap(features.values, molecular.values, o);
    std::optional<association::MapClustering> clustering;
    std::optional<association::Linkage> linkage;
    if (clustered) {
        linkage = association::Linkage::Average;
        clustering = association::clusterCorrelationMap(map, *linkage);
    }
    association::AssociationProvenance p;
    p.kind = "correlation map";
    p.cohort = cohortName;
    association::describeCorrelationMap(p, map, "expr_", features.columns, molecular.columns.size(),
                                        input.table.rows(), linkage);
    rgw::writeTextFileAtomically(
        out, association::correlationMapCsv(map, features.names, molecular.names,
                                            clustering ? &*clustering : nullptr));
    association::writeProvenanceFile(out, p);
    return out;
}

TEST_F(ReportResults, CorrelationMapGivesTopTableHeatmapAndCount) {
    for (const bool clustered : {false, true}) {
        const auto file = writeCorrelationMap(
            db(), gStudy->dir.path() / (clustered ? "clustered.csv" : "map.csv"), kCohort,
            clustered);
        ResultsOptions options;
        options.associationTables = {file};
        options.heatmapFeatures = 2;
        options.heatmapGenes = 5;
        options.topAssociations = 7;
        const report::Document doc = results(options);
        const report::Section& s = section(doc, "results-associations-1");
        EXPECT_EQ(section(doc, report::anchors::kAssociations).level, 2);
        EXPECT_EQ(s.level, 3);

        const stats::DataTable csv = stats::DataTable::read(file);
        const auto& q = csv.numbers("q");
        std::size_t hits = 0, tested = 0;
        for (const double v : q) {
            hits += v < 0.05 ? 1 : 0;
            tested += std::isfinite(v) ? 1 : 0;
        }
        const auto& sentence = std::get<report::Paragraph>(s.blocks.front()).text;
        EXPECT_NE(sentence.find(std::to_string(hits) + " of " + std::to_string(tested)),
                  std::string::npos)
            << sentence;

        const auto& top = block<report::Table>(s, "results-associations-1-top");
        ASSERT_EQ(top.rows.size(), 7u);
        double smallestQ = HUGE_VAL;
        for (const double v : q)
            smallestQ = std::min(smallestQ, v);
        EXPECT_EQ(top.rows[0][5], report::formatP(smallestQ));

        const auto& heat = std::get<report::HeatmapPlot>(
            block<report::Figure>(s, "results-associations-1-heatmap").content);
        ASSERT_EQ(heat.rowLabels.size(), 2u);
        ASSERT_EQ(heat.columnLabels.size(), 5u);
        ASSERT_EQ(heat.values.size(), 10u);
        ASSERT_EQ(heat.marked.size(), 10u);
        // Marks: the shown pairs with q < 0.05, each cell's value its r.
        const auto& feature = csv.text("feature");
        const auto& gene = csv.text("gene");
        const auto& r = csv.numbers("r");
        std::size_t expectedMarks = 0, marks = 0;
        for (std::size_t i = 0; i < csv.rows(); ++i) {
            const auto ri = std::find(heat.rowLabels.begin(), heat.rowLabels.end(), feature[i]);
            const auto ci = std::find(heat.columnLabels.begin(), heat.columnLabels.end(), gene[i]);
            if (ri == heat.rowLabels.end() || ci == heat.columnLabels.end())
                continue;
            const auto cellIndex = static_cast<std::size_t>(ri - heat.rowLabels.begin()) * 5 +
                                   static_cast<std::size_t>(ci - heat.columnLabels.begin());
            expectedMarks += q[i] < 0.05 ? 1 : 0;
            if (std::isnan(r[i]))
                EXPECT_TRUE(std::isnan(heat.values[cellIndex]));
            else
                EXPECT_EQ(heat.values[cellIndex], r[i]);
        }
        for (const auto m : heat.marked)
            marks += m;
        EXPECT_EQ(marks, expectedMarks);
        if (clustered) { // rows in the map's clustered order
            const auto& order = csv.numbers("feature_order");
            double previous = -1;
            for (const auto& label : heat.rowLabels) {
                const auto at = static_cast<std::size_t>(
                    std::find(feature.begin(), feature.end(), label) - feature.begin());
                EXPECT_GT(order[at], previous);
                previous = order[at];
            }
        }
    }
}

TEST_F(ReportResults, GroupMapGivesVolcanoWithSignificantSeries) {
    CohortExportOptions options;
    options.cohort = "demo";
    const CohortAnalysisTable input = cohortAnalysisTable(db(), options);
    const auto features = association::prefixedColumns(input.table, "expr_");
    const association::Grouping grouping = association::groupingOfColumn(input.table, "mut_EGFR");
    const association::GroupMap map = association::groupMap(features.values, grouping);
    association::AssociationProvenance p;
    p.kind = "group map";
    p.cohort = kCohort;
    association::describeGroupMap(p, map, grouping, "mut_EGFR", features.columns,
                                  input.table.rows());
    const auto file = gStudy->dir.path() / "groups.csv";
    rgw::writeTextFileAtomically(file, association::groupMapCsv(map, features.names));
    association::writeProvenanceFile(file, p);

    ResultsOptions results_;
    results_.associationTables = {file};
    const report::Document doc = results(results_);
    const report::Section& s = section(doc, "results-associations-1");
    const auto& volcano = std::get<report::XYPlot>(
        block<report::Figure>(s, "results-associations-1-volcano").content);
    ASSERT_EQ(volcano.series.size(), 2u);
    const stats::DataTable csv = stats::DataTable::read(file);
    std::size_t hits = 0, drawn = 0;
    for (std::size_t i = 0; i < csv.rows(); ++i) {
        const double pv = csv.numbers("p")[i], e = csv.numbers("effect")[i];
        if (!std::isfinite(e) || !(pv > 0))
            continue;
        ++drawn;
        hits += csv.numbers("q")[i] < 0.05 ? 1 : 0;
    }
    EXPECT_EQ(volcano.series[1].x.size(), hits);
    EXPECT_EQ(volcano.series[0].x.size() + volcano.series[1].x.size(), drawn);
    ASSERT_EQ(volcano.horizontalLines.size(), 1u);
    EXPECT_EQ(volcano.horizontalLines[0], -std::log10(0.05));
}

TEST_F(ReportResults, AssociationOfAnotherCohortIsRefusedNamingTheFile) {
    const auto file = writeCorrelationMap(db(), gStudy->dir.path() / "other.csv", "other@2", false);
    ResultsOptions options;
    options.associationTables = {file};
    report::Document doc;
    try {
        appendResults(db(), gStudy->cohort, options, doc);
        FAIL() << "a map of cohort other@2 was accepted";
    } catch (const Error& e) {
        const std::string message = e.what();
        EXPECT_NE(message.find(file.string()), std::string::npos) << message;
        EXPECT_NE(message.find("other@2"), std::string::npos) << message;
    }
    EXPECT_TRUE(doc.sections.empty()); // nothing appended on failure

    // A CSV without its provenance side file is refused as well.
    std::filesystem::remove(file.string() + ".provenance.json");
    EXPECT_THROW(appendResults(db(), gStudy->cohort, options, doc), Error);
}

TEST(ReportNumberFormat, ThreeDecimalsAndSmallPValues) {
    EXPECT_EQ(report::metricText(0.81249), "0.812");
    EXPECT_EQ(report::metricText(-0.0001), "0.000");
    EXPECT_EQ(report::metricText(std::nan("")), "NA"); // missing is never a number
    EXPECT_EQ(report::formatP(0.0004), "< 0.001");
    EXPECT_EQ(report::formatP(0.0123), "0.012");
    EXPECT_EQ(report::withInterval(0.8, 0.7, 0.9), "0.800 (95 % CI 0.700\u20130.900)");
}

} // namespace
