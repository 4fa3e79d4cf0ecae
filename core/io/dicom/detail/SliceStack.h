#pragma once

// Orders the frames (slices) of a series along the slice normal and derives
// the volume grid, detecting what would make that grid wrong.

#include "image/Geometry.h"
#include "io/dicom/SeriesLoader.h"

#include <Eigen/Core>
#include <optional>
#include <string>
#include <vector>

namespace rgw::dicom::detail {

/// Where one frame lies, from Image Position/Orientation (Patient) and Pixel Spacing.
struct SlicePlacement {
    Eigen::Vector3d position;     ///< Image Position (Patient): centre of the first pixel
    Eigen::Vector3d rowCosine;    ///< direction of increasing column index (i)
    Eigen::Vector3d columnCosine; ///< direction of increasing row index (j)
    double rowSpacing = 1;        ///< Pixel Spacing [0]: between rows (along j)
    double columnSpacing = 1;     ///< Pixel Spacing [1]: between columns (along i)
    int rows = 0;
    int columns = 0;
    std::string where; ///< file (and frame) for messages
};

struct SliceStack {
    Geometry geometry;
    std::vector<std::size_t> order; ///< order[k] = index of the placement at slice k
    std::vector<GeometryFinding> findings;
};

/// Sorts the placements by their position projected on the slice normal
/// (row x column cosine), so voxel k lies at the k-th sorted position, and
/// builds the grid: direction columns = row cosine, column cosine, normal;
/// spacing along the stack from the positions. Mixed size, mixed
/// orientation, duplicate positions and gantry tilt throw rgw::Error (the
/// grid would be wrong); irregular spacing and missing slices throw unless
/// options.allowIrregularSpacing, in which case they are reported in
/// `findings` and the mean spacing is used. `singleSliceSpacing` is the
/// stack spacing of a one-slice series (Spacing Between Slices or Slice Thickness).
SliceStack assembleStack(const std::vector<SlicePlacement>& slices, const LoadOptions& options,
                         std::optional<double> singleSliceSpacing = std::nullopt);

} // namespace rgw::dicom::detail
