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
    const Complex* data() const { return data_; }

private:
    std::size_t n_;
    Complex* data_;
};

/// One complex transform of length len from `in` to `out` (distinct buffers);
/// a copy for len 1, the identity, which kissfft does not handle.
void complexFft(Eigen::FFT<double>& fft, Complex* out, const Complex* in, std::int64_t len) {
    if (len == 1)
        out[0] = in[0];
    else
        fft.fwd(out, in, static_cast<Eigen::Index>(len));
}

/// The y and z transforms of one kx plane of an x-transformed field (layout
/// ez x ey, y fastest; zero outside, i.e. zero-padded to n1 x n2), one row
/// of ky at a time. The y transforms of the plane's ez lines go to a scratch
/// of n1 rows of n2 values (z fastest); its z >= ez part is zeroed once and
/// never written, so each row is a zero-padded z line ready to transform.
class PlaneSpectrum {
public:
    PlaneSpectrum(Eigen::FFT<double>& fft, const Index3& n, const Index3& extent)
        : fft_(fft), n1_(n[1]), n2_(n[2]), e1_(extent[1]), e2_(extent[2]),
          scratch_(static_cast<std::size_t>(n[1] * n[2])),
          yIn_(static_cast<std::size_t>(n[1]), Complex(0.0, 0.0)),
          yOut_(static_cast<std::size_t>(n[1])), zOut_(static_cast<std::size_t>(n[2])) {
        // The z >= ez tail of each row: zero padding, written once.
        for (std::int64_t ky = 0; ky < n1_; ++ky)
            std::fill(scratch_.data() + ky * n2_ + e2_, scratch_.data() + (ky + 1) * n2_,
                      Complex(0.0, 0.0));
    }

    /// y transforms of the plane (ez lines of ey values) into the scratch.
    void load(const Complex* plane) {
        for (std::int64_t z = 0; z < e2_; ++z) {
            std::copy(plane + z * e1_, plane + (z + 1) * e1_, yIn_.begin());
            complexFft(fft_, yOut_.data(), yIn_.data(), n1_);
            for (std::int64_t ky = 0; ky < n1_; ++ky)
                scratch_.data()[ky * n2_ + z] = yOut_.data()[ky];
        }
    }

    /// The plane's spectrum at ky, all n2 values of kz (valid until the next call).
    const Complex* row(std::int64_t ky) {
        complexFft(fft_, zOut_.data(), scratch_.data() + ky * n2_, n2_);
        return zOut_.data();
    }

private:
    Eigen::FFT<double>& fft_;
    std::int64_t n1_, n2_, e1_, e2_;
    SpectrumBuffer scratch_;
    std::vector<Complex> yIn_; // its ey..n1 tail stays zero (padding)
    SpectrumBuffer yOut_, zOut_;
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
    // The octant is the only octant-sized buffer: w is made and transformed
    // along x a block of (y, z) columns at a time, the z transform is taken a
    // block of rows at a time.
    const std::int64_t columnCount = h[1] * h[2];
    std::vector<double> octant(static_cast<std::size_t>(h[0] * columnCount));
    Eigen::Map<Eigen::MatrixXd> t(octant.data(), h[0], columnCount); // column = (y, z), row = x
    constexpr std::int64_t kBlock = 256;
    Eigen::MatrixXd w(h[0], std::min(kBlock, columnCount));
    for (std::int64_t first = 0; first < columnCount; first += kBlock) {
        const std::int64_t columns = std::min(kBlock, columnCount - first);
        for (std::int64_t c = 0; c < columns; ++c) {
            const std::int64_t y = (first + c) % h[1], z = (first + c) / h[1];
            for (std::int64_t x = 0; x < h[0]; ++x) {
                const double dx = static_cast<double>(x) * spacing(0);
                const double dy = static_cast<double>(y) * spacing(1);
                const double dz = static_cast<double>(z) * spacing(2);
                const double r2 = dx * dx + dy * dy + dz * dz;
                w(x, c) = r2 > 0.0 ? 1.0 / std::sqrt(r2) : 0.0;
            }
        }
        t.middleCols(first, columns).noalias() = cosine[0] * w.leftCols(columns); // along x
    }
    for (std::int64_t z = 0; z < h[2]; ++z) { // along y, one z plane (h0 x h1) at a time
        Eigen::Map<Eigen::MatrixXd> plane(octant.data() + z * h[0] * h[1], h[0], h[1]);
        plane = (plane * cosine[1].transpose()).eval();
    }
    Eigen::Map<Eigen::MatrixXd> lines(octant.data(), h[0] * h[1], h[2]); // along z
    const std::int64_t lineCount = h[0] * h[1];
    Eigen::MatrixXd rows(std::min(kBlock, lineCount), h[2]);
    for (std::int64_t first = 0; first < lineCount; first += kBlock) {
        const std::int64_t count = std::min(kBlock, lineCount - first);
        rows.topRows(count).noalias() = lines.middleRows(first, count) * cosine[2].transpose();
        lines.middleRows(first, count) = rows.topRows(count);
    }
    return octant;
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

