#pragma once

// Filtering by a transfer function in the Fourier domain (IBSI-2 filters that
// are defined there: Simoncelli wavelets, Riesz transforms). The DFT is FFTW's.

#include "image/Image.h"

#include <array>
#include <complex>
#include <cstdint>
#include <functional>
#include <vector>

namespace rgw::filters {

using Complex = std::complex<double>;

/// A complex grid in Volume order (i fastest, then j, then k).
struct ComplexGrid {
    std::array<std::int64_t, 3> size{0, 0, 0};
    std::vector<Complex> values;
};

enum class FftDirection { Forward, Inverse };

/// The DFT over the first `rank` axes (3: the volume; 2: each k-slice on its own),
/// in place. Forward X(ν) = Σ x(n)·e^{−2πi ν·n}; Inverse includes the 1/N factor.
/// Thread-safe (FFTW planning is serialised; plans are FFTW_ESTIMATE, so the
/// numbers do not depend on timing or thread count).
void fft(ComplexGrid& grid, int rank, FftDirection direction);

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

/// Multiplies a spectrum (bin order, as fft() leaves it) by H at each bin.
void multiplyByTransfer(ComplexGrid& spectrum, FilterRank rank, const TransferFunction& transfer,
                        FrequencySampling sampling = FrequencySampling::Dft);

/// The image extended by `padding` (see FourierPadding), as a complex grid, and
/// the offset of the image inside it. Throws rgw::Error when the grid exceeds the
/// memory budget of the Fourier filters.
struct ExtendedGrid {
    ComplexGrid grid;
    std::array<std::int64_t, 3> offset{0, 0, 0};
};
ExtendedGrid extendForFourier(const Volume& image, FourierPadding padding, FilterRank rank);

/// response = Re(IDFT(shape(DFT(extend(image))))) cropped to the image grid, on
/// the image's geometry. `shapeSpectrum` multiplies the spectrum in place.
Volume filterInFourierDomain(const Volume& image, FourierPadding padding, FilterRank rank,
                             const std::function<void(ComplexGrid&)>& shapeSpectrum);

/// filterInFourierDomain with one transfer function.
Volume filterByTransfer(const Volume& image, FourierPadding padding, FilterRank rank,
                        const TransferFunction& transfer,
                        FrequencySampling sampling = FrequencySampling::Dft);

} // namespace rgw::filters
