#include "stats/MultipleTesting.h"

#include "util/Error.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <string>

namespace rgw::stats {

namespace {

/// The positions of the non-missing p-values; throws for one outside [0, 1].
std::vector<std::size_t> presentOf(const std::vector<double>& p, const char* method) {
    std::vector<std::size_t> present;
    for (std::size_t i = 0; i < p.size(); ++i) {
        if (std::isnan(p[i]))
            continue;
        if (!(p[i] >= 0.0 && p[i] <= 1.0))
            throw Error(std::string(method) + ": p-value " + std::to_string(i + 1) + " is " +
                        std::to_string(p[i]) + ", not a probability in [0, 1]");
        present.push_back(i);
    }
    return present;
}

} // namespace

std::vector<double> benjaminiHochberg(const std::vector<double>& p) {
    std::vector<std::size_t> order = presentOf(p, "Benjamini-Hochberg");
    std::vector<double> adjusted = p;
    const auto m = static_cast<double>(order.size());
    // Largest first; stable so ties keep their order as R's order().
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return p[a] > p[b]; });
    // q_(i) = min(1, min_{k >= i} m p_(k) / k) (Benjamini & Hochberg 1995).
    double running = 1.0;
    for (std::size_t r = 0; r < order.size(); ++r) {
        const auto rank = static_cast<double>(order.size() - r);
        running = std::min(running, m / rank * p[order[r]]);
        adjusted[order[r]] = running;
    }
    return adjusted;
}

std::vector<double> bonferroni(const std::vector<double>& p) {
    const std::vector<std::size_t> present = presentOf(p, "Bonferroni");
    const auto m = static_cast<double>(present.size());
    std::vector<double> adjusted = p;
    for (std::size_t i : present)
        adjusted[i] = std::min(1.0, m * p[i]); // min(1, m p)
    return adjusted;
}

} // namespace rgw::stats
