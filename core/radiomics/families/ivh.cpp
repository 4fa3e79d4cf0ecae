#include "radiomics/families/ivh.h"

#include "radiomics/processing/Discretisation.h"
#include "util/Error.h"
#include "util/ResourceBudget.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>

namespace rgw::radiomics {

namespace {

/// The IVH lattice i_k = min G + k·w_d has at most this many steps: the curve
/// is evaluated at every step, so the limit bounds both time and memory.
constexpr double kMaxIvhSteps = 1e7;

std::string shortNumber(double x) {
    char text[32];
    std::snprintf(text, sizeof text, "%.6g", x);
    return text;
}

/// Throws rgw::Error naming `parameter` when G = [lo, hi] in steps of w is not
/// a lattice of at most kMaxIvhSteps steps.
void requireIvhLattice(double lo, double hi, double w, const std::string& parameter) {
    const double steps = (hi - lo) / w;
    if (steps >= 0.0 && steps <= kMaxIvhSteps && w > 0.0)
        return;
    throw Error("ivh: the total range G = [" + shortNumber(lo) + ", " + shortNumber(hi) +
                "] in steps of w_d = " + shortNumber(w) + " gives " + shortNumber(steps) +
                " intensity steps, more than the " + shortNumber(kMaxIvhSteps) +
                " an intensity-volume histogram may have — " + parameter);
}

} // namespace

IvhInput makeIvhInput(const PreparedRoi& roi, const Settings& settings) {
    IvhInput in;
    for (std::size_t v = 0; v < roi.image.voxels.size(); ++v)
        if (roi.intensityMask.voxels[v])
            in.values.push_back(roi.image.voxels[v]);
    if (in.values.empty())
        return in;
    const auto [mn, mx] = std::minmax_element(in.values.begin(), in.values.end());
    const double lo = *mn, hi = *mx;
    const auto& range = settings.resegmentationRange;
    switch (settings.ivh.mode) {
    case IvhMode::Discrete:
        // Calibrated, discrete: values as they are, w_d = 1, G = the
        // re-segmentation range (a half-open end taken from the ROI) or [min, max].
        in.interval = 1.0;
        in.rangeMin = lo;
        in.rangeMax = hi;
        if (range && settings.ivh.useResegmentationRange) {
            if (std::isfinite(range->lower))
                in.rangeMin = range->lower;
            if (std::isfinite(range->upper))
                in.rangeMax = range->upper;
        }
        break;
    case IvhMode::BinCentres: {
        // Calibrated, continuous: FBS bins from the range bounds, replaced by
        // their centres X_min + (X_d − 0.5)·w_b; G = [X_min + w_b/2, X_max − w_b/2].
        const double wb = settings.ivh.binWidth;
        double xmin = lo, xmax = hi;
        if (range && std::isfinite(range->lower))
            xmin = range->lower;
        if (range && std::isfinite(range->upper))
            xmax = range->upper;
        requireIvhLattice(xmin, xmax, wb, "choose a larger ivh.bin_width");
        const processing::Discretiser d{DiscretisationMethod::FixedBinSize, xmin, xmax, wb, 0};
        for (double& x : in.values)
            x = xmin + (d.level(x) - 0.5) * wb;
        in.interval = wb;
        in.rangeMin = xmin + 0.5 * wb;
        in.rangeMax = xmax - 0.5 * wb;
        break;
    }
    case IvhMode::BinNumbers: {
        // Arbitrary units: FBN over [min, max] of the ROI; bin numbers, w_d = 1, G = [1, N_g].
        const int ng = settings.ivh.binCount;
        requireIvhLattice(1.0, ng, 1.0, "choose a smaller ivh.bin_count");
        const processing::Discretiser d{DiscretisationMethod::FixedBinNumber, lo, hi, 0.0, ng};
        for (double& x : in.values)
            x = d.level(x);
        in.interval = 1.0;
        in.rangeMin = 1.0;
        in.rangeMax = ng;
        break;
    }
    }
    return in;
}

FeatureTable computeIvh(const IvhInput& input) {
    FeatureTable t;
    const char* family = "ivh";
    if (input.values.empty()) {
        t.notes.push_back({family, "the intensity mask holds no voxels"});
        return t;
    }
    std::vector<double> x = input.values;
    std::sort(x.begin(), x.end());
    const auto n = static_cast<double>(x.size());
    const double w = input.interval;
    const double g0 = input.rangeMin;
    const double span = input.rangeMax - input.rangeMin;
    requireIvhLattice(input.rangeMin, input.rangeMax, w,
                      "for continuous or widely spread intensities choose ivh.mode bin_centres "
                      "(with ivh.bin_width) or bin_numbers");
    const auto steps = static_cast<std::int64_t>(std::llround(span / w));
    budget::requireMemory(budget::product({static_cast<std::uint64_t>(steps) + 2, sizeof(double)}),
                          "ivh",
                          "the volume fractions at " + std::to_string(steps + 1) + " intensities");
    // Discretised intensities i_k = min G + k·w_d, k = 0..steps; the half-step
    // slack makes "X < i" robust to round-off of lattice values.
    const double eps = 1e-6 * w;
    std::vector<double> nu(static_cast<std::size_t>(steps) + 2);
    std::size_t below = 0;
    for (std::int64_t k = 0; k <= steps + 1; ++k) {
        const double i = g0 + static_cast<double>(k) * w;
        while (below < x.size() && x[below] < i - eps)
            ++below;
        nu[static_cast<std::size_t>(k)] = 1.0 - static_cast<double>(below) / n; // ν_i
    }
    auto gamma = [&](std::int64_t k) { // γ_i = (i − min G)/(max G − min G)
        return span > 0 ? static_cast<double>(k) * w / span : 0.0;
    };
    // V_x: largest ν with γ ≥ x; ν falls with i, so the first such i.
    auto volumeAt = [&](double fraction) {
        for (std::int64_t k = 0; k <= steps; ++k)
            if (gamma(k) >= fraction - 1e-12)
                return nu[static_cast<std::size_t>(k)];
        return 0.0;
    };
    // I_x: lowest discretised intensity with ν ≤ x; past max G, ν = 0.
    auto intensityAt = [&](double fraction) {
        for (std::int64_t k = 0; k <= steps + 1; ++k)
            if (nu[static_cast<std::size_t>(k)] <= fraction + 1e-12)
                return g0 + static_cast<double>(k) * w;
        return g0 + static_cast<double>(steps + 1) * w;
    };
    const double v10 = volumeAt(0.10), v90 = volumeAt(0.90);
    const double i10 = intensityAt(0.10), i90 = intensityAt(0.90);
    // Area under ν(γ) by the trapezoidal rule; 0 for a single intensity.
    double auc = 0.0;
    if (steps > 0)
        for (std::int64_t k = 0; k < steps; ++k)
            auc += 0.5 * (nu[static_cast<std::size_t>(k)] + nu[static_cast<std::size_t>(k + 1)]) *
                   (gamma(k + 1) - gamma(k));

    auto add = [&](const char* name, const char* code, double value) {
        t.add(family, name, code, "", value);
    };
    add("Volume at intensity fraction: volume fraction at 10% intensity", "BC2M", v10);
    add("Volume at intensity fraction: volume fraction at 90% intensity", "BC2M", v90);
    add("Intensity at volume fraction: intensity at 10% volume", "GBPN", i10);
    add("Intensity at volume fraction: intensity at 90% volume", "GBPN", i90);
    add("Volume fraction difference between intensity fractions", "DDTU", v10 - v90);
    add("Intensity fraction difference between volume fractions", "CNV2", i10 - i90);
    add("Area under the IVH curve", "9CMM", auc);
    return t;
}

} // namespace rgw::radiomics
