#pragma once

#include "image/Image.h"
#include "segmentation/ToolTypes.h"

#include <cstddef>

namespace rgw::segmentation {

/// The largest connected component of the mask (ties: the first in voxel
/// order). One BFS labelling pass: O(N).
Mask keepLargestIsland(const Mask& mask, Connectivity connectivity = Connectivity::TwentySix);

/// The mask without connected components of fewer than `minVoxels` voxels. O(N).
Mask removeSmallIslands(const Mask& mask, std::size_t minVoxels,
                        Connectivity connectivity = Connectivity::TwentySix);

/// Same with the size limit as a volume in ml (voxel volume from spacing);
/// components of volume < minMl go.
Mask removeSmallIslandsMl(const Mask& mask, double minMl,
                          Connectivity connectivity = Connectivity::TwentySix);

/// Sizes (voxels) of all connected components, in order of their first voxel. O(N).
std::vector<std::size_t> islandSizes(const Mask& mask,
                                     Connectivity connectivity = Connectivity::TwentySix);

} // namespace rgw::segmentation
