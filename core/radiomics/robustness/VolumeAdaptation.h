#pragma once

// Volume adaptation perturbation (Zwanenburg et al. 2019; MIRP "volume
// adaptation"): the ROI is grown or shrunk by a fraction of its volume, as a
// slightly more generous or tighter delineation would be.

#include "image/Image.h"

#include <random>

namespace rgw::radiomics::robustness {

/// The ROI grown (fraction > 0) or shrunk (fraction < 0) to
/// round(V (1 + fraction)) voxels, V its voxel count. Voxels are added
/// (removed) by 26-connected layers around (inside) the ROI boundary, layer
/// after layer; of the last layer needed, a subset drawn from `rng` in
/// random order is taken so the count is met exactly. Growth stops at the
/// image border (fewer voxels then). Throws rgw::Error for an empty mask, a
/// fraction ≤ −1 or non-finite, or a shrink that would leave no voxel.
Mask adaptVolume(const Mask& mask, double fraction, std::mt19937_64& rng);

} // namespace rgw::radiomics::robustness
