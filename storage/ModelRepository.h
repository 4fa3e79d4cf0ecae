#pragma once

// Trained models and their predictions in the cohort database (schema v6).
// A model is stored with its whole pipeline as the text of its portable JSON
// file (modeling/ModelFile.h), once per model id (the SHA-256 content hash):
// storing or importing the same model again changes nothing. Scoring writes
// one prediction per model and patient; rescoring replaces it. The cohort
// page and the study report read them back per patient.
//
// Every write runs in one transaction (joining the caller's when open) with
// its audit entry; a write that fails leaves the database as it was.

#include "AuditLog.h"
#include "Database.h"
#include "modeling/Scoring.h"
#include "modeling/TrainedModel.h"

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace rgw::storage {

/// One row of `models` (without the JSON text: loadStoredModel reads it).
struct StoredModel {
    Id id = 0;                    ///< row id in models (never reused)
    std::string modelId;          ///< SHA-256 (64 hex digits) of the model file
    std::string name;             ///< the model's name (not unique)
    std::string kind;             ///< "logistic", "multinomial" or "cox"
    std::string createdUtc;       ///< when the model was trained (ISO 8601 UTC)
    std::string softwareVersion;  ///< of the program that trained it
    std::string cohort;           ///< NAME@VERSION it was trained on; "" for a table
    std::string parameterSetHash; ///< radiomic parameter set of its features ("" = none)
    std::string storedUtc;        ///< when it entered this database (ISO 8601 UTC)
    std::size_t predictions = 0;  ///< patients with a stored prediction of it
};

/// One stored prediction of one patient by one model.
struct StoredPrediction {
    std::string patientId;       ///< patients.patient_id
    std::string modelName;       ///< the model's name
    std::string modelId;         ///< the model's id (SHA-256 hex)
    std::string softwareVersion; ///< of the program that trained the model
    /// Logistic: P(event class); Cox: the linear predictor; multinomial: the
    /// probability of predictedClass (modeling::PatientScore).
    double score = 0;
    std::string predictedClass;             ///< at the stored threshold / most probable; "" for Cox
    std::string riskGroup;                  ///< Cox risk group; "" otherwise
    std::vector<double> classProbabilities; ///< multinomial, in the model's class order
    std::vector<std::string> imputed;       ///< inputs filled by the model's imputation
    std::string scoredUtc;                  ///< when it was scored (ISO 8601 UTC)
};

/// Stores the model (the text of modelToJson) and returns its row. The same
/// model id again returns the existing row: nothing is written and it is not
/// an error. Audit-logged ("model.store"). Throws rgw::Error when the model's
/// JSON text does not read back (it could not be loaded or exported later).
StoredModel storeModel(Database& db, const modeling::TrainedModel& model,
                       const std::string& who = currentUserName());

/// Reads a model file (modeling::loadModelFile: format, fields and content id
/// checked) and stores it as storeModel does: `rgw-cli model import`.
StoredModel importModelFile(Database& db, const std::filesystem::path& file,
                            const std::string& who = currentUserName());

/// Every stored model, newest stored first.
std::vector<StoredModel> listModels(Database& db);

/// The model named `key` exactly, else the one whose model id starts with
/// `key` (at least 6 hex digits, any case). Throws rgw::Error "no model named
/// or with an id starting 'KEY' in FILE" when none matches, and an error
/// listing the candidates (name and id) when several do.
StoredModel findModel(Database& db, std::string_view key);

/// The stored model itself: modelFromJson of its text (errors name it as
/// "model NAME (ID12) in FILE"). Throws rgw::Error when the row is gone or the
/// text no longer has the stored model id.
modeling::TrainedModel loadStoredModel(Database& db, const StoredModel& model);

/// Writes the predictions of `result` for `model` in one transaction and
/// returns how many were written. A patient the model had scored before gets
/// the new prediction in place of the old one; a patient scoring refused
/// (result.refused) loses an earlier prediction of this model, so no stale
/// score remains. Throws rgw::Error and writes nothing when result.modelId is
/// another model's, a patient id is not a patients.patient_id (naming it), a
/// patient is scored twice, or a score or class probability is not finite
/// (naming the patient). Audit-logged ("model.score": model id and counts).
std::size_t savePredictions(Database& db, const StoredModel& model,
                            const modeling::ScoringResult& result,
                            const std::string& who = currentUserName());

/// The stored predictions of `model`, by patient id.
std::vector<StoredPrediction> predictionsForModel(Database& db, const StoredModel& model);

/// Every model's stored predictions of the patients `patientIds`, in the
/// order of the ids given and, per patient, newest stored model first. A
/// patient without predictions (or unknown) contributes none.
std::vector<StoredPrediction> predictionsForPatients(Database& db,
                                                     const std::vector<std::string>& patientIds);

/// Deletes the model and, with it, its predictions. Audit-logged
/// ("model.delete"). Throws rgw::Error when the row is gone.
void deleteModel(Database& db, const StoredModel& model,
                 const std::string& who = currentUserName());

} // namespace rgw::storage
