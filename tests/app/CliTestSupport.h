#pragma once

// Shared helpers of the CLI process tests: the executable under test, the STS
// data and an independent (DCMTK-only) census of DICOM files by series.

#include "ChildProcess.h"
#include "TestData.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <algorithm>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace rgw::test {

inline std::string cliPath() {
    return RGW_CLI_PATH;
}

inline std::filesystem::path stsDicom(const std::string& patient) {
    return ibsiDataSets() / "ibsi_validation" / "dicom" / patient;
}

inline std::vector<std::filesystem::path> regularFiles(const std::filesystem::path& root) {
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::recursive_directory_iterator(root))
        if (e.is_regular_file())
            files.push_back(e.path());
    std::sort(files.begin(), files.end());
    return files;
}

struct SeriesCensus {
    std::string modality;
    std::string patientId;
    std::string studyInstanceUid;
    std::vector<std::filesystem::path> files;
};

/// Series Instance UID -> its files, read with DCMTK directly (not with the
/// project's scanner), so the CLI's counts are checked against an independent source.
inline std::map<std::string, SeriesCensus> censusBySeries(const std::filesystem::path& root) {
    std::map<std::string, SeriesCensus> census;
    for (const auto& file : regularFiles(root)) {
        DcmFileFormat ff;
        if (ff.loadFile(file.c_str(), EXS_Unknown, EGL_noChange, 4096).bad())
            continue;
        OFString series, modality, patient, study;
        ff.getDataset()->findAndGetOFString(DCM_SeriesInstanceUID, series);
        ff.getDataset()->findAndGetOFString(DCM_Modality, modality);
        ff.getDataset()->findAndGetOFString(DCM_PatientID, patient);
        ff.getDataset()->findAndGetOFString(DCM_StudyInstanceUID, study);
        auto& entry = census[series.c_str()];
        entry.modality = modality.c_str();
        entry.patientId = patient.c_str();
        entry.studyInstanceUid = study.c_str();
        entry.files.push_back(file);
    }
    return census;
}

inline QJsonDocument parseJson(const std::string& text) {
    return QJsonDocument::fromJson(QByteArray::fromStdString(text));
}

/// Number of lines in a text (a final newline does not start a new line).
inline int lineCount(const std::string& text) {
    int n = static_cast<int>(std::count(text.begin(), text.end(), '\n'));
    if (!text.empty() && text.back() != '\n')
        ++n;
    return n;
}

} // namespace rgw::test
