#include "filters/FilterSpec.h"

#include "util/Error.h"

#include <cmath>
#include <sstream>

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

} // namespace

Volume applyFilter(const Volume& image, const FilterSpec& spec) {
    FilterContext context;
    context.dimensions = spec.dimensions;
    context.boundary = spec.boundary;
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
    const Field field = toField(image);
    const Field response =
        std::visit([&](const auto& filter) { return apply(filter, field, context); }, spec.filter);
    Volume out = toVolume(response, image.geometry);
    out.unit = IntensityUnit::RescaledValue;
    out.unitNote = "response map of " + describe(spec);
    return out;
}

std::string describe(const FilterSpec& spec) {
    const std::string name = std::visit([](const auto& f) { return settings(f); }, spec.filter);
    return name + "_" + toString(spec.dimensions) + "_" + toString(spec.boundary);
}

} // namespace rgw::filters
