#pragma once

#include "image/Image.h"
#include "radiomics/Roi.h"
#include "radiomics/Settings.h"

namespace rgw::radiomics::processing {

/// Margin kept around the ROI bounding box (mm): local intensity features
/// average over a 1 cm³ sphere (radius 6.2 mm) around ROI voxels.
inline constexpr double kRoiMarginMm = 10.0;

/// IBSI image processing (02): crop to the ROI bounding box plus a margin,
/// interpolate image and mask on the "align grid centers" grid (when enabled),
/// round intensities, threshold the mask at the partial-volume threshold, and
/// re-segment the intensity mask (range ∩ μ ± kσ).
/// Throws rgw::Error when the mask is on another grid, is empty, or the
/// settings are invalid.
PreparedRoi prepareRoi(const Volume& image, const Mask& mask, const Settings& settings);

} // namespace rgw::radiomics::processing
