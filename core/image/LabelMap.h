#pragma once

#include "image/Image.h"

#include <array>
#include <cstdint>
#include <vector>

namespace rgw {

/// A label map: 0 is background, every other value names one ROI/lesion
/// (e.g. a NIfTI segmentation holding several structures).
using LabelMap = Image<std::uint16_t>;

/// The distinct non-zero label values of `labels`, ascending.
std::vector<int> labelValues(const LabelMap& labels);

/// The binary mask (1 inside) of the voxels of `labels` equal to `value`, on
/// the same grid; all zero when the value is absent.
Mask maskOfLabel(const LabelMap& labels, int value);

/// The display colour (sRGB) given to the `index`-th ROI (0, 1, ...) that comes
/// without one (a NIfTI label, a new segment): a fixed cycle of well separated
/// colours whose hues keep clear of the hot colour map of fused PET (no reds,
/// oranges or yellows), the first green.
std::array<int, 3> defaultRoiColour(int index);

} // namespace rgw
