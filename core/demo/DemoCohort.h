#pragma once

#include "demo/DemoGenomics.h"
#include "util/Cancel.h"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace rgw::demo {

/// Enough patients for the genotype-imaging-outcome associations of
/// DemoGenomics.h to show (about 11 EGFR-mutated among 24).
inline constexpr int kDefaultDemoPatients = 24;

struct DemoOptions {
    std::filesystem::path outputFolder;
    int patients = kDefaultDemoPatients;
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
    std::size_t filesWritten = 0; ///< DICOM and genomic study files
    DemoStudySummary genomics;    ///< the study in <outputFolder>/genomics
};

/// The folder of the cohort's cBioPortal study: <outputFolder>/genomics.
std::filesystem::path demoStudyFolder(const std::filesystem::path& outputFolder);

/// Writes a synthetic but realistic cohort as DICOM: per patient one CT study
/// (CT Image Storage series with body, organs and lesions of varied shape and
/// texture) and one RTSTRUCT with a contour ROI per lesion, referencing the CT,
/// in <outputFolder>/<PatientID>/; then the patients' cBioPortal study
/// (clinical data with survival, mutations with gene panels, expression,
/// subtype; DemoGenomics.h) in demoStudyFolder(). Cancelling stops between
/// patients; the study then covers the patients written. Deterministic for a
/// given seed. Throws rgw::Error on I/O failure.
DemoSummary writeCohort(const DemoOptions& options, const ProgressFn& progress = {},
                        const CancelToken* cancel = nullptr);

} // namespace rgw::demo
