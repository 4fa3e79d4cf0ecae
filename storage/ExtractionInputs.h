#pragma once

#include "Database.h"
#include "image/Image.h"
#include "image/VoxelBox.h"
#include "radiomics/Settings.h"
#include "util/Error.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace rgw::storage {

/// IMAGE or MASK names nothing that exists: no such file or folder, series or
/// segmentation.
class InputNotFound : public Error {
public:
    using Error::Error;
};

/// An image to extract features from, and where it came from.
struct ImageInput {
    Volume volume;
    std::string seriesInstanceUid; ///< set when the image is a series of the database
    std::string description;       ///< the series UID, folder or file, for messages
    /// DICOM Modality (0008,0060) of a DICOM image; "" for NIfTI (none recorded).
    std::string modality;
};

/// A mask on the grid of an ImageInput, and where it came from.
struct MaskInput {
    Mask mask;
    std::optional<Id> segmentationId; ///< set when the mask is a segmentation row
    std::string description;          ///< "segmentation 7 'GTV'", "file.dcm ROI 'GTV-1'", …
    /// What the source holds but the mask leaves out, e.g. RTSTRUCT contours
    /// of fewer than 3 points (one message each, naming ROI and contour).
    std::vector<std::string> notes;
};

/// An image located and its grid known, its voxels not read yet: an
/// extraction reads the mask first, then only the voxels its processing reads.
struct ImageSource {
    std::string seriesInstanceUid; ///< set when the image is a series of the database
    std::string description;       ///< the series UID, folder or file, for messages
    /// DICOM Modality (0008,0060) of a DICOM image; "" for NIfTI (none recorded).
    std::string modality;
    Geometry grid;
    /// Reads the voxels of `window` (voxel indices of `grid`; the whole grid
    /// when not given), on cropGeometry(grid, window). Throws rgw::Error naming
    /// the image when they cannot be read. A DICOM series is read once (its
    /// parsed headers go to that read).
    std::function<Volume(const std::optional<VoxelBox>& window)> read;
};

/// Locates IMAGE: a NIfTI file (.nii, .nii.gz), a folder holding one DICOM
/// image series, or (when `db` is given) a Series Instance UID of the
/// database; reads its header(s). Throws rgw::Error naming `spec` when it is
/// none of these, InputNotFound when nothing by that name exists.
ImageSource locateImage(Database* db, const std::string& spec);

/// locateImage, then every voxel read.
ImageInput resolveImage(Database* db, const std::string& spec);

/// Resolves MASK for `image`: a NIfTI mask or label map (`label` chooses the
/// label value; required when it holds several non-zero labels), an RTSTRUCT
/// or SEG file (`roi` chooses the ROI / segment by name; required when there
/// are several), or, for a database series, a segmentation id or the ROI name
/// of one of its segmentations (latest version of the lineage). Throws
/// rgw::Error naming the input when it cannot be resolved or is not on the
/// image grid.
MaskInput resolveMask(Database* db, const ImageInput& image, const std::string& spec,
                      const std::string& roi, std::optional<int> label = std::nullopt);
/// The same on the grid of a located image whose voxels are not read yet.
MaskInput resolveMask(Database* db, const ImageSource& image, const std::string& spec,
                      const std::string& roi, std::optional<int> label = std::nullopt);

/// What an extraction with `settings` reads of an image and its mask: the
/// voxels processing::voxelsRead names for the mask's ROI, and the ROI itself,
/// as a window of the image's grid.
struct ExtractionWindow {
    Volume image; ///< the window's voxels of the image
    Mask mask;    ///< the window's voxels of the mask (it holds every ROI voxel)
    GridWindow window;
};

/// Reads the window of `image` that an extraction of `mask`'s ROI with
/// `settings` reads (radiomics::processing::prepareRoi on it equals the whole
/// image's, bit for bit). The whole mask is released before the image is read. Throws rgw::Error
/// when the mask is empty or not on the image's grid, or as processing::voxelsRead does.
ExtractionWindow readExtractionWindow(const ImageSource& image, Mask&& mask,
                                      const radiomics::Settings& settings);

/// Throws rgw::Error naming both inputs when `mask` is not on `image`'s grid.
void requireSameGrid(const Geometry& image, const std::string& imageName, const Geometry& mask,
                     const std::string& maskName);

} // namespace rgw::storage
