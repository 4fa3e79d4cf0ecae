#pragma once

#include "image/Image.h"
#include "image/LabelMap.h"
#include "radiomics/pyradiomics/Parameters.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace rgw::radiomics::pyradiomics {

/// The stored pixel type of the input image: PyRadiomics resamples into it,
/// so interpolated values of an integer image are truncated (SimpleITK's
/// ResampleImageFilter casts with clamping and static_cast).
struct PixelType {
    bool integer = false;
    double min = 0.0; ///< range of an integer type
    double max = 0.0;
};

/// An image in double precision with its ROI mask on the same grid.
struct Roi {
    Geometry geometry;
    std::vector<double> image; ///< i fastest
    Mask mask;                 ///< 1 = label voxel
    std::size_t voxelCount() const;
};

/// `diagnostics_*` rows: name without the "diagnostics_" prefix, value as
/// PyRadiomics prints it.
using Diagnostics = std::vector<std::pair<std::string, std::string>>;

/// The image and mask PyRadiomics' feature classes see.
struct Prepared {
    Roi shape;     ///< after normalisation and resampling (shape classes)
    Roi intensity; ///< `shape` after re-segmentation (first order and texture)
    Diagnostics diagnostics;
};

/// PyRadiomics' loadImage / checkMask / resampleImage / resegmentMask, in its
/// order: normalise the whole image (sitk.Normalize, then outliers clipped
/// at ±removeOutliers, then × normalizeScale), select `label`, resample
/// (origin-corner grid, bounding box padded by padDistance, the image by
/// `interpolator`, the mask by nearest neighbour) or preCrop, re-segment, and
/// check minimumROIDimensions / minimumROISize. Throws rgw::Error with
/// PyRadiomics' reason when the mask is refused.
Prepared prepare(const Volume& image, PixelType pixelType, const LabelMap& labels,
                 const Settings& settings);

/// PyRadiomics' grey levels (imageoperations.binImage): with a bin width,
/// edges min − (min mod w) + n w (numpy arange) and numpy.digitize, i.e.
/// ⌊x/w⌋ − ⌊min/w⌋ + 1 counted from 0; with binCount, numpy.histogram edges
/// with the last edge raised by 1. 0 outside the mask.
struct Discretised {
    Geometry geometry;
    std::vector<int> levels; ///< i fastest, 0 outside the mask
    std::vector<double> binEdges;
    int greyLevels = 0; ///< highest level present
};
Discretised discretise(const Roi& roi, const Settings& settings);

/// The ROI cropped to the mask's bounding box (cropToTumorMask, no padding).
Roi cropToMask(const Roi& roi);

} // namespace rgw::radiomics::pyradiomics
