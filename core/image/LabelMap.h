#pragma once

#include "image/Image.h"

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

} // namespace rgw
