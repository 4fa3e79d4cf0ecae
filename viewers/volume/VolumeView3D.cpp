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
#include <limits>
#include <vtkActor.h>
#include <vtkCamera.h>
#include <vtkCellArray.h>
#include <vtkCommand.h>
#include <vtkImageData.h>
#include <vtkInteractorStyleTrackballCamera.h>
#include <vtkObjectFactory.h>
#include <vtkPoints.h>
#include <vtkPolyData.h>
#include <vtkPolyDataMapper.h>
#include <vtkProperty.h>
#include <vtkRenderWindow.h>
#include <vtkRenderer.h>
#include <vtkTexture.h>

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
    // Off by default: the ray caster's shading gradients take 3 bytes per
    // voxel and its frames CPU time; surfaces and planes alone are the
    // clean 3D picture of the ROIs.
    volumeBox_->setChecked(false);
    volumeBox_->setToolTip(tr("Show the volume rendering (off: ROI surfaces and planes only). "
                              "Drawn in the background: a coarse preview, then full quality."));

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
    volumeRenderer_ = new OffscreenVolumeRenderer(this);
    connect(volumeRenderer_, &OffscreenVolumeRenderer::frameReady, this,
            &VolumeView3D::showVolumeFrame);
    buildPipeline();
}

VolumeView3D::~VolumeView3D() {
    // Workers post their results to this object: let them finish first.
    if (buildCancel_)
        buildCancel_->cancel();
    workers_.waitForDone();
    canvas_->renderWindow()->RemoveObserver(frameObserver_);
}

void VolumeView3D::buildPipeline() {
    renderer_ = vtkSmartPointer<vtkRenderer>::New();
    renderer_->SetBackground(0.0, 0.0, 0.0);
    // The volume-rendered frame, shown 1:1 behind the planes.
    volumeBackdropImage_ = vtkSmartPointer<vtkImageData>::New();
    volumeBackdrop_ = vtkSmartPointer<vtkTexture>::New();
    volumeBackdrop_->SetInputData(volumeBackdropImage_);
    volumeBackdrop_->InterpolateOff();
    volumeBackdrop_->SetColorModeToDirectScalars();
    renderer_->SetBackgroundTexture(volumeBackdrop_);
    renderer_->TexturedBackgroundOff();

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
    canvas_->renderWindow()->AddRenderer(renderer_);
    frameObserver_ = canvas_->renderWindow()->AddObserver(vtkCommand::StartEvent, this,
                                                          &VolumeView3D::prepareFrame);
    resetCamera();
}

void VolumeView3D::setVolume(std::shared_ptr<const Volume> volume, const QString& modality) {
    if (!volume || volume->empty())
        throw Error("cannot display an empty volume in 3D");
    volume_ = std::move(volume);
    presetBox_->setEnabled(true);
    applyPreset(defaultVolumeRenderingPreset(volume_->unit, modality.toStdString()));
    updatePlanes();
    resetCamera();
}

void VolumeView3D::clear() {
    setSurfaces({});
    volume_.reset();
    sceneChanged();
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
    transfer_ = resolveTransferFunction(presets[std::size_t(index)], *volume_);
    sceneChanged();
}

