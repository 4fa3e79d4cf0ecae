#include "ModelRepository.h"

#include "modeling/ModelFile.h"
#include "util/Error.h"
#include "util/Text.h"

#include <charconv>
#include <cmath>
#include <optional>
#include <set>
#include <utility>

namespace rgw::storage {

namespace {

/// The shortest id prefix that names a model in messages and lists.
constexpr std::size_t kShortIdLength = 12;
/// The shortest id prefix findModel accepts (fewer digits match by chance).
constexpr std::size_t kMinIdPrefix = 6;

constexpr const char* kModelSelect =
    "SELECT m.id, m.model_id, m.name, m.kind, m.created_at, m.software_version, m.cohort, "
    "m.parameter_set_hash, m.stored_at, "
    "(SELECT COUNT(*) FROM predictions p WHERE p.model_row = m.id) FROM models m ";

constexpr const char* kPredictionSelect =
    "SELECT pa.patient_id, m.name, m.model_id, m.software_version, p.score, p.predicted_class, "
    "p.risk_group, p.class_probabilities, p.imputed, p.scored_at FROM predictions p "
    "JOIN models m ON m.id = p.model_row JOIN patients pa ON pa.id = p.patient_id ";

StoredModel readModel(const Statement& s) {
    StoredModel row;
    row.id = s.int64(0);
    row.modelId = s.text(1);
    row.name = s.text(2);
    row.kind = s.text(3);
    row.createdUtc = s.text(4);
    row.softwareVersion = s.text(5);
    row.cohort = s.text(6);
    row.parameterSetHash = s.text(7);
    row.storedUtc = s.text(8);
    row.predictions = static_cast<std::size_t>(s.int64(9));
    return row;
}

std::vector<StoredModel> readModels(Statement& s) {
    std::vector<StoredModel> rows;
    while (s.step())
        rows.push_back(readModel(s));
    s.reset();
    return rows;
}

/// "NAME (ID12)": how a model is named in messages and the audit log.
std::string label(const std::string& name, const std::string& modelId) {
    return (name.empty() ? std::string("unnamed") : name) + " (" +
           modelId.substr(0, kShortIdLength) + ")";
}

std::string label(const StoredModel& model) {
    return label(model.name, model.modelId);
}

/// The row of `model` as stored now; a StoredModel of another file (same row
/// id, other model) or of a deleted row is an error.
StoredModel requireRow(Database& db, const StoredModel& model) {
    Statement& s = db.prepare(std::string(kModelSelect) + "WHERE m.id = ?1 AND m.model_id = ?2");
    s.bind(1, model.id).bind(2, model.modelId);
    auto rows = readModels(s);
    if (rows.empty())
        throw Error("model " + label(model) + " is not stored in " + db.path().string());
    return rows.front();
}

std::optional<StoredModel> findByModelId(Database& db, const std::string& modelId) {
    Statement& s = db.prepare(std::string(kModelSelect) + "WHERE m.model_id = ?1");
    s.bind(1, modelId);
    auto rows = readModels(s);
    if (rows.empty())
        return std::nullopt;
    return rows.front();
}

// Class probabilities are stored as a JSON array of numbers in their shortest
// round-trip form (std::to_chars), so they read back bit-identically.
std::string probabilitiesText(const std::vector<double>& values) {
    if (values.empty())
        return {};
    std::string text = "[";
    for (std::size_t i = 0; i < values.size(); ++i) {
        char buffer[32];
        const auto end = std::to_chars(buffer, buffer + sizeof buffer, values[i]).ptr;
        text += (i ? "," : "") + std::string(buffer, end);
    }
    return text + "]";
}

std::vector<double> parseProbabilities(const std::string& text, const std::string& where) {
    std::vector<double> values;
    if (text.empty())
        return values;
    const auto bad = [&] {
        return Error(where + ": stored class probabilities '" + text.substr(0, 80) +
                     "' are not a list of numbers");
    };
    if (text.size() < 2 || text.front() != '[' || text.back() != ']')
        throw bad();
    const char* p = text.data() + 1;
    const char* const end = text.data() + text.size() - 1;
    while (p < end) {
        double value = 0;
        const auto [next, ec] = std::from_chars(p, end, value);
        if (ec != std::errc() || (next != end && *next != ','))
            throw bad();
        values.push_back(value);
        p = next == end ? end : next + 1;
    }
    return values;
}

// Imputed input names are stored comma-separated; '\' escapes a ',' or '\'
// inside a name (a clinical column may hold either).
std::string joinNames(const std::vector<std::string>& names) {
    std::string text;
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (i)
            text += ',';
        for (const char c : names[i]) {
            if (c == ',' || c == '\\')
                text += '\\';
            text += c;
        }
    }
    return text;
}

std::vector<std::string> splitNames(const std::string& text) {
    std::vector<std::string> names;
    if (text.empty())
        return names;
    std::string name;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\\' && i + 1 < text.size())
            name += text[++i];
        else if (text[i] == ',')
            names.push_back(std::exchange(name, {}));
        else
            name += text[i];
    }
    names.push_back(name);
    return names;
}