    // Box of the ROI (extent e) zero-padded to length n >= 2e - 1 per axis, so
    // that the circular correlation on the grid n equals the linear one for
    // every displacement (|delta| <= e - 1 never wraps onto another). x is a
    // multiple of 4, for kissfft's fast real transform.
    Index3 extent{}, n{};
    for (std::size_t a = 0; a < 3; ++a) {
        extent[a] = hi[a] - lo[a] + 1;
        n[a] = fftLength(2 * extent[a] - 1, a == 0 ? 4 : 1);
    }
    const std::int64_t h0 = n[0] / 2 + 1, h1 = n[1] / 2 + 1;
    // A field (indicator m, centred intensity d or its square q = d^2, zero
    // outside the ROI) is kept only x-transformed, over the box, and only for
    // a block of kxPerBlock x frequencies at a time (about h0 / kFieldBlocks;
    // each block takes the box's x transforms again, a small cost beside the
    // y and z ones): kxPerBlock x ey x ez complex values, layout kx slowest
    // then z then y, so that each kx plane is contiguous. The y and z
    // transforms are taken one kx plane at a time in a scratch of n1 x n2
    // values (PlaneSpectrum), and the spectrum is consumed there, never
    // stored. Two fields are held at once: m and q for the sums needing M
    // (|M|^2 and conj(Q) M), then d alone in q's place (|D|^2).
    constexpr std::int64_t kFieldBlocks = 4;
    const std::int64_t kxPerBlock = (h0 + kFieldBlocks - 1) / kFieldBlocks;
    const auto u = [](std::int64_t x) { return static_cast<std::uint64_t>(x); };
    const std::uint64_t fieldBytes =
        budget::product({u(kxPerBlock), u(extent[1]), u(extent[2]), sizeof(Complex)});
    // Per kx plane: two scratches of n1 x n2 complex and W's plane (h1 x h2 reals).
    const std::uint64_t scratchBytes =
        budget::sum(budget::product({u(n[1]), u(n[2]), 2 * sizeof(Complex)}),
                    budget::product({u(h1), u(n[2] / 2 + 1), sizeof(double)}));
    const std::uint64_t octantBytes =
        budget::product({u(h0), u(h1), u(n[2] / 2 + 1), sizeof(double)});
    // Before allocating: the kernel octant, two field blocks and the scratches.
    budget::requireMemory(
        budget::sum(budget::sum(octantBytes, budget::product({fieldBytes, 2})), scratchBytes),
        "radiomics",
        "Moran's I and Geary's C over the ROI box (" + std::to_string(extent[0]) + " × " +
            std::to_string(extent[1]) + " × " + std::to_string(extent[2]) + " voxels, FFTs of " +
            std::to_string(n[0]) + " × " + std::to_string(n[1]) + " × " + std::to_string(n[2]) +
            ")");
    const std::vector<double> kernel = kernelSpectrumOctant(n, g.spacing);

