// Trained models and their predictions in the cohort database (schema v6):
// migration from a v5 file, a model stored and read back unchanged, storing
// it again changing nothing, finding it by name or id prefix, predictions
// written, replaced and read back, bad predictions refused with nothing
// written, and deleting a model with its predictions.
#include "AuditLog.h"
#include "CohortRepositories.h"
#include "Database.h"
#include "Migrations.h"
#include "ModelRepository.h"
#include "NamedCohorts.h"
#include "TestData.h"
#include "modeling/ModelFile.h"
#include "modeling/Pipeline.h"
#include "radiomics/Sha256.h"
#include "util/Error.h"
#include "util/Text.h"

#include <cctype>
#include <cmath>
#include <fstream>
#include <gtest/gtest.h>
#include <limits>
#include <set>

namespace fs = std::filesystem;
using namespace rgw;
using namespace rgw::storage;

namespace {

std::int64_t count(Database& db, const std::string& sql) {
    Statement s(db, sql);
    EXPECT_TRUE(s.step());
    return s.int64(0);
}

std::set<std::string> tableNames(Database& db) {
    std::set<std::string> names;
    Statement s(db, "SELECT name FROM sqlite_master WHERE type = 'table'");
    while (s.step())
        names.insert(s.text(0));
    return names;
}

/// A logistic model fitted (unpenalised) on 40 synthetic rows of two
/// features, with every record a model file carries.
modeling::TrainedModel makeModel(const std::string& name,
                                 const std::string& createdUtc = "2026-12-05T17:00:00Z") {
    modeling::PipelineData data;
    data.features = {"radiomic.a", "clinical.b"};
    data.x.resize(40, 2);
    data.y.kind = modeling::ModelKind::Logistic;
    data.y.classes = {"benign", "malignant"};
    data.y.label.resize(40);
    for (Eigen::Index i = 0; i < 40; ++i) {
        const double t = static_cast<double>(i);
        data.x(i, 0) = std::sin(t);
        data.x(i, 1) = std::cos(1.7 * t);
        data.y.label(i) = std::sin(t) + 0.8 * std::sin(3.1 * t) > 0 ? 1.0 : 0.0;
    }
    modeling::PipelineSpec spec;
    spec.learner.kind = modeling::ModelKind::Logistic;
    spec.learner.penalty = modeling::Penalty::None;

    modeling::TrainedModel m;
    m.name = name;
    m.softwareVersion = "9.9.9";
    m.createdUtc = createdUtc;
    m.task.kind = modeling::ModelKind::Logistic;
    m.task.target = "diagnosis";
    m.task.classes = {"benign", "malignant"};
    m.training.source = "cohort lung@2";
    m.training.cohort = "lung@2";
    m.training.parameterSetHash = "abc123";
    m.training.idColumn = "patient_id";
    std::string joined;
    for (int i = 0; i < 40; ++i) {
        m.training.members.push_back("T" + std::to_string(i));
        joined += (i ? "\n" : "") + m.training.members.back();
    }
    m.training.membersSha256 = radiomics::sha256Hex(joined);
    m.training.candidateFeatures = data.features;
    m.pipeline = modeling::reducedToSelected(modeling::fitPipeline(spec, data, 42));
    m.validation = {5, 2, 7, "auc", 0.75, 0.05, {0.7, 0.8}};
    m.decision.threshold = 0.4;
    return m;
}

modeling::PatientScore score(const std::string& patientId, double value,
                             const std::string& predictedClass) {
    modeling::PatientScore s;
    s.patientId = patientId;
    s.score = value;
    s.predictedClass = predictedClass;
    return s;
}

/// A database with patients P1, P2, P3.
struct ModelDatabase {
    test::TempDir dir;
    Database db{dir.path() / "cohort.rgwdb"};
    ModelDatabase() { db.exec("INSERT INTO patients (patient_id) VALUES ('P1'), ('P2'), ('P3')"); }
};

} // namespace

