#pragma once

// How a radiomic feature is named and measured in coded form, for DICOM SR
// measurement reports: IBSI codes for the feature and its texture aggregation,
// UCUM codes for its unit.

#include "image/Image.h"
#include "radiomics/FeatureCatalogue.h"
#include "radiomics/Settings.h"

#include <optional>
#include <string>
#include <string_view>

namespace rgw::radiomics {

/// IBSI's coding scheme as DICOM registers it (PS3.16 Table 8-1, designator
/// "IBSI", UID 1.2.840.10008.2.16.13): CID 7470-7472 already code a few
/// morphology features with it, so every feature's IBSI identifier is used
/// under this designator rather than a private ("99...") one.
inline constexpr const char* kIbsiCodingScheme = "IBSI";
inline constexpr const char* kIbsiCodingSchemeUid = "1.2.840.10008.2.16.13";
inline constexpr const char* kIbsiCodingSchemeName = "Image Biomarker Standardisation Initiative";
/// IBSI's identifier of "feature aggregation" (IBSI-1 section 3.1.1).
inline constexpr const char* kIbsiFeatureAggregation = "5QB6";

/// The IBSI identifier of a texture aggregation label of the catalogue
/// ("3D, merged" -> "IAZD"). Throws rgw::Error naming the label when unknown.
std::string aggregationCode(std::string_view label);
/// The catalogue's aggregation label of an IBSI identifier, nullopt when the
/// identifier is not an aggregation method.
std::optional<std::string> aggregationLabel(std::string_view code);

/// A unit in UCUM (coding scheme "UCUM"), as DICOM SR measurements carry it.
struct UcumUnit {
    std::string code;    ///< e.g. "mm3", "[hnsf'U]", "{SUVbw}g/ml", "1"
    std::string meaning; ///< e.g. "cubic millimeter"
    bool operator==(const UcumUnit&) const = default;
};

/// The UCUM unit of a feature of `dimension` on an image in `unit`: the same
/// quantity unitSymbol() names ("1" for dimensionless features, "[arb'U]" for
/// arbitrary intensity units).
UcumUnit ucumUnit(FeatureDimension dimension, IntensityUnit unit, const Settings& settings);

/// The UCUM unit of a symbol unitSymbol() produces (as stored with each
/// feature value): "mm³" -> "mm3", "HU" -> "[hnsf'U]", "" -> "1". Throws
/// rgw::Error naming the symbol when unitSymbol() never produces it.
UcumUnit ucumUnitOfSymbol(const std::string& symbol);

} // namespace rgw::radiomics
