#include "filters/FourierTransform.h"

#include "util/Error.h"

#include <cstddef>
#include <fftw3.h>
#include <mutex>
#include <string>

namespace rgw::filters {
namespace {

/// FFTW's planner keeps global state: plan creation and destruction must not
/// run concurrently (fftw_execute on distinct plans may).
std::mutex& fftwPlannerMutex() {
    static std::mutex m;
    return m;
}

/// Largest extended complex grid the Fourier filters allocate (16 bytes a bin).
constexpr std::size_t kFourierBudgetBytes = std::size_t{4} << 30;

/// The voxel of an axis of `size` read at extended position `index` under
/// `padding`, or −1 for the constant 0 of Zero padding.
std::int64_t sourceIndex(std::int64_t index, std::int64_t size, FourierPadding padding) {
    if (index >= 0 && index < size)
        return index;
    switch (padding) {
    case FourierPadding::Zero:
        return -1;
    case FourierPadding::Nearest:
        return index < 0 ? 0 : size - 1;
    case FourierPadding::Periodic: {
        const std::int64_t m = index % size;
        return m < 0 ? m + size : m;
    }
    case FourierPadding::Mirror: {
        const std::int64_t period = 2 * size; // d c b a | a b c d | d c b a
        std::int64_t m = index % period;
        if (m < 0)
            m += period;
        return m < size ? m : period - 1 - m;
    }
    }
    return -1;
}

} // namespace

void fft(ComplexGrid& grid, int rank, FftDirection direction) {
    if (rank != 2 && rank != 3)
        throw Error("Fourier transform: rank must be 2 or 3, got " + std::to_string(rank));
    const auto& s = grid.size;
    if (grid.values.size() != static_cast<std::size_t>(s[0] * s[1] * s[2]))
        throw Error("Fourier transform: grid holds " + std::to_string(grid.values.size()) +
                    " values for a size of " + std::to_string(s[0]) + "x" + std::to_string(s[1]) +
                    "x" + std::to_string(s[2]));
    if (grid.values.empty())
        return;
    // FFTW is row-major (last dimension fastest): our i is its last dimension.
    const int dims3[3] = {static_cast<int>(s[2]), static_cast<int>(s[1]), static_cast<int>(s[0])};
    const int* dims = rank == 3 ? dims3 : dims3 + 1;
    const int howMany = rank == 3 ? 1 : static_cast<int>(s[2]);
    const int distance = rank == 3 ? 0 : static_cast<int>(s[0] * s[1]);
    auto* data = reinterpret_cast<fftw_complex*>(grid.values.data());
    const int sign = direction == FftDirection::Forward ? FFTW_FORWARD : FFTW_BACKWARD;
    fftw_plan plan = nullptr;
    {
        std::lock_guard<std::mutex> lock(fftwPlannerMutex());
        plan = fftw_plan_many_dft(rank, dims, howMany, data, nullptr, 1, distance, data, nullptr, 1,
                                  distance, sign, FFTW_ESTIMATE);
    }
    if (plan == nullptr)
        throw Error("Fourier transform: FFTW could not plan a " + std::to_string(s[0]) + "x" +
                    std::to_string(s[1]) + "x" + std::to_string(s[2]) + " transform");
    fftw_execute(plan);
    {
        std::lock_guard<std::mutex> lock(fftwPlannerMutex());
        fftw_destroy_plan(plan);
    }
    if (direction == FftDirection::Inverse) {
        const double n = static_cast<double>(grid.values.size()) / howMany;
        for (auto& v : grid.values)
            v /= n;
    }
}

double binFrequency(std::int64_t bin, std::int64_t size, FrequencySampling sampling) {
    if (sampling == FrequencySampling::Endpoints) {
        if (bin == 0 || size < 2)
            return 0.0;
        const std::int64_t centred = (bin + size / 2) % size; // position after fftshift
        return -0.5 + static_cast<double>(centred) / static_cast<double>(size - 1);
    }
    const std::int64_t firstNegative = (size + 1) / 2;
    const std::int64_t signedBin = bin < firstNegative ? bin : bin - size;
    return static_cast<double>(signedBin) / static_cast<double>(size);
}

void multiplyByTransfer(ComplexGrid& spectrum, FilterRank rank, const TransferFunction& transfer,
                        FrequencySampling sampling) {
    const auto& s = spectrum.size;
    std::array<double, 3> nu{0.0, 0.0, 0.0};
    std::size_t v = 0;
    for (std::int64_t k = 0; k < s[2]; ++k) {
        nu[2] = rank == FilterRank::Volume3D ? binFrequency(k, s[2], sampling) : 0.0;
        for (std::int64_t j = 0; j < s[1]; ++j) {
            nu[1] = binFrequency(j, s[1], sampling);
            for (std::int64_t i = 0; i < s[0]; ++i, ++v) {
                nu[0] = binFrequency(i, s[0], sampling);
                spectrum.values[v] *= transfer(nu);
            }
        }
    }
}

ExtendedGrid extendForFourier(const Volume& image, FourierPadding padding, FilterRank rank) {
    const auto& n = image.geometry.size;
    if (image.voxels.size() != image.geometry.voxelCount() || image.voxels.empty())
        throw Error("Fourier filter: the image holds " + std::to_string(image.voxels.size()) +
                    " voxels for a grid of " + std::to_string(image.geometry.voxelCount()));
    ExtendedGrid out;
    const int axes = static_cast<int>(rank);
    std::size_t bins = 1;
    for (std::size_t a = 0; a < 3; ++a) {
        const bool extend = padding != FourierPadding::Periodic && static_cast<int>(a) < axes;
        out.grid.size[a] = extend ? 2 * n[a] : n[a];
        out.offset[a] = extend ? n[a] / 2 : 0;
        bins *= static_cast<std::size_t>(out.grid.size[a]);
    }
    if (bins > kFourierBudgetBytes / sizeof(Complex))
        throw Error("Fourier filter: the " + std::to_string(out.grid.size[0]) + "x" +
                    std::to_string(out.grid.size[1]) + "x" + std::to_string(out.grid.size[2]) +
                    " extended grid needs " + std::to_string(bins * sizeof(Complex) >> 20) +
                    " MiB, more than the budget of " + std::to_string(kFourierBudgetBytes >> 20) +
                    " MiB");
    out.grid.values.resize(bins);
    const auto& e = out.grid.size;
    std::size_t v = 0;
    for (std::int64_t k = 0; k < e[2]; ++k) {
        const std::int64_t sk = sourceIndex(k - out.offset[2], n[2], padding);
        for (std::int64_t j = 0; j < e[1]; ++j) {
            const std::int64_t sj = sourceIndex(j - out.offset[1], n[1], padding);
            for (std::int64_t i = 0; i < e[0]; ++i, ++v) {
                const std::int64_t si = sourceIndex(i - out.offset[0], n[0], padding);
                out.grid.values[v] = si < 0 || sj < 0 || sk < 0 ? 0.0 : image.at(si, sj, sk);
            }
        }
    }
    return out;
}

Volume filterInFourierDomain(const Volume& image, FourierPadding padding, FilterRank rank,
                             const std::function<void(ComplexGrid&)>& shapeSpectrum) {
    ExtendedGrid extended = extendForFourier(image, padding, rank);
    const int r = static_cast<int>(rank);
    fft(extended.grid, r, FftDirection::Forward);
    shapeSpectrum(extended.grid);
    fft(extended.grid, r, FftDirection::Inverse);
    Volume out(image.geometry);
    out.unit = image.unit;
    out.unitNote = image.unitNote;
    const auto& n = image.geometry.size;
    const auto& e = extended.grid.size;
    const auto& o = extended.offset;
    std::size_t v = 0;
    for (std::int64_t k = 0; k < n[2]; ++k)
        for (std::int64_t j = 0; j < n[1]; ++j)
            for (std::int64_t i = 0; i < n[0]; ++i, ++v) {
                const auto index =
                    static_cast<std::size_t>(((k + o[2]) * e[1] + (j + o[1])) * e[0] + (i + o[0]));
                out.voxels[v] = static_cast<float>(extended.grid.values[index].real());
            }
    return out;
}

Volume filterByTransfer(const Volume& image, FourierPadding padding, FilterRank rank,
                        const TransferFunction& transfer, FrequencySampling sampling) {
    return filterInFourierDomain(image, padding, rank, [&](ComplexGrid& spectrum) {
        multiplyByTransfer(spectrum, rank, transfer, sampling);
    });
}

} // namespace rgw::filters
