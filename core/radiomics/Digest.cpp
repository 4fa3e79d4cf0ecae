// SHA-1 and SHA-256 (FIPS 180-4) by OpenSSL's libcrypto: one digest path for
// the parameter-set provenance hash (Sha256.h) and the SimpleITK image hashes
// of PyRadiomics' diagnostics (Sha1.h).
#include "radiomics/Sha1.h"
#include "radiomics/Sha256.h"
#include "util/Error.h"

#include <openssl/evp.h>

namespace rgw::radiomics {
namespace {

/// `data`'s digest by `md`, as lower-case hex digits.
std::string digestHex(const EVP_MD* md, const char* name, std::string_view data) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_Digest(data.data(), data.size(), digest, &length, md, nullptr) != 1)
        throw Error(std::string(name) + ": OpenSSL's EVP_Digest failed");
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(2 * length);
    for (unsigned int i = 0; i < length; ++i) {
        out += kHex[digest[i] >> 4];
        out += kHex[digest[i] & 0xf];
    }
    return out;
}

} // namespace

std::string sha1Hex(std::string_view data) {
    return digestHex(EVP_sha1(), "SHA-1", data);
}

std::string sha256Hex(std::string_view data) {
    return digestHex(EVP_sha256(), "SHA-256", data);
}

} // namespace rgw::radiomics
