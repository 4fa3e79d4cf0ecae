#pragma once

// PyRadiomics' derived images with closed formulas (imageoperations:
// getSquareImage, getSquareRootImage, getLogarithmImage, getExponentialImage),
// computed like PyRadiomics on every voxel of the pre-processed image.

#include <string>
#include <vector>

namespace rgw::radiomics::pyradiomics {

/// The image types this mode computes, as the `imageType:` section names
/// them, in the order their features are written: Original, Square,
/// SquareRoot, Logarithm, Exponential.
const std::vector<std::string>& computedImageTypes();

/// PyRadiomics' other image types (LoG, Wavelet, Gradient, LBP2D, LBP3D),
/// which this mode refuses by name.
const std::vector<std::string>& otherPyRadiomicsImageTypes();

/// The prefix of the type's feature names: "original", "square",
/// "squareroot", "logarithm", "exponential".
std::string featurePrefix(const std::string& imageType);

/// The derived image of `image` (every voxel; M = max |x| over them):
///  - Square:      (x / √M)²
///  - SquareRoot:  √(M x) for x > 0, −√(−M x) for x < 0, 0 for 0
///  - Logarithm:   y = ln(x + 1) for x > 0, −ln(1 − x) for x < 0, 0 for 0,
///                 then y · M / max |y|
///  - Exponential: exp(c x) with c = ln(M) / M
///  - Original:    the image itself.
/// Throws rgw::Error when M = 0 (every formula divides by it) or the type is
/// not computed here.
std::vector<double> derivedImage(const std::string& imageType, const std::vector<double>& image);

} // namespace rgw::radiomics::pyradiomics
