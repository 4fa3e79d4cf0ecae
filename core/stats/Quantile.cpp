#include "stats/Quantile.h"

#include "util/Error.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace rgw::stats {

double quantileType7(const std::vector<double>& sorted, double p) {
    if (sorted.empty())
        throw Error("quantile of no values");
    if (!(p >= 0.0 && p <= 1.0))
        throw Error("quantile probability " + std::to_string(p) + " is outside [0, 1]");
    const double h = p * static_cast<double>(sorted.size() - 1);
    const auto lower = static_cast<std::size_t>(std::floor(h));
    const std::size_t upper = std::min(lower + 1, sorted.size() - 1);
    const double fraction = h - static_cast<double>(lower);
    if (fraction <= 0.0 || sorted[upper] == sorted[lower])
        return sorted[lower];
    return (1.0 - fraction) * sorted[lower] + fraction * sorted[upper]; // as R writes it
}

std::vector<double> sortedNonMissing(const std::vector<double>& values) {
    std::vector<double> out;
    out.reserve(values.size());
    for (double v : values)
        if (!std::isnan(v))
            out.push_back(v);
    std::sort(out.begin(), out.end());
    return out;
}

} // namespace rgw::stats
