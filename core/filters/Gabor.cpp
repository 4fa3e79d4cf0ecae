#include "filters/Gabor.h"

#include "filters/Convolution.h"
#include "filters/Rotations.h"
#include "util/Error.h"

#include <cmath>
#include <complex>
#include <string>
#include <utility>
#include <vector>

namespace rgw::filters {
namespace {

void requirePositive(double value, const char* name) {
    if (!(value > 0.0) || !std::isfinite(value))
        throw Error(std::string("Gabor filter: ") + name + " must be a positive number, got " +
                    std::to_string(value));
}

/// The orientations to pool and how many of the requested ones each stands
/// for: the modulus at θ + π equals that at θ (the kernel is conjugated), so
/// orientations are grouped modulo π.
std::vector<std::pair<double, double>> orientations(const GaborFilter& f) {
    if (!f.rotationInvariant)
        return {{f.theta, 1.0}};
    const double turns = 2.0 * std::numbers::pi / f.deltaTheta;
    const long count = std::lround(turns);
    if (count < 1 || std::abs(turns - static_cast<double>(count)) > 1e-6)
        throw Error("Gabor filter: delta theta must divide 2π, got " +
                    std::to_string(f.deltaTheta));
    std::vector<std::pair<double, double>> out;
    for (long k = 0; k < count; ++k) {
        const double theta = f.theta + static_cast<double>(k) * f.deltaTheta;
        bool merged = false;
        for (auto& [t, weight] : out) {
            const double turnsApart = (theta - t) / std::numbers::pi;
            if (std::abs(turnsApart - std::round(turnsApart)) < 1e-9) {
                weight += 1.0;
                merged = true;
                break;
            }
        }
        if (!merged)
            out.emplace_back(theta, 1.0);
    }
    return out;
}

} // namespace

Field apply(const GaborFilter& filter, const Field& image, const FilterContext& context) {
    requirePositive(filter.sigmaMm, "sigma");
    requirePositive(filter.lambdaMm, "lambda");
    requirePositive(filter.gamma, "gamma");
    requirePositive(filter.truncation, "truncation");
    if (filter.rotationInvariant)
        requirePositive(filter.deltaTheta, "delta theta");
    const auto thetas = orientations(filter);

    // Planes as (normal axis, first in-plane axis u = x, second v = y).
    std::vector<std::array<int, 3>> planes = {{2, 0, 1}};
    if (context.dimensions == FilterDimensions::Volume3D) {
        planes.push_back({1, 0, 2});
        planes.push_back({0, 1, 2});
    }
    const double reach = filter.truncation * filter.sigmaMm * std::max(1.0, 1.0 / filter.gamma);
    PooledResponse pooled(filter.pooling);
    for (const auto& plane : planes) {
        const auto u = static_cast<std::size_t>(plane[1]);
        const auto v = static_cast<std::size_t>(plane[2]);
        std::array<std::int64_t, 3> half{0, 0, 0};
        half[u] = static_cast<std::int64_t>(std::floor(reach / context.spacing[u] + 0.5));
        half[v] = static_cast<std::int64_t>(std::floor(reach / context.spacing[v] + 0.5));
        const DenseConvolution convolution(image, half, context.boundary);
        for (const auto& [theta, weight] : thetas) {
            throwIfCancelled(context.cancel);
            const double c = std::cos(theta);
            const double s = std::sin(theta);
            DenseKernel kernel(half);
            std::array<std::int64_t, 3> o{0, 0, 0};
            for (o[v] = -half[v]; o[v] <= half[v]; ++o[v])
                for (o[u] = -half[u]; o[u] <= half[u]; ++o[u]) {
                    const double x = static_cast<double>(o[u]) * context.spacing[u];
                    const double y = static_cast<double>(o[v]) * context.spacing[v];
                    const double xr = x * c + y * s;
                    const double yr = -x * s + y * c;
                    const double envelope =
                        std::exp(-(xr * xr + filter.gamma * filter.gamma * yr * yr) /
                                 (2.0 * filter.sigmaMm * filter.sigmaMm));
                    kernel.at(o[0], o[1], o[2]) =
                        std::polar(envelope, 2.0 * std::numbers::pi * xr / filter.lambdaMm);
                }
            const auto response = convolution.apply(kernel);
            Field modulus(image.size);
            for (std::size_t i = 0; i < response.size(); ++i)
                modulus.values[i] = std::abs(response[i]);
            pooled.add(modulus, weight);
        }
    }
    return pooled.result();
}

} // namespace rgw::filters
