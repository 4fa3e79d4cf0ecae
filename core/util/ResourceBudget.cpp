#include "util/ResourceBudget.h"

#include "util/Error.h"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <limits>

#if defined(_WIN32)
#include <windows.h>
#elif defined(__APPLE__)
#include <sys/sysctl.h>
#include <sys/types.h>
#else
#include <unistd.h>
#endif

namespace rgw::budget {
namespace {

constexpr std::uint64_t kFallbackPhysical = 8ull << 30;
// The default budget's ceiling: one operation on one study — a 512 × 512 ×
// 1500 CT in float is 1.6 GB — fits, while an input that would need more (a
// decompression bomb, a far too fine re-sampling grid) is refused before it
// slows the machine down; larger work asks for a larger budget explicitly.
constexpr std::uint64_t kDefaultCeiling = 3ull << 29; // 1.5 GiB
constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();

std::atomic<std::uint64_t> g_budget{0}; // 0 = the default

} // namespace

std::uint64_t physicalMemoryBytes() {
#if defined(_WIN32)
    MEMORYSTATUSEX status{};
    status.dwLength = sizeof(status);
    if (GlobalMemoryStatusEx(&status))
        return status.ullTotalPhys;
#elif defined(__APPLE__)
    std::uint64_t bytes = 0;
    std::size_t length = sizeof(bytes);
    int mib[2] = {CTL_HW, HW_MEMSIZE};
    if (sysctl(mib, 2, &bytes, &length, nullptr, 0) == 0 && bytes > 0)
        return bytes;
#else
    const long pages = sysconf(_SC_PHYS_PAGES);
    const long pageSize = sysconf(_SC_PAGESIZE);
    if (pages > 0 && pageSize > 0)
        return product({static_cast<std::uint64_t>(pages), static_cast<std::uint64_t>(pageSize)});
#endif
    return kFallbackPhysical;
}

std::uint64_t defaultMemoryBytes() {
    static const std::uint64_t bytes = std::min(physicalMemoryBytes() / 4, kDefaultCeiling);
    return bytes;
}

std::uint64_t memoryBytes() {
    const std::uint64_t set = g_budget.load(std::memory_order_relaxed);
    return set != 0 ? set : defaultMemoryBytes();
}

void setMemoryBytes(std::uint64_t bytes) {
    g_budget.store(bytes, std::memory_order_relaxed);
}

std::uint64_t parseSize(const std::string& text) {
    const auto bad = [&text]() -> Error {
        return Error("memory size '" + text +
                     "' is not a size (e.g. 4G, 512M, 1.5T or 50% of physical memory)");
    };
    std::size_t used = 0;
    double value = 0.0;
    try {
        value = std::stod(text, &used);
    } catch (const std::exception&) {
        throw bad();
    }
    if (!std::isfinite(value) || value <= 0.0)
        throw bad();
    std::string unit = text.substr(used);
    for (char& c : unit)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    double bytes = 0.0;
    if (unit == "%") {
        if (value > 100.0)
            throw bad();
        bytes = static_cast<double>(physicalMemoryBytes()) * value / 100.0;
    } else {
        // "G"/"GB" are decimal like the messages (formatBytes); "GiB"/"Gi" binary.
        bool binary = false;
        if (unit.size() >= 3 && unit.compare(unit.size() - 2, 2, "IB") == 0) {
            unit.resize(unit.size() - 2);
            binary = true;
        } else if (unit.size() == 2 && unit.back() == 'I') {
            unit.pop_back();
            binary = true;
        } else if (unit.size() == 2 && unit.back() == 'B') {
            unit.pop_back();
        }
        const double base = binary ? 1024.0 : 1000.0;
        double scale = 0.0;
        if (unit.empty() || (unit == "B" && !binary))
            scale = 1.0;
        else if (unit == "K")
            scale = base;
        else if (unit == "M")
            scale = base * base;
        else if (unit == "G")
            scale = base * base * base;
        else if (unit == "T")
            scale = base * base * base * base;
        else
            throw bad();
        bytes = value * scale;
    }
    if (!(bytes >= 1.0) || bytes >= 0x1p64)
        throw bad();
    return static_cast<std::uint64_t>(bytes);
}

std::string formatBytes(std::uint64_t bytes) {
    if (bytes < 1000)
        return std::to_string(bytes) + (bytes == 1 ? " byte" : " bytes");
    static const char* const kUnits[] = {"kB", "MB", "GB", "TB", "PB", "EB"};
    double value = static_cast<double>(bytes);
    int unit = -1;
    while (value >= 1000.0 && unit < 5) {
        value /= 1000.0;
        ++unit;
    }
    char text[32];
    std::snprintf(text, sizeof text, value < 10.0 ? "%.1f %s" : "%.0f %s", value, kUnits[unit]);
    return text;
}

std::uint64_t product(std::initializer_list<std::uint64_t> factors) {
    std::uint64_t result = 1;
    for (std::uint64_t f : factors) {
        if (f == 0)
            return 0;
        if (result > kMax / f)
            result = kMax;
        else
            result *= f;
    }
    return result;
}

std::uint64_t sum(std::uint64_t a, std::uint64_t b) {
    return a > kMax - b ? kMax : a + b;
}

void requireMemory(std::uint64_t bytes, const std::string& context, const std::string& what,
                   const std::string& hint) {
    const std::uint64_t limit = memoryBytes();
    if (bytes <= limit)
        return;
    std::string message = context + ": " + what + " needs " +
                          (bytes == kMax ? std::string("more than 18 EB") : formatBytes(bytes)) +
                          ", over the memory budget of " + formatBytes(limit) +
                          " (--max-memory, or File > Memory budget)";
    if (!hint.empty())
        message += " — " + hint;
    throw Error(message);
}

void requireInFile(std::uint64_t declaredBytes, std::uint64_t availableBytes,
                   const std::string& context, const std::string& what) {
    if (declaredBytes <= availableBytes)
        return;
    throw Error(
        context + ": " + what + " (" +
        (declaredBytes == kMax ? std::string("more than 18 EB") : formatBytes(declaredBytes)) +
        ") but the file holds " + formatBytes(availableBytes));
}

} // namespace rgw::budget
