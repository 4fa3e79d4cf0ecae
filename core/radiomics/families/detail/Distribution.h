#pragma once

#include <span>
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
    double count = 0;                       ///< N
};

/// The statistics of a histogram: `values` ascending and distinct, value[b]
/// occurring counts[b] > 0 times. The one definition of these statistics:
/// the whole-ROI families and the sliding-kernel feature maps (whose kernels
/// keep a running histogram) both call it. Sums run over the bins in
/// ascending order, so equal histograms give bitwise equal statistics.
Distribution describe(std::span<const double> values, std::span<const double> counts);

/// `sorted` must be non-empty and ascending: describe() of its histogram.
Distribution describe(const std::vector<double>& sorted);

} // namespace rgw::radiomics::families::detail