std::vector<StoredPrediction> readPredictions(Database& db, Statement& s) {
    std::vector<StoredPrediction> rows;
    while (s.step()) {
        StoredPrediction p;
        p.patientId = s.text(0);
        p.modelName = s.text(1);
        p.modelId = s.text(2);
        p.softwareVersion = s.text(3);
        p.score = s.real(4);
        p.predictedClass = s.text(5);
        p.riskGroup = s.text(6);
        p.classProbabilities = parseProbabilities(
            s.text(7), "prediction of patient " + p.patientId + " by model " +
                           label(p.modelName, p.modelId) + " in " + db.path().string());
        p.imputed = splitNames(s.text(8));
        p.scoredUtc = s.text(9);
        rows.push_back(std::move(p));
    }
    s.reset();
    return rows;
}

std::optional<Id> patientRowId(Database& db, const std::string& patientId) {
    Statement& s = db.prepare("SELECT id FROM patients WHERE patient_id = ?1");
    s.bind(1, patientId);
    std::optional<Id> id;
    if (s.step())
        id = s.int64(0);
    s.reset();
    return id;
}

bool hasPrediction(Database& db, Id modelRow, Id patientRow) {
    Statement& s = db.prepare("SELECT 1 FROM predictions WHERE model_row = ?1 AND patient_id = ?2");
    s.bind(1, modelRow).bind(2, patientRow);
    const bool found = s.step();
    s.reset();
    return found;
}

/// Checks every prediction of `result` before anything is written and
/// returns the patient row id of each scored patient, in order.
std::vector<Id> checkedPatientRows(Database& db, const StoredModel& model,
                                   const modeling::ScoringResult& result) {
    const std::string prefix = "cannot store the predictions of model " + label(model) + " in " +
                               db.path().string() + ": ";
    const std::string nothing = "; nothing was stored";
    std::vector<Id> rows;
    std::set<std::string> seen;
    for (const modeling::PatientScore& score : result.scored) {
        if (!std::isfinite(score.score))
            throw Error(prefix + "patient " + score.patientId + " has the score " +
                        std::to_string(score.score) + ", not a finite number" + nothing);
        for (const double p : score.classProbabilities)
            if (!std::isfinite(p))
                throw Error(prefix + "patient " + score.patientId +
                            " has a class probability that is not a finite number" + nothing);
        if (!seen.insert(score.patientId).second)
            throw Error(prefix + "patient " + score.patientId + " is scored twice" + nothing);
        const auto row = patientRowId(db, score.patientId);
        if (!row)
            throw Error(prefix + "patient '" + score.patientId +
                        "' is not a patient of the database" + nothing);
        rows.push_back(*row);
    }
    return rows;
}

