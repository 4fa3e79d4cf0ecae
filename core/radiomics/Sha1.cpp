#include "radiomics/Sha1.h"

#include "util/Error.h"

#include <openssl/evp.h>

namespace rgw::radiomics {

std::string sha1Hex(std::string_view data) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_Digest(data.data(), data.size(), digest, &length, EVP_sha1(), nullptr) != 1)
        throw Error("SHA-1: OpenSSL's EVP_Digest failed");
    static const char* const kHex = "0123456789abcdef";
    std::string out;
    out.reserve(2 * length);
    for (unsigned int i = 0; i < length; ++i) {
        out += kHex[digest[i] >> 4];
        out += kHex[digest[i] & 0xf];
    }
    return out;
}

} // namespace rgw::radiomics
