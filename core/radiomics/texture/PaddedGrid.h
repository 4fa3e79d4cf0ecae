#pragma once

#include "radiomics/Roi.h"
#include "radiomics/texture/Directions.h"
#include "radiomics/texture/LevelTable.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace rgw::radiomics::texture {

/// The ROI's bounding box (intensity and morphological masks together) copied
/// with a margin of `pad` empty voxels on every side, so that neighbour look-ups
/// up to `pad` steps away never leave the arrays: texture loops run over flat
/// indices without bounds checks. Level 0 = outside the intensity mask.
/// Voxels hold compact level indices (LevelTable): texture matrices are sized
/// by the levels present, `levels->value[c]` is the grey level of index c.
struct PaddedGrid {
    int nx = 0, ny = 0, nz = 0; ///< padded dimensions
    int pad = 0;
    int greyLevels = 0; ///< N_g (highest grey level)
    std::shared_ptr<const LevelTable> levels = std::make_shared<LevelTable>();
    std::vector<int> level;              ///< compact index 1..levels->count(), 0 outside
    std::vector<std::uint8_t> morph;     ///< morphological mask (1 inside)
    std::vector<int> roi;                ///< flat indices of intensity-mask voxels, k-major order
    std::vector<std::size_t> sliceStart; ///< roi[sliceStart[k] .. sliceStart[k+1]) lie in plane k

    std::ptrdiff_t step(const Offset& o, int distance = 1) const {
        return (static_cast<std::ptrdiff_t>(o.dk) * ny + o.dj) * nx * distance +
               static_cast<std::ptrdiff_t>(o.di) * distance;
    }
    std::size_t index(int i, int j, int k) const {
        return (static_cast<std::size_t>(k) * ny + j) * nx + i;
    }
    std::size_t voxelCount() const { return level.size(); }
    std::size_t roiVoxels() const { return roi.size(); }
    std::size_t sliceVoxels(int k) const { return sliceStart[k + 1] - sliceStart[k]; }
    int distinctLevels() const { return levels->count(); }
    /// Grey level (1..N_g) of compact index c.
    int value(int c) const { return levels->value[static_cast<std::size_t>(c)]; }
};

/// The Chebyshev distance δ the families use: at least 1, and no larger than
/// the ROI's largest extent, beyond which every neighbourhood already covers
/// the whole ROI and every offset leaves it (so results are unchanged and the
/// padding stays bounded by the ROI).
int usefulDistance(const DiscretisedRoi& roi, int distance);

/// Neighbour visits (ROI voxels × neighbourhood size) a family may make: about
/// one to three seconds of work. Larger neighbourhoods come only from a texture.distance
/// far beyond what texture analysis uses on a large ROI.
inline constexpr double kMaxNeighbourVisits = 1e9;

/// Throws rgw::Error naming `family`, texture.distance and the counts when
/// `roiVoxels` × `neighbours` exceeds kMaxNeighbourVisits.
void requireNeighbourhoodWork(const char* family, std::size_t roiVoxels, std::uint64_t neighbours,
                              int distance);

/// Builds the padded grid; throws rgw::Error when a level lies outside
/// 0..greyLevels, the morphological mask is on another grid, or the grid and
/// the texture working buffers it implies exceed the memory budget.
PaddedGrid makePaddedGrid(const DiscretisedRoi& roi, int pad);

} // namespace rgw::radiomics::texture
