#pragma once

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>

namespace rgw::test {

/// Root of the shared, read-only test data: $RGW_TEST_DATA, or ../shared/data
/// next to the repository.
inline std::filesystem::path dataRoot() {
    if (const char* env = std::getenv("RGW_TEST_DATA"); env && *env)
        return env;
    return RGW_DEFAULT_TEST_DATA;
}

inline bool hasData() {
    return std::filesystem::is_directory(dataRoot() / "ibsi_data_sets");
}

inline std::filesystem::path ibsiDataSets() {
    return dataRoot() / "ibsi_data_sets";
}

/// Skips the current GoogleTest test when the shared data folder is absent.
#define RGW_REQUIRE_TEST_DATA()                                                                    \
    do {                                                                                           \
        if (!::rgw::test::hasData())                                                               \
            GTEST_SKIP() << "shared test data not found at " << ::rgw::test::dataRoot()            \
                         << " (set RGW_TEST_DATA)";                                                \
    } while (0)

/// A fresh temporary folder, removed when the object goes out of scope.
class TempDir {
public:
    TempDir() {
        path_ = std::filesystem::temp_directory_path() /
                ("rgw-test-" + std::to_string(std::random_device{}()) + "-" +
                 std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
        std::filesystem::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

} // namespace rgw::test
