#include "radiomics/featuremaps/FeatureMaps.h"

#include "radiomics/families/detail/Distribution.h"
#include "radiomics/families/glcm.h"
#include "radiomics/families/intensity_histogram.h"
#include "radiomics/families/intensity_statistics.h"
#include "radiomics/featuremaps/KernelTexture.h"
#include "radiomics/featuremaps/MapFamilies.h"
#include "radiomics/featuremaps/SlidingHistogram.h"
#include "radiomics/featuremaps/SlidingNeighbourhood.h"
#include "radiomics/featuremaps/SlidingRuns.h"
#include "radiomics/processing/Discretisation.h"
#include "radiomics/processing/Resegmentation.h"
#include "radiomics/processing/RoiBox.h"
#include "radiomics/texture/Aggregation.h"
#include "radiomics/texture/Directions.h"
#include "radiomics/texture/FamilyFeatures.h"
#include "util/Error.h"
#include "util/ParallelFor.h"
#include "util/ResourceBudget.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <memory>

namespace rgw::radiomics::featuremaps {

namespace {

constexpr std::size_t kDirections = 13; // texture::directions3D()
constexpr std::size_t kMerged = kDirections;

/// Which feature of which family goes to which output map.
struct Wanted {
    std::size_t feature; ///< index in the family's feature list
    std::size_t map;     ///< index in FeatureMaps::features
};

/// The wanted features of each map family.
struct Plan {
    std::array<std::vector<Wanted>, kMapFamilies> wanted;

    const std::vector<Wanted>& operator[](MapFamily f) const {
        return wanted[static_cast<std::size_t>(f)];
    }
    bool any(std::initializer_list<MapFamily> families) const {
        for (const MapFamily f : families)
            if (!(*this)[f].empty())
                return true;
        return false;
    }
    bool needsGlcm() const { return any({MapFamily::GlcmAveraged, MapFamily::GlcmMerged}); }
    /// The families rebuilt per kernel (KernelTexture).
    bool needsKernelTexture() const { return any({MapFamily::Glszm, MapFamily::Gldzm}); }
    /// GLRLM's run counts (SlidingRuns).
    bool needsRuns() const { return any({MapFamily::GlrlmAveraged, MapFamily::GlrlmMerged}); }
    /// The families of per-voxel neighbourhood counts (SlidingNeighbourhood).
    bool needsNeighbourhood() const { return any({MapFamily::Ngtdm, MapFamily::Ngldm}); }
    bool needsLevels() const {
        return needsGlcm() || needsKernelTexture() || needsRuns() || needsNeighbourhood() ||
               any({MapFamily::IntensityHistogram});
    }
};

std::size_t indexOf(std::span<const texture::FeatureDef> defs, const MapFeature& f) {
    for (std::size_t i = 0; i < defs.size(); ++i)
        if (f.name == defs[i].name)
            return i;
    throw Error("featuremap: " + f.family + " has no feature '" + f.name + "'");
}

Plan makePlan(const std::vector<MapFeature>& features) {
    Plan p;
    for (std::size_t m = 0; m < features.size(); ++m) {
        const MapFeature& f = features[m];
        const MapFamilyDef* family = nullptr;
        for (const MapFamilyDef& d : mapFamilies())
            if (f.family == d.family && f.aggregation == d.aggregation)
                family = &d;
        if (!family)
            throw Error("featuremap: no kernel map for " + f.family + " feature '" + f.name + "'" +
                        (f.aggregation.empty() ? "" : " [" + f.aggregation + "]"));
        p.wanted[static_cast<std::size_t>(family->id)].push_back(
            {indexOf(family->features(), f), m});
    }
    return p;
}

/// What every tile reads: the image, the intensity mask, the discretiser and
/// where each plane's kernel centres go in the output.
struct Input {
    const Volume& image;
    const Mask& intensity;
    processing::Box box; ///< bounding box of the intensity mask
    processing::Discretiser discretiser;
    int greyLevels = 0; ///< N_g: highest level in the ROI
    int radius = 1;
    int distance = 1;                    ///< Chebyshev δ (GLCM, GLSZM, GLDZM, NGTDM, NGLDM)
    int coarseness = 0;                  ///< NGLDM α
    std::vector<std::size_t> planeStart; ///< first output index of plane box.lo[2] + t
};

/// One tile: the kernel centres of plane kc. Holds the (2r + 1) planes around
/// it, over the box widened by r, as local arrays of compact indices.
class Tile {
public:
    Tile(const Input& in, const Plan& plan, std::int64_t kc, FeatureMaps& out)
        : in_(in), plan_(plan), out_(out), kc_(kc), r_(in.radius) {
        x0_ = in.box.lo[0] - r_;
        y0_ = in.box.lo[1] - r_;
        lx_ = in.box.hi[0] - in.box.lo[0] + 1 + 2 * r_;
        ly_ = in.box.hi[1] - in.box.lo[1] + 1 + 2 * r_;
        lz_ = 2 * r_ + 1;
        load();
    }

