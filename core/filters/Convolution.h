#pragma once

// The two convolutions every filter of core/filters is built from, both in
// double precision and with the boundary conditions of Boundary.h:
// - separable: one 1D kernel per voxel axis, applied axis by axis;
// - dense (non-separable, complex allowed): by FFT of the boundary-padded image,
//   the image transformed once for any number of kernels.

#include "filters/Boundary.h"
#include "filters/Field.h"

#include <array>
#include <complex>
#include <cstdint>
#include <optional>
#include <vector>

namespace rgw::filters {

/// A 1D convolution kernel: out[n] = Σ_m weights[m] · x[n − (m − centre)], i.e.
/// tap m sits at offset m − centre.
struct Kernel1D {
    std::vector<double> weights;
    int centre = 0;

    /// Taps centred at index size/2: odd lengths symmetrically, even lengths as
    /// if a trailing 0 made them odd (the convention of scipy.ndimage and of
    /// the IBSI-2 reference implementations for wavelet filters).
    static Kernel1D centred(std::vector<double> weights);
    /// k(−x): the kernel reversed about its centre.
    Kernel1D flipped() const;
    /// À trous upsampling: `factor` − 1 zeros inserted between taps, offsets × factor.
    Kernel1D dilated(int factor) const;
    /// Lowest and highest offsets of the taps.
    int firstOffset() const { return -centre; }
    int lastOffset() const { return static_cast<int>(weights.size()) - 1 - centre; }

    friend bool operator==(const Kernel1D&, const Kernel1D&) = default;
};

/// One 1D kernel per voxel axis (i, j, k); an absent kernel leaves that axis alone.
struct SeparableKernel {
    std::array<std::optional<Kernel1D>, 3> axes;

    friend bool operator==(const SeparableKernel&, const SeparableKernel&) = default;
};

/// `input` convolved with `kernel` along one axis.
Field convolveAxis(const Field& input, int axis, const Kernel1D& kernel, Boundary boundary);

/// `input` convolved with `kernel` along one axis, written into `out` (resized
/// to the input's size when it differs; its storage is reused otherwise), or
/// added to it when `accumulate` (then `out` must have the input's size): sums
/// of convolved fields and chains of passes without a new field per term.
/// `out` must not be `input`.
void convolveAxisInto(const Field& input, int axis, const Kernel1D& kernel, Boundary boundary,
                      Field& out, bool accumulate);

/// `input` convolved with the kernel of every axis that has one (k, then j, then i).
Field convolveSeparable(const Field& input, const SeparableKernel& kernel, Boundary boundary);

/// A dense, centred kernel of extent 2·halfWidth[a] + 1 along axis a
/// (halfWidth 0 along the normal of an in-plane kernel), i fastest.
struct DenseKernel {
    std::array<std::int64_t, 3> halfWidth{0, 0, 0};
    std::vector<std::complex<double>> weights;

    DenseKernel() = default;
    explicit DenseKernel(const std::array<std::int64_t, 3>& h);
    /// The weight at offset (o0, o1, o2), |o_a| ≤ halfWidth[a].
    std::complex<double>& at(std::int64_t o0, std::int64_t o1, std::int64_t o2) {
        return weights[index(o0, o1, o2)];
    }
    std::complex<double> at(std::int64_t o0, std::int64_t o1, std::int64_t o2) const {
        return weights[index(o0, o1, o2)];
    }

private:
    std::size_t index(std::int64_t o0, std::int64_t o1, std::int64_t o2) const {
        const std::int64_t n0 = 2 * halfWidth[0] + 1;
        const std::int64_t n1 = 2 * halfWidth[1] + 1;
        return static_cast<std::size_t>(((o2 + halfWidth[2]) * n1 + (o1 + halfWidth[1])) * n0 +
                                        (o0 + halfWidth[0]));
    }
};

/// Dense convolution of one image with any number of kernels: the image is
/// padded by `halfWidth` per axis following `boundary` and Fourier-transformed
/// once along the axes with a non-zero half-width; apply() multiplies by the
/// kernel's transform and transforms back (linear, not circular, convolution:
/// the padding holds the boundary values).
class DenseConvolution {
public:
    DenseConvolution(const Field& input, const std::array<std::int64_t, 3>& halfWidth,
                     Boundary boundary);

    /// out[n] = Σ_o kernel(o) · input[n − o], on the input grid. Throws
    /// rgw::Error when the kernel is wider than the padding.
    std::vector<std::complex<double>> apply(const DenseKernel& kernel) const;

private:
    std::array<std::int64_t, 3> size_{};
    std::array<std::int64_t, 3> half_{};
    std::array<std::int64_t, 3> padded_{};
    std::vector<std::complex<double>> spectrum_;
};

/// Real part of the dense convolution of `input` with `kernel` (one kernel).
Field convolveDense(const Field& input, const DenseKernel& kernel, Boundary boundary);

} // namespace rgw::filters
