// Replay driver for the fuzz targets in builds without libFuzzer (GCC, the
// normal and the sanitizer CI builds): runs every file of the given files and
// folders (recursively, sorted) through LLVMFuzzerTestOneInput once. CTest
// runs it over each target's seed corpus and its committed regression inputs
// (tests/fuzz/regressions/<target>/), so every finding stays fixed. A crash,
// sanitizer report, an exception escaping the target, a run over 15 s or
// a peak RSS over 2 GB fails the test.
//   usage: fuzz_<name>_replay FILE_OR_FOLDER...

#include "FuzzSupport.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <sys/resource.h>
#include <vector>

namespace fs = std::filesystem;

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s FILE_OR_FOLDER...\n", argv[0]);
        return 2;
    }
    std::vector<fs::path> files;
    for (int a = 1; a < argc; ++a) {
        const fs::path root = argv[a];
        if (fs::is_regular_file(root)) {
            files.push_back(root);
        } else if (fs::is_directory(root)) {
            for (const auto& entry : fs::recursive_directory_iterator(
                     root, fs::directory_options::follow_directory_symlink))
                if (entry.is_regular_file() && entry.path().filename().string().front() != '.')
                    files.push_back(entry.path());
        } else {
            std::fprintf(stderr, "%s: not found (skipped)\n", root.c_str());
        }
    }
    std::sort(files.begin(), files.end());
    for (const auto& file : files) {
        std::ifstream in(file, std::ios::binary);
        const std::vector<char> bytes{std::istreambuf_iterator<char>(in),
                                      std::istreambuf_iterator<char>()};
        const auto start = std::chrono::steady_clock::now();
        std::fprintf(stderr, "replay %s (%zu bytes)\n", file.c_str(), bytes.size());
        LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (seconds > 15.0) {
            std::fprintf(stderr, "%s took %.1f s (limit 15 s)\n", file.c_str(), seconds);
            return 1;
        }
        // The peak resident size of the process so far (Linux: kilobytes),
        // as libFuzzer's -rss_limit_mb=2048 checks it.
        rusage usage{};
        if (getrusage(RUSAGE_SELF, &usage) == 0 && usage.ru_maxrss > 2048L * 1024) {
            std::fprintf(stderr, "%s: peak RSS %ld MB (limit 2048 MB)\n", file.c_str(),
                         usage.ru_maxrss / 1024);
            return 1;
        }
    }
    std::printf("replayed %zu inputs\n", files.size());
    return 0;
}
