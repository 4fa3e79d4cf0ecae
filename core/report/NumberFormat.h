#pragma once

// How the study and patient reports write numbers: one helper per kind of
// number, so a table, a caption and an annotation that show the same value
// show the same text, and every part of a report reads alike: metrics at 3
// decimals, descriptive statistics at 3 significant digits, p-values as
// journals print them, "NA" for a missing value. The results page of the GUI
// (ui/models/ModelCharts' metricText / pValueText) writes the same kinds of number and could use
// these.

#include <cstddef>
#include <string>

namespace rgw::report {

/// A metric (AUC, C-index, Brier, coefficient, ...) with 3 decimals
/// ("0.812", "-1.250"); "NA" when not finite (missing is never a number).
std::string metricText(double value);

/// A p- or q-value as journals print it: "< 0.001" below 0.001, else two
/// significant digits ("0.043", "0.12", "0.60"); "1.0" from 0.995; "NA" for NaN.
std::string formatP(double p);
/// `value` rounded to `significant` significant digits (whole numbers keep
/// every digit), trailing zeros dropped, no exponent between 1e-4 and 1e9;
/// "NA" for NaN. E.g. formatNumber(63.456, 3) = "63.5", formatNumber(0.5) =
/// "0.5", formatNumber(1200.0, 3) = "1200".
std::string formatNumber(double value, int significant = 3);
/// "n (pct %)" with the percentage to one decimal; "n" alone when the
/// denominator is 0.
std::string countPercent(std::size_t n, std::size_t denominator);

/// A 95 % interval "lower–upper" of two metrics ("0.72–0.90" at 3 decimals).
std::string intervalText(double lower, double upper);

/// "value (95 % CI lower–upper)".
std::string withInterval(double value, double lower, double upper);

/// "mean ± sd" of two metrics.
std::string meanSdText(double mean, double sd);

/// A count as a plain decimal integer ("1234").
std::string countText(std::size_t count);

} // namespace rgw::report
