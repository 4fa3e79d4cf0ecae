#pragma once

#include "Database.h"
#include "Rows.h"
#include "io/dicom/DicomHeader.h"

#include <optional>
#include <string>
#include <vector>

namespace rgw::storage {

/// patients: one row per Patient ID.
class PatientRepository {
public:
    explicit PatientRepository(Database& db) : db_(db) {}
    /// Inserts or updates (non-empty attributes win) the patient of `header`.
    /// A Patient ID stored only as an alias (patient_aliases) updates and
    /// returns the patient the alias names.
    Id upsert(const dicom::InstanceHeader& header);
    std::optional<PatientRow> find(const std::string& patientId);
    std::vector<PatientRow> list(); ///< ordered by Patient ID, with study counts

private:
    Database& db_;
};

/// studies: one row per Study Instance UID, under its patient.
class StudyRepository {
public:
    explicit StudyRepository(Database& db) : db_(db) {}
    Id upsert(Id patientRowId, const dicom::InstanceHeader& header);
    std::optional<StudyRow> find(const std::string& studyInstanceUid);
    std::vector<StudyRow> listForPatient(Id patientRowId); ///< by date, with series counts

private:
    Database& db_;
};

/// series: one row per Series Instance UID, under its study.
class SeriesRepository {
public:
    explicit SeriesRepository(Database& db) : db_(db) {}
    Id upsert(Id studyRowId, const dicom::InstanceHeader& header);
    std::optional<SeriesRow> find(const std::string& seriesInstanceUid);
    std::optional<SeriesRow> findById(Id seriesRowId);
    std::vector<SeriesRow> listForStudy(Id studyRowId); ///< by Series Number
    std::vector<SeriesRow> listForPatient(Id patientRowId);
    std::vector<SeriesRow> listAll();

private:
    Database& db_;
};

/// instances: one row per SOP Instance UID, with the file it was read from.
class InstanceRepository {
public:
    explicit InstanceRepository(Database& db) : db_(db) {}
    /// Inserts the instance; returns nullopt when its SOP Instance UID exists.
    std::optional<Id> insert(Id seriesRowId, const dicom::InstanceHeader& header);
    /// Rewrites the file attributes of an existing instance (same UID).
    void update(Id instanceRowId, Id seriesRowId, const dicom::InstanceHeader& header);
    std::optional<InstanceRow> find(const std::string& sopInstanceUid);
    std::vector<InstanceRow> listForSeries(Id seriesRowId); ///< by Instance Number, then path
    std::int64_t count();

private:
    Database& db_;
};

} // namespace rgw::storage
