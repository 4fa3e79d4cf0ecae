#pragma once

#include "image/Image.h"

#include <array>
#include <filesystem>
#include <string>
#include <vector>

namespace rgw::dicom {

/// One ROI of an RTSTRUCT (Structure Set ROI Sequence + ROI Contour Sequence).
struct RtRoi {
    int roiNumber = 0;
    std::string roiName;
    std::array<int, 3> displayColor{255, 0, 0}; ///< ROI Display Color (3006,002A)
    std::string referencedFrameOfReferenceUid;
    /// Closed planar contours, each a list of LPS points (mm).
    std::vector<std::vector<std::array<double, 3>>> contours;
    /// Referenced SOP Instance UIDs of the contour images, where given.
    std::vector<std::string> contourImageSopInstanceUids;
    /// CLOSED_PLANAR contours left out because they enclose nothing (fewer
    /// than 3 points), one message each naming the ROI and contour number.
    std::vector<std::string> skippedContours;
};

struct RtStructSet {
    std::string sopInstanceUid;
    std::string referencedSeriesInstanceUid; ///< from the Referenced Frame of Reference Sequence
    std::string referencedFrameOfReferenceUid;
    std::vector<RtRoi> rois;
};

/// Parses an RTSTRUCT file. Throws rgw::Error naming the file and tag on bad
/// input, including a Contour Data coordinate that is not physical (not
/// finite or beyond ±10⁶ mm, image/GeometryChecks.h).
RtStructSet readRtStruct(const std::filesystem::path& file);

/// Rasterises an ROI onto an image grid: a voxel is inside when its centre is
/// inside the contours of its slice under the even-odd rule (holes and several
/// contours per slice work). Contours are assigned to the nearest slice;
/// contours off the grid, or whose points do not map to finite grid
/// coordinates, mark nothing.
Mask rasterise(const RtRoi& roi, const Geometry& grid);

} // namespace rgw::dicom
