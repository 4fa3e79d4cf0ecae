#pragma once

// Helpers of the demo CT writer (DCMTK dcmdata).

#include "demo/DemoDicomWriter.h"

#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcitem.h>
#include <filesystem>
#include <string>

namespace rgw::demo::detail {

/// Sets a string attribute; throws rgw::Error naming the tag on failure.
void put(DcmItem& item, const DcmTagKey& tag, const std::string& value);
/// Patient, General Study and General Equipment modules.
void putPatientStudyEquipment(DcmItem& ds, const DemoDemographics& d, const DemoUids& uids);
/// Saves with File Meta Information in explicit VR little endian.
void save(DcmFileFormat& file, const std::filesystem::path& path);

} // namespace rgw::demo::detail
