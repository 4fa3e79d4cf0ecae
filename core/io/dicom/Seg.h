#pragma once

#include "image/Image.h"

#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace rgw::dicom {

/// One item of the Segment Sequence (0062,0002) of a DICOM Segmentation.
struct SegSegment {
    int segmentNumber = 0;            ///< Segment Number (0062,0004)
    std::string segmentLabel;         ///< Segment Label (0062,0005)
    std::string segmentAlgorithmType; ///< Segment Algorithm Type (0062,0008): AUTOMATIC,
                                      ///< SEMIAUTOMATIC, MANUAL
    /// Recommended Display CIELab Value (0062,000D) converted to sRGB; absent -> hasDisplayColor
    /// false.
    std::array<int, 3> displayColor{255, 0, 0};
    bool hasDisplayColor = false;
};

/// One frame of the segmentation: which segment it belongs to and where it lies.
struct SegFrame {
    int referencedSegmentNumber =
        0; ///< Segment Identification Sequence > Referenced Segment Number
    std::array<double, 3> imagePositionPatient{0, 0, 0}; ///< Plane Position Sequence (LPS, mm)
};

struct Segmentation {
    enum class Type { Binary, Fractional };

    std::filesystem::path file;
    std::string sopInstanceUid;
    std::string frameOfReferenceUid;
    std::string referencedSeriesInstanceUid; ///< Referenced Series Sequence (0008,1115)
    Type segmentationType = Type::Binary;    ///< Segmentation Type (0062,0001)
    int maximumFractionalValue = 255;        ///< (0062,000E), FRACTIONAL only
    int rows = 0;
    int columns = 0;
    /// Image Orientation (Patient) (row cosines, column cosines) and Pixel
    /// Spacing (row spacing, column spacing) of the frames.
    std::array<double, 6> imageOrientationPatient{1, 0, 0, 0, 1, 0};
    std::array<double, 2> pixelSpacing{1, 1};
    std::vector<SegSegment> segments;
    std::vector<SegFrame> frames;
    /// Pixel Data as stored: BINARY frames are 1-bit packed back to back
    /// (frames need not start on a byte boundary), FRACTIONAL frames 8-bit.
    std::vector<std::uint8_t> pixelData;
};

/// Reads a DICOM Segmentation (SEG) object. Throws rgw::Error naming the file
/// and tag on bad input.
Segmentation readSegmentation(const std::filesystem::path& file);

/// The voxels of one segment on the grid of its referenced image series:
/// each frame is placed on the slice its Plane Position falls on. FRACTIONAL
/// values count as inside when >= half the Maximum Fractional Value. Throws
/// when the frames do not lie on the grid (size, orientation, spacing, position).
Mask decodeSegment(const Segmentation& segmentation, int segmentNumber, const Geometry& grid);

/// DICOM's scaled CIELab (PS3.3 C.10.7.1.1: L 0..65535 -> 0..100, a and b
/// 0..65535 -> -128..127) to 8-bit sRGB (D65 reference white, as dcmqi does).
std::array<int, 3> cielabToRgb(const std::array<int, 3>& scaledLab);

} // namespace rgw::dicom
