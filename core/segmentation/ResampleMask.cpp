#include "segmentation/ResampleMask.h"

#include "segmentation/Box.h"
#include "segmentation/ToolTypes.h"
#include "util/Error.h"

#include <algorithm>
#include <cmath>

namespace rgw::segmentation {

namespace {

double trilinear(const Mask& m, const Eigen::Vector3d& c) {
    const Geometry& g = m.geometry;
    const double fx = std::floor(c[0]), fy = std::floor(c[1]), fz = std::floor(c[2]);
    const auto i0 = static_cast<std::int64_t>(fx), j0 = static_cast<std::int64_t>(fy),
               k0 = static_cast<std::int64_t>(fz);
    const double tx = c[0] - fx, ty = c[1] - fy, tz = c[2] - fz;
    double sum = 0.0;
    for (int dk = 0; dk < 2; ++dk)
        for (int dj = 0; dj < 2; ++dj)
            for (int di = 0; di < 2; ++di) {
                const std::int64_t i = i0 + di, j = j0 + dj, k = k0 + dk;
                if (!g.contains(i, j, k) || !m.at(i, j, k))
                    continue;
                sum += (di ? tx : 1 - tx) * (dj ? ty : 1 - ty) * (dk ? tz : 1 - tz);
            }
    return sum;
}

} // namespace

Mask resampleMask(const Mask& source, const Geometry& target) {
    const Geometry& sg = source.geometry;
    if (source.voxels.size() != sg.voxelCount())
        throw Error("resample mask: source mask data does not match its geometry");
    for (int d = 0; d < 3; ++d)
        if (!(target.spacing[d] > 0.0) || !(sg.spacing[d] > 0.0))
            throw Error("resample mask: voxel spacing must be positive");
    Mask out(target, 0);
    const Box sb = maskBoundingBox(source);
    if (sb.empty())
        return out;

    // Target voxels that can see the source mask: its box grown by one voxel
    // (the trilinear support), mapped through patient space.
    Eigen::Vector3d lo = Eigen::Vector3d::Constant(1e300), hi = -lo;
    for (int corner = 0; corner < 8; ++corner) {
        Eigen::Vector3d idx;
        for (int d = 0; d < 3; ++d)
            idx[d] = static_cast<double>((corner >> d) & 1 ? sb.hi[d] + 1 : sb.lo[d] - 1);
        const Eigen::Vector3d t = target.continuousIndex(sg.physicalPoint(idx));
        lo = lo.cwiseMin(t);
        hi = hi.cwiseMax(t);
    }
    Box tb;
    for (int d = 0; d < 3; ++d) {
        tb.lo[d] = static_cast<std::int64_t>(std::floor(lo[d])) - 1;
        tb.hi[d] = static_cast<std::int64_t>(std::ceil(hi[d])) + 1;
    }
    tb = clampTo(tb, target);
    if (tb.empty())
        return out;

    // Sub-samples per target axis: enough to see source voxels inside it.
    const double ratio = target.spacing.maxCoeff() / sg.spacing.minCoeff();
    const int m = std::clamp(static_cast<int>(std::ceil(ratio - 1e-9)), 1, 4);
    // Target index -> source continuous index.
    const Eigen::Matrix3d a = sg.spacing.cwiseInverse().asDiagonal() * sg.direction.transpose() *
                              target.direction * target.spacing.asDiagonal();
    const Eigen::Vector3d b = sg.continuousIndex(target.origin);
    std::vector<Eigen::Vector3d> offsets;
    for (int z = 0; z < m; ++z)
        for (int y = 0; y < m; ++y)
            for (int x = 0; x < m; ++x)
                offsets.push_back(a * Eigen::Vector3d((x + 0.5) / m - 0.5, (y + 0.5) / m - 0.5,
                                                      (z + 0.5) / m - 0.5));
    const double needed = 0.5 * static_cast<double>(offsets.size());
    for (std::int64_t k = tb.lo[2]; k <= tb.hi[2]; ++k)
        for (std::int64_t j = tb.lo[1]; j <= tb.hi[1]; ++j)
            for (std::int64_t i = tb.lo[0]; i <= tb.hi[0]; ++i) {
                const Eigen::Vector3d c =
                    b + a * Eigen::Vector3d(static_cast<double>(i), static_cast<double>(j),
                                            static_cast<double>(k));
                double covered = 0.0;
                for (const Eigen::Vector3d& o : offsets)
                    covered += trilinear(source, c + o);
                out.at(i, j, k) = covered >= needed ? 1 : 0;
            }
    return out;
}

} // namespace rgw::segmentation
