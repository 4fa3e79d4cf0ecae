#pragma once

#include "image/Geometry.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>

namespace rgw::segmentation {

/// An axis-aligned box of voxel indices, bounds inclusive; empty when any
/// hi < lo. Tools report the box they touched so edits store only that box.
struct Box {
    std::array<std::int64_t, 3> lo{0, 0, 0};
    std::array<std::int64_t, 3> hi{-1, -1, -1};

    bool empty() const { return hi[0] < lo[0] || hi[1] < lo[1] || hi[2] < lo[2]; }
    std::int64_t extent(int axis) const { return empty() ? 0 : hi[axis] - lo[axis] + 1; }
    std::size_t voxelCount() const {
        return static_cast<std::size_t>(extent(0)) * static_cast<std::size_t>(extent(1)) *
               static_cast<std::size_t>(extent(2));
    }
    bool contains(std::int64_t i, std::int64_t j, std::int64_t k) const {
        return i >= lo[0] && i <= hi[0] && j >= lo[1] && j <= hi[1] && k >= lo[2] && k <= hi[2];
    }
    bool operator==(const Box&) const = default;

    /// The whole grid.
    static Box of(const Geometry& g) {
        return {{0, 0, 0}, {g.size[0] - 1, g.size[1] - 1, g.size[2] - 1}};
    }
};

/// Smallest box holding both (an empty box is neutral).
inline Box unite(const Box& a, const Box& b) {
    if (a.empty())
        return b;
    if (b.empty())
        return a;
    Box r;
    for (int d = 0; d < 3; ++d) {
        r.lo[d] = std::min(a.lo[d], b.lo[d]);
        r.hi[d] = std::max(a.hi[d], b.hi[d]);
    }
    return r;
}

/// The part of `b` inside the grid.
inline Box clampTo(const Box& b, const Geometry& g) {
    Box r = b;
    for (int d = 0; d < 3; ++d) {
        r.lo[d] = std::max<std::int64_t>(r.lo[d], 0);
        r.hi[d] = std::min<std::int64_t>(r.hi[d], g.size[d] - 1);
    }
    return r;
}

/// `b` grown by `margin[d]` voxels on each side, clamped to the grid.
inline Box expand(const Box& b, const std::array<std::int64_t, 3>& margin, const Geometry& g) {
    if (b.empty())
        return b;
    Box r = b;
    for (int d = 0; d < 3; ++d) {
        r.lo[d] -= margin[d];
        r.hi[d] += margin[d];
    }
    return clampTo(r, g);
}

} // namespace rgw::segmentation
