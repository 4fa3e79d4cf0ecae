#include "radiomics/pyradiomics/Preprocessing.h"

#include "radiomics/processing/RoiBox.h"
#include "util/CheckedNumeric.h"
#include "util/Error.h"
#include "util/ResourceBudget.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace rgw::radiomics::pyradiomics {
namespace {

struct Box {
    std::array<std::int64_t, 3> lo{0, 0, 0};
    std::array<std::int64_t, 3> size{0, 0, 0};
};

std::optional<Box> roiBounds(const Mask& mask) {
    const processing::Box tight = processing::boundingBox(mask);
    if (tight.empty())
        return std::nullopt;
    Box b;
    for (std::size_t a = 0; a < 3; ++a) {
        b.lo[a] = tight.lo[a];
        b.size[a] = tight.hi[a] - tight.lo[a] + 1;
    }
    return b;
}

/// sitk.Normalize: (x − mean) / σ with σ the sample standard deviation of
/// every voxel of the image.
void normalise(std::vector<double>& v, const Settings& s) {
    double sum = 0.0;
    double sumSquares = 0.0;
    for (double x : v) {
        sum += x;
        sumSquares += x * x;
    }
    const double n = static_cast<double>(v.size());
    const double mean = sum / n;
    const double variance = n > 1 ? (sumSquares - sum * sum / n) / (n - 1) : 0.0;
    const double sigma = std::sqrt(variance);
    if (!(sigma > 0))
        throw Error("PyRadiomics normalisation: the image is constant (σ = 0)");
    const double scale = 1.0 / sigma;
    for (double& x : v) {
        x = (x - mean) * scale;
        if (s.removeOutliers)
            x = std::clamp(x, -*s.removeOutliers, *s.removeOutliers);
        x *= s.normalizeScale;
    }
}

// --- cubic B-spline (ITK BSplineDecompositionImageFilter / BSplineInterpolateImageFunction)

constexpr double kPole = -0.26794919243112270; // √3 − 2
constexpr double kSplineTolerance = 1e-10;

/// In-place prefilter of one line (Unser's recursive filter, mirror boundaries).
void prefilterLine(std::vector<double>& c) {
    const std::size_t n = c.size();
    if (n == 1)
        return;
    const double z = kPole;
    const double lambda = (1.0 - z) * (1.0 - 1.0 / z);
    for (double& x : c)
        x *= lambda;
    // Initial causal coefficient.
    const auto horizon =
        static_cast<std::size_t>(std::ceil(std::log(kSplineTolerance) / std::log(std::abs(z))));
    double sum = c[0];
    if (horizon < n) {
        double zn = z;
        for (std::size_t k = 1; k < horizon; ++k) {
            sum += zn * c[k];
            zn *= z;
        }
    } else {
        double zn = z;
        const double iz = 1.0 / z;
        double z2n = std::pow(z, static_cast<double>(n - 1));
        sum = c[0] + z2n * c[n - 1];
        z2n *= z2n * iz;
        for (std::size_t k = 1; k + 1 < n; ++k) {
            sum += (zn + z2n) * c[k];
            zn *= z;
            z2n *= iz;
        }
        sum /= (1.0 - zn * zn);
    }
    c[0] = sum;
    for (std::size_t k = 1; k < n; ++k)
        c[k] += z * c[k - 1];
    c[n - 1] = (z / (z * z - 1.0)) * (z * c[n - 2] + c[n - 1]);
    for (std::size_t k = n - 1; k-- > 0;)
        c[k] = z * (c[k + 1] - c[k]);
}

std::vector<double> splineCoefficients(const std::vector<double>& image, const Geometry& g) {
    std::vector<double> c = image;
    std::vector<double> line;
    for (int axis = 0; axis < 3; ++axis) {
        const std::int64_t n = g.size[static_cast<std::size_t>(axis)];
        if (n < 2)
            continue;
        const std::int64_t a = axis == 0 ? 1 : 0, b = axis == 2 ? 1 : 2;
        for (std::int64_t u = 0; u < g.size[static_cast<std::size_t>(a)]; ++u)
            for (std::int64_t w = 0; w < g.size[static_cast<std::size_t>(b)]; ++w) {
                line.resize(static_cast<std::size_t>(n));
                auto index = [&](std::int64_t t) {
                    std::array<std::int64_t, 3> p{};
                    p[static_cast<std::size_t>(axis)] = t;
                    p[static_cast<std::size_t>(a)] = u;
                    p[static_cast<std::size_t>(b)] = w;
                    return g.linearIndex(p[0], p[1], p[2]);
                };
                for (std::int64_t t = 0; t < n; ++t)
                    line[static_cast<std::size_t>(t)] = c[index(t)];
                prefilterLine(line);
                for (std::int64_t t = 0; t < n; ++t)
                    c[index(t)] = line[static_cast<std::size_t>(t)];
            }
    }
    return c;
}

/// Cubic B-spline weights and mirrored indices along one axis.
void splineWeights(double x, std::int64_t n, std::array<std::int64_t, 4>& idx,
                   std::array<double, 4>& w) {
    // ITK: support starts at floor(x) - order / 2 for an odd order.
    const std::int64_t start = static_cast<std::int64_t>(std::floor(x)) - 1;
    const double t = x - static_cast<double>(start + 1);
    const double t1 = 1.0 - t;
    w[0] = t1 * t1 * t1 / 6.0;
    w[1] = (4.0 - 6.0 * t * t + 3.0 * t * t * t) / 6.0;
    w[2] = (4.0 - 6.0 * t1 * t1 + 3.0 * t1 * t1 * t1) / 6.0;
    w[3] = t * t * t / 6.0;
    for (int k = 0; k < 4; ++k) {
        std::int64_t i = start + k;
        if (n == 1) {
            i = 0;
        } else {
            const std::int64_t period = 2 * n - 2;
            i = ((i % period) + period) % period;
            if (i >= n)
                i = period - i;
        }
        idx[static_cast<std::size_t>(k)] = i;
    }
}

double splineAt(const std::vector<double>& c, const Geometry& g, const Eigen::Vector3d& x) {
    std::array<std::array<std::int64_t, 4>, 3> idx;
    std::array<std::array<double, 4>, 3> w;
    for (std::size_t a = 0; a < 3; ++a)
        splineWeights(x[static_cast<Eigen::Index>(a)], g.size[a], idx[a], w[a]);
    double value = 0.0;
    for (int k = 0; k < 4; ++k)
        for (int j = 0; j < 4; ++j) {
            const double wjk =
                w[2][static_cast<std::size_t>(k)] * w[1][static_cast<std::size_t>(j)];
            for (int i = 0; i < 4; ++i)
                value += wjk * w[0][static_cast<std::size_t>(i)] *
                         c[g.linearIndex(idx[0][static_cast<std::size_t>(i)],
                                         idx[1][static_cast<std::size_t>(j)],
                                         idx[2][static_cast<std::size_t>(k)])];
        }
    return value;
}

double linearAt(const std::vector<double>& v, const Geometry& g, const Eigen::Vector3d& x) {
    std::array<std::int64_t, 3> base{};
    std::array<double, 3> f{};
    for (std::size_t a = 0; a < 3; ++a) {
        const double xa = x[static_cast<Eigen::Index>(a)];
        base[a] = static_cast<std::int64_t>(std::floor(xa));
        f[a] = xa - static_cast<double>(base[a]);
    }
    double value = 0.0;
    for (int corner = 0; corner < 8; ++corner) {
        double weight = 1.0;
        std::array<std::int64_t, 3> p{};
        for (std::size_t a = 0; a < 3; ++a) {
            const bool up = (corner >> a) & 1;
            p[a] = std::clamp<std::int64_t>(base[a] + (up ? 1 : 0), 0, g.size[a] - 1);
            weight *= up ? f[a] : 1.0 - f[a];
        }
        if (weight != 0.0)
            value += weight * v[g.linearIndex(p[0], p[1], p[2])];
    }
    return value;
}

/// ITK's IsInsideBuffer for a continuous index: within [-0.5, size - 0.5).
bool insideBuffer(const Geometry& g, const Eigen::Vector3d& x) {
    for (std::size_t a = 0; a < 3; ++a) {
        const double xa = x[static_cast<Eigen::Index>(a)];
        if (!(xa >= -0.5 && xa < static_cast<double>(g.size[a]) - 0.5))
            return false;
    }
    return true;
}

std::int64_t nearestIndex(double x) {
    return static_cast<std::int64_t>(std::floor(x + 0.5));
}

Roi crop(const Roi& in, const Box& b) {
    Roi r;
    r.geometry = in.geometry;
    r.geometry.size = b.size;
    r.geometry.origin = in.geometry.physicalPoint(Eigen::Vector3d(
        static_cast<double>(b.lo[0]), static_cast<double>(b.lo[1]), static_cast<double>(b.lo[2])));
    r.image.resize(r.geometry.voxelCount());
    r.mask = Mask(r.geometry, 0);
    for (std::int64_t k = 0; k < b.size[2]; ++k)
        for (std::int64_t j = 0; j < b.size[1]; ++j)
            for (std::int64_t i = 0; i < b.size[0]; ++i) {
                const std::size_t from =
                    in.geometry.linearIndex(i + b.lo[0], j + b.lo[1], k + b.lo[2]);
                const std::size_t to = r.geometry.linearIndex(i, j, k);
                r.image[to] = in.image[from];
                r.mask.voxels[to] = in.mask.voxels[from];
            }
    return r;
}

Box padded(const Box& b, const Geometry& g, int pad) {
    Box p;
    for (std::size_t a = 0; a < 3; ++a) {
        p.lo[a] = std::max<std::int64_t>(0, b.lo[a] - pad);
        const std::int64_t hi = std::min<std::int64_t>(g.size[a], b.lo[a] + b.size[a] + pad);
        p.size[a] = hi - p.lo[a];
    }
    return p;
}

/// checkMask's size rules on the (re-segmented) mask.
void checkRoi(const Mask& mask, const Settings& s, const char* stage) {
    const auto bb = roiBounds(mask);
    if (!bb)
        throw Error(std::string("PyRadiomics: label ") + std::to_string(s.label) +
                    " has no voxels " + stage);
    int dimensions = 0;
    for (auto n : bb->size)
        dimensions += n > 1;
    if (dimensions < s.minimumROIDimensions)
        throw Error("PyRadiomics: the mask " + std::string(stage) + " has " +
                    std::to_string(dimensions) +
                    " dimension(s) > 1 voxel; minimumROIDimensions is " +
                    std::to_string(s.minimumROIDimensions));
    if (s.minimumROISize) {
        std::size_t n = 0;
        for (auto v : mask.voxels)
            n += v != 0;
        if (n <= static_cast<std::size_t>(*s.minimumROISize))
            throw Error("PyRadiomics: the mask " + std::string(stage) + " has " +
                        std::to_string(n) + " voxels; minimumROISize is " +
                        std::to_string(*s.minimumROISize));
    }
}

/// resegmentMask: the thresholds of the mode, then lower ≤ x ≤ upper.
void resegment(Roi& roi, const Settings& s) {
    const auto& range = *s.resegmentRange;
    std::vector<double> values;
    for (std::size_t v = 0; v < roi.image.size(); ++v)
        if (roi.mask.voxels[v])
            values.push_back(roi.image[v]);
    std::array<double, 2> t{range[0], range.size() > 1 ? range[1] : INFINITY};
    if (s.resegmentMode == ResegmentMode::Relative) {
        const double maxGL = values.empty() ? 0.0 : *std::max_element(values.begin(), values.end());
        for (std::size_t i = 0; i < range.size(); ++i)
            t[i] = maxGL * range[i];
    } else if (s.resegmentMode == ResegmentMode::Sigma) {
        double mean = 0.0;
        for (double x : values)
            mean += x;
        mean /= static_cast<double>(values.size());
        double var = 0.0;
        for (double x : values)
            var += (x - mean) * (x - mean);
        const double sd = std::sqrt(var / static_cast<double>(values.size()));
        for (std::size_t i = 0; i < range.size(); ++i)
            t[i] = mean + sd * range[i];
    }
    for (std::size_t v = 0; v < roi.image.size(); ++v)
        if (roi.mask.voxels[v] && !(roi.image[v] >= t[0] && roi.image[v] <= t[1]))
            roi.mask.voxels[v] = 0;
}

/// imageoperations._checkROI: the ROI's bounding box (its outer corners, in
/// the image's index space) must lie within [-0.5, size - 0.5] ± 1e-3.
void requireRoiInsideImage(const Mask& mask, const Geometry& image) {
    const Geometry& g = mask.geometry;
    const processing::Box box = processing::boundingBox(mask);
    for (const double side : {-0.5, 0.5}) {
        Eigen::Vector3d corner;
        for (std::size_t a = 0; a < 3; ++a)
            corner[static_cast<Eigen::Index>(a)] =
                static_cast<double>(side < 0 ? box.lo[a] : box.hi[a]) + side;
        const Eigen::Vector3d x = image.continuousIndex(g.physicalPoint(corner));
        for (std::size_t a = 0; a < 3; ++a) {
            const double xa = x[static_cast<Eigen::Index>(a)];
            if (xa < -0.5 - 1e-3 || xa > static_cast<double>(image.size[a]) - 0.5 + 1e-3)
                throw Error("PyRadiomics: the bounding box of the ROI reaches beyond the image "
                            "along axis " +
                            std::to_string(a) + " (continuous index " + std::to_string(xa) +
                            ", image size " + std::to_string(image.size[a]) + ")");
        }
    }
}

/// The mask's voxel nearest to each voxel of `target` (ResampleImageFilter
/// with a nearest-neighbour interpolator; 0 outside the mask's grid).
Mask nearestNeighbour(const Mask& mask, const Geometry& target) {
    const Geometry& g = mask.geometry;
    Mask out(target, 0);
    for (std::int64_t k = 0; k < target.size[2]; ++k)
        for (std::int64_t j = 0; j < target.size[1]; ++j)
            for (std::int64_t i = 0; i < target.size[0]; ++i) {
                const Eigen::Vector3d x = g.continuousIndex(target.physicalPoint(Eigen::Vector3d(
                    static_cast<double>(i), static_cast<double>(j), static_cast<double>(k))));
                if (!insideBuffer(g, x))
                    continue;
                out.voxels[target.linearIndex(i, j, k)] = mask.voxels[g.linearIndex(
                    std::clamp<std::int64_t>(nearestIndex(x[0]), 0, g.size[0] - 1),
                    std::clamp<std::int64_t>(nearestIndex(x[1]), 0, g.size[1] - 1),
                    std::clamp<std::int64_t>(nearestIndex(x[2]), 0, g.size[2] - 1))];
            }
    return out;
}

/// imageoperations._correctMask: the ROI must lie within the image, then the
/// mask is resampled onto the image grid by nearest neighbour.
Mask correctedMask(const Mask& mask, const Geometry& image) {
    requireRoiInsideImage(mask, image);
    return nearestNeighbour(mask, image);
}

/// numpy.allclose(a, b): |a − b| ≤ 1e-8 + 1e-5 |b| for every axis.
bool allClose(const Eigen::Vector3d& a, const Eigen::Vector3d& b) {
    for (Eigen::Index e = 0; e < 3; ++e)
        if (!(std::abs(a[e] - b[e]) <= 1e-8 + 1e-5 * std::abs(b[e])))
            return false;
    return true;
}

/// imageoperations.resampleImage. The grid follows the mask (its spacing
/// where resampledPixelSpacing is 0 or the ROI is one voxel thick, its
/// direction, origin-corner alignment, the ROI's bounding box `bb` padded by
/// padDistance within the mask's extent); the image is sampled by the
/// interpolator (cast to the type of the image it gets: stored, or float64
/// after normalisation; 0 outside the image) and the
/// mask by nearest neighbour. When the new spacing equals the image's
/// (numpy.allclose), nothing is interpolated: the mask is put on the image
/// grid and both are cropped to the ROI padded by padDistance.
Roi resample(const std::vector<double>& image, const Geometry& imageGrid, const Mask& mask,
             const Box& bb, const PixelType& pixelType, const Settings& s) {
    const Geometry& g = mask.geometry;
    requireRoiInsideImage(mask, imageGrid);
    Eigen::Vector3d target;
    for (std::size_t a = 0; a < 3; ++a) {
        const auto e = static_cast<Eigen::Index>(a);
        const double requested = (*s.resampledPixelSpacing)[a];
        target[e] = requested == 0.0 || bb.size[a] == 1 ? g.spacing[e] : requested;
    }
    if (allClose(imageGrid.spacing, target)) {
        Roi r;
        r.geometry = imageGrid;
        r.image = image;
        r.mask = g.sameGrid(imageGrid, 0.0) ? mask : nearestNeighbour(mask, imageGrid);
        const auto box = roiBounds(r.mask);
        if (!box)
            throw Error("PyRadiomics resampling: the ROI has no voxel on the image grid");
        return crop(r, padded(*box, imageGrid, s.padDistance));
    }
    Geometry out;
    Eigen::Vector3d lowerIndex;
    for (std::size_t a = 0; a < 3; ++a) {
        const auto e = static_cast<Eigen::Index>(a);
        const double ratio = g.spacing[e] / target[e];
        double lo = std::floor((static_cast<double>(bb.lo[a]) - 0.5) * ratio - s.padDistance);
        double hi =
            std::ceil((static_cast<double>(bb.lo[a] + bb.size[a]) - 0.5) * ratio + s.padDistance);
        const double maxUpper = std::ceil(static_cast<double>(g.size[a]) * ratio) - 1;
        lo = std::max(lo, 0.0);
        hi = std::min(hi, maxUpper);
        out.size[a] = checkedFloor<std::int64_t>(hi - lo + 1, "resampled size");
        if (out.size[a] < 1)
            throw Error("PyRadiomics resampling: empty grid along axis " + std::to_string(a));
        // Origin-corner grid: the corner of the first new voxel is the corner of the old.
        lowerIndex[e] = 0.5 * (target[e] - g.spacing[e]) / g.spacing[e] + lo / ratio;
    }
    out.spacing = target;
    out.direction = g.direction;
    out.origin = g.physicalPoint(lowerIndex);
    budget::requireMemory(budget::product({out.voxelCount(), sizeof(double) + 1}) +
                              (s.interpolator == "sitkBSpline"
                                   ? budget::product({imageGrid.voxelCount(), sizeof(double)})
                                   : 0),
                          "PyRadiomics resampling", "the resampled image");

    Roi r;
    r.geometry = out;
    r.image.assign(out.voxelCount(), 0.0);
    r.mask = nearestNeighbour(mask, out);
    std::vector<double> coefficients;
    if (s.interpolator == "sitkBSpline")
        coefficients = splineCoefficients(image, imageGrid);
    else if (s.interpolator != "sitkLinear" && s.interpolator != "sitkNearestNeighbor")
        throw Error("PyRadiomics resampling: interpolator " + s.interpolator +
                    " is not supported (supported: sitkBSpline, sitkLinear, sitkNearestNeighbor)");
    const Geometry& ig = imageGrid;
    for (std::int64_t k = 0; k < out.size[2]; ++k)
        for (std::int64_t j = 0; j < out.size[1]; ++j)
            for (std::int64_t i = 0; i < out.size[0]; ++i) {
                const Eigen::Vector3d x = ig.continuousIndex(out.physicalPoint(Eigen::Vector3d(
                    static_cast<double>(i), static_cast<double>(j), static_cast<double>(k))));
                if (!insideBuffer(ig, x))
                    continue;
                double v = 0.0;
                if (s.interpolator == "sitkBSpline")
                    v = splineAt(coefficients, ig, x);
                else if (s.interpolator == "sitkLinear")
                    v = linearAt(image, ig, x);
                else
                    v = image[ig.linearIndex(
                        std::clamp<std::int64_t>(nearestIndex(x[0]), 0, ig.size[0] - 1),
                        std::clamp<std::int64_t>(nearestIndex(x[1]), 0, ig.size[1] - 1),
                        std::clamp<std::int64_t>(nearestIndex(x[2]), 0, ig.size[2] - 1))];
                if (pixelType.integer())
                    v = std::trunc(std::clamp(v, pixelType.min(), pixelType.max()));
                else if (pixelType.scalar == "float32")
                    v = static_cast<float>(v); // ResampleImageFilter's float32 output

                r.image[out.linearIndex(i, j, k)] = v;
            }
    return r;
}

} // namespace

