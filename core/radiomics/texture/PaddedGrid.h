#pragma once

#include "radiomics/Roi.h"
#include "radiomics/texture/Directions.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace rgw::radiomics::texture {

/// The ROI's bounding box (intensity and morphological masks together) copied
/// with a margin of `pad` empty voxels on every side, so that neighbour look-ups
/// up to `pad` steps away never leave the arrays: texture loops run over flat
/// indices without bounds checks. Level 0 = outside the intensity mask.
struct PaddedGrid {
    int nx = 0, ny = 0, nz = 0; ///< padded dimensions
    int pad = 0;
    int greyLevels = 0;                  ///< N_g
    std::vector<int> level;              ///< grey level 1..N_g, 0 outside the intensity mask
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
};

/// Builds the padded grid; throws rgw::Error when a level lies outside
/// 0..greyLevels or the morphological mask is on another grid.
PaddedGrid makePaddedGrid(const DiscretisedRoi& roi, int pad);

} // namespace rgw::radiomics::texture
