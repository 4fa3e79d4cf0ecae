#pragma once

// The single entry of the IBSI-2 convolutional filters: a FilterSpec names one
// filter with its settings, where it acts (2D slices / 3D) and its boundary
// condition; applyFilter() returns the response map on the image's grid.

#include "filters/Boundary.h"
#include "filters/FilterContext.h"
#include "filters/Gabor.h"
#include "filters/LaplacianOfGaussian.h"
#include "filters/Laws.h"
#include "filters/Mean.h"
#include "filters/Riesz.h"
#include "filters/SeparableWavelet.h"
#include "image/Image.h"

#include <array>
#include <optional>
#include <string>
#include <variant>

namespace rgw::filters {

/// Simoncelli wavelet band (IBSI-2 "Simoncelli"), defined in the Fourier
/// domain (filters/Simoncelli.h): the band-pass map of decomposition `level`.
struct SimoncelliFilter {
    int level = 1; ///< 1 = the highest band
};

/// IBSI-2 Riesz-transformed filter (filters/Riesz.h): Re(R^l · base), the
/// generalised Riesz transform of order l applied to the response of a
/// Laplacian of Gaussian or a Simoncelli band, in the Fourier domain; with an
/// alignment, the order is taken in the local frame of the structure tensor.
struct RieszFilter {
    RieszOrder order;
    std::variant<LaplacianOfGaussianFilter, SimoncelliFilter> base;
    std::optional<StructureTensorAlignment> alignment{};
};

using FilterKind = std::variant<MeanFilter, LaplacianOfGaussianFilter, LawsFilter, GaborFilter,
                                SeparableWaveletFilter, SimoncelliFilter, RieszFilter>;

struct FilterSpec {
    FilterKind filter;
    FilterDimensions dimensions = FilterDimensions::Volume3D;
    Boundary boundary = Boundary::Mirror;
};

/// The response map of `image` (same grid; values in double precision
/// internally, stored as float). Throws rgw::Error on invalid settings, and
/// FilterCancelled when `cancel` is set while it runs (polled between passes
/// over the image: each axis, rotation, orientation and wavelet level; a
/// Fourier-domain filter before and after its transforms).
Volume applyFilter(const Volume& image, const FilterSpec& spec,
                   const CancelToken* cancel = nullptr);

/// A compact, stable name of the filter and every setting, for feature names
/// and provenance, e.g. "log_sigma1.5_trunc4_3D_mirror".
std::string describe(const FilterSpec& spec);

/// How far (mm) from a voxel the response there reads the image, on a grid of
/// `spacing` (mm along i, j, k): the kernel's half-width, cascaded (wavelet
/// levels) or added (Laws' energy window); infinite for the Fourier-domain
/// filters, whose response depends on the whole image. A crop that keeps
/// this much around the ROI gives the ROI the whole image's response.
double responseReachMm(const FilterSpec& spec, const std::array<double, 3>& spacing);

} // namespace rgw::filters
