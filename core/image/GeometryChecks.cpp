#include "image/GeometryChecks.h"

#include "util/Error.h"

#include <Eigen/LU>
#include <cmath>
#include <cstdio>

namespace rgw {
namespace {

std::string number(double x) {
    char text[40];
    std::snprintf(text, sizeof text, "%.17g", x);
    return text;
}

} // namespace

bool isPhysicalCoordinate(double x) {
    return std::isfinite(x) && std::abs(x) <= kMaxCoordinateMm;
}

void requirePhysicalCoordinate(double x, const std::string& where, const std::string& what) {
    if (!isPhysicalCoordinate(x))
        throw Error(where + ": " + what + " " + number(x) + " is not finite or outside ±1e6 mm");
}

void requirePhysicalGeometry(const Geometry& g, const std::string& where) {
    for (int a = 0; a < 3; ++a) {
        if (g.size[a] < 1)
            throw Error(where + ": image size " + std::to_string(g.size[a]) + " along axis " +
                        std::to_string(a) + " (must be at least 1)");
        requirePhysicalCoordinate(g.origin[a], where, "origin coordinate");
        const double s = g.spacing[a];
        if (!(std::isfinite(s) && s >= kMinSpacingMm && s <= kMaxSpacingMm))
            throw Error(where + ": voxel spacing " + number(s) + " mm along axis " +
                        std::to_string(a) + " is not finite or outside [1e-6, 1e6] mm");
        const Eigen::Vector3d axis = g.direction.col(a);
        if (!axis.allFinite() || std::abs(axis.norm() - 1.0) > 1e-3)
            throw Error(where + ": direction cosines of axis " + std::to_string(a) +
                        " are not finite unit vectors");
    }
    if (!(std::abs(g.direction.determinant()) >= 0.5))
        throw Error(where + ": the direction cosines are degenerate (axes nearly parallel)");
}

} // namespace rgw
