#pragma once

#include "filters/FourierTransform.h"
#include "filters/Simoncelli.h"

#include <array>
#include <optional>

namespace rgw::filters {

/// Order l = (l1, l2, l3) of the IBSI-2 generalised Riesz transform, l_a along
/// voxel axis a (i, j, k); |l| = l1 + l2 + l3 ≥ 1 (l3 = 0 for 2D filters).
struct RieszOrder {
    std::array<int, 3> l{1, 0, 0};
};

/// R^l(ν) = (−i)^|l| · sqrt(|l|! / (l1! l2! l3!)) · ν1^l1 ν2^l2 ν3^l3 / ‖ν‖^|l|, 0 at ν = 0.
Complex rieszTransfer(const std::array<double, 3>& nu, const RieszOrder& order);

/// Steering of a Riesz filter to the local orientation (IBSI-2 "aligned" Riesz,
/// filters/RieszSteering.h): the order l is taken in a frame whose first axis e1 is
/// the principal eigenvector of the structure tensor J = G_σ ∗ (∇g ∇gᵀ), ∇g the
/// first-order Riesz components of the base response g and G_σ a sampled Gaussian
/// window of σ mm truncated at 4σ; e1 points where the first-order response is
/// non-negative. In 2D the frame is (e1, e1 turned +90° in the i-j plane); in 3D only
/// e1 is determined (the other two eigenvectors have no sign, and no order when an
/// oriented structure is axially symmetric), so a 3D order must be (N, 0, 0).
/// Directions are in voxel units, as the Riesz transfer's frequencies.
struct StructureTensorAlignment {
    double sigmaMm = 1.0;
};

/// IBSI-2 Riesz-transformed Laplacian of Gaussian, σ in mm, kernel truncated at
/// truncation·σ voxels from its centre along each axis (as the spatial LoG).
struct RieszLogSpec {
    double sigmaMm = 1.0;
    double truncation = 4.0;
    RieszOrder order;
    FourierPadding padding = FourierPadding::Zero;
    FilterRank rank = FilterRank::Volume3D;
    std::optional<StructureTensorAlignment> alignment{}; ///< steered when set
};

/// Re(R^l · LoG) applied to the image extended by the padding; the LoG kernel is
/// h(x) = Σ_a g''_a(x_a) Π_{b≠a} g_b(x_b), g the sampled normalised Gaussian.
/// With an alignment, R^l is taken in the local frame at each voxel.
/// Throws rgw::Error for a non-positive σ or truncation, or an invalid order.
Volume rieszLogResponse(const Volume& image, const RieszLogSpec& spec);

/// Re(R^l · ψ_j) applied to the image (IBSI-2 Riesz-transformed Simoncelli), both
/// sampled as the Simoncelli map is (FrequencySampling::Endpoints); steered to the
/// local frame when `alignment` is set.
Volume rieszSimoncelliResponse(const Volume& image, const SimoncelliSpec& simoncelli,
                               const RieszOrder& order,
                               const std::optional<StructureTensorAlignment>& alignment = {});

} // namespace rgw::filters
