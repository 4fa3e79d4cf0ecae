#include "radiomics/texture/PaddedGrid.h"

#include "util/Error.h"
#include "util/ResourceBudget.h"

#include <algorithm>
#include <cstdio>
#include <limits>
#include <string>

namespace rgw::radiomics::texture {

namespace {

/// Bytes per padded voxel held by the grid and the largest family working set
/// on it: level (4) + morphological mask (1) + ROI index (4), zone labelling's
/// parent and root tables (4 + 4), NGTDM's four box-sum arrays (4 × 8).
constexpr std::uint64_t kBytesPerPaddedVoxel = 4 + 1 + 4 + 4 + 4 + 4 * 8;

} // namespace

int usefulDistance(const DiscretisedRoi& roi, int distance) {
    const auto& s = roi.geometry.size;
    const std::int64_t extent = std::max({s[0], s[1], s[2], std::int64_t{1}});
    return static_cast<int>(std::clamp<std::int64_t>(distance, 1, extent));
}

void requireNeighbourhoodWork(const char* family, std::size_t roiVoxels, std::uint64_t neighbours,
                              int distance) {
    const double visits = static_cast<double>(roiVoxels) * static_cast<double>(neighbours);
    if (visits <= kMaxNeighbourVisits)
        return;
    char billions[32];
    std::snprintf(billions, sizeof billions, "%.1f", visits / 1e9);
    throw Error("radiomics: " + std::string(family) + " at texture.distance " +
                std::to_string(distance) + " visits " + std::to_string(neighbours) +
                " neighbours of each of " + std::to_string(roiVoxels) + " ROI voxels (" + billions +
                " billion), more than the 1 billion allowed — choose a smaller " +
                "texture.distance");
}

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
    std::uint64_t dims[3];
    for (int a = 0; a < 3; ++a)
        dims[a] =
            static_cast<std::uint64_t>(hi[a] - lo[a] + 1) + 2 * static_cast<std::uint64_t>(pad);
    const std::uint64_t padded = budget::product({dims[0], dims[1], dims[2]});
    const std::string box = std::to_string(dims[0]) + " × " + std::to_string(dims[1]) + " × " +
                            std::to_string(dims[2]) + " voxels";
    // Flat indices are int: the texture loops index the grid without checks.
    if (padded > static_cast<std::uint64_t>(std::numeric_limits<int>::max()))
        throw Error("radiomics: the ROI bounding box with a margin of " + std::to_string(pad) +
                    " voxels (" + box + ") is too large for texture matrices (at most " +
                    std::to_string(std::numeric_limits<int>::max()) +
                    " voxels; reduce texture.distance or the ROI)");
    budget::requireMemory(budget::product({padded, kBytesPerPaddedVoxel}), "radiomics",
                          "texture matrices over the ROI bounding box (" + box + ")");
    g.nx = static_cast<int>(dims[0]);
    g.ny = static_cast<int>(dims[1]);
    g.nz = static_cast<int>(dims[2]);
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
    auto table = std::make_shared<LevelTable>(makeLevelTable(g.level, g.greyLevels));
    toCompact(g.level, *table, g.greyLevels);
    g.levels = std::move(table);
    return g;
}

} // namespace rgw::radiomics::texture
