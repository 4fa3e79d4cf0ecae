#include "CliJson.h"

#include <QJsonDocument>
#include <QString>
#include <cstdio>

namespace rgw::cli {
namespace {

QString q(const std::string& text) {
    return QString::fromStdString(text);
}
QString q(const std::filesystem::path& path) {
    return QString::fromStdU16String(path.u16string());
}
QJsonValue optionalInt(const std::optional<int>& value) {
    return value ? QJsonValue(*value) : QJsonValue(QJsonValue::Null);
}
qint64 count(std::size_t n) {
    return static_cast<qint64>(n);
}

void print(const QJsonDocument& document) {
    const QByteArray bytes = document.toJson(QJsonDocument::Indented);
    std::fwrite(bytes.constData(), 1, static_cast<std::size_t>(bytes.size()), stdout);
    std::fflush(stdout);
}

} // namespace

QJsonObject toJson(const storage::ImportReport& r) {
    QJsonArray skipped;
    for (const auto& s : r.skipped)
        skipped.append(QJsonObject{{"file", q(s.file)}, {"reason", q(s.reason)}});
    QJsonArray notes;
    for (const auto& n : r.notes)
        notes.append(QJsonObject{{"file", q(n.file)}, {"message", q(n.message)}});
    QJsonArray changedFiles;
    for (const auto& f : r.changedFiles)
        changedFiles.append(q(f));
    return QJsonObject{{"import_run_id", static_cast<qint64>(r.importRunId)},
                       {"files_scanned", count(r.filesScanned)},
                       {"instances_added", count(r.instancesAdded)},
                       {"duplicates", count(r.duplicates)},
                       {"changed", count(r.changed)},
                       {"changed_files", changedFiles},
                       {"skipped", skipped},
                       {"notes", notes},
                       {"patients", count(r.patients)},
                       {"studies", count(r.studies)},
                       {"series", count(r.series)},
                       {"segmentations_added", count(r.segmentationsAdded)},
                       {"cancelled", r.cancelled},
                       {"seconds", r.seconds}};
}

QJsonObject toJson(const storage::PatientRow& row) {
    return QJsonObject{{"patient_id", q(row.patientId)},
                       {"patient_name", q(row.patientName)},
                       {"birth_date", q(row.patientBirthDate)},
                       {"sex", q(row.patientSex)},
                       {"studies", row.studyCount}};
}

QJsonObject toJson(const storage::StudyRow& row, const std::string& patientId) {
    return QJsonObject{{"study_uid", q(row.studyInstanceUid)},
                       {"patient_id", q(patientId)},
                       {"study_date", q(row.studyDate)},
                       {"study_time", q(row.studyTime)},
                       {"description", q(row.studyDescription)},
                       {"accession_number", q(row.accessionNumber)},
                       {"series", row.seriesCount}};
}

QJsonObject toJson(const storage::SeriesRow& row) {
    return QJsonObject{{"series_uid", q(row.seriesInstanceUid)},
                       {"study_uid", q(row.studyInstanceUid)},
                       {"patient_id", q(row.patientId)},
                       {"modality", q(row.modality)},
                       {"description", q(row.seriesDescription)},
                       {"series_number", optionalInt(row.seriesNumber)},
                       {"kind", dicom::toString(row.kind)},
                       {"frame_of_reference_uid", q(row.frameOfReferenceUid)},
                       {"study_date", q(row.studyDate)},
                       {"instances", row.instanceCount},
                       {"segmentations", row.segmentationCount}};
}

QJsonObject toJson(const storage::SegmentationRow& row, const std::string& patientId) {
    return QJsonObject{
        {"id", static_cast<qint64>(row.id)},
        {"patient_id", q(patientId)},
        {"series_uid", q(row.referencedSeriesInstanceUid)},
        {"roi_name", q(row.roiName)},
        {"roi_number", row.roiNumber},
        {"color", QJsonArray{row.color[0], row.color[1], row.color[2]}},
        {"source", storage::toString(row.source)},
        {"source_file", q(row.sourceFile)},
        {"source_sop_instance_uid", q(row.sourceSopInstanceUid)},
        {"lineage", static_cast<qint64>(row.lineage)},
        {"version", row.version},
        {"parent_id", row.parentId ? QJsonValue(static_cast<qint64>(*row.parentId)) : QJsonValue()},
        {"created_at", q(row.createdAt)},
        {"created_by", q(row.createdBy)}};
}

void printJson(const QJsonObject& object) {
    print(QJsonDocument(object));
}
void printJson(const QJsonArray& array) {
    print(QJsonDocument(array));
}

} // namespace rgw::cli
