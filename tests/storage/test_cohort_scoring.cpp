// Scoring a named cohort with a stored model (storage/CohortScoring.h), the
// path behind `rgw-cli model score --cohort` and the cohort page's "Score
// patients…": on the demo's genomic study (no DICOM), a model trained on the
// cohort is stored, then scoreCohort must give exactly what the three steps
// it stands for give (cohortAnalysisTable -> scoreTable -> savePredictions),
// store them, refuse patients with missing inputs by name and feature, and
// leave the stored predictions untouched when cancelled or refused.
#include "CohortAnalysisTable.h"
#include "CohortCreation.h"
#include "CohortScoring.h"
#include "CohortSplitting.h"
#include "Database.h"
#include "GenomicsImport.h"
#include "ModelRepository.h"
#include "TestData.h"
#include "demo/DemoGenomics.h"
#include "demo/DemoPhantom.h"
#include "genomics/GenomicSource.h"
#include "modeling/Training.h"
#include "util/Error.h"

#include <gtest/gtest.h>
#include <map>
#include <string>
#include <vector>

using namespace rgw;
using namespace rgw::storage;

namespace {

constexpr std::uint32_t kSeed = 1;
constexpr int kPatients = 40;

/// The demo's genomic study of kPatients patients imported into a fresh
/// database, with cohort "demo" (every patient) at version 1, split 70/30.
class CohortScoring : public ::testing::Test {
protected:
    void SetUp() override {
        std::vector<demo::DemoStudyPatient> patients;
        for (int number = 1; number <= kPatients; ++number)
            patients.push_back(
                demo::studyPatientOf(demo::makePatientPhantom(kSeed, number), number));
        const auto study = demo::writeGenomicStudy(dir.path() / "study", kSeed, patients);
        const auto report = importGenomicData(db, genomics::readGenomicSource(study.folder));
        ASSERT_TRUE(report.imported);
        const CohortRow cohort = createCohort(db, CohortDefinition{"demo", "", ""}, "tester");
        SplitRequest split; // training reads the train rows of the cohort's split
        split.seed = 4;
        splitCohort(db, cohort, split, "tester");
    }

    /// A ridge-logistic model of mut_EGFR on AGE and expr_EGFR trained on the
    /// cohort as the model builder does, stored in the database; with
    /// Imputation::None it refuses rows with a missing input when scoring.
    StoredModel storedModel(modeling::Imputation imputation = modeling::Imputation::Median) {
        CohortExportOptions options;
        options.cohort = "demo";
        const CohortAnalysisTable input = cohortAnalysisTable(db, options);
        modeling::TrainingRequest request;
        request.name = imputation == modeling::Imputation::None ? "egfr-complete" : "egfr";
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
        modeling::TrainedModel model = modeling::trainModel(input.table, request, source).model;
        // Training always imputes here (the demo leaves values missing); a model
        // that does not, as one trained on complete rows elsewhere, refuses them.
        model.pipeline.spec.preprocessing.imputation = imputation;
        model.pipeline.preprocessing.imputation = imputation;
        return storeModel(db, model, "tester");
    }

    std::map<std::string, StoredPrediction> stored(const StoredModel& model) {
        std::map<std::string, StoredPrediction> byPatient;
        for (auto& p : predictionsForModel(db, model))
            byPatient[p.patientId] = p;
        return byPatient;
    }

    /// The message of the rgw::Error scoreCohort throws ("" when it does not).
    std::string errorOf(const StoredModel& model, const CohortScoringOptions& options) {
        try {
            scoreCohort(db, model, options);
        } catch (const Error& e) {
            return e.what();
        }
        return "";
    }

