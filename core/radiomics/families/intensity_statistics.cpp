#include "radiomics/families/intensity_statistics.h"

#include "radiomics/families/detail/Distribution.h"

#include <algorithm>
#include <cmath>

namespace rgw::radiomics {

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
    const auto d = families::detail::describe(x);
    const auto n = static_cast<double>(x.size());
    auto add = [&](const char* name, const char* code, double value) {
        t.add(family, name, code, "", value);
    };
    add("Mean intensity", "Q4LE", d.mean);                       // μ = Σ X / N
    add("Intensity variance", "ECT3", d.variance);               // Σ (X − μ)² / N
    add("Intensity skewness", "KE2A", d.skewness);               // m₃ / m₂^1.5
    add("(Excess) intensity kurtosis", "IPH6", d.kurtosis);      // m₄ / m₂² − 3
    add("Median intensity", "Y12H", d.median);                   // P50
    add("Minimum intensity", "1GSF", d.minimum);                 // min X
    add("10th intensity percentile", "QG58", d.p10);             // P10
    add("90th intensity percentile", "8DWT", d.p90);             // P90
    add("Maximum intensity", "84IY", d.maximum);                 // max X
    add("Intensity interquartile range", "SALO", d.p75 - d.p25); // P75 − P25
    add("Intensity range", "2OJQ", d.maximum - d.minimum);       // max − min
    add("Intensity-based mean absolute deviation", "4FUA", d.meanAbsoluteDeviation);
    add("Intensity-based robust mean absolute deviation", "1128", d.robustMeanAbsoluteDeviation);
    add("Intensity-based median absolute deviation", "N72L", d.medianAbsoluteDeviation);
    add("Intensity-based coefficient of variation", "7TET", std::sqrt(d.variance) / d.mean); // σ/μ
    add("Intensity-based quartile coefficient of dispersion", "9S40",
        (d.p75 - d.p25) / (d.p75 + d.p25));                             // (P75−P25)/(P75+P25)
    add("Intensity-based energy", "N8CA", d.energy);                    // Σ X²
    add("Root mean square intensity", "5ZWQ", std::sqrt(d.energy / n)); // √(Σ X² / N)
    return t;
}

} // namespace rgw::radiomics