std::size_t Roi::voxelCount() const {
    return static_cast<std::size_t>(std::count_if(mask.voxels.begin(), mask.voxels.end(),
                                                  [](std::uint8_t v) { return v != 0; }));
}

Prepared prepare(const Volume& image, const PixelType& imageType, const LabelMap& labels,
                 const PixelType& maskType, const Settings& s) {
    Prepared p;
    Roi roi;
    roi.geometry = image.geometry;
    roi.image.assign(image.voxels.begin(), image.voxels.end());
    const std::string imageHash = simpleItkHash(image.voxels, imageType);
    addImageRows(p.diagnostics, "original", image.geometry, roi.image, imageType.dimension,
                 &imageHash);
    Mask labelMask(labels.geometry, 0);
    for (std::size_t v = 0; v < labels.voxels.size(); ++v)
        labelMask.voxels[v] = labels.voxels[v] == s.label ? 1 : 0;
    if (processing::boundingBox(labelMask).empty())
        throw Error("PyRadiomics: label " + std::to_string(s.label) + " not present in the mask");
    const std::string maskHash = simpleItkHash(labels.voxels, maskType);
    addMaskRows(p.diagnostics, "original", labelMask, nullptr, maskType.dimension, &maskHash);
    if (s.normalize)
        normalise(roi.image, s);
    // sitk.Normalize returns double voxels; resampling casts to the type it gets.
    const PixelType processedType =
        s.normalize ? PixelType{"float64", imageType.dimension} : imageType;
    p.pixelType = processedType;
    const bool resampling = s.resampledPixelSpacing && !s.interpolator.empty();
    if (image.geometry.sameGrid(labels.geometry,
                                s.geometryTolerance > 0 ? s.geometryTolerance : 1e-3)) {
        roi.mask = Mask(image.geometry, 0);
        roi.mask.voxels = std::move(labelMask.voxels);
    } else if (resampling) {
        // resampleImage puts both on a grid derived from the mask's.
        roi.mask = std::move(labelMask);
    } else {
        if (!s.correctMask)
            throw Error("PyRadiomics: the image and the mask are not on the same grid (set "
                        "correctMask: True to resample the mask onto the image grid, or raise "
                        "geometryTolerance)");
        roi.mask = correctedMask(labelMask, image.geometry);
        // In PyRadiomics the pre-crop's own mask check corrects the mask silently.
        if (!s.preCrop)
            addMaskRows(p.diagnostics, "corrected", roi.mask, &roi.image, imageType.dimension,
                        nullptr);
    }
    const auto bb = roiBounds(roi.mask);
    if (!bb)
        throw Error("PyRadiomics: label " + std::to_string(s.label) +
                    " has no voxels on the image grid");
    checkRoi(roi.mask, s, "as given");
    if (resampling) {
        roi = resample(roi.image, roi.geometry, roi.mask, *bb, processedType, s);
        addImageRows(p.diagnostics, "interpolated", roi.geometry, roi.image, imageType.dimension,
                     nullptr);
        addMaskRows(p.diagnostics, "interpolated", roi.mask, &roi.image, imageType.dimension,
                    nullptr);
    } else if (s.preCrop) {
        roi = crop(roi, padded(*bb, roi.geometry, s.padDistance));
    }
    p.shape = roi;
    if (s.resegmentRange) {
        resegment(roi, s);
        checkRoi(roi.mask, s, "after re-segmentation");
        addMaskRows(p.diagnostics, "resegmented", roi.mask, &roi.image, imageType.dimension,
                    nullptr);
        if (s.resegmentShape)
            p.shape = roi;
    }
    p.intensity = std::move(roi);
    return p;
}

