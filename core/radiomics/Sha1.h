#pragma once

#include <string>
#include <string_view>

namespace rgw::radiomics {

/// SHA-1 (FIPS 180-4) of `data`, as 40 lower-case hex digits, by OpenSSL's
/// libcrypto (already linked through DCMTK). Used where another program's
/// SHA-1 must be reproduced (SimpleITK's image hash in PyRadiomics'
/// diagnostics), not for security.
std::string sha1Hex(std::string_view data);

} // namespace rgw::radiomics