    test::TempDir dir;
    Database db{dir.path() / "cohort.rgwdb"};
};

TEST_F(CohortScoring, GivesAndStoresWhatTheThreeStepsGive) {
    const StoredModel model = storedModel();
    std::vector<std::string> steps;
    CohortScoringOptions options;
    options.cohort = "demo";
    options.progress = [&](std::size_t, std::size_t, const std::string& what) {
        steps.push_back(what);
    };
    const CohortScoringResult result = scoreCohort(db, model, options);

    // The same three steps by hand (as `rgw-cli model score` does them).
    CohortExportOptions exportOptions;
    exportOptions.cohort = "demo";
    const CohortAnalysisTable input = cohortAnalysisTable(db, exportOptions);
    const modeling::ScoringResult expected = modeling::scoreTable(
        loadStoredModel(db, model), input.table, {input.provenance.parameterSetHash});

    EXPECT_EQ(result.provenance.cohort, "demo@1");
    EXPECT_EQ(result.provenance.parameterSetHash, "");
    EXPECT_EQ(result.source, input.table.source());
    EXPECT_EQ(result.scoring.modelId, model.modelId);
    ASSERT_EQ(result.scoring.scored.size(), expected.scored.size());
    EXPECT_EQ(result.scoring.scored.size() + result.scoring.refused.size(),
              static_cast<std::size_t>(kPatients));
    EXPECT_EQ(result.stored, result.scoring.scored.size());

    const auto rows = stored(model);
    ASSERT_EQ(rows.size(), result.scoring.scored.size());
    for (std::size_t i = 0; i < expected.scored.size(); ++i) {
        const auto& p = result.scoring.scored[i];
        EXPECT_EQ(p.patientId, expected.scored[i].patientId);
        EXPECT_EQ(p.score, expected.scored[i].score) << p.patientId; // bit for bit
        EXPECT_EQ(p.predictedClass, expected.scored[i].predictedClass);
        ASSERT_TRUE(rows.count(p.patientId)) << p.patientId;
        EXPECT_EQ(rows.at(p.patientId).score, p.score);
        EXPECT_EQ(rows.at(p.patientId).predictedClass, p.predictedClass);
    }
    ASSERT_FALSE(steps.empty());
    EXPECT_EQ(steps.back(), "scoring");
    EXPECT_EQ(listModels(db).front().predictions, result.stored);
}

TEST_F(CohortScoring, RefusesPatientsWithMissingInputsByNameAndFeature) {
    const StoredModel model = storedModel(modeling::Imputation::None);
    CohortScoringOptions options;
    options.cohort = "demo@1";
    const CohortScoringResult result = scoreCohort(db, model, options);
    ASSERT_FALSE(result.scoring.refused.empty())
        << "the demo leaves about 6 % of AGE and 10 % of expr_EGFR missing";
    const auto rows = stored(model);
    EXPECT_EQ(rows.size(), result.scoring.scored.size());
    for (const auto& refused : result.scoring.refused) {
        EXPECT_FALSE(rows.count(refused.patientId)) << refused.patientId;
        EXPECT_TRUE(refused.reason.find("AGE") != std::string::npos ||
                    refused.reason.find("expr_EGFR") != std::string::npos)
            << refused.reason;
    }
}

TEST_F(CohortScoring, CancelledOrRefusedRunsLeaveTheStoredPredictions) {
    const StoredModel model = storedModel();
    CohortScoringOptions options;
    options.cohort = "demo";
    const auto before = stored(model);
    EXPECT_TRUE(before.empty());
    scoreCohort(db, model, options);
    const auto scored = stored(model);
    ASSERT_FALSE(scored.empty());

    // Cancelled before it starts and while the table is read.
    CancelToken cancel;
    cancel.cancel();
    options.cancel = &cancel;
    EXPECT_EQ(errorOf(model, options), "cancelled");
    CancelToken during;
    options.cancel = &during;
    options.progress = [&](std::size_t done, std::size_t, const std::string&) {
        if (done >= 3)
            during.cancel();
    };
    EXPECT_EQ(errorOf(model, options), "cancelled");
    EXPECT_EQ(stored(model).size(), scored.size());

    // Features of a parameter set that does not exist; a cohort that does not.
    options = {};
    options.cohort = "demo";
    options.parameterSet = "no-such-set";
    EXPECT_NE(errorOf(model, options).find("no-such-set"), std::string::npos);
    options = {};
    options.cohort = "nobody";
    EXPECT_NE(errorOf(model, options).find("nobody"), std::string::npos);
    const auto after = stored(model);
    ASSERT_EQ(after.size(), scored.size());
    for (const auto& [patient, p] : scored)
        EXPECT_EQ(after.at(patient).score, p.score) << patient;
}

} // namespace
