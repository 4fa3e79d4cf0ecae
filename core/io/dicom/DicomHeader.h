#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace rgw::dicom {

/// What kind of object an instance is, from its SOP Class UID.
enum class ObjectKind { Image, RtStruct, Segmentation, StructuredReport, Other };
const char* toString(ObjectKind kind);

/// Header attributes of one DICOM instance, read without its pixel data.
/// Names follow the DICOM attribute keywords.
struct InstanceHeader {
    std::filesystem::path file;
    std::uintmax_t fileSize = 0;
    std::int64_t fileModified = 0; ///< seconds since epoch, to report changed files
    std::string transferSyntaxUid;

    std::string sopClassUid;
    std::string sopInstanceUid;
    ObjectKind kind = ObjectKind::Other;

    // Patient
    std::string patientId;
    std::string patientName;
    std::string patientBirthDate;
    std::string patientSex;

    // Study
    std::string studyInstanceUid;
    std::string studyDate;
    std::string studyTime;
    std::string studyDescription;
    std::string accessionNumber;

    // Series
    std::string seriesInstanceUid;
    std::string modality;
    std::string seriesDescription;
    std::optional<int> seriesNumber;
    std::string frameOfReferenceUid;

    // Instance / image
    std::optional<int> instanceNumber;
    int rows = 0;
    int columns = 0;
    int numberOfFrames = 1;
    std::vector<double> imagePositionPatient;    ///< (0020,0032), 3 values if present
    std::vector<double> imageOrientationPatient; ///< (0020,0037), 6 values if present
};

} // namespace rgw::dicom
