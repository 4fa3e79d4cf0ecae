#include "radiomics/families/intensity_histogram.h"

#include "radiomics/families/detail/Distribution.h"
#include "radiomics/texture/LevelTable.h"

#include <algorithm>
#include <cmath>

namespace rgw::radiomics {

namespace {

/// The histogram over the levels present: n_i of grey level value[c] at
/// count[c] (compact index c, LevelTable), so its size follows the distinct
/// levels and not N_g.
struct SparseHistogram {
    texture::LevelTable levels;
    std::vector<double> count; ///< index 0 unused

    double at(int i) const { // n_i of grey level i (0 when absent)
        const int c = levels.indexOf(i);
        return c > 0 ? count[static_cast<std::size_t>(c)] : 0.0;
    }
};

SparseHistogram histogram(const DiscretisedRoi& roi) {
    SparseHistogram h;
    std::vector<int> compact;
    compact.reserve(roi.levels.size());
    for (int l : roi.levels)
        if (l > 0)
            compact.push_back(l);
    h.levels = texture::makeLevelTable(compact, roi.greyLevels);
    texture::toCompact(compact, h.levels, roi.greyLevels);
    h.count.assign(static_cast<std::size_t>(h.levels.count()) + 1, 0.0);
    for (int c : compact)
        h.count[static_cast<std::size_t>(c)] += 1.0;
    return h;
}

/// The grey levels where the histogram gradient H'_i can be non-zero: i − 1,
/// i, i + 1 of every level present, within 1..N_g, ascending. Every other
/// level has H'_i = 0; `firstZero` is the lowest of them (0 when none).
std::vector<int> gradientCandidates(const SparseHistogram& h, int ng, int& firstZero) {
    std::vector<int> out;
    for (int c = 1; c <= h.levels.count(); ++c) {
        const int l = h.levels.value[static_cast<std::size_t>(c)];
        for (const long long i : {l - 1LL, static_cast<long long>(l), l + 1LL})
            if (i >= 1 && i <= ng && (out.empty() || out.back() < i))
                out.push_back(static_cast<int>(i));
    }
    firstZero = 0;
    int expected = 1;
    for (const int i : out) {
        if (i != expected)
            break;
        ++expected;
    }
    if (expected <= ng)
        firstZero = expected;
    return out;
}

} // namespace

FeatureTable computeIntensityHistogram(const DiscretisedRoi& roi) {
    FeatureTable t;
    const char* family = "intensity_histogram";
    const int ng = roi.greyLevels;
    const SparseHistogram h = histogram(roi);
    std::size_t nv = 0;
    for (double c : h.count)
        nv += static_cast<std::size_t>(c);
    if (nv == 0) {
        t.notes.push_back({family, "the intensity mask holds no voxels"});
        return t;
    }
    // Sorted sample from the histogram (counting sort).
    std::vector<double> x;
    x.reserve(nv);
    for (int c = 1; c <= h.levels.count(); ++c)
        x.insert(x.end(), static_cast<std::size_t>(h.count[static_cast<std::size_t>(c)]),
                 static_cast<double>(h.levels.value[static_cast<std::size_t>(c)]));
    const auto d = families::detail::describe(x);
    const auto n = static_cast<double>(nv);

    // Mode: highest count; ties go to the bin closest to the mean, then the
    // lower bin (absent levels never win: every present one has a count > 0).
    int mode = h.levels.value[1];
    for (int c = 2; c <= h.levels.count(); ++c) {
        const int i = h.levels.value[static_cast<std::size_t>(c)];
        const double ci = h.count[static_cast<std::size_t>(c)];
        const double cm = h.at(mode);
        if (ci > cm || (ci == cm && std::abs(i - d.mean) < std::abs(mode - d.mean)))
            mode = i;
    }
    double entropy = 0, uniformity = 0;
    for (int c = 1; c <= h.levels.count(); ++c) {
        const double p = h.count[static_cast<std::size_t>(c)] / n;
        entropy -= p * std::log2(p); // TLU2 −Σ p_i log₂ p_i
        uniformity += p * p;         // BJ5W Σ p_i²
    }
    // Histogram gradient H'_i: one-sided at the ends, central inside.
    auto gradient = [&](int i) {
        if (ng == 1)
            return 0.0;
        if (i == 1)
            return h.at(2) - h.at(1);
        if (i == ng)
            return h.at(ng) - h.at(ng - 1);
        return (h.at(i + 1) - h.at(i - 1)) / 2.0;
    };
    // 12CE / VQB3: the extreme gradients at their lowest grey level; levels
    // that are not candidates have H'_i = 0 and compete through firstZero.
    int firstZero = 0;
    const std::vector<int> candidates = gradientCandidates(h, ng, firstZero);
    int maxGradAt = candidates.front(), minGradAt = candidates.front();
    for (const int i : candidates) {
        if (gradient(i) > gradient(maxGradAt))
            maxGradAt = i;
        if (gradient(i) < gradient(minGradAt))
            minGradAt = i;
    }
    const auto preferZero = [&](int at, bool isMax) {
        const double g = gradient(at);
        if (firstZero == 0 || (isMax ? g > 0.0 : g < 0.0) || (g == 0.0 && at < firstZero))
            return at;
        return firstZero;
    };
    maxGradAt = preferZero(maxGradAt, true);
    minGradAt = preferZero(minGradAt, false);

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
    add("Discretised intensity entropy", "TLU2", entropy);
    add("Discretised intensity uniformity", "BJ5W", uniformity);
    add("Maximum histogram gradient", "12CE", gradient(maxGradAt));
    add("Maximum histogram gradient intensity", "8E6O", maxGradAt);
    add("Minimum histogram gradient", "VQB3", gradient(minGradAt));
    add("Minimum histogram gradient intensity", "RHQZ", minGradAt);
    return t;
}

} // namespace rgw::radiomics
