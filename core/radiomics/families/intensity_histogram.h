#pragma once

#include "radiomics/Feature.h"
#include "radiomics/Roi.h"
#include "radiomics/texture/Aggregation.h"

#include <span>
#include <vector>

namespace rgw::radiomics {

/// IBSI intensity histogram features (family ZVCW): the 23 features of the
/// discretised intensities 1..N_g of the intensity mask, whole volume (DHQ4).
FeatureTable computeIntensityHistogram(const DiscretisedRoi& roi);

/// The 23 features (IBSI name and identifier), in the order the family emits them.
std::span<const texture::FeatureDef> intensityHistogramFeatures();

/// The 23 feature values of the histogram n_i: grey levels `levels`
/// (ascending, distinct, within 1..ng) occurring counts[c] > 0 times; ng = N_g.
/// The family's one set of formulas, also used by the sliding-kernel feature maps.
std::vector<double> intensityHistogramValues(std::span<const int> levels,
                                             std::span<const double> counts, int ng);

} // namespace rgw::radiomics
