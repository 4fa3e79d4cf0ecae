#pragma once

// PyRadiomics' provenance rows (radiomics/generalinfo.py): the
// `diagnostics_Image-<stage>_*` and `diagnostics_Mask-<stage>_*` values,
// formatted as PyRadiomics prints them (Python tuples and float repr).

#include "image/Image.h"
#include "image/LabelMap.h"

#include <string>
#include <utility>
#include <vector>

namespace rgw::radiomics::pyradiomics {

/// `diagnostics_*` rows: name without the "diagnostics_" prefix (in a
/// Prepared) or with it (in a Result), value as PyRadiomics prints it.
using Diagnostics = std::vector<std::pair<std::string, std::string>>;

/// How an input file stores its voxels, as SimpleITK reads it: the scalar
/// type ("int8", "uint8", "int16", "uint16", "int32", "uint32", "int64",
/// "uint64", "float32", "float64") and the number of axes (2 or 3).
/// PyRadiomics resamples into the stored type (interpolated values of an
/// integer image are truncated) and hashes the voxels in it.
struct PixelType {
    std::string scalar = "float32";
    int dimension = 3;

    /// Throws rgw::Error naming `source` for an unknown scalar or dimension.
    static PixelType named(const std::string& scalar, int dimension, const std::string& source);
    bool integer() const;
    int bytes() const;
    double min() const; ///< range of an integer type
    double max() const;
};

/// Python's repr of a float: the shortest digits that read back as `value`,
/// fixed notation for decimal exponents −4..15 (always with a fractional
/// part, "2.0"), else "1e-05" / "1.5e+16"; "nan", "inf", "-inf".
std::string pythonFloat(double value);

/// SimpleITK's image hash (HashImageFilter, SHA-1): the voxels written in
/// the stored scalar type, little-endian, i fastest. The values must be
/// those read from the file (exact whenever every value is representable in
/// the reader's float or uint16: all 8- and 16-bit types and float32; for
/// 32/64-bit integers up to 2^24 in magnitude).
std::string simpleItkHash(const std::vector<float>& voxels, const PixelType& type);
std::string simpleItkHash(const std::vector<std::uint16_t>& voxels, const PixelType& type);

/// generalinfo.addImageElements: Image-<stage>_Spacing, _Size, _Mean,
/// _Minimum, _Maximum of every voxel of `values` (on `geometry`), preceded by
/// _Hash and _Dimensionality when `hash` is given (the original image).
void addImageRows(Diagnostics& rows, const std::string& stage, const Geometry& geometry,
                  const std::vector<double>& values, int dimension, const std::string* hash);

/// generalinfo.addMaskElements for the voxels of `roi` (the chosen label):
/// Mask-<stage>_[Hash when given,] Spacing, Size, BoundingBox (lower corner,
/// then size), VoxelNum, VolumeNum (fully connected components),
/// CenterOfMassIndex, CenterOfMass, then, when `image` (same grid) is given,
/// the Mean, Minimum and Maximum of its voxels in the ROI.
void addMaskRows(Diagnostics& rows, const std::string& stage, const Mask& roi,
                 const std::vector<double>* image, int dimension, const std::string* hash);

/// The diagnostics as PyRadiomics' two-column CSV: a header "name,value",
/// then one RFC 4180 record per row, in the given order.
std::string diagnosticsCsv(const Diagnostics& rows);

} // namespace rgw::radiomics::pyradiomics
