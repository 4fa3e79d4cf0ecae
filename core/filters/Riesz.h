#pragma once

#include "filters/FourierTransform.h"
#include "filters/Simoncelli.h"

#include <array>

namespace rgw::filters {

/// Order l = (l1, l2, l3) of the IBSI-2 generalised Riesz transform, l_a along
/// voxel axis a (i, j, k); |l| = l1 + l2 + l3 ≥ 1 (l3 = 0 for 2D filters).
struct RieszOrder {
    std::array<int, 3> l{1, 0, 0};
};

/// R^l(ν) = (−i)^|l| · sqrt(|l|! / (l1! l2! l3!)) · ν1^l1 ν2^l2 ν3^l3 / ‖ν‖^|l|, 0 at ν = 0.
Complex rieszTransfer(const std::array<double, 3>& nu, const RieszOrder& order);

/// IBSI-2 Riesz-transformed Laplacian of Gaussian, σ in mm, kernel truncated at
/// truncation·σ voxels from its centre along each axis (as the spatial LoG).
struct RieszLogSpec {
    double sigmaMm = 1.0;
    double truncation = 4.0;
    RieszOrder order;
    FourierPadding padding = FourierPadding::Zero;
    FilterRank rank = FilterRank::Volume3D;
};

/// Re(R^l · LoG) applied to the image extended by the padding; the LoG kernel is
/// h(x) = Σ_a g''_a(x_a) Π_{b≠a} g_b(x_b), g the sampled normalised Gaussian.
/// Throws rgw::Error for a non-positive σ or truncation, or an invalid order.
Volume rieszLogResponse(const Volume& image, const RieszLogSpec& spec);

/// Re(R^l · ψ_j) applied to the image (IBSI-2 Riesz-transformed Simoncelli), both
/// sampled as the Simoncelli map is (FrequencySampling::Endpoints).
Volume rieszSimoncelliResponse(const Volume& image, const SimoncelliSpec& simoncelli,
                               const RieszOrder& order);

} // namespace rgw::filters
