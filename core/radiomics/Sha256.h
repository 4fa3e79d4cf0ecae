#pragma once

#include <string>
#include <string_view>

namespace rgw::radiomics {

/// SHA-256 (FIPS 180-4) of `data`, as 64 lower-case hex digits. Used for the
/// provenance hash of parameter sets; small enough not to need a crypto library.
std::string sha256Hex(std::string_view data);

} // namespace rgw::radiomics