    void run() {
        std::size_t next = in_.planeStart[static_cast<std::size_t>(kc_ - in_.box.lo[2])];
        const Geometry& g = in_.image.geometry;
        for (std::int64_t y = in_.box.lo[1]; y <= in_.box.hi[1]; ++y) {
            std::int64_t first = -1, last = -1;
            for (std::int64_t x = in_.box.lo[0]; x <= in_.box.hi[0]; ++x)
                if (in_.intensity.voxels[g.linearIndex(x, y, kc_)]) {
                    if (first < 0)
                        first = x;
                    last = x;
                }
            if (first < 0)
                continue;
            const std::int64_t cy = y - y0_;
            clearKernel();
            fillKernel(first - x0_, cy);
            if (neighbourhood_)
                neighbourhood_->fill(first - x0_ - r_, cy - r_);
            if (runs_)
                runs_->fill(first - x0_ - r_, cy - r_);
            for (std::int64_t x = first; x <= last; ++x) {
                const std::int64_t cx = x - x0_;
                if (x > first) {
                    slab(cx - 1 - r_, cx - 1, cy, false); // leaves with the old kernel
                    slab(cx + r_, cx, cy, true);          // enters with the new one
                    if (neighbourhood_)
                        neighbourhood_->shift();
                    if (runs_)
                        runs_->shift();
                }
                if (in_.intensity.voxels[g.linearIndex(x, y, kc_)])
                    evaluate(next++);
            }
        }
    }

private:
    std::size_t at(std::int64_t x, std::int64_t y, std::int64_t z) const {
        return static_cast<std::size_t>((z * ly_ + y) * lx_ + x);
    }

    void load() {
        const Geometry& g = in_.image.geometry;
        const std::size_t n = static_cast<std::size_t>(lx_ * ly_ * lz_);
        value_.assign(n, 0);
        level_.assign(n, 0);
        std::vector<double> intensities;
        std::vector<int> levels;
        std::vector<std::size_t> inside;
        for (std::int64_t z = 0; z < lz_; ++z) {
            const std::int64_t k = kc_ - r_ + z;
            if (k < 0 || k >= g.size[2])
                continue;
            for (std::int64_t y = 0; y < ly_; ++y) {
                const std::int64_t j = y0_ + y;
                if (j < 0 || j >= g.size[1])
                    continue;
                for (std::int64_t x = 0; x < lx_; ++x) {
                    const std::int64_t i = x0_ + x;
                    if (i < 0 || i >= g.size[0])
                        continue;
                    const std::size_t v = g.linearIndex(i, j, k);
                    if (!in_.intensity.voxels[v])
                        continue;
                    inside.push_back(at(x, y, z));
                    intensities.push_back(in_.image.voxels[v]);
                    if (plan_.needsLevels())
                        levels.push_back(in_.discretiser.level(in_.image.voxels[v]));
                }
            }
        }
        // Compact indices 1… of the tile's distinct intensities and levels, ascending.
        values_ = intensities;
        std::sort(values_.begin(), values_.end());
        values_.erase(std::unique(values_.begin(), values_.end()), values_.end());
        auto table = std::make_shared<texture::LevelTable>();
        std::vector<int> distinct = levels;
        std::sort(distinct.begin(), distinct.end());
        distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
        table->value.insert(table->value.end(), distinct.begin(), distinct.end());
        for (std::size_t s = 0; s < inside.size(); ++s) {
            value_[inside[s]] = static_cast<std::uint32_t>(
                std::lower_bound(values_.begin(), values_.end(), intensities[s]) - values_.begin() +
                1);
            if (plan_.needsLevels())
                level_[inside[s]] = static_cast<std::uint32_t>(
                    std::lower_bound(distinct.begin(), distinct.end(), levels[s]) -
                    distinct.begin() + 1);
        }
        levels_ = std::move(table);
        nl_ = static_cast<std::size_t>(levels_->count());
        if (!plan_[MapFamily::IntensityStatistics].empty())
            valueHistogram_ = SlidingHistogram(values_.size() + 1);
        if (!plan_[MapFamily::IntensityHistogram].empty())
            levelHistogram_ = SlidingHistogram(nl_ + 1);
        if (plan_.needsGlcm()) {
            for (auto& m : glcm_)
                m = SlidingHistogram(nl_ * nl_);
            for (std::size_t d = 0; d < kDirections; ++d) {
                const texture::Offset& o = texture::directions3D()[d];
                step_[d] = {o.di * in_.distance, o.dj * in_.distance, o.dk * in_.distance};
            }
            matrix_.levels = levels_;
            matrix_.greyLevels = in_.greyLevels;
            matrix_.size = static_cast<int>(nl_);
        }
        if (plan_.needsKernelTexture())
            kernel_ = std::make_unique<KernelTexture>(static_cast<int>(r_), in_.distance,
                                                      in_.greyLevels, levels_);
        if (plan_.needsRuns())
            runs_ = std::make_unique<SlidingRuns>(level_, levels_, lx_, ly_, static_cast<int>(r_),
                                                  in_.greyLevels);
        if (plan_.needsNeighbourhood())
            neighbourhood_ = std::make_unique<SlidingNeighbourhood>(
                level_, levels_, lx_, ly_, static_cast<int>(r_), in_.distance, in_.coarseness,
                in_.greyLevels);
    }

