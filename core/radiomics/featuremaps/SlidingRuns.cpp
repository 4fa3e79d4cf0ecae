#include "radiomics/featuremaps/SlidingRuns.h"

#include "radiomics/families/glrlm.h"
#include "radiomics/texture/Aggregation.h"
#include "radiomics/texture/FamilyFeatures.h"
#include "radiomics/texture/LevelCountMatrix.h"
#include "util/ResourceBudget.h"

#include <limits>

namespace rgw::radiomics::featuremaps {

SlidingRuns::SlidingRuns(const std::vector<std::uint32_t>& level,
                         std::shared_ptr<const texture::LevelTable> tileLevels, std::int64_t lx,
                         std::int64_t ly, int radius, int greyLevels)
    : level_(level), lx_(lx), ly_(ly), r_(radius), side_(static_cast<std::size_t>(2 * radius + 1)),
      greyLevels_(greyLevels), levels_(std::move(tileLevels)) {
    const auto cells = static_cast<std::size_t>(levels_.tile().count()) * side_;
    for (std::size_t d = 0; d < kDirections; ++d) {
        const texture::Offset& o = texture::directions3D()[d];
        const int sign = o.di < 0 ? -1 : 1; // a line is the same both ways
        Step& s = steps_[d];
        s = {sign * o.di, sign * o.dj, sign * o.dk, 0};
        s.offset = (s.dz * ly_ + s.dy) * lx_ + s.dx;
        runs_[d] = SlidingHistogram(cells);
    }
}

std::uint64_t SlidingRuns::bytes(int radius, std::uint64_t tileLevels) {
    const auto side = static_cast<std::uint64_t>(2 * radius + 1);
    // 13 histograms (count, position, occupied) over levels × lengths; the
    // renumbering; the dense table.
    return budget::sum(budget::product({kDirections, tileLevels, side, 4 + 4 + 4}),
                       budget::product({tileLevels + 1, 4 + 4 + 8 + 8}));
}

std::int64_t SlidingRuns::walk(std::int64_t x, std::int64_t y, std::int64_t z, const Step& s,
                               int sign) const {
    const std::uint32_t a = level_[at(x, y, z)];
    std::int64_t length = 1;
    for (std::int64_t t = 1;; ++t) {
        const std::int64_t qx = x + sign * t * s.dx, qy = y + sign * t * s.dy,
                           qz = z + sign * t * s.dz;
        if (!inKernel(qx, qy, qz) || level_[at(qx, qy, qz)] != a)
            return length;
        ++length;
    }
}

bool SlidingRuns::starts(std::int64_t x, std::int64_t y, std::int64_t z, const Step& s) const {
    const std::int64_t px = x - s.dx, py = y - s.dy, pz = z - s.dz;
    return !inKernel(px, py, pz) || level_[at(px, py, pz)] != level_[at(x, y, z)];
}

void SlidingRuns::planeRuns(std::size_t d, std::int64_t x, bool add) {
    const Step& s = steps_[d];
    for (std::int64_t z = 0; z <= 2 * r_; ++z)
        for (std::int64_t y = ky_; y <= ky_ + 2 * r_; ++y) {
            const std::size_t p = at(x, y, z);
            if (level_[p] == 0 || !starts(x, y, z, s))
                continue;
            const std::size_t c = cell(p, walk(x, y, z, s, +1));
            add ? runs_[d].add(c) : runs_[d].remove(c);
        }
}

void SlidingRuns::fill(std::int64_t x, std::int64_t y) {
    kx_ = x;
    ky_ = y;
    for (std::size_t d = 0; d < kDirections; ++d) {
        runs_[d].clear();
        for (std::int64_t i = kx_; i <= kx_ + 2 * r_; ++i)
            planeRuns(d, i, true);
    }
}

void SlidingRuns::shift() {
    const std::int64_t leaving = kx_, entering = kx_ + 2 * r_ + 1;
    for (std::size_t d = 0; d < kDirections; ++d) {
        const Step& s = steps_[d];
        if (s.dx == 0) {
            planeRuns(d, leaving, false);
            continue;
        }
        // Each leaving voxel starts its line's first run in the kernel.
        for (std::int64_t z = 0; z <= 2 * r_; ++z)
            for (std::int64_t y = ky_; y <= ky_ + 2 * r_; ++y) {
                const std::size_t p = at(leaving, y, z);
                if (level_[p] == 0)
                    continue;
                const std::int64_t length = walk(leaving, y, z, s, +1);
                runs_[d].remove(cell(p, length));
                if (length > 1)
                    runs_[d].add(cell(p, length - 1));
            }
    }
    ++kx_;
    for (std::size_t d = 0; d < kDirections; ++d) {
        const Step& s = steps_[d];
        if (s.dx == 0) {
            planeRuns(d, entering, true);
            continue;
        }
        // Each entering voxel ends its line's last run in the kernel.
        for (std::int64_t z = 0; z <= 2 * r_; ++z)
            for (std::int64_t y = ky_; y <= ky_ + 2 * r_; ++y) {
                const std::size_t p = at(entering, y, z);
                if (level_[p] == 0)
                    continue;
                const std::int64_t length = walk(entering, y, z, s, -1);
                if (length > 1)
                    runs_[d].remove(cell(p, length - 1));
                runs_[d].add(cell(p, length));
            }
    }
}

void SlidingRuns::values(std::vector<double>& averaged, std::vector<double>& merged) {
    // As KernelTexture / texture::aggregateDirectional's volumetric part, with
    // the matrices buildGlrlm would build: real grey levels, N_v = the
    // kernel's ROI voxels.
    levels_.renumber(&level_[at(kx_, ky_, 0)], static_cast<int>(side_), lx_, lx_ * ly_);
    const auto& table = *levels_.table();
    dense_.assign(static_cast<std::size_t>(table.count()) * side_, 0.0);
    const std::size_t n = texture::glrlmFeatures().size();
    texture::FeatureMean mean(n);
    texture::LevelCountMatrix m(greyLevels_), all(greyLevels_);
    for (std::size_t d = 0; d < kDirections; ++d) {
        if (runs_[d].empty())
            continue;
        // Counts are placed by (level, length): the order of the bins is free.
        double covered = 0.0;
        for (const std::uint32_t b : runs_[d].occupied()) {
            const auto c = static_cast<std::uint32_t>(b / side_ + 1);
            const std::size_t length = b % side_ + 1;
            const double count = runs_[d].count(b);
            dense_[static_cast<std::size_t>(levels_[c] - 1) * side_ + length - 1] = count;
            covered += count * static_cast<double>(length);
        }
        m.assignDense(dense_, static_cast<int>(side_), table);
        std::fill(dense_.begin(), dense_.end(), 0.0);
        m.voxels = covered; // each direction's runs cover the kernel's ROI voxels once
        mean.add(glrlmFeatureValues(m));
        all += m;
    }
    averaged.resize(n);
    for (std::size_t f = 0; f < n; ++f)
        averaged[f] = mean.mean(f);
    merged = all.empty() ? std::vector<double>(n, std::numeric_limits<double>::quiet_NaN())
                         : glrlmFeatureValues(all);
}

} // namespace rgw::radiomics::featuremaps
