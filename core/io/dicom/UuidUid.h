#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace rgw::dicom {

/// The UUID-derived UID of PS3.5 B.2: "2.25." followed by the decimal value
/// of a 128-bit UUID. `bytes` are the UUID's 16 bytes, most significant
/// first; its version nibble is set to `version` (4 bits: 5 name-based, 8
/// custom) and its variant to RFC 9562's 10 before the conversion.
std::string uuidDerivedUid(std::array<std::uint8_t, 16> bytes, unsigned version);

/// uuidDerivedUid of the 128-bit value of 32 hexadecimal digits (e.g. the
/// start of a SHA-256). Throws rgw::Error when `hex32` is not 32 hex digits.
std::string uuidDerivedUidOfHex(std::string_view hex32, unsigned version);

} // namespace rgw::dicom