    void clearKernel() {
        valueHistogram_.clear();
        levelHistogram_.clear();
        for (auto& m : glcm_)
            m.clear();
    }

    bool inKernel(std::int64_t x, std::int64_t y, std::int64_t z) const {
        return x >= lo_[0] && x <= lo_[0] + 2 * r_ && y >= lo_[1] && y <= lo_[1] + 2 * r_ &&
               z >= 0 && z < lz_;
    }

    /// Adds (sign > 0) or removes the co-occurrence of voxel p with q.
    void pair(std::size_t d, std::size_t p, std::size_t q, bool add) {
        const std::size_t a = std::min(level_[p], level_[q]) - 1;
        const std::size_t b = std::max(level_[p], level_[q]) - 1;
        const std::size_t cell = a * nl_ + b;
        if (add) {
            glcm_[d].add(cell);
            glcm_[kMerged].add(cell);
        } else {
            glcm_[d].remove(cell);
            glcm_[kMerged].remove(cell);
        }
    }

    /// Voxel (x, y, z) enters or leaves the kernel: its histogram bins and its
    /// co-occurrences with the kernel's voxels, except those of the plane
    /// x = `skipX` (pairs within the entering or leaving slab are counted once,
    /// from their first voxel).
    void update(std::int64_t x, std::int64_t y, std::int64_t z, std::int64_t skipX, bool add) {
        const std::size_t p = at(x, y, z);
        if (level_[p] == 0 && value_[p] == 0)
            return;
        if (!plan_[MapFamily::IntensityStatistics].empty())
            add ? valueHistogram_.add(value_[p]) : valueHistogram_.remove(value_[p]);
        if (!plan_[MapFamily::IntensityHistogram].empty())
            add ? levelHistogram_.add(level_[p]) : levelHistogram_.remove(level_[p]);
        if (!plan_.needsGlcm())
            return;
        for (std::size_t d = 0; d < kDirections; ++d) {
            const auto& s = step_[d];
            if (inKernel(x + s[0], y + s[1], z + s[2])) {
                const std::size_t q = at(x + s[0], y + s[1], z + s[2]);
                if (level_[q] != 0)
                    pair(d, p, q, add);
            }
            if (x - s[0] != skipX && inKernel(x - s[0], y - s[1], z - s[2])) {
                const std::size_t q = at(x - s[0], y - s[1], z - s[2]);
                if (level_[q] != 0)
                    pair(d, p, q, add);
            }
        }
    }

