#pragma once

// The compact storage of genomic matrices (gene_matrix_rows.vals) and the
// content hash that makes re-importing a profile idempotent.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace rgw::storage {

/// Writes `values` as float32 little-endian into `blob` (resized to 4 bytes
/// per value), on any host. Every NaN becomes the one quiet NaN 0x7FC00000,
/// so equal data give equal bytes.
void encodeFloat32(std::span<const float> values, std::vector<std::uint8_t>& blob);

/// Inverse of encodeFloat32. Throws rgw::Error when the size is not a
/// multiple of 4 or differs from `expectedCount` (when given, i.e. >= 0).
std::vector<float> decodeFloat32(const std::vector<std::uint8_t>& blob,
                                 std::int64_t expectedCount = -1);

/// SHA-256 of a sequence of fields, fed in pieces so a 20 000 x 1 100 matrix
/// needs no second copy: every field is length-prefixed (no two sequences
/// share a serialisation) and each 1 MiB of input is hashed on its own, the
/// final hash being that of the chunk hashes. Equal sequences give equal
/// hex strings; this is a content fingerprint, not a plain SHA-256 of a file.
class ContentHash {
public:
    ContentHash& add(std::string_view text);
    ContentHash& add(std::int64_t number);
    ContentHash& add(double number);
    ContentHash& addBytes(std::span<const std::uint8_t> bytes);
    /// The 64 hex digits of everything added; the object is then spent.
    std::string finish();

private:
    void flushIfFull();
    std::string pending_;
    std::string chunkHashes_;
};

} // namespace rgw::storage
