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

RealSpectrum::RealSpectrum(const std::array<std::int64_t, 3>& size)
    : size_(size), half_(size[0] / 2 + 1) {
    for (std::int64_t n : size)
        if (n < 1 || n > (std::int64_t{1} << 30))
            throw Error("Fourier transform: grid size " + std::to_string(size[0]) + "x" +
                        std::to_string(size[1]) + "x" + std::to_string(size[2]) +
                        " is not a positive int size");
    checkFourierBudget(size);
    data_.resize(static_cast<std::size_t>(half_ * size[1] * size[2]));
}

double& RealSpectrum::voxel(std::int64_t i, std::int64_t j, std::int64_t k) {
    return reinterpret_cast<double*>(data_.data())[(k * size_[1] + j) * 2 * half_ + i];
}

double RealSpectrum::voxel(std::int64_t i, std::int64_t j, std::int64_t k) const {
    return reinterpret_cast<const double*>(data_.data())[(k * size_[1] + j) * 2 * half_ + i];
}

namespace {

/// Plans and runs one in-place real↔half-spectrum transform of `grid`.
void runFftw(std::vector<Complex>& data, const std::array<std::int64_t, 3>& size, std::int64_t half,
             int rank, bool forward) {
    if (rank != 2 && rank != 3)
        throw Error("Fourier transform: rank must be 2 or 3, got " + std::to_string(rank));
    // FFTW is row-major (last dimension fastest): our i is its last dimension.
    const int n3[3] = {static_cast<int>(size[2]), static_cast<int>(size[1]),
                       static_cast<int>(size[0])};
    const int real3[3] = {n3[0], n3[1], static_cast<int>(2 * half)};
    const int complex3[3] = {n3[0], n3[1], static_cast<int>(half)};
    const int offset = rank == 3 ? 0 : 1;
    const int howMany = rank == 3 ? 1 : n3[0];
    const int realDistance = rank == 3 ? 0 : real3[1] * real3[2];
    const int complexDistance = rank == 3 ? 0 : complex3[1] * complex3[2];
    auto* spectrum = reinterpret_cast<fftw_complex*>(data.data());
    auto* real = reinterpret_cast<double*>(data.data());
    fftw_plan plan = nullptr;
    {
        std::lock_guard<std::mutex> lock(fftwPlannerMutex());
        plan = forward ? fftw_plan_many_dft_r2c(rank, n3 + offset, howMany, real, real3 + offset, 1,
                                                realDistance, spectrum, complex3 + offset, 1,
                                                complexDistance, FFTW_ESTIMATE)
                       : fftw_plan_many_dft_c2r(rank, n3 + offset, howMany, spectrum,
                                                complex3 + offset, 1, complexDistance, real,
                                                real3 + offset, 1, realDistance, FFTW_ESTIMATE);
    }
    if (plan == nullptr)
        throw Error("Fourier transform: FFTW could not plan a " + std::to_string(size[0]) + "x" +
                    std::to_string(size[1]) + "x" + std::to_string(size[2]) + " transform");
    fftw_execute(plan);
    std::lock_guard<std::mutex> lock(fftwPlannerMutex());
    fftw_destroy_plan(plan);
}

} // namespace

void RealSpectrum::forward(int rank) {
    runFftw(data_, size_, half_, rank, true);
}

void RealSpectrum::inverse(int rank) {
    runFftw(data_, size_, half_, rank, false);
    const double n = static_cast<double>(size_[0] * size_[1] * (rank == 3 ? size_[2] : 1));
    auto* real = reinterpret_cast<double*>(data_.data());
    for (std::size_t v = 0; v < 2 * data_.size(); ++v)
        real[v] /= n;
}

