#include "report/NumberFormat.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace rgw::report {

std::string metricText(double value) {
    if (!std::isfinite(value))
        return "NA";
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.3f", value);
    std::string text = buffer;
    if (text == "-0.000") // a tiny negative value is not "minus zero"
        text = "0.000";
    return text;
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

std::string formatNumber(double value, int significant) {
    if (std::isnan(value))
        return "NA";
    if (std::isinf(value))
        return value > 0 ? "inf" : "-inf";
    if (value == 0)
        return "0";
    char buffer[64];
    const double magnitude = std::fabs(value);
    if (magnitude < 1e-4 || magnitude >= 1e9) {
        std::snprintf(buffer, sizeof buffer, "%.*g", significant, value);
        return buffer;
    }
    const int exponent = static_cast<int>(std::floor(std::log10(magnitude)));
    const int decimals = std::max(0, significant - 1 - exponent);
    std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
    std::string text = buffer;
    // Trailing zeros after the point carry no information here.
    if (text.find('.') != std::string::npos) {
        while (text.back() == '0')
            text.pop_back();
        if (text.back() == '.')
            text.pop_back();
    }
    return text == "-0" ? "0" : text;
}

std::string formatP(double p) {
    if (std::isnan(p))
        return "NA";
    if (p < 0.001)
        return "< 0.001";
    if (p >= 0.995)
        return "1.0";
    char buffer[32];
    const int exponent = static_cast<int>(std::floor(std::log10(p)));
    const int decimals = std::max(2, 1 - exponent);
    std::snprintf(buffer, sizeof buffer, "%.*f", decimals, p);
    return buffer;
}

std::string countPercent(std::size_t n, std::size_t denominator) {
    if (denominator == 0)
        return std::to_string(n);
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%zu (%.1f %%)", n,
                  100.0 * static_cast<double>(n) / static_cast<double>(denominator));
    return buffer;
}

} // namespace rgw::report
