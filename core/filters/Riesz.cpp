#include "filters/Riesz.h"

#include "filters/IntegerMath.h"
#include "filters/RieszSteering.h"
#include "util/Error.h"

#include <cmath>
#include <functional>
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

/// The sampled Gaussian (second = false) or its second derivative along each filtered
/// axis, σ mm truncated at truncation·σ voxels; {1} (or {0}) along the others.
std::array<std::vector<double>, 3> gaussianAxes(double sigmaMm, double truncation,
                                                const Eigen::Vector3d& spacing, int axes,
                                                bool second) {
    std::array<std::vector<double>, 3> taps;
    for (int a = 0; a < 3; ++a) {
        const auto sa = static_cast<std::size_t>(a);
        if (a >= axes) {
            taps[sa] = {second ? 0.0 : 1.0};
            continue;
        }
        const double sigma = sigmaMm / spacing[a];
        const int half = static_cast<int>(std::floor(truncation * sigma + 0.5));
        taps[sa] = gaussianTaps(sigma, half, second);
    }
    return taps;
}

/// The DFT of symmetric taps centred at voxel 0 of an axis of n voxels (wrapped),
/// at bins 0..bins−1: real, W(b) = Σ_o t(o)·cos(2π·b·o/n).
std::vector<double> symmetricTapSpectrum(const std::vector<double>& taps, std::int64_t n,
                                         std::int64_t bins) {
    const auto half = static_cast<std::int64_t>(taps.size() / 2);
    std::vector<double> spectrum(static_cast<std::size_t>(bins));
    for (std::int64_t b = 0; b < bins; ++b) {
        double sum = 0.0;
        for (std::int64_t o = -half; o <= half; ++o)
            sum += taps[static_cast<std::size_t>(o + half)] *
                   std::cos(2.0 * std::numbers::pi * static_cast<double>(b * o) /
                            static_cast<double>(n));
        spectrum[static_cast<std::size_t>(b)] = sum;
    }
    return spectrum;
}

/// Per axis, the spectrum of `taps` on the half-spectrum bins of `spectrum`
/// (i: 0..size/2, j and k: all).
std::array<std::vector<double>, 3> axisSpectra(const std::array<std::vector<double>, 3>& taps,
                                               const RealSpectrum& spectrum) {
    std::array<std::vector<double>, 3> out;
    for (std::size_t a = 0; a < 3; ++a)
        out[a] = symmetricTapSpectrum(taps[a], spectrum.size()[a],
                                      a == 0 ? spectrum.halfSize() : spectrum.size()[a]);
    return out;
}

/// Multiplies a half spectrum by the LoG kernel's (the LoG response of the image):
/// h(x) = Σ_d g''_d(x_d) Π_{b≠d} g_b(x_b) is a sum of separable symmetric terms, so
/// its DFT is Σ_d G''_d Π_{b≠d} G_b of 1D spectra. In 2D each k-slice gets the
/// same in-plane kernel.
void multiplyByLogKernel(RealSpectrum& spectrum, const RieszLogSpec& spec,
                         const Eigen::Vector3d& spacing) {
    const int axes = static_cast<int>(spec.rank);
    const auto g =
        axisSpectra(gaussianAxes(spec.sigmaMm, spec.truncation, spacing, axes, false), spectrum);
    const auto second =
        axisSpectra(gaussianAxes(spec.sigmaMm, spec.truncation, spacing, axes, true), spectrum);
    for (std::int64_t k = 0; k < spectrum.size()[2]; ++k)
        for (std::int64_t j = 0; j < spectrum.size()[1]; ++j)
            for (std::int64_t i = 0; i < spectrum.halfSize(); ++i) {
                const std::array<std::size_t, 3> b{static_cast<std::size_t>(i),
                                                   static_cast<std::size_t>(j),
                                                   static_cast<std::size_t>(k)};
                double h = 0.0;
                for (std::size_t d = 0; d < static_cast<std::size_t>(axes); ++d) {
                    double term = 1.0;
                    for (std::size_t a = 0; a < 3; ++a)
                        term *= a == d ? second[a][b[a]] : g[a][b[a]];
                    h += term;
                }
                spectrum.bin(i, j, k) *= h;
            }
}

