#include "radiomics/featuremaps/KernelTexture.h"

#include "radiomics/families/gldzm.h"
#include "radiomics/families/glrlm.h"
#include "radiomics/families/glszm.h"
#include "radiomics/families/ngldm.h"
#include "radiomics/families/ngtdm.h"
#include "radiomics/texture/Aggregation.h"
#include "radiomics/texture/Directions.h"
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

KernelTexture::KernelTexture(int radius, int distance, int coarseness, int greyLevels,
                             std::shared_ptr<const texture::LevelTable> tileLevels)
    : side_(2 * radius + 1), pad_(kernelDistance(radius, distance)),
      distance_(kernelDistance(radius, distance)), coarseness_(std::max(0, coarseness)),
      tileLevels_(std::move(tileLevels)), levels_(std::make_shared<texture::LevelTable>()) {
    const int n = side_ + 2 * pad_;
    grid_.nx = grid_.ny = grid_.nz = n;
    grid_.pad = pad_;
    grid_.greyLevels = greyLevels;
    grid_.levels = levels_;
    grid_.level.assign(static_cast<std::size_t>(n) * n * n, 0);
    grid_.morph.assign(grid_.level.size(), 0);
    grid_.sliceStart.assign(static_cast<std::size_t>(n) + 1, 0);
    grid_.roi.reserve(static_cast<std::size_t>(side_) * side_ * side_);
    remap_.assign(static_cast<std::size_t>(tileLevels_->count()) + 1, 0);
    for (int k = 0; k < side_; ++k)
        for (int j = 0; j < side_; ++j)
            for (int i = 0; i < side_; ++i)
                interior_.push_back(static_cast<int>(grid_.index(i + pad_, j + pad_, k + pad_)));
}

std::uint64_t KernelTexture::bytes(int radius, int distance, std::uint64_t tileLevels) {
    const auto n =
        static_cast<std::uint64_t>(2 * radius + 1 + 2 * kernelDistance(radius, distance));
    // The grid (level, morph, roi, interior) and the builders' working arrays
    // on it (zone labelling's two tables, NGTDM's four box sums), as
    // makePaddedGrid counts them; the level renumbering.
    return budget::sum(budget::product({n, n, n, 4 + 1 + 4 + 4 + 4 + 4 + 4 * 8}),
                       budget::product({tileLevels + 1, 2 * sizeof(int)}));
}

void KernelTexture::load(const std::uint32_t* corner, std::ptrdiff_t rowStride,
                         std::ptrdiff_t planeStride) {
    // The kernel's distinct levels, ascending (tile indices ascend with the
    // grey level), renumbered 1… as makePaddedGrid does for a whole ROI.
    present_.clear();
    for (int k = 0; k < side_; ++k)
        for (int j = 0; j < side_; ++j) {
            const std::uint32_t* row = corner + k * planeStride + j * rowStride;
            for (int i = 0; i < side_; ++i)
                if (const std::uint32_t c = row[i]; c != 0 && remap_[c] == 0) {
                    remap_[c] = 1;
                    present_.push_back(static_cast<int>(c));
                }
        }
    std::sort(present_.begin(), present_.end());
    levels_->value.resize(present_.size() + 1);
    for (std::size_t p = 0; p < present_.size(); ++p) {
        remap_[static_cast<std::size_t>(present_[p])] = static_cast<int>(p) + 1;
        levels_->value[p + 1] = tileLevels_->value[static_cast<std::size_t>(present_[p])];
    }
    grid_.roi.clear();
    std::size_t v = 0;
    for (int k = 0; k < side_; ++k) {
        grid_.sliceStart[static_cast<std::size_t>(k + pad_)] = grid_.roi.size();
        for (int j = 0; j < side_; ++j) {
            const std::uint32_t* row = corner + k * planeStride + j * rowStride;
            for (int i = 0; i < side_; ++i, ++v) {
                const int g = interior_[v];
                const int c = row[i] == 0 ? 0 : remap_[row[i]];
                grid_.level[static_cast<std::size_t>(g)] = c;
                grid_.morph[static_cast<std::size_t>(g)] = c > 0 ? 1 : 0;
                if (c > 0)
                    grid_.roi.push_back(g);
            }
        }
    }
    for (int k = side_ + pad_; k <= grid_.nz; ++k)
        grid_.sliceStart[static_cast<std::size_t>(k)] = grid_.roi.size();
    for (const int c : present_)
        remap_[static_cast<std::size_t>(c)] = 0;
}

void KernelTexture::glrlm(std::vector<double>& averaged, std::vector<double>& merged) {
    // As texture::aggregateDirectional's volumetric part.
    const std::size_t n = texture::glrlmFeatures().size();
    texture::FeatureMean mean(n);
    texture::LevelCountMatrix m(grid_.greyLevels), all(grid_.greyLevels);
    if (!grid_.roi.empty())
        for (const texture::Offset& direction : texture::directions3D()) {
            m.clear();
            buildGlrlm(m, grid_, -1, direction);
            if (m.empty())
                continue;
            mean.add(glrlmFeatureValues(m));
            all += m;
        }
    averaged.resize(n);
    for (std::size_t f = 0; f < n; ++f)
        averaged[f] = mean.mean(f);
    merged = all.empty() ? undefined(n) : glrlmFeatureValues(all);
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

std::vector<double> KernelTexture::ngtdm() const {
    if (grid_.roi.empty())
        return undefined(texture::ngtdmFeatures().size());
    const NgtdmMatrix m = buildNgtdmVolume(grid_, distance_);
    return m.empty() ? undefined(texture::ngtdmFeatures().size()) : ngtdmFeatureValues(m);
}

std::vector<double> KernelTexture::ngldm() const {
    if (grid_.roi.empty())
        return undefined(texture::ngldmFeatures().size());
    const texture::LevelCountMatrix m = buildNgldmVolume(grid_, distance_, coarseness_);
    return m.empty() ? undefined(texture::ngldmFeatures().size()) : ngldmFeatureValues(m);
}

} // namespace rgw::radiomics::featuremaps
