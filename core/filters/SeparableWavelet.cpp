#include "filters/SeparableWavelet.h"

#include "filters/Rotations.h"
#include "util/Error.h"

#include <algorithm>
#include <cctype>
#include <cmath>

namespace rgw::filters {

const char* toString(WaveletFamily family) {
    switch (family) {
    case WaveletFamily::Haar:
        return "haar";
    case WaveletFamily::Daubechies2:
        return "db2";
    case WaveletFamily::Daubechies3:
        return "db3";
    case WaveletFamily::Coiflet1:
        return "coif1";
    }
    return "?";
}

WaveletFamily parseWaveletFamily(const std::string& text) {
    std::string t = text;
    std::transform(t.begin(), t.end(), t.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (t == "haar" || t == "db1")
        return WaveletFamily::Haar;
    if (t == "db2")
        return WaveletFamily::Daubechies2;
    if (t == "db3")
        return WaveletFamily::Daubechies3;
    if (t == "coif1")
        return WaveletFamily::Coiflet1;
    throw Error("separable wavelet: unknown family '" + text +
                "' (expected haar, db2, db3, coif1)");
}

namespace {

/// The scaling (reconstruction low-pass) filter h, Σh = √2, in closed form:
/// Haar; Daubechies, "Ten Lectures on Wavelets" (1992), Table 6.1 (N = 2, 3);
/// coiflet K = 1 from Daubechies, SIAM J. Math. Anal. 24 (1993), Table 1.
std::vector<double> scalingFilter(WaveletFamily family) {
    const double r2 = std::sqrt(2.0);
    switch (family) {
    case WaveletFamily::Haar:
        return {1.0 / r2, 1.0 / r2};
    case WaveletFamily::Daubechies2: {
        const double r3 = std::sqrt(3.0);
        const double d = 4.0 * r2;
        return {(1 + r3) / d, (3 + r3) / d, (3 - r3) / d, (1 - r3) / d};
    }
    case WaveletFamily::Daubechies3: {
        const double a = std::sqrt(10.0);
        const double b = std::sqrt(5.0 + 2.0 * a);
        const double d = 16.0 * r2;
        return {(1 + a + b) / d,          (5 + a + 3 * b) / d, (10 - 2 * a + 2 * b) / d,
                (10 - 2 * a - 2 * b) / d, (5 + a - 3 * b) / d, (1 + a - b) / d};
    }
    case WaveletFamily::Coiflet1: {
        const double r7 = std::sqrt(7.0);
        const double d = 16.0 * r2;
        return {(1 - r7) / d,      (5 + r7) / d, (14 + 2 * r7) / d,
                (14 - 2 * r7) / d, (1 - r7) / d, (-3 + r7) / d};
    }
    }
    return {};
}

} // namespace

WaveletFilterPair waveletFilters(WaveletFamily family) {
    // Decomposition filters as in PyWavelets: dec_lo[n] = h[L−1−n] (time
    // reversed) and dec_hi[n] = (−1)^(n+1) h[n] (quadrature mirror).
    const std::vector<double> h = scalingFilter(family);
    std::vector<double> lo(h.rbegin(), h.rend());
    std::vector<double> hi(h.size());
    for (std::size_t n = 0; n < h.size(); ++n)
        hi[n] = (n % 2 == 0 ? -1.0 : 1.0) * h[n];
    return {Kernel1D::centred(std::move(lo)), Kernel1D::centred(std::move(hi))};
}

Field apply(const SeparableWaveletFilter& filter, const Field& image,
            const FilterContext& context) {
    const int axes = context.axisCount();
    if (filter.subband.size() != static_cast<std::size_t>(axes))
        throw Error("separable wavelet: subband '" + filter.subband + "' must have " +
                    std::to_string(axes) + " letters L/H (one per axis of a " +
                    toString(context.dimensions) + " filter)");
    if (filter.level < 1 || filter.level > 16)
        throw Error("separable wavelet: decomposition level must lie in 1..16, got " +
                    std::to_string(filter.level));
    const WaveletFilterPair pair = waveletFilters(filter.family);

    std::vector<SeparableKernel> cascade;
    for (int level = 1; level <= filter.level; ++level) {
        const int dilation = 1 << (level - 1);
        SeparableKernel stage;
        for (int a = 0; a < axes; ++a) {
            const char letter = static_cast<char>(std::toupper(
                static_cast<unsigned char>(filter.subband[static_cast<std::size_t>(a)])));
            if (letter != 'L' && letter != 'H')
                throw Error("separable wavelet: subband '" + filter.subband +
                            "' may only contain L and H");
            const Kernel1D& k =
                level < filter.level || letter == 'L' ? pair.lowPass : pair.highPass;
            stage.axes[static_cast<std::size_t>(a)] = k.dilated(dilation);
        }
        cascade.push_back(std::move(stage));
    }
    const auto run = [&](const std::vector<SeparableKernel>& stages) {
        // The first stage reads the image itself: no copy of it is made.
        throwIfCancelled(context.cancel);
        Field f = convolveSeparable(image, stages.front(), context.boundary);
        for (std::size_t s = 1; s < stages.size(); ++s) {
            throwIfCancelled(context.cancel);
            f = convolveSeparable(f, stages[s], context.boundary);
        }
        return f;
    };
    if (!filter.rotationInvariant)
        return run(cascade);
    PooledResponse pooled(filter.pooling);
    for (const auto& rotated : distinctRotations(cascade, context.dimensions))
        pooled.add(run(rotated));
    return pooled.result();
}

} // namespace rgw::filters