    /// The kernel centred at local (cx, cy, r) from scratch: every pair once,
    /// from its voxel p towards p + δ·direction.
    void fillKernel(std::int64_t cx, std::int64_t cy) {
        lo_ = {cx - r_, cy - r_};
        for (std::int64_t z = 0; z < lz_; ++z)
            for (std::int64_t y = lo_[1]; y <= lo_[1] + 2 * r_; ++y)
                for (std::int64_t x = lo_[0]; x <= lo_[0] + 2 * r_; ++x) {
                    const std::size_t p = at(x, y, z);
                    if (level_[p] == 0 && value_[p] == 0)
                        continue;
                    if (!plan_[MapFamily::IntensityStatistics].empty())
                        valueHistogram_.add(value_[p]);
                    if (!plan_[MapFamily::IntensityHistogram].empty())
                        levelHistogram_.add(level_[p]);
                    if (!plan_.needsGlcm())
                        continue;
                    for (std::size_t d = 0; d < kDirections; ++d) {
                        const auto& s = step_[d];
                        if (inKernel(x + s[0], y + s[1], z + s[2])) {
                            const std::size_t q = at(x + s[0], y + s[1], z + s[2]);
                            if (level_[q] != 0)
                                pair(d, p, q, true);
                        }
                    }
                }
    }

    /// Plane x = `xs` leaves the kernel centred at cx (add = false) or enters
    /// the kernel centred at cx (add = true).
    void slab(std::int64_t xs, std::int64_t cx, std::int64_t cy, bool add) {
        lo_ = {cx - r_, cy - r_};
        for (std::int64_t z = 0; z < lz_; ++z)
            for (std::int64_t y = lo_[1]; y <= lo_[1] + 2 * r_; ++y)
                update(xs, y, z, xs, add);
    }

    std::vector<double> glcmValues(const SlidingHistogram& m) {
        m.sortedBins(bins_);
        cells_.clear();
        for (const std::uint32_t cell : bins_) {
            const int a = static_cast<int>(cell / nl_) + 1, b = static_cast<int>(cell % nl_) + 1;
            cells_.push_back({a, b, (a == b ? 2.0 : 1.0) * m.count(cell)});
        }
        matrix_.clear();
        matrix_.add(cells_);
        return glcmFeatureValues(matrix_);
    }

    void evaluate(std::size_t o) {
        if (!plan_[MapFamily::IntensityStatistics].empty()) {
            valueHistogram_.sortedBins(bins_);
            x_.clear();
            n_.clear();
            for (const std::uint32_t b : bins_) {
                x_.push_back(values_[b - 1]);
                n_.push_back(valueHistogram_.count(b));
            }
            const auto v = intensityStatisticsValues(families::detail::describe(x_, n_));
            for (const Wanted& w : plan_[MapFamily::IntensityStatistics])
                out_.values[w.map][o] = v[w.feature];
        }
        if (!plan_[MapFamily::IntensityHistogram].empty()) {
            levelHistogram_.sortedBins(bins_);
            levels_n_.clear();
            n_.clear();
            for (const std::uint32_t b : bins_) {
                levels_n_.push_back(levels_->value[b]);
                n_.push_back(levelHistogram_.count(b));
            }
            const auto v = intensityHistogramValues(levels_n_, n_, in_.greyLevels);
            for (const Wanted& w : plan_[MapFamily::IntensityHistogram])
                out_.values[w.map][o] = v[w.feature];
        }
        if (!plan_[MapFamily::GlcmAveraged].empty()) {
            // 3D, averaged (ITBB): the mean over the directions' matrices.
            texture::FeatureMean mean(texture::glcmFeatures().size());
            for (std::size_t d = 0; d < kDirections; ++d)
                if (!glcm_[d].empty())
                    mean.add(glcmValues(glcm_[d]));
            for (const Wanted& w : plan_[MapFamily::GlcmAveraged])
                out_.values[w.map][o] = mean.mean(w.feature);
        }
        if (!plan_[MapFamily::GlcmMerged].empty()) {
            // 3D, merged (IAZD): the features of the sum of the 13 matrices.
            const double nan = std::numeric_limits<double>::quiet_NaN();
            const std::vector<double> v =
                glcm_[kMerged].empty() ? std::vector<double>(texture::glcmFeatures().size(), nan)
                                       : glcmValues(glcm_[kMerged]);
            for (const Wanted& w : plan_[MapFamily::GlcmMerged])
                out_.values[w.map][o] = v[w.feature];
        }
        if (kernel_)
            evaluateKernelTexture(o);
        if (runs_) {
            runs_->values(averaged_, merged_);
            put(o, MapFamily::GlrlmAveraged, averaged_);
            put(o, MapFamily::GlrlmMerged, merged_);
        }
        if (!plan_[MapFamily::Ngtdm].empty())
            put(o, MapFamily::Ngtdm, neighbourhood_->ngtdm());
        if (!plan_[MapFamily::Ngldm].empty())
            put(o, MapFamily::Ngldm, neighbourhood_->ngldm());
    }