TEST(ModelRepository, MigratesAVersion5FileKeepingItsRows) {
    test::TempDir dir;
    const fs::path file = dir.path() / "v5.rgwdb";
    {
        Database db(file, OpenOptions{.migrate = false});
        applyMigrations(db, std::span<const Migration>(migrations().data(), 5));
        ASSERT_EQ(db.schemaVersion(), 5);
        db.exec("INSERT INTO patients (patient_id, name) VALUES ('P-OLD', 'Kept^Row')");
        NamedCohortRepository(db).create("old", "", "", 1, {"P-OLD"}, "alice");
        EXPECT_FALSE(tableNames(db).count("models"));
    }
    Database db(file);
    EXPECT_EQ(db.schemaVersion(), latestSchemaVersion());
    EXPECT_EQ(latestSchemaVersion(), 9);
    EXPECT_TRUE(tableNames(db).count("models"));
    EXPECT_TRUE(tableNames(db).count("predictions"));
    ASSERT_TRUE(PatientRepository(db).find("P-OLD"));
    EXPECT_EQ(PatientRepository(db).find("P-OLD")->patientName, "Kept^Row");
    EXPECT_EQ(
        NamedCohortRepository(db).includedPatients(NamedCohortRepository(db).require("old").id),
        std::vector<std::string>{"P-OLD"});
    EXPECT_EQ(AuditLog(db).list().size(), 1u);

    // The new tables work on the migrated file.
    const StoredModel m = storeModel(db, makeModel("after-migration"), "alice");
    modeling::ScoringResult r;
    r.scored = {score("P-OLD", 0.25, "benign")};
    EXPECT_EQ(savePredictions(db, m, r, "alice"), 1u);
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM pragma_foreign_key_check"), 0);
    EXPECT_EQ(db.integrityCheck(), "ok");
}

TEST(ModelRepository, StoresAModelThatReadsBackUnchanged) {
    ModelDatabase t;
    const modeling::TrainedModel model = makeModel("lung-risk");
    const StoredModel stored = storeModel(t.db, model, "alice");

    EXPECT_GT(stored.id, 0);
    EXPECT_EQ(stored.modelId, modeling::modelId(model));
    EXPECT_EQ(stored.modelId.size(), 64u);
    EXPECT_EQ(stored.name, "lung-risk");
    EXPECT_EQ(stored.kind, "logistic");
    EXPECT_EQ(stored.createdUtc, "2026-12-05T17:00:00Z");
    EXPECT_EQ(stored.softwareVersion, "9.9.9");
    EXPECT_EQ(stored.cohort, "lung@2");
    EXPECT_EQ(stored.parameterSetHash, "abc123");
    EXPECT_EQ(stored.storedUtc.size(), 24u) << stored.storedUtc; // ISO 8601 UTC with ms
    EXPECT_EQ(stored.predictions, 0u);
    EXPECT_EQ(count(t.db, "SELECT COUNT(*) FROM models WHERE members_sha256 = '" +
                              model.training.membersSha256 + "'"),
              1);

    // The stored text is the model file; loading it gives the same model.
    Statement json(t.db, "SELECT json FROM models");
    ASSERT_TRUE(json.step());
    EXPECT_EQ(json.text(0), modeling::modelToJson(model));
    const modeling::TrainedModel loaded = loadStoredModel(t.db, stored);
    EXPECT_EQ(modeling::modelToJson(loaded), modeling::modelToJson(model));
    EXPECT_EQ(loaded.pipeline.model.beta, model.pipeline.model.beta); // bit-identical

    const auto audit = AuditLog(t.db).list();
    ASSERT_EQ(audit.size(), 1u);
    EXPECT_EQ(audit[0].action, "model.store");
    EXPECT_EQ(audit[0].who, "alice");
    EXPECT_EQ(audit[0].entityId, stored.id);
    EXPECT_NE(audit[0].detail.find(stored.modelId), std::string::npos) << audit[0].detail;
}

