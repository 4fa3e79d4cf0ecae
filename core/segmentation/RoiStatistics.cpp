#include "segmentation/RoiStatistics.h"

#include "radiomics/families/local_intensity.h"
#include "segmentation/Box.h"
#include "segmentation/ToolTypes.h"
#include "util/Error.h"

#include <cmath>
#include <limits>
#include <numbers>

namespace rgw::segmentation {

namespace {

template <class T> Image<T> crop(const Image<T>& im, const Box& b) {
    Geometry g = im.geometry;
    g.size = {b.extent(0), b.extent(1), b.extent(2)};
    g.origin = im.geometry.physicalPoint(Eigen::Vector3d(
        static_cast<double>(b.lo[0]), static_cast<double>(b.lo[1]), static_cast<double>(b.lo[2])));
    Image<T> out(g);
    std::size_t o = 0;
    for (std::int64_t k = b.lo[2]; k <= b.hi[2]; ++k)
        for (std::int64_t j = b.lo[1]; j <= b.hi[1]; ++j)
            for (std::int64_t i = b.lo[0]; i <= b.hi[0]; ++i, ++o)
                out.voxels[o] = im.at(i, j, k);
    return out;
}

/// The IBSI local intensity peak from the radiomics engine, on a crop that
/// holds every voxel the 1 cm^3 sphere around any ROI voxel can reach.
double localPeak(const Volume& image, const Mask& mask, const Box& roiBox) {
    const double radius = 10.0 * std::cbrt(3.0 / (4.0 * std::numbers::pi));
    std::array<std::int64_t, 3> margin{};
    for (int d = 0; d < 3; ++d)
        margin[d] = static_cast<std::int64_t>(std::ceil(radius / image.geometry.spacing[d])) + 1;
    const Box b = expand(roiBox, margin, image.geometry);
    radiomics::PreparedRoi roi;
    roi.image = Volume();
    static_cast<Image<float>&>(roi.image) = crop(static_cast<const Image<float>&>(image), b);
    roi.morphologicalMask = crop(mask, b);
    roi.intensityMask = roi.morphologicalMask;
    const radiomics::FeatureTable t = radiomics::computeLocalIntensity(roi);
    for (const radiomics::FeatureValue& f : t.values)
        if (f.ibsiCode == "VJGA")
            return f.value;
    return std::numeric_limits<double>::quiet_NaN();
}

} // namespace

RoiStatistics computeRoiStatistics(const Volume& image, const Mask& mask) {
    requireSameGrid(image, mask, "ROI statistics");
    RoiStatistics s;
    const double nan = std::numeric_limits<double>::quiet_NaN();
    double sum = 0.0, sum2 = 0.0;
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    for (std::size_t v = 0; v < mask.voxels.size(); ++v) {
        if (!mask.voxels[v])
            continue;
        const double x = image.voxels[v];
        sum += x;
        sum2 += x * x;
        lo = std::min(lo, x);
        hi = std::max(hi, x);
        ++s.voxelCount;
    }
    const Eigen::Vector3d& sp = image.geometry.spacing;
    s.volumeMl = static_cast<double>(s.voxelCount) * sp[0] * sp[1] * sp[2] / 1000.0;
    if (s.voxelCount == 0) {
        s.mean = s.sd = s.min = s.max = s.peak = nan;
        return s;
    }
    const auto n = static_cast<double>(s.voxelCount);
    s.mean = sum / n;
    s.sd = std::sqrt(std::max(0.0, sum2 / n - s.mean * s.mean));
    s.min = lo;
    s.max = hi;
    s.peak = localPeak(image, mask, maskBoundingBox(mask));
    if (image.unit == IntensityUnit::SuvBodyWeight) {
        s.suvMax = s.max;
        s.suvMean = s.mean;
        s.suvPeak = s.peak;
        s.tlg = s.mean * s.volumeMl;
    }
    return s;
}

std::optional<Eigen::Vector3d> voxelCentroid(const Mask& mask) {
    const auto& g = mask.geometry;
    // Sums of indices per axis (exact in integers), mapped to LPS once.
    std::int64_t count = 0, si = 0, sj = 0, sk = 0;
    std::size_t n = 0;
    for (std::int64_t k = 0; k < g.size[2]; ++k)
        for (std::int64_t j = 0; j < g.size[1]; ++j)
            for (std::int64_t i = 0; i < g.size[0]; ++i, ++n)
                if (mask.voxels[n]) {
                    ++count;
                    si += i;
                    sj += j;
                    sk += k;
                }
    if (count == 0)
        return std::nullopt;
    const double c = static_cast<double>(count);
    return g.physicalPoint(Eigen::Vector3d(double(si) / c, double(sj) / c, double(sk) / c));
}

} // namespace rgw::segmentation
