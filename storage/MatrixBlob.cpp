#include "MatrixBlob.h"

#include "radiomics/Sha256.h"
#include "util/Error.h"

#include <bit>
#include <cmath>
#include <cstring>

namespace rgw::storage {

namespace {

constexpr std::uint32_t kQuietNan = 0x7FC00000u;
constexpr std::size_t kChunk = std::size_t{1} << 20;

/// Used on big-endian hosts only (the branches below are discarded elsewhere).
[[maybe_unused]] std::uint32_t byteSwapped(std::uint32_t v) {
    return (v >> 24) | ((v >> 8) & 0xFF00u) | ((v << 8) & 0xFF0000u) | (v << 24);
}

} // namespace

void encodeFloat32(std::span<const float> values, std::vector<std::uint8_t>& blob) {
    blob.resize(values.size() * 4);
    std::uint8_t* out = blob.data();
    for (const float value : values) {
        std::uint32_t bits = std::isnan(value) ? kQuietNan : std::bit_cast<std::uint32_t>(value);
        if constexpr (std::endian::native == std::endian::big)
            bits = byteSwapped(bits);
        std::memcpy(out, &bits, 4);
        out += 4;
    }
}

std::vector<float> decodeFloat32(const std::vector<std::uint8_t>& blob,
                                 std::int64_t expectedCount) {
    if (blob.size() % 4 != 0 ||
        (expectedCount >= 0 && blob.size() != static_cast<std::size_t>(expectedCount) * 4))
        throw Error("matrix row of " + std::to_string(blob.size()) + " bytes" +
                    (expectedCount >= 0 ? " for " + std::to_string(expectedCount) + " samples"
                                        : std::string()) +
                    " is not float32 data");
    std::vector<float> values(blob.size() / 4);
    if constexpr (std::endian::native == std::endian::little) {
        if (!values.empty())
            std::memcpy(values.data(), blob.data(), blob.size());
    } else {
        for (std::size_t i = 0; i < values.size(); ++i) {
            std::uint32_t bits;
            std::memcpy(&bits, blob.data() + 4 * i, 4);
            values[i] = std::bit_cast<float>(byteSwapped(bits));
        }
    }
    return values;
}

ContentHash& ContentHash::add(std::string_view text) {
    add(static_cast<std::int64_t>(text.size()));
    pending_.append(text);
    flushIfFull();
    return *this;
}

ContentHash& ContentHash::add(std::int64_t number) {
    // Decimal text with a terminator: the same on every host.
    pending_ += std::to_string(number);
    pending_ += ';';
    return *this;
}

ContentHash& ContentHash::add(double number) {
    if (std::isnan(number))
        return add(std::string_view("nan"));
    std::uint64_t bits = std::bit_cast<std::uint64_t>(number);
    return add(static_cast<std::int64_t>(bits));
}

ContentHash& ContentHash::addBytes(std::span<const std::uint8_t> bytes) {
    add(static_cast<std::int64_t>(bytes.size()));
    pending_.append(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    flushIfFull();
    return *this;
}

void ContentHash::flushIfFull() {
    if (pending_.size() < kChunk)
        return;
    chunkHashes_ += radiomics::sha256Hex(pending_);
    pending_.clear();
}

std::string ContentHash::finish() {
    if (chunkHashes_.empty())
        return radiomics::sha256Hex(pending_);
    chunkHashes_ += radiomics::sha256Hex(pending_);
    pending_.clear();
    return radiomics::sha256Hex(chunkHashes_);
}

} // namespace rgw::storage
