#pragma once

#include "image/Image.h"
#include "util/Cancel.h"

#include <Eigen/Core>
#include <array>
#include <vtkMatrix4x4.h>
#include <vtkPolyData.h>
#include <vtkSmartPointer.h>

class vtkProperty;

namespace rgw::viewers {

/// Smoothing of ROI surfaces (vtkWindowedSincPolyDataFilter): a low pass band
/// removes the voxel staircase while keeping the volume and area close to
/// the true shape's.
struct SurfaceSettings {
    int smoothingIterations = 20;
    double passBand = 0.01;
};

/// A 4x4 VTK matrix from an Eigen one (row-major copy).
vtkSmartPointer<vtkMatrix4x4> toVtkMatrix(const Eigen::Matrix4d& m);

/// Rigid part of the index-to-patient map for an image whose VTK points are
/// at spacing * index (origin 0): patient = origin + direction * point.
Eigen::Matrix4d scaledIndexToPhysical(const Geometry& geometry);

/// Closed, smooth triangle surface of the mask (iso-surface at 0.5 of the 0/1
/// mask by flying edges, windowed-sinc smoothing, point normals) in patient
/// coordinates, LPS mm, through the full direction matrix. The mask is
/// cropped to its bounding box plus one empty voxel so that ROIs touching the
/// image border still close. An empty mask gives an empty mesh; returns null
/// when `cancel` is set during the work. Safe to call off the GUI thread.
/// Throws rgw::Error when the voxel count does not match the geometry.
vtkSmartPointer<vtkPolyData> buildRoiSurface(const Mask& mask, const SurfaceSettings& settings = {},
                                             const CancelToken* cancel = nullptr);

/// The mesh to draw for `mesh`: itself when it has at most `maxTriangles`
/// triangles, else a quadric decimation to about that many (volume
/// preserved, smooth normals). With software OpenGL a view's frame time grows
/// with the triangles drawn; measurements use the full mesh.
vtkSmartPointer<vtkPolyData> displayMesh(vtkPolyData* mesh, vtkIdType maxTriangles = 6000);

/// The material of an ROI surface in the 3D view: its colour (0..1), lit
/// with a soft specular highlight.
void applySurfaceLook(vtkProperty* property, const std::array<double, 3>& colour);

} // namespace rgw::viewers
