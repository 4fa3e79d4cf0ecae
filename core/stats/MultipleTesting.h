#pragma once

// Adjusted p-values for many tests at once (one per feature). A missing
// p-value (NaN) stays NaN and is not counted among the tests, as R's
// p.adjust counts n = sum(!is.na(p)).

#include <vector>

namespace rgw::stats {

/// Benjamini–Hochberg false discovery rate adjustment (Benjamini & Hochberg
/// 1995), as R p.adjust(p, "BH"): for the i-th smallest of m p-values,
/// min over k >= i of m p_(k) / k, capped at 1. Throws rgw::Error naming the
/// position of a value outside [0, 1] (NaN is allowed: missing).
std::vector<double> benjaminiHochberg(const std::vector<double>& p);

/// Bonferroni family-wise adjustment, as R p.adjust(p, "bonferroni"):
/// min(1, m p). Throws as benjaminiHochberg.
std::vector<double> bonferroni(const std::vector<double>& p);

} // namespace rgw::stats
