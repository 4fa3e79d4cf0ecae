#include "radiomics/texture/PaddedGrid.h"

#include "util/Error.h"

#include <algorithm>
#include <limits>
#include <string>

namespace rgw::radiomics::texture {

PaddedGrid makePaddedGrid(const DiscretisedRoi& roi, int pad) {
    const auto& size = roi.geometry.size;
    const std::size_t n = roi.geometry.voxelCount();
    if (roi.levels.size() != n)
        throw Error("DiscretisedRoi: " + std::to_string(roi.levels.size()) +
                    " grey levels for a grid of " + std::to_string(n) + " voxels");
    const bool hasMorph = !roi.morphologicalMask.voxels.empty();
    if (hasMorph && roi.morphologicalMask.voxels.size() != n)
        throw Error("DiscretisedRoi: morphological mask has " +
                    std::to_string(roi.morphologicalMask.voxels.size()) +
                    " voxels, the grey-level grid " + std::to_string(n));
    if (roi.greyLevels < 1)
        throw Error("DiscretisedRoi: number of grey levels is " + std::to_string(roi.greyLevels));

    // Bounding box of both masks (GLDZM distances need the morphological border).
    std::int64_t lo[3] = {size[0], size[1], size[2]};
    std::int64_t hi[3] = {-1, -1, -1};
    std::size_t idx = 0;
    for (std::int64_t k = 0; k < size[2]; ++k)
        for (std::int64_t j = 0; j < size[1]; ++j)
            for (std::int64_t i = 0; i < size[0]; ++i, ++idx) {
                const int v = roi.levels[idx];
                if (v < 0 || v > roi.greyLevels)
                    throw Error("DiscretisedRoi: grey level " + std::to_string(v) + " at voxel (" +
                                std::to_string(i) + ", " + std::to_string(j) + ", " +
                                std::to_string(k) + ") is outside 0.." +
                                std::to_string(roi.greyLevels));
                if (v == 0 && !(hasMorph && roi.morphologicalMask.voxels[idx]))
                    continue;
                const std::int64_t c[3] = {i, j, k};
                for (int a = 0; a < 3; ++a) {
                    lo[a] = std::min(lo[a], c[a]);
                    hi[a] = std::max(hi[a], c[a]);
                }
            }

    PaddedGrid g;
    g.pad = pad;
    g.greyLevels = roi.greyLevels;
    if (hi[0] < 0) {
        g.sliceStart.assign(1, 0);
        return g;
    }
    g.nx = static_cast<int>(hi[0] - lo[0] + 1) + 2 * pad;
    g.ny = static_cast<int>(hi[1] - lo[1] + 1) + 2 * pad;
    g.nz = static_cast<int>(hi[2] - lo[2] + 1) + 2 * pad;
    const std::size_t padded = static_cast<std::size_t>(g.nx) * g.ny * g.nz;
    if (padded > static_cast<std::size_t>(std::numeric_limits<int>::max()))
        throw Error("DiscretisedRoi: ROI bounding box of " + std::to_string(padded) +
                    " voxels is too large for texture matrices");
    g.level.assign(padded, 0);
    g.morph.assign(g.level.size(), 0);
    g.sliceStart.assign(static_cast<std::size_t>(g.nz) + 1, 0);
    for (int k = pad; k < g.nz - pad; ++k) {
        g.sliceStart[k] = g.roi.size();
        for (int j = pad; j < g.ny - pad; ++j) {
            const std::size_t src =
                roi.geometry.linearIndex(lo[0], lo[1] + j - pad, lo[2] + k - pad);
            const std::size_t dst = g.index(pad, j, k);
            for (int i = 0; i < g.nx - 2 * pad; ++i) {
                const int v = roi.levels[src + i];
                g.level[dst + i] = v;
                g.morph[dst + i] =
                    hasMorph ? (roi.morphologicalMask.voxels[src + i] ? 1 : 0) : (v > 0 ? 1 : 0);
                if (v > 0)
                    g.roi.push_back(static_cast<int>(dst + i));
            }
        }
    }
    for (int k = g.nz - pad; k <= g.nz; ++k)
        g.sliceStart[k] = g.roi.size();
    return g;
}

} // namespace rgw::radiomics::texture
