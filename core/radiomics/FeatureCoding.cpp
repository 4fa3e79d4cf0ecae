#include "radiomics/FeatureCoding.h"

#include "radiomics/texture/Aggregation.h"
#include "util/Error.h"

#include <utility>

namespace rgw::radiomics {

namespace {

struct AggregationCode {
    const char* label;
    const char* code;
};

// IBSI-1 section 3.1.1 (feature aggregation methods).
constexpr AggregationCode kAggregations[] = {
    {texture::label::averaged2D, "BTW3"},         {texture::label::sliceMerged2D, "SUJT"},
    {texture::label::directionMerged25D, "JJUI"}, {texture::label::merged25D, "ZW7Z"},
    {texture::label::averaged3D, "ITBB"},         {texture::label::merged3D, "IAZD"},
    {texture::label::perSlice2D, "8QNN"},         {texture::label::merged25DZone, "62GR"},
    {texture::label::volume3D, "KOBO"},
};

UcumUnit intensityUcum(IntensityUnit unit) {
    switch (unit) {
    case IntensityUnit::HounsfieldUnit:
        return {"[hnsf'U]", "Hounsfield unit"};
    case IntensityUnit::SuvBodyWeight:
        return {"{SUVbw}g/ml", "Standardized Uptake Value body weight"};
    case IntensityUnit::RescaledValue:
    case IntensityUnit::RawPetActivity:
        break;
    }
    return {"[arb'U]", "arbitrary unit"};
}

UcumUnit squared(IntensityUnit unit) {
    switch (unit) {
    case IntensityUnit::HounsfieldUnit:
        return {"[hnsf'U]2", "Hounsfield unit squared"};
    case IntensityUnit::SuvBodyWeight:
        return {"{SUVbw}g2/ml2", "Standardized Uptake Value body weight squared"};
    case IntensityUnit::RescaledValue:
    case IntensityUnit::RawPetActivity:
        break;
    }
    return {"[arb'U]2", "arbitrary unit squared"};
}

constexpr IntensityUnit kIntensityUnits[] = {
    IntensityUnit::HounsfieldUnit, IntensityUnit::SuvBodyWeight, IntensityUnit::RescaledValue,
    IntensityUnit::RawPetActivity};

constexpr FeatureDimension kDimensions[] = {
    FeatureDimension::None,
    FeatureDimension::Millimetre,
    FeatureDimension::SquareMillimetre,
    FeatureDimension::CubicMillimetre,
    FeatureDimension::PerMillimetre,
    FeatureDimension::Intensity,
    FeatureDimension::IntensitySquared,
    FeatureDimension::VolumeTimesIntensity,
    FeatureDimension::IvhIntensity,
};

} // namespace

std::string aggregationCode(std::string_view label) {
    for (const auto& a : kAggregations)
        if (label == a.label)
            return a.code;
    throw Error("no IBSI code for the feature aggregation '" + std::string(label) + "'");
}

std::optional<std::string> aggregationLabel(std::string_view code) {
    for (const auto& a : kAggregations)
        if (code == a.code)
            return std::string(a.label);
    return std::nullopt;
}

UcumUnit ucumUnit(FeatureDimension dimension, IntensityUnit unit, const Settings& settings) {
    using D = FeatureDimension;
    switch (dimension) {
    case D::None:
        break;
    case D::Millimetre:
        return {"mm", "millimeter"};
    case D::SquareMillimetre:
        return {"mm2", "square millimeter"};
    case D::CubicMillimetre:
        return {"mm3", "cubic millimeter"};
    case D::PerMillimetre:
        return {"/mm", "per millimeter"};
    case D::Intensity:
        return intensityUcum(unit);
    case D::IntensitySquared:
        return squared(unit);
    case D::VolumeTimesIntensity: {
        const UcumUnit i = intensityUcum(unit);
        return {"mm3." + i.code, "cubic millimeter times " + i.meaning};
    }
    case D::IvhIntensity:
        if (settings.ivh.mode != IvhMode::BinNumbers)
            return intensityUcum(unit);
        break;
    }
    return {"1", "no units"};
}

UcumUnit ucumUnitOfSymbol(const std::string& symbol) {
    // Every symbol unitSymbol() can produce, with the UCUM unit of the same
    // (dimension, intensity unit): one definition of what each unit means.
    Settings settings;
    for (FeatureDimension dimension : kDimensions)
        for (IntensityUnit unit : kIntensityUnits)
            if (unitSymbol(dimension, unit, settings) == symbol)
                return ucumUnit(dimension, unit, settings);
    throw Error("no UCUM unit for the feature unit '" + symbol + "'");
}

} // namespace rgw::radiomics
