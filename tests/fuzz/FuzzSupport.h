#pragma once

// Shared by every fuzz target (tests/fuzz/fuzz_*.cpp): the once-per-process
// set-up (memory budget, scratch folder) and the helpers that turn fuzzed
// bytes into what the readers take (a file, small numbers, a small grid).
// Each target is built twice: as a libFuzzer executable (Clang,
// -DRGW_BUILD_FUZZERS=ON) and linked with ReplayMain.cpp as a CTest test that
// replays the seed corpus and the committed regression inputs (GCC builds).

#include "image/Geometry.h"

#include <cstddef>
#include <cstdint>
#include <exception>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace rgw::fuzz {

/// The memory budget every target runs under: readers must refuse what
/// exceeds it (rgw::Error) instead of allocating, so a run stays under the
/// 2 GB RSS limit.
constexpr std::uint64_t kBudgetBytes = 1ull << 30;

/// Sets the budget and creates the scratch folder, once per process.
void initialise();

/// A per-process scratch folder (under /dev/shm when it exists, else the
/// temporary folder), removed at exit.
const std::filesystem::path& scratchDir();

/// Writes `size` bytes to scratchDir()/name (replacing it) and returns the path.
std::filesystem::path writeScratch(const std::string& name, const std::uint8_t* data,
                                   std::size_t size);

/// Splits `data` at every occurrence of kFileSeparator: one input holds the
/// bytes of several files (a series of slices).
constexpr std::string_view kFileSeparator = "\n--rgw-fuzz-next-file--\n";
std::vector<std::string_view> splitFiles(const std::uint8_t* data, std::size_t size);

/// Reads small values from the front of the fuzzed bytes; zeros once the
/// bytes run out, so every input gives some value.
class ByteReader {
public:
    ByteReader(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}
    std::uint8_t byte() { return pos_ < size_ ? data_[pos_++] : 0; }
    std::uint16_t u16() { return static_cast<std::uint16_t>(byte() | (byte() << 8)); }
    std::uint32_t u32() { return static_cast<std::uint32_t>(u16()) | (std::uint32_t{u16()} << 16); }
    float f32();
    bool bit(); ///< bits taken from successive bytes, lowest first
    /// The bytes not consumed yet.
    std::string_view rest() const {
        return pos_ < size_
                   ? std::string_view(reinterpret_cast<const char*>(data_ + pos_), size_ - pos_)
                   : std::string_view{};
    }
    void skip(std::size_t n) { pos_ = n > size_ - pos_ ? size_ : pos_ + n; }

private:
    const std::uint8_t* data_;
    std::size_t size_;
    std::size_t pos_ = 0;
    std::uint8_t bits_ = 0;
    int bitsLeft_ = 0;
};

/// A small grid (each size 1..maxSize) whose spacing and direction come from a
/// few fixed choices (axial, anisotropic, oblique), chosen by the bytes.
Geometry smallGrid(ByteReader& in, int maxSize, bool allowOblique);

/// Called with the message of every rgw::Error a target catches (a clean
/// refusal of bad input): printed to stderr when RGW_FUZZ_VERBOSE is set, to
/// see what the replayed inputs end in; otherwise nothing.
void refused(const std::exception& error);

/// Aborts with `what` on stderr: a target found a wrong result (not a crash).
[[noreturn]] void fail(const std::string& what);

} // namespace rgw::fuzz