    Eigen::FFT<double> fft;
    fft.SetFlag(Eigen::FFT<double>::HalfSpectrum);
    const std::int64_t planeSize = extent[1] * extent[2];
    const std::size_t fieldSize = static_cast<std::size_t>(kxPerBlock * planeSize);
    SpectrumBuffer first(fieldSize), second(fieldSize);
    // x: real-to-complex transforms of the box's (y, z) lines of the field
    // whose value at an ROI voxel of linear index i is value(i), kept for
    // kx in [kx0, kx1). A line without ROI voxels transforms to zero.
    std::vector<double> line(static_cast<std::size_t>(n[0]), 0.0);
    SpectrumBuffer lineSpectrum(static_cast<std::size_t>(h0));
    auto transformX = [&](SpectrumBuffer& out, std::int64_t kx0, std::int64_t kx1, auto&& value) {
        for (std::int64_t z = 0; z < extent[2]; ++z)
            for (std::int64_t y = 0; y < extent[1]; ++y) {
                const std::size_t base = g.linearIndex(lo[0], lo[1] + y, lo[2] + z);
                bool any = false;
                for (std::int64_t x = 0; x < extent[0]; ++x) {
                    const std::size_t idx = base + static_cast<std::size_t>(x);
                    const bool inside = intensityMask.voxels[idx] != 0;
                    line[static_cast<std::size_t>(x)] = inside ? value(idx) : 0.0;
                    any = any || inside;
                }
                Complex* dst = out.data() + z * extent[1] + y; // kx = kx0 of this line
                if (any)
                    fft.fwd(lineSpectrum.data(), line.data(), static_cast<Eigen::Index>(n[0]));
                else
                    std::fill(lineSpectrum.data(), lineSpectrum.data() + h0, Complex(0.0, 0.0));
                for (std::int64_t kx = kx0; kx < kx1; ++kx)
                    dst[(kx - kx0) * planeSize] = lineSpectrum.data()[kx];
            }
    };
    double sumSquares = 0.0; // sum_i d_i^2
    for (std::int64_t z = 0; z < extent[2]; ++z)
        for (std::int64_t y = 0; y < extent[1]; ++y) {
            const std::size_t base = g.linearIndex(lo[0], lo[1] + y, lo[2] + z);
            for (std::int64_t x = 0; x < extent[0]; ++x) {
                const std::size_t idx = base + static_cast<std::size_t>(x);
                if (intensityMask.voxels[idx] != 0) {
                    const double d = image.voxels[idx] - mean;
                    sumSquares += d * d;
                }
            }
        }
    if (sumSquares <= 0.0)
        return std::nullopt;

