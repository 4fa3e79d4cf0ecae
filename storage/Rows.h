#pragma once

#include "Database.h"
#include "io/dicom/DicomHeader.h"

#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace rgw::storage {

// Plain rows returned by the repositories. `id` is the table's row id; the
// DICOM identifiers keep their attribute keyword names.

struct PatientRow {
    Id id = 0;
    std::string patientId;
    std::string patientName;
    std::string patientBirthDate;
    std::string patientSex;
    int studyCount = 0;
};

struct StudyRow {
    Id id = 0;
    Id patientRowId = 0;
    std::string studyInstanceUid;
    std::string studyDate;
    std::string studyTime;
    std::string studyDescription;
    std::string accessionNumber;
    int seriesCount = 0;
};

struct SeriesRow {
    Id id = 0;
    Id studyRowId = 0;
    std::string seriesInstanceUid;
    std::string modality;
    std::string seriesDescription;
    std::optional<int> seriesNumber;
    std::string frameOfReferenceUid;
    dicom::ObjectKind kind = dicom::ObjectKind::Other;
    // From the study and patient, for browsing.
    std::string studyInstanceUid;
    std::string studyDate;
    std::string patientId;
    // Derived by the list queries.
    int instanceCount = 0;
    int segmentationCount = 0; ///< segmentations (lineages, not versions) on this series
};

struct InstanceRow {
    Id id = 0;
    Id seriesRowId = 0;
    std::string sopInstanceUid;
    std::filesystem::path filePath;
    std::string transferSyntaxUid;
    std::uintmax_t fileSize = 0;
    std::int64_t fileModified = 0;
    std::optional<int> instanceNumber;
    std::string sopClassUid;
    int rows = 0;
    int columns = 0;
    int numberOfFrames = 1;
};

/// Where a segmentation comes from. RTSTRUCT/SEG rows reference their source
/// object; NIFTI and MANUAL rows carry the mask itself.
enum class SegmentationSource { RtStruct, Seg, Nifti, Manual };
const char* toString(SegmentationSource source); ///< "RTSTRUCT", "SEG", "NIFTI", "MANUAL"
SegmentationSource segmentationSourceFromString(std::string_view text);

struct SegmentationRow {
    Id id = 0;
    Id patientRowId = 0;
    std::string referencedSeriesInstanceUid; ///< the image series the mask lies on
    std::string roiName;
    int roiNumber = 0; ///< ROI Number (RTSTRUCT) / Segment Number (SEG) / NIfTI label; 0 otherwise
    std::array<int, 3> color{255, 0, 0};
    SegmentationSource source = SegmentationSource::Manual;
    std::string sourceFile;           ///< RTSTRUCT/SEG/NIfTI file it came from
    std::string sourceSopInstanceUid; ///< RTSTRUCT/SEG SOP Instance UID
    Id lineage = 0;                   ///< groups the versions of one ROI (id of version 1)
    int version = 1;
    std::optional<Id> parentId; ///< the version this one was edited from
    bool hasMask = false;       ///< a stored mask blob (NIFTI, MANUAL)
    std::string createdAt;      ///< ISO 8601 UTC
    std::string createdBy;
};

enum class ImportStatus { Running, Completed, Cancelled, Failed };
const char* toString(ImportStatus status); ///< "running", "completed", ...

struct ImportRunRow {
    Id id = 0;
    std::string startedAt;
    std::string finishedAt; ///< empty while running (or when the process died)
    ImportStatus status = ImportStatus::Running;
    std::string roots; ///< the imported paths, one per line
    std::int64_t filesScanned = 0;
    std::int64_t instancesAdded = 0;
    std::int64_t duplicates = 0;
    std::int64_t changed = 0;
    std::int64_t skipped = 0;
    std::string report;         ///< JSON: counts and the skipped files with reasons
    std::string kind = "dicom"; ///< "dicom" or "genomics" (what was imported)
};

struct AuditEntry {
    Id id = 0;
    std::string at; ///< ISO 8601 UTC
    std::string who;
    std::string action; ///< e.g. "import.series", "segmentation.edit"
    std::string entity; ///< table name
    std::optional<Id> entityId;
    std::string detail;
};

} // namespace rgw::storage
