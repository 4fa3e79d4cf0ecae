#include "slice/VtkImageAdapter.h"

#include "util/Error.h"

#include <cmath>
#include <vtkCallbackCommand.h>
#include <vtkCommand.h>
#include <vtkFloatArray.h>
#include <vtkPointData.h>
#include <vtkUnsignedCharArray.h>

namespace rgw::viewers {

bool isAxisAligned(const Geometry& geometry, double tolerance) {
    return (geometry.direction - Eigen::Matrix3d::Identity()).cwiseAbs().maxCoeff() <= tolerance;
}

namespace {

void setGeometry(vtkImageData* image, const Geometry& g) {
    if (g.voxelCount() == 0)
        throw Error("cannot display an image with an empty voxel grid");
    image->SetDimensions(static_cast<int>(g.size[0]), static_cast<int>(g.size[1]),
                         static_cast<int>(g.size[2]));
    image->SetSpacing(g.spacing.x(), g.spacing.y(), g.spacing.z());
    if (isAxisAligned(g))
        image->SetOrigin(g.origin.x(), g.origin.y(), g.origin.z());
    else
        image->SetOrigin(0.0, 0.0, 0.0);
}

// Ties the lifetime of the shared voxels to the VTK image: released when the
// image is deleted.
template <class Owner> void keepAlive(vtkImageData* image, std::shared_ptr<const Owner> owner) {
    auto* holder = new std::shared_ptr<const Owner>(std::move(owner));
    vtkNew<vtkCallbackCommand> release;
    release->SetClientData(holder);
    release->SetCallback([](vtkObject*, unsigned long, void* client, void*) {
        delete static_cast<std::shared_ptr<const Owner>*>(client);
    });
    image->AddObserver(vtkCommand::DeleteEvent, release);
}

} // namespace

vtkSmartPointer<vtkImageData> toVtkImage(std::shared_ptr<const Volume> volume) {
    auto image = vtkSmartPointer<vtkImageData>::New();
    setGeometry(image, volume->geometry);
    if (volume->voxels.size() != volume->geometry.voxelCount())
        throw Error("volume voxel count does not match its geometry");
    vtkNew<vtkFloatArray> scalars;
    scalars->SetName("intensity");
    // VTK never writes through this pointer for display; save=1: not VTK's to free.
    scalars->SetArray(const_cast<float*>(volume->voxels.data()),
                      static_cast<vtkIdType>(volume->voxels.size()), 1);
    image->GetPointData()->SetScalars(scalars);
    keepAlive(image, std::move(volume));
    return image;
}

vtkSmartPointer<vtkImageData> toVtkImage(std::shared_ptr<const Mask> mask) {
    auto image = vtkSmartPointer<vtkImageData>::New();
    setGeometry(image, mask->geometry);
    if (mask->voxels.size() != mask->geometry.voxelCount())
        throw Error("mask voxel count does not match its geometry");
    vtkNew<vtkUnsignedCharArray> scalars;
    scalars->SetName("label");
    scalars->SetArray(const_cast<std::uint8_t*>(mask->voxels.data()),
                      static_cast<vtkIdType>(mask->voxels.size()), 1);
    image->GetPointData()->SetScalars(scalars);
    keepAlive(image, std::move(mask));
    return image;
}

} // namespace rgw::viewers
