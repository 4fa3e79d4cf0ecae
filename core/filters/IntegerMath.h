#pragma once

// Small exact-order helpers of the Riesz filters' polynomials (orders 0..8).

namespace rgw::filters {

/// n! as a double (n ≤ 170).
inline double factorial(int n) {
    double f = 1.0;
    for (int m = 2; m <= n; ++m)
        f *= m;
    return f;
}

/// x^n for n ≥ 0 by repeated multiplication (std::pow is much slower and the
/// Riesz transfer evaluates it for every bin and component).
inline double integerPower(double x, int n) {
    double p = 1.0;
    for (int m = 0; m < n; ++m)
        p *= x;
    return p;
}

} // namespace rgw::filters
