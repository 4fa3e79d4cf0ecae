#include "stats/MultipleTesting.h"

#include "util/Error.h"
#include "util/ParallelFor.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <string>
#include <utility>

namespace rgw::stats {

namespace {

/// Inputs from this size on are sorted on two threads.
constexpr std::size_t kParallelSortSize = 1u << 20;

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
    const std::vector<std::size_t> present = presentOf(p, "Benjamini-Hochberg");
    std::vector<double> adjusted = p;
    const auto m = static_cast<double>(present.size());
    // Largest first, each p beside its position so the sort reads memory in
    // order (maps of millions of pairs). Tied p-values get the same q in any
    // order: the first of a tie has the largest rank, so the smallest m p / k,
    // and the running minimum carries it to the others; so the sort need not
    // be stable and the result is R's.
    std::vector<std::pair<double, std::size_t>> order(present.size());
    for (std::size_t k = 0; k < present.size(); ++k)
        order[k] = {p[present[k]], present[k]};
    // Large inputs (a map's millions of pairs) sort in two halves on two
    // threads, then merge; the order of ties is free, so this is the same q.
    const auto largerFirst = [](const auto& a, const auto& b) { return a.first > b.first; };
    const std::size_t parts = order.size() >= kParallelSortSize ? 2 : 1;
    const auto middle = order.begin() + static_cast<std::ptrdiff_t>(order.size() / parts);
    parallelFor(parts, resolveThreadCount(0, parts), [&](std::size_t part) {
        if (part == 0)
            std::sort(order.begin(), middle, largerFirst);
        else
            std::sort(middle, order.end(), largerFirst);
    });
    if (parts == 2)
        std::inplace_merge(order.begin(), middle, order.end(), largerFirst);
    // q_(i) = min(1, min_{k >= i} m p_(k) / k) (Benjamini & Hochberg 1995).
    double running = 1.0;
    for (std::size_t r = 0; r < order.size(); ++r) {
        const auto rank = static_cast<double>(order.size() - r);
        running = std::min(running, m / rank * order[r].first);
        adjusted[order[r].second] = running;
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
