#pragma once

#include "image/Image.h"
#include "image/VoxelBox.h"
#include "radiomics/Roi.h"
#include "radiomics/Settings.h"

#include <array>

namespace rgw::radiomics::processing {

/// Margin kept around the ROI bounding box (mm): local intensity features
/// average over a 1 cm³ sphere (radius 6.2 mm) around ROI voxels.
inline constexpr double kRoiMarginMm = 10.0;

/// The margin (mm) prepareRoi keeps around the ROI on a processing grid of
/// `spacing`: kRoiMarginMm, or the reach of the widest of Settings::filters
/// (filters::responseReachMm) so that ROI voxels get the response of the
/// whole image; infinite (no crop) with a Fourier-domain filter.
double roiMarginMm(const Settings& settings, const std::array<double, 3>& spacing);

/// IBSI image processing (02): crop to the ROI bounding box plus a margin,
/// interpolate image and mask on the "align grid centers" grid (when enabled),
/// round intensities, threshold the mask at the partial-volume threshold, and
/// re-segment the intensity mask (range ∩ μ ± kσ).
/// Throws rgw::Error when the mask is on another grid, is empty, or the
/// settings are invalid.
PreparedRoi prepareRoi(const Volume& image, const Mask& mask, const Settings& settings);

/// The voxels of an image on `grid` that prepareRoi reads for an ROI whose
/// bounding box is `roiBox` (the interpolation taps, spline padding included,
/// or the crop): an image read only there (a GridWindow) prepares to the very
/// same ROI. Throws rgw::Error as prepareRoi does for invalid settings, an
/// empty box or a processing grid over the memory budget.
VoxelBox voxelsRead(const Geometry& grid, const VoxelBox& roiBox, const Settings& settings);

/// prepareRoi on a window of the image: `image` and `mask` hold the voxels of
/// window.box of the whole grid window.whole, every ROI voxel of the whole mask
/// lies in it, and it holds voxelsRead(...) of that ROI. The result equals
/// prepareRoi on the whole image and mask, bit for bit. Throws rgw::Error when
/// the window is not such a window.
PreparedRoi prepareRoi(const Volume& image, const Mask& mask, const Settings& settings,
                       const GridWindow& window);
/// The same, releasing `image`'s voxels once the first axis has been
/// resampled from them (a lower peak of memory when the caller has no
/// further use for it).
PreparedRoi prepareRoi(Volume&& image, const Mask& mask, const Settings& settings,
                       const GridWindow& window);

/// The whole image as the processing of `settings` makes it (interpolated on
/// the same grid as prepareRoi, intensities rounded when asked; no crop, no
/// mask): what the filters of Settings::filters act on (rgw-cli filter).
Volume processedImage(const Volume& image, const Settings& settings);

} // namespace rgw::radiomics::processing
