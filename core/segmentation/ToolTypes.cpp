#include "segmentation/ToolTypes.h"

#include "util/Error.h"

#include <algorithm>
#include <cmath>

namespace rgw::segmentation {

void requireSameGrid(const Geometry& a, std::size_t aVoxels, const Geometry& b, std::size_t bVoxels,
                     const std::string& tool) {
    if (aVoxels != a.voxelCount() || bVoxels != b.voxelCount())
        throw Error(tool + ": image data does not match its geometry");
    if (!a.sameGrid(b))
        throw Error(tool + ": the images are on different grids (" + std::to_string(a.size[0]) +
                    "x" + std::to_string(a.size[1]) + "x" + std::to_string(a.size[2]) + " vs " +
                    std::to_string(b.size[0]) + "x" + std::to_string(b.size[1]) + "x" +
                    std::to_string(b.size[2]) + "); resample the mask first");
}

Box maskBoundingBox(const Mask& m) {
    const Geometry& g = m.geometry;
    Box b;
    bool any = false;
    std::size_t v = 0;
    for (std::int64_t k = 0; k < g.size[2]; ++k)
        for (std::int64_t j = 0; j < g.size[1]; ++j)
            for (std::int64_t i = 0; i < g.size[0]; ++i, ++v) {
                if (!m.voxels[v])
                    continue;
                const std::int64_t p[3] = {i, j, k};
                for (int d = 0; d < 3; ++d) {
                    b.lo[d] = any ? std::min(b.lo[d], p[d]) : p[d];
                    b.hi[d] = any ? std::max(b.hi[d], p[d]) : p[d];
                }
                any = true;
            }
    return b;
}

std::optional<VoxelIndex> nearestVoxel(const Geometry& g, const Eigen::Vector3d& lps) {
    const Eigen::Vector3d c = g.continuousIndex(lps);
    VoxelIndex v{};
    for (int d = 0; d < 3; ++d)
        v[d] = static_cast<std::int64_t>(std::llround(c[d]));
    if (!g.contains(v[0], v[1], v[2]))
        return std::nullopt;
    return v;
}

} // namespace rgw::segmentation
