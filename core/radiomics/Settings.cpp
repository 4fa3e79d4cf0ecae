#include "radiomics/Settings.h"

#include "radiomics/Extractor.h"
#include "radiomics/ParameterSet.h"
#include "util/Error.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace rgw::radiomics {

const char* toString(InterpolationMethod method) {
    switch (method) {
    case InterpolationMethod::Nearest:
        return "nearest";
    case InterpolationMethod::Linear:
        return "linear";
    case InterpolationMethod::CubicSpline:
        return "cubic spline";
    }
    return "?";
}

const char* toString(DiscretisationMethod method) {
    switch (method) {
    case DiscretisationMethod::None:
        return "none";
    case DiscretisationMethod::FixedBinSize:
        return "fixed bin size";
    case DiscretisationMethod::FixedBinNumber:
        return "fixed bin number";
    }
    return "?";
}

namespace {

[[noreturn]] void reject(const Settings& s, const std::string& setting, const std::string& why) {
    throw Error("radiomics settings" + (s.name.empty() ? std::string() : " '" + s.name + "'") +
                ": " + setting + " " + why);
}

/// The checks of a bin setting; `key` names it ("discretisation", "filters[0].discretisation").
void validateDiscretisation(const Settings& s, const DiscretisationSettings& d,
                            const std::string& key) {
    switch (d.method) {
    case DiscretisationMethod::FixedBinSize:
        if (!(d.binWidth > 0.0) || !std::isfinite(d.binWidth))
            reject(s, key + ".binWidth",
                   "must be positive for fixed bin size, got " + std::to_string(d.binWidth));
        break;
    case DiscretisationMethod::FixedBinNumber:
        if (d.binCount < 1)
            reject(s, key + ".binCount",
                   "must be at least 1 for fixed bin number, got " + std::to_string(d.binCount));
        break;
    case DiscretisationMethod::None:
        break;
    }
}

void validateFilterEntry(const Settings& s, const FilterEntry& entry, const std::string& key) {
    const std::vector<std::string> allowed = responseMapFamilies();
    bool readsLevels = false;
    for (std::size_t i = 0; i < entry.families.size(); ++i) {
        const std::string& family = entry.families[i];
        if (std::find(allowed.begin(), allowed.end(), family) == allowed.end())
            reject(s, key + ".families[" + std::to_string(i) + "]",
                   "'" + family + "' is not computed on a response map");
        if (std::find(entry.families.begin(), entry.families.begin() + static_cast<long>(i),
                      family) != entry.families.begin() + static_cast<long>(i))
            reject(s, key + ".families[" + std::to_string(i) + "]", "repeats '" + family + "'");
        readsLevels = readsLevels || readsGreyLevels(family);
    }
    if (readsLevels && !entry.discretisation)
        reject(s, key + ".discretisation",
               "is required: a family of the entry reads grey levels of the response");
    if (!readsLevels && entry.discretisation)
        reject(s, key + ".discretisation", "is unused: no family of the entry reads grey levels");
    if (entry.discretisation) {
        if (entry.discretisation->method == DiscretisationMethod::None)
            reject(s, key + ".discretisation.method",
                   "must be fixed bin size or fixed bin number (a response map holds no grey "
                   "levels)");
        validateDiscretisation(s, *entry.discretisation, key + ".discretisation");
    }
}

} // namespace

void Settings::validate() const {
    if (interpolation.enabled) {
        const int axes = interpolation.inPlaneOnly ? 2 : 3;
        for (int a = 0; a < axes; ++a)
            if (!(interpolation.spacing[a] > 0.0) || !std::isfinite(interpolation.spacing[a]))
                reject(*this, "interpolation.spacing[" + std::to_string(a) + "]",
                       "must be a positive number of millimetres, got " +
                           std::to_string(interpolation.spacing[a]));
        const double t = interpolation.partialVolumeThreshold;
        if (!(t > 0.0 && t <= 1.0))
            reject(*this, "interpolation.partialVolumeThreshold",
                   "must lie in (0, 1], got " + std::to_string(t));
        if (interpolation.mask == InterpolationMethod::CubicSpline)
            reject(*this, "interpolation.mask",
                   "must be nearest or linear (a cubic spline overshoots the 0..1 mask)");
    }
    if (sliceWise && interpolation.enabled && !interpolation.inPlaneOnly)
        reject(*this, "interpolation.inPlaneOnly",
               "must be true for slice-wise (2D) processing: slices are not interpolated");
    if (resegmentationRange) {
        const auto& r = *resegmentationRange;
        if (std::isnan(r.lower) || std::isnan(r.upper) || !(r.lower <= r.upper))
            reject(*this, "resegmentationRange",
                   "needs lower ≤ upper, got [" + std::to_string(r.lower) + ", " +
                       std::to_string(r.upper) + "]");
    }
    if (outlierFiltering && !(outlierSigma > 0.0))
        reject(*this, "outlierSigma", "must be positive, got " + std::to_string(outlierSigma));
    validateDiscretisation(*this, discretisation, "discretisation");
    if (ivh.mode == IvhMode::BinCentres && !(ivh.binWidth > 0.0))
        reject(*this, "ivh.binWidth", "must be positive, got " + std::to_string(ivh.binWidth));
    if (ivh.mode == IvhMode::BinNumbers && ivh.binCount < 1)
        reject(*this, "ivh.binCount", "must be at least 1, got " + std::to_string(ivh.binCount));
    if (texture.distance < 1)
        reject(*this, "texture.distance",
               "must be at least 1, got " + std::to_string(texture.distance));
    if (texture.ngldmCoarseness < 0)
        reject(*this, "texture.ngldmCoarseness",
               "must not be negative, got " + std::to_string(texture.ngldmCoarseness));
    for (std::size_t f = 0; f < filters.size(); ++f)
        validateFilterEntry(*this, filters[f], "filters[" + std::to_string(f) + "]");
}

// The presets' numbers live only in resources/radiomics/*.yaml (compiled in).
Settings ibsiDigitalPhantom() {
    return loadParameterSet("ibsi-digital-phantom").settings;
}

Settings ibsiConfig(char configuration) {
    if (configuration < 'A' || configuration > 'E')
        throw Error(std::string("IBSI configuration '") + configuration +
                    "' does not exist (expected A, B, C, D or E)");
    return loadParameterSet(std::string("ibsi-config-") + configuration).settings;
}

} // namespace rgw::radiomics
