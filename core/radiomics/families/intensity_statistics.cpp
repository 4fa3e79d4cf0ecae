#include "radiomics/families/intensity_statistics.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace rgw::radiomics {

namespace {

constexpr std::array<texture::FeatureDef, 18> kFeatures{{
    {"Mean intensity", "Q4LE"},
    {"Intensity variance", "ECT3"},
    {"Intensity skewness", "KE2A"},
    {"(Excess) intensity kurtosis", "IPH6"},
    {"Median intensity", "Y12H"},
    {"Minimum intensity", "1GSF"},
    {"10th intensity percentile", "QG58"},
    {"90th intensity percentile", "8DWT"},
    {"Maximum intensity", "84IY"},
    {"Intensity interquartile range", "SALO"},
    {"Intensity range", "2OJQ"},
    {"Intensity-based mean absolute deviation", "4FUA"},
    {"Intensity-based robust mean absolute deviation", "1128"},
    {"Intensity-based median absolute deviation", "N72L"},
    {"Intensity-based coefficient of variation", "7TET"},
    {"Intensity-based quartile coefficient of dispersion", "9S40"},
    {"Intensity-based energy", "N8CA"},
    {"Root mean square intensity", "5ZWQ"},
}};

} // namespace

std::span<const texture::FeatureDef> intensityStatisticsFeatures() {
    return kFeatures;
}

std::vector<double> intensityStatisticsValues(const families::detail::Distribution& d) {
    return {
        d.mean,                            // Q4LE μ = Σ X / N
        d.variance,                        // ECT3 Σ (X − μ)² / N
        d.skewness,                        // KE2A m₃ / m₂^1.5
        d.kurtosis,                        // IPH6 m₄ / m₂² − 3
        d.median,                          // Y12H P50
        d.minimum,                         // 1GSF min X
        d.p10,                             // QG58 P10
        d.p90,                             // 8DWT P90
        d.maximum,                         // 84IY max X
        d.p75 - d.p25,                     // SALO P75 − P25
        d.maximum - d.minimum,             // 2OJQ max − min
        d.meanAbsoluteDeviation,           // 4FUA Σ |X − μ| / N
        d.robustMeanAbsoluteDeviation,     // 1128 over P10 ≤ X ≤ P90
        d.medianAbsoluteDeviation,         // N72L Σ |X − P50| / N
        std::sqrt(d.variance) / d.mean,    // 7TET σ/μ
        (d.p75 - d.p25) / (d.p75 + d.p25), // 9S40 (P75−P25)/(P75+P25)
        d.energy,                          // N8CA Σ X²
        std::sqrt(d.energy / d.count),     // 5ZWQ √(Σ X² / N)
    };
}

FeatureTable computeIntensityStatistics(const PreparedRoi& roi) {
    FeatureTable t;
    const char* family = "intensity_statistics";
    std::vector<double> x;
    for (std::size_t v = 0; v < roi.image.voxels.size(); ++v)
        if (roi.intensityMask.voxels[v])
            x.push_back(roi.image.voxels[v]);
    if (x.empty()) {
        t.notes.push_back({family, "the intensity mask holds no voxels"});
        return t;
    }
    std::sort(x.begin(), x.end());
    const std::vector<double> values = intensityStatisticsValues(families::detail::describe(x));
    for (std::size_t f = 0; f < kFeatures.size(); ++f)
        t.add(family, kFeatures[f].name, kFeatures[f].code, "", values[f]);
    return t;
}

} // namespace rgw::radiomics
