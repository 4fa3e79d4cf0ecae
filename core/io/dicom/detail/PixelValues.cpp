#include "io/dicom/detail/PixelValues.h"

#include "image/VoxelChecks.h"

#include <cmath>
#include <cstring>
#include <limits>
#include <utility>

namespace rgw::dicom::detail {
namespace {

/// The smallest and largest stored value of `f` (after masking and sign extension).
std::pair<std::int64_t, std::int64_t> storedRange(const PixelFormat& f) {
    if (f.isSigned)
        return {-(std::int64_t{1} << (f.bitsStored - 1)),
                (std::int64_t{1} << (f.bitsStored - 1)) - 1};
    return {0, (std::int64_t{1} << f.bitsStored) - 1};
}

template <class Word, bool kMayOverflow>
void convert(const std::uint8_t* data, std::size_t count, const PixelFormat& f, double slope,
             double intercept, double factor, float* out) {
    // Bits outside Bits Stored may hold anything (e.g. old overlay planes).
    const int shift = f.highBit + 1 - f.bitsStored;
    const std::uint64_t mask = (std::uint64_t{1} << f.bitsStored) - 1;
    const std::int64_t signBit = std::int64_t{1} << (f.bitsStored - 1);
    const double a = slope * factor;
    const double b = intercept * factor;
    for (std::size_t i = 0; i < count; ++i) {
        Word w;
        std::memcpy(&w, data + i * sizeof(Word), sizeof(Word));
        std::int64_t v = static_cast<std::int64_t>((static_cast<std::uint64_t>(w) >> shift) & mask);
        if (f.isSigned && (v & signBit))
            v -= std::int64_t{1} << f.bitsStored;
        // Beyond the float range: ±inf, refused later with the file named.
        if constexpr (kMayOverflow)
            out[i] = narrowToFloat(static_cast<double>(v) * a + b);
        else
            out[i] = static_cast<float>(static_cast<double>(v) * a + b);
    }
}

template <class Word, bool kMayOverflow>
void convertRegion(const std::uint8_t* frame, const FrameRegion& r, const PixelFormat& f,
                   double slope, double intercept, double factor, float* out) {
    for (std::size_t row = 0; row < r.rowCount; ++row, out += r.columnCount) {
        const std::size_t firstCell = (r.firstRow + row) * r.frameColumns + r.firstColumn;
        convert<Word, kMayOverflow>(frame + firstCell * sizeof(Word), r.columnCount, f, slope,
                                    intercept, factor, out);
    }
}

template <class Word>
void convertWords(const std::uint8_t* frame, const FrameRegion& region, const PixelFormat& f,
                  double slope, double intercept, double factor, float* out) {
    if (alwaysFinite(f, slope, intercept, factor))
        convertRegion<Word, false>(frame, region, f, slope, intercept, factor, out);
    else
        convertRegion<Word, true>(frame, region, f, slope, intercept, factor, out);
}

} // namespace

bool alwaysFinite(const PixelFormat& format, double slope, double intercept, double factor) {
    constexpr double kMax = std::numeric_limits<float>::max();
    const double a = slope * factor;
    const double b = intercept * factor;
    const auto [low, high] = storedRange(format);
    const double atLow = static_cast<double>(low) * a + b;
    const double atHigh = static_cast<double>(high) * a + b;
    return std::abs(atLow) <= kMax && std::abs(atHigh) <= kMax; // false for NaN
}

void toValues(const std::uint8_t* frame, const FrameRegion& region, const PixelFormat& format,
              double slope, double intercept, double factor, float* out) {
    switch (format.bitsAllocated) {
    case 8:
        convertWords<std::uint8_t>(frame, region, format, slope, intercept, factor, out);
        break;
    case 16:
        convertWords<std::uint16_t>(frame, region, format, slope, intercept, factor, out);
        break;
    default:
        convertWords<std::uint32_t>(frame, region, format, slope, intercept, factor, out);
        break;
    }
}

} // namespace rgw::dicom::detail
