#include "filters/Convolution.h"

#include "util/Error.h"

#include <Eigen/Core>
#include <algorithm>
#include <string>
#include <unsupported/Eigen/FFT>
#include <utility>

namespace rgw::filters {

Kernel1D Kernel1D::centred(std::vector<double> weights) {
    Kernel1D k;
    k.centre = static_cast<int>(weights.size() / 2);
    k.weights = std::move(weights);
    return k;
}

Kernel1D Kernel1D::flipped() const {
    Kernel1D k;
    k.weights.assign(weights.rbegin(), weights.rend());
    k.centre = static_cast<int>(weights.size()) - 1 - centre;
    return k;
}

Kernel1D Kernel1D::dilated(int factor) const {
    if (factor < 1)
        throw Error("kernel dilation factor must be at least 1, got " + std::to_string(factor));
    Kernel1D k;
    if (weights.empty())
        return k;
    k.weights.assign((weights.size() - 1) * static_cast<std::size_t>(factor) + 1, 0.0);
    for (std::size_t m = 0; m < weights.size(); ++m)
        k.weights[m * static_cast<std::size_t>(factor)] = weights[m];
    k.centre = centre * factor;
    return k;
}

namespace {

/// dst[0..n) = (accumulate ? dst : 0) + Σ_r weights[r] · rows[r][0..n), the
/// rows four at a time: one pass over dst per four taps instead of one per
/// tap, in Eigen's packets (vectorised whatever the compiler's auto-vectoriser
/// decides at -O2), and no separate zero-filling pass.
void addWeightedRows(double* dst, std::int64_t n, const double* weights, const double* const* rows,
                     std::size_t count, bool accumulate) {
    using Row = Eigen::Map<Eigen::ArrayXd>;
    using ConstRow = Eigen::Map<const Eigen::ArrayXd>;
    const auto len = static_cast<Eigen::Index>(n);
    Row d(dst, len);
    const auto row = [&](std::size_t r) { return weights[r] * ConstRow(rows[r], len); };
    std::size_t r = 0;
    if (!accumulate) {
        if (count >= 4) {
            d = row(0) + row(1) + row(2) + row(3);
            r = 4;
        } else if (count >= 2) {
            d = row(0) + row(1);
            r = 2;
        } else if (count == 1) {
            d = row(0);
            r = 1;
        } else {
            d.setZero();
        }
    }
    for (; r + 4 <= count; r += 4)
        d += row(r) + row(r + 1) + row(r + 2) + row(r + 3);
    if (r + 2 <= count) {
        d += row(r) + row(r + 1);
        r += 2;
    }
    if (r < count)
        d += row(r);
}

} // namespace

void convolveAxisInto(const Field& input, int axis, const Kernel1D& kernel, Boundary boundary,
                      Field& out, bool accumulate) {
    if (&out == &input)
        throw Error("convolution: the output field must not be the input");
    if (out.size != input.size || out.values.size() != input.values.size()) {
        if (accumulate)
            throw Error("convolution: the output field's size differs from the input's");
        out = scratchField(input.size); // every value is written below
    }
    const std::int64_t n = input.size[static_cast<std::size_t>(axis)];
    if (n == 0)
        return;
    if (kernel.weights.empty()) {
        if (!accumulate)
            std::fill(out.values.begin(), out.values.end(), 0.0);
        return;
    }
    // The field is [outer][n][inner] around `axis`: each output line along the
    // axis is a sum of whole input rows of `inner` contiguous values.
    const std::int64_t inner = input.stride(axis);
    const std::int64_t outer = static_cast<std::int64_t>(input.values.size()) / (n * inner);
    const auto taps = static_cast<std::int64_t>(kernel.weights.size());
    if (inner == 1) {
        // Along i the lines are contiguous: each is copied once into a buffer
        // extended by the boundary, then every tap adds a whole shifted copy
        // (contiguous, vectorisable) instead of one looked-up voxel at a time.
        // out[p] = Σ_m w_m · x[p + centre − m]; buffer position q − lowest.
        const std::int64_t lowest = kernel.centre - (taps - 1);
        const std::int64_t length = n + taps - 1;
        std::vector<std::int64_t> from(static_cast<std::size_t>(length));
        for (std::int64_t q = 0; q < length; ++q)
            from[static_cast<std::size_t>(q)] = boundaryIndex(q + lowest, n, boundary);
        std::vector<double> line(static_cast<std::size_t>(length));
        // The non-zero taps (à trous kernels hold many zeros) and their shifts.
        std::vector<double> weights;
        std::vector<std::int64_t> shift;
        for (std::int64_t m = 0; m < taps; ++m)
            if (const double w = kernel.weights[static_cast<std::size_t>(m)]; w != 0.0) {
                weights.push_back(w);
                shift.push_back(kernel.centre - m - lowest);
            }
        const std::size_t tapCount = weights.size();
        std::vector<const double*> rows(tapCount);
        for (std::int64_t o = 0; o < outer; ++o) {
            const double* src = input.values.data() + static_cast<std::size_t>(o * n);
            for (std::int64_t q = 0; q < length; ++q) {
                const std::int64_t f = from[static_cast<std::size_t>(q)];
                line[static_cast<std::size_t>(q)] = f < 0 ? 0.0 : src[f];
            }
            for (std::size_t r = 0; r < tapCount; ++r)
                rows[r] = line.data() + shift[r];
            addWeightedRows(out.values.data() + static_cast<std::size_t>(o * n), n, weights.data(),
                            rows.data(), tapCount, accumulate);
        }
        return;
    }
    // Source row of (output position p, tap m), or -1 for a zero boundary.
    std::vector<std::int64_t> source(static_cast<std::size_t>(n * taps));
    for (std::int64_t p = 0; p < n; ++p)
        for (std::int64_t m = 0; m < taps; ++m)
            source[static_cast<std::size_t>(p * taps + m)] =
                boundaryIndex(p - (m - kernel.centre), n, boundary);
    std::vector<double> weights(static_cast<std::size_t>(taps));
    std::vector<const double*> rows(static_cast<std::size_t>(taps));
    for (std::int64_t o = 0; o < outer; ++o) {
        const std::size_t base = static_cast<std::size_t>(o * n * inner);
        for (std::int64_t p = 0; p < n; ++p) {
            std::size_t count = 0;
            for (std::int64_t m = 0; m < taps; ++m) {
                const double w = kernel.weights[static_cast<std::size_t>(m)];
                const std::int64_t s = source[static_cast<std::size_t>(p * taps + m)];
                if (w == 0.0 || s < 0)
                    continue;
                weights[count] = w;
                rows[count++] = input.values.data() + base + static_cast<std::size_t>(s * inner);
            }
            addWeightedRows(out.values.data() + base + static_cast<std::size_t>(p * inner), inner,
                            weights.data(), rows.data(), count, accumulate);
        }
    }
}

Field convolveAxis(const Field& input, int axis, const Kernel1D& kernel, Boundary boundary) {
    Field out;
    convolveAxisInto(input, axis, kernel, boundary, out, false);
    return out;
}

Field convolveSeparable(const Field& input, const SeparableKernel& kernel, Boundary boundary) {
    // Two buffers in turn: the first pass reads `input` itself (no copy), each
    // later pass the previous one's output, so a 3D kernel allocates two
    // fields, not one per pass plus a copy of the input.
    std::array<Field, 2> buffers;
    const Field* source = &input;
    std::size_t next = 0;
    for (int axis = 2; axis >= 0; --axis)
        if (const auto& k = kernel.axes[static_cast<std::size_t>(axis)]) {
            convolveAxisInto(*source, axis, *k, boundary, buffers[next], false);
            source = &buffers[next];
            next = 1 - next;
        }
    if (source == &input)
        return input;
    return std::move(buffers[1 - next]);
}

DenseKernel::DenseKernel(const std::array<std::int64_t, 3>& h)
    : halfWidth(h),
      weights(static_cast<std::size_t>((2 * h[0] + 1) * (2 * h[1] + 1) * (2 * h[2] + 1))) {}

namespace {

using Complex = std::complex<double>;
using Dims = std::array<std::int64_t, 3>;

/// Smallest n' ≥ n whose prime factors are 2, 3 and 5 (fast mixed-radix FFT sizes).
std::int64_t fftFriendlySize(std::int64_t n) {
    for (std::int64_t m = std::max<std::int64_t>(n, 1);; ++m) {
        std::int64_t r = m;
        for (const std::int64_t p : {2, 3, 5})
            while (r % p == 0)
                r /= p;
        if (r == 1)
            return m;
    }
}

std::size_t linear(const Dims& d, std::int64_t i, std::int64_t j, std::int64_t k) {
    return static_cast<std::size_t>((k * d[1] + j) * d[0] + i);
}

/// In-place FFT (or scaled inverse) of every line of `data` along `axis`.
void transformAxis(std::vector<Complex>& data, const Dims& dims, int axis, bool inverse) {
    const std::int64_t n = dims[static_cast<std::size_t>(axis)];
    const std::int64_t stride = axis == 0 ? 1 : axis == 1 ? dims[0] : dims[0] * dims[1];
    const std::int64_t total = dims[0] * dims[1] * dims[2];
    Eigen::FFT<double> fft;
    std::vector<Complex> line(static_cast<std::size_t>(n));
    std::vector<Complex> result(static_cast<std::size_t>(n));
    for (std::int64_t start = 0; start < total; ++start) {
        // `start` begins a line when its coordinate along `axis` is 0.
        if ((start / stride) % n != 0)
            continue;
        for (std::int64_t p = 0; p < n; ++p)
            line[static_cast<std::size_t>(p)] = data[static_cast<std::size_t>(start + p * stride)];
        if (inverse)
            fft.inv(result.data(), line.data(), n);
        else
            fft.fwd(result.data(), line.data(), n);
        for (std::int64_t p = 0; p < n; ++p)
            data[static_cast<std::size_t>(start + p * stride)] =
                result[static_cast<std::size_t>(p)];
    }
}

} // namespace

DenseConvolution::DenseConvolution(const Field& input, const std::array<std::int64_t, 3>& halfWidth,
                                   Boundary boundary)
    : size_(input.size), half_(halfWidth) {
    for (std::size_t a = 0; a < 3; ++a) {
        if (half_[a] < 0)
            throw Error("dense convolution: negative kernel half-width");
        padded_[a] = half_[a] > 0 ? fftFriendlySize(size_[a] + 2 * half_[a]) : size_[a];
    }
    spectrum_.assign(static_cast<std::size_t>(padded_[0] * padded_[1] * padded_[2]), Complex{});
    // Padded coordinate q reads input voxel q − h (through the boundary rule).
    std::array<std::vector<std::int64_t>, 3> source;
    for (std::size_t a = 0; a < 3; ++a) {
        source[a].resize(static_cast<std::size_t>(padded_[a]));
        for (std::int64_t q = 0; q < padded_[a]; ++q)
            source[a][static_cast<std::size_t>(q)] =
                boundaryIndex(q - half_[a], size_[a], boundary);
    }
    for (std::int64_t k = 0; k < padded_[2]; ++k) {
        const std::int64_t sk = source[2][static_cast<std::size_t>(k)];
        if (sk < 0)
            continue;
        for (std::int64_t j = 0; j < padded_[1]; ++j) {
            const std::int64_t sj = source[1][static_cast<std::size_t>(j)];
            if (sj < 0)
                continue;
            for (std::int64_t i = 0; i < padded_[0]; ++i) {
                const std::int64_t si = source[0][static_cast<std::size_t>(i)];
                if (si >= 0)
                    spectrum_[linear(padded_, i, j, k)] = input.at(si, sj, sk);
            }
        }
    }
    for (int a = 0; a < 3; ++a)
        if (half_[static_cast<std::size_t>(a)] > 0)
            transformAxis(spectrum_, padded_, a, false);
}

std::vector<std::complex<double>> DenseConvolution::apply(const DenseKernel& kernel) const {
    Dims kernelDims{};
    for (std::size_t a = 0; a < 3; ++a) {
        if (kernel.halfWidth[a] > half_[a])
            throw Error("dense convolution: kernel half-width " +
                        std::to_string(kernel.halfWidth[a]) + " along axis " + std::to_string(a) +
                        " exceeds the padding " + std::to_string(half_[a]));
        kernelDims[a] = half_[a] > 0 ? padded_[a] : 1;
    }
    // The kernel on the padded grid, offset o stored at o mod P (wrap-around).
    std::vector<Complex> kernelSpectrum(
        static_cast<std::size_t>(kernelDims[0] * kernelDims[1] * kernelDims[2]), Complex{});
    const auto wrap = [&](std::int64_t o, std::size_t a) {
        return kernelDims[a] == 1 ? 0 : (o % kernelDims[a] + kernelDims[a]) % kernelDims[a];
    };
    const Dims& h = kernel.halfWidth;
    for (std::int64_t o2 = -h[2]; o2 <= h[2]; ++o2)
        for (std::int64_t o1 = -h[1]; o1 <= h[1]; ++o1)
            for (std::int64_t o0 = -h[0]; o0 <= h[0]; ++o0)
                kernelSpectrum[linear(kernelDims, wrap(o0, 0), wrap(o1, 1), wrap(o2, 2))] +=
                    kernel.at(o0, o1, o2);
    for (int a = 0; a < 3; ++a)
        if (kernelDims[static_cast<std::size_t>(a)] > 1)
            transformAxis(kernelSpectrum, kernelDims, a, false);

    std::vector<Complex> product(spectrum_.size());
    for (std::int64_t k = 0; k < padded_[2]; ++k)
        for (std::int64_t j = 0; j < padded_[1]; ++j)
            for (std::int64_t i = 0; i < padded_[0]; ++i) {
                const std::size_t p = linear(padded_, i, j, k);
                product[p] =
                    spectrum_[p] *
                    kernelSpectrum[linear(kernelDims, kernelDims[0] == 1 ? 0 : i,
                                          kernelDims[1] == 1 ? 0 : j, kernelDims[2] == 1 ? 0 : k)];
            }
    for (int a = 0; a < 3; ++a)
        if (half_[static_cast<std::size_t>(a)] > 0)
            transformAxis(product, padded_, a, true);

    std::vector<Complex> out(static_cast<std::size_t>(size_[0] * size_[1] * size_[2]));
    for (std::int64_t k = 0; k < size_[2]; ++k)
        for (std::int64_t j = 0; j < size_[1]; ++j)
            for (std::int64_t i = 0; i < size_[0]; ++i)
                out[linear(size_, i, j, k)] =
                    product[linear(padded_, i + half_[0], j + half_[1], k + half_[2])];
    return out;
}

Field convolveDense(const Field& input, const DenseKernel& kernel, Boundary boundary) {
    const DenseConvolution convolution(input, kernel.halfWidth, boundary);
    const auto response = convolution.apply(kernel);
    Field out(input.size);
    for (std::size_t v = 0; v < response.size(); ++v)
        out.values[v] = response[v].real();
    return out;
}

} // namespace rgw::filters
