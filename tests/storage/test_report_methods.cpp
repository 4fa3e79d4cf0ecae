// The methods and cohort chapters of the study report (storage/ReportMethods.h,
// storage/ReportCohort.h) on the demo cohort: DICOM and genomic study imported,
// features extracted, a cohort with an exclusion and a split, a model trained
// on it and stored, plus a PET series for two patients (one convertible to
// SUV, one without the patient's weight). Every number the chapters state is checked against the
// database itself: the flow against NamedCohortRepository::flow, Table 1's
// counts against SQL, the acquisition table's series count against the
// series rows, the parameter-set hash against the extractions; and the
// document numbers (every {ref:} resolves).
#include "../core/DicomSynth.h"
#include "CohortAnalysisTable.h"
#include "CohortCreation.h"
#include "CohortSplitting.h"
#include "Database.h"
#include "ExtractionService.h"
#include "FeatureRepository.h"
#include "GenomicsImport.h"
#include "ImportService.h"
#include "ModelRepository.h"
#include "NamedCohorts.h"
#include "ReportCohort.h"
#include "ReportMethods.h"
#include "TestData.h"
#include "demo/DemoCohort.h"
#include "genomics/GenomicSource.h"
#include "modeling/Training.h"
#include "radiomics/ParameterSet.h"
#include "report/StudyReportAnchors.h"
#include "util/Error.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <gtest/gtest.h>
#include <map>
#include <string>

using namespace rgw;
using namespace rgw::storage;
namespace fs = std::filesystem;
namespace anchors = rgw::report::anchors;

namespace {

constexpr int kPatients = 30;

/// The demo cohort in one database, prepared once for every test here.
struct Fixture {
    /// A two-slice PET series of `patientId` (Units BQML, Decay Correction
    /// START; without Patient's Weight it cannot become SUV).
    void writePet(const std::string& patientId, bool withWeight) {
        test::SliceSpec s;
        s.sopClassUid = UID_PositronEmissionTomographyImageStorage;
        s.modality = "PT";
        s.studyUid = test::newUid();
        s.seriesUid = test::newUid();
        s.words.assign(static_cast<std::size_t>(s.rows * s.columns), 100);
        for (int k = 0; k < 2; ++k) {
            s.instanceNumber = k + 1;
            s.position = {0, 0, 2.5 * k};
            auto ff = test::makeSlice(s);
            DcmDataset& d = *ff->getDataset();
            d.putAndInsertString(DCM_PatientID, patientId.c_str());
            test::putPetSuvInputs(d, withWeight);
            test::save(*ff, dir.path() / "pet" / (s.seriesUid + "-" + std::to_string(k) + ".dcm"));
        }
    }

    test::TempDir dir;
    fs::path file = dir.path() / "report.rgwdb";
    demo::DemoSummary summary;
    std::string parameterHash;
    std::string excludedPatient;
    StoredModel model;

