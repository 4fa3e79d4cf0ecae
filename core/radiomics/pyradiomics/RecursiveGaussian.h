#pragma once

// PyRadiomics' LoG image type (imageoperations.getLoGImage): SimpleITK's
// LaplacianRecursiveGaussianImageFilter with NormalizeAcrossScale on and sigma
// in mm, reproduced with ITK's arithmetic: Deriche's fourth-order recursive
// approximation of the Gaussian and of its second derivative, computed in
// double along each line and stored as float32 between passes (SimpleITK's
// output pixel type is float; ITK's internal images are float).

#include "radiomics/pyradiomics/FilterGrid.h"

#include <string>
#include <vector>

namespace rgw::radiomics::pyradiomics {

/// One entry of PyRadiomics' `sigma` setting.
struct LoGSigma {
    double value;     ///< mm
    std::string text; ///< Python's str() of the value as PyRadiomics got it ("1.0", "3", "0.5")
};

/// PyRadiomics' name of the LoG image: "log-sigma-" + text with '.' → '-' +
/// "-mm-3D" ("1.0" → "log-sigma-1-0-mm-3D").
std::string logImageName(const LoGSigma& sigma);

/// Why PyRadiomics skips `sigma` on `grid` (its logged warning), or "" when
/// it filters: sigma ≤ 0, or some size[d] < ⌈sigma / spacing[d]⌉ + 1.
std::string logSigmaSkipReason(const FilterGrid& grid, const LoGSigma& sigma);

/// σ² ∇²(G_σ * image) as ITK's LaplacianRecursiveGaussianImageFilter computes
/// it (normalised across scale, sigma in mm, every size ≥ 4): for each axis
/// d = x, y, z the second-derivative pass along d, then smoothing along the
/// other two axes in increasing order, added as Σ ← Σ + L_d / spacing[d]².
/// Values are float32 held in doubles. `scalar` is the input's numpy dtype.
/// Throws rgw::Error for a size < 4, a spacing ≤ 0, sigma ≤ 0, a grid/image
/// size mismatch or a dtype SimpleITK cannot hold.
std::vector<double> laplacianOfGaussian(const FilterGrid& grid, const std::vector<double>& image,
                                        const std::string& scalar, double sigmaMm);

/// PyRadiomics' LoG images, one per sigma it does not skip, in the settings'
/// order. Nothing when some size is < 4; each skipped sigma (and a too small
/// image) appends PyRadiomics' warning to `warnings`. Throws rgw::Error for a
/// grid/image size mismatch, a spacing ≤ 0 or an unknown dtype.
std::vector<DerivedImage> logImages(const FilterGrid& grid, const std::vector<double>& image,
                                    const std::string& scalar, const std::vector<LoGSigma>& sigmas,
                                    std::vector<std::string>* warnings = nullptr);

} // namespace rgw::radiomics::pyradiomics
