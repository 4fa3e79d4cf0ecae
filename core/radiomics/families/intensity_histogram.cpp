#include "radiomics/families/intensity_histogram.h"

#include "radiomics/families/detail/Distribution.h"
#include "radiomics/texture/LevelTable.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace rgw::radiomics {

namespace {

constexpr std::array<texture::FeatureDef, 23> kFeatures{{
    {"Mean discretised intensity", "X6K6"},
    {"Discretised intensity variance", "CH89"},
    {"Discretised intensity skewness", "88K1"},
    {"(Excess) discretised intensity kurtosis", "C3I7"},
    {"Median discretised intensity", "WIFQ"},
    {"Minimum discretised intensity", "1PR8"},
    {"10th discretised intensity percentile", "GPMT"},
    {"90th discretised intensity percentile", "OZ0C"},
    {"Maximum discretised intensity", "3NCY"},
    {"Intensity histogram mode", "AMMC"},
    {"Discretised intensity interquartile range", "WR0O"},
    {"Discretised intensity range", "5Z3W"},
    {"Intensity histogram mean absolute deviation", "D2ZX"},
    {"Intensity histogram robust mean absolute deviation", "WRZB"},
    {"Intensity histogram median absolute deviation", "4RNL"},
    {"Intensity histogram coefficient of variation", "CWYJ"},
    {"Intensity histogram quartile coefficient of dispersion", "SLWD"},
    {"Discretised intensity entropy", "TLU2"},
    {"Discretised intensity uniformity", "BJ5W"},
    {"Maximum histogram gradient", "12CE"},
    {"Maximum histogram gradient intensity", "8E6O"},
    {"Minimum histogram gradient", "VQB3"},
    {"Minimum histogram gradient intensity", "RHQZ"},
}};

/// The histogram over the levels present: n_i of grey level levels[c] at
/// counts[c], so its size follows the distinct levels and not N_g.
struct SparseHistogram {
    std::span<const int> levels;
    std::span<const double> counts;

    double at(int i) const { // n_i of grey level i (0 when absent)
        const auto it = std::lower_bound(levels.begin(), levels.end(), i);
        return it != levels.end() && *it == i
                   ? counts[static_cast<std::size_t>(it - levels.begin())]
                   : 0.0;
    }
};

/// The grey levels where the histogram gradient H'_i can be non-zero: i − 1,
/// i, i + 1 of every level present, within 1..N_g, ascending. Every other
/// level has H'_i = 0; `firstZero` is the lowest of them (0 when none).
std::vector<int> gradientCandidates(const SparseHistogram& h, int ng, int& firstZero) {
    std::vector<int> out;
    for (const int l : h.levels)
        for (const long long i : {l - 1LL, static_cast<long long>(l), l + 1LL})
            if (i >= 1 && i <= ng && (out.empty() || out.back() < i))
                out.push_back(static_cast<int>(i));
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

std::span<const texture::FeatureDef> intensityHistogramFeatures() {
    return kFeatures;
}

std::vector<double> intensityHistogramValues(std::span<const int> levels,
                                             std::span<const double> counts, int ng) {
    const SparseHistogram h{levels, counts};
    std::vector<double> values(levels.begin(), levels.end());
    const auto d = families::detail::describe(values, counts);
    const double n = d.count;

    // Mode: highest count; ties go to the bin closest to the mean, then the
    // lower bin (absent levels never win: every present one has a count > 0).
    int mode = levels.front();
    double modeCount = counts.front();
    for (std::size_t c = 1; c < levels.size(); ++c) {
        const int i = levels[c];
        const double ci = counts[c];
        if (ci > modeCount || (ci == modeCount && std::abs(i - d.mean) < std::abs(mode - d.mean))) {
            mode = i;
            modeCount = ci;
        }
    }
    double entropy = 0, uniformity = 0;
    for (const double ci : counts) {
        const double p = ci / n;
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

    return {
        d.mean,                            // X6K6 Σ i p_i
        d.variance,                        // CH89 Σ (i − μ)² p_i
        d.skewness,                        // 88K1 m₃ / m₂^1.5
        d.kurtosis,                        // C3I7 m₄ / m₂² − 3
        d.median,                          // WIFQ P50
        d.minimum,                         // 1PR8 min i
        d.p10,                             // GPMT P10
        d.p90,                             // OZ0C P90
        d.maximum,                         // 3NCY max i
        static_cast<double>(mode),         // AMMC argmax n_i
        d.p75 - d.p25,                     // WR0O P75 − P25
        d.maximum - d.minimum,             // 5Z3W max − min
        d.meanAbsoluteDeviation,           // D2ZX Σ |i − μ| p_i
        d.robustMeanAbsoluteDeviation,     // WRZB over P10 ≤ i ≤ P90
        d.medianAbsoluteDeviation,         // 4RNL Σ |i − P50| p_i
        std::sqrt(d.variance) / d.mean,    // CWYJ σ/μ
        (d.p75 - d.p25) / (d.p75 + d.p25), // SLWD (P75−P25)/(P75+P25)
        entropy,                           // TLU2 −Σ p_i log₂ p_i
        uniformity,                        // BJ5W Σ p_i²
        gradient(maxGradAt),               // 12CE max H'_i
        static_cast<double>(maxGradAt),    // 8E6O argmax H'_i
        gradient(minGradAt),               // VQB3 min H'_i
        static_cast<double>(minGradAt),    // RHQZ argmin H'_i
    };
}

FeatureTable computeIntensityHistogram(const DiscretisedRoi& roi) {
    FeatureTable t;
    const char* family = "intensity_histogram";
    std::vector<int> compact;
    compact.reserve(roi.levels.size());
    for (int l : roi.levels)
        if (l > 0)
            compact.push_back(l);
    if (compact.empty()) {
        t.notes.push_back({family, "the intensity mask holds no voxels"});
        return t;
    }
    const texture::LevelTable table = texture::makeLevelTable(compact, roi.greyLevels);
    texture::toCompact(compact, table, roi.greyLevels);
    std::vector<double> counts(static_cast<std::size_t>(table.count()), 0.0);
    for (int c : compact)
        counts[static_cast<std::size_t>(c - 1)] += 1.0;
    const std::span<const int> levels(table.value.data() + 1, counts.size());
    const std::vector<double> values = intensityHistogramValues(levels, counts, roi.greyLevels);
    for (std::size_t f = 0; f < kFeatures.size(); ++f)
        t.add(family, kFeatures[f].name, kFeatures[f].code, "", values[f]);
    return t;
}

} // namespace rgw::radiomics
