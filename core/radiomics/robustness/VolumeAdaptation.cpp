#include "radiomics/robustness/VolumeAdaptation.h"

#include "util/Error.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

namespace rgw::radiomics::robustness {

namespace {

/// The voxels whose value is `wanted` and that touch (26-neighbourhood) a
/// voxel of `front`, in ascending linear index, marked visited.
std::vector<std::size_t> nextLayer(const Mask& mask, std::uint8_t wanted,
                                   const std::vector<std::size_t>& front,
                                   std::vector<std::uint8_t>& visited) {
    const Geometry& g = mask.geometry;
    const auto nx = g.size[0], ny = g.size[1];
    std::vector<std::size_t> layer;
    for (const std::size_t v : front) {
        const auto i = static_cast<std::int64_t>(v) % nx;
        const auto j = (static_cast<std::int64_t>(v) / nx) % ny;
        const auto k = static_cast<std::int64_t>(v) / (nx * ny);
        for (std::int64_t dk = -1; dk <= 1; ++dk)
            for (std::int64_t dj = -1; dj <= 1; ++dj)
                for (std::int64_t di = -1; di <= 1; ++di) {
                    if (!g.contains(i + di, j + dj, k + dk))
                        continue;
                    const std::size_t n = g.linearIndex(i + di, j + dj, k + dk);
                    if (visited[n] || (mask.voxels[n] != 0) != (wanted != 0))
                        continue;
                    visited[n] = 1;
                    layer.push_back(n);
                }
    }
    std::sort(layer.begin(), layer.end());
    return layer;
}

} // namespace

Mask adaptVolume(const Mask& mask, double fraction, std::mt19937_64& rng) {
    if (!std::isfinite(fraction) || fraction <= -1.0)
        throw Error("volume adaptation: the fraction " + std::to_string(fraction) +
                    " must be a number above -1");
    std::vector<std::size_t> roi;
    for (std::size_t v = 0; v < mask.voxels.size(); ++v)
        if (mask.voxels[v] != 0)
            roi.push_back(v);
    if (roi.empty())
        throw Error("volume adaptation: the mask is empty");
    const auto volume = static_cast<std::int64_t>(roi.size());
    const auto target =
        static_cast<std::int64_t>(std::llround(static_cast<double>(volume) * (1.0 + fraction)));
    if (target < 1)
        throw Error("volume adaptation: shrinking by " + std::to_string(fraction) +
                    " leaves no voxel of the ROI");
    Mask out = mask;
    for (auto& v : out.voxels)
        v = v != 0 ? 1 : 0;
    if (target == volume)
        return out;
    const bool grow = target > volume;
    // Growing walks outward from the ROI through background voxels;
    // shrinking walks inward from the background through ROI voxels.
    std::vector<std::uint8_t> visited(mask.voxels.size(), 0);
    std::vector<std::size_t> front;
    for (std::size_t v = 0; v < mask.voxels.size(); ++v)
        if ((mask.voxels[v] != 0) == grow) {
            visited[v] = 1;
            front.push_back(v);
        }
    std::int64_t remaining = grow ? target - volume : volume - target;
    const std::uint8_t wanted = grow ? 0 : 1;
    const std::uint8_t value = grow ? 1 : 0;
    while (remaining > 0) {
        std::vector<std::size_t> layer = nextLayer(mask, wanted, front, visited);
        if (layer.empty())
            break; // the image border: nothing more to add
        if (static_cast<std::int64_t>(layer.size()) > remaining) {
            std::shuffle(layer.begin(), layer.end(), rng);
            layer.resize(static_cast<std::size_t>(remaining));
        }
        for (const std::size_t v : layer)
            out.voxels[v] = value;
        remaining -= static_cast<std::int64_t>(layer.size());
        front = std::move(layer);
    }
    return out;
}

} // namespace rgw::radiomics::robustness