StoredModel store(Database& db, const modeling::TrainedModel& model, const std::string& who,
                  const std::string& action, const std::string& origin) {
    const std::string text = modeling::modelToJson(model);
    const std::string id = modeling::modelId(model);
    // A model that does not read back could never be loaded, scored or exported.
    modeling::modelFromJson(text, "model " + label(model.name, id));

    Transaction transaction(db);
    if (auto existing = findByModelId(db, id))
        return *existing;
    Statement& insert = db.prepare(
        "INSERT INTO models (model_id, name, kind, created_at, software_version, cohort, "
        "parameter_set_hash, members_sha256, json, stored_by) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
    insert.bind(1, id)
        .bind(2, model.name)
        .bind(3, modeling::modelKindName(model.task.kind))
        .bind(4, model.createdUtc)
        .bind(5, model.softwareVersion)
        .bind(6, model.training.cohort)
        .bind(7, model.training.parameterSetHash)
        .bind(8, model.training.membersSha256)
        .bind(9, text)
        .bind(10, who);
    insert.execute();
    insert.reset();
    const Id row = db.lastInsertRowId();
    AuditLog(db).record(who, action, "models", row,
                        "model " + label(model.name, id) + " (" +
                            modeling::modelKindName(model.task.kind) + ", id " + id + ")" + origin);
    transaction.commit();
    return *findByModelId(db, id);
}

} // namespace

StoredModel storeModel(Database& db, const modeling::TrainedModel& model, const std::string& who) {
    return store(db, model, who, "model.store", "");
}

StoredModel importModelFile(Database& db, const std::filesystem::path& file,
                            const std::string& who) {
    return store(db, modeling::loadModelFile(file), who, "model.import", " from " + file.string());
}

std::vector<StoredModel> listModels(Database& db) {
    Statement& s = db.prepare(std::string(kModelSelect) + "ORDER BY m.id DESC");
    return readModels(s);
}

StoredModel findModel(Database& db, std::string_view key) {
    const std::string text(key);
    const auto unique = [&](std::vector<StoredModel> rows) {
        if (rows.size() == 1)
            return rows.front();
        std::string names;
        for (const StoredModel& m : rows)
            names += (names.empty() ? "" : ", ") + label(m);
        throw Error("'" + text + "' matches " + std::to_string(rows.size()) + " models in " +
                    db.path().string() + ": " + names + "; give more digits of the model id");
    };
    Statement& byName = db.prepare(std::string(kModelSelect) + "WHERE m.name = ?1 ORDER BY m.id");
    byName.bind(1, text);
    if (auto rows = readModels(byName); !rows.empty())
        return unique(std::move(rows));

    const std::string prefix = asciiLower(text);
    const bool hex = prefix.find_first_not_of("0123456789abcdef") == std::string::npos;
    if (hex && prefix.size() >= kMinIdPrefix) {
        Statement& byId = db.prepare(std::string(kModelSelect) +
                                     "WHERE substr(m.model_id, 1, ?2) = ?1 ORDER BY m.id");
        byId.bind(1, prefix).bind(2, static_cast<std::int64_t>(prefix.size()));
        if (auto rows = readModels(byId); !rows.empty())
            return unique(std::move(rows));
    }
    std::vector<std::string> names;
    for (const StoredModel& m : listModels(db))
        names.push_back(m.name);
    std::string hint = didYouMean(text, names);
    if (hint.empty() && hex && prefix.size() < kMinIdPrefix)
        hint = " (an id needs at least " + std::to_string(kMinIdPrefix) + " digits)";
    throw Error("no model named or with an id starting '" + text + "' in " + db.path().string() +
                hint);
}

modeling::TrainedModel loadStoredModel(Database& db, const StoredModel& model) {
    const std::string source = "model " + label(model) + " in " + db.path().string();
    Statement& s = db.prepare("SELECT json FROM models WHERE id = ?1 AND model_id = ?2");
    s.bind(1, model.id).bind(2, model.modelId);
    const bool found = s.step();
    const std::string text = found ? s.text(0) : std::string();
    s.reset();
    if (!found)
        throw Error(source + " is not stored there");
    modeling::TrainedModel loaded = modeling::modelFromJson(text, source);
    if (modeling::modelId(loaded) != model.modelId)
        throw Error(source + ": the stored text is of another model (id " +
                    modeling::modelId(loaded) + ")");
    return loaded;
}

