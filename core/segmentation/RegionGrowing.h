#pragma once

#include "image/Image.h"
#include "segmentation/ToolTypes.h"

namespace rgw::segmentation {

/// Connected threshold: the voxels connected to `seed` through voxels whose
/// value lies in `range` (empty when the seed itself is out of range). An
/// out-of-grid seed is an rgw::Error. BFS, each voxel visited once: O(N).
Mask growRegion(const Volume& image, const VoxelIndex& seed, const IntensityRange& range,
                Connectivity connectivity = Connectivity::Six);

/// Proposes a range from the seed's neighbourhood, as Slicer / MITK do:
/// mean ± k·SD of the voxels whose centre lies within `radiusMm` of the
/// seed's centre. O(r^3).
IntensityRange proposeRange(const Volume& image, const VoxelIndex& seed, double radiusMm = 3.0,
                            double k = 2.0);

} // namespace rgw::segmentation
