#pragma once

#include "filters/Field.h"
#include "filters/FilterContext.h"

#include <numbers>

namespace rgw::filters {

/// Gabor filter (IBSI-2 "Gabor"): a 2D in-plane kernel, response modulus. In a
/// 2D context it acts in the axial planes (i, j); in a 3D context the responses
/// in the three orthogonal planes are pooled as well.
struct GaborFilter {
    double sigmaMm = 1.0;  ///< σ, width of the Gaussian envelope
    double lambdaMm = 1.0; ///< λ, wavelength of the complex exponential
    double gamma = 1.0;    ///< γ, spatial aspect ratio of the envelope
    double theta = 0.0;    ///< θ (rad), orientation; first of the pooled orientations
    bool rotationInvariant = false;
    double deltaTheta = std::numbers::pi / 4; ///< Δθ (rad) between pooled orientations
    Pooling pooling = Pooling::Average;
    /// Kernel half-width, in units of the envelope's widest σ·max(1, 1/γ).
    double truncation = 4.0;
};

/// h(x, y) = exp(−(x̃² + γ²ỹ²)/(2σ²)) · exp(i·2πx̃/λ), x̃ = x cos θ + y sin θ,
/// ỹ = −x sin θ + y cos θ (x along the plane's first axis, in mm); response
/// |h ∗ image|, pooled over θ = θ₀ + kΔθ ∈ [θ₀, θ₀ + 2π) when rotation-invariant.
Field apply(const GaborFilter& filter, const Field& image, const FilterContext& context);

} // namespace rgw::filters
