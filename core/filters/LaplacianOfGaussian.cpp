#include "filters/LaplacianOfGaussian.h"

#include "filters/Convolution.h"
#include "util/Error.h"

#include <cmath>
#include <numbers>
#include <string>

namespace rgw::filters {
namespace {

/// The sampled Gaussian g(o) = exp(−o²/(2σ²))/(√(2π)σ) and its second
/// derivative g''(o) = g(o)·(o²/σ⁴ − 1/σ²), |o| ≤ half.
struct GaussianPair {
    Kernel1D g;
    Kernel1D second;
};

GaussianPair gaussianPair(double sigma, int half) {
    std::vector<double> g;
    std::vector<double> second;
    for (int o = -half; o <= half; ++o) {
        const double x2 = static_cast<double>(o) * o;
        const double value =
            std::exp(-x2 / (2.0 * sigma * sigma)) / (std::sqrt(2.0 * std::numbers::pi) * sigma);
        g.push_back(value);
        second.push_back(value * (x2 / std::pow(sigma, 4) - 1.0 / (sigma * sigma)));
    }
    return {Kernel1D::centred(std::move(g)), Kernel1D::centred(std::move(second))};
}

} // namespace

Field apply(const LaplacianOfGaussianFilter& filter, const Field& image,
            const FilterContext& context) {
    if (!(filter.sigmaMm > 0.0) || !std::isfinite(filter.sigmaMm))
        throw Error("LoG filter: sigma must be a positive number of mm, got " +
                    std::to_string(filter.sigmaMm));
    if (!(filter.truncation > 0.0) || !std::isfinite(filter.truncation))
        throw Error("LoG filter: truncation must be a positive multiple of sigma, got " +
                    std::to_string(filter.truncation));
    const int axes = context.axisCount();
    std::array<GaussianPair, 3> pairs;
    for (int a = 0; a < axes; ++a) {
        const double sigma = filter.sigmaMm / context.spacing[static_cast<std::size_t>(a)];
        const int half = static_cast<int>(std::floor(filter.truncation * sigma + 0.5));
        pairs[static_cast<std::size_t>(a)] = gaussianPair(sigma, half);
    }
    Field sum(image.size, 0.0);
    for (int derivative = 0; derivative < axes; ++derivative) {
        SeparableKernel kernel;
        for (int a = 0; a < axes; ++a) {
            const auto& p = pairs[static_cast<std::size_t>(a)];
            kernel.axes[static_cast<std::size_t>(a)] = a == derivative ? p.second : p.g;
        }
        const Field term = convolveSeparable(image, kernel, context.boundary);
        for (std::size_t v = 0; v < sum.values.size(); ++v)
            sum.values[v] += term.values[v];
    }
    return sum;
}

} // namespace rgw::filters
