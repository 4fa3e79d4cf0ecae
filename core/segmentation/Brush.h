#pragma once

#include "image/Image.h"
#include "segmentation/Box.h"
#include "segmentation/ToolTypes.h"

#include <Eigen/Core>
#include <optional>

namespace rgw::segmentation {

/// Paint / erase brush. A voxel is inside when its centre lies within
/// `radiusMm` of the brush centre in patient space (spacing and direction
/// respected). With `range`, only voxels whose `image` value lies in it change
/// (`image` must then be on the mask's grid).
struct Brush {
    double radiusMm = 5.0;
    bool erase = false; ///< set voxels to 0 instead of 1
    std::optional<IntensityRange> range;
    const Volume* image = nullptr;
};

/// The slab of a 2D disc brush: a plane through the brush centre with unit
/// normal `normal` (LPS). Voxels count when their centre lies within half a
/// voxel (the voxel's largest extent along the normal) of the plane, so an
/// axis-aligned plane paints exactly one slice.
struct BrushPlane {
    Eigen::Vector3d normal{0, 0, 1};
};

/// The plane normal to voxel axis `axis` (0 = i, 1 = j, 2 = k) of `g`: what
/// an axial / coronal / sagittal view of an axis-aligned series shows.
BrushPlane voxelAxisPlane(const Geometry& g, int axis);

/// 3D sphere dab. Touches only the sphere's bounding box: O(r^3 / voxel).
/// Returns that box (clamped to the grid; empty when outside).
Box paintSphere(Mask& mask, const Eigen::Vector3d& centreLps, const Brush& brush);

/// 2D disc dab in `plane` through `centreLps`. O(r^2 / pixel).
Box paintDisc(Mask& mask, const Eigen::Vector3d& centreLps, const BrushPlane& plane,
              const Brush& brush);

/// Stroke segment between consecutive mouse points: every voxel within the
/// radius of the segment [from, to] (a capsule; with `plane`, its slab through
/// `from`), so fast moves leave no gaps. O(box of the capsule).
Box paintStroke(Mask& mask, const Eigen::Vector3d& fromLps, const Eigen::Vector3d& toLps,
                const std::optional<BrushPlane>& plane, const Brush& brush);

/// The box paintStroke would touch (for SegmentationSet::strokeEdit).
Box strokeBox(const Geometry& g, const Eigen::Vector3d& fromLps, const Eigen::Vector3d& toLps,
              const std::optional<BrushPlane>& plane, double radiusMm);

} // namespace rgw::segmentation
