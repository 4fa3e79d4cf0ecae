#pragma once

#include "image/Image.h"
#include "radiomics/Feature.h"
#include "radiomics/Settings.h"

#include <set>
#include <string>
#include <vector>

namespace rgw::radiomics {

/// The physical dimension of a feature (IBSI-1 chapter 3 definitions).
enum class FeatureDimension {
    None,                 ///< dimensionless: ratios, fractions, counts, grey levels, texture
    Millimetre,           ///< lengths: diameters, axis lengths, centre of mass shift
    SquareMillimetre,     ///< surface area
    CubicMillimetre,      ///< volumes
    PerMillimetre,        ///< surface to volume ratio
    Intensity,            ///< in the image's intensity unit (HU, SUV, ...)
    IntensitySquared,     ///< variance, energy
    VolumeTimesIntensity, ///< integrated intensity (mm³ · intensity)
    IvhIntensity,         ///< image intensity, or bin number for ivh.mode bin_numbers
};

/// One row every extraction yields: a feature under an aggregation.
struct CatalogueFeature {
    std::string family;
    std::string name;
    std::string ibsiCode;
    std::string aggregation; ///< "" for non-texture families
    FeatureDimension dimension = FeatureDimension::None;
    /// A feature of a filter's response map (Settings::filters): its
    /// intensities are in arbitrary units whatever the image's.
    bool responseMap = false;
};

/// The family of a feature of `family` computed on the response map of
/// `spec`: "<filter>_<family>", the filter as its describe() name in lower
/// snake case, e.g. "log_sigma1_5_trunc4_3d_mirror_intensity_statistics".
std::string filteredFamilyName(const filters::FilterSpec& spec, const std::string& family);

/// Every row an extraction of `families` (empty = all) with `settings` yields,
/// in the engine's order: the same for every ROI, whatever can be computed.
/// With Settings::filters, the selected families of each filter's response
/// map follow, filter by filter, each in the engine's order.
std::vector<CatalogueFeature> featureCatalogue(const Settings& settings,
                                               const std::set<std::string>& families = {});

/// The symbol of an intensity unit: "HU", "SUV", or "a.u." (arbitrary units:
/// MR, NIfTI images, PET that could not be converted to SUV).
std::string intensitySymbol(IntensityUnit unit);

/// The unit of a feature of `dimension` on an image in `unit` with
/// `settings`: "mm³", "mm²", "mm", "mm⁻¹", "HU", "HU²", "mm³·HU", or ""
/// for dimensionless features.
std::string unitSymbol(FeatureDimension dimension, IntensityUnit unit, const Settings& settings);

/// Lays `computed` (the families' output) onto the catalogue: one row per
/// catalogue feature, in catalogue order, each with its unit. A feature the
/// family could not compute, or computed as NaN, is kept as a missing value
/// (NaN, never 0) with the reason from the family's notes. Throws rgw::Error
/// when a family produced a row the catalogue does not list (an engine bug).
FeatureTable completeTable(const FeatureTable& computed, const Settings& settings,
                           const std::set<std::string>& families, IntensityUnit unit);

} // namespace rgw::radiomics
