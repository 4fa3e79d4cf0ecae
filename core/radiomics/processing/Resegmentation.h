#pragma once

#include "image/Image.h"
#include "radiomics/Settings.h"

namespace rgw::radiomics::processing {

/// The interval of intensities kept in the intensity mask: the
/// re-segmentation range intersected with μ ± k·σ of the ROI (outlier
/// filtering, μ and σ over the morphological mask). Infinite when unset.
IntensityRange resegmentationInterval(const Volume& image, const Mask& morphologicalMask,
                                      const Settings& settings);

/// Intensity mask = morphological mask ∩ {voxels whose intensity lies in the interval}.
Mask resegment(const Volume& image, const Mask& morphologicalMask, const IntensityRange& keep);

} // namespace rgw::radiomics::processing
