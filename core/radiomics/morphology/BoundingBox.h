#pragma once

#include "radiomics/morphology/ConvexHull.h"

#include <Eigen/Core>
#include <vector>

namespace rgw::radiomics::morphology {

/// Box edge lengths (mm) and the derived volume and surface area.
struct BoxExtent {
    Eigen::Vector3d edges = Eigen::Vector3d::Zero();
    double volume() const { return edges.prod(); }
    double area() const {
        return 2.0 * (edges[0] * edges[1] + edges[1] * edges[2] + edges[2] * edges[0]);
    }
};

/// Axis-aligned bounding box of physical points (IBSI PBX1 / R59B).
BoxExtent axisAlignedBox(const std::vector<Eigen::Vector3d>& points);

/// Oriented minimum bounding box (IBSI ZH1A / IQYR), approximated as IBSI
/// allows: for every distinct hull face normal the hull is projected onto the
/// face plane and the minimum-area enclosing rectangle of the projection is
/// found exactly by rotating calipers; the smallest resulting box (or the
/// axis-aligned box, if smaller) is returned. Exact whenever the optimal box
/// has a face flush with a hull face, as for boxes and most convex solids.
/// `physical` holds the physical coordinates of the hull's input points.
BoxExtent orientedMinimumBox(const std::vector<Eigen::Vector3i>& lattice,
                             const std::vector<Eigen::Vector3d>& physical, const ConvexHull& hull);

} // namespace rgw::radiomics::morphology
