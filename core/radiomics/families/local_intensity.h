#pragma once

#include "radiomics/Feature.h"
#include "radiomics/Roi.h"

namespace rgw::radiomics {

/// IBSI local intensity features (family 9ST6), 3D (DHQ4): the mean image
/// intensity in a 1 cm³ sphere (voxel centres within r = (3/(4π))^{1/3} cm)
/// centred on a voxel. Local intensity peak (VJGA): highest such mean over the
/// maximum-intensity voxels of the intensity mask; global intensity peak
/// (0F91): highest over every intensity-mask voxel. The sphere reads the whole
/// image, inside and outside the ROI; voxels beyond the image are left out.
FeatureTable computeLocalIntensity(const PreparedRoi& roi);

} // namespace rgw::radiomics
