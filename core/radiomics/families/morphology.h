#pragma once

#include "radiomics/Feature.h"
#include "radiomics/Roi.h"

namespace rgw::radiomics {

/// The 29 IBSI morphological features (family HCUG), computed in 3D (DHQ4)
/// from the ROI mesh (marching cubes on the morphological mask), its convex
/// hull, the voxel centres of the morphological mask and the intensities in
/// the intensity mask. Lengths in the grid's unit (mm).
FeatureTable computeMorphology(const PreparedRoi& roi);

} // namespace rgw::radiomics
