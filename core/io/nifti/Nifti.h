#pragma once

#include "image/Image.h"
#include "image/LabelMap.h"
#include "image/VoxelBox.h"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace rgw::nifti {

/// Reads a NIfTI-1 (.nii or .nii.gz) image into LPS patient space (sform if
/// set, else qform, else pixdim), values scaled by scl_slope/scl_inter.
/// Throws rgw::Error naming the file on bad input.
Volume readVolume(const std::filesystem::path& file);

/// The voxels of `window` (voxel indices of the file's grid) of a NIfTI
/// image, on cropGeometry(grid, window): what readVolume reads there, without
/// holding (or, past the window's last slice, inflating) the rest. A
/// non-finite value in the window refuses it, named by its (i, j, k) in the
/// file's grid; values outside are not read. Throws rgw::Error naming the
/// file when the window is not inside the grid.
Volume readVolume(const std::filesystem::path& file, const VoxelBox& window);

/// The grid of a NIfTI file, from its header (checked as readVolume checks it).
Geometry readGeometry(const std::filesystem::path& file);

/// Reads a NIfTI mask: every non-zero voxel is inside (value 1).
Mask readMask(const std::filesystem::path& file);

/// Reads a NIfTI label map (0 = background, 1..65535 = labels; see
/// image/LabelMap.h). Throws rgw::Error naming the file and voxel when a value
/// (after scl_slope/scl_inter) is not a whole number in 0..65535.
LabelMap readLabelMap(const std::filesystem::path& file);

/// A NIfTI mask or label map read in one pass (no label map held whole).
struct LabelMask {
    /// The voxels equal to the chosen label, or every non-zero voxel when no
    /// label was chosen.
    Mask mask;
    /// The distinct non-zero values, ascending, when every value is a label
    /// (a whole number in 0..65535).
    std::vector<int> labels;
    /// Empty when every value is a label; else readLabelMap's error message
    /// naming the first voxel that is not.
    std::string notALabel;
};

/// Reads a NIfTI mask as LabelMask; `label` chooses the voxels inside (all
/// non-zero voxels when not given). Throws rgw::Error naming the file on bad
/// input or a non-finite value (as readLabelMap with a label, else as
/// readMask).
LabelMask readLabelMask(const std::filesystem::path& file, std::optional<int> label);

/// How SimpleITK (ITK's NiftiImageIO) holds the file's voxels: the
/// datatype's scalar ("uint8", "int8", "int16", "uint16", "int32",
/// "uint32", "float32", "float64"), or "float32" when scl_slope/scl_inter
/// rescale a non-double datatype; and the number of axes (dim[0], at most 3
/// when the further axes have one voxel). Reads the header only.
struct StoredType {
    std::string scalar;
    int dimension = 3;
};
StoredType storedType(const std::filesystem::path& file);

/// Writes a NIfTI-1 file (.nii or .nii.gz by extension) with both sform and
/// qform set from the geometry (converted from LPS to NIfTI's RAS).
void writeVolume(const Volume& volume, const std::filesystem::path& file);
void writeMask(const Mask& mask, const std::filesystem::path& file);

} // namespace rgw::nifti
