#pragma once

// Who and what made an imported DICOM object (an RTSTRUCT or a SEG), from its
// header: the delineation tool and the date, for the segmentation part of the
// study report's methods.

#include <filesystem>
#include <string>

namespace rgw::dicom {

struct ObjectOrigin {
    /// "Manufacturer Model (software SoftwareVersions)", the parts present;
    /// "" when none is recorded.
    std::string tool;
    /// Content Creator's Name (SEG) or Operators' Name; "" when absent.
    std::string author;
    /// Structure Set Date (RTSTRUCT), else Content Date, else Series Date
    /// (YYYYMMDD as stored); "" when absent.
    std::string date;
};

/// Reads the origin of `file` (header only). Throws rgw::Error naming the
/// file when it is missing or not readable DICOM.
ObjectOrigin readObjectOrigin(const std::filesystem::path& file);

} // namespace rgw::dicom
