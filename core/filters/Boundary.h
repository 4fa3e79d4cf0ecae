#pragma once

#include <cstdint>
#include <string>

namespace rgw::filters {

/// How a convolution reads voxels beyond the image edge (IBSI-2, "boundary
/// conditions"; the image is a b c d):
enum class Boundary {
    Zero,     ///< constant 0:        0 0 0 0 | a b c d | 0 0 0 0
    Nearest,  ///< edge replicate:    a a a a | a b c d | d d d d
    Periodic, ///< wrap around:       a b c d | a b c d | a b c d
    Mirror,   ///< symmetric reflect: d c b a | a b c d | d c b a
};

const char* toString(Boundary boundary);

/// Parses "zero", "nearest", "periodic" or "mirror" (case-insensitive; the
/// IBSI synonyms "constant", "replicate", "wrap", "symmetric" and "reflect" too).
/// Throws rgw::Error naming the text and the accepted names.
Boundary parseBoundary(const std::string& text);

/// The voxel index read for position `index` on an axis of `size` voxels, or
/// -1 when the boundary supplies the value 0 (Zero, outside the image). Any
/// distance outside is allowed (kernels longer than the image included).
inline std::int64_t boundaryIndex(std::int64_t index, std::int64_t size, Boundary boundary) {
    if (index >= 0 && index < size)
        return index;
    switch (boundary) {
    case Boundary::Zero:
        return -1;
    case Boundary::Nearest:
        return index < 0 ? 0 : size - 1;
    case Boundary::Periodic: {
        const std::int64_t m = index % size;
        return m < 0 ? m + size : m;
    }
    case Boundary::Mirror: {
        // Symmetric reflection has period 2·size: a b c d d c b a | a b c d ...
        const std::int64_t period = 2 * size;
        std::int64_t m = index % period;
        if (m < 0)
            m += period;
        return m < size ? m : period - 1 - m;
    }
    }
    return -1;
}

} // namespace rgw::filters
