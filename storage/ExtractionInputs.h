#pragma once

#include "Database.h"
#include "image/Image.h"
#include "util/Error.h"

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

/// Resolves IMAGE: a NIfTI file (.nii, .nii.gz), a folder holding one DICOM
/// image series, or (when `db` is given) a Series Instance UID of the
/// database. Throws rgw::Error naming `spec` when it is none of these.
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

/// Throws rgw::Error naming both inputs when `mask` is not on `image`'s grid.
void requireSameGrid(const Geometry& image, const std::string& imageName, const Geometry& mask,
                     const std::string& maskName);

} // namespace rgw::storage
