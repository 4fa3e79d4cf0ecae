#pragma once

#include "radiomics/Feature.h"
#include "radiomics/Roi.h"
#include "radiomics/Settings.h"

#include <vector>

namespace rgw::radiomics {

/// The IVH inputs: X_d,gl of every intensity-mask voxel, total range G and
/// discretisation interval w_d (IBSI 03, intensity-volume histogram).
struct IvhInput {
    std::vector<double> values; ///< X_d,gl
    double rangeMin = 0.0;      ///< min G
    double rangeMax = 0.0;      ///< max G
    double interval = 1.0;      ///< w_d
};

/// Builds the IVH input from `settings.ivh` (discrete / bin centres / bin numbers).
IvhInput makeIvhInput(const PreparedRoi& roi, const Settings& settings);

/// IBSI intensity-volume histogram features (family P88C), whole volume (DHQ4):
/// V10, V90, I10, I90, V10 − V90, I10 − I90 and the area under the IVH curve.
FeatureTable computeIvh(const IvhInput& input);
inline FeatureTable computeIvh(const PreparedRoi& roi, const Settings& settings) {
    return computeIvh(makeIvhInput(roi, settings));
}

} // namespace rgw::radiomics
