#include "filters/Riesz.h"

#include "util/Error.h"

#include <cmath>
#include <numbers>
#include <string>
#include <vector>

namespace rgw::filters {
namespace {

void checkOrder(const RieszOrder& order, FilterRank rank) {
    int total = 0;
    for (int l : order.l) {
        if (l < 0 || l > 8)
            throw Error("Riesz transform: each order must be 0 to 8, got " + std::to_string(l));
        total += l;
    }
    if (total < 1)
        throw Error("Riesz transform: the order (l1, l2, l3) must sum to at least 1");
    if (rank == FilterRank::Slice2D && order.l[2] != 0)
        throw Error("Riesz transform: a 2D (per slice) filter has no order along k, got l3 = " +
                    std::to_string(order.l[2]));
}

double factorial(int n) {
    double f = 1.0;
    for (int m = 2; m <= n; ++m)
        f *= m;
    return f;
}

/// The sampled Gaussian g(o) = exp(−o²/(2σ²))/(√(2π)σ) (second = false) or its
/// second derivative g(o)·(o²/σ⁴ − 1/σ²), o = −half..half voxels.
std::vector<double> gaussianTaps(double sigma, int half, bool second) {
    std::vector<double> taps;
    for (int o = -half; o <= half; ++o) {
        const double x2 = static_cast<double>(o) * o;
        const double g =
            std::exp(-x2 / (2.0 * sigma * sigma)) / (std::sqrt(2.0 * std::numbers::pi) * sigma);
        taps.push_back(second ? g * (x2 / std::pow(sigma, 4) - 1.0 / (sigma * sigma)) : g);
    }
    return taps;
}

/// The DFT of the LoG kernel centred at voxel 0 of a grid of `size` (wrapped; in
/// 2D, at voxel 0 of every k-slice).
RealSpectrum logKernelSpectrum(const std::array<std::int64_t, 3>& size, const RieszLogSpec& spec,
                               const Eigen::Vector3d& spacing) {
    const int axes = static_cast<int>(spec.rank);
    std::array<std::vector<double>, 3> g;
    std::array<std::vector<double>, 3> second;
    std::array<int, 3> half{0, 0, 0};
    for (int a = 0; a < 3; ++a) {
        const auto sa = static_cast<std::size_t>(a);
        if (a >= axes) {
            g[sa] = {1.0};
            second[sa] = {0.0};
            continue;
        }
        const double sigma = spec.sigmaMm / spacing[a];
        half[sa] = static_cast<int>(std::floor(spec.truncation * sigma + 0.5));
        g[sa] = gaussianTaps(sigma, half[sa], false);
        second[sa] = gaussianTaps(sigma, half[sa], true);
    }
    RealSpectrum kernel(size);
    auto wrap = [](std::int64_t o, std::int64_t n) { return ((o % n) + n) % n; };
    for (int z = -half[2]; z <= half[2]; ++z)
        for (int y = -half[1]; y <= half[1]; ++y)
            for (int x = -half[0]; x <= half[0]; ++x) {
                const std::array<std::size_t, 3> t{static_cast<std::size_t>(x + half[0]),
                                                   static_cast<std::size_t>(y + half[1]),
                                                   static_cast<std::size_t>(z + half[2])};
                double value = 0.0;
                for (int d = 0; d < axes; ++d) {
                    double term = 1.0;
                    for (std::size_t a = 0; a < 3; ++a)
                        term *= static_cast<int>(a) == d ? second[a][t[a]] : g[a][t[a]];
                    value += term;
                }
                kernel.voxel(wrap(x, size[0]), wrap(y, size[1]), wrap(z, size[2])) += value;
            }
    // A 2D filter transforms each k-slice on its own: every slice holds the kernel.
    if (axes == 2)
        for (std::int64_t k = 1; k < size[2]; ++k)
            for (std::int64_t j = 0; j < size[1]; ++j)
                for (std::int64_t i = 0; i < size[0]; ++i)
                    kernel.voxel(i, j, k) = kernel.voxel(i, j, 0);
    kernel.forward(axes);
    return kernel;
}

} // namespace

Complex rieszTransfer(const std::array<double, 3>& nu, const RieszOrder& order) {
    const double radius2 = nu[0] * nu[0] + nu[1] * nu[1] + nu[2] * nu[2];
    if (radius2 == 0.0)
        return 0.0;
    const int total = order.l[0] + order.l[1] + order.l[2];
    double value = std::sqrt(
        factorial(total) / (factorial(order.l[0]) * factorial(order.l[1]) * factorial(order.l[2])));
    for (std::size_t a = 0; a < 3; ++a)
        value *= std::pow(nu[a], order.l[a]);
    value /= std::pow(radius2, 0.5 * total);
    static constexpr Complex kPowersOfMinusI[4] = {{1, 0}, {0, -1}, {-1, 0}, {0, 1}};
    return kPowersOfMinusI[total % 4] * value;
}

Volume rieszLogResponse(const Volume& image, const RieszLogSpec& spec) {
    if (!(spec.sigmaMm > 0.0) || !std::isfinite(spec.sigmaMm))
        throw Error("Riesz-LoG filter: sigma must be a positive number of mm, got " +
                    std::to_string(spec.sigmaMm));
    if (!(spec.truncation > 0.0) || !std::isfinite(spec.truncation))
        throw Error("Riesz-LoG filter: truncation must be a positive multiple of sigma, got " +
                    std::to_string(spec.truncation));
    checkOrder(spec.order, spec.rank);
    const RieszOrder order = spec.order;
    const FilterRank rank = spec.rank;
    return filterInFourierDomain(image, spec.padding, rank, [&](RealSpectrum& spectrum) {
        RealSpectrum log = logKernelSpectrum(spectrum.size(), spec, image.geometry.spacing);
        for (std::int64_t k = 0; k < spectrum.size()[2]; ++k)
            for (std::int64_t j = 0; j < spectrum.size()[1]; ++j)
                for (std::int64_t i = 0; i < spectrum.halfSize(); ++i)
                    spectrum.bin(i, j, k) *= log.bin(i, j, k);
        multiplyByTransfer(spectrum, rank, [&order](const std::array<double, 3>& nu) {
            return rieszTransfer(nu, order);
        });
    });
}

Volume rieszSimoncelliResponse(const Volume& image, const SimoncelliSpec& simoncelli,
                               const RieszOrder& order) {
    checkSimoncelliLevel(simoncelli.level);
    checkOrder(order, simoncelli.rank);
    const int level = simoncelli.level;
    return filterByTransfer(
        image, simoncelli.padding, simoncelli.rank,
        [level, &order](const std::array<double, 3>& nu) {
            return simoncelliTransfer(nu, level) * rieszTransfer(nu, order);
        },
        FrequencySampling::Endpoints);
}

} // namespace rgw::filters
