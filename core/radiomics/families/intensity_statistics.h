#pragma once

#include "radiomics/Feature.h"
#include "radiomics/Roi.h"
#include "radiomics/families/detail/Distribution.h"
#include "radiomics/texture/Aggregation.h"

#include <span>
#include <vector>

namespace rgw::radiomics {

/// IBSI intensity-based statistical features (family UHIW): the 18 features
/// over the intensities of the ROI intensity mask, whole volume (DHQ4).
FeatureTable computeIntensityStatistics(const PreparedRoi& roi);

/// The 18 features (IBSI name and identifier), in the order the family emits them.
std::span<const texture::FeatureDef> intensityStatisticsFeatures();

/// The 18 feature values of the intensities summarised by `d`, in
/// intensityStatisticsFeatures() order: the family's one set of formulas,
/// also used by the sliding-kernel feature maps.
std::vector<double> intensityStatisticsValues(const families::detail::Distribution& d);

} // namespace rgw::radiomics
