#pragma once

#include "image/Image.h"

#include <memory>
#include <vtkImageData.h>
#include <vtkSmartPointer.h>

namespace rgw::viewers {

/// True when the volume's axes are the patient axes (direction = identity
/// within `tolerance`): its voxel grid can be shown in LPS millimetres with
/// origin and spacing alone.
bool isAxisAligned(const Geometry& geometry, double tolerance = 1e-4);

/// Wraps the voxels as vtkImageData without copying; the returned image
/// keeps `volume` alive. Axis-aligned volumes keep origin and spacing (LPS mm);
/// others are shown in index space (origin 0, spacing kept) — the caller says so.
vtkSmartPointer<vtkImageData> toVtkImage(std::shared_ptr<const Volume> volume);
vtkSmartPointer<vtkImageData> toVtkImage(std::shared_ptr<const Mask> mask);

} // namespace rgw::viewers
