#include "radiomics/robustness/RigidMotion.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>

namespace rgw::radiomics::robustness {

namespace {

/// Snaps a position within 1e-9 of an integer onto it (exact 90° rotations).
double snap(double x) {
    const double r = std::round(x);
    return std::abs(x - r) < 1e-9 ? r : x;
}

/// Trilinear sample of `voxels` on `g` at continuous index p (clamped).
template <class T>
double sample(const std::vector<T>& voxels, const Geometry& g, const Eigen::Vector3d& p) {
    std::array<std::int64_t, 3> lo{};
    std::array<double, 3> w{};
    for (int a = 0; a < 3; ++a) {
        const double last = static_cast<double>(g.size[static_cast<std::size_t>(a)] - 1);
        const double x = std::clamp(snap(p[a]), 0.0, last);
        const double f = std::floor(x);
        lo[static_cast<std::size_t>(a)] = static_cast<std::int64_t>(f);
        w[static_cast<std::size_t>(a)] = x - f;
    }
    double sum = 0.0;
    for (int c = 0; c < 8; ++c) {
        double weight = 1.0;
        std::array<std::int64_t, 3> idx = lo;
        for (std::size_t a = 0; a < 3; ++a) {
            const bool up = ((c >> a) & 1) != 0;
            weight *= up ? w[a] : 1.0 - w[a];
            if (up)
                idx[a] = std::min(idx[a] + 1, g.size[a] - 1);
        }
        if (weight != 0.0)
            sum += weight * static_cast<double>(voxels[g.linearIndex(idx[0], idx[1], idx[2])]);
    }
    return sum;
}

/// Calls out(linear index, value) for every output voxel of the moved grid.
template <class T, class Out> void resample(const Image<T>& in, const RigidMotion& m, Out&& out) {
    const Geometry& g = in.geometry;
    const double theta = m.angleDegrees * std::numbers::pi / 180.0;
    // R(−θ): the inverse rotation maps output positions to input ones.
    const double c = std::cos(theta), s = std::sin(theta);
    const double sx = g.spacing[0], sy = g.spacing[1];
    std::size_t index = 0;
    for (std::int64_t k = 0; k < g.size[2]; ++k)
        for (std::int64_t j = 0; j < g.size[1]; ++j)
            for (std::int64_t i = 0; i < g.size[0]; ++i, ++index) {
                const double dx = (static_cast<double>(i) - m.centre[0]) * sx;
                const double dy = (static_cast<double>(j) - m.centre[1]) * sy;
                const Eigen::Vector3d p(m.centre[0] + (c * dx + s * dy) / sx + m.shiftVoxels[0],
                                        m.centre[1] + (-s * dx + c * dy) / sy + m.shiftVoxels[1],
                                        static_cast<double>(k) + m.shiftVoxels[2]);
                out(index, sample(in.voxels, g, p));
            }
}

} // namespace

Volume moveImage(const Volume& image, const RigidMotion& motion) {
    Volume moved = image;
    resample(image, motion,
             [&](std::size_t i, double v) { moved.voxels[i] = static_cast<float>(v); });
    return moved;
}

Mask moveMask(const Mask& mask, const RigidMotion& motion) {
    Mask moved = mask;
    resample(mask, motion, [&](std::size_t i, double v) { moved.voxels[i] = v >= 0.5 ? 1 : 0; });
    return moved;
}

} // namespace rgw::radiomics::robustness
