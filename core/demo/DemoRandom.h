#pragma once

#include <cmath>
#include <cstdint>
#include <string_view>

namespace rgw::demo {

/// Small deterministic random source for the demo cohort. The standard
/// library's distributions are implementation-defined, so the cohort would
/// differ between toolchains; this generator (SplitMix64) and its uniform and
/// normal draws are fully specified here.
class DemoRng {
public:
    explicit DemoRng(std::uint64_t seed) : state_(seed) {}

    std::uint64_t next() {
        std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    /// Uniform in [0, 1).
    double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
    double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
    /// Uniform integer in [lo, hi].
    int integer(int lo, int hi) {
        return lo + static_cast<int>(next() % static_cast<std::uint64_t>(hi - lo + 1));
    }
    /// Standard normal draw (Box-Muller, one value per call).
    double normal() {
        const double u1 = 1.0 - uniform(); // (0, 1]
        const double u2 = uniform();
        return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
    }

private:
    std::uint64_t state_;
};

/// 64-bit FNV-1a of a text key, to derive independent streams and UIDs.
inline std::uint64_t hashKey(std::string_view key, std::uint64_t basis = 0xCBF29CE484222325ull) {
    std::uint64_t h = basis;
    for (const char c : key) {
        h ^= static_cast<unsigned char>(c);
        h *= 0x100000001B3ull;
    }
    return h;
}

} // namespace rgw::demo
