#pragma once

#include "filters/Field.h"
#include "filters/FilterContext.h"

namespace rgw::filters {

/// Laplacian of Gaussian (IBSI-2 "LoG"), scale σ in mm, kernel truncated at
/// truncation·σ (rounded to whole voxels) from its centre along each axis.
struct LaplacianOfGaussianFilter {
    double sigmaMm = 1.0;
    double truncation = 4.0;
};

/// h(x) = −1/σ² · (1/(√(2π)σ))^d · (d − |x|²/σ²) · exp(−|x|²/(2σ²)), x and σ in
/// voxels (σ_a = σ/spacing_a), as Σ_a g''_a(x_a) Π_{b≠a} g_b(x_b): d separable passes.
Field apply(const LaplacianOfGaussianFilter& filter, const Field& image,
            const FilterContext& context);

} // namespace rgw::filters
