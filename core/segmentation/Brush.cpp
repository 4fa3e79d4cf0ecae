#include "segmentation/Brush.h"

#include "util/Error.h"

#include <algorithm>
#include <cmath>

namespace rgw::segmentation {

namespace {

double slabHalfThickness(const Geometry& g, const Eigen::Vector3d& n) {
    double w = 0.0;
    for (int a = 0; a < 3; ++a)
        w = std::max(w, std::abs(n.dot(g.direction.col(a))) * g.spacing[a]);
    return 0.5 * w;
}

Eigen::Vector3d unitNormal(const BrushPlane& plane) {
    const double len = plane.normal.norm();
    if (!(len > 0.0) || !std::isfinite(len))
        throw Error("brush: the plane normal must be a non-zero vector");
    return plane.normal / len;
}

/// Index box of a ball (no plane) or of a disc slab around `centre`.
Box dabBox(const Geometry& g, const Eigen::Vector3d& centre, const Eigen::Vector3d* n, double r) {
    const Eigen::Vector3d c = g.continuousIndex(centre);
    Box b;
    for (int a = 0; a < 3; ++a) {
        double e = r;
        if (n) {
            const double cosA = std::min(1.0, std::abs(n->dot(g.direction.col(a))));
            e = r * std::sqrt(1.0 - cosA * cosA) + slabHalfThickness(g, *n) * cosA;
        }
        e /= g.spacing[a];
        b.lo[a] = static_cast<std::int64_t>(std::ceil(c[a] - e - 1e-9));
        b.hi[a] = static_cast<std::int64_t>(std::floor(c[a] + e + 1e-9));
    }
    return b;
}

} // namespace

BrushPlane voxelAxisPlane(const Geometry& g, int axis) {
    if (axis < 0 || axis > 2)
        throw Error("brush: voxel axis must be 0, 1 or 2, not " + std::to_string(axis));
    return BrushPlane{g.direction.col(axis)};
}

Box strokeBox(const Geometry& g, const Eigen::Vector3d& fromLps, const Eigen::Vector3d& toLps,
              const std::optional<BrushPlane>& plane, double radiusMm) {
    if (!plane)
        return clampTo(
            unite(dabBox(g, fromLps, nullptr, radiusMm), dabBox(g, toLps, nullptr, radiusMm)), g);
    const Eigen::Vector3d n = unitNormal(*plane);
    const Eigen::Vector3d to = toLps - n * n.dot(toLps - fromLps); // into the plane of `from`
    return clampTo(unite(dabBox(g, fromLps, &n, radiusMm), dabBox(g, to, &n, radiusMm)), g);
}

Box paintStroke(Mask& mask, const Eigen::Vector3d& fromLps, const Eigen::Vector3d& toLps,
                const std::optional<BrushPlane>& plane, const Brush& brush) {
    const Geometry& g = mask.geometry;
    if (mask.voxels.size() != g.voxelCount())
        throw Error("brush: mask data does not match its geometry");
    if (!(brush.radiusMm >= 0.0))
        throw Error("brush: radius must be >= 0 mm");
    if (brush.range) {
        if (!brush.image)
            throw Error("brush: an intensity range needs the image");
        requireSameGrid(mask, *brush.image, "brush");
    }
    const Box box = strokeBox(g, fromLps, toLps, plane, brush.radiusMm);
    if (box.empty())
        return box;

    Eigen::Vector3d n = Eigen::Vector3d::Zero();
    double half = 0.0;
    Eigen::Vector3d to = toLps;
    if (plane) {
        n = unitNormal(*plane);
        half = slabHalfThickness(g, n);
        to = toLps - n * n.dot(toLps - fromLps);
    }
    const Eigen::Vector3d u = to - fromLps;
    const double uu = u.squaredNorm();
    const double r2 = brush.radiusMm * brush.radiusMm;
    const Eigen::Matrix3d m = g.direction * g.spacing.asDiagonal();
    const std::uint8_t value = brush.erase ? 0 : 1;

    for (std::int64_t k = box.lo[2]; k <= box.hi[2]; ++k)
        for (std::int64_t j = box.lo[1]; j <= box.hi[1]; ++j) {
            Eigen::Vector3d v =
                g.origin +
                m * Eigen::Vector3d(static_cast<double>(box.lo[0]), static_cast<double>(j),
                                    static_cast<double>(k)) -
                fromLps;
            std::size_t idx = g.linearIndex(box.lo[0], j, k);
            for (std::int64_t i = box.lo[0]; i <= box.hi[0]; ++i, ++idx, v += m.col(0)) {
                Eigen::Vector3d w = v;
                if (plane) {
                    const double d = n.dot(v);
                    if (d < -half || d >= half)
                        continue;
                    w -= n * d;
                }
                const double t = uu > 0.0 ? std::clamp(w.dot(u) / uu, 0.0, 1.0) : 0.0;
                if ((w - t * u).squaredNorm() > r2)
                    continue;
                if (brush.range && !brush.range->contains(brush.image->voxels[idx]))
                    continue;
                mask.voxels[idx] = value;
            }
        }
    return box;
}

Box paintSphere(Mask& mask, const Eigen::Vector3d& centreLps, const Brush& brush) {
    return paintStroke(mask, centreLps, centreLps, std::nullopt, brush);
}

Box paintDisc(Mask& mask, const Eigen::Vector3d& centreLps, const BrushPlane& plane,
              const Brush& brush) {
    return paintStroke(mask, centreLps, centreLps, plane, brush);
}

} // namespace rgw::segmentation
