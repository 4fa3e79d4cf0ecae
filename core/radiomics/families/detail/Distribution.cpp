#include "radiomics/families/detail/Distribution.h"

#include <algorithm>
#include <cmath>

namespace rgw::radiomics::families::detail {

double percentile(const std::vector<double>& sorted, double p) {
    const double pos = p * static_cast<double>(sorted.size() - 1);
    const auto lower = static_cast<std::size_t>(std::floor(pos));
    const std::size_t upper = std::min(lower + 1, sorted.size() - 1);
    const double frac = pos - static_cast<double>(lower);
    return sorted[lower] + frac * (sorted[upper] - sorted[lower]);
}

Distribution describe(const std::vector<double>& sorted) {
    Distribution d;
    const auto n = static_cast<double>(sorted.size());
    double sum = 0.0;
    for (double x : sorted) {
        sum += x;
        d.energy += x * x;
    }
    d.mean = sum / n;
    double m2 = 0, m3 = 0, m4 = 0, mad = 0;
    for (double x : sorted) {
        const double e = x - d.mean;
        const double e2 = e * e;
        m2 += e2;
        m3 += e2 * e;
        m4 += e2 * e2;
        mad += std::abs(e);
    }
    m2 /= n;
    m3 /= n;
    m4 /= n;
    d.variance = m2;
    // A constant ROI has no spread: skewness and kurtosis are 0 by IBSI convention.
    d.skewness = m2 > 0 ? m3 / std::pow(m2, 1.5) : 0.0;
    d.kurtosis = m2 > 0 ? m4 / (m2 * m2) - 3.0 : 0.0;
    d.meanAbsoluteDeviation = mad / n;

    d.minimum = sorted.front();
    d.maximum = sorted.back();
    d.median = percentile(sorted, 0.5);
    d.p10 = percentile(sorted, 0.10);
    d.p25 = percentile(sorted, 0.25);
    d.p75 = percentile(sorted, 0.75);
    d.p90 = percentile(sorted, 0.90);

    double medad = 0;
    for (double x : sorted)
        medad += std::abs(x - d.median);
    d.medianAbsoluteDeviation = medad / n;

    // Robust MAD over the voxels with P10 ≤ X ≤ P90 (a contiguous run of the sorted values).
    const auto first = std::lower_bound(sorted.begin(), sorted.end(), d.p10);
    const auto last = std::upper_bound(sorted.begin(), sorted.end(), d.p90);
    if (first < last) {
        double s = 0;
        for (auto it = first; it != last; ++it)
            s += *it;
        const auto m = static_cast<double>(last - first);
        const double mu = s / m;
        double r = 0;
        for (auto it = first; it != last; ++it)
            r += std::abs(*it - mu);
        d.robustMeanAbsoluteDeviation = r / m;
    }
    return d;
}

} // namespace rgw::radiomics::families::detail
