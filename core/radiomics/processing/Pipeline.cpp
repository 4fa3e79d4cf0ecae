#include "radiomics/processing/Pipeline.h"

#include "radiomics/processing/Interpolation.h"
#include "radiomics/processing/Resegmentation.h"
#include "radiomics/processing/RoiBox.h"
#include "util/CheckedNumeric.h"
#include "util/Error.h"
#include "util/ResourceBudget.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <type_traits>

namespace rgw::radiomics::processing {

namespace {

/// Coefficient padding for the cubic-spline prefilter: the pole's influence
/// decays as 0.268^k, below 1e-9 after 16 voxels, so cropping is invisible.
constexpr std::int64_t kSplinePadding = 16;

/// Copies the block [lo, lo+dims) of the image on `window.whole`, replicating
/// edge voxels outside the image (nearest-boundary padding); `voxels` holds
/// the voxels of window.box only, which must cover every voxel read.
template <class T>
std::vector<double> extractBlock(const std::vector<T>& voxels, const GridWindow& window,
                                 const std::array<std::int64_t, 3>& lo,
                                 const std::array<std::int64_t, 3>& dims) {
    const Geometry& g = window.whole;
    const VoxelBox& w = window.box;
    std::vector<double> out(static_cast<std::size_t>(dims[0] * dims[1] * dims[2]));
    std::size_t o = 0;
    for (std::int64_t k = 0; k < dims[2]; ++k) {
        const std::int64_t kk = std::clamp<std::int64_t>(lo[2] + k, 0, g.size[2] - 1) - w.lo[2];
        for (std::int64_t j = 0; j < dims[1]; ++j) {
            const std::int64_t jj = std::clamp<std::int64_t>(lo[1] + j, 0, g.size[1] - 1) - w.lo[1];
            const T* row = voxels.data() + (kk * w.extent(1) + jj) * w.extent(0) - w.lo[0];
            for (std::int64_t i = 0; i < dims[0]; ++i) {
                const T x = row[std::clamp<std::int64_t>(lo[0] + i, 0, g.size[0] - 1)];
                if constexpr (std::is_same_v<T, std::uint8_t>)
                    out[o++] = x != 0 ? 1.0 : 0.0; // mask: any non-zero is inside
                else
                    out[o++] = static_cast<double>(x);
            }
        }
    }
    return out;
}

/// resampleAxis along i of extractBlock(voxels, window, lo, dims), computed
/// from the image's voxels directly: the block [lo, lo + dims) with i
/// resampled by `taps` (indices relative to lo[0]); dims[0] becomes the
/// output size.
template <class T>
std::vector<double> resampleIFromImage(const std::vector<T>& voxels, const GridWindow& window,
                                       const std::array<std::int64_t, 3>& lo,
                                       std::array<std::int64_t, 3>& dims, const AxisTaps& taps) {
    const Geometry& g = window.whole;
    const VoxelBox& w = window.box;
    // Each tap's column in the window (nearest-boundary padding as extractBlock).
    std::vector<std::int64_t> column(taps.index.size());
    for (std::size_t t = 0; t < column.size(); ++t)
        column[t] = std::clamp<std::int64_t>(lo[0] + taps.index[t], 0, g.size[0] - 1) - w.lo[0];
    const std::int64_t nOut = taps.outputSize();
    std::vector<double> out(static_cast<std::size_t>(nOut * dims[1] * dims[2]));
    double* dst = out.data();
    for (std::int64_t k = 0; k < dims[2]; ++k) {
        const std::int64_t kk = std::clamp<std::int64_t>(lo[2] + k, 0, g.size[2] - 1) - w.lo[2];
        for (std::int64_t j = 0; j < dims[1]; ++j) {
            const std::int64_t jj = std::clamp<std::int64_t>(lo[1] + j, 0, g.size[1] - 1) - w.lo[1];
            const T* row = voxels.data() + (kk * w.extent(1) + jj) * w.extent(0);
            for (std::int64_t q = 0; q < nOut; ++q) {
                const auto first = static_cast<std::size_t>(q * taps.taps);
                double sum = 0.0;
                for (int t = 0; t < taps.taps; ++t) {
                    const T x = row[column[first + static_cast<std::size_t>(t)]];
                    double value;
                    if constexpr (std::is_same_v<T, std::uint8_t>)
                        value = x != 0 ? 1.0 : 0.0; // mask: any non-zero is inside
                    else
                        value = static_cast<double>(x);
                    sum += taps.weight[first + static_cast<std::size_t>(t)] * value;
                }
                *dst++ = sum;
            }
        }
    }
    dims[0] = nOut;
    return out;
}

/// The block of input indices the taps of each axis read, before clamping to
/// the grid: [lo, lo + dims), with the spline's coefficient padding.
void tapsBlock(const std::array<AxisTaps, 3>& taps, bool spline,
               const std::array<bool, 3>& identity, std::array<std::int64_t, 3>& lo,
               std::array<std::int64_t, 3>& dims) {
    for (std::size_t a = 0; a < 3; ++a) {
        const auto [mn, mx] = std::minmax_element(taps[a].index.begin(), taps[a].index.end());
        const std::int64_t pad = spline && !identity[a] ? kSplinePadding : 0;
        lo[a] = *mn - pad;
        dims[a] = *mx + pad - lo[a] + 1;
    }
}

/// Resamples one image (values as float) on the output box through the taps
/// of each axis; `spline` prefilters the coefficient block first. With
/// `release` (the vector `voxels` refers to), the input is freed as soon as
/// the first axis has read it.
template <class T>
std::vector<double>
resample(const std::vector<T>& voxels, const GridWindow& window, std::array<AxisTaps, 3> taps,
         bool spline, const std::array<bool, 3>& identity, std::vector<T>* release = nullptr) {
    std::array<std::int64_t, 3> lo{}, dims{};
    tapsBlock(taps, spline, identity, lo, dims);
    for (std::size_t a = 0; a < 3; ++a)
        for (auto& i : taps[a].index)
            i -= lo[a];
    // Without a prefilter along i, the block is never held as doubles: i is
    // resampled straight from the image's voxels (the same products and sums
    // in the same order as resampleAxis on the extracted block).
    const bool prefilterI = spline && !identity[0];
    std::vector<double> block = prefilterI ? extractBlock(voxels, window, lo, dims)
                                           : resampleIFromImage(voxels, window, lo, dims, taps[0]);
    if (release)
        std::vector<T>().swap(*release); // `voxels` is not read after this
    // Prefiltering along one axis commutes with resampling along another, so
    // each axis is prefiltered just before it is resampled (on a smaller block).
    for (int a = prefilterI ? 0 : 1; a < 3; ++a) {
        if (spline && !identity[static_cast<std::size_t>(a)])
            cubicSplinePrefilter(block, dims, a);
        block = resampleAxis(block, dims, a, taps[static_cast<std::size_t>(a)]);
    }
    return block;
}

/// ⌈x⌉ or ⌊x⌋ of a sample position as an index; a grid so fine that it does
/// not fit an int64 is refused by the budget check that follows anyway.
std::int64_t checkedIndex(double x, const char* what) {
    if (const auto v = toIntChecked<std::int64_t>(x))
        return *v;
    throw Error(std::string("radiomics: ") + what + " " + std::to_string(x) +
                " is out of range (interpolation.spacing_mm too small?)");
}

/// Bytes held at once while preparing `out` voxels: the float image and the
/// masks of the PreparedRoi (4 + 1 + 1), the discretised copy (4 + 1), the two
/// resampled double blocks kept (image values and mask fractions, 8 + 8) and
/// the ping-pong blocks of the separable resampling (2 × 8 per voxel of the
/// largest intermediate block, `largestBlock`).
std::uint64_t preparationBytes(std::uint64_t out, std::uint64_t largestBlock) {
    return budget::sum(budget::product({out, 4 + 1 + 1 + 4 + 1 + 8 + 8}),
                       budget::product({largestBlock, 2 * 8}));
}

std::string describeGrid(const Geometry& og, bool resampled) {
    char spacing[96];
    std::snprintf(spacing, sizeof spacing, "%g × %g × %g mm", og.spacing[0], og.spacing[1],
                  og.spacing[2]);
    return std::string(resampled ? "re-sampling the ROI to " : "cropping the ROI at ") + spacing +
           " (" + std::to_string(og.size[0]) + " × " + std::to_string(og.size[1]) + " × " +
           std::to_string(og.size[2]) + " voxels)";
}

/// Asks the memory budget before anything is allocated on the output grid.
void requirePreparationMemory(const Geometry& in, const Geometry& og,
                              const std::array<AxisGrid, 3>& grid, bool resampled) {
    const auto n = [](std::int64_t x) {
        return static_cast<std::uint64_t>(std::max<std::int64_t>(x, 0));
    };
    const std::uint64_t out = budget::product({n(og.size[0]), n(og.size[1]), n(og.size[2])});
    std::uint64_t largest = 0;
    if (resampled) {
        // Block extents along each axis before (input: the span its taps read,
        // plus spline padding) and after resampling; axis a is resampled at stage a.
        std::array<std::uint64_t, 3> before{}, after{};
        for (std::size_t a = 0; a < 3; ++a) {
            after[a] = n(og.size[a]);
            const double span = std::ceil(static_cast<double>(og.size[a]) * grid[a].step) + 4.0 +
                                2.0 * static_cast<double>(kSplinePadding);
            before[a] = std::min<std::uint64_t>(n(in.size[a]) + 2 * kSplinePadding + 4,
                                                static_cast<std::uint64_t>(span));
        }
        for (std::size_t stage = 0; stage <= 3; ++stage) {
            std::uint64_t block = 1;
            for (std::size_t a = 0; a < 3; ++a)
                block = budget::product({block, a < stage ? after[a] : before[a]});
            largest = std::max(largest, block);
        }
    }
    budget::requireMemory(preparationBytes(out, largest), "radiomics", describeGrid(og, resampled),
                          resampled ? "choose a coarser interpolation.spacing_mm" : "");
}

} // namespace

double roiMarginMm(const Settings& settings, const std::array<double, 3>& spacing) {
    double margin = kRoiMarginMm;
    for (const filters::FilterSpec& spec : settings.filters)
        margin = std::max(margin, filters::responseReachMm(spec, spacing));
    return margin;
}

namespace {

/// What prepareRoi does for an ROI whose bounding box is `roiBox` on the
/// image grid `in`: the processing grid per axis, the output box on it and
/// its geometry, and (when resampling) the taps of image and mask.
struct RoiPlan {
    std::array<AxisGrid, 3> grid;
    std::array<bool, 3> identity{};
    Box out;
    Geometry og;
    std::array<AxisTaps, 3> imageTaps, maskTaps;

