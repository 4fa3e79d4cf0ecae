#include "io/dicom/UuidUid.h"

#include "util/Error.h"

#include <algorithm>

namespace rgw::dicom {

std::string uuidDerivedUid(std::array<std::uint8_t, 16> bytes, unsigned version) {
    bytes[6] = static_cast<std::uint8_t>((bytes[6] & 0x0Fu) | ((version & 0x0Fu) << 4));
    bytes[8] = static_cast<std::uint8_t>((bytes[8] & 0x3Fu) | 0x80u);
    // Decimal digits by repeated division by 10 (no 128-bit integer type needed).
    std::string digits;
    while (std::any_of(bytes.begin(), bytes.end(), [](std::uint8_t b) { return b != 0; })) {
        unsigned remainder = 0;
        for (std::uint8_t& b : bytes) {
            const unsigned value = remainder * 256 + b;
            b = static_cast<std::uint8_t>(value / 10);
            remainder = value % 10;
        }
        digits.push_back(static_cast<char>('0' + remainder));
    }
    std::reverse(digits.begin(), digits.end());
    return "2.25." + digits;
}

std::string uuidDerivedUidOfHex(std::string_view hex32, unsigned version) {
    const auto nibble = [&](char c) -> unsigned {
        if (c >= '0' && c <= '9')
            return static_cast<unsigned>(c - '0');
        if (c >= 'a' && c <= 'f')
            return static_cast<unsigned>(c - 'a' + 10);
        if (c >= 'A' && c <= 'F')
            return static_cast<unsigned>(c - 'A' + 10);
        throw Error("UUID-derived UID: '" + std::string(hex32) + "' is not 32 hex digits");
    };
    if (hex32.size() != 32)
        throw Error("UUID-derived UID: '" + std::string(hex32) + "' is not 32 hex digits");
    std::array<std::uint8_t, 16> bytes{};
    for (std::size_t i = 0; i < bytes.size(); ++i)
        bytes[i] = static_cast<std::uint8_t>(nibble(hex32[2 * i]) << 4 | nibble(hex32[2 * i + 1]));
    return uuidDerivedUid(bytes, version);
}

} // namespace rgw::dicom
