#pragma once

#include "CohortRepositories.h"
#include "ImportService.h"
#include "Rows.h"

#include <QJsonArray>
#include <QJsonObject>
#include <string>

namespace rgw::cli {

// JSON forms of the storage rows, keys in snake_case after the DICOM keywords.
QJsonObject toJson(const storage::ImportReport& report);
QJsonObject toJson(const storage::PatientRow& row);
QJsonObject toJson(const storage::StudyRow& row, const std::string& patientId);
QJsonObject toJson(const storage::SeriesRow& row);
QJsonObject toJson(const storage::SegmentationRow& row, const std::string& patientId);

/// Prints a JSON value on stdout (indented, newline-terminated).
void printJson(const QJsonObject& object);
void printJson(const QJsonArray& array);

} // namespace rgw::cli
