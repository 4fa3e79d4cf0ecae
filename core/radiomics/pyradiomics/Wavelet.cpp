#include "radiomics/pyradiomics/Wavelet.h"

#include "radiomics/pyradiomics/NumpyDtype.h"
#include "radiomics/pyradiomics/WaveletFilters.h"
#include "util/Error.h"

#include <array>
#include <cctype>
#include <cstddef>
#include <functional>
#include <string>
#include <type_traits>
#include <utility>

// pywt rounds every product before adding it to its running sum (Debian's
// amd64 build targets baseline x86-64, which has no fused multiply-add). float32
// results match pywt bit for bit only if this file never fuses `sum += f * x`
// either: the pragmas below forbid contraction for clang (whose default,
// -ffp-contract=on, honours it), GCC and MSVC. A build with -ffast-math or
// clang's -ffp-contract=fast would override them.
#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#elif defined(__GNUC__)
#pragma GCC optimize("fp-contract=off")
#elif defined(_MSC_VER)
#pragma fp_contract(off)
#endif

namespace rgw::radiomics::pyradiomics {
namespace {

using Size = std::array<std::size_t, 3>;

/// Samples of type T (float or double, pywt's working precision) on a grid,
/// i fastest.
template <typename T> struct Samples {
    Size size{};
    std::vector<T> values;

    std::size_t stride(int axis) const {
        return axis == 0 ? 1 : axis == 1 ? size[0] : size[0] * size[1];
    }
};

/// pywt's filter pair converted to its working precision.
template <typename T> struct FilterPair {
    std::vector<T> lowPass;
    std::vector<T> highPass;
};

/// One sub-band of swtn: its key ('a' approximation, 'd' detail per
/// transformed axis, in pywt's order) and its coefficients.
/// pywt's _check_dtype: float32 data are transformed in single precision,
/// integers and float64 in double precision.
FilterPrecision precisionOf(const std::string& scalar) {
    return numpyDtype(scalar, "PyRadiomics Wavelet image type").single() ? FilterPrecision::Single
                                                                         : FilterPrecision::Double;
}

void checkSettings(const FilterGrid& grid, const std::vector<double>& image, int level,
                   int startLevel, int force2Ddimension) {
    if (level < 1)
        throw Error("PyRadiomics setting level (Wavelet) must be at least 1, got " +
                    std::to_string(level));
    if (startLevel < 0)
        throw Error("PyRadiomics setting start_level (Wavelet) must be at least 0, got " +
                    std::to_string(startLevel));
    if (force2Ddimension < 0 || force2Ddimension > 2)
        throw Error("PyRadiomics setting force2Ddimension must be 0, 1 or 2, got " +
                    std::to_string(force2Ddimension));
    requireOnGrid(grid, image.size(), "PyRadiomics Wavelet image type: the image");
}

/// The transformed image axes in pywt's order: numpy axes (Nd − 1, …, 0) =
/// image axes (0, …, Nd − 1) of an Nd-axis image, less numpy axis
/// force2Ddimension (= image axis Nd − 1 − it) with force2D.
std::vector<int> transformedAxes(int dimension, bool force2D, int force2Ddimension) {
    if (force2D && force2Ddimension >= dimension)
        // getWaveletImage's axes.remove() raises ValueError here.
        throw Error("PyRadiomics setting force2Ddimension " + std::to_string(force2Ddimension) +
                    " is not an axis of a " + std::to_string(dimension) + "D image (Wavelet)");
    std::vector<int> axes;
    for (int axis = 0; axis < dimension; ++axis)
        if (!force2D || axis != dimension - 1 - force2Ddimension)
            axes.push_back(axis);
    return axes;
}

template <typename T> FilterPair<T> filtersFor(const std::string& wavelet) {
    const FilterPrecision precision =
        std::is_same_v<T, float> ? FilterPrecision::Single : FilterPrecision::Double;
    const auto filters = decompositionFilters(wavelet, precision);
    if (!filters)
        throw Error("PyRadiomics setting wavelet: unknown wavelet '" + wavelet +
                    "'; known: " + knownWaveletFamilies());
    FilterPair<T> pair;
    for (double tap : filters->lowPass)
        pair.lowPass.push_back(static_cast<T>(tap));
    for (double tap : filters->highPass)
        pair.highPass.push_back(static_cast<T>(tap));
    return pair;
}

/// numpy.pad(x, (0, n mod 2) per axis, 'wrap'): every odd axis gains one
/// voxel at its end, x'[n] = x[0].
template <typename T>
Samples<T> paddedToEven(const FilterGrid& grid, const std::vector<double>& x) {
    Samples<T> padded;
    Size original{};
    for (int a = 0; a < 3; ++a) {
        original[a] = static_cast<std::size_t>(grid.size[a]);
        padded.size[a] = original[a] + original[a] % 2;
    }
    padded.values.reserve(padded.size[0] * padded.size[1] * padded.size[2]);
    for (std::size_t k = 0; k < padded.size[2]; ++k)
        for (std::size_t j = 0; j < padded.size[1]; ++j)
            for (std::size_t i = 0; i < padded.size[0]; ++i) {
                const std::size_t v = i % original[0] + original[0] * (j % original[1]) +
                                      original[0] * original[1] * (k % original[2]);
                padded.values.push_back(static_cast<T>(x[v]));
            }
    return padded;
}

/// The padded samples cut back to the grid (PyRadiomics' decTemp[:-1] on odd
/// axes), as doubles.
template <typename T>
std::vector<double> croppedToGrid(const Samples<T>& samples, const FilterGrid& grid) {
    const Size kept = {static_cast<std::size_t>(grid.size[0]),
                       static_cast<std::size_t>(grid.size[1]),
                       static_cast<std::size_t>(grid.size[2])};
    std::vector<double> out;
    out.reserve(grid.voxelCount());
    for (std::size_t k = 0; k < kept[2]; ++k)
        for (std::size_t j = 0; j < kept[1]; ++j)
            for (std::size_t i = 0; i < kept[0]; ++i)
                out.push_back(static_cast<double>(
                    samples.values[i + samples.stride(1) * j + samples.stride(2) * k]));
    return out;
}

/// pywt's undecimated periodic convolution of one line (level 1, so the
/// filter is not dilated): y[o] = Σ_j f[j] x[(o + F/2 − j) mod N], with
/// `periodic`[p] = x[(p − F) mod N] so that x[(i − j) mod N] = periodic[i + F − j].
/// The sum runs in pywt's order: for an o whose window passes the line's end
/// (i = o + F/2 ≥ N), taps i − N down to 0 first, then the rest upwards;
/// otherwise taps 0 to F − 1.
template <typename T>
void convolvePeriodic(const std::vector<T>& periodic, std::size_t n, const std::vector<T>& f,
                      T* y) {
    const std::size_t taps = f.size();
    for (std::size_t o = 0; o < n; ++o) {
        const std::size_t i = o + taps / 2;
        const T* window = periodic.data() + i + taps; // *(window − j) = x[(i − j) mod N]
        T sum = 0;
        std::size_t first = 0;
        if (i >= n) {
            first = i - n + 1;
            for (std::size_t j = first; j-- > 0;)
                sum += f[j] * *(window - j);
        }
        for (std::size_t j = first; j < taps; ++j)
            sum += f[j] * *(window - j);
        y[o] = sum;
    }
}

/// pywt's swt_axis at level 1: every line along `axis` convolved with `f`.
template <typename T>
Samples<T> filteredAlong(const Samples<T>& in, int axis, const std::vector<T>& f) {
    Samples<T> out{in.size, std::vector<T>(in.values.size())};
    const int u = (axis + 1) % 3, w = (axis + 2) % 3;
    const std::size_t n = in.size[axis], step = in.stride(axis), taps = f.size();
    const std::size_t shift = n * (taps / n + 1) - taps; // (p − F) mod N = (p + shift) mod N
    std::vector<T> periodic(n + taps + taps / 2), result(n);
    for (std::size_t a = 0; a < in.size[u]; ++a)
        for (std::size_t b = 0; b < in.size[w]; ++b) {
            const std::size_t base = a * in.stride(u) + b * in.stride(w);
            for (std::size_t p = 0; p < periodic.size(); ++p)
                periodic[p] = in.values[base + ((p + shift) % n) * step];
            convolvePeriodic(periodic, n, f, result.data());
            for (std::size_t m = 0; m < n; ++m)
                out.values[base + m * step] = result[m];
        }
    return out;
}

/// pywt.swtn(data, wavelet, level=1, start_level=0, axes)[0], one sub-band at a
/// time: each axis in turn splits a sub-band into key+'a' (low-pass) and key+'d'
/// (high-pass). Depth first, 'a' before 'd', gives pywt's order (its breadth-first
/// splits end in the same lexicographic order) while holding one sub-band per
/// axis instead of all 2^axes; `emit` gets every detail sub-band, and the
/// all-'a' approximation is returned.
template <typename T>
Samples<T> swtnLevel(Samples<T> data, const std::vector<int>& axes, const FilterPair<T>& filters,
                     const std::function<void(const std::string&, Samples<T>&&)>& emit,
                     const std::string& key = "") {
    if (key.size() == axes.size()) {
        if (key.find('d') == std::string::npos)
            return data; // the approximation
        emit(key, std::move(data));
        return {};
    }
    const int axis = axes[key.size()];
    Samples<T> approximation =
        swtnLevel(filteredAlong(data, axis, filters.lowPass), axes, filters, emit, key + 'a');
    Samples<T> detail = filteredAlong(data, axis, filters.highPass);
    data = Samples<T>{}; // this sub-band is split: free it before going on
    swtnLevel(std::move(detail), axes, filters, emit, key + 'd'); // details only
    return approximation;
}

/// The all-'a' sub-band of swtnLevel alone (low-pass along every axis).
template <typename T>
Samples<T> approximation(Samples<T> data, const std::vector<int>& axes,
                         const FilterPair<T>& filters) {
    for (int axis : axes)
        data = filteredAlong(data, axis, filters.lowPass);
    return data;
}

/// PyRadiomics' name: 'a' → L, 'd' → H; the level number from the second
/// kept level on.
std::string imageName(const std::string& key, int keptLevel) {
    std::string letters;
    for (char c : key)
        letters += c == 'a' ? 'L' : 'H';
    return (keptLevel == 1 ? std::string("wavelet") : "wavelet" + std::to_string(keptLevel)) + "-" +
           letters;
}

/// PyRadiomics' _swt3: pad, skip `startLevel` levels, keep `level` levels'
/// details, then the last approximation; each cropped back to the grid and handed
/// to `sink` as soon as it is made. Every level re-applies pywt.swtn at level 1 to
/// the previous approximation, so — unlike a textbook SWT — the filters are never
/// dilated (à trous) at levels ≥ 2; PyRadiomics does this and so do we.
template <typename T>
void decompose(const FilterGrid& grid, const std::vector<double>& image,
               const FilterPair<T>& filters, int level, int startLevel,
               const std::vector<int>& axes, const DerivedImageSink& sink) {
    Samples<T> data = paddedToEven<T>(grid, image);
    for (int skipped = 0; skipped < startLevel; ++skipped)
        data = approximation(std::move(data), axes, filters);
    for (int kept = 1; kept <= level; ++kept)
        data = swtnLevel<T>(std::move(data), axes, filters,
                            [&](const std::string& key, Samples<T>&& band) {
                                sink({imageName(key, kept), croppedToGrid(band, grid)});
                            });
    sink({imageName(std::string(axes.size(), 'a'), level), croppedToGrid(data, grid)});
}

/// A wavelet's family: its name up to the first digit ("db", "bior", "haar").
std::string familyOf(const std::string& name) {
    std::string family;
    for (char c : name) {
        if (std::isdigit(static_cast<unsigned char>(c)))
            break;
        family += c;
    }
    return family;
}

} // namespace

const std::vector<std::string>& knownWavelets() {
    return discreteWavelets();
}

std::string knownWaveletFamilies() {
    std::vector<std::pair<std::string, std::string>> ranges; // first and last member
    std::vector<std::string> families;
    for (const std::string& name : knownWavelets()) {
        const std::string family = familyOf(name);
        if (families.empty() || families.back() != family) {
            families.push_back(family);
            ranges.emplace_back(name, name);
        } else {
            ranges.back().second = name;
        }
    }
    std::string text;
    for (const auto& [first, last] : ranges)
        text += (text.empty() ? "" : ", ") + (first == last ? first : first + ".." + last);
    return text;
}

void forEachWaveletImage(const FilterGrid& grid, const std::vector<double>& image,
                         const std::string& scalar, const std::string& wavelet, int level,
                         int startLevel, bool force2D, int force2Ddimension,
                         const DerivedImageSink& sink) {
    checkSettings(grid, image, level, startLevel, force2Ddimension);
    if ((grid.dimension != 2 && grid.dimension != 3) || (grid.dimension == 2 && grid.size[2] != 1))
        throw Error("PyRadiomics Wavelet image type: a " + std::to_string(grid.dimension) +
                    "D grid of " + std::to_string(grid.size[2]) + " slices");
    const std::vector<int> axes = transformedAxes(grid.dimension, force2D, force2Ddimension);
    if (precisionOf(scalar) == FilterPrecision::Single)
        decompose(grid, image, filtersFor<float>(wavelet), level, startLevel, axes, sink);
    else
        decompose(grid, image, filtersFor<double>(wavelet), level, startLevel, axes, sink);
}

std::vector<DerivedImage> waveletImages(const FilterGrid& grid, const std::vector<double>& image,
                                        const std::string& scalar, const std::string& wavelet,
                                        int level, int startLevel, bool force2D,
                                        int force2Ddimension) {
    std::vector<DerivedImage> images;
    forEachWaveletImage(grid, image, scalar, wavelet, level, startLevel, force2D, force2Ddimension,
                        [&images](DerivedImage&& d) { images.push_back(std::move(d)); });
    return images;
}

} // namespace rgw::radiomics::pyradiomics
