#include "filters/Mean.h"

#include "filters/Convolution.h"
#include "util/Error.h"

#include <string>

namespace rgw::filters {

Field boxAverage(const Field& image, int support, const FilterContext& context) {
    if (support < 1 || support % 2 == 0)
        throw Error("mean filter: support must be an odd number of voxels, got " +
                    std::to_string(support));
    const Kernel1D box =
        Kernel1D::centred(std::vector<double>(static_cast<std::size_t>(support), 1.0 / support));
    SeparableKernel kernel;
    for (int a = 0; a < context.axisCount(); ++a)
        kernel.axes[static_cast<std::size_t>(a)] = box;
    return convolveSeparable(image, kernel, context.boundary);
}

Field apply(const MeanFilter& filter, const Field& image, const FilterContext& context) {
    return boxAverage(image, filter.support, context);
}

} // namespace rgw::filters