/// The base of a Riesz filter as its unaligned response applies it: `shape` multiplies
/// the image spectrum once (the LoG kernel), `transfer` is sampled with each Riesz
/// component's transfer function (ψ_j).
struct FourierBase {
    std::function<void(RealSpectrum&)> shape;
    TransferFunction transfer;
    FrequencySampling sampling = FrequencySampling::Dft;
};

/// Window of the structure tensor, truncated at this many σ.
constexpr double kTensorWindowTruncation = 4.0;

/// J_ab at each voxel of the image: G_σ ∗ (g_a g_b) over the extended grid (so the
/// window reads the padding as the filter does), kept where the image is.
std::vector<StructureTensor> structureTensor(const std::vector<RealSpectrum>& gradient,
                                             const ExtendedGrid& grid, const Volume& image,
                                             FilterRank rank, double sigmaMm) {
    const int axes = static_cast<int>(rank);
    const auto& size = grid.grid.size();
    // The window is a separable, symmetric sampled Gaussian: 1D spectra suffice.
    const auto window = axisSpectra(
        gaussianAxes(sigmaMm, kTensorWindowTruncation, image.geometry.spacing, axes, false),
        grid.grid);
    const auto& n = image.geometry.size;
    const auto& o = grid.offset;
    std::vector<StructureTensor> tensor(image.voxels.size(), StructureTensor{});
    static constexpr std::size_t kEntry[3][3] = {{0, 1, 2}, {1, 3, 4}, {2, 4, 5}};
    for (std::size_t a = 0; a < gradient.size(); ++a)
        for (std::size_t b = a; b < gradient.size(); ++b) {
            RealSpectrum product(size);
            for (std::int64_t k = 0; k < size[2]; ++k)
                for (std::int64_t j = 0; j < size[1]; ++j)
                    for (std::int64_t i = 0; i < size[0]; ++i)
                        product.voxel(i, j, k) =
                            gradient[a].voxel(i, j, k) * gradient[b].voxel(i, j, k);
            product.forward(axes);
            for (std::int64_t k = 0; k < size[2]; ++k)
                for (std::int64_t j = 0; j < size[1]; ++j) {
                    const double wjk = window[1][static_cast<std::size_t>(j)] *
                                       window[2][static_cast<std::size_t>(k)];
                    for (std::int64_t i = 0; i < product.halfSize(); ++i)
                        product.bin(i, j, k) *= window[0][static_cast<std::size_t>(i)] * wjk;
                }
            product.inverse(axes);
            std::size_t v = 0;
            for (std::int64_t k = 0; k < n[2]; ++k)
                for (std::int64_t j = 0; j < n[1]; ++j)
                    for (std::int64_t i = 0; i < n[0]; ++i, ++v)
                        tensor[v][kEntry[a][b]] = product.voxel(i + o[0], j + o[1], k + o[2]);
        }
    return tensor;
}

