#include "report/NumberFormat.h"

#include <cmath>
#include <cstdio>

namespace rgw::report {

std::string metricText(double value) {
    if (!std::isfinite(value))
        return "n/a";
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.3f", value);
    std::string text = buffer;
    if (text == "-0.000") // a tiny negative value is not "minus zero"
        text = "0.000";
    return text;
}

std::string pValueText(double p) {
    if (!std::isfinite(p))
        return "n/a";
    if (p < 0.001)
        return "< 0.001";
    return metricText(p);
}

std::string intervalText(double lower, double upper) {
    return metricText(lower) + "\u2013" + metricText(upper);
}

std::string withInterval(double value, double lower, double upper) {
    return metricText(value) + " (95 % CI " + intervalText(lower, upper) + ")";
}

std::string meanSdText(double mean, double sd) {
    return metricText(mean) + " \u00b1 " + metricText(sd);
}

std::string countText(std::size_t count) {
    return std::to_string(count);
}

} // namespace rgw::report
