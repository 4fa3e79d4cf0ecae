#include "segmentation/Margin.h"

#include "segmentation/Box.h"
#include "segmentation/DistanceTransform.h"
#include "segmentation/ToolTypes.h"
#include "util/Error.h"

#include <cmath>

namespace rgw::segmentation {

namespace {

void checkMask(const Mask& mask, double mm, const char* tool) {
    if (mask.voxels.size() != mask.geometry.voxelCount())
        throw Error(std::string(tool) + ": mask data does not match its geometry");
    if (!(mm >= 0.0) || !std::isfinite(mm))
        throw Error(std::string(tool) + ": margin must be a finite distance >= 0 mm");
}

/// Squared distance (mm^2) to the nearest voxel where `mask == featureValue`,
/// for the voxels of `box`; returned i fastest over the box.
std::vector<double> distanceInBox(const Mask& mask, const Box& box, std::uint8_t featureValue) {
    std::vector<std::uint8_t> f(box.voxelCount());
    std::size_t o = 0;
    for (std::int64_t k = box.lo[2]; k <= box.hi[2]; ++k)
        for (std::int64_t j = box.lo[1]; j <= box.hi[1]; ++j)
            for (std::int64_t i = box.lo[0]; i <= box.hi[0]; ++i, ++o)
                f[o] = (mask.at(i, j, k) != 0) == (featureValue != 0);
    const Geometry& g = mask.geometry;
    return squaredDistanceTransform(f, {box.extent(0), box.extent(1), box.extent(2)},
                                    {g.spacing[0], g.spacing[1], g.spacing[2]});
}

// Ties (a centre exactly at the margin) count as inside.
double inclusiveLimit(double mm) {
    return mm * mm * (1.0 + 1e-12) + 1e-12;
}

} // namespace

Mask growMargin(const Mask& mask, double mm) {
    checkMask(mask, mm, "grow margin");
    Mask out(mask.geometry, 0);
    const Box bb = maskBoundingBox(mask);
    if (bb.empty())
        return out;
    const Geometry& g = mask.geometry;
    std::array<std::int64_t, 3> margin{};
    for (int d = 0; d < 3; ++d)
        margin[d] = static_cast<std::int64_t>(std::ceil(mm / g.spacing[d])) + 1;
    const Box box = expand(bb, margin, g);
    const std::vector<double> d2 = distanceInBox(mask, box, 1);
    const double limit = inclusiveLimit(mm);
    std::size_t o = 0;
    for (std::int64_t k = box.lo[2]; k <= box.hi[2]; ++k)
        for (std::int64_t j = box.lo[1]; j <= box.hi[1]; ++j)
            for (std::int64_t i = box.lo[0]; i <= box.hi[0]; ++i, ++o)
                out.at(i, j, k) = d2[o] <= limit ? 1 : 0;
    return out;
}

Mask shrinkMargin(const Mask& mask, double mm) {
    checkMask(mask, mm, "shrink margin");
    Mask out(mask.geometry, 0);
    const Box bb = maskBoundingBox(mask);
    if (bb.empty())
        return out;
    // One more voxel on each side holds background wherever the grid has it,
    // and no background outside that box is nearer to a mask voxel.
    const Box box = expand(bb, {1, 1, 1}, mask.geometry);
    const std::vector<double> d2 = distanceInBox(mask, box, 0);
    const double limit = inclusiveLimit(mm);
    std::size_t o = 0;
    for (std::int64_t k = box.lo[2]; k <= box.hi[2]; ++k)
        for (std::int64_t j = box.lo[1]; j <= box.hi[1]; ++j)
            for (std::int64_t i = box.lo[0]; i <= box.hi[0]; ++i, ++o)
                out.at(i, j, k) = mask.at(i, j, k) && d2[o] > limit ? 1 : 0;
    return out;
}

Mask applyMargin(const Mask& mask, double mm) {
    return mm >= 0.0 ? growMargin(mask, mm) : shrinkMargin(mask, -mm);
}

Mask hollow(const Mask& mask, double mm, ShellSide side) {
    checkMask(mask, mm, "hollow");
    Mask outer = mask, inner = mask;
    switch (side) {
    case ShellSide::Inside:
        inner = shrinkMargin(mask, mm);
        break;
    case ShellSide::Outside:
        outer = growMargin(mask, mm);
        break;
    case ShellSide::Centred:
        outer = growMargin(mask, mm / 2);
        inner = shrinkMargin(mask, mm / 2);
        break;
    }
    for (std::size_t v = 0; v < outer.voxels.size(); ++v)
        outer.voxels[v] = outer.voxels[v] && !inner.voxels[v] ? 1 : 0;
    return outer;
}

} // namespace rgw::segmentation
