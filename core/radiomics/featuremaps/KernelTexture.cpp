#include "radiomics/featuremaps/KernelTexture.h"

#include "radiomics/families/gldzm.h"
#include "radiomics/families/glszm.h"
#include "radiomics/texture/FamilyFeatures.h"
#include "util/ResourceBudget.h"

#include <algorithm>
#include <limits>

namespace rgw::radiomics::featuremaps {

namespace {

/// δ beyond the kernel's extent changes nothing (every pair of its voxels is
/// already within 2r), as texture::usefulDistance clamps it to the ROI's.
int kernelDistance(int radius, int distance) {
    return std::clamp(distance, 1, 2 * radius + 1);
}

std::vector<double> undefined(std::size_t n) {
    return std::vector<double>(n, std::numeric_limits<double>::quiet_NaN());
}

} // namespace

KernelTexture::KernelTexture(int radius, int distance, int greyLevels,
                             std::shared_ptr<const texture::LevelTable> tileLevels)
    : side_(2 * radius + 1), pad_(kernelDistance(radius, distance)),
      distance_(kernelDistance(radius, distance)), levels_(std::move(tileLevels)) {
    const int n = side_ + 2 * pad_;
    grid_.nx = grid_.ny = grid_.nz = n;
    grid_.pad = pad_;
    grid_.greyLevels = greyLevels;
    grid_.levels = levels_.table();
    grid_.level.assign(static_cast<std::size_t>(n) * n * n, 0);
    grid_.morph.assign(grid_.level.size(), 0);
    grid_.sliceStart.assign(static_cast<std::size_t>(n) + 1, 0);
    grid_.roi.reserve(static_cast<std::size_t>(side_) * side_ * side_);
    for (int k = 0; k < side_; ++k)
        for (int j = 0; j < side_; ++j)
            for (int i = 0; i < side_; ++i)
                interior_.push_back(static_cast<int>(grid_.index(i + pad_, j + pad_, k + pad_)));
}

std::uint64_t KernelTexture::bytes(int radius, int distance, std::uint64_t tileLevels) {
    const auto n =
        static_cast<std::uint64_t>(2 * radius + 1 + 2 * kernelDistance(radius, distance));
    // The grid (level, morph, roi, interior) and the builders' working arrays
    // on it (zone labelling's two tables, GLDZM's border distances), the level
    // renumbering.
    return budget::sum(budget::product({n, n, n, 4 + 1 + 4 + 4 + 4 + 4 + 4}),
                       budget::product({tileLevels + 1, 2 * sizeof(int)}));
}

void KernelTexture::load(const std::uint32_t* corner, std::ptrdiff_t rowStride,
                         std::ptrdiff_t planeStride) {
    levels_.renumber(corner, side_, rowStride, planeStride);
    grid_.roi.clear();
    std::size_t v = 0;
    for (int k = 0; k < side_; ++k) {
        grid_.sliceStart[static_cast<std::size_t>(k + pad_)] = grid_.roi.size();
        for (int j = 0; j < side_; ++j) {
            const std::uint32_t* row = corner + k * planeStride + j * rowStride;
            for (int i = 0; i < side_; ++i, ++v) {
                const int g = interior_[v];
                const int c = levels_[row[i]];
                grid_.level[static_cast<std::size_t>(g)] = c;
                grid_.morph[static_cast<std::size_t>(g)] = c > 0 ? 1 : 0;
                if (c > 0)
                    grid_.roi.push_back(g);
            }
        }
    }
    for (int k = side_ + pad_; k <= grid_.nz; ++k)
        grid_.sliceStart[static_cast<std::size_t>(k)] = grid_.roi.size();
}

std::vector<double> KernelTexture::glszm() const {
    if (grid_.roi.empty())
        return undefined(texture::glszmFeatures().size());
    const texture::LevelCountMatrix m = buildGlszmVolume(grid_, distance_);
    return m.empty() ? undefined(texture::glszmFeatures().size()) : glszmFeatureValues(m);
}

std::vector<double> KernelTexture::gldzm() const {
    if (grid_.roi.empty())
        return undefined(texture::gldzmFeatures().size());
    const texture::LevelCountMatrix m = buildGldzmVolume(grid_, distance_);
    return m.empty() ? undefined(texture::gldzmFeatures().size()) : gldzmFeatureValues(m);
}

} // namespace rgw::radiomics::featuremaps
