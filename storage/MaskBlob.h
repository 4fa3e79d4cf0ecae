#pragma once

#include "image/Image.h"

#include <cstdint>
#include <vector>

namespace rgw::storage {

/// Serialises a Mask with its geometry for the segmentations.mask column:
/// a little-endian header (magic "RGWM", format version, size, origin,
/// spacing, direction) followed by the zlib-compressed voxels.
std::vector<std::uint8_t> encodeMask(const Mask& mask);

/// Inverse of encodeMask. Throws rgw::Error on a malformed blob.
Mask decodeMask(const std::vector<std::uint8_t>& blob);

} // namespace rgw::storage
