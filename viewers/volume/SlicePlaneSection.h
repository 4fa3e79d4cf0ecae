#pragma once

#include "image/Geometry.h"

#include <Eigen/Core>
#include <vector>

namespace rgw::viewers {

/// Patient axes of the three radiological slice planes (LPS): a sagittal
/// plane has constant x, coronal constant y, axial constant z.
enum class PatientPlane { Sagittal = 0, Coronal = 1, Axial = 2 };

/// The outline of a slice plane in the 3D view: the polygon where the patient
/// plane of `plane` through `point` cuts the volume's box (the voxel-centre
/// extent, oblique or not), corners in order around the polygon, in LPS mm.
/// Empty when the plane misses the volume.
std::vector<Eigen::Vector3d> slicePlaneSection(const Geometry& geometry, PatientPlane plane,
                                               const Eigen::Vector3d& point);

} // namespace rgw::viewers
