#pragma once

// The texture families whose kernel matrices are rebuilt at every kernel
// position rather than slid: GLRLM, GLSZM, GLDZM, NGTDM and NGLDM.
//
// Why rebuilt. A map value is the whole-ROI family computed on the kernel's
// sub-ROI (as PyRadiomics' voxel-based extraction: the kernel is the mask), so
// a kernel face truncates runs, zones, border distances and neighbourhoods:
//  - GLSZM / GLDZM: zones are connected components of the sub-ROI; moving the
//    kernel one voxel can split or join zones anywhere in it, and GLDZM's
//    border distances change with the faces. Removing voxels from a
//    union-find has no cheap exact update.
//  - GLRLM: every run that touches the leaving or entering face changes
//    length, and one direction in 13 lies along the motion, where every run
//    changes.
//  - NGTDM / NGLDM: each voxel's neighbourhood is clipped by the kernel, so
//    the neighbourhood mean (s_i) and the dependence count of every voxel
//    within δ of the two moving faces change: 2δ of the 2r + 1 planes. At the
//    radii maps use (r = 1 … 3, δ = 1) that is two thirds to two sevenths of
//    the kernel, and s_i are sums of |i − Ā| that an add/remove update would
//    leave with history-dependent round-off (the maps must not depend on the
//    row a kernel is reached from, nor on the thread count).
// So each kernel is copied into one small padded grid per tile ((2r + 1 + 2δ)³
// voxels, reused: no allocation once warm, its levels renumbered to the
// kernel's own), and the families' own builders (buildGlrlm, buildGlszmVolume,
// buildGldzmVolume, buildNgtdmVolume, buildNgldmVolume) and value functions run
// on it: O((2r + 1)³ × neighbourhood) per kernel, one source of truth.

#include "radiomics/texture/LevelTable.h"
#include "radiomics/texture/PaddedGrid.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace rgw::radiomics::featuremaps {

class KernelTexture {
public:
    /// A kernel of radius `radius`; `distance` (δ) and `coarseness` (α) as the
    /// whole-ROI families read them from TextureSettings; `greyLevels` N_g of
    /// the ROI; `tileLevels` compact levels of the tile (grey level of index c).
    KernelTexture(int radius, int distance, int coarseness, int greyLevels,
                  std::shared_ptr<const texture::LevelTable> tileLevels);

    /// Bytes a KernelTexture holds for `radius`, `distance` and `tileLevels`
    /// distinct levels (for the memory budget).
    static std::uint64_t bytes(int radius, int distance, std::uint64_t tileLevels);

    /// Loads the kernel whose low corner is `corner` in a tile array of
    /// compact levels (0 outside the intensity mask), rows `rowStride` and
    /// planes `planeStride` elements apart.
    void load(const std::uint32_t* corner, std::ptrdiff_t rowStride, std::ptrdiff_t planeStride);

    /// GLRLM (IBSI 3.7) 3D, averaged (mean over the 13 directions' matrices)
    /// and 3D, merged (features of their sum), 16 values each.
    void glrlm(std::vector<double>& averaged, std::vector<double>& merged);
    /// GLSZM, GLDZM, NGTDM, NGLDM (IBSI 3.8–3.11) 3D: the values of the family's
    /// volume matrix, all NaN when it is empty.
    std::vector<double> glszm() const;
    std::vector<double> gldzm() const;
    std::vector<double> ngtdm() const;
    std::vector<double> ngldm() const;

private:
    int side_, pad_, distance_, coarseness_;
    std::shared_ptr<const texture::LevelTable> tileLevels_;
    std::shared_ptr<texture::LevelTable> levels_; ///< the kernel's levels (grid_.levels)
    texture::PaddedGrid grid_;
    std::vector<int> remap_;    ///< tile compact index → kernel compact index (0 between kernels)
    std::vector<int> present_;  ///< tile compact indices in the kernel
    std::vector<int> interior_; ///< grid index of each kernel voxel, k-major
};

} // namespace rgw::radiomics::featuremaps
