#include "stats/BoxStatistics.h"

#include "util/Error.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace rgw::stats {

namespace {

std::vector<double> presentSorted(const std::vector<double>& values) {
    std::vector<double> x;
    x.reserve(values.size());
    for (const double v : values) {
        if (std::isnan(v))
            continue;
        if (!std::isfinite(v))
            throw Error("box plot: a value is infinite");
        x.push_back(v);
    }
    if (x.empty())
        throw Error("box plot: no value is present");
    std::sort(x.begin(), x.end());
    return x;
}

/// fivenum of sorted values: depths 1, n4, (n+1)/2, n+1-n4, n (1-based),
/// each the mean of the values at the depth's floor and ceiling.
std::vector<double> fiveOfSorted(const std::vector<double>& x) {
    const double n = static_cast<double>(x.size());
    const double n4 = std::floor((n + 3) / 2) / 2;
    const double depths[5] = {1, n4, (n + 1) / 2, n + 1 - n4, n};
    std::vector<double> out;
    for (const double d : depths) {
        const auto lo = static_cast<std::size_t>(std::floor(d)) - 1;
        const auto hi = static_cast<std::size_t>(std::ceil(d)) - 1;
        out.push_back(0.5 * (x[lo] + x[hi]));
    }
    return out;
}

} // namespace

std::vector<double> fiveNumbers(const std::vector<double>& values) {
    return fiveOfSorted(presentSorted(values));
}

BoxStatistics boxStatistics(const std::vector<double>& values, double coef) {
    if (!(coef > 0) || !std::isfinite(coef))
        throw Error("box plot: the whisker coefficient must be a positive number");
    const std::vector<double> x = presentSorted(values);
    const std::vector<double> five = fiveOfSorted(x);
    BoxStatistics box;
    box.n = x.size();
    box.lowerHinge = five[1];
    box.median = five[2];
    box.upperHinge = five[3];
    const double reach = coef * (five[3] - five[1]);
    const double low = five[1] - reach, high = five[3] + reach;
    box.lowerWhisker = box.upperWhisker = std::numeric_limits<double>::quiet_NaN();
    bool first = true;
    for (const double v : x)
        if (v >= low && v <= high) {
            if (first)
                box.lowerWhisker = v;
            box.upperWhisker = v;
            first = false;
        }
    for (const double v : values)
        if (!std::isnan(v) && (v < low || v > high))
            box.outliers.push_back(v);
    return box;
}

} // namespace rgw::stats
