#include "demo/DemoUid.h"

#include "demo/DemoRandom.h"

#include <algorithm>
#include <array>
#include <cstdint>

namespace rgw::demo {

std::string derivedUid(std::string_view key) {
    // Two independent 64-bit hashes, each finished by a SplitMix64 round.
    const std::uint64_t hi = DemoRng(hashKey(key)).next();
    const std::uint64_t lo = DemoRng(hashKey(key, 0x84222325CBF29CE4ull) ^ hi).next();

    // 128-bit value as four 32-bit limbs (most significant first). Mark it as
    // an RFC 9562 version-8 (custom) UUID, variant 10.
    std::array<std::uint32_t, 4> limbs{
        static_cast<std::uint32_t>(hi >> 32), static_cast<std::uint32_t>(hi),
        static_cast<std::uint32_t>(lo >> 32), static_cast<std::uint32_t>(lo)};
    limbs[1] = (limbs[1] & 0xFFFF0FFFu) | 0x00008000u;
    limbs[2] = (limbs[2] & 0x3FFFFFFFu) | 0x80000000u;

    // Decimal digits by repeated division by 10 (no 128-bit integer type needed).
    std::string digits;
    while (std::any_of(limbs.begin(), limbs.end(), [](std::uint32_t v) { return v != 0; })) {
        std::uint64_t remainder = 0;
        for (auto& limb : limbs) {
            const std::uint64_t current = (remainder << 32) | limb;
            limb = static_cast<std::uint32_t>(current / 10);
            remainder = current % 10;
        }
        digits.push_back(static_cast<char>('0' + remainder));
    }
    std::reverse(digits.begin(), digits.end());
    return "2.25." + digits;
}

} // namespace rgw::demo
