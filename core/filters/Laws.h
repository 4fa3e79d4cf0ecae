#pragma once

#include "filters/Convolution.h"
#include "filters/Field.h"
#include "filters/FilterContext.h"

#include <optional>
#include <string>

namespace rgw::filters {

/// Laws' kernels (IBSI-2 "Laws kernels"): one 1D kernel per filtered axis,
/// named in axis order i, j (, k), e.g. "L5E5" (2D) or "E5L5S5" (3D).
struct LawsFilter {
    std::string kernels = "L5E5E5";
    bool rotationInvariant = false;
    Pooling pooling = Pooling::Max;
    /// Chebyshev distance δ of the texture energy map; none = the response map.
    std::optional<int> energyDistance;
};

/// The normalised 1D Laws kernel named `name` (L3, E3, S3, L5, E5, S5, W5, R5;
/// case-insensitive): the integer taps of Laws (1980) divided by their L2 norm.
/// Throws rgw::Error for an unknown name.
Kernel1D lawsKernel(const std::string& name);

/// Response = pool over rotations R of (⊗_a k_a ∘ R) ∗ x; energy map
/// E = (1/(2δ+1)^d) Σ_{‖o‖∞ ≤ δ} |response|[n − o].
Field apply(const LawsFilter& filter, const Field& image, const FilterContext& context);

} // namespace rgw::filters