void checkFourierBudget(const std::array<std::int64_t, 3>& size, int grids, double otherBytes) {
    const double bytes = static_cast<double>(grids) * static_cast<double>(size[0] / 2 + 1) *
                             static_cast<double>(size[1]) * static_cast<double>(size[2]) *
                             static_cast<double>(sizeof(Complex)) +
                         otherBytes;
    if (bytes > static_cast<double>(kFourierBudgetBytes))
        throw Error("Fourier filter: " +
                    (grids > 1 ? std::to_string(grids) + " grids of " : std::string("the ")) +
                    std::to_string(size[0]) + "x" + std::to_string(size[1]) + "x" +
                    std::to_string(size[2]) +
                    (otherBytes > 0.0 ? " and their per-voxel working arrays" : "") +
                    (grids > 1 || otherBytes > 0.0 ? " need " : " grid needs ") +
                    std::to_string(static_cast<long long>(bytes / (1 << 20))) +
                    " MiB, more than the budget of " + std::to_string(kFourierBudgetBytes >> 20) +
                    " MiB");
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

void multiplyByTransfer(RealSpectrum& spectrum, FilterRank rank, const TransferFunction& transfer,
                        FrequencySampling sampling) {
    const auto& s = spectrum.size();
    const bool volume = rank == FilterRank::Volume3D;
    auto mirror = [](std::int64_t b, std::int64_t n) { return b == 0 ? 0 : n - b; };
    std::array<double, 3> nu{0.0, 0.0, 0.0};
    std::array<double, 3> minusNu{0.0, 0.0, 0.0};
    for (std::int64_t k = 0; k < s[2]; ++k) {
        nu[2] = volume ? binFrequency(k, s[2], sampling) : 0.0;
        minusNu[2] = volume ? binFrequency(mirror(k, s[2]), s[2], sampling) : 0.0;
        for (std::int64_t j = 0; j < s[1]; ++j) {
            nu[1] = binFrequency(j, s[1], sampling);
            minusNu[1] = binFrequency(mirror(j, s[1]), s[1], sampling);
            for (std::int64_t i = 0; i < spectrum.halfSize(); ++i) {
                nu[0] = binFrequency(i, s[0], sampling);
                minusNu[0] = binFrequency(mirror(i, s[0]), s[0], sampling);
                spectrum.bin(i, j, k) *= 0.5 * (transfer(nu) + std::conj(transfer(minusNu)));
            }
        }
    }
}

ExtendedGrid extendForFourier(const Volume& image, FourierPadding padding, FilterRank rank) {
    const auto& n = image.geometry.size;
    if (image.voxels.size() != image.geometry.voxelCount() || image.voxels.empty())
        throw Error("Fourier filter: the image holds " + std::to_string(image.voxels.size()) +
                    " voxels for a grid of " + std::to_string(image.geometry.voxelCount()));
    const std::array<std::int64_t, 3> size = extendedSize(n, padding, rank);
    std::array<std::int64_t, 3> offset{};
    for (std::size_t a = 0; a < 3; ++a)
        offset[a] = size[a] == n[a] ? 0 : n[a] / 2;
    ExtendedGrid out{RealSpectrum(size), offset};
    for (std::int64_t k = 0; k < size[2]; ++k) {
        const std::int64_t sk = sourceIndex(k - offset[2], n[2], padding);
        for (std::int64_t j = 0; j < size[1]; ++j) {
            const std::int64_t sj = sourceIndex(j - offset[1], n[1], padding);
            for (std::int64_t i = 0; i < size[0]; ++i) {
                const std::int64_t si = sourceIndex(i - offset[0], n[0], padding);
                out.grid.voxel(i, j, k) = si < 0 || sj < 0 || sk < 0 ? 0.0 : image.at(si, sj, sk);
            }
        }
    }
    return out;
}

std::array<std::int64_t, 3> extendedSize(const std::array<std::int64_t, 3>& size,
                                         FourierPadding padding, FilterRank rank) {
    std::array<std::int64_t, 3> out = size;
    for (std::size_t a = 0; a < 3; ++a)
        if (padding != FourierPadding::Periodic && static_cast<int>(a) < static_cast<int>(rank))
            out[a] = 2 * size[a];
    return out;
}

Volume filterInFourierDomain(const Volume& image, FourierPadding padding, FilterRank rank,
                             const std::function<void(RealSpectrum&)>& shapeSpectrum) {
    ExtendedGrid extended = extendForFourier(image, padding, rank);
    const int r = static_cast<int>(rank);
    extended.grid.forward(r);
    shapeSpectrum(extended.grid);
    extended.grid.inverse(r);
    Volume out(image.geometry);
    out.unit = image.unit;
    out.unitNote = image.unitNote;
    const auto& n = image.geometry.size;
    const auto& o = extended.offset;
    std::size_t v = 0;
    for (std::int64_t k = 0; k < n[2]; ++k)
        for (std::int64_t j = 0; j < n[1]; ++j)
            for (std::int64_t i = 0; i < n[0]; ++i, ++v)
                out.voxels[v] =
                    static_cast<float>(extended.grid.voxel(i + o[0], j + o[1], k + o[2]));
    return out;
}

Volume filterByTransfer(const Volume& image, FourierPadding padding, FilterRank rank,
                        const TransferFunction& transfer, FrequencySampling sampling) {
    return filterInFourierDomain(image, padding, rank, [&](RealSpectrum& spectrum) {
        multiplyByTransfer(spectrum, rank, transfer, sampling);
    });
}

} // namespace rgw::filters
