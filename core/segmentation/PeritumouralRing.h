#pragma once

// Peritumoural rings: the band of tissue around a tumour, a second kind of
// region (beside habitats) for radiomics of the tumour's surroundings.

#include "image/Image.h"

#include <vector>

namespace rgw::segmentation {

struct RingOptions {
    double widthMm = 5.0; ///< band width, mm (> 0)
    /// Distance from the tumour where the band starts, mm (>= 0): the band
    /// holds voxels farther than innerMm (outside the tumour when 0) and
    /// within innerMm + widthMm of it, e.g. 5–10 mm with innerMm = 5.
    double innerMm = 0.0;
    /// Structures the ring must leave out (lungs' exterior, bone, other
    /// organs); masks on another grid are first resampled onto the tumour's
    /// (resampleMask).
    std::vector<const Mask*> excluded;
    /// When set, the ring is also kept inside this mask (e.g. the body
    /// outline, so air outside the patient is not counted); resampled likewise.
    const Mask* within = nullptr;
};

/// The ring around `tumour` on its grid: voxels whose centre lies within
/// innerMm + widthMm of the centre of a tumour voxel (exact anisotropic
/// Euclidean distance in patient space, growMargin's rule: a distance equal
/// to the limit up to rounding counts), that are not tumour voxels and, when
/// innerMm > 0, lie farther than innerMm; minus every excluded structure,
/// intersected with `within`, clipped to the grid (the image). An empty
/// tumour gives an empty ring. Throws rgw::Error for a width <= 0, an inner
/// distance < 0, or a mask whose data do not match its grid.
Mask peritumouralRing(const Mask& tumour, const RingOptions& options);

} // namespace rgw::segmentation
