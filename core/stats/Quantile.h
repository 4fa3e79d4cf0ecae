#pragma once

// Sample quantiles as R's quantile(x, p, type = 7) (R's default): linear
// interpolation between the order statistics at h = (n − 1) p.

#include <vector>

namespace rgw::stats {

/// The type-7 quantile p (0 ≤ p ≤ 1) of `sorted`, which must be sorted
/// ascending and hold no NaN. Throws rgw::Error when it is empty or p is
/// outside [0, 1].
double quantileType7(const std::vector<double>& sorted, double p);

/// The non-missing (non-NaN) values of `values`, sorted ascending.
std::vector<double> sortedNonMissing(const std::vector<double>& values);

} // namespace rgw::stats
