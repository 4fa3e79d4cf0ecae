#include "radiomics/texture/Zones.h"

#include <algorithm>
#include <limits>
#include <numeric>

namespace rgw::radiomics::texture {

namespace {

int findRoot(std::vector<int>& parent, int v) {
    while (parent[v] != v) {
        parent[v] = parent[parent[v]]; // path halving
        v = parent[v];
    }
    return v;
}

} // namespace

Zones labelZones(const PaddedGrid& grid, bool inPlane, int distance) {
    // Neighbours already visited in raster order (negative flat step): linking
    // to those alone connects every pair once.
    const int dz = inPlane ? 0 : distance;
    const auto side = static_cast<std::uint64_t>(2 * distance + 1);
    requireNeighbourhoodWork(inPlane ? "zone labelling (2D)" : "zone labelling (3D)",
                             grid.roiVoxels(), (side * side * (2 * dz + 1) - 1) / 2, distance);
    std::vector<std::ptrdiff_t> back;
    for (int dk = -dz; dk <= dz; ++dk)
        for (int dj = -distance; dj <= distance; ++dj)
            for (int di = -distance; di <= distance; ++di)
                if (const auto s = grid.step({di, dj, dk}); s < 0)
                    back.push_back(s);

    std::vector<int> parent(grid.voxelCount(), -1);
    const int* level = grid.level.data();
    for (const int v : grid.roi) {
        parent[v] = v;
        for (const auto s : back) {
            const int w = static_cast<int>(v + s);
            if (level[w] != level[v])
                continue;
            const int a = findRoot(parent, v), b = findRoot(parent, w);
            if (a != b)
                parent[std::max(a, b)] = std::min(a, b);
        }
    }

    Zones z;
    z.zoneOfRoiVoxel.resize(grid.roi.size());
    std::vector<int> zoneOfRoot(grid.voxelCount(), -1);
    const int planeSize = grid.nx * grid.ny;
    for (std::size_t r = 0; r < grid.roi.size(); ++r) {
        const int v = grid.roi[r];
        const int root = findRoot(parent, v);
        int& id = zoneOfRoot[root];
        if (id < 0) {
            id = static_cast<int>(z.level.size());
            z.level.push_back(level[v]);
            z.size.push_back(0);
            z.slice.push_back(inPlane ? v / planeSize : -1);
        }
        ++z.size[id];
        z.zoneOfRoiVoxel[r] = id;
    }
    return z;
}

std::vector<int> borderDistance(const PaddedGrid& grid, bool inPlane) {
    const int big = std::numeric_limits<int>::max() / 2;
    std::vector<int> d(grid.voxelCount(), 0);
    for (std::size_t v = 0; v < d.size(); ++v)
        if (grid.morph[v] || grid.level[v] > 0)
            d[v] = big;
    const std::ptrdiff_t sx = 1, sy = grid.nx, sz = inPlane ? 0 : std::ptrdiff_t(grid.nx) * grid.ny;
    // Inside voxels are ≥ 1 voxel from the array edge (padding), so ±1 steps stay inside.
    for (std::ptrdiff_t v = 0; v < std::ptrdiff_t(d.size()); ++v)
        if (d[v] > 0) {
            int m = std::min(d[v - sx], d[v - sy]);
            if (sz)
                m = std::min(m, d[v - sz]);
            d[v] = std::min(d[v], m + 1);
        }
    for (std::ptrdiff_t v = std::ptrdiff_t(d.size()) - 1; v >= 0; --v)
        if (d[v] > 0) {
            int m = std::min(d[v + sx], d[v + sy]);
            if (sz)
                m = std::min(m, d[v + sz]);
            d[v] = std::min(d[v], m + 1);
        }
    return d;
}

} // namespace rgw::radiomics::texture
