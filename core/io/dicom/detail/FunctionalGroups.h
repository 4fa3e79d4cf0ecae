#pragma once

// The functional groups every multi-frame object we derive from an image
// series shares (DICOM SEG, Parametric Map): its grid's Pixel Measures and
// Plane Orientation, each slice's Plane Position, and a source image
// reference for Derivation Image. Private to core/io/dicom.

#include "image/Image.h"
#include "io/dicom/ReferencedSeries.h"
#include "io/dicom/detail/Attributes.h"

#include <cstdint>
#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmfg/fgpixmsr.h>
#include <dcmtk/dcmfg/fgplanor.h>
#include <dcmtk/dcmfg/fgplanpo.h>
#include <dcmtk/dcmiod/iodmacro.h>
#include <memory>

namespace rgw::dicom::detail {

/// Pixel Measures of `g`: Pixel Spacing (between rows = along j, between
/// columns = along i), Slice Thickness and Spacing Between Slices (along k).
FGPixelMeasures pixelMeasures(const Geometry& g, const WriteErrors& errors);

/// Plane Orientation (Patient): the direction cosines of i and j.
std::unique_ptr<FGPlaneOrientationPatient> planeOrientation(const Geometry& g,
                                                            const WriteErrors& errors);

/// Plane Position (Patient) of slice k: the physical point of voxel (0, 0, k).
std::unique_ptr<FGPlanePosPatient> planePosition(const Geometry& g, std::int64_t k,
                                                 const WriteErrors& errors);

/// Fills a Source Image item of Derivation Image with `image` (its frame
/// number when it is a frame of a multi-frame instance).
void setSourceImage(ImageSOPInstanceReferenceMacro& source, const ReferencedImage& image,
                    const WriteErrors& errors);

} // namespace rgw::dicom::detail
