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
};

/// Writes an RT Structure Set of `rois` (ROI Numbers 1.. in order): per ROI
/// the CLOSED_PLANAR contours of every slice of its mask (roi::maskContours:
/// the pixel boundaries, holes as separate contours; rasterised again with
/// the even-odd rule they give back the mask), each with a Contour Image
/// Sequence naming the image of its slice; the Referenced Frame of Reference
/// Sequence lists every image of the referenced series. Patient and study
/// are those of `referenced`; Series and SOP Instance UIDs are new.
/// `options.contentLabel` is the Structure Set Label. Throws rgw::Error on
/// mismatched input or a write failure.
WrittenObject writeRtStruct(const std::filesystem::path& file, const ReferencedSeries& referenced,
                            const std::vector<RoiToWrite>& rois,
                            const DerivedObjectOptions& options = {});

} // namespace rgw::dicom
