#pragma once

#include "image/Image.h"

#include <vector>

namespace rgw::radiomics {

/// An ROI after the IBSI image-processing steps (interpolation, rounding,
/// re-segmentation), on the (interpolated) grid. The image keeps a margin of
/// at least 1 cm around the ROI bounding box where the source image has it,
/// because local intensity features look at voxels outside the ROI.
struct PreparedRoi {
    Volume image;           ///< intensities (float) on the processing grid
    Mask morphologicalMask; ///< ROI after mask interpolation, never re-segmented
    Mask intensityMask;     ///< morphological mask after re-segmentation (range, outliers)
    bool sliceWise = false; ///< 2D processing (interpolation in-plane, configurations A/B)
};

/// The intensity mask's voxels discretised to grey levels 1..greyLevels; 0
/// outside the intensity mask. Same grid as the PreparedRoi it came from
/// (possibly cropped to the ROI bounding box). Texture families read this.
struct DiscretisedRoi {
    Geometry geometry;
    std::vector<int> levels; ///< i fastest; 0 = outside the intensity mask
    Mask morphologicalMask;  ///< same grid; GLDZM distances need it
    int greyLevels = 0;      ///< N_g
};

/// Which texture aggregations to compute: slice-wise families give the
/// 2D/2.5D methods (BTW3, SUJT, JJUI, ZW7Z / 8QNN, 62GR), volumetric ones the
/// 3D methods (ITBB, IAZD / KOBO).
enum class TextureAggregation { SliceWise, Volumetric, All };

struct TextureSettings {
    int distance = 1;        ///< Chebyshev δ for GLCM, NGTDM, NGLDM; GLSZM/GLDZM linkage
    int ngldmCoarseness = 0; ///< NGLDM α
    TextureAggregation aggregation = TextureAggregation::Volumetric;
};

} // namespace rgw::radiomics
