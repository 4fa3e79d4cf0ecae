#include "segmentation/RegionGrowing.h"

#include "segmentation/detail/Flood.h"
#include "util/Error.h"

#include <cmath>

namespace rgw::segmentation {

namespace {

void checkSeed(const Volume& image, const VoxelIndex& seed, const char* tool) {
    if (image.voxels.size() != image.geometry.voxelCount())
        throw Error(std::string(tool) + ": image data does not match its geometry");
    if (!image.geometry.contains(seed[0], seed[1], seed[2]))
        throw Error(std::string(tool) + ": seed voxel (" + std::to_string(seed[0]) + ", " +
                    std::to_string(seed[1]) + ", " + std::to_string(seed[2]) +
                    ") is outside the image");
}

} // namespace

Mask growRegion(const Volume& image, const VoxelIndex& seed, const IntensityRange& range,
                Connectivity connectivity) {
    checkSeed(image, seed, "region growing");
    Mask out(image.geometry, 0);
    // `out` doubles as the visited set: voxels reached are exactly the result.
    detail::flood(image.geometry, image.geometry.linearIndex(seed[0], seed[1], seed[2]),
                  connectivity, out.voxels,
                  [&](std::size_t v) { return range.contains(image.voxels[v]); });
    return out;
}

IntensityRange proposeRange(const Volume& image, const VoxelIndex& seed, double radiusMm,
                            double k) {
    checkSeed(image, seed, "region growing range");
    const Geometry& g = image.geometry;
    double sum = 0.0, sum2 = 0.0;
    std::size_t n = 0;
    std::int64_t reach[3];
    for (int d = 0; d < 3; ++d)
        reach[d] = static_cast<std::int64_t>(std::floor(radiusMm / g.spacing[d]));
    const double r2 = radiusMm * radiusMm;
    for (std::int64_t dk = -reach[2]; dk <= reach[2]; ++dk)
        for (std::int64_t dj = -reach[1]; dj <= reach[1]; ++dj)
            for (std::int64_t di = -reach[0]; di <= reach[0]; ++di) {
                const double x = static_cast<double>(di) * g.spacing[0];
                const double y = static_cast<double>(dj) * g.spacing[1];
                const double z = static_cast<double>(dk) * g.spacing[2];
                if (x * x + y * y + z * z > r2)
                    continue;
                const std::int64_t i = seed[0] + di, j = seed[1] + dj, kk = seed[2] + dk;
                if (!g.contains(i, j, kk))
                    continue;
                const double v = image.at(i, j, kk);
                sum += v;
                sum2 += v * v;
                ++n;
            }
    const double mean = sum / static_cast<double>(n);
    const double sd = std::sqrt(std::max(0.0, sum2 / static_cast<double>(n) - mean * mean));
    return {mean - k * sd, mean + k * sd};
}

} // namespace rgw::segmentation
