#include "association/detail/RNumerics.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace rgw::association::detail {

double rMean(const double* x, std::size_t n) {
    long double sum = 0.0L;
    for (std::size_t k = 0; k < n; ++k)
        sum += x[k];
    const auto count = static_cast<long double>(n);
    long double mean = sum / count;
    if (std::isfinite(static_cast<double>(mean))) {
        long double residual = 0.0L;
        for (std::size_t k = 0; k < n; ++k)
            residual += x[k] - mean;
        mean += residual / count;
    }
    return static_cast<double>(mean);
}

double rMedian(std::vector<double> x) {
    if (x.empty())
        return std::numeric_limits<double>::quiet_NaN();
    const std::size_t half = x.size() / 2;
    std::nth_element(x.begin(), x.begin() + static_cast<std::ptrdiff_t>(half), x.end());
    const double upper = x[half];
    if (x.size() % 2 == 1)
        return upper;
    const double lower =
        *std::max_element(x.begin(), x.begin() + static_cast<std::ptrdiff_t>(half));
    const double middle[2] = {lower, upper};
    return rMean(middle, 2); // R: mean(sort(x, partial = half + 0:1)[half + 0:1])
}

namespace {

void centreOn(const double* x, std::size_t n, long double mean, Centred& out) {
    out.deviations.resize(n);
    long double squares = 0.0L;
    for (std::size_t k = 0; k < n; ++k) {
        const long double d = x[k] - mean;
        out.deviations[k] = d;
        squares += d * d;
    }
    out.sd = static_cast<double>(std::sqrt(squares / static_cast<long double>(n - 1)));
}

} // namespace

void centre(const double* x, std::size_t n, Centred& out) {
    centreOn(x, n, rMean(x, n), out); // R keeps the mean as a double
}

void centreRanks(const double* ranks, std::size_t n, Centred& out) {
    centreOn(ranks, n, 0.5L * static_cast<long double>(n + 1), out);
}

double rCorrelation(const Centred& x, const Centred& y) {
    if (x.sd == 0.0 || y.sd == 0.0)
        return std::numeric_limits<double>::quiet_NaN();
    const std::size_t n = x.deviations.size();
    long double sum = 0.0L;
    for (std::size_t k = 0; k < n; ++k)
        sum += x.deviations[k] * y.deviations[k];
    return correlationFromSum(sum, n, x.sd, y.sd);
}

double correlationFromSum(long double sum, std::size_t n, double sdX, double sdY) {
    double r = static_cast<double>(sum / static_cast<long double>(n - 1));
    r /= sdX * sdY;
    return std::clamp(r, -1.0, 1.0);
}

void midRanksOfSorted(const double* sortedValues, std::size_t n, double* ranks) {
    for (std::size_t start = 0; start < n;) {
        std::size_t end = start + 1;
        while (end < n && sortedValues[end] == sortedValues[start])
            ++end;
        // positions start..end-1 hold ranks start+1..end: their mean
        const double mid = 0.5 * static_cast<double>(start + 1 + end);
        for (std::size_t k = start; k < end; ++k)
            ranks[k] = mid;
        start = end;
    }
}

} // namespace rgw::association::detail
