#include "radiomics/processing/Resegmentation.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace rgw::radiomics::processing {

IntensityRange resegmentationInterval(const Volume& image, const Mask& morphologicalMask,
                                      const Settings& settings) {
    constexpr double inf = std::numeric_limits<double>::infinity();
    IntensityRange keep{-inf, inf};
    if (settings.resegmentationRange)
        keep = *settings.resegmentationRange;
    if (settings.outlierFiltering) {
        // Population mean and standard deviation of the (unfiltered) ROI.
        double sum = 0.0;
        std::size_t n = 0;
        for (std::size_t v = 0; v < image.voxels.size(); ++v)
            if (morphologicalMask.voxels[v]) {
                sum += image.voxels[v];
                ++n;
            }
        if (n > 0) {
            const double mean = sum / static_cast<double>(n);
            double ss = 0.0;
            for (std::size_t v = 0; v < image.voxels.size(); ++v)
                if (morphologicalMask.voxels[v]) {
                    const double d = image.voxels[v] - mean;
                    ss += d * d;
                }
            const double sd = std::sqrt(ss / static_cast<double>(n));
            keep.lower = std::max(keep.lower, mean - settings.outlierSigma * sd);
            keep.upper = std::min(keep.upper, mean + settings.outlierSigma * sd);
        }
    }
    return keep;
}

Mask resegment(const Volume& image, const Mask& morphologicalMask, const IntensityRange& keep) {
    Mask out(morphologicalMask.geometry, 0);
    for (std::size_t v = 0; v < image.voxels.size(); ++v) {
        const double x = image.voxels[v];
        out.voxels[v] = morphologicalMask.voxels[v] && x >= keep.lower && x <= keep.upper ? 1 : 0;
    }
    return out;
}

} // namespace rgw::radiomics::processing
