#include "radiomics/featuremaps/SlidingNeighbourhood.h"

#include "radiomics/families/ngldm.h"
#include "radiomics/texture/FamilyFeatures.h"
#include "util/ResourceBudget.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>

namespace rgw::radiomics::featuremaps {

namespace {

/// δ beyond the kernel's extent changes nothing (every pair of its voxels is
/// within 2r), as texture::usefulDistance clamps it to the ROI's.
int clippedDistance(int radius, int distance) {
    return std::clamp(distance, 1, 2 * radius);
}

std::vector<double> undefined(std::size_t n) {
    return std::vector<double>(n, std::numeric_limits<double>::quiet_NaN());
}

} // namespace

SlidingNeighbourhood::SlidingNeighbourhood(const std::vector<std::uint32_t>& level,
                                           std::shared_ptr<const texture::LevelTable> tileLevels,
                                           std::int64_t lx, std::int64_t ly, int radius,
                                           int distance, int coarseness, int greyLevels)
    : level_(level), lx_(lx), ly_(ly), r_(radius), distance_(clippedDistance(radius, distance)),
      coarseness_(std::max(0, coarseness)), greyLevels_(greyLevels), sum_(level.size(), 0),
      count_(level.size(), 0), match_(level.size(), 0), levels_(std::move(tileLevels)) {
    const std::int64_t d = distance_;
    for (std::int64_t dz = -d; dz <= d; ++dz)
        for (std::int64_t dy = -d; dy <= d; ++dy)
            for (std::int64_t dx = -d; dx <= d; ++dx)
                if (dx != 0 || dy != 0 || dz != 0)
                    steps_.push_back({dx, dy, dz, (dz * ly_ + dy) * lx_ + dx});
    for (const Step& s : steps_)
        if (s.dx != 0)
            (s.dx > 0 ? ahead_ : behind_).push_back(s);
}

std::uint64_t SlidingNeighbourhood::bytes(std::uint64_t tileVoxels, int radius, int distance,
                                          std::uint64_t tileLevels) {
    const auto side = static_cast<std::uint64_t>(2 * radius + 1);
    const auto hood = static_cast<std::uint64_t>(2 * clippedDistance(radius, distance) + 1);
    const std::uint64_t kernel = side * side * side;
    // Per tile voxel: sum, count, match; the level renumbering; the NGLDM
    // table (kernel levels ≤ kernel voxels, j ≤ min(neighbourhood, kernel)).
    return budget::sum(budget::sum(budget::product({tileVoxels, 8 + 4 + 4}),
                                   budget::product({tileLevels + 1, 4 + 4})),
                       budget::product({std::min(kernel, tileLevels),
                                        std::min(hood * hood * hood, kernel), sizeof(double)}));
}

void SlidingNeighbourhood::gather(std::int64_t x, std::int64_t y, std::int64_t z) {
    const std::size_t p = at(x, y, z);
    const int a = grey(p);
    std::int64_t sum = 0;
    std::int32_t count = 0, match = 0;
    for (const Step& s : steps_) {
        if (!inKernel(x + s.dx, y + s.dy, z + s.dz))
            continue;
        const std::size_t q = static_cast<std::size_t>(static_cast<std::ptrdiff_t>(p) + s.offset);
        if (level_[q] == 0)
            continue;
        const int b = grey(q);
        sum += b;
        ++count;
        match += std::abs(b - a) <= coarseness_ ? 1 : 0;
    }
    sum_[p] = sum;
    count_[p] = count;
    match_[p] = match;
}

void SlidingNeighbourhood::scatter(std::int64_t x, std::int64_t y, std::int64_t z,
                                   const std::vector<Step>& steps, int sign) {
    const std::size_t p = at(x, y, z);
    const int a = grey(p);
    for (const Step& s : steps) {
        if (!inKernel(x + s.dx, y + s.dy, z + s.dz))
            continue;
        const std::size_t q = static_cast<std::size_t>(static_cast<std::ptrdiff_t>(p) + s.offset);
        if (level_[q] == 0)
            continue;
        const int b = grey(q);
        sum_[q] += sign * a;
        count_[q] += sign;
        match_[q] += std::abs(b - a) <= coarseness_ ? sign : 0;
    }
}

void SlidingNeighbourhood::fill(std::int64_t x, std::int64_t y) {
    kx_ = x;
    ky_ = y;
    for (std::int64_t k = 0; k <= 2 * r_; ++k)
        for (std::int64_t j = ky_; j <= ky_ + 2 * r_; ++j)
            for (std::int64_t i = kx_; i <= kx_ + 2 * r_; ++i)
                if (level_[at(i, j, k)] != 0)
                    gather(i, j, k);
}

void SlidingNeighbourhood::shift() {
    // The plane x = kx_ leaves: its voxels stop being neighbours of the next
    // δ planes (still in the kernel up to its old high face).
    const std::int64_t leaving = kx_;
    for (std::int64_t k = 0; k <= 2 * r_; ++k)
        for (std::int64_t j = ky_; j <= ky_ + 2 * r_; ++j)
            if (level_[at(leaving, j, k)] != 0)
                scatter(leaving, j, k, ahead_, -1);
    ++kx_;
    // The plane x = kx_ + 2r enters: its voxels count their neighbours and
    // become neighbours of the δ planes before it.
    const std::int64_t entering = kx_ + 2 * r_;
    for (std::int64_t k = 0; k <= 2 * r_; ++k)
        for (std::int64_t j = ky_; j <= ky_ + 2 * r_; ++j)
            if (level_[at(entering, j, k)] != 0) {
                gather(entering, j, k);
                scatter(entering, j, k, behind_, +1);
            }
}

void SlidingNeighbourhood::renumber() {
    levels_.renumber(&level_[at(kx_, ky_, 0)], static_cast<int>(2 * r_ + 1), lx_, lx_ * ly_);
}

std::vector<double> SlidingNeighbourhood::ngtdm() {
    // As buildNgtdmVolume: voxels with at least one ROI neighbour, in the
    // ROI's voxel order, s_i += |i − Ā| with Ā = (Σ neighbours) / count.
    renumber();
    NgtdmMatrix m(levels_.table());
    for (std::int64_t k = 0; k <= 2 * r_; ++k)
        for (std::int64_t j = ky_; j <= ky_ + 2 * r_; ++j)
            for (std::int64_t i = kx_; i <= kx_ + 2 * r_; ++i) {
                const std::size_t p = at(i, j, k);
                if (level_[p] == 0 || count_[p] == 0)
                    continue;
                const double a = grey(p);
                const double mean = static_cast<double>(sum_[p]) / static_cast<double>(count_[p]);
                const auto c = static_cast<std::size_t>(levels_[level_[p]] - 1);
                m.n[c] += 1.0;
                m.s[c] += std::abs(a - mean);
            }
    return m.empty() ? undefined(texture::ngtdmFeatures().size()) : ngtdmFeatureValues(m);
}

std::vector<double> SlidingNeighbourhood::ngldm() {
    // As the family's dependence matrix: one count per ROI voxel at (level,
    // j = 1 + matching neighbours), over a dense kernel-levels × maxJ table.
    renumber();
    const int levels = levels_.table()->count();
    if (levels == 0)
        return undefined(texture::ngldmFeatures().size());
    // j = 1 + matching neighbours ≤ the kernel's voxels.
    const auto side = static_cast<std::size_t>(2 * r_ + 1);
    const int maxJ = static_cast<int>(std::min(steps_.size() + 1, side * side * side));
    dense_.assign(static_cast<std::size_t>(levels) * static_cast<std::size_t>(maxJ), 0.0);
    double voxels = 0.0;
    for (std::int64_t k = 0; k <= 2 * r_; ++k)
        for (std::int64_t j = ky_; j <= ky_ + 2 * r_; ++j)
            for (std::int64_t i = kx_; i <= kx_ + 2 * r_; ++i) {
                const std::size_t p = at(i, j, k);
                if (level_[p] == 0)
                    continue;
                dense_[static_cast<std::size_t>(levels_[level_[p]] - 1) * maxJ +
                       static_cast<std::size_t>(match_[p])] += 1.0;
                voxels += 1.0;
            }
    texture::LevelCountMatrix m(greyLevels_);
    m.assignDense(dense_, maxJ, *levels_.table());
    m.voxels = voxels;
    return ngldmFeatureValues(m);
}

} // namespace rgw::radiomics::featuremaps
