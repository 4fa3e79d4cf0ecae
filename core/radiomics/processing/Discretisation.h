#pragma once

#include "radiomics/Roi.h"
#include "radiomics/Settings.h"

#include <optional>
#include <string>

namespace rgw::radiomics::processing {

/// Maps an intensity to its grey level (IBSI 02, "Discretisation").
struct Discretiser {
    DiscretisationMethod method = DiscretisationMethod::None;
    double minimum = 0.0;  ///< X_min: FBS lower bound, FBN ROI minimum
    double maximum = 0.0;  ///< X_max (FBN)
    double binWidth = 0.0; ///< w_b (FBS)
    int binCount = 0;      ///< N_g (FBN)

    /// Grey level ≥ 1 of intensity x; throws rgw::Error for method None when
    /// x is not an integer 1 … INT_MAX, and for FBS when the level does not fit
    /// an int (requireRepresentableLevels() says so first, naming the parameter).
    int level(double x) const;
};

/// Throws rgw::Error when fixed bin size `d` over ROI intensities
/// [roiMinimum, roiMaximum] needs more grey levels than an int holds, e.g.
/// "fixed bin size 1e-12 over intensities [-1000, 3000] gives 4e+15 grey
/// levels … — choose a larger discretisation.bin_width" (`binWidthKey`).
void requireRepresentableLevels(const Discretiser& d, double roiMinimum, double roiMaximum,
                                const std::string& binWidthKey);

/// X_min for FBS is the lower re-segmentation bound when it is finite, else the
/// ROI minimum; FBN uses the ROI minimum and maximum.
Discretiser makeDiscretiser(const DiscretisationSettings& settings,
                            const std::optional<IntensityRange>& resegmentationRange,
                            double roiMinimum, double roiMaximum);

/// Discretises the intensity-mask voxels of `roi`, cropped to the bounding box
/// of the morphological mask. greyLevels = the highest level present (N_g for FBN).
DiscretisedRoi discretise(const PreparedRoi& roi, const Settings& settings);

} // namespace rgw::radiomics::processing
