#pragma once

// Koo & Li's reliability bands of an ICC (Koo TK, Li MY. A guideline of
// selecting and reporting intraclass correlation coefficients for reliability
// research. J Chiropr Med 2016;15:155–163): poor below 0.5, moderate 0.5 to
// 0.75, good 0.75 to 0.9, excellent above 0.9. A value on a boundary belongs
// to the band above it, except 0.9, which is still "good" ("> 0.9").

#include <array>
#include <cstddef>
#include <vector>

namespace rgw::ui {

enum class IccBand { Poor = 0, Moderate = 1, Good = 2, Excellent = 3 };

inline constexpr std::size_t kIccBands = 4;

IccBand iccBand(double icc);
const char* iccBandName(IccBand band); ///< "poor", "moderate", "good", "excellent"
/// The band's range as text, e.g. "0.5–0.75".
const char* iccBandRange(IccBand band);

/// How many of `iccs` fall in each band (indexed by IccBand); NaN is not counted.
std::array<std::size_t, kIccBands> iccBandCounts(const std::vector<double>& iccs);

} // namespace rgw::ui