    // Parseval: sum_delta w(delta) corr(f, g)(delta) = (1/N) sum_k W_k Re(conj F_k G_k)
    // over the grid n (N voxels), W being the DFT of the periodic kernel w; W
    // is real and even, so it is read from its octant (kernelSpectrumOctant) at
    // (kx, min(ky, n1 - ky), min(kz, n2 - kz)). Over the half spectrum, x
    // frequencies kx and n0 - kx give equal (complex-conjugate) terms, so every
    // kx except 0 and n0/2 counts twice. `accumulate(factor, w, fa, fb)` adds
    // one kx plane's terms at one ky, all kz, given that factor (1 or 2) and
    // w[kz'] = W(kx, min(ky, n1 - ky), kz') for kz' <= n2/2; fa, fb are the
    // spectra of the two fields there (fa null in the sweep of one field).
    PlaneSpectrum planeA(fft, n, extent), planeB(fft, n, extent);
    const std::int64_t h2 = n[2] / 2 + 1;
    const auto weights = std::make_unique_for_overwrite<double[]>(
        static_cast<std::size_t>(h1 * h2)); // this kx's plane of W, (ky, kz) <= (n1/2, n2/2)
    auto sweep = [&](std::int64_t kx0, std::int64_t kx1, const SpectrumBuffer* a,
                     const SpectrumBuffer& b, auto&& accumulate) {
        for (std::int64_t kx = kx0; kx < kx1; ++kx) {
            for (std::int64_t kz = 0; kz < h2; ++kz)
                for (std::int64_t ky = 0; ky < h1; ++ky)
                    weights[static_cast<std::size_t>(ky * h2 + kz)] =
                        kernel[static_cast<std::size_t>((kz * h1 + ky) * h0 + kx)];
            if (a)
                planeA.load(a->data() + (kx - kx0) * planeSize);
            planeB.load(b.data() + (kx - kx0) * planeSize);
            const double hermitian = (kx == 0 || 2 * kx == n[0]) ? 1.0 : 2.0;
            for (std::int64_t ky = 0; ky < n[1]; ++ky)
                accumulate(hermitian, weights.get() + std::min(ky, n[1] - ky) * h2,
                           a ? planeA.row(ky) : nullptr, planeB.row(ky));
        }
    };
    auto weight = [&](const double* w, std::int64_t kz) { return w[std::min(kz, n[2] - kz)]; };
    double wmm = 0.0, wqm = 0.0, wdd = 0.0; // each summed in increasing kx
    for (std::int64_t kx0 = 0; kx0 < h0; kx0 += kxPerBlock) {
        const std::int64_t kx1 = std::min(h0, kx0 + kxPerBlock);
        transformX(first, kx0, kx1, [](std::size_t) { return 1.0; }); // m
        transformX(second, kx0, kx1, [&](std::size_t idx) {           // q
            const double d = image.voxels[idx] - mean;
            return d * d;
        });
        sweep(kx0, kx1, &first, second,
              [&](double factor, const double* w, const Complex* fm, const Complex* fq) {
                  double mm = 0.0, qm = 0.0;
                  for (std::int64_t kz = 0; kz < n[2]; ++kz) {
                      mm += weight(w, kz) * std::norm(fm[kz]);
                      qm += weight(w, kz) * (std::conj(fq[kz]) * fm[kz]).real();
                  }
                  wmm += factor * mm;
                  wqm += factor * qm;
              });
        transformX(second, kx0, kx1, [&](std::size_t idx) { return image.voxels[idx] - mean; });
        sweep(kx0, kx1, nullptr, second,
              [&](double factor, const double* w, const Complex*, const Complex* fd) {
                  double dd = 0.0;
                  for (std::int64_t kz = 0; kz < n[2]; ++kz)
                      dd += weight(w, kz) * std::norm(fd[kz]);
                  wdd += factor * dd;
              });
    }
    const double scale = 1.0 / static_cast<double>(n[0] * n[1] * n[2]);
    wmm *= scale; // W = sum_{a != b} w_ab (w(0) = 0 drops a = b)
    wdd *= scale; // sum_{a != b} w_ab d_a d_b
    wqm *= scale; // sum_{a != b} w_ab d_a^2
    SpatialAutocorrelation result;
    // N365: I = N / W * sum_{a != b} w_ab d_a d_b / sum_a d_a^2
    result.moransI = count / wmm * wdd / sumSquares;
    // NPT7: C = (N - 1) / (2 W) * sum_{a != b} w_ab (d_a - d_b)^2 / sum_a d_a^2,
    // with sum w (d_a - d_b)^2 = 2 sum w d_a^2 - 2 sum w d_a d_b
    result.gearysC = (count - 1.0) / (2.0 * wmm) * (2.0 * wqm - 2.0 * wdd) / sumSquares;
    return result;
}

} // namespace rgw::radiomics::morphology
