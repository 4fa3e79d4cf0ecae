#pragma once

#include "image/Image.h"
#include "image/LabelMap.h"
#include "radiomics/pyradiomics/Diagnostics.h"
#include "radiomics/pyradiomics/Parameters.h"

#include <string>
#include <vector>

namespace rgw::radiomics::pyradiomics {

/// An image in double precision with its ROI mask on the same grid.
struct Roi {
    Geometry geometry;
    std::vector<double> image; ///< i fastest
    Mask mask;                 ///< 1 = label voxel
    std::size_t voxelCount() const;
};

/// The image and mask PyRadiomics' feature classes see.
struct Prepared {
    Roi shape;               ///< after normalisation and resampling (shape classes)
    Roi intensity;           ///< `shape` after re-segmentation (first order and texture)
    Diagnostics diagnostics; ///< names without the "diagnostics_" prefix
    /// How SimpleITK holds the pre-processed image: the file's axes, and its
    /// stored type or float64 after normalisation (sitk.Normalize returns
    /// NumericTraits<T>::RealType, double); resampling keeps it.
    PixelType pixelType;
};

/// PyRadiomics' loadImage / checkMask / resampleImage / resegmentMask, in its
/// order: select `label`, normalise the whole image (sitk.Normalize, then
/// outliers clipped at ±removeOutliers, then × normalizeScale), resample
/// (a grid derived from the mask's: origin-corner, bounding box padded by
/// padDistance, the mask's spacing along axes the ROI is one voxel thick;
/// the image by `interpolator`, the mask by nearest neighbour; only a crop
/// when the new spacing is the image's) or preCrop, correct a mask on
/// another grid when not resampling (correctMask: nearest neighbour onto the
/// image grid, after checking that the ROI lies within the image),
/// re-segment, and check
/// minimumROIDimensions / minimumROISize. `imageType` / `maskType` are how
/// the files store their voxels (hashes, resampling casts, tuple lengths).
/// The diagnostics hold generalinfo's Image-/Mask- rows of every stage
/// (original, interpolated, corrected, resegmented) in PyRadiomics' order.
/// Throws rgw::Error with PyRadiomics' reason when the mask is refused.
Prepared prepare(const Volume& image, const PixelType& imageType, const LabelMap& labels,
                 const PixelType& maskType, const Settings& settings);

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