Roi cropToMask(const Roi& roi) {
    const auto bb = roiBounds(roi.mask);
    if (!bb)
        throw Error("PyRadiomics: empty mask");
    return crop(roi, *bb);
}

Discretised discretise(const Roi& roi, const Settings& s) {
    Discretised d;
    d.geometry = roi.geometry;
    d.levels.assign(roi.image.size(), 0);
    double lo = INFINITY, hi = -INFINITY;
    for (std::size_t v = 0; v < roi.image.size(); ++v)
        if (roi.mask.voxels[v]) {
            lo = std::min(lo, roi.image[v]);
            hi = std::max(hi, roi.image[v]);
        }
    if (!(lo <= hi))
        throw Error("PyRadiomics discretisation: empty mask");
    std::vector<double>& e = d.binEdges;
    if (s.binCount) {
        // numpy.histogram(x, binCount)[1]: linspace over [min, max] (± 0.5 when flat).
        double a = lo, b = hi;
        if (a == b) {
            a -= 0.5;
            b += 0.5;
        }
        const int n = *s.binCount;
        for (int i = 0; i <= n; ++i)
            e.push_back(a + (b - a) * static_cast<double>(i) / static_cast<double>(n));
        e.back() += 1.0;
    } else {
        // numpy.arange(low, max + 2 w, w) with low = min − (min mod w), mod as Python's.
        const double w = s.binWidth;
        const double low = lo - (lo - w * std::floor(lo / w));
        const double high = hi + 2 * w;
        const auto count = checkedFloor<std::int64_t>(std::ceil((high - low) / w), "bin count");
        budget::requireMemory(
            budget::product(
                {static_cast<std::uint64_t>(std::max<std::int64_t>(count, 0)), sizeof(double)}),
            "PyRadiomics discretisation", "the bin edges");
        for (std::int64_t i = 0; i < count; ++i)
            e.push_back(low + static_cast<double>(i) * w);
        if (e.size() == 1)
            e = {e[0] - 0.5, e[0] + 0.5};
    }
    // numpy.digitize(x, edges): i such that edges[i-1] <= x < edges[i].
    for (std::size_t v = 0; v < roi.image.size(); ++v)
        if (roi.mask.voxels[v]) {
            const auto it = std::upper_bound(e.begin(), e.end(), roi.image[v]);
            d.levels[v] = static_cast<int>(it - e.begin());
            d.greyLevels = std::max(d.greyLevels, d.levels[v]);
        }
    return d;
}

} // namespace rgw::radiomics::pyradiomics
