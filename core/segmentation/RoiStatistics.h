#pragma once

#include "image/Image.h"

#include <Eigen/Core>
#include <cstddef>
#include <optional>

namespace rgw::segmentation {

/// Statistics of the image voxels under a mask. Values are NaN when the mask
/// is empty.
struct RoiStatistics {
    std::size_t voxelCount = 0;
    double volumeMl = 0.0; ///< voxel count x voxel volume (spacing product) / 1000
    double mean = 0.0;
    double sd = 0.0; ///< population standard deviation (divide by N)
    double min = 0.0;
    double max = 0.0;
    /// IBSI local intensity peak (VJGA): mean of the image (inside and outside
    /// the ROI) over voxel centres within 6.2035 mm (a 1 cm^3 sphere) of the
    /// ROI's maximum-intensity voxel, the highest such mean when the maximum
    /// is reached more than once.
    double peak = 0.0;
    /// Set for SUV volumes (IntensityUnit::SuvBodyWeight) only.
    std::optional<double> suvMax, suvMean, suvPeak;
    std::optional<double> tlg; ///< total lesion glycolysis = SUVmean x volume (ml)
};

/// O(N) for the moments, plus the peak on the ROI's bounding box grown by the
/// sphere radius (the radiomics engine's local intensity routine).
/// A mask on another grid is an rgw::Error.
RoiStatistics computeRoiStatistics(const Volume& image, const Mask& mask);

/// Mean of the mask's voxel centres in patient coordinates (LPS mm), through
/// the full direction matrix; nullopt for an empty mask.
std::optional<Eigen::Vector3d> voxelCentroid(const Mask& mask);

} // namespace rgw::segmentation
