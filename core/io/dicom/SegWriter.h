#pragma once

#include "image/Image.h"
#include "io/dicom/ReferencedSeries.h"

#include <array>
#include <filesystem>
#include <string>
#include <vector>

namespace rgw::dicom {

/// A coded concept (Code Value, Coding Scheme Designator, Code Meaning).
struct CodedConcept {
    std::string value;
    std::string scheme;
    std::string meaning;
};

/// One segment to write. The mask lies on the referenced series' grid.
struct SegmentToWrite {
    std::string label;                    ///< Segment Label (0062,0005)
    std::array<int, 3> colour{255, 0, 0}; ///< sRGB, written as Recommended Display CIELab
    const Mask* mask = nullptr;
    bool manual = true;        ///< Segment Algorithm Type MANUAL, else SEMIAUTOMATIC
    std::string algorithmName; ///< Segment Algorithm Name, required when not manual
    /// Segmented Property Category / Type Code Sequences (default: SCT Tissue / Tissue,
    /// the generic codes dcmqi uses when nothing more specific is known).
    CodedConcept category{"85756007", "SCT", "Tissue"};
    CodedConcept type{"85756007", "SCT", "Tissue"};
};

/// What the new object is called and who made it.
struct DerivedObjectOptions {
    std::string seriesDescription = "Segmentation";
    int seriesNumber = 300;
    std::string contentLabel = "SEGMENTATION"; ///< Content Label / Structure Set Label (CS)
    std::string contentDescription;
    std::string contentCreatorName; ///< PN; empty = not given
};

/// The UIDs of a written object.
struct WrittenObject {
    std::string seriesInstanceUid;
    std::string sopInstanceUid;
};

/// sRGB (D65) to DICOM's scaled CIELab (PS3.3 C.10.7.1.1), the inverse of cielabToRgb.
std::array<int, 3> rgbToCielab(const std::array<int, 3>& rgb);

/// Writes a BINARY DICOM Segmentation of `segments` (numbered 1.. in order)
/// on the grid of their masks, which must be the grid `referenced` was read
/// for. Frames are written only for the slices where a segment has voxels
/// (one empty frame for a segment without any, so it is still present), each
/// with its Plane Position and a Derivation Image > Source Image reference to
/// the image of that slice; Pixel Measures and Plane Orientation are shared.
/// Patient, study and Frame of Reference are those of `referenced`; Series
/// and SOP Instance UIDs are new. Throws rgw::Error on mismatched input or
/// when DCMTK refuses the object (its message is included).
WrittenObject writeSegmentation(const std::filesystem::path& file,
                                const ReferencedSeries& referenced,
                                const std::vector<SegmentToWrite>& segments,
                                const DerivedObjectOptions& options = {});

} // namespace rgw::dicom
