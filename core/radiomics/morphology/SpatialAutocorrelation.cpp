#include "radiomics/morphology/SpatialAutocorrelation.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <complex>
#include <cstdint>
#include <unsupported/Eigen/FFT>

namespace rgw::radiomics::morphology {
namespace {

using Complex = std::complex<double>;

// Smallest length >= n whose only prime factors are 2, 3 and 5 (fast FFT radices).
std::int64_t fftLength(std::int64_t n) {
    for (std::int64_t m = std::max<std::int64_t>(n, 1);; ++m) {
        std::int64_t r = m;
        for (std::int64_t f : {2, 3, 5})
            while (r % f == 0)
                r /= f;
        if (r == 1)
            return m;
    }
}

// In-place forward 3D DFT, one axis at a time. Only the box [0, filled) holds
// non-zero input, so lines that are still all zero are skipped. Lines across
// x are gathered in blocks of neighbouring x so memory is read in whole cache lines.
void fft3d(std::vector<Complex>& data, const std::array<std::int64_t, 3>& n,
           std::array<std::int64_t, 3> filled) {
    Eigen::FFT<double> fft;
    constexpr std::int64_t block = 16;
    std::vector<Complex> in, out;
    const std::array<std::int64_t, 3> stride{1, n[0], n[0] * n[1]};
    for (std::size_t axis = 0; axis < 3; ++axis) {
        const std::int64_t len = n[axis];
        in.resize(static_cast<std::size_t>(len * block));
        out.resize(static_cast<std::size_t>(len));
        // Lines run along `axis`; they are indexed by the other two coordinates,
        // of which only the filled part is non-zero.
        const std::size_t a1 = axis == 0 ? 1 : 0, a2 = axis == 2 ? 1 : 2;
        if (axis == 0) {
            for (std::int64_t p = 0; p < filled[2]; ++p)
                for (std::int64_t q = 0; q < filled[1]; ++q) {
                    Complex* line = data.data() + p * stride[2] + q * stride[1];
                    fft.fwd(out.data(), line, static_cast<Eigen::Index>(len));
                    std::copy(out.begin(), out.end(), line);
                }
            filled[0] = n[0];
            continue;
        }
        for (std::int64_t p = 0; p < filled[a2]; ++p)
            for (std::int64_t q0 = 0; q0 < filled[a1]; q0 += block) {
                const std::int64_t count = std::min(block, filled[a1] - q0);
                const std::int64_t base = p * stride[a2] + q0 * stride[a1];
                for (std::int64_t t = 0; t < len; ++t)
                    for (std::int64_t b = 0; b < count; ++b)
                        in[static_cast<std::size_t>(b * len + t)] = data[static_cast<std::size_t>(
                            base + b * stride[a1] + t * stride[axis])];
                for (std::int64_t b = 0; b < count; ++b) {
                    fft.fwd(out.data(), in.data() + b * len, static_cast<Eigen::Index>(len));
                    std::copy(out.begin(), out.end(), in.begin() + b * len);
                }
                for (std::int64_t t = 0; t < len; ++t)
                    for (std::int64_t b = 0; b < count; ++b)
                        data[static_cast<std::size_t>(base + b * stride[a1] + t * stride[axis])] =
                            in[static_cast<std::size_t>(b * len + t)];
            }
        filled[axis] = n[axis]; // after this pass the whole axis is populated
    }
}

} // namespace

std::optional<SpatialAutocorrelation> spatialAutocorrelation(const Volume& image,
                                                             const Mask& intensityMask) {
    const Geometry& g = intensityMask.geometry;
    std::array<std::int64_t, 3> lo{g.size[0], g.size[1], g.size[2]}, hi{-1, -1, -1};
    double count = 0.0, sum = 0.0;
    for (std::int64_t k = 0; k < g.size[2]; ++k)
        for (std::int64_t j = 0; j < g.size[1]; ++j)
            for (std::int64_t i = 0; i < g.size[0]; ++i) {
                const std::size_t idx = g.linearIndex(i, j, k);
                if (!intensityMask.voxels[idx])
                    continue;
                const std::array<std::int64_t, 3> p{i, j, k};
                for (std::size_t a = 0; a < 3; ++a) {
                    lo[a] = std::min(lo[a], p[a]);
                    hi[a] = std::max(hi[a], p[a]);
                }
                count += 1.0;
                sum += image.voxels[idx];
            }
    if (count < 2.0)
        return std::nullopt;
    const double mean = sum / count;

    // Box of the ROI (extent e) zero-padded to length >= 2e - 1 so that the
    // circular correlation equals the linear one for every displacement.
    std::array<std::int64_t, 3> extent{}, n{};
    for (std::size_t a = 0; a < 3; ++a) {
        extent[a] = hi[a] - lo[a] + 1;
        n[a] = fftLength(2 * extent[a] - 1);
    }
    const std::size_t total = static_cast<std::size_t>(n[0] * n[1] * n[2]);
    auto at = [&](std::int64_t x, std::int64_t y, std::int64_t z) {
        return static_cast<std::size_t>((z * n[1] + y) * n[0] + x);
    };
    // Grid 1: indicator m + i * centred intensity d. Grid 2: d^2 + i * weights w.
    std::vector<Complex> md(total, Complex(0.0, 0.0)), qw(total, Complex(0.0, 0.0));
    double sumSquares = 0.0;
    for (std::int64_t z = 0; z < extent[2]; ++z)
        for (std::int64_t y = 0; y < extent[1]; ++y)
            for (std::int64_t x = 0; x < extent[0]; ++x) {
                const std::size_t idx = g.linearIndex(lo[0] + x, lo[1] + y, lo[2] + z);
                if (!intensityMask.voxels[idx])
                    continue;
                const double d = image.voxels[idx] - mean;
                md[at(x, y, z)] = Complex(1.0, d);
                qw[at(x, y, z)] = Complex(d * d, 0.0);
                sumSquares += d * d;
            }
    if (sumSquares <= 0.0)
        return std::nullopt;
    // w(delta) = 1 / |delta| in mm (grid axes are orthonormal), w(0) = 0 (k1 != k2).
    // Position p on an axis holds displacement p, or p - n for the negative ones.
    std::array<std::vector<double>, 3> squared;
    std::array<std::vector<std::size_t>, 3> mirror; // index of -p (mod n)
    for (std::size_t a = 0; a < 3; ++a)
        for (std::int64_t p = 0; p < n[a]; ++p) {
            const double offset = static_cast<double>(p < extent[a] ? p : p - n[a]) * g.spacing[a];
            squared[a].push_back(offset * offset);
            mirror[a].push_back(static_cast<std::size_t>((n[a] - p) % n[a]));
        }
    for (std::int64_t z = 0; z < n[2]; ++z)
        for (std::int64_t y = 0; y < n[1]; ++y) {
            const double yz =
                squared[1][static_cast<std::size_t>(y)] + squared[2][static_cast<std::size_t>(z)];
            Complex* row = qw.data() + at(0, y, z);
            for (std::int64_t x = 0; x < n[0]; ++x) {
                const double r2 = squared[0][static_cast<std::size_t>(x)] + yz;
                if (r2 > 0.0)
                    row[x] += Complex(0.0, 1.0 / std::sqrt(r2));
            }
        }
    fft3d(md, n, extent);
    fft3d(qw, n, n); // the weights fill the whole grid

    // Unpack the real grids' spectra: F(a + i b)_k = A_k + i B_k with A_k, B_k
    // Hermitian, so A_k = (Z_k + conj Z_-k) / 2 and B_k = (Z_k - conj Z_-k) / 2i.
    // Sums over displacements: sum_delta w(delta) corr(f, g)(delta)
    // = (1 / N) sum_k W_k Re(conj F_k G_k), with W real (w is even).
    double wmm = 0.0, wdd = 0.0, wqm = 0.0;
    for (std::int64_t z = 0; z < n[2]; ++z)
        for (std::int64_t y = 0; y < n[1]; ++y) {
            const Complex* row1 = md.data() + at(0, y, z);
            const Complex* row2 = qw.data() + at(0, y, z);
            const std::size_t mirrorRow =
                at(0, static_cast<std::int64_t>(mirror[1][static_cast<std::size_t>(y)]),
                   static_cast<std::int64_t>(mirror[2][static_cast<std::size_t>(z)]));
            for (std::int64_t x = 0; x < n[0]; ++x) {
                const std::size_t mk = mirrorRow + mirror[0][static_cast<std::size_t>(x)];
                const Complex z1 = row1[x], z1m = std::conj(md[mk]);
                const Complex z2 = row2[x], z2m = std::conj(qw[mk]);
                const Complex m = 0.5 * (z1 + z1m);
                const Complex d = Complex(0.0, -0.5) * (z1 - z1m);
                const Complex q = 0.5 * (z2 + z2m);
                const double w = 0.5 * (z2.imag() - z2m.imag()); // Re((z2 - z2m) / 2i)
                wmm += w * std::norm(m);
                wdd += w * std::norm(d);
                wqm += w * (std::conj(q) * m).real();
            }
        }
    const double scale = 1.0 / static_cast<double>(total);
    wmm *= scale; // sum_{k1 != k2} w
    wdd *= scale; // sum_{k1 != k2} w d1 d2
    wqm *= scale; // sum_{k1 != k2} w d1^2
    SpatialAutocorrelation result;
    result.moransI = count / wmm * wdd / sumSquares;
    // sum w (d1 - d2)^2 = 2 sum w d1^2 - 2 sum w d1 d2
    result.gearysC = (count - 1.0) / (2.0 * wmm) * (2.0 * wqm - 2.0 * wdd) / sumSquares;
    return result;
}

} // namespace rgw::radiomics::morphology
