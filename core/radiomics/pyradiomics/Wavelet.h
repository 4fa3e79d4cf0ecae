#pragma once

// PyRadiomics' Wavelet image type (imageoperations.getWaveletImage and
// _swt3): an undecimated (stationary) wavelet decomposition of the
// pre-processed image with PyWavelets' pywt.swtn, one level at a time.

#include "radiomics/pyradiomics/FilterGrid.h"

#include <string>
#include <vector>

namespace rgw::radiomics::pyradiomics {

/// The `wavelet` setting's accepted names: pywt.wavelist(kind='discrete').
const std::vector<std::string>& knownWavelets();

/// The known names by family, for messages: "bior1.1..bior6.8, coif1..coif17,
/// db1..db38, dmey, haar, rbio1.1..rbio6.8, sym2..sym20".
std::string knownWaveletFamilies();

/// The images PyRadiomics' getWaveletImage yields for `image` (on `grid`,
/// i fastest), in its order and with its names:
///  - for every kept level n = 1..level (after `startLevel` skipped levels),
///    the detail sub-bands of that level in pywt.swtn's order (LLH, LHL, LHH,
///    HLL, HLH, HHL, HHH; LH, HL, HH with force2D), named "wavelet-LLH" for
///    n = 1 and "wavelet<n>-LLH" beyond; letter m is the filter (L low-pass,
///    H high-pass) along the m-th transformed axis in x, y, z order;
///  - then the last approximation, "wavelet-LLL" (or "wavelet<level>-LLL").
/// force2D leaves out image axis 2 − force2Ddimension (PyRadiomics'
/// force2Ddimension is a numpy axis: 0 = z, 1 = y, 2 = x). A 2D image
/// (grid.dimension 2) is transformed along x and y only (two letters), and
/// with force2D along one axis, as PyRadiomics does.
/// `scalar` is the numpy dtype of the image ("int16", "float32", ...): pywt
/// transforms float32 data in single precision and everything
/// else in double precision; so does this function.
/// Throws rgw::Error for an unknown wavelet or scalar type, level < 1,
/// startLevel < 0, force2Ddimension outside 0..2 or an image whose size is
/// not the grid's.
/// Hands each image of waveletImages to `sink` as soon as it is made, holding
/// one sub-band per transformed axis and the approximation instead of every
/// image of every level (its peak: axes + 4 images of the padded grid).
void forEachWaveletImage(const FilterGrid& grid, const std::vector<double>& image,
                         const std::string& scalar, const std::string& wavelet, int level,
                         int startLevel, bool force2D, int force2Ddimension,
                         const DerivedImageSink& sink);

/// All of forEachWaveletImage's images at once.
std::vector<DerivedImage> waveletImages(const FilterGrid& grid, const std::vector<double>& image,
                                        const std::string& scalar, const std::string& wavelet,
                                        int level, int startLevel, bool force2D,
                                        int force2Ddimension);

} // namespace rgw::radiomics::pyradiomics
