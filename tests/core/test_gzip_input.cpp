// io::GzipInput (ISA-L's inflate behind NIfTI and NRRD reading): the bytes zlib wrote
// come back exactly, through any read sizes, for plain files, single and
// concatenated gzip members and trailing non-gzip bytes (ignored, as zlib's
// gzread does); corrupt and truncated compressed data are refused naming the
// file; reading can start at an offset (NRRD's data after its header). The
// fixtures are written here with zlib, the reference deflate.
#include "TestData.h"
#include "io/GzipInput.h"
#include "util/Error.h"

#include <cstdint>
#include <fstream>
#include <gtest/gtest.h>
#include <random>
#include <string>
#include <vector>
#include <zlib.h>

namespace {

namespace fs = std::filesystem;
using rgw::io::GzipInput;

std::vector<unsigned char> sample(std::size_t n, unsigned seed) {
    // Compressible but not trivial: runs and noise, as CT slices are.
    std::mt19937 rng(seed);
    std::vector<unsigned char> out(n);
    for (std::size_t i = 0; i < n; ++i)
        out[i] = static_cast<unsigned char>((i / 97) % 7 == 0 ? rng() : (i / 13) & 0xff);
    return out;
}

std::vector<unsigned char> gzipped(const std::vector<unsigned char>& data) {
    z_stream z{};
    EXPECT_EQ(deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK); // gzip
    std::vector<unsigned char> out(deflateBound(&z, static_cast<uLong>(data.size())) + 64);
    z.next_in = const_cast<unsigned char*>(data.data());
    z.avail_in = static_cast<uInt>(data.size());
    z.next_out = out.data();
    z.avail_out = static_cast<uInt>(out.size());
    EXPECT_EQ(deflate(&z, Z_FINISH), Z_STREAM_END);
    out.resize(z.total_out);
    deflateEnd(&z);
    return out;
}

fs::path writeFile(const fs::path& path, const std::vector<unsigned char>& bytes) {
    std::ofstream(path, std::ios::binary)
        .write(reinterpret_cast<const char*>(bytes.data()),
               static_cast<std::streamsize>(bytes.size()));
    return path;
}

/// Everything `input` yields, read `step` bytes at a time.
std::vector<unsigned char> readAll(GzipInput& input, std::size_t step) {
    std::vector<unsigned char> out;
    std::vector<unsigned char> buffer(step);
    for (;;) {
        const std::size_t got = input.read(buffer.data(), step);
        out.insert(out.end(), buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(got));
        if (got < step)
            return out;
    }
}

TEST(GzipInput, ReturnsWhatZlibWroteAtAnyReadSize) {
    rgw::test::TempDir dir;
    const auto data = sample(3'000'001, 1u); // several input buffers
    const fs::path gz = writeFile(dir.path() / "a.gz", gzipped(data));
    const fs::path plain = writeFile(dir.path() / "a.raw", data);
    for (const std::size_t step : {std::size_t{1} << 20, std::size_t{352}, std::size_t{65536}}) {
        GzipInput compressed(gz, "test file");
        EXPECT_TRUE(compressed.compressed());
        EXPECT_EQ(readAll(compressed, step), data) << step;
        GzipInput raw(plain, "test file");
        EXPECT_FALSE(raw.compressed());
        EXPECT_EQ(readAll(raw, step), data) << step;
    }
}

TEST(GzipInput, ReadsConcatenatedMembersAndIgnoresTrailingBytes) {
    rgw::test::TempDir dir;
    const auto first = sample(200'000, 2u), second = sample(150'003, 3u);
    std::vector<unsigned char> bytes = gzipped(first);
    const auto more = gzipped(second);
    bytes.insert(bytes.end(), more.begin(), more.end());
    std::vector<unsigned char> expected = first;
    expected.insert(expected.end(), second.begin(), second.end());
    {
        GzipInput input(writeFile(dir.path() / "two.gz", bytes), "test file");
        EXPECT_EQ(readAll(input, 4096), expected);
    }
    for (const char* tail : {"x", "trailing bytes that are not gzip"}) {
        std::vector<unsigned char> withTail = bytes;
        withTail.insert(withTail.end(), tail, tail + std::string(tail).size());
        GzipInput input(writeFile(dir.path() / "tail.gz", withTail), "test file");
        EXPECT_EQ(readAll(input, 4096), expected) << tail;
    }
}

// From an offset (NRRD's data after its text header): the bytes before it
// are not read, compressed or not; an offset beyond the file reads nothing.
TEST(GzipInput, ReadsFromAnOffset) {
    rgw::test::TempDir dir;
    const auto data = sample(50000, 11);
    const std::string text = "NRRD0004\nencoding: gzip\n\n";
    std::vector<unsigned char> file(text.begin(), text.end());
    const auto gz = gzipped(data);
    file.insert(file.end(), gz.begin(), gz.end());
    GzipInput compressed(writeFile(dir.path() / "h.nrrd", file), "NRRD file", text.size());
    EXPECT_TRUE(compressed.compressed());
    EXPECT_EQ(readAll(compressed, 4096), data);
    std::vector<unsigned char> plainFile(text.begin(), text.end());
    plainFile.insert(plainFile.end(), data.begin(), data.end());
    GzipInput plain(writeFile(dir.path() / "p.nrrd", plainFile), "NRRD file", text.size());
    EXPECT_FALSE(plain.compressed());
    EXPECT_EQ(readAll(plain, 777), data);
    GzipInput beyond(dir.path() / "p.nrrd", "NRRD file", plainFile.size() + 10);
    EXPECT_EQ(readAll(beyond, 100).size(), 0u);
}

TEST(GzipInput, RefusesCorruptAndTruncatedDataNamingTheFile) {
    rgw::test::TempDir dir;
    const auto data = sample(500'000, 4u);
    const auto good = gzipped(data);
    const auto refused = [&](std::vector<unsigned char> bytes, const char* name) {
        const fs::path file = writeFile(dir.path() / name, bytes);
        try {
            GzipInput input(file, "NIfTI file");
            (void)readAll(input, 1 << 16);
        } catch (const rgw::Error& e) {
            return std::string(e.what());
        }
        return std::string();
    };
    auto badCrc = good;
    badCrc[badCrc.size() - 8] ^= 0x01; // CRC-32 in the trailer
    std::string e = refused(badCrc, "crc.nii.gz");
    EXPECT_NE(e.find("NIfTI file " + (dir.path() / "crc.nii.gz").string()), std::string::npos) << e;
    EXPECT_NE(e.find("CRC-32"), std::string::npos) << e;

    auto badSize = good;
    badSize[badSize.size() - 1] ^= 0x01; // ISIZE
    EXPECT_NE(refused(badSize, "size.nii.gz").find("corrupt"), std::string::npos);

    auto badBlock = good;
    badBlock[10] = 0xff; // first deflate block header: BTYPE 11 is reserved
    EXPECT_NE(refused(badBlock, "block.nii.gz").find("corrupt"), std::string::npos);

    auto cut = good;
    cut.resize(cut.size() / 2);
    e = refused(cut, "cut.nii.gz");
    EXPECT_NE(e.find("truncated"), std::string::npos) << e;

    try {
        GzipInput missing(dir.path() / "none.nii.gz", "NIfTI file");
        ADD_FAILURE() << "a missing file was opened";
    } catch (const rgw::Error& error) {
        EXPECT_NE(std::string(error.what()).find("cannot open"), std::string::npos);
    }
}

} // namespace
