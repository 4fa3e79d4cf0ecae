#pragma once

#include "image/Image.h"
#include "util/Cancel.h"

#include <filesystem>
#include <string>
#include <vector>

namespace rgw::dicom {

/// A geometry problem found while assembling a series. Problems that would
/// give the user a wrong geometry make loadSeries throw; the rest are kept here.
struct GeometryFinding {
    enum class Kind {
        IrregularSpacing,  ///< slice positions not equally spaced (beyond tolerance)
        MissingSlices,     ///< gaps that are whole multiples of the usual spacing
        GantryTilt,        ///< slice normal not parallel to the stacking direction
        MixedOrientation,  ///< instances with different Image Orientation (Patient)
        DuplicatePosition, ///< two instances at the same position
        MixedSize,         ///< instances with different Rows/Columns
    };
    Kind kind;
    std::string message;
};
const char* toString(GeometryFinding::Kind kind);

struct LoadedSeries {
    Volume volume;
    std::vector<GeometryFinding> findings;
    std::string seriesInstanceUid;
    std::string modality;
    /// SOP Instance UIDs in slice order (k = 0 .. n-1); for multi-frame
    /// objects the same UID repeats once per frame.
    std::vector<std::string> sliceSopInstanceUids;
};

struct LoadOptions {
    /// Accept irregular spacing / missing slices by resampling to nothing:
    /// when false (the default) such series throw rgw::Error naming the finding.
    bool allowIrregularSpacing = false;
    double spacingToleranceMm = 0.01;
};

/// Loads the image instances of one series (all files given must belong to
/// it) into a 3D Volume in LPS patient coordinates. Applies Rescale
/// Slope/Intercept, handles multi-frame (enhanced) objects and PET SUV
/// conversion. Throws rgw::Error naming the file/tag when the series cannot
/// be assembled without a wrong geometry.
LoadedSeries loadSeries(const std::vector<std::filesystem::path>& files,
                        const LoadOptions& options = {}, const CancelToken* cancel = nullptr);

/// Registers DCMTK's decompression codecs (JPEG, JPEG-LS, RLE). Idempotent and
/// thread-safe; loadSeries calls it.
void registerCodecs();

} // namespace rgw::dicom
