#pragma once

#include "filters/FourierTransform.h"
#include "image/Image.h"

namespace rgw::filters {

/// IBSI-2 Simoncelli wavelet (non-separable, isotropic; defined in the Fourier
/// domain), band-pass map of decomposition level `level` (1 = highest band).
struct SimoncelliSpec {
    int level = 1;
    FourierPadding padding = FourierPadding::Periodic;
    FilterRank rank = FilterRank::Volume3D;
};

/// ψ_j(ν) = cos(π/2 · log2(2‖ν‖/ν_j)) for ν_j/4 ≤ ‖ν‖ ≤ ν_j, else 0, with
/// ν_j = ν_Nyquist / 2^(j−1) = 1/2^j cycles per voxel (IBSI-2 "Simoncelli").
double simoncelliTransfer(const std::array<double, 3>& nu, int level);

/// Throws rgw::Error naming the level unless 1 ≤ level ≤ 30.
void checkSimoncelliLevel(int level);

/// The level-j Simoncelli response map (real: ψ_j is real and even), ψ_j sampled
/// as the IBSI-2 reference maps are (FrequencySampling::Endpoints).
/// Throws rgw::Error for a level below 1.
Volume simoncelliResponse(const Volume& image, const SimoncelliSpec& spec);

} // namespace rgw::filters