    Fixture() {
        demo::DemoOptions options;
        options.outputFolder = dir.path() / "demo";
        options.patients = kPatients;
        summary = demo::writeCohort(options);
        writePet(summary.patients[1].patientId, true);
        writePet(summary.patients[2].patientId, false);
        {
            Database db(file);
            importPaths(db, {options.outputFolder, dir.path() / "pet"});
            const auto report = importGenomicData(
                db, genomics::readGenomicSource(demo::demoStudyFolder(options.outputFolder)));
            EXPECT_TRUE(report.imported);
        }
        // One ROI per patient keeps the extraction short.
        Database db(file);
        std::vector<CohortPair> pairs;
        std::set<std::string> seen;
        for (const CohortPair& p : cohortPairs(db))
            if (seen.insert(p.seriesInstanceUid).second)
                pairs.push_back(p);
        const radiomics::ParameterSet params = radiomics::loadParameterSet("ct-default");
        parameterHash = params.hash;
        const CohortReport extracted = extractCohort(file, pairs, params, 2);
        EXPECT_EQ(extracted.extracted, pairs.size());

        const CohortRow cohort = createCohort(db, CohortDefinition{"study", "", ""}, "tester");
        excludedPatient = summary.patients.front().patientId;
        NamedCohortRepository(db).exclude(cohort.id, excludedPatient, "motion artefact", "tester");
        SplitRequest split;
        split.seed = 4;
        splitCohort(db, NamedCohortRepository(db).require("study"), split, "tester");

        CohortExportOptions exportOptions;
        exportOptions.cohort = "study";
        const CohortAnalysisTable input = cohortAnalysisTable(db, exportOptions);
        modeling::TrainingRequest request;
        request.name = "egfr";
        request.task.kind = modeling::ModelKind::Logistic;
        request.task.target = "mut_EGFR";
        request.features = {"AGE", "expr_EGFR"};
        request.pipeline.learner.penalty = modeling::Penalty::Ridge;
        request.pipeline.learner.innerFolds = 3;
        request.validation.folds = 3;
        request.validation.threads = 1;
        const modeling::TrainingSource source{"cohort " + input.provenance.cohort,
                                              input.provenance.cohort,
                                              input.provenance.parameterSetHash};
        model = storeModel(db, modeling::trainModel(input.table, request, source).model, "tester");
    }
};

Fixture& fixture() {
    static Fixture f;
    return f;
}

const report::Section& sectionOf(const report::Document& doc, const std::string& anchor) {
    for (const auto& s : doc.sections)
        if (s.anchor == anchor)
            return s;
    throw Error("no section " + anchor);
}

template <class T> const T& blockOf(const report::Section& s, const std::string& anchor = "") {
    for (const auto& b : s.blocks)
        if (const T* t = std::get_if<T>(&b)) {
            if constexpr (requires { t->anchor; }) {
                if (!anchor.empty() && t->anchor != anchor)
                    continue;
            }
            return *t;
        }
    throw Error("no such block in " + s.anchor);
}

std::string allText(const report::Section& s) {
    std::string text = s.title + "\n";
    for (const auto& b : s.blocks) {
        if (const auto* p = std::get_if<report::Paragraph>(&b))
            text += p->text + "\n";
        else if (const auto* d = std::get_if<report::DefinitionList>(&b))
            for (const auto& [k, v] : d->entries)
                text += k + ": " + v + "\n";
        else if (const auto* t = std::get_if<report::Table>(&b))
            for (const auto& row : t->rows)
                for (const auto& cell : row)
                    text += cell + "\n";
    }
    return text;
}

std::int64_t scalar(Database& db, const std::string& sql) {
    Statement s(db, sql);
    EXPECT_TRUE(s.step()) << sql;
    return s.int64(0);
}

TEST(ReportMethods, FlowDiagramIsTheCohortsFlow) {
    Fixture& f = fixture();
    Database db(f.file);
    const CohortRow cohort = NamedCohortRepository(db).require("study");
    report::Document doc;
    appendCohort(db, cohort, doc);
    const report::Section& section = sectionOf(doc, anchors::kCohort);
    EXPECT_EQ(section.level, 1);
    const auto& figure = blockOf<report::Figure>(section, anchors::kFlowDiagram);
    const auto& diagram = std::get<report::FlowDiagram>(figure.content);
    const CohortFlow flow = NamedCohortRepository(db).flow(cohort.id);
    EXPECT_EQ(flow.started, static_cast<std::size_t>(kPatients));
    EXPECT_EQ(diagram.startText, "Candidate patients (n = " + std::to_string(flow.started) + ")");
    ASSERT_EQ(diagram.exclusions.size(), flow.steps.size());
    for (std::size_t i = 0; i < flow.steps.size(); ++i) {
        EXPECT_EQ(diagram.exclusions[i].reason, flow.steps[i].reason);
        EXPECT_EQ(diagram.exclusions[i].count, flow.steps[i].excluded);
    }
    ASSERT_EQ(diagram.exclusions.size(), 1u);
    EXPECT_EQ(diagram.exclusions[0].reason, "motion artefact");
    EXPECT_EQ(diagram.finalText, "Included (n = " + std::to_string(kPatients - 1) + ")");
    ASSERT_EQ(diagram.splitTexts.size(), 2u);
    EXPECT_EQ(diagram.splitTexts[0],
              "Training (n = " + std::to_string(flow.perSplit.at("train")) + ")");
    EXPECT_EQ(diagram.splitTexts[1], "Test (n = " + std::to_string(flow.perSplit.at("test")) + ")");
    EXPECT_EQ(flow.perSplit.at("train") + flow.perSplit.at("test"), flow.final);
}

TEST(ReportMethods, TableOneCountsEqualSql) {
    Fixture& f = fixture();
    Database db(f.file);
    const CohortRow cohort = NamedCohortRepository(db).require("study");
    const report::TableOneInput input = cohortTableOneInput(db, cohort);
    const report::TableOneSummary summary = report::summariseTableOne(input);
    ASSERT_EQ(summary.columnTitles.size(), 3u);
    const std::int64_t train =
        scalar(db, "SELECT COUNT(*) FROM cohort_members m WHERE m.cohort_id = " +
                       std::to_string(cohort.id) +
                       " AND m.split = 'train' AND NOT EXISTS (SELECT 1 "
                       "FROM cohort_decisions d WHERE d.cohort_id = m.cohort_id AND d.patient_id = "
                       "m.patient_id AND d.decision = 'exclude' AND d.id = (SELECT MAX(id) FROM "
                       "cohort_decisions e WHERE e.cohort_id = m.cohort_id AND e.patient_id = "
                       "m.patient_id))");
    EXPECT_EQ(summary.columnRows[0], static_cast<std::size_t>(train));
    EXPECT_EQ(summary.columnRows[2], static_cast<std::size_t>(kPatients - 1));

    // SEX per level among the included patients, straight from clinical_values.
    const auto sex =
        std::find_if(summary.variables.begin(), summary.variables.end(),
                     [](const auto& v) { return v.label.find("SEX") != std::string::npos; });
    ASSERT_NE(sex, summary.variables.end());
    ASSERT_FALSE(sex->continuous);
    std::size_t shown = 0;
    for (const auto& line : sex->levels) {
        const std::int64_t n = scalar(
            db, "SELECT COUNT(*) FROM clinical_values v JOIN clinical_attributes a ON a.id = "
                "v.attribute_id JOIN patients p ON p.id = v.patient_id WHERE a.attribute_id = "
                "'SEX' AND v.text = '" +
                    line.label + "' AND p.patient_id <> '" + f.excludedPatient + "'");
        EXPECT_EQ(line.cells[2].n, static_cast<std::size_t>(n)) << line.label;
        shown += line.cells[2].n;
    }
    EXPECT_EQ(shown + sex->missing[2], static_cast<std::size_t>(kPatients - 1));

    // AGE: n with a value equals the rows of clinical_values.
    const auto age =
        std::find_if(summary.variables.begin(), summary.variables.end(),
                     [](const auto& v) { return v.label.find("AGE") != std::string::npos; });
    ASSERT_NE(age, summary.variables.end());
    ASSERT_TRUE(age->continuous);
    EXPECT_EQ(age->summary[2].n,
              static_cast<std::size_t>(
                  scalar(db, "SELECT COUNT(*) FROM clinical_values v JOIN clinical_attributes a ON "
                             "a.id = v.attribute_id JOIN patients p ON p.id = v.patient_id WHERE "
                             "a.attribute_id = 'AGE' AND p.patient_id <> '" +
                                 f.excludedPatient + "'")));
    EXPECT_TRUE(age->test == report::TableOneTest::Wilcoxon ||
                age->test == report::TableOneTest::WilcoxonExact);
    EXPECT_FALSE(std::isnan(age->p));

    // Mutation status: mutated + wild-type + not profiled + missing = every patient.
    bool anyGene = false;
    for (const auto& v : summary.variables) {
        if (v.label.find(" mutation") == std::string::npos)
            continue;
        anyGene = true;
        std::size_t total = v.missing[2];
        for (const auto& l : v.levels)
            total += l.cells[2].n;
        for (const auto& l : v.separate) {
            EXPECT_EQ(l.label, "not profiled");
            total += l.cells[2].n;
        }
        EXPECT_EQ(total, static_cast<std::size_t>(kPatients - 1)) << v.label;
    }
    EXPECT_TRUE(anyGene);
}

TEST(ReportMethods, MethodsStateTheStoredProvenance) {
    Fixture& f = fixture();
    Database db(f.file);
    const CohortRow cohort = NamedCohortRepository(db).require("study");
    report::Document doc;
    appendMethods(db, cohort, doc);
    appendCohort(db, cohort, doc);
    for (const char* anchor : {anchors::kAcquisition, anchors::kSegmentation, anchors::kRadiomics,
                               anchors::kAnalysis, anchors::kSoftware})
        EXPECT_EQ(sectionOf(doc, anchor).level, 2) << anchor;
    EXPECT_EQ(sectionOf(doc, anchors::kMethods).level, 1);

    // Acquisition: the series count per modality is the included patients'
    // image series of that modality.
    const auto& acquisition =
        blockOf<report::Table>(sectionOf(doc, anchors::kAcquisition), anchors::kAcquisitionTable);
    auto seriesOf = [&](const std::string& modality) {
        return scalar(db, "SELECT COUNT(*) FROM series se JOIN studies st ON st.id = se.study_id "
                          "JOIN patients p ON p.id = st.patient_id WHERE se.object_kind = "
                          "'image' AND se.modality = '" +
                              modality + "' AND p.patient_id <> '" + f.excludedPatient + "'");
    };
    const std::int64_t ct = seriesOf("CT"), pet = seriesOf("PT");
    EXPECT_EQ(ct, kPatients - 1);
    EXPECT_EQ(pet, 2);
    std::map<std::string, std::string> cell; // "modality/characteristic" -> value
    for (const auto& row : acquisition.rows) {
        ASSERT_EQ(row.size(), acquisition.header.size());
        cell[row[0] + "/" + row[1]] = row[2];
    }
    EXPECT_EQ(cell.at("CT/Series"), std::to_string(ct));
    EXPECT_EQ(cell.at("PET (PT)/Series"), std::to_string(pet));
    EXPECT_EQ(cell.at("CT/Tube voltage (kVp)"), std::to_string(ct) + " recorded: 120");
    EXPECT_EQ(cell.at("CT/Scanner (manufacturer model)"),
              "Radiogenomics Workstation rgw demo cohort (" + std::to_string(ct) + ")");
    EXPECT_EQ(cell.at("PET (PT)/Units (0054,1001)"), "BQML (2)");
    EXPECT_EQ(cell.at("PET (PT)/Decay correction (0054,1102)"), "START (2)");
    EXPECT_EQ(cell.at("PET (PT)/Convertible to SUVbw").rfind("1 of 2 (", 0), 0u)
        << cell.at("PET (PT)/Convertible to SUVbw");
    EXPECT_EQ(cohortSeriesHeaders(db, cohort).size(), static_cast<std::size_t>(ct + pet));
    const std::string acquisitionText = allText(sectionOf(doc, anchors::kAcquisition));
    EXPECT_NE(acquisitionText.find("for 1 of 2 PET series"), std::string::npos) << acquisitionText;

    // Radiomics: the parameter set's hash and its IBSI terms.
    const std::string radiomics = allText(sectionOf(doc, anchors::kRadiomics));
    EXPECT_NE(radiomics.find(f.parameterHash), std::string::npos) << radiomics;
    EXPECT_NE(radiomics.find("fixed bin size, bin width 25"), std::string::npos) << radiomics;
    EXPECT_NE(radiomics.find("[-1000, 3000]"), std::string::npos) << radiomics;
    EXPECT_NE(radiomics.find("Hounsfield units"), std::string::npos) << radiomics;

    // Segmentation: the ROIs the cohort's extractions used, from RTSTRUCT.
    const std::string segmentation = allText(sectionOf(doc, anchors::kSegmentation));
    const std::int64_t extractions =
        scalar(db, "SELECT COUNT(*) FROM feature_extractions fe JOIN series se ON se.series_uid = "
                   "fe.series_uid JOIN studies st ON st.id = se.study_id JOIN patients p ON p.id = "
                   "st.patient_id WHERE p.patient_id <> '" +
                       f.excludedPatient + "'");
    EXPECT_NE(segmentation.find(std::to_string(extractions) + " feature extractions"),
              std::string::npos)
        << segmentation;
    EXPECT_NE(segmentation.find("RTSTRUCT (" + std::to_string(extractions) + ")"),
              std::string::npos)
        << segmentation;
    EXPECT_NE(segmentation.find(
                  "Delineation tool: Radiogenomics Workstation rgw (software " RGW_VERSION ") (" +
                  std::to_string(extractions) + ")"),
              std::string::npos)
        << segmentation;

    // Analysis: the stored model's protocol.
    const std::string analysis = allText(sectionOf(doc, anchors::kAnalysis));
    EXPECT_NE(analysis.find(f.model.modelId.substr(0, 12)), std::string::npos) << analysis;
    EXPECT_NE(analysis.find("ridge"), std::string::npos) << analysis;
    EXPECT_NE(analysis.find("3-fold stratified cross-validation"), std::string::npos) << analysis;
    EXPECT_NE(analysis.find("inside the resampling loop"), std::string::npos) << analysis;

    const std::string software = allText(sectionOf(doc, anchors::kSoftware));
    EXPECT_NE(software.find(RGW_VERSION), std::string::npos);
    EXPECT_NE(software.find("DCMTK"), std::string::npos);
    EXPECT_NE(software.find("SQLite"), std::string::npos);

    EXPECT_NO_THROW(report::numberDocument(doc));
    const std::string methods = allText(sectionOf(doc, anchors::kMethods));
    EXPECT_EQ(methods.find("{ref:"), std::string::npos) << methods;
    EXPECT_NE(allText(sectionOf(doc, anchors::kAcquisition)).find("Table 1"), std::string::npos);
}

// A series whose files are gone is counted with its stored modality and a
// note; the report is still written.
TEST(ReportMethods, MissingFilesAreNotedNotFatal) {
    Fixture& f = fixture();
    const fs::path copy = f.dir.path() / "missing.rgwdb";
    {
        Database db(f.file);
        db.exec("VACUUM INTO '" + copy.string() + "'");
    }
    Database db(copy);
    db.exec("UPDATE instances SET file_path = file_path || '.gone'");
    const CohortRow cohort = NamedCohortRepository(db).require("study");
    report::Document doc;
    ASSERT_NO_THROW(appendMethods(db, cohort, doc));
    const auto& table =
        blockOf<report::Table>(sectionOf(doc, anchors::kAcquisition), anchors::kAcquisitionTable);
    bool noted = false;
    for (const auto& note : table.notes)
        noted = noted || note.find("Header not readable") != std::string::npos;
    EXPECT_TRUE(noted);
    for (const auto& row : table.rows) {
        if (row[1] == "Tube voltage (kVp)") {
            EXPECT_EQ(row[2], "not recorded");
        }
        if (row[1] == "Series") { // every series still counted
            EXPECT_TRUE(row[2] == std::to_string(kPatients - 1) || row[2] == "2") << row[2];
        }
    }
}

// Without a split: one column "All" and no tests.
TEST(ReportMethods, CohortWithoutSplitHasOneColumn) {
    Fixture& f = fixture();
    Database db(f.file);
    const CohortRow plain = createCohort(db, CohortDefinition{"plain", "", ""}, "tester");
    report::Document doc;
    appendCohort(db, plain, doc);
    const auto& table =
        blockOf<report::Table>(sectionOf(doc, anchors::kCohort), anchors::kTableOne);
    EXPECT_EQ(table.header, (std::vector<std::string>{
                                "Characteristic", "All (n = " + std::to_string(kPatients) + ")"}));
    const auto& diagram = std::get<report::FlowDiagram>(
        blockOf<report::Figure>(sectionOf(doc, anchors::kCohort), anchors::kFlowDiagram).content);
    EXPECT_TRUE(diagram.splitTexts.empty());
    EXPECT_TRUE(diagram.exclusions.empty());
}

} // namespace