void VolumeView3D::setVolumeRenderingVisible(bool visible) {
    volumeRenderingVisible_ = visible;
    {
        const QSignalBlocker block(volumeBox_);
        volumeBox_->setChecked(visible);
    }
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
            if (mesh && mesh->GetNumberOfPoints() > 0 && !cancel->isCancelled())
                built.push_back({index, mesh, displayMesh(mesh)});
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
    displayMeshes_.clear();
    surfaceNames_.clear();
    for (const auto& surface : built) {
        const MaskOverlay& overlay = overlays_[std::size_t(surface.overlay)];
        vtkNew<vtkPolyDataMapper> mapper;
        mapper->SetInputData(surface.display);
        mapper->ScalarVisibilityOff();
        auto actor = vtkSmartPointer<vtkActor>::New();
        actor->SetMapper(mapper);
        applySurfaceLook(actor->GetProperty(),
                         {overlay.colour.redF(), overlay.colour.greenF(), overlay.colour.blueF()});
        renderer_->AddActor(actor);
        surfaceActors_.push_back(actor);
        meshes_.push_back(surface.mesh);
        displayMeshes_.push_back(surface.display);
        surfaceNames_ << overlay.name;
    }
    lastBuildMs_ = ms;
    if (!volume_)
        resetCamera(); // nothing else to frame the view
    sceneChanged();
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
    // The box around the grid's eight corner voxel centres, in LPS.
    const Geometry& g = volume_->geometry;
    Eigen::Vector3d lo = Eigen::Vector3d::Constant(std::numeric_limits<double>::max());
    Eigen::Vector3d hi = -lo;
    for (int c = 0; c < 8; ++c) {
        const Eigen::Vector3d corner = g.physicalPoint({(c & 1) ? double(g.size[0] - 1) : 0.0,
                                                        (c & 2) ? double(g.size[1] - 1) : 0.0,
                                                        (c & 4) ? double(g.size[2] - 1) : 0.0});
        lo = lo.cwiseMin(corner);
        hi = hi.cwiseMax(corner);
    }
    for (int a = 0; a < 3; ++a) {
        bounds[std::size_t(2 * a)] = lo[a];
        bounds[std::size_t(2 * a + 1)] = hi[a];
    }
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

void VolumeView3D::sceneChanged() {
    sceneDirty_ = true;
    canvas_->requestRender();
}

std::optional<VolumeFrameKey> VolumeView3D::currentVolumeKey() {
    if (!volumeRenderingVisible_ || !volume_)
        return std::nullopt;
    if (sceneDirty_) {
        VolumeScene scene;
        scene.volume = volume_;
        scene.transfer = transfer_;
        for (std::size_t n = 0; n < displayMeshes_.size(); ++n) {
            auto copy = vtkSmartPointer<vtkPolyData>::New();
            copy->DeepCopy(displayMeshes_[n]); // the renderer's thread gets its own
            double colour[3];
            surfaceActors_[n]->GetProperty()->GetColor(colour);
            scene.surfaces.push_back({copy, {colour[0], colour[1], colour[2]}});
        }
        scene_ = volumeRenderer_->setScene(std::move(scene));
        sceneDirty_ = false;
    }
    const int* size = canvas_->renderWindow()->GetSize();
    return VolumeFrameKey{scene_, CameraState::of(renderer_->GetActiveCamera()),
                          QSize(size[0], size[1])};
}

void VolumeView3D::prepareFrame() {
    const std::optional<VolumeFrameKey> key = currentVolumeKey();
    const bool showVolume = key && shownKey_ == key;
    if (key && requestedKey_ != key) {
        volumeRenderer_->request(*key);
        requestedKey_ = key;
    }
    // A shown frame has the surfaces drawn in, in depth order with the volume.
    renderer_->SetTexturedBackground(showVolume);
    for (const auto& actor : surfaceActors_)
        actor->SetVisibility(!showVolume);
}

void VolumeView3D::showVolumeFrame(const VolumeFrame& frame) {
    if (frame.key != requestedKey_ || (shownKey_ == frame.key && shownFinal_))
        return; // superseded, or a coarse frame overtaken by the final one
    const int w = frame.key.size.width(), h = frame.key.size.height();
    volumeBackdropImage_->SetDimensions(w, h, 1);
    volumeBackdropImage_->AllocateScalars(VTK_UNSIGNED_CHAR, 3);
    std::copy(frame.rgb->begin(), frame.rgb->end(),
              static_cast<unsigned char*>(volumeBackdropImage_->GetScalarPointer()));
    volumeBackdropImage_->Modified();
    shownKey_ = frame.key;
    shownFinal_ = frame.final;
    canvas_->requestRender();
    emit volumeFrameShown(frame.final);
}

bool VolumeView3D::volumeFramePending() const {
    if (!volumeRenderingVisible_ || !volume_)
        return false;
    if (sceneDirty_ || !shownKey_ || !shownFinal_)
        return true;
    const int* size = canvas_->renderWindow()->GetSize();
    const VolumeFrameKey key{scene_, CameraState::of(renderer_->GetActiveCamera()),
                             QSize(size[0], size[1])};
    return !(key == *shownKey_);
}

} // namespace rgw::viewers
