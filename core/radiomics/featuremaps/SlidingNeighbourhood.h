#pragma once

// NGTDM and NGLDM of a sliding kernel, updated incrementally. A map value is
// the family on the kernel's sub-ROI, so each voxel's neighbourhood (Chebyshev
// δ, centre excluded) is clipped by the kernel. Every kernel voxel keeps the
// three integers both families read from that clipped neighbourhood: the sum
// of its ROI neighbours' grey levels and their count (NGTDM's Ā = sum /
// count) and the count of those within α of its own grey level (NGLDM's
// dependence count j − 1). When the kernel moves one voxel along x, only the
// voxels within δ of the leaving and the entering plane change: the leaving
// plane's voxels are subtracted from their neighbours, the entering plane's
// added to theirs and counted themselves. Integer updates, so exact: the
// matrices then built over the kernel in the whole-ROI family's voxel order
// (k, j, i ascending) are the family's own, bit for bit, and so are the
// values of ngtdmFeatureValues / ngldmFeatureValues on them.

#include "radiomics/families/ngtdm.h"
#include "radiomics/featuremaps/KernelLevels.h"
#include "radiomics/texture/LevelCountMatrix.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace rgw::radiomics::featuremaps {

class SlidingNeighbourhood {
public:
    /// Over the tile array `level` (compact indices, 0 outside the intensity
    /// mask) of lx × ly × lz voxels (x fastest, lz = 2 radius + 1);
    /// `tileLevels` the grey levels of those indices; δ = `distance`,
    /// α = `coarseness`; `greyLevels` N_g of the ROI.
    SlidingNeighbourhood(const std::vector<std::uint32_t>& level,
                         std::shared_ptr<const texture::LevelTable> tileLevels, std::int64_t lx,
                         std::int64_t ly, int radius, int distance, int coarseness, int greyLevels);

    /// Bytes held for a tile of `tileVoxels` voxels with `tileLevels` levels.
    static std::uint64_t bytes(std::uint64_t tileVoxels, int radius, int distance,
                               std::uint64_t tileLevels);

    /// Counts every voxel of the kernel whose low corner is (x, y, 0).
    void fill(std::int64_t x, std::int64_t y);
    /// The kernel moves one voxel towards +x.
    void shift();

    /// NGTDM (IBSI 3.10) and NGLDM (IBSI 3.11) 3D values of the kernel: the
    /// families' value functions on its matrices; all NaN when the matrix is
    /// empty (NGTDM: no ROI voxel of the kernel has an ROI neighbour in it).
    std::vector<double> ngtdm();
    std::vector<double> ngldm();

private:
    struct Step {
        std::int64_t dx, dy, dz;
        std::ptrdiff_t offset;
    };
    bool inKernel(std::int64_t x, std::int64_t y, std::int64_t z) const {
        return x >= kx_ && x <= kx_ + 2 * r_ && y >= ky_ && y <= ky_ + 2 * r_ && z >= 0 &&
               z <= 2 * r_;
    }
    std::size_t at(std::int64_t x, std::int64_t y, std::int64_t z) const {
        return static_cast<std::size_t>((z * ly_ + y) * lx_ + x);
    }
    int grey(std::size_t p) const { return levels_.tile().value[level_[p]]; }
    /// Voxel p (at x, y, z) counts its neighbours in the kernel from scratch.
    void gather(std::int64_t x, std::int64_t y, std::int64_t z);
    /// Adds (sign +1) or removes (−1) voxel (x, y, z) as a neighbour of the
    /// kernel voxels `steps` away from it.
    void scatter(std::int64_t x, std::int64_t y, std::int64_t z, const std::vector<Step>& steps,
                 int sign);
    void renumber();

    const std::vector<std::uint32_t>& level_;
    std::int64_t lx_, ly_, r_;
    int distance_, coarseness_, greyLevels_;
    std::int64_t kx_ = 0, ky_ = 0;     ///< the kernel's low corner
    std::vector<Step> steps_;          ///< the neighbourhood, centre excluded
    std::vector<Step> ahead_, behind_; ///< its steps towards +x and towards −x
    std::vector<std::int64_t> sum_;    ///< Σ grey levels of the ROI neighbours in the kernel
    std::vector<std::int32_t> count_, match_;
    KernelLevels levels_;
    std::vector<double> dense_; ///< NGLDM counts: kernel levels × j
};

} // namespace rgw::radiomics::featuremaps
