#include "radiomics/processing/Interpolation.h"

#include "util/CheckedNumeric.h"
#include "util/Error.h"

#include <algorithm>
#include <cmath>

namespace rgw::radiomics::processing {

AxisGrid alignGridCentres(std::int64_t originalSize, double originalSpacing,
                          double requestedSpacing) {
    AxisGrid g;
    // The small slack keeps an exact ratio (60 × 3 mm / 2 mm = 90) from
    // rounding up on floating-point noise.
    const double extent = static_cast<double>(originalSize) * originalSpacing / requestedSpacing;
    const auto size = toIntChecked<std::int64_t>(std::ceil(extent - 1e-9));
    if (!size || *size < 1)
        throw Error("radiomics: re-sampling " + std::to_string(originalSize) + " voxels of " +
                    std::to_string(originalSpacing) + " mm to " + std::to_string(requestedSpacing) +
                    " mm gives no representable grid (interpolation.spacing_mm)");
    g.size = *size;
    g.step = requestedSpacing / originalSpacing;
    g.first =
        0.5 * (static_cast<double>(originalSize - 1) - g.step * static_cast<double>(g.size - 1));
    g.spacing = requestedSpacing;
    return g;
}

AxisGrid identityAxis(std::int64_t originalSize, double originalSpacing) {
    return {originalSize, 0.0, 1.0, originalSpacing};
}

AxisTaps makeTaps(const AxisGrid& grid, std::int64_t inputSize, std::int64_t qBegin,
                  std::int64_t qEnd, InterpolationMethod method) {
    AxisTaps t;
    const std::int64_t n = qEnd - qBegin;
    const auto clampIndex = [inputSize](std::int64_t i) {
        return std::clamp<std::int64_t>(i, 0, inputSize - 1);
    };
    if (grid.isIdentity(inputSize) || method == InterpolationMethod::Nearest) {
        t.taps = 1;
        for (std::int64_t q = qBegin; q < qEnd; ++q) {
            t.index.push_back(
                clampIndex(static_cast<std::int64_t>(std::floor(grid.position(q) + 0.5))));
            t.weight.push_back(1.0);
        }
        return t;
    }
    if (method == InterpolationMethod::Linear) {
        t.taps = 2;
        t.index.reserve(2 * static_cast<std::size_t>(n));
        t.weight.reserve(2 * static_cast<std::size_t>(n));
        for (std::int64_t q = qBegin; q < qEnd; ++q) {
            const double x = grid.position(q);
            const double f = std::floor(x);
            const double w = x - f;
            const auto i0 = static_cast<std::int64_t>(f);
            t.index.push_back(clampIndex(i0));
            t.index.push_back(clampIndex(i0 + 1));
            t.weight.push_back(1.0 - w);
            t.weight.push_back(w);
        }
        return t;
    }
    // Cubic B-spline: four coefficients around the sample.
    t.taps = 4;
    for (std::int64_t q = qBegin; q < qEnd; ++q) {
        const double x = grid.position(q);
        const double f = std::floor(x);
        const double u = x - f;
        const auto i0 = static_cast<std::int64_t>(f);
        const double v = 1.0 - u;
        const double w[4] = {v * v * v / 6.0, (4.0 - 6.0 * u * u + 3.0 * u * u * u) / 6.0,
                             (1.0 + 3.0 * u + 3.0 * u * u - 3.0 * u * u * u) / 6.0,
                             u * u * u / 6.0};
        for (int k = 0; k < 4; ++k) {
            t.index.push_back(i0 - 1 + k);
            t.weight.push_back(w[k]);
        }
    }
    return t;
}

namespace {

/// inner = extent of the axes faster than `axis`, outer = of the slower ones.
void strides(const std::array<std::int64_t, 3>& dims, int axis, std::int64_t& inner,
             std::int64_t& outer) {
    inner = 1;
    for (int a = 0; a < axis; ++a)
        inner *= dims[static_cast<std::size_t>(a)];
    outer = 1;
    for (int a = axis + 1; a < 3; ++a)
        outer *= dims[static_cast<std::size_t>(a)];
}

} // namespace

std::vector<double> resampleAxis(const std::vector<double>& block,
                                 std::array<std::int64_t, 3>& dims, int axis,
                                 const AxisTaps& taps) {
    std::int64_t inner = 0, outer = 0;
    strides(dims, axis, inner, outer);
    const std::int64_t nIn = dims[static_cast<std::size_t>(axis)];
    const std::int64_t nOut = taps.outputSize();
    std::vector<double> out(static_cast<std::size_t>(outer * nOut * inner), 0.0);
    if (inner == 1) {
        // Along i: a dot product of the taps per output sample.
        for (std::int64_t o = 0; o < outer; ++o) {
            const double* src = block.data() + o * nIn;
            double* dst = out.data() + o * nOut;
            for (std::int64_t q = 0; q < nOut; ++q) {
                const auto first = static_cast<std::size_t>(q * taps.taps);
                double sum = 0.0;
                for (int k = 0; k < taps.taps; ++k)
                    sum += taps.weight[first + static_cast<std::size_t>(k)] *
                           src[taps.index[first + static_cast<std::size_t>(k)]];
                dst[q] = sum;
            }
        }
        dims[static_cast<std::size_t>(axis)] = nOut;
        return out;
    }
    for (std::int64_t o = 0; o < outer; ++o) {
        const double* src = block.data() + o * nIn * inner;
        double* dst = out.data() + o * nOut * inner;
        for (std::int64_t q = 0; q < nOut; ++q) {
            double* row = dst + q * inner;
            for (int k = 0; k < taps.taps; ++k) {
                const auto tap = static_cast<std::size_t>(q * taps.taps + k);
                const double w = taps.weight[tap];
                if (w == 0.0)
                    continue;
                const double* in = src + taps.index[tap] * inner;
                for (std::int64_t r = 0; r < inner; ++r)
                    row[r] += w * in[r];
            }
        }
    }
    dims[static_cast<std::size_t>(axis)] = nOut;
    return out;
}

void cubicSplinePrefilter(std::vector<double>& block, const std::array<std::int64_t, 3>& dims,
                          int axis) {
    const std::int64_t n = dims[static_cast<std::size_t>(axis)];
    if (n < 2)
        return;
    std::int64_t inner = 0, outer = 0;
    strides(dims, axis, inner, outer);
    const double z = std::sqrt(3.0) - 2.0;
    const double lambda = (1.0 - z) * (1.0 - 1.0 / z); // = 6
    // Causal initialisation truncated where z^k is below double precision.
    const auto horizon = std::min<std::int64_t>(
        n, static_cast<std::int64_t>(std::ceil(std::log(1e-16) / std::log(std::abs(z)))));
    // The recursions run along the axis on whole rows of `inner` values at a
    // time, so memory is read contiguously for every axis.
    const double anticausal = z / (z * z - 1.0);
    if (inner == 1) {
        // Along i: one contiguous line per row.
        for (std::int64_t o = 0; o < outer; ++o) {
            double* c = block.data() + o * n;
            for (std::int64_t k = 0; k < n; ++k)
                c[k] *= lambda;
            double sum = c[0], zk = z;
            for (std::int64_t k = 1; k < horizon; ++k, zk *= z)
                sum += zk * c[k];
            c[0] = sum;
            for (std::int64_t k = 1; k < n; ++k)
                c[k] += z * c[k - 1];
            c[n - 1] = anticausal * (z * c[n - 2] + c[n - 1]);
            for (std::int64_t k = n - 2; k >= 0; --k)
                c[k] = z * (c[k + 1] - c[k]);
        }
        return;
    }
    std::vector<double> init(static_cast<std::size_t>(inner));
    for (std::int64_t o = 0; o < outer; ++o) {
        double* base = block.data() + o * n * inner;
        auto row = [&](std::int64_t k) { return base + k * inner; };
        for (std::int64_t i = 0; i < n * inner; ++i)
            base[i] *= lambda;
        std::copy(row(0), row(0) + inner, init.begin());
        double zk = z;
        for (std::int64_t k = 1; k < horizon; ++k, zk *= z) {
            const double* r = row(k);
            for (std::int64_t i = 0; i < inner; ++i)
                init[static_cast<std::size_t>(i)] += zk * r[i];
        }
        std::copy(init.begin(), init.end(), row(0));
        for (std::int64_t k = 1; k < n; ++k) {
            double* r = row(k);
            const double* p = row(k - 1);
            for (std::int64_t i = 0; i < inner; ++i)
                r[i] += z * p[i];
        }
        {
            double* last = row(n - 1);
            const double* prev = row(n - 2);
            for (std::int64_t i = 0; i < inner; ++i)
                last[i] = anticausal * (z * prev[i] + last[i]);
        }
        for (std::int64_t k = n - 2; k >= 0; --k) {
            double* r = row(k);
            const double* nx = row(k + 1);
            for (std::int64_t i = 0; i < inner; ++i)
                r[i] = z * (nx[i] - r[i]);
        }
    }
}

} // namespace rgw::radiomics::processing
