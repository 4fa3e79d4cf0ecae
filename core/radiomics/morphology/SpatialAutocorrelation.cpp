#include "radiomics/morphology/SpatialAutocorrelation.h"

#include "util/ResourceBudget.h"

#include <Eigen/Core>
#include <algorithm>
#include <array>
#include <cmath>
#include <complex>
#include <cstdint>
#include <memory>
#include <numbers>
#include <string>
#include <unsupported/Eigen/FFT>
#include <vector>

namespace rgw::radiomics::morphology {
namespace {

using Complex = std::complex<double>;
using Index3 = std::array<std::int64_t, 3>;

// Smallest length >= n that is a multiple of `multiple` and has only the prime
// factors 2, 3 and 5 (the radices kissfft handles fastest).
std::int64_t fftLength(std::int64_t n, std::int64_t multiple) {
    for (std::int64_t m = std::max<std::int64_t>(n, 1);; ++m) {
        if (m % multiple != 0)
            continue;
        std::int64_t r = m;
        for (std::int64_t f : {2, 3, 5})
            while (r % f == 0)
                r /= f;
        if (r == 1)
            return m;
    }
}

/// n complex values left uninitialised: every one is written by a transform
/// before it is read, so the value-initialisation of a std::vector (a zero
/// pass plus the page faults of touching fresh memory twice) is skipped.
/// std::complex<double> is an implicit-lifetime type: allocate() creates them.
class SpectrumBuffer {
public:
    explicit SpectrumBuffer(std::size_t n) : n_(n), data_(std::allocator<Complex>().allocate(n)) {}
    SpectrumBuffer(const SpectrumBuffer&) = delete;
    SpectrumBuffer& operator=(const SpectrumBuffer&) = delete;
    ~SpectrumBuffer() { std::allocator<Complex>().deallocate(data_, n_); }
    Complex* data() { return data_; }
    const Complex& operator[](std::size_t i) const { return data_[i]; }

private:
    std::size_t n_;
    Complex* data_;
};

/// Half spectrum of a real grid of size n (x fastest) that is zero outside the
/// box [0, filled): x frequencies 0..n0/2 only (the rest follow from Hermitian
/// symmetry), all y and z frequencies. Layout h0 x n1 x n2, x fastest.
class HalfSpectrum3d {
public:
    HalfSpectrum3d(const Index3& n, const Index3& filled)
        : n_(n), filled_(filled), h0_(n[0] / 2 + 1) {
        fft_.SetFlag(Eigen::FFT<double>::HalfSpectrum);
    }
    std::int64_t h0() const { return h0_; }
    std::size_t size() const { return static_cast<std::size_t>(h0_ * n_[1] * n_[2]); }

    /// Transforms the grid whose values inside the filled box are `real(x, y, z)`
    /// into `out` (size() values; its previous content is overwritten, so one
    /// buffer serves several transforms without new allocation or zero-filling).
    template <class Real> void transform(const Real& real, SpectrumBuffer& out) {
        // x: real-to-complex transforms of the filled lines only.
        std::vector<double> line(static_cast<std::size_t>(n_[0]), 0.0);
        for (std::int64_t z = 0; z < filled_[2]; ++z)
            for (std::int64_t y = 0; y < filled_[1]; ++y) {
                for (std::int64_t x = 0; x < filled_[0]; ++x)
                    line[static_cast<std::size_t>(x)] = real(x, y, z);
                fft_.fwd(out.data() + (z * n_[1] + y) * h0_, line.data(),
                         static_cast<Eigen::Index>(n_[0]));
            }
        // y over the filled z planes, then z over everything.
        complexPass(out, 1, filled_[2]);
        complexPass(out, 2, n_[1]);
    }

private:
    // Complex transforms along `axis` (1 or 2) of the lines whose other
    // non-x coordinate is below `otherFilled`. Only the first filled_[axis]
    // values of a line are read (the rest is zero padding, never stored).
    // Neighbouring x lines are gathered together so memory is read in whole
    // cache lines.
    void complexPass(SpectrumBuffer& data, int axis, std::int64_t otherFilled) {
        constexpr std::int64_t block = 16;
        const std::int64_t len = n_[static_cast<std::size_t>(axis)];
        const std::int64_t used = filled_[static_cast<std::size_t>(axis)];
        const std::int64_t strideAxis = axis == 1 ? h0_ : h0_ * n_[1];
        const std::int64_t strideOther = axis == 1 ? h0_ * n_[1] : h0_;
        std::vector<Complex> in(static_cast<std::size_t>(len * block));
        std::vector<Complex> out(static_cast<std::size_t>(len));
        for (std::int64_t p = 0; p < otherFilled; ++p)
            for (std::int64_t x0 = 0; x0 < h0_; x0 += block) {
                const std::int64_t count = std::min(block, h0_ - x0);
                Complex* base = data.data() + p * strideOther + x0;
                for (std::int64_t t = 0; t < used; ++t)
                    for (std::int64_t b = 0; b < count; ++b)
                        in[static_cast<std::size_t>(b * len + t)] = base[t * strideAxis + b];
                if (len == 1)
                    continue; // the identity, and kissfft does not handle length 1
                for (std::int64_t b = 0; b < count; ++b) {
                    Complex* values = in.data() + b * len;
                    std::fill(values + used, values + len, Complex(0.0, 0.0));
                    fft_.fwd(out.data(), values, static_cast<Eigen::Index>(len));
                    std::copy(out.begin(), out.end(), values);
                }
                for (std::int64_t t = 0; t < len; ++t)
                    for (std::int64_t b = 0; b < count; ++b)
                        base[t * strideAxis + b] = in[static_cast<std::size_t>(b * len + t)];
            }
    }