std::size_t savePredictions(Database& db, const StoredModel& model,
                            const modeling::ScoringResult& result, const std::string& who) {
    if (!result.modelId.empty() && result.modelId != model.modelId)
        throw Error("cannot store predictions of model " + result.modelId + " as predictions of " +
                    label(model) + "; nothing was stored");
    Transaction transaction(db);
    const StoredModel row = requireRow(db, model);
    const std::vector<Id> patients = checkedPatientRows(db, row, result);

    std::size_t replaced = 0;
    Statement& upsert = db.prepare(
        "INSERT INTO predictions (model_row, patient_id, score, predicted_class, risk_group, "
        "class_probabilities, imputed, scored_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
        "ON CONFLICT (model_row, patient_id) DO UPDATE SET score = excluded.score, "
        "predicted_class = excluded.predicted_class, risk_group = excluded.risk_group, "
        "class_probabilities = excluded.class_probabilities, imputed = excluded.imputed, "
        "scored_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), scored_by = excluded.scored_by");
    for (std::size_t i = 0; i < result.scored.size(); ++i) {
        const modeling::PatientScore& score = result.scored[i];
        if (hasPrediction(db, row.id, patients[i]))
            ++replaced;
        upsert.bind(1, row.id)
            .bind(2, patients[i])
            .bind(3, score.score)
            .bind(4, score.predictedClass)
            .bind(5, score.riskGroup)
            .bind(6, probabilitiesText(score.classProbabilities))
            .bind(7, joinNames(score.imputed))
            .bind(8, who);
        upsert.execute();
        upsert.reset();
    }

    // A patient refused now keeps no score from earlier data.
    std::size_t withdrawn = 0;
    Statement& withdraw =
        db.prepare("DELETE FROM predictions WHERE model_row = ?1 AND patient_id = "
                   "(SELECT id FROM patients WHERE patient_id = ?2)");
    for (const modeling::RefusedPatient& refused : result.refused) {
        withdraw.bind(1, row.id).bind(2, refused.patientId);
        withdraw.execute();
        withdraw.reset();
        withdrawn += static_cast<std::size_t>(db.changes());
    }

    std::string detail = "model " + label(row) + ": " + std::to_string(result.scored.size()) +
                         " predictions (" + std::to_string(replaced) + " replaced), " +
                         std::to_string(result.refused.size()) + " patients refused";
    if (withdrawn)
        detail += " (" + std::to_string(withdrawn) + " earlier predictions removed)";
    AuditLog(db).record(who, "model.score", "models", row.id, detail);
    transaction.commit();
    return result.scored.size();
}

std::vector<StoredPrediction> predictionsForModel(Database& db, const StoredModel& model) {
    const StoredModel row = requireRow(db, model);
    Statement& s = db.prepare(std::string(kPredictionSelect) +
                              "WHERE p.model_row = ?1 ORDER BY pa.patient_id");
    s.bind(1, row.id);
    return readPredictions(db, s);
}

std::vector<StoredPrediction> predictionsForPatients(Database& db,
                                                     const std::vector<std::string>& patientIds) {
    std::vector<StoredPrediction> rows;
    for (const std::string& patientId : patientIds) {
        Statement& s = db.prepare(std::string(kPredictionSelect) +
                                  "WHERE pa.patient_id = ?1 ORDER BY m.id DESC");
        s.bind(1, patientId);
        for (StoredPrediction& p : readPredictions(db, s))
            rows.push_back(std::move(p));
    }
    return rows;
}

void deleteModel(Database& db, const StoredModel& model, const std::string& who) {
    Transaction transaction(db);
    const StoredModel row = requireRow(db, model);
    Statement& del = db.prepare("DELETE FROM models WHERE id = ?1");
    del.bind(1, row.id);
    del.execute();
    del.reset();
    AuditLog(db).record(who, "model.delete", "models", row.id,
                        "model " + label(row) + " (id " + row.modelId + ") with " +
                            std::to_string(row.predictions) + " predictions");
    transaction.commit();
}

} // namespace rgw::storage
