#include "volume/VolumeView3D.h"

#include "bridge/VtkOpenGLWidget.h"
#include "slice/VtkImageAdapter.h"
#include "util/Error.h"
#include "volume/RoiSurface.h"
#include "volume/VolumeRenderingPreset.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QVBoxLayout>
#include <chrono>
#include <functional>
#include <vtkActor.h>
#include <vtkCamera.h>
#include <vtkCellArray.h>
#include <vtkColorTransferFunction.h>
#include <vtkImageData.h>
#include <vtkInteractorStyleTrackballCamera.h>
#include <vtkObjectFactory.h>
#include <vtkPiecewiseFunction.h>
#include <vtkPoints.h>
#include <vtkPolyData.h>
#include <vtkPolyDataMapper.h>
#include <vtkProperty.h>
#include <vtkRenderer.h>
#include <vtkSmartVolumeMapper.h>
#include <vtkVolume.h>
#include <vtkVolumeProperty.h>

namespace rgw::viewers {

namespace {

/// Trackball camera whose only key is R (reset camera to our anterior view):
/// the other single-letter shortcuts of vtkInteractorStyle (wireframe,
/// stereo, fly-to, pick, exit) make no sense in the workstation.
class ViewerStyle : public vtkInteractorStyleTrackballCamera {
public:
    static ViewerStyle* New();
    vtkTypeMacro(ViewerStyle, vtkInteractorStyleTrackballCamera) std::function<void()> onReset;
    void OnChar() override {
        const char key = GetInteractor()->GetKeyCode();
        if ((key == 'r' || key == 'R') && onReset)
            onReset();
    }
};
vtkStandardNewMacro(ViewerStyle);

// Frame rate the volume rendering aims at while the camera moves.
constexpr double kInteractiveFramesPerSecond = 10.0;

// Slicer's convention: axial red, sagittal yellow, coronal green.
constexpr std::array<std::array<double, 3>, 3> kPlaneColours{{
    {0.95, 0.85, 0.25}, // PatientPlane::Sagittal
    {0.35, 0.80, 0.30}, // PatientPlane::Coronal
    {0.95, 0.25, 0.25}, // PatientPlane::Axial
}};

vtkSmartPointer<vtkPolyData> closedPolyline(const std::vector<Eigen::Vector3d>& corners) {
    auto poly = vtkSmartPointer<vtkPolyData>::New();
    vtkNew<vtkPoints> points;
    for (const auto& c : corners)
        points->InsertNextPoint(c.x(), c.y(), c.z());
    vtkNew<vtkCellArray> lines;
    lines->InsertNextCell(static_cast<vtkIdType>(corners.size() + 1));
    for (std::size_t i = 0; i <= corners.size(); ++i)
        lines->InsertCellPoint(static_cast<vtkIdType>(i % corners.size()));
    poly->SetPoints(points);
    poly->SetLines(lines);
    return poly;
}

} // namespace

VolumeView3D::VolumeView3D(QWidget* parent) : QWidget(parent) {
    canvas_ = new VtkOpenGLWidget(this);
    presetBox_ = new QComboBox(this);
    presetBox_->setToolTip(tr("Volume rendering preset"));
    presetBox_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    for (const auto& preset : volumeRenderingPresets())
        presetBox_->addItem(QString::fromStdString(preset.name));
    presetBox_->setEnabled(false);
    volumeBox_ = new QCheckBox(tr("Volume"), this);
    // Off by default: on software OpenGL a full-quality still frame of a CT
    // takes seconds, and every crosshair move re-renders this view.
    volumeBox_->setChecked(false);
    volumeBox_->setToolTip(tr("Show the volume rendering (off: ROI surfaces and planes only; "
                              "slow on software OpenGL)"));

    auto* top = new QHBoxLayout;
    top->setContentsMargins(4, 2, 4, 2);
    top->addWidget(new QLabel(tr("3D:"), this));
    top->addWidget(presetBox_);
    top->addWidget(volumeBox_);
    top->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(top);
    layout->addWidget(canvas_, 1);

    connect(presetBox_, &QComboBox::activated, this, [this](int index) { applyPreset(index); });
    connect(volumeBox_, &QCheckBox::toggled, this,
            [this](bool on) { setVolumeRenderingVisible(on); });

    workers_.setMaxThreadCount(1); // one build at a time; newer requests cancel older ones
    buildPipeline();
}

VolumeView3D::~VolumeView3D() {
    // Workers post their results to this object: let them finish first.
    if (buildCancel_)
        buildCancel_->cancel();
    workers_.waitForDone();
}

void VolumeView3D::buildPipeline() {
    renderer_ = vtkSmartPointer<vtkRenderer>::New();
    renderer_->SetBackground(0.0, 0.0, 0.0);

    volumeMapper_ = vtkSmartPointer<vtkSmartVolumeMapper>::New();
    // While the camera moves (desired update rate >= the interactive rate)
    // the ray sampling coarsens to keep the frame rate; still frames are at
    // full quality. (Auto-adjusting still frames too was tried: on 3 mm CT
    // slices it leaves visible sampling holes in bone.)
    volumeMapper_->InteractiveAdjustSampleDistancesOn();
    volumeMapper_->SetInteractiveUpdateRate(kInteractiveFramesPerSecond);
    volumeProp_ = vtkSmartPointer<vtkVolume>::New();
    volumeProp_->SetMapper(volumeMapper_);
    vtkVolumeProperty* property = volumeProp_->GetProperty();
    property->SetInterpolationTypeToLinear();
    property->SetAmbient(0.25);
    property->SetDiffuse(0.75);
    property->SetSpecular(0.2);
    property->SetSpecularPower(15.0);
    volumeProp_->VisibilityOff();
    renderer_->AddVolume(volumeProp_);

    for (int p = 0; p < 3; ++p) {
        vtkNew<vtkPolyDataMapper> mapper;
        auto actor = vtkSmartPointer<vtkActor>::New();
        actor->SetMapper(mapper);
        actor->GetProperty()->SetColor(kPlaneColours[p][0], kPlaneColours[p][1],
                                       kPlaneColours[p][2]);
        actor->GetProperty()->SetLineWidth(2.0);
        actor->GetProperty()->LightingOff();
        actor->VisibilityOff();
        renderer_->AddActor(actor);
        planeActors_[p] = actor;
    }

    auto style = vtkSmartPointer<ViewerStyle>::New();
    style->onReset = [this] { resetCamera(); };
    canvas_->interactor()->SetInteractorStyle(style);
    canvas_->interactor()->SetDesiredUpdateRate(kInteractiveFramesPerSecond);
    canvas_->renderWindow()->AddRenderer(renderer_);
    resetCamera();
}

void VolumeView3D::setVolume(std::shared_ptr<const Volume> volume, const QString& modality) {
    if (!volume || volume->empty())
        throw Error("cannot display an empty volume in 3D");
    // Points at spacing * index; the prop's matrix rotates and places them
    // in patient space (VTK 9.1's volume mappers do not use the image's
    // direction matrix consistently, the prop matrix always works).
    auto image = toVtkImage(volume);
    image->SetOrigin(0.0, 0.0, 0.0);
    volumeMapper_->SetInputData(image);
    volumeProp_->SetUserMatrix(toVtkMatrix(scaledIndexToPhysical(volume->geometry)));
    volume_ = std::move(volume);
    presetBox_->setEnabled(true);
    applyPreset(defaultVolumeRenderingPreset(volume_->unit, modality.toStdString()));
    volumeProp_->SetVisibility(volumeRenderingVisible_);
    updatePlanes();
    resetCamera();
}

void VolumeView3D::clear() {
    setSurfaces({});
    volume_.reset();
    volumeMapper_->SetInputData(static_cast<vtkImageData*>(nullptr));
    volumeProp_->VisibilityOff();
    presetBox_->setEnabled(false);
    preset_ = -1;
    crosshair_.reset();
    updatePlanes();
    canvas_->requestRender();
}

QStringList VolumeView3D::presetNames() const {
    QStringList names;
    for (const auto& preset : volumeRenderingPresets())
        names << QString::fromStdString(preset.name);
    return names;
}

void VolumeView3D::applyPreset(int index) {
    const auto& presets = volumeRenderingPresets();
    if (index < 0 || index >= static_cast<int>(presets.size()))
        throw Error("no volume rendering preset number " + std::to_string(index));
    preset_ = index;
    {
        const QSignalBlocker block(presetBox_);
        presetBox_->setCurrentIndex(index);
    }
    if (!volume_)
        return;
    const TransferFunction tf = resolveTransferFunction(presets[std::size_t(index)], *volume_);
    vtkNew<vtkColorTransferFunction> colours;
    for (const auto& p : tf.colours)
        colours->AddRGBPoint(p.value, p.red, p.green, p.blue);
    vtkNew<vtkPiecewiseFunction> opacities;
    for (const auto& p : tf.opacities)
        opacities->AddPoint(p.value, p.opacity);
    vtkVolumeProperty* property = volumeProp_->GetProperty();
    property->SetColor(colours);
    property->SetScalarOpacity(opacities);
    property->SetShade(tf.shade ? 1 : 0);
    volumeMapper_->SetBlendMode(tf.blend == VolumeBlend::MaximumIntensity
                                    ? vtkVolumeMapper::MAXIMUM_INTENSITY_BLEND
                                    : vtkVolumeMapper::COMPOSITE_BLEND);
    canvas_->requestRender();
}

void VolumeView3D::setVolumeRenderingVisible(bool visible) {
    volumeRenderingVisible_ = visible;
    {
        const QSignalBlocker block(volumeBox_);
        volumeBox_->setChecked(visible);
    }
    volumeProp_->SetVisibility(visible && volume_ ? 1 : 0);
    canvas_->requestRender();
}

void VolumeView3D::setSurfaces(std::vector<MaskOverlay> overlays) {
    std::vector<std::pair<int, std::shared_ptr<const Mask>>> work;
    for (std::size_t i = 0; i < overlays.size(); ++i) {
        const auto& o = overlays[i];
        if (!o.mask)
            continue;
        if (o.mask->voxels.size() != o.mask->geometry.voxelCount())
            throw Error("ROI '" + o.name.toStdString() +
                        "': mask voxel count does not match its geometry");
        if (o.visible && !o.mask->empty())
            work.emplace_back(static_cast<int>(i), o.mask);
    }
    overlays_ = std::move(overlays);
    if (buildCancel_)
        buildCancel_->cancel();
    auto cancel = std::make_shared<CancelToken>();
    buildCancel_ = cancel;
    const int generation = ++generation_;
    ++pendingJobs_;
    workers_.start([this, work = std::move(work), cancel, generation] {
        const auto start = std::chrono::steady_clock::now();
        std::vector<BuiltSurface> built;
        for (const auto& [index, mask] : work) {
            if (cancel->isCancelled())
                break;
            auto mesh = buildRoiSurface(*mask, {}, cancel.get());
            if (mesh && mesh->GetNumberOfPoints() > 0)
                built.push_back({index, mesh});
        }
        const double ms =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                .count();
        QMetaObject::invokeMethod(
            this, [this, generation, built, ms] { showSurfaces(generation, built, ms); },
            Qt::QueuedConnection);
    });
}

void VolumeView3D::showSurfaces(int generation, std::vector<BuiltSurface> built, double ms) {
    --pendingJobs_;
    if (generation != generation_)
        return; // superseded by a newer setSurfaces
    for (const auto& actor : surfaceActors_)
        renderer_->RemoveActor(actor);
    surfaceActors_.clear();
    meshes_.clear();
    surfaceNames_.clear();
    for (const auto& surface : built) {
        const MaskOverlay& overlay = overlays_[std::size_t(surface.overlay)];
        vtkNew<vtkPolyDataMapper> mapper;
        mapper->SetInputData(surface.mesh);
        mapper->ScalarVisibilityOff();
        auto actor = vtkSmartPointer<vtkActor>::New();
        actor->SetMapper(mapper);
        vtkProperty* property = actor->GetProperty();
        property->SetColor(overlay.colour.redF(), overlay.colour.greenF(), overlay.colour.blueF());
        property->SetAmbient(0.15);
        property->SetDiffuse(0.8);
        property->SetSpecular(0.25);
        property->SetSpecularPower(20.0);
        renderer_->AddActor(actor);
        surfaceActors_.push_back(actor);
        meshes_.push_back(surface.mesh);
        surfaceNames_ << overlay.name;
    }
    lastBuildMs_ = ms;
    if (!volume_)
        resetCamera(); // nothing else to frame the view
    canvas_->requestRender();
    emit surfacesReady();
}

QStringList VolumeView3D::surfaceNames() const {
    return surfaceNames_;
}

void VolumeView3D::setSlicePlanes(const Eigen::Vector3d& crosshairLps) {
    crosshair_ = crosshairLps;
    updatePlanes();
    canvas_->requestRender();
}

void VolumeView3D::setSlicePlanesVisible(bool visible) {
    planesVisible_ = visible;
    updatePlanes();
    canvas_->requestRender();
}

void VolumeView3D::updatePlanes() {
    for (int p = 0; p < 3; ++p) {
        planeOutlines_[std::size_t(p)].clear();
        if (volume_ && crosshair_ && planesVisible_)
            planeOutlines_[std::size_t(p)] =
                slicePlaneSection(volume_->geometry, static_cast<PatientPlane>(p), *crosshair_);
        const auto& corners = planeOutlines_[std::size_t(p)];
        vtkActor* actor = planeActors_[std::size_t(p)];
        if (corners.empty()) {
            actor->VisibilityOff();
            continue;
        }
        static_cast<vtkPolyDataMapper*>(actor->GetMapper())->SetInputData(closedPolyline(corners));
        actor->VisibilityOn();
    }
}

std::vector<Eigen::Vector3d> VolumeView3D::slicePlaneOutline(PatientPlane plane) const {
    return planeOutlines_[static_cast<std::size_t>(plane)];
}

std::array<double, 6> VolumeView3D::volumeBounds() const {
    std::array<double, 6> bounds{0, 0, 0, 0, 0, 0};
    if (!volume_)
        return bounds;
    const double* b = volumeProp_->GetBounds();
    std::copy(b, b + 6, bounds.begin());
    return bounds;
}

void VolumeView3D::resetCamera() {
    vtkCamera* camera = renderer_->GetActiveCamera();
    // Anterior view: looking along +y (LPS posterior) with the head (+z) up.
    camera->SetFocalPoint(0.0, 0.0, 0.0);
    camera->SetPosition(0.0, -1.0, 0.0);
    camera->SetViewUp(0.0, 0.0, 1.0);
    // Frame the whole volume even when its rendering is hidden (the visible
    // props alone may be nothing yet, or one small ROI surface).
    if (volume_) {
        double bounds[6];
        const auto b = volumeBounds();
        std::copy(b.begin(), b.end(), bounds);
        renderer_->ResetCamera(bounds);
    } else {
        renderer_->ResetCamera();
    }
    renderer_->ResetCameraClippingRange();
    canvas_->requestRender();
}

} // namespace rgw::viewers
