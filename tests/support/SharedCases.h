#pragma once

#include "TestData.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

namespace rgw::test {

/// One DICOM image series of the shared data with its RTSTRUCT and the IBSI's
/// NIfTI conversions of the image and the mask (paths may not exist: three
/// large STS NIfTI images are absent from the data set).
struct SharedSeriesCase {
    std::string name;     ///< e.g. "STS_004 PET", "IBSI CT phantom"
    std::string modality; ///< folder name: CT, PET, MR_T1
    std::filesystem::path dicomImageFolder;
    std::filesystem::path rtStruct;
    std::filesystem::path niftiImage;
    std::filesystem::path niftiMask;
};

/// The ten STS patients × CT, PET, MR_T1, then the IBSI-1 CT phantom.
inline std::vector<SharedSeriesCase> sharedSeriesCases() {
    namespace fs = std::filesystem;
    std::vector<SharedSeriesCase> out;
    const fs::path sts = ibsiDataSets() / "ibsi_validation";
    for (int p = 1; p <= 10; ++p) {
        char patient[16];
        std::snprintf(patient, sizeof patient, "STS_%03d", p);
        for (const std::string modality : {"CT", "PET", "MR_T1"}) {
            const fs::path dicom = sts / "dicom" / patient / modality;
            const fs::path nifti = sts / "nifti" / patient;
            out.push_back({std::string(patient) + " " + modality, modality, dicom / "image",
                           dicom / "mask" / "RS.dcm", nifti / (modality + "_image.nii.gz"),
                           nifti / (modality + "_mask.nii.gz")});
        }
    }
    const fs::path phantom = ibsiDataSets() / "ibsi_1_ct_radiomics_phantom";
    out.push_back({"IBSI CT phantom", "CT", phantom / "dicom" / "image",
                   phantom / "dicom" / "mask" / "DCM_RS_00060.dcm",
                   phantom / "nifti" / "image" / "phantom.nii.gz",
                   phantom / "nifti" / "mask" / "mask.nii.gz"});
    return out;
}

/// The regular files of a folder, sorted.
inline std::vector<std::filesystem::path> filesIn(const std::filesystem::path& folder) {
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(folder))
        if (entry.is_regular_file())
            files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    return files;
}

} // namespace rgw::test
