#include "demo/DemoUid.h"

#include "demo/DemoRandom.h"
#include "io/dicom/UuidUid.h"

#include <array>
#include <cstdint>

namespace rgw::demo {

std::string derivedUid(std::string_view key) {
    // Two independent 64-bit hashes, each finished by a SplitMix64 round.
    const std::uint64_t hi = DemoRng(hashKey(key)).next();
    const std::uint64_t lo = DemoRng(hashKey(key, 0x84222325CBF29CE4ull) ^ hi).next();

    // The 128-bit value, most significant byte first, as an RFC 9562
    // version-8 (custom) UUID.
    std::array<std::uint8_t, 16> bytes{};
    for (int i = 0; i < 8; ++i) {
        bytes[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(hi >> (56 - 8 * i));
        bytes[static_cast<std::size_t>(8 + i)] = static_cast<std::uint8_t>(lo >> (56 - 8 * i));
    }
    return dicom::uuidDerivedUid(bytes, 8);
}

} // namespace rgw::demo
