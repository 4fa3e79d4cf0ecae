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

namespace {

/// The k-th (0-based) order statistic of the histogram.
double orderStatistic(std::span<const double> values, std::span<const double> counts, double k) {
    double below = 0.0;
    for (std::size_t b = 0; b < values.size(); ++b) {
        below += counts[b];
        if (k < below)
            return values[b];
    }
    return values.back();
}

/// percentile() of the sample the histogram stands for.
double histogramPercentile(std::span<const double> values, std::span<const double> counts, double n,
                           double p) {
    const double pos = p * (n - 1.0);
    const double lower = std::floor(pos);
    const double upper = std::min(lower + 1.0, n - 1.0);
    const double frac = pos - lower;
    const double xl = orderStatistic(values, counts, lower);
    const double xu = orderStatistic(values, counts, upper);
    return xl + frac * (xu - xl);
}

} // namespace

Distribution describe(std::span<const double> values, std::span<const double> counts) {
    Distribution d;
    double n = 0.0, sum = 0.0;
    for (std::size_t b = 0; b < values.size(); ++b) {
        n += counts[b];
        sum += counts[b] * values[b];
        d.energy += counts[b] * values[b] * values[b];
    }
    d.count = n;
    d.mean = sum / n;
    double m2 = 0, m3 = 0, m4 = 0, mad = 0;
    for (std::size_t b = 0; b < values.size(); ++b) {
        const double e = values[b] - d.mean;
        const double e2 = e * e;
        m2 += counts[b] * e2;
        m3 += counts[b] * e2 * e;
        m4 += counts[b] * e2 * e2;
        mad += counts[b] * std::abs(e);
    }
    m2 /= n;
    m3 /= n;
    m4 /= n;
    d.variance = m2;
    // A constant ROI has no spread: skewness and kurtosis are 0 by IBSI convention.
    d.skewness = m2 > 0 ? m3 / std::pow(m2, 1.5) : 0.0;
    d.kurtosis = m2 > 0 ? m4 / (m2 * m2) - 3.0 : 0.0;
    d.meanAbsoluteDeviation = mad / n;

    d.minimum = values.front();
    d.maximum = values.back();
    d.median = histogramPercentile(values, counts, n, 0.5);
    d.p10 = histogramPercentile(values, counts, n, 0.10);
    d.p25 = histogramPercentile(values, counts, n, 0.25);
    d.p75 = histogramPercentile(values, counts, n, 0.75);
    d.p90 = histogramPercentile(values, counts, n, 0.90);

    double medad = 0;
    for (std::size_t b = 0; b < values.size(); ++b)
        medad += counts[b] * std::abs(values[b] - d.median);
    d.medianAbsoluteDeviation = medad / n;

    // Robust MAD over the voxels with P10 ≤ X ≤ P90 (a contiguous run of bins).
    double s = 0, m = 0;
    for (std::size_t b = 0; b < values.size(); ++b)
        if (values[b] >= d.p10 && values[b] <= d.p90) {
            s += counts[b] * values[b];
            m += counts[b];
        }
    if (m > 0) {
        const double mu = s / m;
        double r = 0;
        for (std::size_t b = 0; b < values.size(); ++b)
            if (values[b] >= d.p10 && values[b] <= d.p90)
                r += counts[b] * std::abs(values[b] - mu);
        d.robustMeanAbsoluteDeviation = r / m;
    }
    return d;
}

Distribution describe(const std::vector<double>& sorted) {
    std::vector<double> values, counts;
    for (double x : sorted) {
        if (values.empty() || values.back() != x) {
            values.push_back(x);
            counts.push_back(0.0);
        }
        counts.back() += 1.0;
    }
    return describe(values, counts);
}

} // namespace rgw::radiomics::families::detail
