#pragma once

// The decomposition filters of PyWavelets' discrete wavelets (the ones
// PyRadiomics' Wavelet image type accepts), generated from pywt itself by
// tests/reference/pyradiomics_image_types/make_wavelet_filters.py.

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace rgw::radiomics::pyradiomics {

/// The precision pywt filters in: Single for float32 data,
/// Double for everything else.
enum class FilterPrecision { Double, Single };

/// A wavelet's analysis filter pair, taps in pywt's order (dec_lo, dec_hi).
struct DecompositionFilters {
    std::span<const double> lowPass;  ///< pywt.Wavelet(name).dec_lo
    std::span<const double> highPass; ///< pywt.Wavelet(name).dec_hi
};

/// pywt.wavelist(kind='discrete'), in that order: bior*, coif*, db*, dmey,
/// haar, rbio*, sym*.
const std::vector<std::string>& discreteWavelets();

/// The filters pywt convolves with for `wavelet` in `precision`; nullopt for
/// a name outside discreteWavelets(). Single: each tap rounded to float is a
/// tap of pywt's own single-precision bank, which is the double bank rounded
/// to float except for the coiflets (pywt scales their float table by √2 in
/// float); their taps are stored apart, each exactly a float.
std::optional<DecompositionFilters> decompositionFilters(std::string_view wavelet,
                                                         FilterPrecision precision);

} // namespace rgw::radiomics::pyradiomics
