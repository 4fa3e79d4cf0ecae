#pragma once

// How the report writes numbers: fixed rules so that the methods, cohort and
// results parts read alike and tests can predict the text.

#include <cstddef>
#include <string>

namespace rgw::report {

/// `value` rounded to `significant` significant digits (whole numbers keep
/// every digit), trailing zeros dropped, no exponent between 1e-4 and 1e9;
/// "NA" for NaN. E.g. formatNumber(63.456, 3) = "63.5", formatNumber(0.5) =
/// "0.5", formatNumber(1200.0, 3) = "1200".
std::string formatNumber(double value, int significant = 3);

/// A p-value as journals print it: "< 0.001" below 0.001, else two
/// significant digits ("0.043", "0.12", "0.60"); "1.0" for 1; "NA" for NaN.
std::string formatP(double p);

/// "n (pct %)" with the percentage to one decimal; "n" alone when the
/// denominator is 0.
std::string countPercent(std::size_t n, std::size_t denominator);

} // namespace rgw::report
