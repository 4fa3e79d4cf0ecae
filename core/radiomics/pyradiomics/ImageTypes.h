#pragma once

// PyRadiomics' image types (imageoperations.get<Type>Image): the original
// image, the closed-formula ones (Square, SquareRoot, Logarithm,
// Exponential) and the filtered ones (LoG, Wavelet, Gradient, LBP2D,
// LBP3D), each computed like PyRadiomics on every voxel of the
// pre-processed image.

#include "radiomics/pyradiomics/FilterGrid.h"
#include "radiomics/pyradiomics/Parameters.h"
#include "radiomics/pyradiomics/Preprocessing.h"

#include <string>
#include <vector>

namespace rgw::radiomics::pyradiomics {

/// Every image type of PyRadiomics as the `imageType:` section names them, in
/// the order their features are written (PyRadiomics' documentation order):
/// Original, LoG, Wavelet, Square, SquareRoot, Logarithm, Exponential,
/// Gradient, LBP2D, LBP3D.
const std::vector<std::string>& computedImageTypes();

/// The prefix of a one-image type's feature names: "original", "square",
/// "squareroot", "logarithm", "exponential", "gradient", "lbp-2D". Throws for
/// LoG, Wavelet and LBP3D, whose images carry their own names.
std::string featurePrefix(const std::string& imageType);

/// The closed-formula derived image of `image` (every voxel; M = max |x|):
///  - Square:      (x / √M)²
///  - SquareRoot:  √(M x) for x > 0, −√(−M x) for x < 0, 0 for 0
///  - Logarithm:   y = ln(x + 1) for x > 0, −ln(1 − x) for x < 0, 0 for 0,
///                 then y · M / max |y|
///  - Exponential: exp(c x) with c = ln(M) / M
///  - Original:    the image itself.
/// Throws rgw::Error when M = 0 (every formula divides by it) or the type is
/// not one of these.
std::vector<double> derivedImage(const std::string& imageType, const std::vector<double>& image);

/// The images one image type yields from the pre-processed image, in
/// PyRadiomics' order, each named by its features' prefix
/// ("log-sigma-1-0-mm-3D", "wavelet-LLH", …). `roi` is the pre-processed
/// image on its grid with the mask PyRadiomics hands the filters (the
/// re-segmented one); `pixelType` is how SimpleITK holds it
/// (Prepared::pixelType): its dtype decides the precision of PyWavelets and
/// ITK, its axes whether the filters work in 2D.
/// What PyRadiomics skips with a logged warning (a LoG σ too large for the
/// image) is skipped here with the warning appended to `warnings`. Each image
/// goes to `sink` as it is made (Wavelet's one at a time, the others' at the
/// end of their filter), so the caller can crop it before the next one.
void forEachImageOfType(const std::string& imageType, const Roi& roi, const PixelType& pixelType,
                        const Settings& settings, std::vector<std::string>& warnings,
                        const DerivedImageSink& sink);

} // namespace rgw::radiomics::pyradiomics
