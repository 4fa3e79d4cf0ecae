#pragma once

#include <vector>

namespace rgw::radiomics::families::detail {

/// p-th percentile (p in [0, 1]) of sorted values, interpolating linearly
/// between order statistics at position p·(n − 1) (the usual numpy/R-7 rule).
double percentile(const std::vector<double>& sorted, double p);

/// The statistics the intensity-statistics and intensity-histogram families
/// share (IBSI 03 definitions; σ² and moments are population moments).
struct Distribution {
    double mean = 0, variance = 0, skewness = 0, kurtosis = 0; // kurtosis is excess
    double median = 0, minimum = 0, p10 = 0, p25 = 0, p75 = 0, p90 = 0, maximum = 0;
    double meanAbsoluteDeviation = 0;       ///< mean |X − μ|
    double robustMeanAbsoluteDeviation = 0; ///< mean |X − μ₁₀₋₉₀| over P10 ≤ X ≤ P90
    double medianAbsoluteDeviation = 0;     ///< mean |X − median|
    double energy = 0;                      ///< Σ X²
};

/// `sorted` must be non-empty and ascending.
Distribution describe(const std::vector<double>& sorted);

} // namespace rgw::radiomics::families::detail
