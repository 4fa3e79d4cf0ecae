#pragma once

// How the study and patient reports write numbers: one helper per kind of
// number, so a table, a caption and an annotation that show the same value
// show the same text. The results page of the GUI (ui/models/ModelCharts'
// metricText / pValueText) writes the same kinds of number and could use
// these.

#include <cstddef>
#include <string>

namespace rgw::report {

/// A metric (AUC, C-index, Brier, coefficient, ...) with 3 decimals
/// ("0.812", "-1.250"); "n/a" when not finite.
std::string metricText(double value);

/// A p- or q-value: 3 decimals, "< 0.001" below 0.001; "n/a" when not finite.
std::string pValueText(double p);

/// A 95 % interval "lower–upper" of two metrics ("0.72–0.90" at 3 decimals).
std::string intervalText(double lower, double upper);

/// "value (95 % CI lower–upper)".
std::string withInterval(double value, double lower, double upper);

/// "mean ± sd" of two metrics.
std::string meanSdText(double mean, double sd);

/// A count as a plain decimal integer ("1234").
std::string countText(std::size_t count);

} // namespace rgw::report