TEST(ModelRepository, StoringTheSameModelAgainReturnsTheStoredRow) {
    ModelDatabase t;
    const modeling::TrainedModel model = makeModel("lung-risk");
    const StoredModel first = storeModel(t.db, model, "alice");
    const StoredModel again = storeModel(t.db, model, "bob");
    EXPECT_EQ(again.id, first.id);
    EXPECT_EQ(again.storedUtc, first.storedUtc);
    EXPECT_EQ(count(t.db, "SELECT COUNT(*) FROM models"), 1);
    EXPECT_EQ(AuditLog(t.db).list().size(), 1u); // nothing happened the second time
}

TEST(ModelRepository, ImportsAModelFileOnceAndListsNewestFirst) {
    ModelDatabase t;
    const modeling::TrainedModel older = makeModel("older");
    const modeling::TrainedModel newer = makeModel("newer");
    const fs::path file = t.dir.path() / "newer.rgwmodel.json";
    modeling::saveModelFile(newer, file);

    storeModel(t.db, older, "alice");
    const StoredModel imported = importModelFile(t.db, file, "bob");
    EXPECT_EQ(imported.modelId, modeling::modelId(newer));
    EXPECT_EQ(importModelFile(t.db, file, "bob").id, imported.id);
    EXPECT_EQ(AuditLog(t.db).list().front().action, "model.import");
    EXPECT_NE(AuditLog(t.db).list().front().detail.find(file.string()), std::string::npos);

    const auto models = listModels(t.db);
    ASSERT_EQ(models.size(), 2u);
    EXPECT_EQ(models[0].name, "newer");
    EXPECT_EQ(models[1].name, "older");

    // A file that is not a model is refused and nothing is stored.
    const fs::path bad = t.dir.path() / "bad.json";
    std::ofstream(bad) << "{\"format\": \"something else\"}";
    EXPECT_THROW(importModelFile(t.db, bad, "bob"), Error);
    EXPECT_EQ(listModels(t.db).size(), 2u);
}

TEST(ModelRepository, FindsAModelByNameOrIdPrefix) {
    ModelDatabase t;
    const StoredModel a = storeModel(t.db, makeModel("lung-risk"), "alice");
    const StoredModel b = storeModel(t.db, makeModel("breast-dx"), "alice");

    EXPECT_EQ(findModel(t.db, "lung-risk").id, a.id);
    EXPECT_EQ(findModel(t.db, "breast-dx").id, b.id);
    EXPECT_EQ(findModel(t.db, a.modelId).id, a.id);
    EXPECT_EQ(findModel(t.db, a.modelId.substr(0, 6)).id, a.id);
    EXPECT_EQ(findModel(t.db, asciiLower(b.modelId.substr(0, 9))).id, b.id);
    std::string upper = b.modelId.substr(0, 8);
    for (char& c : upper)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    EXPECT_EQ(findModel(t.db, upper).id, b.id);

    // Unknown: the message names the key and the database file.
    try {
        findModel(t.db, "lung-rsk");
        FAIL() << "an unknown model was found";
    } catch (const Error& e) {
        const std::string message = e.what();
        EXPECT_NE(message.find("no model named or with an id starting 'lung-rsk' in " +
                               t.db.path().string()),
                  std::string::npos)
            << message;
        EXPECT_NE(message.find("lung-risk"), std::string::npos) << message; // did you mean
    }
    // Five digits are too few to name a model by its id.
    EXPECT_THROW(findModel(t.db, a.modelId.substr(0, 5)), Error);
    EXPECT_THROW(findModel(t.db, ""), Error);
}

