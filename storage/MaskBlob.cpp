#include "MaskBlob.h"

#include "util/Error.h"

#include <bit>
#include <cstring>
#include <string>
#include <zlib.h>

namespace rgw::storage {

namespace {

constexpr std::uint8_t kMagic[4] = {'R', 'G', 'W', 'M'};
constexpr std::uint32_t kFormatVersion = 1;
// magic, version, 3 x int64 size, 15 doubles (origin, spacing, direction column-major)
constexpr std::size_t kHeaderBytes = 4 + 4 + 3 * 8 + 15 * 8;

void putU64(std::vector<std::uint8_t>& out, std::uint64_t v) {
    for (int b = 0; b < 8; ++b)
        out.push_back(static_cast<std::uint8_t>(v >> (8 * b)));
}

std::uint64_t getU64(const std::uint8_t* p) {
    std::uint64_t v = 0;
    for (int b = 0; b < 8; ++b)
        v |= static_cast<std::uint64_t>(p[b]) << (8 * b);
    return v;
}

void putDouble(std::vector<std::uint8_t>& out, double v) {
    putU64(out, std::bit_cast<std::uint64_t>(v));
}
double getDouble(const std::uint8_t* p) {
    return std::bit_cast<double>(getU64(p));
}

} // namespace

std::vector<std::uint8_t> encodeMask(const Mask& mask) {
    const Geometry& g = mask.geometry;
    if (mask.voxels.size() != g.voxelCount())
        throw Error("cannot store a mask whose voxel count (" + std::to_string(mask.voxels.size()) +
                    ") does not match its geometry (" + std::to_string(g.voxelCount()) + ")");
    std::vector<std::uint8_t> out(kMagic, kMagic + 4);
    for (int b = 0; b < 4; ++b)
        out.push_back(static_cast<std::uint8_t>(kFormatVersion >> (8 * b)));
    for (auto n : g.size)
        putU64(out, static_cast<std::uint64_t>(n));
    for (int i = 0; i < 3; ++i)
        putDouble(out, g.origin[i]);
    for (int i = 0; i < 3; ++i)
        putDouble(out, g.spacing[i]);
    for (int c = 0; c < 3; ++c)
        for (int r = 0; r < 3; ++r)
            putDouble(out, g.direction(r, c));

    // Masks are mostly runs of 0 and 1: zlib shrinks them by orders of magnitude.
    uLongf bound = compressBound(static_cast<uLong>(mask.voxels.size()));
    out.resize(kHeaderBytes + bound);
    if (compress2(out.data() + kHeaderBytes, &bound, mask.voxels.data(),
                  static_cast<uLong>(mask.voxels.size()), Z_BEST_SPEED) != Z_OK)
        throw Error("cannot compress a mask of " + std::to_string(mask.voxels.size()) + " voxels");
    out.resize(kHeaderBytes + bound);
    return out;
}

Mask decodeMask(const std::vector<std::uint8_t>& blob) {
    if (blob.size() < kHeaderBytes || std::memcmp(blob.data(), kMagic, 4) != 0)
        throw Error("stored mask is not in the RGWM format (" + std::to_string(blob.size()) +
                    " bytes)");
    const std::uint8_t* p = blob.data() + 4;
    const std::uint32_t version = static_cast<std::uint32_t>(p[0]) | (p[1] << 8) | (p[2] << 16) |
                                  (static_cast<std::uint32_t>(p[3]) << 24);
    if (version != kFormatVersion)
        throw Error("stored mask has format version " + std::to_string(version) +
                    ", this program reads version " + std::to_string(kFormatVersion));
    p += 4;
    Geometry g;
    for (auto& n : g.size) {
        n = static_cast<std::int64_t>(getU64(p));
        p += 8;
        if (n < 0 || n > (1 << 20))
            throw Error("stored mask has an invalid size " + std::to_string(n));
    }
    for (int i = 0; i < 3; ++i, p += 8)
        g.origin[i] = getDouble(p);
    for (int i = 0; i < 3; ++i, p += 8)
        g.spacing[i] = getDouble(p);
    for (int c = 0; c < 3; ++c)
        for (int r = 0; r < 3; ++r, p += 8)
            g.direction(r, c) = getDouble(p);

    Mask mask(g);
    uLongf length = static_cast<uLongf>(mask.voxels.size());
    const int rc = uncompress(mask.voxels.data(), &length, blob.data() + kHeaderBytes,
                              static_cast<uLong>(blob.size() - kHeaderBytes));
    if (rc != Z_OK || length != mask.voxels.size())
        throw Error("stored mask is corrupt: expected " + std::to_string(mask.voxels.size()) +
                    " voxels after decompression");
    return mask;
}

} // namespace rgw::storage
