#pragma once

#include "image/Geometry.h"

#include <filesystem>
#include <string>
#include <vector>

namespace rgw::dicom {

/// One image of the referenced series: the SOP instance (and, for a
/// multi-frame instance, the frame) that holds slice k of the volume.
struct ReferencedImage {
    std::string sopClassUid;    ///< Referenced SOP Class UID
    std::string sopInstanceUid; ///< Referenced SOP Instance UID
    int frameNumber = 0;        ///< 1-based frame of a multi-frame instance; 0 = single frame
};

/// What a derived object (SEG, RTSTRUCT) must copy from, and reference in, the
/// image series it was drawn on. Names follow the DICOM attribute keywords.
struct ReferencedSeries {
    // Patient
    std::string patientName;
    std::string patientId;
    std::string patientBirthDate;
    std::string patientSex;
    // General Study
    std::string studyInstanceUid;
    std::string studyDate;
    std::string studyTime;
    std::string studyId;
    std::string accessionNumber;
    std::string referringPhysicianName;
    // Series and Frame of Reference
    std::string seriesInstanceUid;
    std::string modality;
    std::string frameOfReferenceUid;
    // General Image: whether any image was lossy compressed ("01"), which an
    // image derived from it repeats (PS3.3 C.7.6.1.1.5), with that image's
    // Lossy Image Compression Ratio and Method (all values, '\'-separated).
    bool lossyImageCompression = false;
    std::string lossyImageCompressionRatio;
    std::string lossyImageCompressionMethod;
    /// slices[k] is the image at slice k of the grid it was matched to.
    std::vector<ReferencedImage> slices;
};

/// Reads the headers (no pixel data) of an image series' files and matches
/// every image to the slice of `grid` its Image Position (Patient) lies on
/// (multi-frame instances: the Plane Position of each frame). Throws
/// rgw::Error naming the file when it is unreadable, belongs to another
/// series or lies off the grid, and naming the slice when one has no image.
/// The identity to copy into a derived object: values longer than their
/// VR allows (PS3.5 6.2: SH 16, LO 64, PN 64 characters per component group)
/// are cut to that length, so a derived object stays valid when its source is
/// not (real series carry e.g. 17-character Study IDs). UIDs are kept as they are.
ReferencedSeries clippedToValueLengths(ReferencedSeries referenced);

ReferencedSeries readReferencedSeries(const std::vector<std::filesystem::path>& files,
                                      const Geometry& grid);

} // namespace rgw::dicom