TEST(ModelRepository, AnAmbiguousNameOrPrefixListsTheCandidates) {
    ModelDatabase t;
    const StoredModel first = storeModel(t.db, makeModel("twin", "2026-12-05T17:00:00Z"), "a");
    const StoredModel second = storeModel(t.db, makeModel("twin", "2026-12-06T09:30:00Z"), "a");
    ASSERT_NE(first.modelId, second.modelId);
    try {
        findModel(t.db, "twin");
        FAIL() << "an ambiguous name was accepted";
    } catch (const Error& e) {
        const std::string message = e.what();
        EXPECT_NE(message.find("matches 2 models"), std::string::npos) << message;
        EXPECT_NE(message.find(first.modelId.substr(0, 12)), std::string::npos) << message;
        EXPECT_NE(message.find(second.modelId.substr(0, 12)), std::string::npos) << message;
    }
    // Each one is still found by its id.
    EXPECT_EQ(findModel(t.db, second.modelId.substr(0, 10)).id, second.id);

    // Two ids sharing their first 8 digits (a row made to collide).
    const std::string twin = first.modelId.substr(0, 8) + std::string(56, '0');
    Statement s(t.db, "INSERT INTO models (model_id, name, kind, json) "
                      "VALUES (?1, 'collider', 'cox', '{}')");
    s.bind(1, twin).execute();
    try {
        findModel(t.db, first.modelId.substr(0, 8));
        FAIL() << "an ambiguous id prefix was accepted";
    } catch (const Error& e) {
        const std::string message = e.what();
        EXPECT_NE(message.find("matches 2 models"), std::string::npos) << message;
        EXPECT_NE(message.find("collider"), std::string::npos) << message;
        EXPECT_NE(message.find(first.modelId.substr(0, 12)), std::string::npos) << message;
    }
    EXPECT_EQ(findModel(t.db, first.modelId.substr(0, 9)).id, first.id);
}

TEST(ModelRepository, StoresPredictionsAndReadsThemBack) {
    ModelDatabase t;
    const StoredModel m = storeModel(t.db, makeModel("lung-risk"), "alice");
    modeling::ScoringResult r;
    r.modelId = m.modelId;
    r.scored = {score("P2", 0.1 + 0.2, "benign"), score("P1", 0.8125, "malignant")};
    r.scored[0].classProbabilities = {0.1, 1.0 / 3.0, 2.0 / 3.0 - 0.1};
    r.scored[0].imputed = {"clinical.b", "odd, name\\x"};
    r.scored[1].riskGroup = "high";
    EXPECT_EQ(savePredictions(t.db, m, r, "alice"), 2u);

    const auto rows = predictionsForModel(t.db, m);
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0].patientId, "P1"); // by patient id
    EXPECT_EQ(rows[0].score, 0.8125);
    EXPECT_EQ(rows[0].predictedClass, "malignant");
    EXPECT_EQ(rows[0].riskGroup, "high");
    EXPECT_TRUE(rows[0].classProbabilities.empty());
    EXPECT_TRUE(rows[0].imputed.empty());
    EXPECT_EQ(rows[1].patientId, "P2");
    EXPECT_EQ(rows[1].score, 0.1 + 0.2); // bit-identical
    EXPECT_EQ(rows[1].classProbabilities, r.scored[0].classProbabilities);
    EXPECT_EQ(rows[1].imputed, r.scored[0].imputed);
    for (const StoredPrediction& p : rows) {
        EXPECT_EQ(p.modelName, "lung-risk");
        EXPECT_EQ(p.modelId, m.modelId);
        EXPECT_EQ(p.softwareVersion, "9.9.9");
        EXPECT_EQ(p.scoredUtc.size(), 24u) << p.scoredUtc;
    }
    EXPECT_EQ(findModel(t.db, "lung-risk").predictions, 2u);

    const auto audit = AuditLog(t.db).list();
    EXPECT_EQ(audit.front().action, "model.score");
    EXPECT_NE(audit.front().detail.find("2 predictions"), std::string::npos)
        << audit.front().detail;

    // Per patient, every model's prediction, newest model first.
    const StoredModel other = storeModel(t.db, makeModel("other"), "alice");
    modeling::ScoringResult r2;
    r2.scored = {score("P1", -1.5, "")};
    r2.scored[0].riskGroup = "low";
    savePredictions(t.db, other, r2, "alice");
    const auto p1 = predictionsForPatients(t.db, {"P3", "P1", "NOBODY"});
    ASSERT_EQ(p1.size(), 2u);
    EXPECT_EQ(p1[0].modelName, "other");
    EXPECT_EQ(p1[0].score, -1.5);
    EXPECT_EQ(p1[0].riskGroup, "low");
    EXPECT_EQ(p1[1].modelName, "lung-risk");
    EXPECT_EQ(p1[1].score, 0.8125);
    EXPECT_EQ(predictionsForPatients(t.db, {"P2"}).size(), 1u);
}

