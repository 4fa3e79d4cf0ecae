#pragma once

#include "radiomics/texture/LevelTable.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace rgw::radiomics::featuremaps {

/// The grey levels present in one kernel, renumbered 1… ascending as
/// makePaddedGrid numbers a whole ROI's: the kernel's matrices are then sized
/// by its own levels (at most its voxels), not by the tile's.
class KernelLevels {
public:
    /// `tile`: grey level of each tile compact index (ascending with the index).
    explicit KernelLevels(std::shared_ptr<const texture::LevelTable> tile)
        : tile_(std::move(tile)), kernel_(std::make_shared<texture::LevelTable>()),
          remap_(static_cast<std::size_t>(tile_->count()) + 1, 0) {}

    /// Renumbers the levels of the side³ kernel whose low corner is `corner`
    /// in a tile array of compact indices (0 outside the mask), rows
    /// `rowStride` and planes `planeStride` elements apart.
    void renumber(const std::uint32_t* corner, int side, std::ptrdiff_t rowStride,
                  std::ptrdiff_t planeStride) {
        for (const std::uint32_t c : present_)
            remap_[c] = 0;
        present_.clear();
        for (int k = 0; k < side; ++k)
            for (int j = 0; j < side; ++j) {
                const std::uint32_t* row = corner + k * planeStride + j * rowStride;
                for (int i = 0; i < side; ++i)
                    if (const std::uint32_t c = row[i]; c != 0 && remap_[c] == 0) {
                        remap_[c] = 1;
                        present_.push_back(c);
                    }
            }
        std::sort(present_.begin(), present_.end());
        kernel_->value.resize(present_.size() + 1);
        for (std::size_t p = 0; p < present_.size(); ++p) {
            remap_[present_[p]] = static_cast<int>(p) + 1;
            kernel_->value[p + 1] = tile_->value[present_[p]];
        }
    }

    /// Kernel index of tile index c (0 for 0), until the next renumber().
    int operator[](std::uint32_t c) const { return remap_[c]; }
    /// The kernel's levels; shared with the matrices built on them, so valid
    /// only until the next renumber().
    const std::shared_ptr<texture::LevelTable>& table() const { return kernel_; }
    const texture::LevelTable& tile() const { return *tile_; }

private:
    std::shared_ptr<const texture::LevelTable> tile_;
    std::shared_ptr<texture::LevelTable> kernel_;
    std::vector<int> remap_;
    std::vector<std::uint32_t> present_;
};

} // namespace rgw::radiomics::featuremaps
