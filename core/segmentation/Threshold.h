#pragma once

#include "image/Image.h"
#include "segmentation/Box.h"
#include "segmentation/ToolTypes.h"

#include <optional>

namespace rgw::segmentation {

/// Voxels with lo <= value <= hi, inside `region` when given (same grid). O(N).
Mask threshold(const Volume& image, const IntensityRange& range, const Mask* region = nullptr);

/// PET threshold criterion: an absolute SUV, or a percentage of the region's
/// SUVmax (e.g. 41 %).
struct PetThreshold {
    enum class Mode { AbsoluteSuv, PercentOfMax };
    Mode mode = Mode::PercentOfMax;
    double value = 41.0;         ///< SUV, or percent of SUVmax
    bool connectedToMax = false; ///< keep only the component holding the SUVmax voxel
    Connectivity connectivity = Connectivity::TwentySix;
};

/// Region voxels with value >= the threshold (absolute, or value% of the
/// region's maximum). An empty region gives an empty mask. O(N) (flood O(N)).
Mask petThreshold(const Volume& pet, const Mask& region, const PetThreshold& criterion);
/// Same with the region given as a box of voxel indices (e.g. a drawn VOI box).
Mask petThreshold(const Volume& pet, const Box& region, const PetThreshold& criterion);

/// The threshold petThreshold applies (SUV), or nullopt for an empty region.
std::optional<double> petThresholdValue(const Volume& pet, const Mask& region,
                                        const PetThreshold& criterion);

} // namespace rgw::segmentation
