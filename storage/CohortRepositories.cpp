#include "CohortRepositories.h"

#include "util/Error.h"

#include <string>

namespace rgw::storage {

namespace {

const char* kindName(dicom::ObjectKind kind) {
    switch (kind) {
    case dicom::ObjectKind::Image:
        return "image";
    case dicom::ObjectKind::RtStruct:
        return "rtstruct";
    case dicom::ObjectKind::Segmentation:
        return "seg";
    case dicom::ObjectKind::StructuredReport:
        return "sr";
    case dicom::ObjectKind::Other:
        return "other";
    }
    return "other";
}

dicom::ObjectKind kindFromName(const std::string& name) {
    for (auto kind : {dicom::ObjectKind::Image, dicom::ObjectKind::RtStruct,
                      dicom::ObjectKind::Segmentation, dicom::ObjectKind::StructuredReport})
        if (name == kindName(kind))
            return kind;
    return dicom::ObjectKind::Other;
}

Id returnedId(Statement& s) {
    if (!s.step())
        throw Error("upsert returned no row");
    const Id id = s.int64(0);
    s.reset();
    return id;
}

// --------------------------------------------------------------- patients

constexpr const char* kPatientColumns =
    "p.id, p.patient_id, p.name, p.birth_date, p.sex, "
    "(SELECT COUNT(*) FROM studies st WHERE st.patient_id = p.id)";

PatientRow readPatient(const Statement& s) {
    PatientRow row;
    row.id = s.int64(0);
    row.patientId = s.text(1);
    row.patientName = s.text(2);
    row.patientBirthDate = s.text(3);
    row.patientSex = s.text(4);
    row.studyCount = s.integer(5);
    return row;
}

// ---------------------------------------------------------------- studies

constexpr const char* kStudyColumns =
    "st.id, st.patient_id, st.study_uid, st.date, st.time, st.description, st.accession, "
    "(SELECT COUNT(*) FROM series s WHERE s.study_id = st.id)";

StudyRow readStudy(const Statement& s) {
    StudyRow row;
    row.id = s.int64(0);
    row.patientRowId = s.int64(1);
    row.studyInstanceUid = s.text(2);
    row.studyDate = s.text(3);
    row.studyTime = s.text(4);
    row.studyDescription = s.text(5);
    row.accessionNumber = s.text(6);
    row.seriesCount = s.integer(7);
    return row;
}

// ----------------------------------------------------------------- series

const std::string kSeriesSelect =
    "SELECT s.id, s.study_id, s.series_uid, s.modality, s.description, s.series_number, "
    "s.frame_of_reference_uid, s.object_kind, st.study_uid, st.date, p.patient_id, "
    "(SELECT COUNT(*) FROM instances i WHERE i.series_id = s.id), "
    "(SELECT COUNT(DISTINCT g.lineage) FROM segmentations g WHERE g.series_uid = s.series_uid) "
    "FROM series s JOIN studies st ON st.id = s.study_id JOIN patients p ON p.id = st.patient_id ";
constexpr const char* kSeriesOrder =
    " ORDER BY p.patient_id, st.date, st.time, st.study_uid, s.series_number, s.series_uid";

SeriesRow readSeries(const Statement& s) {
    SeriesRow row;
    row.id = s.int64(0);
    row.studyRowId = s.int64(1);
    row.seriesInstanceUid = s.text(2);
    row.modality = s.text(3);
    row.seriesDescription = s.text(4);
    row.seriesNumber = s.optionalInt(5);
    row.frameOfReferenceUid = s.text(6);
    row.kind = kindFromName(s.text(7));
    row.studyInstanceUid = s.text(8);
    row.studyDate = s.text(9);
    row.patientId = s.text(10);
    row.instanceCount = s.integer(11);
    row.segmentationCount = s.integer(12);
    return row;
}

std::vector<SeriesRow> readAllSeries(Statement& s) {
    std::vector<SeriesRow> rows;
    while (s.step())
        rows.push_back(readSeries(s));
    s.reset();
    return rows;
}

// -------------------------------------------------------------- instances

constexpr const char* kInstanceColumns =
    "id, series_id, sop_instance_uid, file_path, transfer_syntax_uid, file_size, file_mtime, "
    "instance_number, sop_class_uid, rows, columns, frames";

InstanceRow readInstance(const Statement& s) {
    InstanceRow row;
    row.id = s.int64(0);
    row.seriesRowId = s.int64(1);
    row.sopInstanceUid = s.text(2);
    row.filePath = s.text(3);
    row.transferSyntaxUid = s.text(4);
    row.fileSize = static_cast<std::uintmax_t>(s.int64(5));
    row.fileModified = s.int64(6);
    row.instanceNumber = s.optionalInt(7);
    row.sopClassUid = s.text(8);
    row.rows = s.integer(9);
    row.columns = s.integer(10);
    row.numberOfFrames = s.integer(11);
    return row;
}

/// Binds the file attributes of an instance to parameters 2..11 (1 = series).
void bindInstanceAttributes(Statement& s, const dicom::InstanceHeader& h) {
    s.bind(2, h.file.string())
        .bind(3, h.transferSyntaxUid)
        .bind(4, static_cast<std::int64_t>(h.fileSize))
        .bind(5, h.fileModified)
        .bind(6, h.instanceNumber)
        .bind(7, h.sopClassUid)
        .bind(8, h.rows)
        .bind(9, h.columns)
        .bind(10, h.numberOfFrames)
        .bind(11, h.sopInstanceUid);
}

} // namespace

// ------------------------------------------------------ PatientRepository

Id PatientRepository::upsert(const dicom::InstanceHeader& h) {
    // A Patient ID that is no patient's own id but a stored alias (e.g. the
    // hospital number of a patient a genomic study created) joins that patient.
    Statement& alias =
        db_.prepare("SELECT a.patient_id FROM patient_aliases a WHERE a.alias = ?1 "
                    "AND NOT EXISTS (SELECT 1 FROM patients p WHERE p.patient_id = ?1)");
    alias.bind(1, h.patientId);
    if (alias.step()) {
        const Id id = alias.int64(0);
        alias.reset();
        Statement& update =
            db_.prepare("UPDATE patients SET name = IIF(?2 <> '', ?2, name), "
                        "birth_date = IIF(?3 <> '', ?3, birth_date), sex = IIF(?4 <> '', ?4, sex) "
                        "WHERE id = ?1");
        update.bind(1, id).bind(2, h.patientName).bind(3, h.patientBirthDate).bind(4, h.patientSex);
        update.execute();
        update.reset();
        return id;
    }
    alias.reset();
    // Non-empty attributes of the newest instance win; empty ones keep the stored value.
    Statement& s = db_.prepare(
        "INSERT INTO patients (patient_id, name, birth_date, sex) VALUES (?1, ?2, ?3, ?4) "
        "ON CONFLICT (patient_id) DO UPDATE SET "
        "name = IIF(excluded.name <> '', excluded.name, name), "
        "birth_date = IIF(excluded.birth_date <> '', excluded.birth_date, birth_date), "
        "sex = IIF(excluded.sex <> '', excluded.sex, sex) "
        "RETURNING id");
    s.bind(1, h.patientId).bind(2, h.patientName).bind(3, h.patientBirthDate).bind(4, h.patientSex);
    return returnedId(s);
}

std::optional<PatientRow> PatientRepository::find(const std::string& patientId) {
    Statement& s = db_.prepare(std::string("SELECT ") + kPatientColumns +
                               " FROM patients p WHERE p.patient_id = ?1");
    s.bind(1, patientId);
    std::optional<PatientRow> row;
    if (s.step())
        row = readPatient(s);
    s.reset();
    return row;
}

std::vector<PatientRow> PatientRepository::list() {
    Statement& s = db_.prepare(std::string("SELECT ") + kPatientColumns +
                               " FROM patients p ORDER BY p.patient_id");
    std::vector<PatientRow> rows;
    while (s.step())
        rows.push_back(readPatient(s));
    s.reset();
    return rows;
}

// -------------------------------------------------------- StudyRepository

Id StudyRepository::upsert(Id patientRowId, const dicom::InstanceHeader& h) {
    Statement& s = db_.prepare(
        "INSERT INTO studies (study_uid, patient_id, date, time, description, accession) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
        "ON CONFLICT (study_uid) DO UPDATE SET "
        "date = IIF(excluded.date <> '', excluded.date, date), "
        "time = IIF(excluded.time <> '', excluded.time, time), "
        "description = IIF(excluded.description <> '', excluded.description, description), "
        "accession = IIF(excluded.accession <> '', excluded.accession, accession) "
        "RETURNING id, patient_id");
    s.bind(1, h.studyInstanceUid)
        .bind(2, patientRowId)
        .bind(3, h.studyDate)
        .bind(4, h.studyTime)
        .bind(5, h.studyDescription)
        .bind(6, h.accessionNumber);
    if (!s.step())
        throw Error("study upsert returned no row");
    const Id id = s.int64(0);
    const Id storedPatient = s.int64(1);
    s.reset();
    if (storedPatient != patientRowId)
        throw Error("study " + h.studyInstanceUid + " in " + h.file.string() +
                    " is already stored under another patient than Patient ID '" + h.patientId +
                    "'");
    return id;
}

std::optional<StudyRow> StudyRepository::find(const std::string& studyInstanceUid) {
    Statement& s = db_.prepare(std::string("SELECT ") + kStudyColumns +
                               " FROM studies st WHERE st.study_uid = ?1");
    s.bind(1, studyInstanceUid);
    std::optional<StudyRow> row;
    if (s.step())
        row = readStudy(s);
    s.reset();
    return row;
}

std::vector<StudyRow> StudyRepository::listForPatient(Id patientRowId) {
    Statement& s = db_.prepare(std::string("SELECT ") + kStudyColumns +
                               " FROM studies st WHERE st.patient_id = ?1 "
                               "ORDER BY st.date, st.time, st.study_uid");
    s.bind(1, patientRowId);
    std::vector<StudyRow> rows;
    while (s.step())
        rows.push_back(readStudy(s));
    s.reset();
    return rows;
}

// ------------------------------------------------------- SeriesRepository

Id SeriesRepository::upsert(Id studyRowId, const dicom::InstanceHeader& h) {
    Statement& s = db_.prepare(
        "INSERT INTO series (series_uid, study_id, modality, description, series_number, "
        "frame_of_reference_uid, object_kind) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
        "ON CONFLICT (series_uid) DO UPDATE SET "
        "modality = IIF(excluded.modality <> '', excluded.modality, modality), "
        "description = IIF(excluded.description <> '', excluded.description, description), "
        "series_number = IFNULL(excluded.series_number, series_number), "
        "frame_of_reference_uid = IIF(excluded.frame_of_reference_uid <> '', "
        "excluded.frame_of_reference_uid, frame_of_reference_uid) "
        "RETURNING id, study_id");
    s.bind(1, h.seriesInstanceUid)
        .bind(2, studyRowId)
        .bind(3, h.modality)
        .bind(4, h.seriesDescription)
        .bind(5, h.seriesNumber)
        .bind(6, h.frameOfReferenceUid)
        .bind(7, kindName(h.kind));
    if (!s.step())
        throw Error("series upsert returned no row");
    const Id id = s.int64(0);
    const Id storedStudy = s.int64(1);
    s.reset();
    if (storedStudy != studyRowId)
        throw Error("series " + h.seriesInstanceUid + " in " + h.file.string() +
                    " is already stored under another study than " + h.studyInstanceUid);
    return id;
}

std::optional<SeriesRow> SeriesRepository::find(const std::string& seriesInstanceUid) {
    Statement& s = db_.prepare(kSeriesSelect + "WHERE s.series_uid = ?1");
    s.bind(1, seriesInstanceUid);
    std::optional<SeriesRow> row;
    if (s.step())
        row = readSeries(s);
    s.reset();
    return row;
}

std::optional<SeriesRow> SeriesRepository::findById(Id seriesRowId) {
    Statement& s = db_.prepare(kSeriesSelect + "WHERE s.id = ?1");
    s.bind(1, seriesRowId);
    std::optional<SeriesRow> row;
    if (s.step())
        row = readSeries(s);
    s.reset();
    return row;
}

std::vector<SeriesRow> SeriesRepository::listForStudy(Id studyRowId) {
    Statement& s = db_.prepare(kSeriesSelect + "WHERE s.study_id = ?1" + kSeriesOrder);
    s.bind(1, studyRowId);
    return readAllSeries(s);
}

std::vector<SeriesRow> SeriesRepository::listForPatient(Id patientRowId) {
    Statement& s = db_.prepare(kSeriesSelect + "WHERE st.patient_id = ?1" + kSeriesOrder);
    s.bind(1, patientRowId);
    return readAllSeries(s);
}

std::vector<SeriesRow> SeriesRepository::listAll() {
    Statement& s = db_.prepare(kSeriesSelect + kSeriesOrder);
    return readAllSeries(s);
}

// ----------------------------------------------------- InstanceRepository

std::optional<Id> InstanceRepository::insert(Id seriesRowId, const dicom::InstanceHeader& h) {
    Statement& s = db_.prepare(
        "INSERT INTO instances (series_id, file_path, transfer_syntax_uid, file_size, file_mtime, "
        "instance_number, sop_class_uid, rows, columns, frames, sop_instance_uid) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) "
        "ON CONFLICT (sop_instance_uid) DO NOTHING");
    s.bind(1, seriesRowId);
    bindInstanceAttributes(s, h);
    s.execute();
    s.reset();
    if (db_.changes() == 0)
        return std::nullopt;
    return db_.lastInsertRowId();
}

void InstanceRepository::update(Id instanceRowId, Id seriesRowId, const dicom::InstanceHeader& h) {
    Statement& s = db_.prepare(
        "UPDATE instances SET series_id = ?1, file_path = ?2, transfer_syntax_uid = ?3, "
        "file_size = ?4, file_mtime = ?5, instance_number = ?6, sop_class_uid = ?7, rows = ?8, "
        "columns = ?9, frames = ?10, sop_instance_uid = ?11 WHERE id = ?12");
    s.bind(1, seriesRowId);
    bindInstanceAttributes(s, h);
    s.bind(12, instanceRowId);
    s.execute();
    s.reset();
}

std::optional<InstanceRow> InstanceRepository::find(const std::string& sopInstanceUid) {
    Statement& s = db_.prepare(std::string("SELECT ") + kInstanceColumns +
                               " FROM instances WHERE sop_instance_uid = ?1");
    s.bind(1, sopInstanceUid);
    std::optional<InstanceRow> row;
    if (s.step())
        row = readInstance(s);
    s.reset();
    return row;
}

std::vector<InstanceRow> InstanceRepository::listForSeries(Id seriesRowId) {
    Statement& s = db_.prepare(std::string("SELECT ") + kInstanceColumns +
                               " FROM instances WHERE series_id = ?1 "
                               "ORDER BY instance_number, file_path");
    s.bind(1, seriesRowId);
    std::vector<InstanceRow> rows;
    while (s.step())
        rows.push_back(readInstance(s));
    s.reset();
    return rows;
}

std::int64_t InstanceRepository::count() {
    Statement& s = db_.prepare("SELECT COUNT(*) FROM instances");
    s.step();
    const std::int64_t n = s.int64(0);
    s.reset();
    return n;
}

} // namespace rgw::storage
