#pragma once

#include "image/Image.h"
#include "image/LabelMap.h"

#include <filesystem>

namespace rgw::nifti {

/// Reads a NIfTI-1 (.nii or .nii.gz) image into LPS patient space (sform if
/// set, else qform, else pixdim), values scaled by scl_slope/scl_inter.
/// Throws rgw::Error naming the file on bad input.
Volume readVolume(const std::filesystem::path& file);

/// Reads a NIfTI mask: every non-zero voxel is inside (value 1).
Mask readMask(const std::filesystem::path& file);

/// Reads a NIfTI label map (0 = background, 1..65535 = labels; see
/// image/LabelMap.h). Throws rgw::Error naming the file and voxel when a value
/// (after scl_slope/scl_inter) is not a whole number in 0..65535.
LabelMap readLabelMap(const std::filesystem::path& file);

/// Writes a NIfTI-1 file (.nii or .nii.gz by extension) with both sform and
/// qform set from the geometry (converted from LPS to NIfTI's RAS).
void writeVolume(const Volume& volume, const std::filesystem::path& file);
void writeMask(const Mask& mask, const std::filesystem::path& file);

} // namespace rgw::nifti
