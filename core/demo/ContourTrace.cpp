#include "demo/ContourTrace.h"

#include <unordered_map>

namespace rgw::demo {
namespace {

/// Edge mid-points in doubled integer coordinates (2i, 2j) packed into a key;
/// the +2 offset keeps the padded border (index -1) non-negative.
struct PointKey {
    std::int64_t stride;
    std::int64_t operator()(std::int64_t x2, std::int64_t y2) const {
        return (y2 + 2) * stride + (x2 + 2);
    }
    std::array<std::int64_t, 2> unpack(std::int64_t key) const {
        return {key % stride - 2, key / stride - 2};
    }
};

} // namespace

std::vector<SliceContour> traceSlice(const Mask& mask, std::int64_t k) {
    const std::int64_t nx = mask.geometry.size[0], ny = mask.geometry.size[1];
    const auto inside = [&](std::int64_t i, std::int64_t j) {
        return i >= 0 && j >= 0 && i < nx && j < ny && mask.at(i, j, k) != 0;
    };
    const PointKey key{2 * nx + 8};

    // One oriented segment per cell crossing pair: walking the cell's corners
    // in a fixed cyclic order, each entry crossing (outside -> inside) links
    // to the next crossing, which is an exit. A shared cell side is walked in
    // opposite directions by its two cells, so segments chain into loops.
    std::unordered_map<std::int64_t, std::int64_t> next;
    std::vector<std::int64_t> starts;
    for (std::int64_t j = -1; j < ny; ++j)
        for (std::int64_t i = -1; i < nx; ++i) {
            const std::array<std::array<std::int64_t, 2>, 4> corner{
                {{i, j}, {i + 1, j}, {i + 1, j + 1}, {i, j + 1}}};
            std::array<bool, 4> in{};
            for (int c = 0; c < 4; ++c)
                in[c] = inside(corner[c][0], corner[c][1]);
            std::array<std::int64_t, 4> sideKey{};
            for (int s = 0; s < 4; ++s) {
                const auto& a = corner[s];
                const auto& b = corner[(s + 1) % 4];
                sideKey[s] = key(a[0] + b[0], a[1] + b[1]);
            }
            for (int s = 0; s < 4; ++s) {
                if (in[s] || !in[(s + 1) % 4])
                    continue; // not an entry crossing
                for (int t = 1; t < 4; ++t) {
                    const int e = (s + t) % 4;
                    if (in[e] != in[(e + 1) % 4]) {
                        next.emplace(sideKey[s], sideKey[e]);
                        starts.push_back(sideKey[s]);
                        break;
                    }
                }
            }
        }

    std::vector<SliceContour> contours;
    std::unordered_map<std::int64_t, bool> used;
    for (const std::int64_t start : starts) {
        if (used[start])
            continue;
        std::vector<std::array<std::int64_t, 2>> loop;
        std::int64_t current = start;
        do {
            used[current] = true;
            loop.push_back(key.unpack(current));
            current = next.at(current);
        } while (current != start);

        // Drop vertices on a straight run (exact in integer coordinates).
        SliceContour contour;
        const std::size_t n = loop.size();
        for (std::size_t v = 0; v < n; ++v) {
            const auto& a = loop[(v + n - 1) % n];
            const auto& b = loop[v];
            const auto& c = loop[(v + 1) % n];
            const std::int64_t cross =
                (b[0] - a[0]) * (c[1] - b[1]) - (b[1] - a[1]) * (c[0] - b[0]);
            if (cross != 0)
                contour.push_back(
                    {0.5 * static_cast<double>(b[0]), 0.5 * static_cast<double>(b[1])});
        }
        contours.push_back(std::move(contour));
    }
    return contours;
}

} // namespace rgw::demo
