#include "radiomics/families/intensity_histogram.h"

#include "radiomics/families/detail/Distribution.h"

#include <algorithm>
#include <cmath>

namespace rgw::radiomics {

FeatureTable computeIntensityHistogram(const DiscretisedRoi& roi) {
    FeatureTable t;
    const char* family = "intensity_histogram";
    const int ng = roi.greyLevels;
    // Non-sparse histogram n_i, i = 1..N_g (index 0 unused).
    std::vector<double> count(static_cast<std::size_t>(ng) + 1, 0.0);
    std::size_t nv = 0;
    for (int l : roi.levels)
        if (l > 0) {
            count[static_cast<std::size_t>(l)] += 1.0;
            ++nv;
        }
    if (nv == 0) {
        t.notes.push_back({family, "the intensity mask holds no voxels"});
        return t;
    }
    // Sorted sample from the histogram (counting sort).
    std::vector<double> x;
    x.reserve(nv);
    for (int i = 1; i <= ng; ++i)
        x.insert(x.end(), static_cast<std::size_t>(count[static_cast<std::size_t>(i)]),
                 static_cast<double>(i));
    const auto d = families::detail::describe(x);
    const auto n = static_cast<double>(nv);

    // Mode: highest count; ties go to the bin closest to the mean, then the lower bin.
    int mode = 1;
    for (int i = 2; i <= ng; ++i) {
        const double ci = count[static_cast<std::size_t>(i)];
        const double cm = count[static_cast<std::size_t>(mode)];
        if (ci > cm || (ci == cm && std::abs(i - d.mean) < std::abs(mode - d.mean)))
            mode = i;
    }
    double entropy = 0, uniformity = 0;
    for (int i = 1; i <= ng; ++i) {
        const double p = count[static_cast<std::size_t>(i)] / n;
        if (p > 0)
            entropy -= p * std::log2(p);
        uniformity += p * p;
    }
    // Histogram gradient H'_i: one-sided at the ends, central inside.
    auto gradient = [&](int i) {
        auto c = [&](int k) { return count[static_cast<std::size_t>(k)]; };
        if (ng == 1)
            return 0.0;
        if (i == 1)
            return c(2) - c(1);
        if (i == ng)
            return c(ng) - c(ng - 1);
        return (c(i + 1) - c(i - 1)) / 2.0;
    };
    int maxGradAt = 1, minGradAt = 1;
    for (int i = 2; i <= ng; ++i) {
        if (gradient(i) > gradient(maxGradAt))
            maxGradAt = i;
        if (gradient(i) < gradient(minGradAt))
            minGradAt = i;
    }

    auto add = [&](const char* name, const char* code, double value) {
        t.add(family, name, code, "", value);
    };
    add("Mean discretised intensity", "X6K6", d.mean);
    add("Discretised intensity variance", "CH89", d.variance);
    add("Discretised intensity skewness", "88K1", d.skewness);
    add("(Excess) discretised intensity kurtosis", "C3I7", d.kurtosis);
    add("Median discretised intensity", "WIFQ", d.median);
    add("Minimum discretised intensity", "1PR8", d.minimum);
    add("10th discretised intensity percentile", "GPMT", d.p10);
    add("90th discretised intensity percentile", "OZ0C", d.p90);
    add("Maximum discretised intensity", "3NCY", d.maximum);
    add("Intensity histogram mode", "AMMC", mode);
    add("Discretised intensity interquartile range", "WR0O", d.p75 - d.p25);
    add("Discretised intensity range", "5Z3W", d.maximum - d.minimum);
    add("Intensity histogram mean absolute deviation", "D2ZX", d.meanAbsoluteDeviation);
    add("Intensity histogram robust mean absolute deviation", "WRZB",
        d.robustMeanAbsoluteDeviation);
    add("Intensity histogram median absolute deviation", "4RNL", d.medianAbsoluteDeviation);
    add("Intensity histogram coefficient of variation", "CWYJ", std::sqrt(d.variance) / d.mean);
    add("Intensity histogram quartile coefficient of dispersion", "SLWD",
        (d.p75 - d.p25) / (d.p75 + d.p25));
    add("Discretised intensity entropy", "TLU2", entropy);       // −Σ p log₂ p
    add("Discretised intensity uniformity", "BJ5W", uniformity); // Σ p²
    add("Maximum histogram gradient", "12CE", gradient(maxGradAt));
    add("Maximum histogram gradient intensity", "8E6O", maxGradAt);
    add("Minimum histogram gradient", "VQB3", gradient(minGradAt));
    add("Minimum histogram gradient intensity", "RHQZ", minGradAt);
    return t;
}

} // namespace rgw::radiomics
