#include "radiomics/processing/Discretisation.h"

#include "radiomics/processing/RoiBox.h"
#include "util/Error.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace rgw::radiomics::processing {

int Discretiser::level(double x) const {
    switch (method) {
    case DiscretisationMethod::FixedBinSize:
        // ⌊(X − X_min)/w_b⌋ + 1
        return static_cast<int>(std::floor((x - minimum) / binWidth)) + 1;
    case DiscretisationMethod::FixedBinNumber: {
        // ⌊N_g (X − X_min)/(X_max − X_min)⌋ + 1, with X_max in bin N_g; a
        // constant ROI is one bin.
        if (!(maximum > minimum))
            return 1;
        const int l =
            static_cast<int>(std::floor(binCount * (x - minimum) / (maximum - minimum))) + 1;
        return std::clamp(l, 1, binCount);
    }
    case DiscretisationMethod::None:
        break;
    }
    const double r = std::round(x);
    if (r != x || r < 1.0)
        throw Error("discretisation method 'none' needs integer grey levels ≥ 1, found intensity " +
                    std::to_string(x) + " in the ROI");
    return static_cast<int>(r);
}

Discretiser makeDiscretiser(const DiscretisationSettings& settings,
                            const std::optional<IntensityRange>& resegmentationRange,
                            double roiMinimum, double roiMaximum) {
    Discretiser d;
    d.method = settings.method;
    d.binWidth = settings.binWidth;
    d.binCount = settings.binCount;
    d.minimum = roiMinimum;
    d.maximum = roiMaximum;
    if (settings.method == DiscretisationMethod::FixedBinSize && resegmentationRange &&
        std::isfinite(resegmentationRange->lower))
        d.minimum = resegmentationRange->lower;
    return d;
}

DiscretisedRoi discretise(const PreparedRoi& roi, const Settings& settings) {
    const Box box = boundingBox(roi.morphologicalMask);
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    for (std::size_t v = 0; v < roi.image.voxels.size(); ++v)
        if (roi.intensityMask.voxels[v]) {
            lo = std::min<double>(lo, roi.image.voxels[v]);
            hi = std::max<double>(hi, roi.image.voxels[v]);
        }
    const Discretiser d =
        makeDiscretiser(settings.discretisation, settings.resegmentationRange, lo, hi);

    DiscretisedRoi out;
    out.geometry = cropGeometry(roi.image.geometry, box);
    out.morphologicalMask = Mask(out.geometry, 0);
    out.levels.assign(out.geometry.voxelCount(), 0);
    const Geometry& g = roi.image.geometry;
    std::size_t o = 0;
    for (std::int64_t k = box.lo[2]; k <= box.hi[2]; ++k)
        for (std::int64_t j = box.lo[1]; j <= box.hi[1]; ++j)
            for (std::int64_t i = box.lo[0]; i <= box.hi[0]; ++i, ++o) {
                const std::size_t v = g.linearIndex(i, j, k);
                out.morphologicalMask.voxels[o] = roi.morphologicalMask.voxels[v];
                if (roi.intensityMask.voxels[v]) {
                    const int l = d.level(roi.image.voxels[v]);
                    out.levels[o] = l;
                    out.greyLevels = std::max(out.greyLevels, l);
                }
            }
    return out;
}

} // namespace rgw::radiomics::processing
