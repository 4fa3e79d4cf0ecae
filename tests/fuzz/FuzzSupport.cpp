#include "FuzzSupport.h"

#include "util/ResourceBudget.h"

#include <Eigen/Geometry>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dcmtk/config/osconfig.h>
#include <dcmtk/oflog/oflog.h>
#include <fstream>
#include <mutex>
#include <unistd.h>

namespace fs = std::filesystem;

namespace rgw::fuzz {
namespace {

struct Scratch {
    fs::path dir;
    Scratch() {
        std::error_code ec;
        const fs::path base =
            fs::is_directory("/dev/shm", ec) ? fs::path("/dev/shm") : fs::temp_directory_path();
        dir = base / ("rgw-fuzz-" + std::to_string(::getpid()));
        fs::create_directories(dir);
    }
    ~Scratch() {
        std::error_code ec;
        fs::remove_all(dir, ec);
    }
    Scratch(const Scratch&) = delete;
    Scratch& operator=(const Scratch&) = delete;
};

Scratch& scratch() {
    static Scratch s;
    return s;
}

} // namespace

void initialise() {
    static std::once_flag once;
    std::call_once(once, [] {
        budget::setMemoryBytes(kBudgetBytes);
        // DCMTK's warnings about each bad file would cost more than the run.
        OFLog::configure(OFLogger::FATAL_LOG_LEVEL);
        (void)scratch();
    });
}

const fs::path& scratchDir() {
    return scratch().dir;
}

fs::path writeScratch(const std::string& name, const std::uint8_t* data, std::size_t size) {
    const fs::path file = scratchDir() / name;
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    if (size > 0)
        out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    out.close();
    if (!out)
        fail("cannot write the scratch file " + file.string());
    return file;
}

std::vector<std::string_view> splitFiles(const std::uint8_t* data, std::size_t size) {
    const std::string_view all(reinterpret_cast<const char*>(data), size);
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    for (;;) {
        const std::size_t at = all.find(kFileSeparator, start);
        if (at == std::string_view::npos) {
            parts.push_back(all.substr(start));
            return parts;
        }
        parts.push_back(all.substr(start, at - start));
        start = at + kFileSeparator.size();
    }
}

float ByteReader::f32() {
    const std::uint32_t bits = u32();
    float f;
    std::memcpy(&f, &bits, sizeof f);
    return f;
}

bool ByteReader::bit() {
    if (bitsLeft_ == 0) {
        bits_ = byte();
        bitsLeft_ = 8;
    }
    const bool b = (bits_ & 1u) != 0;
    bits_ = static_cast<std::uint8_t>(bits_ >> 1);
    --bitsLeft_;
    return b;
}

Geometry smallGrid(ByteReader& in, int maxSize, bool allowOblique) {
    Geometry g;
    for (auto& s : g.size)
        s = 1 + in.byte() % maxSize;
    const std::uint8_t choice = in.byte();
    static constexpr double kSpacings[4][3] = {
        {1.0, 1.0, 1.0}, {0.7, 0.8, 2.5}, {0.488, 0.488, 3.27}, {2.0, 1.5, 0.6}};
    const auto& sp = kSpacings[choice % 4];
    g.spacing = {sp[0], sp[1], sp[2]};
    g.origin = {-12.5 + (choice >> 2 & 3) * 100.25, 40.25, -101.0 + (choice >> 4 & 1) * 7.5};
    if (allowOblique && (choice & 0x20) != 0)
        g.direction =
            Eigen::AngleAxisd(0.4, Eigen::Vector3d(0.3, -0.2, 1.0).normalized()).toRotationMatrix();
    return g;
}

void refused(const std::exception& error) {
    static const bool verbose = std::getenv("RGW_FUZZ_VERBOSE") != nullptr;
    if (verbose)
        std::fprintf(stderr, "  refused: %s\n", error.what());
}

void fail(const std::string& what) {
    std::fprintf(stderr, "rgw fuzz: %s\n", what.c_str());
    std::fflush(stderr);
    std::abort();
}

} // namespace rgw::fuzz
