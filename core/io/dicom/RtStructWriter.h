#pragma once

#include "image/Image.h"
#include "io/dicom/ReferencedSeries.h"
#include "io/dicom/SegWriter.h"

#include <array>
#include <filesystem>
#include <string>
#include <vector>

namespace rgw::dicom {

/// One ROI to write. The mask lies on the referenced series' grid.
struct RoiToWrite {
    std::string name;                     ///< ROI Name (3006,0026)
    std::array<int, 3> colour{255, 0, 0}; ///< ROI Display Color (3006,002A)
    const Mask* mask = nullptr;
    bool manual = true; ///< ROI Generation Algorithm MANUAL, else SEMIAUTOMATIC
    /// ROI Generation Algorithm AUTOMATIC (no user involved, e.g. synthetic
    /// ground truth); takes precedence over `manual`.
    bool automatic = false;
    std::string description{}; ///< ROI Description (3006,0028); empty = not written
    /// RT ROI Interpreted Type (3006,00A4), e.g. GTV; empty = unknown (Type 2)
    std::string interpretedType{};
};

/// For reproducible output (the demo cohort): the UIDs and the creation date
/// and time to write instead of new UIDs and the current time. An empty field
/// keeps its default.
struct FixedIdentity {
    WrittenObject uids;
    std::string date; ///< DA (YYYYMMDD): Instance Creation and Structure Set Date
    std::string time; ///< TM (HHMMSS): Instance Creation and Structure Set Time
};

/// Writes an RT Structure Set of `rois` (ROI Numbers 1.. in order): per ROI
/// the CLOSED_PLANAR contours of every slice of its mask (roi::maskContours:
/// the pixel boundaries, holes as separate contours; rasterised again with
/// the even-odd rule they give back the mask), each with a Contour Image
/// Sequence naming the image of its slice; the Referenced Frame of Reference
/// Sequence lists every image of the referenced series. Patient and study
/// are those of `referenced`; Series and SOP Instance UIDs are new unless
/// `fixed` gives them. `options.contentLabel` is the Structure Set Label,
/// `options.contentDescription` the Structure Set Description. Throws
/// rgw::Error on mismatched input or a write failure.
WrittenObject writeRtStruct(const std::filesystem::path& file, const ReferencedSeries& referenced,
                            const std::vector<RoiToWrite>& rois,
                            const DerivedObjectOptions& options = {},
                            const FixedIdentity& fixed = {});

} // namespace rgw::dicom
