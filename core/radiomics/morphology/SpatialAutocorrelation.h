#pragma once

#include "image/Image.h"

#include <optional>

namespace rgw::radiomics::morphology {

struct SpatialAutocorrelation {
    double moransI = 0.0; ///< IBSI N365
    double gearysC = 0.0; ///< IBSI NPT7
};

/// Moran's I and Geary's C over all pairs of intensity-mask voxels with
/// inverse Euclidean distance weights (mm), computed exactly without the
/// O(N^2) pair loop: every pair sum is sum_delta w(delta) C(delta) over
/// displacements, where C is an autocorrelation of grids over the ROI
/// bounding box; by Parseval that sum is taken in the Fourier domain. Three
/// real-to-complex 3D FFTs (indicator, centred intensity and its square, on
/// the box zero-padded to 2x its size) plus the kernel's spectrum, which is
/// real and even and so a separable cosine transform of one octant (matrix
/// products). The 3D spectra are never stored: each field is kept
/// x-transformed over the ROI box only, two fields and a quarter of the x
/// frequencies at a time, and its y and z transforms are taken and summed one
/// x frequency at a time in a small scratch. Double precision throughout.
/// Empty when fewer than two voxels or when all intensities are equal (both
/// measures are 0/0 then).
std::optional<SpatialAutocorrelation> spatialAutocorrelation(const Volume& image,
                                                             const Mask& intensityMask);

} // namespace rgw::radiomics::morphology
