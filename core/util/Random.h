#pragma once

#include <cmath>
#include <cstdint>
#include <string_view>
#include <utility>

namespace rgw {

/// The workstation's one random source (SplitMix64) for everything that must
/// give the same numbers on every platform, run and thread count given its
/// seed: demo data, train/test splits, resampling, model randomness. The
/// standard library's engines are specified but its distributions and
/// std::shuffle are implementation-defined, so the draws below are written out.
class Rng {
public:
    explicit Rng(std::uint64_t seed) : state_(seed) {}

    std::uint64_t next() {
        std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    /// Uniform in [0, 1).
    double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
    double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
    /// Integer in [lo, hi] by a plain modulo (kept for the demo generator,
    /// whose output is fixed by it; the bias is below 2^-40 for small ranges).
    int integer(int lo, int hi) {
        return lo + static_cast<int>(next() % static_cast<std::uint64_t>(hi - lo + 1));
    }
    /// Unbiased integer in [0, n) for n >= 1 (rejection of the short last block).
    std::uint64_t below(std::uint64_t n) {
        const std::uint64_t limit = (~std::uint64_t{0} / n) * n;
        std::uint64_t x = next();
        while (x >= limit)
            x = next();
        return x % n;
    }
    /// Standard normal draw (Box-Muller, one value per call).
    double normal() {
        const double u1 = 1.0 - uniform(); // (0, 1]
        const double u2 = uniform();
        return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
    }
    /// Fisher-Yates shuffle of a random-access range with below().
    template <typename It> void shuffle(It first, It last) {
        const auto n = static_cast<std::uint64_t>(last - first);
        for (std::uint64_t i = n; i > 1; --i) {
            const std::uint64_t j = below(i);
            std::swap(first[i - 1], first[j]);
        }
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

} // namespace rgw
