#pragma once

// The texture families whose kernel matrices are rebuilt at every kernel
// position rather than slid: GLSZM and GLDZM.
//
// Why rebuilt. A map value is the whole-ROI family computed on the kernel's
// sub-ROI (as PyRadiomics' voxel-based extraction: the kernel is the mask), so
// zones are the connected components of the sub-ROI: moving the kernel one
// voxel can split a zone anywhere in it (removing voxels from a union-find
// has no cheap exact update), and GLDZM's border distances change with the
// faces. (GLRLM, NGTDM and NGLDM, whose counts do update exactly, slide:
// SlidingRuns.h, SlidingNeighbourhood.h.) So each kernel is copied into one
// small padded grid per tile ((2r + 1 + 2δ)³ voxels, reused: no allocation
// once warm, its levels renumbered to the kernel's own), and the families' own
// builders (buildGlszmVolume, buildGldzmVolume) and value functions run on it:
// O((2r + 1)³ × neighbourhood) per kernel, one source of truth.

#include "radiomics/featuremaps/KernelLevels.h"
#include "radiomics/texture/LevelTable.h"
#include "radiomics/texture/PaddedGrid.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace rgw::radiomics::featuremaps {

class KernelTexture {
public:
    /// A kernel of radius `radius`; `distance` (δ) as the whole-ROI families
    /// read it from TextureSettings; `greyLevels` N_g of the ROI;
    /// `tileLevels` compact levels of the tile (grey level of index c).
    KernelTexture(int radius, int distance, int greyLevels,
                  std::shared_ptr<const texture::LevelTable> tileLevels);

    /// Bytes a KernelTexture holds for `radius`, `distance` and `tileLevels`
    /// distinct levels (for the memory budget).
    static std::uint64_t bytes(int radius, int distance, std::uint64_t tileLevels);

    /// Loads the kernel whose low corner is `corner` in a tile array of
    /// compact levels (0 outside the intensity mask), rows `rowStride` and
    /// planes `planeStride` elements apart.
    void load(const std::uint32_t* corner, std::ptrdiff_t rowStride, std::ptrdiff_t planeStride);

    /// GLSZM and GLDZM (IBSI 3.8, 3.9) 3D: the values of the family's volume
    /// matrix, all NaN when it is empty.
    std::vector<double> glszm() const;
    std::vector<double> gldzm() const;

private:
    int side_, pad_, distance_;
    KernelLevels levels_; ///< the kernel's levels (grid_.levels)
    texture::PaddedGrid grid_;
    std::vector<int> interior_; ///< grid index of each kernel voxel, k-major
};

} // namespace rgw::radiomics::featuremaps
