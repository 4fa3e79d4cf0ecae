#include "radiomics/FeatureCatalogue.h"

#include "radiomics/Extractor.h"
#include "radiomics/FeatureColumnName.h"
#include "radiomics/texture/Aggregation.h"
#include "radiomics/texture/FamilyFeatures.h"
#include "util/Error.h"
#include "util/Text.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <span>
#include <tuple>

namespace rgw::radiomics {

namespace {

using D = FeatureDimension;

struct Def {
    const char* name;
    const char* code;
    FeatureDimension dimension;
};

// The non-texture families, in the order each family computes its features
// (IBSI-1 chapter 3; units from the feature definitions).
constexpr Def kMorphology[] = {
    {"Volume (mesh)", "RNU0", D::CubicMillimetre},
    {"Volume (voxel counting)", "YEKZ", D::CubicMillimetre},
    {"Surface area (mesh)", "C0JK", D::SquareMillimetre},
    {"Surface to volume ratio", "2PR5", D::PerMillimetre},
    {"Compactness 1", "SKGS", D::None},
    {"Compactness 2", "BQWJ", D::None},
    {"Spherical disproportion", "KRCK", D::None},
    {"Sphericity", "QCFX", D::None},
    {"Asphericity", "25C7", D::None},
    {"Centre of mass shift", "KLMA", D::Millimetre},
    {"Maximum 3D diameter", "L0JK", D::Millimetre},
    {"Major axis length", "TDIC", D::Millimetre},
    {"Minor axis length", "P9VJ", D::Millimetre},
    {"Least axis length", "7J51", D::Millimetre},
    {"Elongation", "Q3CK", D::None},
    {"Flatness", "N17B", D::None},
    {"Volume density (axis-aligned bounding box)", "PBX1", D::None},
    {"Area density (axis-aligned bounding box)", "R59B", D::None},
    {"Volume density (oriented minimum bounding box)", "ZH1A", D::None},
    {"Area density (oriented minimum bounding box)", "IQYR", D::None},
    {"Volume density (approximate enclosing ellipsoid)", "6BDE", D::None},
    {"Area density (approximate enclosing ellipsoid)", "RDD2", D::None},
    {"Volume density (minimum volume enclosing ellipsoid)", "SWZ1", D::None},
    {"Area density (minimum volume enclosing ellipsoid)", "BRI8", D::None},
    {"Volume density (convex hull)", "R3ER", D::None},
    {"Area density (convex hull)", "7T7F", D::None},
    {"Integrated intensity", "99N0", D::VolumeTimesIntensity},
    {"Moran\u2019s I index", "N365", D::None},
    {"Geary\u2019s C measure", "NPT7", D::None},
};

constexpr Def kLocalIntensity[] = {
    {"Local intensity peak", "VJGA", D::Intensity},
    {"Global intensity peak", "0F91", D::Intensity},
};

constexpr Def kIntensityStatistics[] = {
    {"Mean intensity", "Q4LE", D::Intensity},
    {"Intensity variance", "ECT3", D::IntensitySquared},
    {"Intensity skewness", "KE2A", D::None},
    {"(Excess) intensity kurtosis", "IPH6", D::None},
    {"Median intensity", "Y12H", D::Intensity},
    {"Minimum intensity", "1GSF", D::Intensity},
    {"10th intensity percentile", "QG58", D::Intensity},
    {"90th intensity percentile", "8DWT", D::Intensity},
    {"Maximum intensity", "84IY", D::Intensity},
    {"Intensity interquartile range", "SALO", D::Intensity},
    {"Intensity range", "2OJQ", D::Intensity},
    {"Intensity-based mean absolute deviation", "4FUA", D::Intensity},
    {"Intensity-based robust mean absolute deviation", "1128", D::Intensity},
    {"Intensity-based median absolute deviation", "N72L", D::Intensity},
    {"Intensity-based coefficient of variation", "7TET", D::None},
    {"Intensity-based quartile coefficient of dispersion", "9S40", D::None},
    {"Intensity-based energy", "N8CA", D::IntensitySquared},
    {"Root mean square intensity", "5ZWQ", D::Intensity},
};

// The intensity histogram works on discretised grey levels (bin numbers):
// every feature is dimensionless.
constexpr Def kIntensityHistogram[] = {
    {"Mean discretised intensity", "X6K6", D::None},
    {"Discretised intensity variance", "CH89", D::None},
    {"Discretised intensity skewness", "88K1", D::None},
    {"(Excess) discretised intensity kurtosis", "C3I7", D::None},
    {"Median discretised intensity", "WIFQ", D::None},
    {"Minimum discretised intensity", "1PR8", D::None},
    {"10th discretised intensity percentile", "GPMT", D::None},
    {"90th discretised intensity percentile", "OZ0C", D::None},
    {"Maximum discretised intensity", "3NCY", D::None},
    {"Intensity histogram mode", "AMMC", D::None},
    {"Discretised intensity interquartile range", "WR0O", D::None},
    {"Discretised intensity range", "5Z3W", D::None},
    {"Intensity histogram mean absolute deviation", "D2ZX", D::None},
    {"Intensity histogram robust mean absolute deviation", "WRZB", D::None},
    {"Intensity histogram median absolute deviation", "4RNL", D::None},
    {"Intensity histogram coefficient of variation", "CWYJ", D::None},
    {"Intensity histogram quartile coefficient of dispersion", "SLWD", D::None},
    {"Discretised intensity entropy", "TLU2", D::None},
    {"Discretised intensity uniformity", "BJ5W", D::None},
    {"Maximum histogram gradient", "12CE", D::None},
    {"Maximum histogram gradient intensity", "8E6O", D::None},
    {"Minimum histogram gradient", "VQB3", D::None},
    {"Minimum histogram gradient intensity", "RHQZ", D::None},
};

// Volume fractions and the area under ν(γ) are dimensionless; intensities at
// a volume fraction are intensities (bin numbers in ivh.mode bin_numbers).
constexpr Def kIvh[] = {
    {"Volume at intensity fraction: volume fraction at 10% intensity", "BC2M", D::None},
    {"Volume at intensity fraction: volume fraction at 90% intensity", "BC2M", D::None},
    {"Intensity at volume fraction: intensity at 10% volume", "GBPN", D::IvhIntensity},
    {"Intensity at volume fraction: intensity at 90% volume", "GBPN", D::IvhIntensity},
    {"Volume fraction difference between intensity fractions", "DDTU", D::None},
    {"Intensity fraction difference between volume fractions", "CNV2", D::IvhIntensity},
    {"Area under the IVH curve", "9CMM", D::None},
};

std::span<const Def> plainFamily(const std::string& family) {
    if (family == "morphology")
        return kMorphology;
    if (family == "local_intensity")
        return kLocalIntensity;
    if (family == "intensity_statistics")
        return kIntensityStatistics;
    if (family == "intensity_histogram")
        return kIntensityHistogram;
    if (family == "ivh")
        return kIvh;
    return {};
}

/// A texture family's features and whether it uses the six directional
/// aggregations (GLCM, GLRLM) or the three of the zone/neighbourhood families.
struct TextureFamily {
    const char* key;
    std::span<const texture::FeatureDef> (*features)();
    bool directional;
};

constexpr TextureFamily kTexture[] = {
    {"glcm", texture::glcmFeatures, true},    {"glrlm", texture::glrlmFeatures, true},
    {"glszm", texture::glszmFeatures, false}, {"gldzm", texture::gldzmFeatures, false},
    {"ngtdm", texture::ngtdmFeatures, false}, {"ngldm", texture::ngldmFeatures, false},
};

/// The aggregation labels in the order the aggregate* templates emit them.
std::vector<const char*> aggregations(bool directional, const TextureSettings& settings) {
    namespace l = texture::label;
    std::vector<const char*> labels;
    if (texture::wantsSliceWise(settings)) {
        if (directional)
            labels.insert(labels.end(),
                          {l::averaged2D, l::sliceMerged2D, l::directionMerged25D, l::merged25D});
        else
            labels.insert(labels.end(), {l::perSlice2D, l::merged25DZone});
    }
    if (texture::wantsVolumetric(settings)) {
        if (directional)
            labels.insert(labels.end(), {l::averaged3D, l::merged3D});
        else
            labels.push_back(l::volume3D);
    }
    return labels;
}

/// Why `feature` is missing: the family's notes about it (by name or by its
/// aggregation tag), else all of the family's notes.
std::string missingReason(const CatalogueFeature& feature, const std::vector<FamilyNote>& notes) {
    std::string specific, general;
    const std::string name = asciiLower(feature.name);
    const std::string tag = "[" + feature.aggregation + "]";
    for (const auto& note : notes) {
        if (note.family != feature.family)
            continue;
        const std::string text = asciiLower(note.note);
        const bool otherAggregation =
            !feature.aggregation.empty() && text.rfind("[", 0) == 0 && note.note.rfind(tag, 0) != 0;
        if (otherAggregation)
            continue;
        const bool aboutName = text.find(name) != std::string::npos;
        const bool aboutOtherFeature =
            !feature.aggregation.empty() && text.find(") is undefined") != std::string::npos;
        if (aboutName)
            specific += (specific.empty() ? "" : "; ") + note.note;
        else if (!aboutOtherFeature)
            general += (general.empty() ? "" : "; ") + note.note;
    }
    if (!specific.empty())
        return specific;
    if (!general.empty())
        return general;
    return "not computable for this ROI";
}

} // namespace

namespace {

/// The rows of family `key` (Feature.h), listed under `family` (the key
/// itself, or its name on a filter's response map).
void appendFamily(std::vector<CatalogueFeature>& rows, const std::string& key,
                  const std::string& family, bool responseMap, const Settings& settings) {
    for (const Def& d : plainFamily(key))
        rows.push_back({family, d.name, d.code, "", d.dimension, responseMap});
    for (const TextureFamily& t : kTexture) {
        if (key != t.key)
            continue;
        for (const char* aggregation : aggregations(t.directional, settings.texture))
            for (const texture::FeatureDef& d : t.features())
                rows.push_back(
                    {family, d.name, d.code, aggregation, FeatureDimension::None, responseMap});
    }
}

} // namespace

std::vector<CatalogueFeature> featureCatalogue(const Settings& settings,
                                               const std::set<std::string>& families) {
    const auto wanted = [&](const std::string& family) {
        return families.empty() || families.count(family) > 0;
    };
    std::vector<CatalogueFeature> rows;
    for (const std::string& family : availableFamilies())
        if (wanted(family))
            appendFamily(rows, family, family, false, settings);
    for (const FilterEntry& entry : settings.filters)
        for (const std::string& family : responseMapFamilies())
            if (wanted(family) && std::find(entry.families.begin(), entry.families.end(), family) !=
                                      entry.families.end())
                appendFamily(rows, family, filteredFamilyName(entry, family), true, settings);
    return rows;
}

std::string filteredFamilyName(const filters::FilterSpec& spec, const std::string& family) {
    return snakeCaseAscii(filters::describe(spec)) + "_" + family;
}

std::string intensitySymbol(IntensityUnit unit) {
    switch (unit) {
    case IntensityUnit::HounsfieldUnit:
        return "HU";
    case IntensityUnit::SuvBodyWeight:
        return "SUV";
    case IntensityUnit::RescaledValue:
    case IntensityUnit::RawPetActivity:
        return "a.u.";
    }
    return "a.u.";
}

std::string unitSymbol(FeatureDimension dimension, IntensityUnit unit, const Settings& settings) {
    const std::string intensity = intensitySymbol(unit);
    switch (dimension) {
    case D::None:
        return "";
    case D::Millimetre:
        return "mm";
    case D::SquareMillimetre:
        return "mm\u00b2";
    case D::CubicMillimetre:
        return "mm\u00b3";
    case D::PerMillimetre:
        return "mm\u207b\u00b9";
    case D::Intensity:
        return intensity;
    case D::IntensitySquared:
        return intensity + "\u00b2";
    case D::VolumeTimesIntensity:
        return "mm\u00b3\u00b7" + intensity;
    case D::IvhIntensity:
        return settings.ivh.mode == IvhMode::BinNumbers ? "" : intensity;
    }
    return "";
}

FeatureTable completeTable(const FeatureTable& computed, const Settings& settings,
                           const std::set<std::string>& families, IntensityUnit unit) {
    using Key = std::tuple<std::string, std::string, std::string>; // family, name, aggregation
    std::map<Key, const FeatureValue*> byKey;
    for (const FeatureValue& v : computed.values)
        byKey.emplace(Key{v.family, v.name, v.aggregation}, &v);
    FeatureTable table;
    table.notes = computed.notes;
    std::size_t matched = 0;
    for (const CatalogueFeature& f : featureCatalogue(settings, families)) {
        const IntensityUnit rowUnit = f.responseMap ? IntensityUnit::RescaledValue : unit;
        FeatureValue row{f.family,      f.name,       f.ibsiCode,
                         f.aggregation, std::nan(""), unitSymbol(f.dimension, rowUnit, settings),
                         std::string()};
        const auto it = byKey.find(Key{f.family, f.name, f.aggregation});
        if (it != byKey.end()) {
            ++matched;
            row.value = it->second->value;
            if (std::isnan(row.value))
                row.missingReason = "undefined for this ROI (the formula gives no number)";
        } else {
            row.missingReason = missingReason(f, computed.notes);
        }
        table.values.push_back(std::move(row));
    }
    if (byKey.size() != computed.values.size())
        throw Error("feature catalogue: a family produced the same feature twice (engine bug)");
    if (matched != byKey.size())
        for (const FeatureValue& v : computed.values) {
            const auto& rows = table.values;
            if (std::none_of(rows.begin(), rows.end(), [&](const FeatureValue& r) {
                    return r.family == v.family && r.name == v.name &&
                           r.aggregation == v.aggregation;
                }))
                throw Error("feature catalogue: family " + v.family + " produced '" + v.name +
                            "' [" + v.aggregation +
                            "], which the catalogue does not list "
                            "(engine bug)");
        }
    return table;
}

} // namespace rgw::radiomics