TEST(ModelRepository, RescoringReplacesAndARefusalWithdrawsTheEarlierPrediction) {
    ModelDatabase t;
    const StoredModel m = storeModel(t.db, makeModel("lung-risk"), "alice");
    modeling::ScoringResult first;
    first.scored = {score("P1", 0.2, "benign"), score("P2", 0.9, "malignant"),
                    score("P3", 0.5, "malignant")};
    first.scored[0].imputed = {"clinical.b"};
    savePredictions(t.db, m, first, "alice");

    modeling::ScoringResult again;
    again.scored = {score("P1", 0.7, "malignant")};
    again.refused = {{"P3", "missing radiomic.a"}, {"UNKNOWN", "missing clinical.b"}};
    EXPECT_EQ(savePredictions(t.db, m, again, "bob"), 1u);

    const auto rows = predictionsForModel(t.db, m);
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0].patientId, "P1");
    EXPECT_EQ(rows[0].score, 0.7);
    EXPECT_EQ(rows[0].predictedClass, "malignant");
    EXPECT_TRUE(rows[0].imputed.empty());
    EXPECT_EQ(rows[1].patientId, "P2"); // not rescored: kept
    EXPECT_EQ(rows[1].score, 0.9);
    EXPECT_EQ(count(t.db, "SELECT COUNT(*) FROM predictions"), 2);
    const std::string detail = AuditLog(t.db).list().front().detail;
    EXPECT_NE(detail.find("1 replaced"), std::string::npos) << detail;
    EXPECT_NE(detail.find("1 earlier predictions removed"), std::string::npos) << detail;
}

TEST(ModelRepository, AnUnknownPatientWritesNothing) {
    ModelDatabase t;
    const StoredModel m = storeModel(t.db, makeModel("lung-risk"), "alice");
    modeling::ScoringResult first;
    first.scored = {score("P1", 0.2, "benign")};
    savePredictions(t.db, m, first, "alice");
    const std::size_t auditBefore = AuditLog(t.db).list().size();

    modeling::ScoringResult bad;
    bad.scored = {score("P1", 0.6, "malignant"), score("P2", 0.3, "benign"),
                  score("GHOST-7", 0.4, "benign")};
    try {
        savePredictions(t.db, m, bad, "alice");
        FAIL() << "an unknown patient was accepted";
    } catch (const Error& e) {
        const std::string message = e.what();
        EXPECT_NE(message.find("'GHOST-7'"), std::string::npos) << message;
        EXPECT_NE(message.find("nothing was stored"), std::string::npos) << message;
    }
    const auto rows = predictionsForModel(t.db, m);
    ASSERT_EQ(rows.size(), 1u); // P2 not added
    EXPECT_EQ(rows[0].patientId, "P1");
    EXPECT_EQ(rows[0].score, 0.2); // not replaced
    EXPECT_EQ(rows[0].predictedClass, "benign");
    EXPECT_EQ(AuditLog(t.db).list().size(), auditBefore);
    EXPECT_FALSE(t.db.inTransaction());
}

