#include "filters/FilterSpec.h"

#include "filters/Simoncelli.h"
#include "util/Error.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>
#include <type_traits>

namespace rgw::filters {
namespace {

std::string number(double x) {
    std::ostringstream s;
    s.precision(6);
    s << x;
    return s.str();
}

std::string settings(const MeanFilter& f) {
    return "mean_M" + std::to_string(f.support);
}

std::string settings(const LaplacianOfGaussianFilter& f) {
    return "log_sigma" + number(f.sigmaMm) + "_trunc" + number(f.truncation);
}

std::string rotation(bool invariant, Pooling pooling) {
    return invariant ? std::string("_rotinv-") + toString(pooling) : std::string();
}

std::string settings(const LawsFilter& f) {
    return "laws_" + f.kernels + rotation(f.rotationInvariant, f.pooling) +
           (f.energyDistance ? "_energy" + std::to_string(*f.energyDistance) : std::string());
}

std::string settings(const GaborFilter& f) {
    return "gabor_sigma" + number(f.sigmaMm) + "_lambda" + number(f.lambdaMm) + "_gamma" +
           number(f.gamma) + "_theta" + number(f.theta) +
           (f.rotationInvariant ? "_dtheta" + number(f.deltaTheta) : std::string()) +
           rotation(f.rotationInvariant, f.pooling) + "_trunc" + number(f.truncation);
}

std::string settings(const SeparableWaveletFilter& f) {
    return std::string("wavelet_") + toString(f.family) + "_" + f.subband + "_level" +
           std::to_string(f.level) + rotation(f.rotationInvariant, f.pooling);
}

std::string settings(const SimoncelliFilter& f) {
    return "simoncelli_level" + std::to_string(f.level);
}

std::string settings(const RieszFilter& f) {
    const auto& l = f.order.l;
    return "riesz_l" + std::to_string(l[0]) + "-" + std::to_string(l[1]) + "-" +
           std::to_string(l[2]) + "_" +
           (f.alignment ? "aligned_tensor_sigma" + number(f.alignment->sigmaMm) + "_"
                        : std::string()) +
           std::visit([](const auto& base) { return settings(base); }, f.base);
}

/// The widest voxel of the axes the filter acts on.
double widestSpacing(const std::array<double, 3>& spacing, FilterDimensions dimensions) {
    return dimensions == FilterDimensions::Slice2D ? std::max(spacing[0], spacing[1])
                                                   : std::max({spacing[0], spacing[1], spacing[2]});
}

/// Reach in voxels of a filter defined on the voxel grid, in mm otherwise.
struct Reach {
    double voxels = 0.0;
    double mm = 0.0;
};

Reach reach(const MeanFilter& f) {
    return {(f.support - 1) / 2.0, 0.0};
}

Reach reach(const LaplacianOfGaussianFilter& f) {
    return {1.0, f.truncation * f.sigmaMm}; // + 1 voxel: the half-width is rounded
}

Reach reach(const LawsFilter& f) {
    // Kernels are named with their length: "L5E5E5" → taps of 5, reach 2.
    int longest = 1;
    for (const char c : f.kernels)
        if (c >= '1' && c <= '9')
            longest = std::max(longest, c - '0');
    return {(longest - 1) / 2.0 + f.energyDistance.value_or(0), 0.0};
}

Reach reach(const GaborFilter& f) {
    return {1.0, f.truncation * f.sigmaMm * std::max(1.0, 1.0 / f.gamma)};
}

Reach reach(const SeparableWaveletFilter& f) {
    // À trous cascade of levels 1..ℓ: taps (L − 1)·2^(m−1) apart at level m.
    const double taps = static_cast<double>(waveletFilters(f.family).lowPass.weights.size());
    return {(taps - 1.0) * (std::ldexp(1.0, f.level) - 1.0), 0.0};
}

Reach reach(const SimoncelliFilter&) {
    return {std::numeric_limits<double>::infinity(), 0.0};
}

Reach reach(const RieszFilter&) { // the Riesz transform is defined in the Fourier domain
    return {std::numeric_limits<double>::infinity(), 0.0};
}

FourierPadding fourierPadding(Boundary boundary) {
    switch (boundary) {
    case Boundary::Zero:
        return FourierPadding::Zero;
    case Boundary::Nearest:
        return FourierPadding::Nearest;
    case Boundary::Periodic:
        return FourierPadding::Periodic;
    case Boundary::Mirror:
        return FourierPadding::Mirror;
    }
    return FourierPadding::Mirror;
}

} // namespace

double responseReachMm(const FilterSpec& spec, const std::array<double, 3>& spacing) {
    const Reach r = std::visit([](const auto& f) { return reach(f); }, spec.filter);
    return r.voxels * widestSpacing(spacing, spec.dimensions) + r.mm;
}

Volume applyFilter(const Volume& image, const FilterSpec& spec, const CancelToken* cancel) {
    throwIfCancelled(cancel);
    FilterContext context;
    context.dimensions = spec.dimensions;
    context.boundary = spec.boundary;
    context.cancel = cancel;
    for (std::size_t a = 0; a < 3; ++a) {
        context.spacing[a] = image.geometry.spacing[static_cast<Eigen::Index>(a)];
        if (!(context.spacing[a] > 0.0) || !std::isfinite(context.spacing[a]))
            throw Error("filter " + describe(spec) + ": image spacing along axis " +
                        std::to_string(a) + " is not a positive number of mm");
    }
    if (image.voxels.size() != image.geometry.voxelCount())
        throw Error("filter " + describe(spec) + ": image holds " +
                    std::to_string(image.voxels.size()) + " voxels, its grid " +
                    std::to_string(image.geometry.voxelCount()));
    // A non-finite voxel would spread over the kernel's support (over the whole
    // image for a Fourier-domain filter) and silently turn responses into NaN.
    const auto& n = image.geometry.size;
    for (std::size_t v = 0; v < image.voxels.size(); ++v)
        if (!std::isfinite(image.voxels[v])) {
            const auto i = static_cast<std::int64_t>(v) % n[0];
            const auto j = static_cast<std::int64_t>(v) / n[0] % n[1];
            const auto k = static_cast<std::int64_t>(v) / (n[0] * n[1]);
            throw Error("filter " + describe(spec) + ": the image holds " +
                        std::to_string(image.voxels[v]) + " at voxel (" + std::to_string(i) + ", " +
                        std::to_string(j) + ", " + std::to_string(k) +
                        "); a filter needs finite intensities");
        }
    // The Fourier-domain filters: padding from the boundary, rank from the dimensions.
    const FilterRank rank =
        spec.dimensions == FilterDimensions::Slice2D ? FilterRank::Slice2D : FilterRank::Volume3D;
    const auto simoncelliSpec = [&](const SimoncelliFilter& f) {
        SimoncelliSpec fourier;
        fourier.level = f.level;
        fourier.padding = fourierPadding(spec.boundary);
        fourier.rank = rank;
        return fourier;
    };
    Volume out;
    if (const auto* simoncelli = std::get_if<SimoncelliFilter>(&spec.filter)) {
        out = simoncelliResponse(image, simoncelliSpec(*simoncelli));
    } else if (const auto* riesz = std::get_if<RieszFilter>(&spec.filter)) {
        try {
            if (const auto* log = std::get_if<LaplacianOfGaussianFilter>(&riesz->base)) {
                RieszLogSpec fourier;
                fourier.sigmaMm = log->sigmaMm;
                fourier.truncation = log->truncation;
                fourier.order = riesz->order;
                fourier.padding = fourierPadding(spec.boundary);
                fourier.rank = rank;
                fourier.alignment = riesz->alignment;
                out = rieszLogResponse(image, fourier);
            } else {
                out = rieszSimoncelliResponse(
                    image, simoncelliSpec(std::get<SimoncelliFilter>(riesz->base)), riesz->order,
                    riesz->alignment);
            }
        } catch (const Error& e) {
            throw Error("filter " + describe(spec) + ": " + e.what());
        }
    } else {
        const Field field = toField(image);
        const Field response = std::visit(
            [&](const auto& filter) -> Field {
                using Kind = std::decay_t<decltype(filter)>;
                if constexpr (std::is_same_v<Kind, SimoncelliFilter> ||
                              std::is_same_v<Kind, RieszFilter>)
                    throw Error("filter " + describe(spec) + ": not a spatial filter");
                else
                    return apply(filter, field, context);
            },
            spec.filter);
        throwIfCancelled(cancel);
        out = toVolume(response, image.geometry);
    }
    throwIfCancelled(cancel);
    out.unit = IntensityUnit::RescaledValue;
    out.unitNote = "response map of " + describe(spec);
    return out;
}

std::string describe(const FilterSpec& spec) {
    const std::string name = std::visit([](const auto& f) { return settings(f); }, spec.filter);
    return name + "_" + toString(spec.dimensions) + "_" + toString(spec.boundary);
}

} // namespace rgw::filters
