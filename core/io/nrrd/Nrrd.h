#pragma once

#include "image/Image.h"
#include "image/LabelMap.h"

#include <filesystem>
#include <string>

namespace rgw::nrrd {

/// Reads an NRRD image (teem's format, version NRRD0001..NRRD0005: a .nrrd
/// with attached data or a .nhdr header with a detached `data file`), as
/// ITK/SimpleITK (and so PyRadiomics) read it:
///  - scalar types int8..uint64, float, double in `raw`, `gzip`, `ascii` or
///    `hex` encoding, either `endian`; `line skip` / `byte skip` honoured;
///  - 1 to 3 spatial axes (a missing third axis is one slice);
///  - geometry from `space directions` and `space origin` in the `space`
///    given (right-anterior-superior and left-anterior-superior converted to
///    our LPS), or from `spacings` (origin 0, identity directions) when the
///    file has no space.
/// Sizes from the header are checked against the data file and the memory
/// budget before any allocation. Throws rgw::Error naming the file and the
/// field (or line) on bad input.
Volume readVolume(const std::filesystem::path& file);

/// Reads an NRRD mask: every non-zero voxel is inside (value 1).
Mask readMask(const std::filesystem::path& file);

/// Reads an NRRD label map (0 = background, 1..65535 = labels). Throws
/// rgw::Error naming the file and voxel when a value is not a whole number
/// in 0..65535.
LabelMap readLabelMap(const std::filesystem::path& file);

/// How the file stores its voxels, as SimpleITK reports it: the scalar type
/// ("int8", "uint8", "int16", "uint16", "int32", "uint32", "int64", "uint64",
/// "float32", "float64") and the number of axes (the header's `dimension`).
/// Reads the header only.
struct StoredType {
    std::string scalar;
    int dimension = 3;
};
StoredType storedType(const std::filesystem::path& file);

/// True when the file name ends in .nrrd or .nhdr (any case).
bool isNrrdPath(const std::filesystem::path& file);

} // namespace rgw::nrrd