    bool resampled() const { return !(identity[0] && identity[1] && identity[2]); }
};

RoiPlan planRoi(const Geometry& in, const Box& roiBox, const Settings& settings) {
    const auto& interp = settings.interpolation;
    RoiPlan plan;
    for (std::size_t a = 0; a < 3; ++a) {
        const bool resampled = interp.enabled && !(interp.inPlaneOnly && a == 2);
        plan.grid[a] = resampled
                           ? alignGridCentres(in.size[a], in.spacing[static_cast<Eigen::Index>(a)],
                                              interp.spacing[a])
                           : identityAxis(in.size[a], in.spacing[static_cast<Eigen::Index>(a)]);
        plan.identity[a] = plan.grid[a].isIdentity(in.size[a]);
    }

    // Output box: samples where the interpolated mask can be non-zero (within
    // one original voxel of the ROI box), plus the local-intensity margin or
    // the reach of the widest filter, whichever is larger.
    const double marginMm =
        roiMarginMm(settings, {plan.grid[0].spacing, plan.grid[1].spacing, plan.grid[2].spacing});
    Box& out = plan.out;
    for (std::size_t a = 0; a < 3; ++a) {
        const AxisGrid& g = plan.grid[a];
        const double reach = plan.identity[a] ? 0.0 : 1.0;
        const std::int64_t qlo =
            checkedIndex(std::ceil((static_cast<double>(roiBox.lo[a]) - reach - g.first) / g.step),
                         "first re-sampled ROI index");
        const std::int64_t qhi =
            checkedIndex(std::floor((static_cast<double>(roiBox.hi[a]) + reach - g.first) / g.step),
                         "last re-sampled ROI index");
        const std::int64_t margin =
            std::isfinite(marginMm)
                ? checkedIndex(std::ceil(marginMm / g.spacing), "ROI margin in voxels") + 1
                : g.size; // a Fourier-domain filter: its response depends on the whole image
        // Saturating: margins of ~2^62 voxels must not wrap before the clamp.
        out.lo[a] = qlo < margin ? 0 : qlo - margin;
        out.hi[a] = qhi > g.size - 1 - margin ? g.size - 1 : qhi + margin;
    }

    plan.og = in;
    for (std::size_t a = 0; a < 3; ++a) {
        plan.og.size[a] = out.hi[a] - out.lo[a] + 1;
        plan.og.spacing[static_cast<Eigen::Index>(a)] = plan.grid[a].spacing;
    }
    plan.og.origin = in.physicalPoint(Eigen::Vector3d(plan.grid[0].position(out.lo[0]),
                                                      plan.grid[1].position(out.lo[1]),
                                                      plan.grid[2].position(out.lo[2])));
    requirePreparationMemory(in, plan.og, plan.grid, plan.resampled());
    if (plan.resampled())
        for (std::size_t a = 0; a < 3; ++a) {
            plan.imageTaps[a] =
                makeTaps(plan.grid[a], in.size[a], out.lo[a], out.hi[a] + 1, interp.image);
            plan.maskTaps[a] =
                makeTaps(plan.grid[a], in.size[a], out.lo[a], out.hi[a] + 1, interp.mask);
        }
    return plan;
}

/// The voxels of `in` the taps read (clamped to the grid, as extractBlock reads).
Box tapsInput(const Geometry& in, const std::array<AxisTaps, 3>& taps, bool spline,
              const std::array<bool, 3>& identity) {
    std::array<std::int64_t, 3> lo{}, dims{};
    tapsBlock(taps, spline, identity, lo, dims);
    Box read;
    for (std::size_t a = 0; a < 3; ++a) {
        read.lo[a] = std::clamp<std::int64_t>(lo[a], 0, in.size[a] - 1);
        read.hi[a] = std::clamp<std::int64_t>(lo[a] + dims[a] - 1, 0, in.size[a] - 1);
    }
    return read;
}

Box unite(const Box& a, const Box& b) {
    Box u;
    for (std::size_t i = 0; i < 3; ++i) {
        u.lo[i] = std::min(a.lo[i], b.lo[i]);
        u.hi[i] = std::max(a.hi[i], b.hi[i]);
    }
    return u;
}

Box voxelsRead(const Geometry& in, const RoiPlan& plan, const Settings& settings) {
    if (!plan.resampled())
        return plan.out; // a crop
    const bool spline = settings.interpolation.image == InterpolationMethod::CubicSpline;
    return unite(tapsInput(in, plan.imageTaps, spline, plan.identity),
                 tapsInput(in, plan.maskTaps, false, plan.identity));
}

std::string gridSize(const Geometry& g) {
    return std::to_string(g.size[0]) + "x" + std::to_string(g.size[1]) + "x" +
           std::to_string(g.size[2]);
}

} // namespace

Box voxelsRead(const Geometry& grid, const Box& roiBox, const Settings& settings) {
    settings.validate();
    if (roiBox.empty())
        throw Error("radiomics: the ROI mask is empty");
    return voxelsRead(grid, planRoi(grid, roiBox, settings), settings);
}

namespace {

/// prepareRoi on a window; `owned`, when given, is `image` itself, its voxels
/// released once the first axis has been resampled from them.
PreparedRoi prepareWindow(const Volume& image, const Mask& mask, const Settings& settings,
                          const GridWindow& window, Volume* owned) {
    settings.validate();
    const Geometry& in = window.whole;
    const Geometry windowGrid = cropGeometry(in, window.box);
    if (window.box.empty() || !wholeBox(in).contains(window.box))
        throw Error("radiomics: the image window lies outside the image grid");
    if (!mask.geometry.sameGrid(image.geometry))
        throw Error("radiomics: the ROI mask is not on the image grid (mask size " +
                    gridSize(mask.geometry) + ", image size " + gridSize(image.geometry) + ")");
    if (!image.geometry.sameGrid(windowGrid))
        throw Error("radiomics: the image (" + gridSize(image.geometry) +
                    ") is not the window it claims to be (" + gridSize(windowGrid) + ")");
    if (image.voxels.size() != image.geometry.voxelCount() ||
        mask.voxels.size() != mask.geometry.voxelCount())
        throw Error("radiomics: image or mask voxel count does not match its geometry");
    Box roiBox = boundingBox(mask);
    if (roiBox.empty())
        throw Error("radiomics: the ROI mask is empty");
    for (std::size_t a = 0; a < 3; ++a) { // window indices to whole-image indices
        roiBox.lo[a] += window.box.lo[a];
        roiBox.hi[a] += window.box.lo[a];
    }

    const auto& interp = settings.interpolation;
    RoiPlan plan = planRoi(in, roiBox, settings);
    if (!window.box.contains(voxelsRead(in, plan, settings)))
        throw Error("radiomics: the image window does not hold every voxel the processing "
                    "reads (processing::voxelsRead)");
    const Box& out = plan.out;

    PreparedRoi roi;
    roi.sliceWise = settings.sliceWise;
    roi.image.geometry = plan.og;
    roi.image.unit = image.unit;
    roi.image.unitNote = image.unitNote;
    roi.morphologicalMask.geometry = plan.og;

    if (!plan.resampled()) {
        // No interpolation: a crop.
        roi.image.voxels.resize(plan.og.voxelCount());
        roi.morphologicalMask.voxels.resize(plan.og.voxelCount());
        std::size_t o = 0;
        for (std::int64_t k = out.lo[2]; k <= out.hi[2]; ++k)
            for (std::int64_t j = out.lo[1]; j <= out.hi[1]; ++j)
                for (std::int64_t i = out.lo[0]; i <= out.hi[0]; ++i, ++o) {
                    const std::size_t v = windowGrid.linearIndex(
                        i - window.box.lo[0], j - window.box.lo[1], k - window.box.lo[2]);
                    roi.image.voxels[o] = image.voxels[v];
                    roi.morphologicalMask.voxels[o] = mask.voxels[v] ? 1 : 0;
                }
    } else {
        // One resampled block alive at a time, each output allocated only once
        // its block is done (the peak memory of an extraction is here); an
        // owned image is freed once its first axis is resampled.
        {
            const std::vector<double> values =
                resample(image.voxels, window, plan.imageTaps,
                         interp.image == InterpolationMethod::CubicSpline, plan.identity,
                         owned ? &owned->voxels : nullptr);
            roi.image.voxels.reserve(values.size());
            for (const double x : values)
                roi.image.voxels.push_back(
                    static_cast<float>(interp.roundIntensities ? std::nearbyint(x) : x));
        }
        const std::vector<double> fraction =
            resample(mask.voxels, window, plan.maskTaps, false, plan.identity);
        // The slack absorbs round-off in the weights at an exact 0.5 crossing.
        const double threshold = interp.partialVolumeThreshold - 1e-9;
        roi.morphologicalMask.voxels.reserve(fraction.size());
        for (const double f : fraction)
            roi.morphologicalMask.voxels.push_back(f >= threshold ? 1 : 0);
    }
    if (boundingBox(roi.morphologicalMask).empty())
        throw Error("radiomics: the ROI vanished after mask interpolation (fewer than " +
                    std::to_string(interp.partialVolumeThreshold) +
                    " partial volume in every resampled voxel)");

    roi.intensityMask =
        resegment(roi.image, roi.morphologicalMask,
                  resegmentationInterval(roi.image, roi.morphologicalMask, settings));
    return roi;
}

} // namespace

PreparedRoi prepareRoi(const Volume& image, const Mask& mask, const Settings& settings,
                       const GridWindow& window) {
    return prepareWindow(image, mask, settings, window, nullptr);
}

PreparedRoi prepareRoi(Volume&& image, const Mask& mask, const Settings& settings,
                       const GridWindow& window) {
    return prepareWindow(image, mask, settings, window, &image);
}

PreparedRoi prepareRoi(const Volume& image, const Mask& mask, const Settings& settings) {
    if (!mask.geometry.sameGrid(image.geometry))
        throw Error("radiomics: the ROI mask is not on the image grid (mask size " +
                    gridSize(mask.geometry) + ", image size " + gridSize(image.geometry) + ")");
    return prepareRoi(image, mask, settings, GridWindow{image.geometry, wholeBox(image.geometry)});
}

Volume processedImage(const Volume& image, const Settings& settings) {
    // An ROI of every voxel: prepareRoi's output box is then the whole grid.
    Settings whole = settings;
    whole.filters.clear();
    whole.resegmentationRange.reset();
    whole.outlierFiltering = false;
    return prepareRoi(image, Mask(image.geometry, 1), whole).image;
}

} // namespace rgw::radiomics::processing
