#pragma once

#include "demo/DemoPhantom.h"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace rgw::demo {

/// The UIDs of one demo patient's objects, derived from (seed, patient).
struct DemoUids {
    std::string studyInstanceUid;
    std::string frameOfReferenceUid;
    std::string ctSeriesInstanceUid;
    std::vector<std::string> ctSopInstanceUids; ///< one per slice, k = 0 .. n-1
    std::string rtSeriesInstanceUid;
    std::string rtSopInstanceUid;
};

DemoUids makeDemoUids(std::uint32_t seed, int patientNumber, std::int64_t slices);

/// Writes slice k of the phantom's CT as a CT Image Storage file (explicit VR
/// little endian, stored value = HU + 1024 with Rescale Intercept -1024).
void writeCtSlice(const DemoPatientPhantom& phantom, const DemoUids& uids, std::int64_t k,
                  const std::filesystem::path& file);

/// Writes the RT Structure Set through dicom::writeRtStruct: one GTV ROI per
/// lesion, contoured from the lesion mask, referencing the CT slices; UIDs
/// and dates come from `uids` and the demographics, so the file is the same
/// for the same seed.
void writeStructureSet(const DemoPatientPhantom& phantom, const DemoUids& uids,
                       const std::filesystem::path& file);

} // namespace rgw::demo
