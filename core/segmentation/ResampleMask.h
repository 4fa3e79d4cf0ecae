#pragma once

#include "image/Image.h"

namespace rgw::segmentation {

/// Copies a mask to another grid in patient space (e.g. a CT ROI onto the
/// PET series). A target voxel is inside when at least half of it is covered
/// by the source mask, estimated by averaging trilinear interpolation of the
/// 0/1 source at m^3 points spread over the target voxel (m = 1 when the
/// target is not coarser than the source, up to 4 when it is). Outside the
/// source grid counts as 0. O(m^3 * box), box = the target voxels under the
/// source mask's bounding box.
Mask resampleMask(const Mask& source, const Geometry& target);

} // namespace rgw::segmentation
