#pragma once

#include "radiomics/pyradiomics/Preprocessing.h"

#include <string>
#include <utility>
#include <vector>

namespace rgw::radiomics::pyradiomics {

/// A feature as PyRadiomics names it within its class ("Energy", "MeshVolume").
using FeatureValues = std::vector<std::pair<std::string, double>>;

/// PyRadiomics' firstorder class on the intensity ROI (`discretised` from the
/// same ROI gives Entropy and Uniformity).
FeatureValues firstOrder(const Roi& roi, const Discretised& discretised, const Settings& settings);

/// PyRadiomics' shape class (3D) on the shape ROI.
FeatureValues shape(const Roi& roi);

/// PyRadiomics' shape2D class: the ROI must be one slice along
/// settings.force2Ddimension.
FeatureValues shape2D(const Roi& roi, const Settings& settings);

} // namespace rgw::radiomics::pyradiomics
