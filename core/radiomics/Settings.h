#pragma once

#include "filters/FilterSpec.h"
#include "radiomics/Roi.h"

#include <optional>
#include <string>
#include <vector>

namespace rgw::radiomics {

/// Image interpolation kernels (IBSI 02, "Interpolation").
enum class InterpolationMethod {
    Nearest,     ///< nearest neighbour
    Linear,      ///< (bi/tri)linear
    CubicSpline, ///< cubic B-spline with prefilter (IBSI configuration E, "tricubic spline")
};
const char* toString(InterpolationMethod method);

struct InterpolationSettings {
    bool enabled = false;
    /// Requested voxel spacing (mm) along the image axes i, j, k.
    double spacing[3] = {1.0, 1.0, 1.0};
    /// Interpolate within slices only (i, j); slices keep their grid (2D, config B).
    bool inPlaneOnly = false;
    InterpolationMethod image = InterpolationMethod::Linear;
    InterpolationMethod mask = InterpolationMethod::Linear;
    /// A resampled mask voxel is in the ROI when its interpolated value ≥ this.
    double partialVolumeThreshold = 0.5;
    /// Round interpolated intensities to the nearest integer (calibrated CT).
    bool roundIntensities = false;
};

/// Closed re-segmentation interval [lower, upper]; either end may be infinite.
struct IntensityRange {
    double lower = 0.0;
    double upper = 0.0;
};

enum class DiscretisationMethod {
    None,           ///< values used as they are (must already be integer grey levels ≥ 1)
    FixedBinSize,   ///< FBS: ⌊(X − X_min)/w_b⌋ + 1
    FixedBinNumber, ///< FBN: ⌊N_g (X − X_min)/(X_max − X_min)⌋ + 1, X_max → N_g
};
const char* toString(DiscretisationMethod method);

struct DiscretisationSettings {
    DiscretisationMethod method = DiscretisationMethod::None;
    double binWidth = 0.0; ///< w_b (FBS)
    int binCount = 0;      ///< N_g (FBN)
};

/// How the intensity-volume histogram discretises (IBSI 03, IVH section).
enum class IvhMode {
    Discrete,   ///< calibrated, discrete intensities used as they are, w_d = 1
    BinCentres, ///< calibrated, continuous: FBS, bin numbers replaced by bin centres
    BinNumbers, ///< arbitrary units: FBN over [min, max] of the ROI, bin numbers used
};

struct IvhSettings {
    IvhMode mode = IvhMode::Discrete;
    double binWidth = 0.0; ///< w_b for BinCentres
    int binCount = 0;      ///< N_g for BinNumbers
    /// Discrete: use the re-segmentation range (when given) as the total range G.
    bool useResegmentationRange = true;
};

/// One entry of the `filters:` section: an IBSI-2 filter (the FilterSpec it
/// is, so it goes wherever a filter is expected) and the families computed on
/// its response map, inside the intensity mask of the unfiltered image.
struct FilterEntry : filters::FilterSpec {
    /// Family keys (Feature.h), in extraction order: intensity_statistics and
    /// the families that read grey levels (responseMapFamilies(), Extractor.h).
    std::vector<std::string> families{"intensity_statistics"};
    /// How the response (arbitrary units) becomes grey levels: required, and
    /// only allowed, when `families` lists one that reads grey levels. Fixed
    /// bin size starts at the response's ROI minimum (the re-segmentation
    /// range is the image's, not the response's).
    std::optional<DiscretisationSettings> discretisation;

    FilterEntry() = default;
    /// The filter with the default family (its intensity statistics).
    FilterEntry(filters::FilterSpec spec) : filters::FilterSpec(std::move(spec)) {}
};

/// Every parameter of the IBSI image-processing pipeline and feature families.
struct Settings {
    std::string name; ///< e.g. "IBSI configuration C", for provenance
    /// 2D processing: interpolation in-plane and slice-wise texture aggregation.
    bool sliceWise = false;
    InterpolationSettings interpolation;
    std::optional<IntensityRange> resegmentationRange;
    /// Remove intensities outside μ ± outlierSigma·σ of the ROI (IBSI outlier filtering).
    bool outlierFiltering = false;
    double outlierSigma = 3.0;
    /// Discretisation for the intensity histogram and the texture families.
    DiscretisationSettings discretisation;
    IvhSettings ivh;
    TextureSettings texture;
    /// IBSI-2 filters: the families of each entry are computed on its
    /// response map of the processed image, inside the intensity mask of the
    /// unfiltered image, each family named after the filter.
    std::vector<FilterEntry> filters;

    /// Throws rgw::Error naming the first offending setting.
    void validate() const;
};

/// The IBSI-1 digital phantom: no processing, no discretisation, IVH G=[1,6], w=1.
Settings ibsiDigitalPhantom();
/// IBSI-1 CT phantom configurations 'A' … 'E' (configurations.md / IBSI 05).
Settings ibsiConfig(char configuration);

} // namespace rgw::radiomics