    /// GLSZM, GLDZM, rebuilt per kernel (KernelTexture.h says why).
    void evaluateKernelTexture(std::size_t o) {
        kernel_->load(&level_[at(lo_[0], lo_[1], 0)], lx_, lx_ * ly_);
        if (!plan_[MapFamily::Glszm].empty())
            put(o, MapFamily::Glszm, kernel_->glszm());
        if (!plan_[MapFamily::Gldzm].empty())
            put(o, MapFamily::Gldzm, kernel_->gldzm());
    }

    /// The values `v` of `family` at output index o.
    void put(std::size_t o, MapFamily family, const std::vector<double>& v) {
        for (const Wanted& w : plan_[family])
            out_.values[w.map][o] = v[w.feature];
    }

    const Input& in_;
    const Plan& plan_;
    FeatureMaps& out_;
    std::int64_t kc_, r_;
    std::int64_t x0_ = 0, y0_ = 0, lx_ = 0, ly_ = 0, lz_ = 0;
    std::array<std::int64_t, 2> lo_{};         ///< local (x, y) of the kernel's low corner
    std::vector<std::uint32_t> value_, level_; ///< compact indices, 0 outside the mask
    std::vector<double> values_;               ///< intensity of compact index c + 1
    std::shared_ptr<const texture::LevelTable> levels_;
    std::size_t nl_ = 0;
    SlidingHistogram valueHistogram_, levelHistogram_;
    std::array<SlidingHistogram, kDirections + 1> glcm_; ///< 13 directions, then merged
    std::array<std::array<std::int64_t, 3>, kDirections> step_{};
    GlcmMatrix matrix_;
    std::vector<GlcmMatrix::Cell> cells_;
    std::vector<std::uint32_t> bins_;
    std::vector<double> x_, n_;
    std::vector<int> levels_n_;
    std::unique_ptr<KernelTexture> kernel_;               ///< GLSZM, GLDZM
    std::unique_ptr<SlidingRuns> runs_;                   ///< GLRLM
    std::unique_ptr<SlidingNeighbourhood> neighbourhood_; ///< NGTDM, NGLDM
    std::vector<double> averaged_, merged_;
};

} // namespace

FeatureMaps computeFeatureMaps(const Volume& image, const Mask* mask, const Settings& settings,
                               const std::vector<MapFeature>& features,
                               const FeatureMapOptions& options, const ProgressFn& progress,
                               const CancelToken* cancel) {
    settings.validate();
    if (settings.interpolation.enabled)
        throw Error("featuremap: the parameter set asks for interpolation "
                    "(interpolation.enabled); feature maps are computed on the image grid — "
                    "use a parameter set without interpolation");
    if (options.radius < 1)
        throw Error("featuremap: kernel radius " + std::to_string(options.radius) +
                    " voxels; it must be at least 1");
    if (image.voxels.size() != image.geometry.voxelCount())
        throw Error("featuremap: image voxel count does not match its geometry");
    if (mask && (!mask->geometry.sameGrid(image.geometry) ||
                 mask->voxels.size() != mask->geometry.voxelCount()))
        throw Error("featuremap: the mask is not on the image grid");
    const Plan plan = makePlan(features);

    const Mask everything = mask ? Mask() : Mask(image.geometry, 1);
    const Mask& morphological = mask ? *mask : everything;
    const Mask intensity = processing::resegment(
        image, morphological, processing::resegmentationInterval(image, morphological, settings));
    const processing::Box box = processing::boundingBox(intensity);
    if (box.empty())
        throw Error("featuremap: the intensity mask (ROI after re-segmentation) is empty");

    FeatureMaps maps;
    maps.geometry = image.geometry;
    maps.radius = options.radius;
    maps.features = features;
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    for (std::size_t v = 0; v < intensity.voxels.size(); ++v)
        if (intensity.voxels[v]) {
            maps.voxels.push_back(v);
            lo = std::min<double>(lo, image.voxels[v]);
            hi = std::max<double>(hi, image.voxels[v]);
        }
    Input in{image,
             intensity,
             box,
             {},
             0,
             options.radius,
             settings.texture.distance,
             settings.texture.ngldmCoarseness,
             {}};
    if (plan.needsLevels()) {
        in.discretiser = processing::makeDiscretiser(settings.discretisation,
                                                     settings.resegmentationRange, lo, hi);
        processing::requireRepresentableLevels(in.discretiser, lo, hi, "discretisation.bin_width");
        for (const std::size_t v : maps.voxels)
            in.greyLevels = std::max(in.greyLevels, in.discretiser.level(image.voxels[v]));
    }
    // Output index of each plane's first centre (centres ascend k-major).
    const Geometry& g = image.geometry;
    const auto planes = static_cast<std::size_t>(box.hi[2] - box.lo[2] + 1);
    in.planeStart.assign(planes + 1, 0);
    const std::int64_t planeVoxels = g.size[0] * g.size[1];
    for (const std::size_t v : maps.voxels)
        ++in.planeStart[static_cast<std::size_t>(static_cast<std::int64_t>(v) / planeVoxels -
                                                 box.lo[2] + 1)];
    for (std::size_t t = 1; t <= planes; ++t)
        in.planeStart[t] += in.planeStart[t - 1];

    // Memory: the maps, and per working thread one tile's slab arrays and
    // kernel histograms (the co-occurrence ones over level pairs), and the
    // kernel grid of the families rebuilt per kernel.
    const unsigned threads = resolveThreadCount(options.threads, planes);
    const auto u = [](std::int64_t x) { return static_cast<std::uint64_t>(x); };
    const std::uint64_t slab = budget::product({u(box.hi[0] - box.lo[0] + 1 + 2 * options.radius),
                                                u(box.hi[1] - box.lo[1] + 1 + 2 * options.radius),
                                                u(2 * options.radius + 1)});
    std::uint64_t levelsBound = 0;
    if (plan.needsGlcm())
        levelsBound = std::min<std::uint64_t>(u(in.greyLevels), slab);
    std::uint64_t perTile =
        budget::sum(budget::product({slab, 4 + 4 + 8 + 4 + 8 + 8 + 8}),
                    budget::product({kDirections + 1, levelsBound, levelsBound, 8}));
    const std::uint64_t tileLevels = std::min<std::uint64_t>(u(in.greyLevels), slab);
    if (plan.needsKernelTexture())
        perTile =
            budget::sum(perTile, KernelTexture::bytes(options.radius, in.distance, tileLevels));
    if (plan.needsRuns())
        perTile = budget::sum(perTile, SlidingRuns::bytes(options.radius, tileLevels));
    if (plan.needsNeighbourhood())
        perTile = budget::sum(
            perTile, SlidingNeighbourhood::bytes(slab, options.radius, in.distance, tileLevels));
    budget::requireMemory(budget::sum(budget::product({features.size() + 1, maps.voxels.size(), 8}),
                                      budget::product({threads, perTile})),
                          "featuremap",
                          std::to_string(features.size()) + " maps over " +
                              std::to_string(maps.voxels.size()) +
                              " voxels with a kernel of radius " + std::to_string(options.radius),
                          "choose fewer features, a smaller ROI or a coarser discretisation");
    maps.values.assign(features.size(), std::vector<double>(maps.voxels.size(), 0.0));

    const auto cancelled = [cancel] { return cancel && cancel->isCancelled(); };
    std::atomic<std::size_t> done{0};
    parallelFor(
        planes, threads,
        [&](std::size_t t) {
            Tile(in, plan, box.lo[2] + static_cast<std::int64_t>(t), maps).run();
            const std::size_t finished = ++done;
            if (progress)
                progress(finished, planes,
                         "feature maps: plane " + std::to_string(finished) + " of " +
                             std::to_string(planes));
        },
        cancelled);
    if (cancelled())
        throw Error("cancelled");
    return maps;
}

} // namespace rgw::radiomics::featuremaps
