#pragma once

#include "image/Image.h"

namespace rgw::segmentation {

/// Fill between slices: along voxel axis `axis` (0 = i, 1 = j, 2 = k), every
/// slice holding mask voxels is a drawn contour; each run of empty slices
/// between two drawn slices is filled by interpolating their signed distance
/// maps (per-slice exact 2D Euclidean distance in mm, linear blend by slice
/// position, inside where <= 0). Drawn slices and slices outside the first /
/// last drawn one stay as they are. O(N) (one 2D EDT per drawn slice).
Mask fillBetweenSlices(const Mask& mask, int axis = 2);

} // namespace rgw::segmentation
