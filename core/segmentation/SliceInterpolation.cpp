#include "segmentation/SliceInterpolation.h"

#include "segmentation/DistanceTransform.h"
#include "util/Error.h"

#include <cmath>

namespace rgw::segmentation {

namespace {

/// A slice normal to `axis`, its two in-plane axes a (fastest) and b.
struct SliceAxes {
    int axis, a, b;
};

SliceAxes sliceAxes(int axis) {
    if (axis == 0)
        return {0, 1, 2};
    if (axis == 1)
        return {1, 0, 2};
    return {2, 0, 1};
}

std::size_t voxelIndex(const Geometry& g, const SliceAxes& s, std::int64_t slice, std::int64_t x,
                       std::int64_t y) {
    std::int64_t p[3];
    p[s.axis] = slice;
    p[s.a] = x;
    p[s.b] = y;
    return g.linearIndex(p[0], p[1], p[2]);
}

/// Signed distance (mm) of one slice: positive outside, negative inside, the
/// zero level halfway between boundary voxel centres (half the smaller pixel
/// spacing from the nearest centre of the other side).
std::vector<double> signedDistance(const Mask& mask, const SliceAxes& s, std::int64_t slice) {
    const Geometry& g = mask.geometry;
    const std::int64_t nx = g.size[s.a], ny = g.size[s.b];
    std::vector<std::uint8_t> in(static_cast<std::size_t>(nx * ny)), out(in.size());
    for (std::int64_t y = 0; y < ny; ++y)
        for (std::int64_t x = 0; x < nx; ++x) {
            const bool inside = mask.voxels[voxelIndex(g, s, slice, x, y)] != 0;
            in[static_cast<std::size_t>(y * nx + x)] = inside;
            out[static_cast<std::size_t>(y * nx + x)] = !inside;
        }
    const std::array<std::int64_t, 3> size{nx, ny, 1};
    const std::array<double, 3> spacing{g.spacing[s.a], g.spacing[s.b], 1.0};
    const std::vector<double> toIn = squaredDistanceTransform(in, size, spacing);
    const std::vector<double> toOut = squaredDistanceTransform(out, size, spacing);
    const double half = 0.5 * std::min(spacing[0], spacing[1]);
    // A slice with no outside pixel: "far inside" (finite so blends stay finite).
    const double far = 1e6;
    std::vector<double> sd(in.size());
    for (std::size_t p = 0; p < sd.size(); ++p)
        sd[p] = in[p] ? -(std::isinf(toOut[p]) ? far : std::sqrt(toOut[p]) - half)
                      : std::sqrt(toIn[p]) - half;
    return sd;
}

} // namespace

Mask fillBetweenSlices(const Mask& mask, int axis) {
    if (axis < 0 || axis > 2)
        throw Error("fill between slices: voxel axis must be 0, 1 or 2, not " +
                    std::to_string(axis));
    const Geometry& g = mask.geometry;
    if (mask.voxels.size() != g.voxelCount())
        throw Error("fill between slices: mask data does not match its geometry");
    const SliceAxes s = sliceAxes(axis);
    const std::int64_t n = g.size[axis], nx = g.size[s.a], ny = g.size[s.b];

    std::vector<std::int64_t> drawn;
    for (std::int64_t slice = 0; slice < n; ++slice) {
        bool any = false;
        for (std::int64_t y = 0; y < ny && !any; ++y)
            for (std::int64_t x = 0; x < nx && !any; ++x)
                any = mask.voxels[voxelIndex(g, s, slice, x, y)] != 0;
        if (any)
            drawn.push_back(slice);
    }

    Mask out = mask;
    std::vector<double> lower, upper;
    std::int64_t upperSlice = -1; // slice whose distance map `upper` holds
    for (std::size_t d = 0; d + 1 < drawn.size(); ++d) {
        const std::int64_t k0 = drawn[d], k1 = drawn[d + 1];
        if (k1 - k0 < 2)
            continue;
        lower = upperSlice == k0 ? std::move(upper) : signedDistance(mask, s, k0);
        upper = signedDistance(mask, s, k1);
        upperSlice = k1;
        for (std::int64_t slice = k0 + 1; slice < k1; ++slice) {
            const double t = static_cast<double>(slice - k0) / static_cast<double>(k1 - k0);
            for (std::int64_t y = 0; y < ny; ++y)
                for (std::int64_t x = 0; x < nx; ++x) {
                    const auto p = static_cast<std::size_t>(y * nx + x);
                    const double sd = (1.0 - t) * lower[p] + t * upper[p];
                    out.voxels[voxelIndex(g, s, slice, x, y)] = sd <= 0.0 ? 1 : 0;
                }
        }
    }
    return out;
}

} // namespace rgw::segmentation
