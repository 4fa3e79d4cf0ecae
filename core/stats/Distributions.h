#pragma once

// The reference distributions of the workstation's tests and intervals, in
// one place (Boost.Math special functions, accurate in the far tails where
// 1 - cdf would lose every digit).

namespace rgw::stats {

/// Standard normal Φ(z).
double normalCdf(double z);
/// 1 - Φ(z), computed without cancellation.
double normalUpperTail(double z);
/// Φ⁻¹(p) for 0 < p < 1 (1.959963984540054 for p = 0.975).
double normalQuantile(double p);
/// Two-sided p-value of a standard normal statistic: 2 (1 - Φ(|z|)).
double normalTwoSidedP(double z);
/// Upper tail P(X ≥ x) of a χ² distribution with `df` > 0 degrees of freedom.
double chiSquaredUpperTail(double x, double df);
/// Two-sided p-value of a Student t statistic with `df` > 0 degrees of freedom.
double studentTwoSidedP(double t, double df);
/// studentTwoSidedP computed in double precision throughout (Boost's
/// promote_double<false> instead of long double internally): about five
/// times faster and within ~1e-13 relative of it, for maps with millions of
/// tests (association::correlationMap). Below 1e-280, where the double-only
/// evaluation would underflow early, it is studentTwoSidedP.
double studentTwoSidedPDouble(double t, double df);
/// The Student t quantile for probability p with `df` degrees of freedom.
double studentQuantile(double p, double df);

} // namespace rgw::stats
