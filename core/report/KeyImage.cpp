#include "report/KeyImage.h"

#include "io/roi/MaskContours.h"
#include "radiomics/families/detail/Distribution.h"
#include "util/Error.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <vector>

namespace rgw::report {
namespace {

std::size_t slicePixels(const Geometry& g) {
    return static_cast<std::size_t>(g.size[0]) * static_cast<std::size_t>(g.size[1]);
}

/// The LPS axis (0 = x, 1 = y, 2 = z) the slice normal points along most.
int normalAxis(const Geometry& g) {
    const Eigen::Vector3d normal = g.direction.col(2).cwiseAbs();
    int axis = 2;
    if (normal[0] > normal[axis])
        axis = 0;
    if (normal[1] > normal[axis])
        axis = 1;
    return axis;
}

void requireOnGrid(const Volume& volume, const Mask& mask) {
    if (!mask.geometry.sameGrid(volume.geometry) || mask.voxels.size() != volume.voxels.size())
        throw Error("key image: the mask (" + std::to_string(mask.geometry.size[0]) + "x" +
                    std::to_string(mask.geometry.size[1]) + "x" +
                    std::to_string(mask.geometry.size[2]) + ") is not on the grid of the image (" +
                    std::to_string(volume.geometry.size[0]) + "x" +
                    std::to_string(volume.geometry.size[1]) + "x" +
                    std::to_string(volume.geometry.size[2]) + ")");
}

} // namespace

std::optional<std::int64_t> largestRoiSlice(const Mask& mask) {
    const std::size_t perSlice = slicePixels(mask.geometry);
    std::optional<std::int64_t> best;
    std::size_t bestArea = 0;
    for (std::int64_t k = 0; k < mask.geometry.size[2]; ++k) {
        const auto* first = mask.voxels.data() + static_cast<std::size_t>(k) * perSlice;
        const auto area = static_cast<std::size_t>(
            std::count_if(first, first + perSlice, [](std::uint8_t v) { return v != 0; }));
        if (area > bestArea) { // strictly larger: a tie keeps the lower k
            bestArea = area;
            best = k;
        }
    }
    return best;
}

std::string slicePlaneName(const Geometry& geometry) {
    switch (normalAxis(geometry)) {
    case 0:
        return "sagittal";
    case 1:
        return "coronal";
    default:
        return "axial";
    }
}

WindowLevel keyImageWindow(const Volume& volume, const std::string& modality) {
    const std::vector<WindowLevelPreset> presets = presetsFor(volume.unit, modality);
    return resolvePreset(presets.front(), volume);
}

std::string intensityUnitLabel(const Volume& volume) {
    switch (volume.unit) {
    case IntensityUnit::HounsfieldUnit:
    case IntensityUnit::SuvBodyWeight:
        return toString(volume.unit);
    case IntensityUnit::RescaledValue:
    case IntensityUnit::RawPetActivity:
        break;
    }
    return volume.unitNote;
}

RoiStatistics roiStatistics(const Volume& volume, const Mask& mask) {
    requireOnGrid(volume, mask);
    std::vector<double> values;
    for (std::size_t v = 0; v < mask.voxels.size(); ++v)
        if (mask.voxels[v] != 0)
            values.push_back(volume.voxels[v]);
    RoiStatistics stats;
    stats.unitLabel = intensityUnitLabel(volume);
    stats.voxelCount = values.size();
    const Eigen::Vector3d& s = volume.geometry.spacing;
    stats.volumeMl = static_cast<double>(values.size()) * s.x() * s.y() * s.z() / 1000.0;
    if (values.empty()) {
        const double nan = std::numeric_limits<double>::quiet_NaN();
        stats.mean = stats.standardDeviation = stats.minimum = stats.maximum = nan;
        return stats;
    }
    std::sort(values.begin(), values.end());
    const auto d = radiomics::families::detail::describe(values);
    stats.mean = d.mean;
    stats.standardDeviation = std::sqrt(d.variance);
    stats.minimum = d.minimum;
    stats.maximum = d.maximum;
    return stats;
}

KeyImage keyImage(const Volume& volume, const Mask& mask, const std::string& modality,
                  const KeyImageOptions& options) {
    requireOnGrid(volume, mask);
    const std::optional<std::int64_t> slice = largestRoiSlice(mask);
    if (!slice)
        throw Error("key image: the ROI holds no voxel");
    const Geometry& g = volume.geometry;
    const std::size_t perSlice = slicePixels(g);
    const std::size_t offset = static_cast<std::size_t>(*slice) * perSlice;
    const std::uint8_t* sliceMask = mask.voxels.data() + offset;
    const float* slicePixels = volume.voxels.data() + offset;
    const auto width = static_cast<int>(g.size[0]), height = static_cast<int>(g.size[1]);

    // The region kept: the whole slice, or the ROI's box plus the margin.
    int c0 = 0, c1 = width - 1, r0 = 0, r1 = height - 1;
    if (options.cropMarginMm) {
        c0 = width, c1 = -1, r0 = height, r1 = -1;
        for (int r = 0; r < height; ++r)
            for (int c = 0; c < width; ++c)
                if (sliceMask[static_cast<std::size_t>(r) * static_cast<std::size_t>(width) +
                              static_cast<std::size_t>(c)] != 0) {
                    c0 = std::min(c0, c), c1 = std::max(c1, c);
                    r0 = std::min(r0, r), r1 = std::max(r1, r);
                }
        const double margin = std::max(0.0, *options.cropMarginMm);
        const int dc = static_cast<int>(std::ceil(margin / g.spacing.x()));
        const int dr = static_cast<int>(std::ceil(margin / g.spacing.y()));
        c0 = std::max(0, c0 - dc), c1 = std::min(width - 1, c1 + dc);
        r0 = std::max(0, r0 - dr), r1 = std::min(height - 1, r1 + dr);
    }

    KeyImage image;
    image.columns = c1 - c0 + 1;
    image.rows = r1 - r0 + 1;
    // The grid stores i fastest, then j: row-major with row = j.
    std::vector<std::uint8_t> regionMask;
    image.pixels.reserve(static_cast<std::size_t>(image.columns) *
                         static_cast<std::size_t>(image.rows));
    regionMask.reserve(image.pixels.capacity());
    for (int r = r0; r <= r1; ++r) {
        const std::size_t row = static_cast<std::size_t>(r) * static_cast<std::size_t>(width);
        image.pixels.insert(image.pixels.end(), slicePixels + row + c0, slicePixels + row + c1 + 1);
        regionMask.insert(regionMask.end(), sliceMask + row + c0, sliceMask + row + c1 + 1);
    }
    const WindowLevel window = keyImageWindow(volume, modality);
    image.windowCentre = window.level;
    image.windowWidth = window.window;
    image.pixelSpacingX = g.spacing.x();
    image.pixelSpacingY = g.spacing.y();
    // The box holds every ROI pixel of the slice, so its boundaries are whole.
    for (const roi::Polygon& polygon :
         roi::traceBoundaries(regionMask.data(), image.columns, image.rows)) {
        auto& contour = image.contours.emplace_back();
        contour.reserve(polygon.size());
        for (const roi::Point2& p : polygon)
            contour.emplace_back(p.x, p.y);
    }
    const int axis = normalAxis(g);
    const Eigen::Vector3d centre = g.physicalPoint(
        Eigen::Vector3d((static_cast<double>(g.size[0]) - 1.0) / 2.0,
                        (static_cast<double>(g.size[1]) - 1.0) / 2.0, static_cast<double>(*slice)));
    char text[240];
    std::snprintf(text, sizeof text, "%s slice %lld of %lld, %c = %.1f mm",
                  slicePlaneName(g).c_str(), static_cast<long long>(*slice + 1),
                  static_cast<long long>(g.size[2]), "xyz"[axis], centre[axis]);
    image.orientationText = text;
    if (options.cropMarginMm) {
        std::snprintf(text, sizeof text, ", columns %d-%d, rows %d-%d of %d x %d", c0 + 1, c1 + 1,
                      r0 + 1, r1 + 1, width, height);
        image.orientationText += text;
    }
    return image;
}

} // namespace rgw::report
