#pragma once

#include <string>
#include <string_view>

namespace rgw::radiomics {

/// SHA-256 (FIPS 180-4) of `data`, as 64 lower-case hex digits, by OpenSSL's
/// libcrypto (radiomics/Digest.cpp). Used for the provenance hash of parameter
/// sets, model files and bundles.
std::string sha256Hex(std::string_view data);

} // namespace rgw::radiomics
