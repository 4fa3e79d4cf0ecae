#include "io/dicom/detail/PixelValues.h"

#include "image/VoxelChecks.h"

#include <cstring>

namespace rgw::dicom::detail {
namespace {

template <class Word>
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
        out[i] = narrowToFloat(static_cast<double>(v) * a + b);
    }
}

} // namespace

void toValues(const std::uint8_t* data, std::size_t count, const PixelFormat& format, double slope,
              double intercept, double factor, float* out) {
    switch (format.bitsAllocated) {
    case 8:
        convert<std::uint8_t>(data, count, format, slope, intercept, factor, out);
        break;
    case 16:
        convert<std::uint16_t>(data, count, format, slope, intercept, factor, out);
        break;
    default:
        convert<std::uint32_t>(data, count, format, slope, intercept, factor, out);
        break;
    }
}

} // namespace rgw::dicom::detail
