#pragma once

// Filtering by a transfer function in the Fourier domain (IBSI-2 filters that
// are defined there: Simoncelli wavelets, Riesz transforms). The DFT is FFTW's.

#include "image/Image.h"

#include <array>
#include <complex>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

namespace rgw::filters {

using Complex = std::complex<double>;

/// A real grid of `size` (Volume order: i fastest, then j, then k) and, after the
/// forward transform, its half spectrum: bins i = 0..size[0]/2 of every (j, k),
/// the others following from Hermitian symmetry X(−ν) = conj X(ν). FFTW works
/// in place: as a real grid, voxel (i, j, k) is real(data)[(k·size[1] + j)·2h + i]
/// with h = size[0]/2 + 1 (rows padded to 2h doubles).
class RealSpectrum {
public:
    explicit RealSpectrum(const std::array<std::int64_t, 3>& size);

    const std::array<std::int64_t, 3>& size() const { return size_; }
    /// Bins along i of the half spectrum (size[0]/2 + 1).
    std::int64_t halfSize() const { return half_; }

    double& voxel(std::int64_t i, std::int64_t j, std::int64_t k);
    double voxel(std::int64_t i, std::int64_t j, std::int64_t k) const;
    Complex& bin(std::int64_t i, std::int64_t j, std::int64_t k) {
        return data_[static_cast<std::size_t>((k * size_[1] + j) * half_ + i)];
    }

    /// Real grid → half spectrum over the first `rank` axes (3: the volume; 2:
    /// each k-slice on its own): X(ν) = Σ x(n)·e^{−2πi ν·n}.
    void forward(int rank);
    /// Half spectrum → real grid, including the 1/N factor.
    void inverse(int rank);

private:
    std::array<std::int64_t, 3> size_;
    std::int64_t half_;
    std::vector<Complex> data_;
};

/// Which frequency a transfer function is sampled at for each DFT bin.
enum class FrequencySampling {
    /// The DFT's own: bin b of n ↦ b/n cycles per voxel, b − n for b ≥ ceil(n/2).
    Dft,
    /// The IBSI-2 reference maps' sampling of Fourier-defined wavelets: the n bins
    /// of an axis, in centred order, carry linspace(−1/2, 1/2, n) cycles per voxel
    /// (both Nyquist ends included; bin 0 kept at 0). It differs from Dft by a
    /// stretch of n/(n−1) and, for even n, half a bin.
    Endpoints,
};

/// Signed frequency of DFT bin `bin` on an axis of `size` bins in cycles per voxel.
double binFrequency(std::int64_t bin, std::int64_t size,
                    FrequencySampling sampling = FrequencySampling::Dft);

/// How the image is extended beyond its edges before the (periodic) DFT: IBSI-2
/// boundary conditions. Periodic uses the image grid as is; the others extend
/// each filtered axis of n voxels to 2n (n/2 before, n − n/2 after), filter, and
/// crop. Same values and meaning as filters::Boundary (spatial filters).
enum class FourierPadding { Zero, Nearest, Periodic, Mirror };

/// Whether the filter acts on the volume (3D) or on each axial k-slice (2D).
enum class FilterRank { Volume3D = 3, Slice2D = 2 };

/// A transfer function: H(ν), ν per axis in cycles per voxel (ν[2] = 0 in 2D).
using TransferFunction = std::function<Complex(const std::array<double, 3>& nu)>;

/// Multiplies a half spectrum by the Hermitian part of H, (H(ν) + conj H(−ν))/2,
/// at each bin: the result is Re(IDFT(X·H)) for a real image, whatever H's
/// symmetry (odd Riesz orders at Nyquist bins, Endpoints sampling of even sizes).
void multiplyByTransfer(RealSpectrum& spectrum, FilterRank rank, const TransferFunction& transfer,
                        FrequencySampling sampling = FrequencySampling::Dft);

/// Throws rgw::Error naming the grid when `grids` spectra of `size` held at once,
/// plus `otherBytes`, exceed the memory budget of the Fourier filters.
void checkFourierBudget(const std::array<std::int64_t, 3>& size, int grids = 1,
                        double otherBytes = 0.0);

/// The image extended by `padding` (see FourierPadding), and the offset of the
/// image inside it. Throws rgw::Error when it exceeds the memory budget.
struct ExtendedGrid {
    RealSpectrum grid;
    std::array<std::int64_t, 3> offset{0, 0, 0};
};
ExtendedGrid extendForFourier(const Volume& image, FourierPadding padding, FilterRank rank);

/// The size of extendForFourier's grid for an image of `size` (to check a budget
/// before allocating).
std::array<std::int64_t, 3> extendedSize(const std::array<std::int64_t, 3>& size,
                                         FourierPadding padding, FilterRank rank);

/// response = Re(IDFT(shape(DFT(extend(image))))) cropped to the image grid, on
/// the image's geometry. `shapeSpectrum` multiplies the half spectrum in place.
Volume filterInFourierDomain(const Volume& image, FourierPadding padding, FilterRank rank,
                             const std::function<void(RealSpectrum&)>& shapeSpectrum);

/// filterInFourierDomain with one transfer function.
Volume filterByTransfer(const Volume& image, FourierPadding padding, FilterRank rank,
                        const TransferFunction& transfer,
                        FrequencySampling sampling = FrequencySampling::Dft);

} // namespace rgw::filters
