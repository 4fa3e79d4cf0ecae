#include "volume/RoiSurface.h"

#include "image/VoxelBox.h"
#include "util/Error.h"

#include <algorithm>
#include <array>
#include <vtkFlyingEdges3D.h>
#include <vtkImageData.h>
#include <vtkPointData.h>
#include <vtkPolyDataNormals.h>
#include <vtkProperty.h>
#include <vtkQuadricDecimation.h>
#include <vtkTransform.h>
#include <vtkTransformPolyDataFilter.h>
#include <vtkUnsignedCharArray.h>
#include <vtkWindowedSincPolyDataFilter.h>

namespace rgw::viewers {

vtkSmartPointer<vtkMatrix4x4> toVtkMatrix(const Eigen::Matrix4d& m) {
    auto out = vtkSmartPointer<vtkMatrix4x4>::New();
    for (int r = 0; r < 4; ++r)
        for (int c = 0; c < 4; ++c)
            out->SetElement(r, c, m(r, c));
    return out;
}

Eigen::Matrix4d scaledIndexToPhysical(const Geometry& geometry) {
    Eigen::Matrix4d m = Eigen::Matrix4d::Identity();
    m.topLeftCorner<3, 3>() = geometry.direction;
    m.topRightCorner<3, 1>() = geometry.origin;
    return m;
}

namespace {

using Box = VoxelBox;

// The mask inside `box`, with one zero voxel of padding on every side, as
// vtkImageData whose points are at spacing * index (mm, unrotated).
vtkSmartPointer<vtkImageData> paddedCrop(const Mask& mask, const Box& box) {
    const auto& g = mask.geometry;
    const std::array<std::int64_t, 3> dims{box.hi[0] - box.lo[0] + 3, box.hi[1] - box.lo[1] + 3,
                                           box.hi[2] - box.lo[2] + 3};
    auto image = vtkSmartPointer<vtkImageData>::New();
    image->SetDimensions(static_cast<int>(dims[0]), static_cast<int>(dims[1]),
                         static_cast<int>(dims[2]));
    image->SetSpacing(g.spacing.x(), g.spacing.y(), g.spacing.z());
    image->SetOrigin(double(box.lo[0] - 1) * g.spacing.x(), double(box.lo[1] - 1) * g.spacing.y(),
                     double(box.lo[2] - 1) * g.spacing.z());
    vtkNew<vtkUnsignedCharArray> scalars;
    scalars->SetNumberOfValues(dims[0] * dims[1] * dims[2]);
    std::uint8_t* out = scalars->GetPointer(0);
    std::fill_n(out, dims[0] * dims[1] * dims[2], std::uint8_t{0});
    for (std::int64_t k = box.lo[2]; k <= box.hi[2]; ++k)
        for (std::int64_t j = box.lo[1]; j <= box.hi[1]; ++j) {
            const std::uint8_t* row = &mask.voxels[g.linearIndex(box.lo[0], j, k)];
            std::uint8_t* dst =
                out + ((k - box.lo[2] + 1) * dims[1] + (j - box.lo[1] + 1)) * dims[0] + 1;
            for (std::int64_t i = 0; i <= box.hi[0] - box.lo[0]; ++i)
                dst[i] = row[i] ? 1 : 0;
        }
    image->GetPointData()->SetScalars(scalars);
    return image;
}

} // namespace

vtkSmartPointer<vtkPolyData> buildRoiSurface(const Mask& mask, const SurfaceSettings& settings,
                                             const CancelToken* cancel) {
    const auto& g = mask.geometry;
    if (mask.voxels.size() != g.voxelCount())
        throw Error("mask voxel count (" + std::to_string(mask.voxels.size()) +
                    ") does not match its geometry (" + std::to_string(g.voxelCount()) + ")");
    auto cancelled = [cancel] { return cancel && cancel->isCancelled(); };
    const Box box = boundingBox(mask);
    if (box.empty())
        return vtkSmartPointer<vtkPolyData>::New();
    if (cancelled())
        return nullptr;

    vtkNew<vtkFlyingEdges3D> contour;
    contour->SetInputData(paddedCrop(mask, box));
    contour->SetValue(0, 0.5);
    contour->ComputeNormalsOff();
    contour->ComputeGradientsOff();
    contour->ComputeScalarsOff();
    contour->Update();
    if (cancelled())
        return nullptr;

    vtkNew<vtkWindowedSincPolyDataFilter> smooth;
    smooth->SetInputConnection(contour->GetOutputPort());
    smooth->SetNumberOfIterations(settings.smoothingIterations);
    smooth->SetPassBand(settings.passBand);
    smooth->NormalizeCoordinatesOn(); // pass band independent of the ROI's size
    smooth->BoundarySmoothingOff();
    smooth->FeatureEdgeSmoothingOff();
    smooth->NonManifoldSmoothingOn();
    smooth->Update();
    if (cancelled())
        return nullptr;

    // Rotation + translation into patient space (spacing is already in the points).
    vtkNew<vtkTransform> toPatient;
    toPatient->SetMatrix(toVtkMatrix(scaledIndexToPhysical(g)));
    vtkNew<vtkTransformPolyDataFilter> place;
    place->SetInputConnection(smooth->GetOutputPort());
    place->SetTransform(toPatient);

    // Normals after placement; a left-handed direction matrix flips the
    // triangle winding, so let the filter orient them outwards.
    vtkNew<vtkPolyDataNormals> normals;
    normals->SetInputConnection(place->GetOutputPort());
    normals->ComputePointNormalsOn();
    normals->SplittingOff();
    normals->ConsistencyOn();
    normals->AutoOrientNormalsOn();
    normals->Update();
    if (cancelled())
        return nullptr;

    auto result = vtkSmartPointer<vtkPolyData>::New();
    result->ShallowCopy(normals->GetOutput());
    return result;
}

vtkSmartPointer<vtkPolyData> displayMesh(vtkPolyData* mesh, vtkIdType maxTriangles) {
    const vtkIdType triangles = mesh ? mesh->GetNumberOfPolys() : 0;
    if (triangles <= maxTriangles)
        return mesh;
    vtkNew<vtkQuadricDecimation> decimate;
    decimate->SetInputData(mesh);
    decimate->SetTargetReduction(1.0 - static_cast<double>(maxTriangles) /
                                           static_cast<double>(triangles));
    decimate->VolumePreservationOn();
    vtkNew<vtkPolyDataNormals> normals; // smooth shading of the coarser mesh
    normals->SetInputConnection(decimate->GetOutputPort());
    normals->ComputePointNormalsOn();
    normals->SplittingOff();
    normals->ConsistencyOn();
    normals->AutoOrientNormalsOn();
    normals->Update();
    auto result = vtkSmartPointer<vtkPolyData>::New();
    result->ShallowCopy(normals->GetOutput());
    return result;
}

void applySurfaceLook(vtkProperty* property, const std::array<double, 3>& colour) {
    property->SetColor(colour[0], colour[1], colour[2]);
    property->SetAmbient(0.15);
    property->SetDiffuse(0.8);
    property->SetSpecular(0.25);
    property->SetSpecularPower(20.0);
}

} // namespace rgw::viewers
