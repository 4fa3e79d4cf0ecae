#pragma once

#include "util/Cancel.h"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace rgw::demo {

struct DemoOptions {
    std::filesystem::path outputFolder;
    int patients = 5;
    std::uint32_t seed = 1;
};

struct DemoPatient {
    std::string patientId;
    std::string studyInstanceUid;
    std::string ctSeriesInstanceUid;
    std::string rtStructSopInstanceUid;
    std::vector<std::string> roiNames;
};

struct DemoSummary {
    std::vector<DemoPatient> patients;
    std::size_t filesWritten = 0;
};

/// Writes a synthetic but realistic cohort as DICOM: per patient one CT study
/// (CT Image Storage series with body, organs and lesions of varied shape and
/// texture) and one RTSTRUCT with a contour ROI per lesion, referencing the CT.
/// Deterministic for a given seed. Throws rgw::Error on I/O failure.
DemoSummary writeCohort(const DemoOptions& options, const ProgressFn& progress = {},
                        const CancelToken* cancel = nullptr);

} // namespace rgw::demo