    Index3 n_, filled_;
    std::int64_t h0_;
    Eigen::FFT<double> fft_;
};

/// DFT of the periodic inverse-distance kernel w(p) = 1 / |min(p, n - p) * spacing|
/// (w(0) = 0) on the grid n, on the octant of frequencies 0..n/2 per axis
/// (layout h0 x h1 x h2, x fastest). w is real and even along every axis, so
/// its DFT is real and even, and is the separable cosine transform of the
/// octant: W(k) = sum_p c(p) w(p) prod_a cos(2 pi k_a p_a / n_a), c(p) being the
/// number of grid points p and n - p stand for (1 or 2 per axis). Three small
/// matrix products on 1/8 of the grid instead of a full 3D FFT.
std::vector<double> kernelSpectrumOctant(const Index3& n, const Eigen::Vector3d& spacing) {
    Index3 h{};
    std::array<Eigen::MatrixXd, 3> cosine; // cosine[a](k, p) = c(p) cos(2 pi k p / n)
    for (std::size_t a = 0; a < 3; ++a) {
        h[a] = n[a] / 2 + 1;
        cosine[a].resize(h[a], h[a]);
        for (std::int64_t p = 0; p < h[a]; ++p) {
            const double multiplicity = (p == 0 || 2 * p == n[a]) ? 1.0 : 2.0;
            for (std::int64_t k = 0; k < h[a]; ++k)
                cosine[a](k, p) = multiplicity * std::cos(2.0 * std::numbers::pi *
                                                          static_cast<double>(k * p % n[a]) /
                                                          static_cast<double>(n[a]));
        }
    }
    Eigen::MatrixXd w(h[0], h[1] * h[2]); // column = (y, z), row = x
    for (std::int64_t z = 0; z < h[2]; ++z)
        for (std::int64_t y = 0; y < h[1]; ++y)
            for (std::int64_t x = 0; x < h[0]; ++x) {
                const double dx = static_cast<double>(x) * spacing(0);
                const double dy = static_cast<double>(y) * spacing(1);
                const double dz = static_cast<double>(z) * spacing(2);
                const double r2 = dx * dx + dy * dy + dz * dz;
                w(x, z * h[1] + y) = r2 > 0.0 ? 1.0 / std::sqrt(r2) : 0.0;
            }
    Eigen::MatrixXd t = cosine[0] * w;        // along x
    for (std::int64_t z = 0; z < h[2]; ++z) { // along y, one z plane (h0 x h1) at a time
        Eigen::Map<Eigen::MatrixXd> plane(t.data() + z * h[0] * h[1], h[0], h[1]);
        plane = (plane * cosine[1].transpose()).eval();
    }
    Eigen::Map<Eigen::MatrixXd> columns(t.data(), h[0] * h[1], h[2]); // along z
    columns = (columns * cosine[2].transpose()).eval();
    return {t.data(), t.data() + t.size()};
}

} // namespace

std::optional<SpatialAutocorrelation> spatialAutocorrelation(const Volume& image,
                                                             const Mask& intensityMask) {
    const Geometry& g = intensityMask.geometry;
    Index3 lo{g.size[0], g.size[1], g.size[2]}, hi{-1, -1, -1};
    double count = 0.0, sum = 0.0;
    for (std::int64_t k = 0; k < g.size[2]; ++k)
        for (std::int64_t j = 0; j < g.size[1]; ++j)
            for (std::int64_t i = 0; i < g.size[0]; ++i) {
                const std::size_t idx = g.linearIndex(i, j, k);
                if (!intensityMask.voxels[idx])
                    continue;
                const Index3 p{i, j, k};
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
    // circular correlation equals the linear one for every displacement. x is
    // a multiple of 4, for kissfft's fast real transform.
    Index3 extent{}, n{};
    for (std::size_t a = 0; a < 3; ++a) {
        extent[a] = hi[a] - lo[a] + 1;
        n[a] = fftLength(2 * extent[a] - 1, a == 0 ? 4 : 1);
    }
    // Before allocating: m and d (8 + 8 per box voxel), two half spectra and
    // the transform's working copy (3 × 16 per half-spectrum sample) and the
    // kernel octant (8 per sample of 1/8 of the padded grid).
    const auto u = [](std::int64_t x) { return static_cast<std::uint64_t>(x); };
    const std::uint64_t half = budget::product({u(n[0] / 2 + 1), u(n[1]), u(n[2])});
    const std::uint64_t octant =
        budget::product({u(n[0] / 2 + 1), u(n[1] / 2 + 1), u(n[2] / 2 + 1)});
    budget::requireMemory(
        budget::sum(budget::sum(budget::product({u(extent[0]), u(extent[1]), u(extent[2]), 16}),
                                budget::product({half, 3 * sizeof(Complex)})),
                    budget::product({octant, sizeof(double)})),
        "radiomics",
        "Moran's I and Geary's C over the ROI box (" + std::to_string(extent[0]) + " × " +
            std::to_string(extent[1]) + " × " + std::to_string(extent[2]) + " voxels, FFTs of " +
            std::to_string(n[0]) + " × " + std::to_string(n[1]) + " × " + std::to_string(n[2]) +
            ")");
    // Indicator m and centred intensity d on the ROI box (0 outside the ROI).
    const std::size_t boxSize = static_cast<std::size_t>(extent[0] * extent[1] * extent[2]);
    std::vector<double> m(boxSize, 0.0), d(boxSize, 0.0);
    double sumSquares = 0.0;
    for (std::int64_t z = 0; z < extent[2]; ++z)
        for (std::int64_t y = 0; y < extent[1]; ++y)
            for (std::int64_t x = 0; x < extent[0]; ++x) {
                const std::size_t idx = g.linearIndex(lo[0] + x, lo[1] + y, lo[2] + z);
                if (!intensityMask.voxels[idx])
                    continue;
                const std::size_t b = static_cast<std::size_t>((z * extent[1] + y) * extent[0] + x);
                m[b] = 1.0;
                d[b] = image.voxels[idx] - mean;
                sumSquares += d[b] * d[b];
            }
    if (sumSquares <= 0.0)
        return std::nullopt;
    auto box = [&](const std::vector<double>& v) {
        return [&v, &extent](std::int64_t x, std::int64_t y, std::int64_t z) {
            return v[static_cast<std::size_t>((z * extent[1] + y) * extent[0] + x)];
        };
    };
    auto square = [&](std::int64_t x, std::int64_t y, std::int64_t z) {
        const double v = box(d)(x, y, z);
        return v * v;
    };
    // Parseval: sum_delta w(delta) corr(f, g)(delta) = (1/N) sum_k W_k Re(conj F_k G_k)
    // (W real and even). Over the half spectrum, x frequencies k0 and n0 - k0
    // give equal terms, so every k0 except 0 and n0/2 counts twice.
    const std::vector<double> kernel = kernelSpectrumOctant(n, g.spacing);
    HalfSpectrum3d spectrum(n, extent);
    const std::int64_t h0 = spectrum.h0(), h1 = n[1] / 2 + 1;
    auto weightedSum = [&](auto&& term) {
        double total = 0.0;
        for (std::int64_t z = 0; z < n[2]; ++z)
            for (std::int64_t y = 0; y < n[1]; ++y) {
                const std::int64_t ky = std::min(y, n[1] - y), kz = std::min(z, n[2] - z);
                const double* wRow = kernel.data() + (kz * h1 + ky) * h0;
                const std::size_t row = static_cast<std::size_t>((z * n[1] + y) * h0);
                for (std::int64_t x = 0; x < h0; ++x)
                    total += ((x == 0 || 2 * x == n[0]) ? 1.0 : 2.0) * wRow[x] *
                             term(row + static_cast<std::size_t>(x));
            }
        return total;
    };
    // Two spectra alive at a time (they dominate memory for large ROIs).
    double wmm = 0.0, wdd = 0.0, wqm = 0.0;
    SpectrumBuffer fm(spectrum.size()), other(spectrum.size());
    spectrum.transform(box(m), fm);
    spectrum.transform(square, other); // d^2
    wmm = weightedSum([&](std::size_t k) { return std::norm(fm[k]); });
    wqm = weightedSum([&](std::size_t k) { return (std::conj(other[k]) * fm[k]).real(); });
    spectrum.transform(box(d), other);
    wdd = weightedSum([&](std::size_t k) { return std::norm(other[k]); });
    const double scale = 1.0 / static_cast<double>(n[0] * n[1] * n[2]);
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