/// R^l of the base response taken, at each voxel, in the frame of the structure
/// tensor (StructureTensorAlignment): Σ_m w_m(frame) · R^m(base) over |m| = |l|.
Volume steeredResponse(const Volume& image, FourierPadding padding, FilterRank rank,
                       const FourierBase& base, const RieszOrder& order,
                       const StructureTensorAlignment& alignment) {
    if (!(alignment.sigmaMm > 0.0) || !std::isfinite(alignment.sigmaMm))
        throw Error("aligned Riesz filter: the structure tensor's sigma must be a positive "
                    "number of mm, got " +
                    std::to_string(alignment.sigmaMm));
    if (rank == FilterRank::Volume3D && (order.l[1] != 0 || order.l[2] != 0))
        throw Error("aligned Riesz filter: a 3D order is taken along the local orientation "
                    "only, (N, 0, 0), got (" +
                    std::to_string(order.l[0]) + ", " + std::to_string(order.l[1]) + ", " +
                    std::to_string(order.l[2]) + ")");
    const int axes = static_cast<int>(rank);
    // Held at once: the spectrum, the first-order components and a tensor product,
    // plus per image voxel J, e1 and the sum.
    const double perVoxel =
        sizeof(StructureTensor) + sizeof(std::array<double, 3>) + sizeof(double);
    checkFourierBudget(extendedSize(image.geometry.size, padding, rank), axes + 2,
                       perVoxel * static_cast<double>(image.voxels.size()));
    ExtendedGrid extended = extendForFourier(image, padding, rank);
    extended.grid.forward(axes);
    if (base.shape)
        base.shape(extended.grid);
    const auto component = [&](const RieszOrder& m) {
        RealSpectrum s = extended.grid;
        multiplyByTransfer(
            s, rank,
            [&](const std::array<double, 3>& nu) {
                return base.transfer(nu) * rieszTransfer(nu, m);
            },
            base.sampling);
        s.inverse(axes);
        return s;
    };
    const auto& n = image.geometry.size;
    const auto& o = extended.offset;
    // e1 at each voxel (in 2D e2 follows from it; a 3D order uses e1 only).
    std::vector<std::array<double, 3>> principal(image.voxels.size());
    {
        std::vector<RealSpectrum> gradient;
        for (const RieszOrder& m : rieszComponents(1, rank))
            gradient.push_back(component(m));
        const std::vector<StructureTensor> tensor =
            structureTensor(gradient, extended, image, rank, alignment.sigmaMm);
        std::size_t v = 0;
        for (std::int64_t k = 0; k < n[2]; ++k)
            for (std::int64_t j = 0; j < n[1]; ++j)
                for (std::int64_t i = 0; i < n[0]; ++i, ++v) {
                    std::array<double, 3> g{0.0, 0.0, 0.0};
                    for (std::size_t a = 0; a < gradient.size(); ++a)
                        g[a] = gradient[a].voxel(i + o[0], j + o[1], k + o[2]);
                    principal[v] = alignedFrame(tensor[v], g, rank)[0];
                }
    }
    const auto frameAt = [rank](const std::array<double, 3>& e1) {
        LocalFrame frame = axisFrame();
        frame[0] = e1;
        if (rank == FilterRank::Slice2D)
            frame[1] = {-e1[1], e1[0], 0.0};
        return frame;
    };
    std::vector<double> sum(image.voxels.size(), 0.0);
    for (const RieszOrder& m : rieszComponents(order.l[0] + order.l[1] + order.l[2], rank)) {
        const RealSpectrum r = component(m);
        std::size_t v = 0;
        for (std::int64_t k = 0; k < n[2]; ++k)
            for (std::int64_t j = 0; j < n[1]; ++j)
                for (std::int64_t i = 0; i < n[0]; ++i, ++v)
                    sum[v] += steeringWeight(order, frameAt(principal[v]), m) *
                              r.voxel(i + o[0], j + o[1], k + o[2]);
    }
    Volume out(image.geometry);
    out.unit = image.unit;
    out.unitNote = image.unitNote;
    for (std::size_t v = 0; v < sum.size(); ++v)
        out.voxels[v] = static_cast<float>(sum[v]);
    return out;
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
        value *= integerPower(nu[a], order.l[a]);
    value /= integerPower(std::sqrt(radius2), total);
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
    if (spec.alignment) {
        FourierBase base;
        base.shape = [&](RealSpectrum& spectrum) {
            multiplyByLogKernel(spectrum, spec, image.geometry.spacing);
        };
        base.transfer = [](const std::array<double, 3>&) { return Complex(1.0); };
        return steeredResponse(image, spec.padding, rank, base, order, *spec.alignment);
    }
    return filterInFourierDomain(image, spec.padding, rank, [&](RealSpectrum& spectrum) {
        multiplyByLogKernel(spectrum, spec, image.geometry.spacing);
        multiplyByTransfer(spectrum, rank, [&order](const std::array<double, 3>& nu) {
            return rieszTransfer(nu, order);
        });
    });
}

Volume rieszSimoncelliResponse(const Volume& image, const SimoncelliSpec& simoncelli,
                               const RieszOrder& order,
                               const std::optional<StructureTensorAlignment>& alignment) {
    checkSimoncelliLevel(simoncelli.level);
    checkOrder(order, simoncelli.rank);
    const int level = simoncelli.level;
    if (alignment) {
        FourierBase base;
        base.transfer = [level](const std::array<double, 3>& nu) {
            return Complex(simoncelliTransfer(nu, level));
        };
        base.sampling = FrequencySampling::Endpoints;
        return steeredResponse(image, simoncelli.padding, simoncelli.rank, base, order, *alignment);
    }
    return filterByTransfer(
        image, simoncelli.padding, simoncelli.rank,
        [level, &order](const std::array<double, 3>& nu) {
            return simoncelliTransfer(nu, level) * rieszTransfer(nu, order);
        },
        FrequencySampling::Endpoints);
}

} // namespace rgw::filters
