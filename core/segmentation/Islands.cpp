#include "segmentation/Islands.h"

#include "segmentation/detail/Flood.h"
#include "util/Error.h"

#include <cmath>

namespace rgw::segmentation {

namespace {

struct Island {
    std::size_t seed; ///< first voxel in voxel order
    std::size_t size;
};

/// Every connected component of the mask: one BFS pass, O(N).
std::vector<Island> findIslands(const Mask& mask, Connectivity c) {
    if (mask.voxels.size() != mask.geometry.voxelCount())
        throw Error("islands: mask data does not match its geometry");
    std::vector<std::uint8_t> visited(mask.voxels.size(), 0);
    std::vector<Island> islands;
    auto inside = [&](std::size_t v) { return mask.voxels[v] != 0; };
    for (std::size_t v = 0; v < mask.voxels.size(); ++v)
        if (mask.voxels[v] && !visited[v])
            islands.push_back({v, detail::flood(mask.geometry, v, c, visited, inside)});
    return islands;
}

/// The islands of `keep` copied into a new mask: a second flood from their
/// seeds, with the output as the visited set. O(N).
Mask copyIslands(const Mask& mask, const std::vector<Island>& keep, Connectivity c) {
    Mask out(mask.geometry, 0);
    auto inside = [&](std::size_t v) { return mask.voxels[v] != 0; };
    for (const Island& island : keep)
        detail::flood(mask.geometry, island.seed, c, out.voxels, inside);
    return out;
}

} // namespace

Mask keepLargestIsland(const Mask& mask, Connectivity connectivity) {
    const std::vector<Island> islands = findIslands(mask, connectivity);
    std::vector<Island> keep;
    for (const Island& island : islands)
        if (keep.empty() || island.size > keep.front().size)
            keep = {island};
    return copyIslands(mask, keep, connectivity);
}

Mask removeSmallIslands(const Mask& mask, std::size_t minVoxels, Connectivity connectivity) {
    std::vector<Island> keep;
    for (const Island& island : findIslands(mask, connectivity))
        if (island.size >= minVoxels)
            keep.push_back(island);
    return copyIslands(mask, keep, connectivity);
}

Mask removeSmallIslandsMl(const Mask& mask, double minMl, Connectivity connectivity) {
    if (!(minMl >= 0.0) || !std::isfinite(minMl))
        throw Error("remove small islands: minimum volume must be a finite value >= 0 ml");
    const Eigen::Vector3d& s = mask.geometry.spacing;
    const double voxelMl = s[0] * s[1] * s[2] / 1000.0;
    // Smallest voxel count whose volume reaches minMl.
    const auto minVoxels = static_cast<std::size_t>(std::ceil(minMl / voxelMl - 1e-9));
    return removeSmallIslands(mask, minVoxels, connectivity);
}

std::vector<std::size_t> islandSizes(const Mask& mask, Connectivity connectivity) {
    std::vector<std::size_t> sizes;
    for (const Island& island : findIslands(mask, connectivity))
        sizes.push_back(island.size);
    return sizes;
}

} // namespace rgw::segmentation
