#include "radiomics/processing/Discretisation.h"

#include "radiomics/processing/RoiBox.h"
#include "util/Error.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

namespace rgw::radiomics::processing {

namespace {

/// Grey levels are int: the highest one a level can hold.
constexpr double kMaxLevel = std::numeric_limits<int>::max();

std::string shortNumber(double x) {
    char text[32];
    std::snprintf(text, sizeof text, "%.6g", x);
    return text;
}

/// A level computed in double (⌊…⌋ + 1) as int; the checks before discretising
/// make this unreachable for valid settings, so reaching it names the intensity.
int checkedLevel(double level, double x) {
    if (!(level >= 1.0 && level <= kMaxLevel))
        throw Error("radiomics: intensity " + shortNumber(x) + " gives grey level " +
                    shortNumber(level) + ", outside 1 … " +
                    std::to_string(std::numeric_limits<int>::max()));
    return static_cast<int>(level);
}

} // namespace

int Discretiser::level(double x) const {
    switch (method) {
    case DiscretisationMethod::FixedBinSize:
        // ⌊(X − X_min)/w_b⌋ + 1, in double so that no cast can overflow.
        return checkedLevel(std::floor((x - minimum) / binWidth) + 1.0, x);
    case DiscretisationMethod::FixedBinNumber: {
        // ⌊N_g (X − X_min)/(X_max − X_min)⌋ + 1, with X_max in bin N_g; a
        // constant ROI is one bin. Clamped in double: N_g + 1 may not fit an int.
        if (!(maximum > minimum))
            return 1;
        const double l =
            std::floor(static_cast<double>(binCount) * (x - minimum) / (maximum - minimum)) + 1.0;
        if (std::isnan(l))
            return checkedLevel(l, x);
        return static_cast<int>(std::clamp(l, 1.0, static_cast<double>(binCount)));
    }
    case DiscretisationMethod::None:
        break;
    }
    const double r = std::round(x);
    if (r != x || r < 1.0 || r > kMaxLevel)
        throw Error("radiomics: discretisation method 'none' needs integer grey levels 1 … " +
                    std::to_string(std::numeric_limits<int>::max()) + ", found intensity " +
                    shortNumber(x) +
                    " in the ROI — choose discretisation.method fixed_bin_size or "
                    "fixed_bin_number");
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

void requireRepresentableLevels(const Discretiser& d, double roiMinimum, double roiMaximum,
                                const std::string& binWidthKey) {
    if (d.method != DiscretisationMethod::FixedBinSize)
        return; // FBN levels are clamped to N_g; 'none' checks each intensity
    // N_g = ⌊(X_max − X_min)/w_b⌋ + 1 levels cover the ROI.
    const double levels = std::floor((roiMaximum - d.minimum) / d.binWidth) + 1.0;
    if (levels <= kMaxLevel && roiMinimum >= d.minimum)
        return;
    throw Error("radiomics: fixed bin size " + shortNumber(d.binWidth) + " over intensities [" +
                shortNumber(std::min(d.minimum, roiMinimum)) + ", " + shortNumber(roiMaximum) +
                "] gives " + shortNumber(levels) + " grey levels, more than the " +
                std::to_string(std::numeric_limits<int>::max()) +
                " a grey level can count — choose a larger " + binWidthKey);
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
    if (lo <= hi)
        requireRepresentableLevels(d, lo, hi, "discretisation.bin_width");

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
