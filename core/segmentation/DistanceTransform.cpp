#include "segmentation/DistanceTransform.h"

#include <cmath>

namespace rgw::segmentation {

namespace {

/// 1D pass along a line of n samples spaced `h` mm apart: out[p] =
/// min_q (f[q] + (h (p - q))^2). Infinite samples add no parabola.
void envelope1d(const double* f, double* out, std::int64_t n, double h,
                std::vector<std::int64_t>& v, std::vector<double>& z) {
    v.resize(static_cast<std::size_t>(n));
    z.resize(static_cast<std::size_t>(n) + 1);
    std::int64_t k = -1;
    const double h2 = h * h;
    for (std::int64_t q = 0; q < n; ++q) {
        if (std::isinf(f[q]))
            continue;
        const double fq = f[q] + h2 * static_cast<double>(q * q);
        double s = 0.0;
        while (k >= 0) {
            const std::int64_t p = v[static_cast<std::size_t>(k)];
            // Abscissa (in samples) where parabolas p and q meet.
            s = (fq - (f[p] + h2 * static_cast<double>(p * p))) /
                (2.0 * h2 * static_cast<double>(q - p));
            if (s > z[static_cast<std::size_t>(k)])
                break;
            --k;
        }
        ++k;
        v[static_cast<std::size_t>(k)] = q;
        z[static_cast<std::size_t>(k)] = k == 0 ? -kNoFeature : s;
        z[static_cast<std::size_t>(k) + 1] = kNoFeature;
    }
    if (k < 0) {
        for (std::int64_t p = 0; p < n; ++p)
            out[p] = kNoFeature;
        return;
    }
    std::int64_t j = 0;
    for (std::int64_t p = 0; p < n; ++p) {
        while (z[static_cast<std::size_t>(j) + 1] < static_cast<double>(p))
            ++j;
        const std::int64_t q = v[static_cast<std::size_t>(j)];
        const double d = h * static_cast<double>(p - q);
        out[p] = f[q] + d * d;
    }
}

} // namespace

std::vector<double> squaredDistanceTransform(const std::vector<std::uint8_t>& feature,
                                             const std::array<std::int64_t, 3>& size,
                                             const std::array<double, 3>& spacing) {
    std::vector<double> d(feature.size());
    for (std::size_t v = 0; v < feature.size(); ++v)
        d[v] = feature[v] ? 0.0 : kNoFeature;
    const std::int64_t stride[3] = {1, size[0], size[0] * size[1]};
    std::vector<double> line, out;
    std::vector<std::int64_t> v;
    std::vector<double> z;
    for (int axis = 0; axis < 3; ++axis) {
        const std::int64_t n = size[axis];
        if (n <= 1)
            continue;
        line.resize(static_cast<std::size_t>(n));
        out.resize(static_cast<std::size_t>(n));
        const int a1 = (axis + 1) % 3, a2 = (axis + 2) % 3;
        for (std::int64_t y = 0; y < size[a2]; ++y)
            for (std::int64_t x = 0; x < size[a1]; ++x) {
                const std::int64_t base = x * stride[a1] + y * stride[a2];
                for (std::int64_t p = 0; p < n; ++p)
                    line[static_cast<std::size_t>(p)] =
                        d[static_cast<std::size_t>(base + p * stride[axis])];
                envelope1d(line.data(), out.data(), n, spacing[static_cast<std::size_t>(axis)], v,
                           z);
                for (std::int64_t p = 0; p < n; ++p)
                    d[static_cast<std::size_t>(base + p * stride[axis])] =
                        out[static_cast<std::size_t>(p)];
            }
    }
    return d;
}

} // namespace rgw::segmentation