TEST(ModelRepository, RefusesNonFiniteScoresDuplicatesAndAnotherModelsResult) {
    ModelDatabase t;
    const StoredModel m = storeModel(t.db, makeModel("lung-risk"), "alice");
    const auto refused = [&](const modeling::ScoringResult& r, const std::string& expected) {
        try {
            savePredictions(t.db, m, r, "alice");
            ADD_FAILURE() << "accepted; expected an error with '" << expected << "'";
        } catch (const Error& e) {
            EXPECT_NE(std::string(e.what()).find(expected), std::string::npos) << e.what();
        }
        EXPECT_EQ(count(t.db, "SELECT COUNT(*) FROM predictions"), 0);
    };
    modeling::ScoringResult r;
    r.scored = {score("P1", 0.2, "benign"),
                score("P2", std::numeric_limits<double>::quiet_NaN(), "benign")};
    refused(r, "patient P2");
    r.scored[1].score = std::numeric_limits<double>::infinity();
    refused(r, "patient P2");
    r.scored[1].score = 0.5;
    r.scored[1].classProbabilities = {0.5, std::numeric_limits<double>::quiet_NaN()};
    refused(r, "patient P2 has a class probability");
    r.scored[1] = score("P1", 0.3, "benign");
    refused(r, "patient P1 is scored twice");
    r.scored.pop_back();
    r.modelId = std::string(64, 'f');
    refused(r, "cannot store predictions of model ffff");

    // A StoredModel of a row that is gone (or of another database file).
    StoredModel ghost = m;
    ghost.id += 100;
    r.modelId.clear();
    EXPECT_THROW(savePredictions(t.db, ghost, r, "alice"), Error);
    EXPECT_THROW(loadStoredModel(t.db, ghost), Error);
}

TEST(ModelRepository, DeletingAModelDeletesItsPredictions) {
    ModelDatabase t;
    const StoredModel keep = storeModel(t.db, makeModel("keep"), "alice");
    const StoredModel gone = storeModel(t.db, makeModel("gone"), "alice");
    modeling::ScoringResult r;
    r.scored = {score("P1", 0.2, "benign"), score("P2", 0.7, "malignant")};
    savePredictions(t.db, keep, r, "alice");
    savePredictions(t.db, gone, r, "alice");
    ASSERT_EQ(count(t.db, "SELECT COUNT(*) FROM predictions"), 4);

    deleteModel(t.db, gone, "carol");
    EXPECT_EQ(count(t.db, "SELECT COUNT(*) FROM predictions"), 2);
    EXPECT_EQ(predictionsForModel(t.db, keep).size(), 2u);
    ASSERT_EQ(listModels(t.db).size(), 1u);
    EXPECT_EQ(listModels(t.db)[0].name, "keep");
    EXPECT_THROW(findModel(t.db, "gone"), Error);
    EXPECT_THROW(predictionsForModel(t.db, gone), Error);
    EXPECT_THROW(deleteModel(t.db, gone, "carol"), Error);
    const auto audit = AuditLog(t.db).list().front();
    EXPECT_EQ(audit.action, "model.delete");
    EXPECT_EQ(audit.who, "carol");
    EXPECT_EQ(audit.entityId, gone.id);
    EXPECT_NE(audit.detail.find("2 predictions"), std::string::npos) << audit.detail;

    // Deleting a patient deletes its predictions; the model stays.
    t.db.exec("DELETE FROM patients WHERE patient_id = 'P1'");
    const auto rows = predictionsForModel(t.db, keep);
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].patientId, "P2");
    EXPECT_EQ(count(t.db, "SELECT COUNT(*) FROM pragma_foreign_key_check"), 0);

    // A new model never takes the deleted one's row id (AUTOINCREMENT).
    const StoredModel next = storeModel(t.db, makeModel("next"), "alice");
    EXPECT_GT(next.id, gone.id);
}
