#pragma once

#include "radiomics/Feature.h"
#include "radiomics/Roi.h"

namespace rgw::radiomics {

/// IBSI intensity histogram features (family ZVCW): the 23 features of the
/// discretised intensities 1..N_g of the intensity mask, whole volume (DHQ4).
FeatureTable computeIntensityHistogram(const DiscretisedRoi& roi);

} // namespace rgw::radiomics
