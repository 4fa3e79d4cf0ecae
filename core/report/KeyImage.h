#pragma once

// The key image of a patient's ROI for the patient report: the slice with the
// largest ROI area, its pixels, the ROI's contours on it and the display
// window of the series' preset, plus the ROI's summary statistics. Plain
// data (report::KeyImage of ReportDocument.h); the renderers draw it.

#include "image/Image.h"
#include "image/WindowLevel.h"
#include "report/ReportDocument.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace rgw::report {

/// The slice (index k of the image grid) holding the most ROI voxels; ties go
/// to the lowest k, so the choice never depends on anything but the mask.
/// Slices run along the grid's third axis: axial for an axial acquisition
/// (the usual CT/PET/MR case; keyImageOrientation() names the real plane).
/// std::nullopt when the mask holds no voxel.
std::optional<std::int64_t> largestRoiSlice(const Mask& mask);

/// The plane of the grid's slices by the dominant LPS component of the slice
/// normal (direction column 2): "axial" (S), "coronal" (P) or "sagittal" (L).
std::string slicePlaneName(const Geometry& geometry);

/// The window the key image is shown with: the series' default viewer
/// preset (presetsFor(unit, modality).front(), image/WindowLevel.h, the one
/// table the slice viewers use), resolved on the whole volume: CT (HU) soft
/// tissue W 400 / L 50, PET in SUV 0–5, any other image its 1–99 % percentile
/// window. The DICOM Window Center/Width of the series is not used: it is
/// often absent, differs between scanners and would make the key images of
/// one cohort incomparable.
WindowLevel keyImageWindow(const Volume& volume, const std::string& modality);

/// Summary statistics of the image values inside the ROI, on the image's own
/// grid (no interpolation or re-segmentation: the ROI as drawn).
struct RoiStatistics {
    std::size_t voxelCount = 0;
    double volumeMl = 0; ///< voxel count x voxel volume (IBSI YEKZ), in mL
    /// In the image's unit (unitLabel); NaN when the ROI is empty. SD is the
    /// population standard deviation (the square root of IBSI ECT3).
    double mean = 0, standardDeviation = 0, minimum = 0, maximum = 0;
    std::string unitLabel; ///< "HU", "SUVbw", … ("" when the unit is unknown)
};

/// The statistics above, through the radiomics engine's own distribution
/// summary (the IBSI intensity-statistics definitions). Throws rgw::Error
/// when the mask is not on the volume's grid.
RoiStatistics roiStatistics(const Volume& volume, const Mask& mask);

/// The label of a volume's intensity unit for tables: "HU", "SUVbw", the
/// DICOM Units/RescaleType seen for other images, "" when none is known.
std::string intensityUnitLabel(const Volume& volume);

/// How much of the slice a key image keeps.
struct KeyImageOptions {
    /// Unset: the whole slice. Otherwise the bounding box of the ROI on the
    /// slice grown by this margin (mm) on every side, clipped to the image:
    /// a 512 x 512 slice is 1 MB of pixels, and a 100-patient appendix holds
    /// hundreds of key images.
    std::optional<double> cropMarginMm;
};

/// The key image of `mask` on `volume`: the slice of largestRoiSlice(), its
/// pixels (row-major, row = grid j, column = grid i, in the image's unit),
/// pixel spacing, keyImageWindow(), and the ROI's boundaries on that slice
/// from roi::traceBoundaries (the contours the RTSTRUCT export writes) in
/// pixel coordinates (column, row) of the image returned: pixel (c, r) is the
/// unit square centred on (c, r), so the vertices lie on half-integers, and
/// filling the polygons by the even-odd rule gives back the slice's mask
/// exactly. The orientation text reads "axial slice 42 of 88, z = -120.5 mm"
/// (1-based slice number, the slice centre's patient coordinate along the
/// plane's normal axis), followed by ", columns 101-240, rows 80-219 of 512 x
/// 512" (1-based, inclusive) when cropped. Throws rgw::Error when the mask is
/// empty or not on the volume's grid.
KeyImage keyImage(const Volume& volume, const Mask& mask, const std::string& modality,
                  const KeyImageOptions& options = {});

} // namespace rgw::report
