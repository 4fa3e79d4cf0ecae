#pragma once

// PyRadiomics' LBP2D image type (imageoperations.getLBP2DImage): the local
// binary pattern of scikit-image (skimage.feature.local_binary_pattern,
// reproduced from scikit-image 0.19.3) computed on every 2D slice of the
// pre-processed image and assigned back into the image's own numpy dtype.

#include "radiomics/pyradiomics/FilterGrid.h"

#include <string>
#include <vector>

namespace rgw::radiomics::pyradiomics {

/// skimage's local_binary_pattern(slice, P = samples, R = radius, method) of
/// one 2D array (`rows` × `cols`, row-major: column index fastest), as the
/// float64 array skimage returns. For every pixel g_c, P samples g_p are taken
/// bilinearly at (r − R sin(2πp/P), c + R cos(2πp/P)), both offsets rounded to
/// 5 decimals, with 0 outside the array; bit p is g_p − g_c ≥ 0. `method`
/// (case-insensitive, like skimage) maps the bits to
///  - "default":     Σ bit_p 2^p (2^31 wraps to −2^31 as skimage's int32
///                   weights do when P = 32)
///  - "ror":         the smallest of the P right rotations of that code
///  - "uniform":     the number of ones if the bits change at most twice
///                   along p = 0…P−1, else P + 1
///  - "nri_uniform": 0 for no ones, P(P−1)+1 for all ones, P(P−1)+2 for a
///                   non-uniform pattern, else 1 + (ones−1)·P + rotation
///  - "var":         the biased variance (Σg_p² − (Σg_p)²/P)/P of the samples,
///                   NaN where it is 0.
/// `radius` is used as a C float (skimage's Cython signature). Throws
/// rgw::Error naming the PyRadiomics setting for an unknown method,
/// samples < 1, samples > 32 with "default"/"ror" (codes no longer fit
/// skimage's 32-bit ints), a radius that is not positive and finite as a float, or
/// a slice whose size is not rows × cols.
std::vector<double> localBinaryPattern(const std::vector<double>& slice, int rows, int cols,
                                       double radius, int samples, const std::string& method);

/// The value numpy stores when a float64 is assigned into an array of dtype
/// `scalar` ("int8", "uint8", "int16", "uint16", "int32", "uint32", "int64",
/// "uint64", "float32", "float64"), as numpy 1.24 does on x86-64: float32
/// rounds to nearest; integers truncate toward 0; out-of-range values and NaN
/// follow the hardware conversion (via int32 for 8-, 16- and 32-bit types,
/// via int64 for 64-bit ones: NaN becomes 0 in 8/16-bit types, −2^31 in
/// int32, −2^63 in int64, 2^63 in uint64; codes too large for a narrow type
/// wrap modulo 2^bits). For uint32 numpy itself is inconsistent out of range
/// (its SIMD body gives NaN → 2^31, its scalar tail NaN → 0); this follows
/// the SIMD body. Throws rgw::Error for another dtype.
double assignIntoNumpyScalar(double value, const std::string& scalar);

/// PyRadiomics' "lbp-2D" image of `image` (on `grid`, i fastest; its numpy
/// dtype `scalar`): localBinaryPattern of every slice across numpy axis
/// `force2Ddimension` (0: each z slice, rows y, columns x; 1: each y slice,
/// rows z, columns x; 2: each x slice, rows y, columns z) with
/// lbp2DRadius = `radius`, lbp2DSamples = `samples`, lbp2DMethod = `method`,
/// each value stored through assignIntoNumpyScalar(·, scalar) as PyRadiomics
/// assigns the result into the image's own array (SimpleITK images here are
/// always 3D, so the cast applies). Throws rgw::Error naming the setting for
/// the refusals of localBinaryPattern, force2Ddimension outside 0..2, an
/// unknown dtype, or an image whose size is not the grid's voxel count.
std::vector<double> lbp2DImage(const FilterGrid& grid, const std::vector<double>& image,
                               const std::string& scalar, double radius, int samples,
                               const std::string& method, int force2Ddimension);

} // namespace rgw::radiomics::pyradiomics
