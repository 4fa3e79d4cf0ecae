#pragma once

// The byte layout of fuzz_extract's input, shared with the seed generator
// (which encodes, fuzz_extract decodes): a tiny image + mask + parameter text.

#include "FuzzSupport.h"
#include "image/Image.h"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace rgw::fuzz {

struct ExtractInput {
    Volume image;
    Mask mask;
    std::string parameterText;
};

constexpr int kExtractMaxSize = 6; ///< voxels per axis

/// grid (4 bytes: smallGrid), flags (bit 0: float32 voxels, else int16 little
/// endian), the voxels (i fastest), one mask bit per voxel (lowest bit first),
/// the rest = parameter text.
inline ExtractInput decodeExtractInput(const std::uint8_t* data, std::size_t size) {
    ByteReader in(data, size);
    ExtractInput out;
    const Geometry g = smallGrid(in, kExtractMaxSize, true);
    const bool floats = (in.byte() & 1u) != 0;
    out.image = Volume(g, 0.0f);
    for (auto& v : out.image.voxels)
        v = floats ? in.f32() : static_cast<float>(static_cast<std::int16_t>(in.u16()));
    out.mask = Mask(g, 0);
    for (auto& m : out.mask.voxels)
        m = in.bit() ? 1 : 0;
    out.parameterText = std::string(in.rest());
    return out;
}

/// The inverse, for seeds: sizes must be 1..kExtractMaxSize; `gridChoice` is
/// smallGrid's choice byte.
inline std::string encodeExtractInput(const std::array<int, 3>& size, std::uint8_t gridChoice,
                                      const std::vector<std::int16_t>& voxels,
                                      const std::vector<std::uint8_t>& mask,
                                      const std::string& parameterText) {
    std::string out;
    for (const int s : size)
        out.push_back(static_cast<char>(s - 1));
    out.push_back(static_cast<char>(gridChoice));
    out.push_back(0); // int16 voxels
    for (const std::int16_t v : voxels) {
        const auto u = static_cast<std::uint16_t>(v);
        out.push_back(static_cast<char>(u & 0xff));
        out.push_back(static_cast<char>(u >> 8));
    }
    std::uint8_t bits = 0;
    std::size_t n = 0;
    for (const std::uint8_t m : mask) {
        bits = static_cast<std::uint8_t>(bits | ((m != 0 ? 1u : 0u) << (n % 8)));
        if (++n % 8 == 0) {
            out.push_back(static_cast<char>(bits));
            bits = 0;
        }
    }
    if (n % 8 != 0)
        out.push_back(static_cast<char>(bits));
    return out + parameterText;
}

} // namespace rgw::fuzz
