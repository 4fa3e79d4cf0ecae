// util/AtomicFile: a file appears whole or not at all.
#include "util/AtomicFile.h"
#include "util/Error.h"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <sstream>
#include <stdexcept>
#include <string>

namespace fs = std::filesystem;

namespace {

struct ScratchDir {
    fs::path path =
        fs::temp_directory_path() /
        ("rgw_atomic_file_" +
         std::to_string(::testing::UnitTest::GetInstance()->current_test_info()->line()));
    ScratchDir() {
        fs::remove_all(path);
        fs::create_directories(path);
    }
    ~ScratchDir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
};

std::string readText(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

TEST(AtomicFile, WritesTheWholeTextAndReplacesAnOldFile) {
    ScratchDir dir;
    const fs::path file = dir.path / "table.csv";
    rgw::writeTextFileAtomically(file, "a,b\n1,2\n");
    EXPECT_EQ(readText(file), "a,b\n1,2\n");
    rgw::writeFileAtomically(file, [](std::ostream& out) { out << "c\n3\n"; });
    EXPECT_EQ(readText(file), "c\n3\n");
    EXPECT_FALSE(fs::exists(dir.path / "table.csv.part"));
}

TEST(AtomicFile, AWriterThatThrowsLeavesTheOldFileAndNoTemporary) {
    ScratchDir dir;
    const fs::path file = dir.path / "model.json";
    rgw::writeTextFileAtomically(file, "{}\n");
    EXPECT_THROW(rgw::writeFileAtomically(file,
                                          [](std::ostream& out) {
                                              out << "{\"half\":";
                                              throw std::runtime_error("disk full");
                                          }),
                 std::runtime_error);
    EXPECT_EQ(readText(file), "{}\n");
    EXPECT_FALSE(fs::exists(dir.path / "model.json.part"));
}

TEST(AtomicFile, AnUnwritableFolderIsNamed) {
    ScratchDir dir;
    const fs::path file = dir.path / "missing" / "out.csv";
    try {
        rgw::writeTextFileAtomically(file, "x\n");
        FAIL() << "expected rgw::Error";
    } catch (const rgw::Error& e) {
        EXPECT_NE(std::string(e.what()).find("cannot write " + file.string()), std::string::npos)
            << e.what();
    }
    EXPECT_FALSE(fs::exists(file));
}

} // namespace
