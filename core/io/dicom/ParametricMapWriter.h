#pragma once

#include "image/Image.h"
#include "io/dicom/ReferencedSeries.h"
#include "io/dicom/SegWriter.h"
#include "radiomics/FeatureCoding.h"
#include "radiomics/Settings.h"
#include "radiomics/featuremaps/FeatureMaps.h"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace rgw::dicom {

/// One voxel feature map to write as a DICOM Parametric Map.
struct ParametricMapToWrite {
    const Volume* values = nullptr; ///< on the referenced series' grid; NaN where undefined
    CodedConcept quantity;          ///< the feature: (IBSI identifier, "IBSI", IBSI name)
    /// The texture aggregation (IBSI identifier, "IBSI", catalogue label), when there is one.
    std::optional<CodedConcept> aggregation;
    int kernelRadius = 0;     ///< voxels; the kernel is a (2r + 1)³ cube
    radiomics::UcumUnit unit; ///< the unit of the values ("1" = dimensionless)
};

/// What the new objects are called and who made them. Every map of one call
/// of writeParametricMaps is an instance of one new series.
struct ParametricMapOptions {
    std::string seriesDescription = "Feature maps";
    int seriesNumber = 500;
    std::string contentCreatorName; ///< PN; empty = not given
};

/// Writes `map` as a Parametric Map (PS3.3 A.75, 32-bit Float Pixel Data),
/// one frame per slice of the referenced grid: Pixel Measures and Plane
/// Orientation shared, per frame a Plane Position equal to the grid's slice
/// position and a Derivation Image naming the source images the kernel
/// reached (slices k − r … k + r). Real World Value Mapping: identity, LUT
/// Label the IBSI identifier, LUT Explanation the feature name, aggregation
/// and kernel radius, Measurement Units in UCUM, Quantity Definition the
/// feature (and aggregation) as IBSI codes. Patient, study and Frame of
/// Reference are those of `referenced`; the SOP Instance UID is new, the
/// series is `seriesInstanceUid`. The map must lie on the grid `referenced`
/// was read for (readReferencedSeries). Throws rgw::Error naming the file when
/// its slice count differs from the series', the series lacks an attribute
/// the map repeats, or DCMTK refuses the object; nothing is written then.
WrittenObject writeParametricMap(const std::filesystem::path& file,
                                 const ReferencedSeries& referenced,
                                 const ParametricMapToWrite& map,
                                 const std::string& seriesInstanceUid, int instanceNumber,
                                 const ParametricMapOptions& options = {});

/// Writes every map of `maps` as `<dir>/<columnName>.dcm` (creating dir), all
/// instances of one new series, each feature's unit the catalogue's for the
/// image's intensity `unit` and `settings`. Returns the paths. Throws
/// rgw::Error when a feature is not in the catalogue or a write fails.
std::vector<std::filesystem::path>
writeParametricMaps(const radiomics::featuremaps::FeatureMaps& maps,
                    const radiomics::Settings& settings, IntensityUnit unit,
                    const ReferencedSeries& referenced, const std::filesystem::path& dir,
                    const ParametricMapOptions& options = {});

} // namespace rgw::dicom
