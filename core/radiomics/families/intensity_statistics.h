#pragma once

#include "radiomics/Feature.h"
#include "radiomics/Roi.h"

namespace rgw::radiomics {

/// IBSI intensity-based statistical features (family UHIW): the 18 features
/// over the intensities of the ROI intensity mask, whole volume (DHQ4).
FeatureTable computeIntensityStatistics(const PreparedRoi& roi);

} // namespace rgw::radiomics
