// storage/BundleZip: a folder zipped and extracted again holds the same
// files byte for byte (one of 300 000 random bytes: deflate's stored blocks,
// and a nested path); entries named "../evil.txt" or "/etc/passwd" (the
// names patched into a sound archive) are refused before anything is
// written, naming the entry; declared sizes over the budget are refused
// naming the entry; a damaged entry fails its CRC; names are checked one by
// one (drive letters, backslashes, ".", empty components).
#include "BundleZip.h"
#include "TestData.h"
#include "util/Error.h"

#include <fstream>
#include <gtest/gtest.h>
#include <random>
#include <sstream>

namespace rgw::storage {
namespace {

namespace fs = std::filesystem;

std::string slurp(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

void spit(const fs::path& file, const std::string& text) {
    fs::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << text;
}

/// Every occurrence of `from` in the file replaced by `to` (same length).
void patch(const fs::path& file, const std::string& from, const std::string& to) {
    std::string bytes = slurp(file);
    std::size_t n = 0;
    for (std::size_t at; (at = bytes.find(from)) != std::string::npos; ++n)
        bytes.replace(at, from.size(), to);
    ASSERT_EQ(n, 2u) << "local header and central directory";
    spit(file, bytes);
}

std::string refusal(const fs::path& zip, const fs::path& out,
                    std::uint64_t budget = kBundleZipBudgetBytes) {
    try {
        unzipToFolder(zip, out, budget);
    } catch (const Error& e) {
        return e.what();
    }
    return "accepted";
}

struct BundleZip : ::testing::Test {
    test::TempDir dir;
    fs::path folder() const { return dir.path() / "folder"; }
    void SetUp() override {
        std::mt19937 rng(11);
        std::string noise(300000, '\0');
        for (char& c : noise)
            c = static_cast<char>(rng() & 0xFF);
        spit(folder() / "bundle.json", "{\"format\": \"rgw-cohort-bundle\"}\n");
        spit(folder() / "dicom" / "RGW-1" / "1" / "1.dcm", noise);
        spit(folder() / "xx" / "evil.txt", "patched name\n");
    }
};

TEST_F(BundleZip, RoundTripKeepsEveryByte) {
    const fs::path zip = dir.path() / "b.zip";
    zipFolder(folder(), zip);
    const auto entries = listZip(zip);
    ASSERT_EQ(entries.size(), 3u);
    EXPECT_EQ(entries[0].name, "bundle.json");
    EXPECT_EQ(entries[1].name, "dicom/RGW-1/1/1.dcm");
    EXPECT_EQ(entries[1].uncompressedBytes, 300000u);
    unzipToFolder(zip, dir.path() / "out");
    for (const char* f : {"bundle.json", "dicom/RGW-1/1/1.dcm", "xx/evil.txt"})
        EXPECT_EQ(slurp(dir.path() / "out" / f), slurp(folder() / f)) << f;
}

TEST_F(BundleZip, RefusesEntriesLeavingTheFolder) {
    for (const std::string bad : {"../evil.txt", "/etc/passwd"}) {
        const fs::path zip = dir.path() / "bad.zip";
        fs::remove(zip);
        zipFolder(folder(), zip);
        patch(zip, "xx/evil.txt", bad);
        const fs::path out = dir.path() / "out-bad";
        const std::string why = refusal(zip, out);
        EXPECT_NE(why.find("entry '" + bad + "'"), std::string::npos) << why;
        EXPECT_FALSE(fs::exists(out)) << "written before the check";
        EXPECT_FALSE(fs::exists(dir.path() / "evil.txt"));
    }
}

TEST_F(BundleZip, RefusesSizesOverTheBudgetAndDamage) {
    const fs::path zip = dir.path() / "b.zip";
    zipFolder(folder(), zip);
    const std::string why = refusal(zip, dir.path() / "small", 100000);
    EXPECT_NE(why.find("entry 'dicom/RGW-1/1/1.dcm' declares 300000 bytes"), std::string::npos)
        << why;
    EXPECT_FALSE(fs::exists(dir.path() / "small"));

    // A flipped byte in the middle of the compressed random data.
    std::string bytes = slurp(zip);
    bytes[bytes.size() / 2] = static_cast<char>(bytes[bytes.size() / 2] ^ 0x55);
    spit(zip, bytes);
    EXPECT_NE(refusal(zip, dir.path() / "damaged").find("dicom/RGW-1/1/1.dcm"), std::string::npos);

    spit(dir.path() / "not.zip", "PK but not a zip");
    EXPECT_NE(refusal(dir.path() / "not.zip", dir.path() / "none").find("not.zip"),
              std::string::npos);
}

TEST(BundleZipNames, OnlyRelativePathsInsideTheFolder) {
    for (const char* good : {"bundle.json", "dicom/RGW-1/1/1.dcm", "features/", "a..b/c"})
        EXPECT_NO_THROW(checkZipEntryName("z.zip", good)) << good;
    for (const char* bad : {"", "..", "../x", "a/../../x", "a/..", "/abs", "C:/x", "c:x", "a\\b",
                            "./x", "a//b", "a/./b"})
        EXPECT_THROW(checkZipEntryName("z.zip", bad), Error) << bad;
}

} // namespace
} // namespace rgw::storage
