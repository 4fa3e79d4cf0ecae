#pragma once

#include "filters/Convolution.h"
#include "filters/Field.h"
#include "filters/FilterContext.h"

#include <string>

namespace rgw::filters {

enum class WaveletFamily { Haar, Daubechies2, Daubechies3, Coiflet1 };
/// PyWavelets' names: "haar", "db2", "db3", "coif1".
const char* toString(WaveletFamily family);
/// Parses those names (case-insensitive; "db1" is Haar); throws rgw::Error otherwise.
WaveletFamily parseWaveletFamily(const std::string& text);

/// The decomposition filters of a family, centred as Kernel1D::centred.
struct WaveletFilterPair {
    Kernel1D lowPass;  ///< dec_lo
    Kernel1D highPass; ///< dec_hi
};
WaveletFilterPair waveletFilters(WaveletFamily family);

/// Undecimated separable wavelet (IBSI-2 "separable wavelets"): subband names
/// one filter per axis in order i, j (, k): "LH" (2D), "LLH", "HHH" (3D).
struct SeparableWaveletFilter {
    WaveletFamily family = WaveletFamily::Haar;
    std::string subband = "LLH";
    int level = 1; ///< decomposition level ≥ 1
    bool rotationInvariant = false;
    Pooling pooling = Pooling::Average;
};

/// Level ℓ (à trous): response = (⊗_a f_a↑2^(ℓ−1)) ∗ (⊗ lo↑2^(ℓ−2)) ∗ … ∗ (⊗ lo) ∗ x,
/// f_a = lo or hi as the subband says, ↑m = m − 1 zeros between taps; pooled
/// over the right-angle rotations of the whole cascade when rotation-invariant.
Field apply(const SeparableWaveletFilter& filter, const Field& image, const FilterContext& context);

} // namespace rgw::filters
