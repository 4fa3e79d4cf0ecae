#pragma once

#include "image/Image.h"

namespace rgw::segmentation {

/// Grows the mask by `mm`: every voxel whose centre lies within `mm` of the
/// centre of a mask voxel (exact anisotropic Euclidean distance, patient
/// space; a distance equal to `mm` up to rounding counts as within). O(N) on
/// the mask's bounding box grown by the margin.
Mask growMargin(const Mask& mask, double mm);

/// Shrinks the mask by `mm`: keeps mask voxels whose centre is farther than
/// `mm` from every non-mask voxel centre of the grid (the outside of the image
/// does not erode; the complement of growing the background by `mm`). O(N) on the mask's bounding
/// box.
Mask shrinkMargin(const Mask& mask, double mm);

/// Grow (mm > 0) or shrink (mm < 0).
Mask applyMargin(const Mask& mask, double mm);

enum class ShellSide { Inside, Outside, Centred };

/// Hollows the mask to a shell of thickness `mm` around its boundary: inside
/// (mask minus shrink), outside (grow minus mask) or centred (grow mm/2 minus
/// shrink mm/2). O(N) on the bounding box.
Mask hollow(const Mask& mask, double mm, ShellSide side = ShellSide::Inside);

} // namespace rgw::segmentation
