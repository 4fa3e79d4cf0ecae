#include "image/Geometry.h"

namespace rgw {

bool Geometry::sameGrid(const Geometry& other, double toleranceMm) const {
    if (size != other.size)
        return false;
    if ((origin - other.origin).cwiseAbs().maxCoeff() > toleranceMm)
        return false;
    // Compare where the far corner of the grid lands, which scales spacing and
    // direction differences by the extent of the image.
    const Eigen::Vector3d far(static_cast<double>(size[0] - 1), static_cast<double>(size[1] - 1),
                              static_cast<double>(size[2] - 1));
    for (int axis = 0; axis < 3; ++axis) {
        Eigen::Vector3d step = Eigen::Vector3d::Zero();
        step[axis] = far[axis] > 0 ? far[axis] : 1.0;
        if ((physicalPoint(step) - other.physicalPoint(step)).cwiseAbs().maxCoeff() > toleranceMm)
            return false;
    }
    return true;
}

} // namespace rgw
