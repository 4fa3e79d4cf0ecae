#pragma once

#include "image/Geometry.h"
#include "segmentation/ToolTypes.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace rgw::segmentation::detail {

/// Breadth-first flood from `seed` over voxels where inside(index) holds,
/// marking `visited` (one byte per voxel, nonzero = done; pass the result
/// mask to get the component). Returns the voxel count reached. Each voxel
/// is queued once: O(component * neighbours); the queue holds only the front
/// (consumed entries are dropped), not the whole component.
template <class Inside>
std::size_t flood(const Geometry& g, std::size_t seed, Connectivity connectivity,
                  std::vector<std::uint8_t>& visited, Inside&& inside) {
    if (visited[seed] || !inside(seed))
        return 0;
    const std::int64_t nx = g.size[0], ny = g.size[1], nz = g.size[2];
    const auto snx = static_cast<std::size_t>(nx), sny = static_cast<std::size_t>(ny);
    const bool full = connectivity == Connectivity::TwentySix;
    struct Step {
        std::int64_t di, dj, dk;
        std::ptrdiff_t offset; ///< linear index difference
    };
    std::vector<Step> steps;
    for (std::int64_t dk = -1; dk <= 1; ++dk)
        for (std::int64_t dj = -1; dj <= 1; ++dj)
            for (std::int64_t di = -1; di <= 1; ++di) {
                const int n = (di != 0) + (dj != 0) + (dk != 0);
                if (n == 0 || (!full && n > 1))
                    continue;
                steps.push_back(
                    {di, dj, dk, static_cast<std::ptrdiff_t>((dk * ny + dj) * nx + di)});
            }
    std::vector<std::size_t> queue{seed};
    std::size_t head = 0, reached = 0;
    visited[seed] = 1;
    auto consider = [&](std::size_t n) {
        if (!visited[n] && inside(n)) {
            visited[n] = 1;
            queue.push_back(n);
        }
    };
    while (head < queue.size()) {
        const std::size_t v = queue[head++];
        ++reached;
        const auto i = static_cast<std::int64_t>(v % snx);
        const auto j = static_cast<std::int64_t>((v / snx) % sny);
        const auto k = static_cast<std::int64_t>(v / (snx * sny));
        if (i > 0 && j > 0 && k > 0 && i + 1 < nx && j + 1 < ny && k + 1 < nz) {
            // Interior voxel: every neighbour exists, no bounds checks.
            for (const Step& s : steps)
                consider(static_cast<std::size_t>(static_cast<std::ptrdiff_t>(v) + s.offset));
        } else {
            for (const Step& s : steps) {
                const std::int64_t a = i + s.di, b = j + s.dj, c = k + s.dk;
                if (a >= 0 && b >= 0 && c >= 0 && a < nx && b < ny && c < nz)
                    consider(g.linearIndex(a, b, c));
            }
        }
        // Drop the consumed half now and then: amortised O(1) per voxel.
        if (head > 4096 && head * 2 > queue.size()) {
            queue.erase(queue.begin(), queue.begin() + static_cast<std::ptrdiff_t>(head));
            head = 0;
        }
    }
    return reached;
}

} // namespace rgw::segmentation::detail
