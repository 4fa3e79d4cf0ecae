#include "filters/Laws.h"

#include "filters/Mean.h"
#include "filters/Rotations.h"
#include "util/Error.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>

namespace rgw::filters {

Kernel1D lawsKernel(const std::string& name) {
    // Laws, "Rapid texture identification", Proc. SPIE 238 (1980): level,
    // edge, spot, wave and ripple kernels of lengths 3 and 5.
    static const std::map<std::string, std::vector<double>> kTaps = {
        {"L3", {1, 2, 1}},         {"E3", {-1, 0, 1}},        {"S3", {-1, 2, -1}},
        {"L5", {1, 4, 6, 4, 1}},   {"E5", {-1, -2, 0, 2, 1}}, {"S5", {-1, 0, 2, 0, -1}},
        {"W5", {-1, 2, 0, -2, 1}}, {"R5", {1, -4, 6, -4, 1}},
    };
    std::string key = name;
    std::transform(key.begin(), key.end(), key.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    const auto it = kTaps.find(key);
    if (it == kTaps.end())
        throw Error("Laws filter: unknown kernel '" + name +
                    "' (expected L3, E3, S3, L5, E5, S5, W5 or R5)");
    std::vector<double> taps = it->second;
    double norm = 0.0;
    for (const double t : taps)
        norm += t * t;
    norm = std::sqrt(norm);
    for (double& t : taps)
        t /= norm;
    return Kernel1D::centred(std::move(taps));
}

Field apply(const LawsFilter& filter, const Field& image, const FilterContext& context) {
    const int axes = context.axisCount();
    if (filter.kernels.size() != static_cast<std::size_t>(2 * axes))
        throw Error("Laws filter: '" + filter.kernels + "' must name " + std::to_string(axes) +
                    " kernels (one per axis of a " + toString(context.dimensions) + " filter)");
    SeparableKernel kernel;
    for (int a = 0; a < axes; ++a)
        kernel.axes[static_cast<std::size_t>(a)] =
            lawsKernel(filter.kernels.substr(static_cast<std::size_t>(2 * a), 2));
    if (filter.energyDistance && *filter.energyDistance < 0)
        throw Error("Laws filter: energy distance must be ≥ 0, got " +
                    std::to_string(*filter.energyDistance));

    Field response;
    if (filter.rotationInvariant) {
        PooledResponse pooled(filter.pooling);
        for (const auto& rotated : distinctRotations({kernel}, context.dimensions)) {
            throwIfCancelled(context.cancel);
            pooled.add(convolveSeparable(image, rotated.front(), context.boundary));
        }
        response = pooled.result();
    } else {
        response = convolveSeparable(image, kernel, context.boundary);
    }
    if (!filter.energyDistance)
        return response;
    throwIfCancelled(context.cancel);
    for (double& v : response.values)
        v = std::abs(v);
    return boxAverage(response, 2 * *filter.energyDistance + 1, context);
}

} // namespace rgw::filters
