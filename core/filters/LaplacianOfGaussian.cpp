#include "filters/LaplacianOfGaussian.h"

#include "filters/Convolution.h"
#include "util/Error.h"

#include <cmath>
#include <numbers>
#include <string>
#include <utility>

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
    // Σ_a g''_a Π_{b≠a} g_b shares its passes: going through the axes from
    // the last, `smooth` is the image convolved with g along the axes done so
    // far and `laplacian` the sum of the terms with one g'' among them, so
    // laplacian' = g * laplacian + g'' * smooth and smooth' = g * smooth.
    // 3·axes − 2 passes over the field: 7 in 3D instead of 9 (4 in 2D either
    // way), into three buffers reused from axis to axis.
    const Boundary b = context.boundary;
    const int last = axes - 1;
    Field smooth, laplacian, spare;
    convolveAxisInto(image, last, pairs[static_cast<std::size_t>(last)].second, b, laplacian,
                     false);
    if (last > 0)
        convolveAxisInto(image, last, pairs[static_cast<std::size_t>(last)].g, b, smooth, false);
    for (int a = last - 1; a >= 0; --a) {
        throwIfCancelled(context.cancel);
        const auto& p = pairs[static_cast<std::size_t>(a)];
        convolveAxisInto(laplacian, a, p.g, b, spare, false);
        convolveAxisInto(smooth, a, p.second, b, spare, true);
        std::swap(laplacian, spare); // `spare` now holds the previous laplacian, no longer needed
        if (a > 0) {
            convolveAxisInto(smooth, a, p.g, b, spare, false);
            std::swap(smooth, spare);
        }
    }
    return laplacian;
}

} // namespace rgw::filters
