#include "volume/VolumeView3D.h"

#include "bridge/VtkOpenGLWidget.h"
#include "slice/AnnotationText.h"
#include "slice/VtkImageAdapter.h"
#include "util/Error.h"
#include "volume/RoiSurface.h"
#include "volume/VolumeRenderingPreset.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHelpEvent>
#include <QLabel>
#include <QSignalBlocker>
#include <QToolTip>
#include <QVBoxLayout>
#include <chrono>
#include <functional>
#include <limits>
#include <vtkActor.h>
#include <vtkAnnotatedCubeActor.h>
#include <vtkCamera.h>
#include <vtkCellArray.h>
#include <vtkCommand.h>
#include <vtkImageData.h>
#include <vtkInteractorStyleTrackballCamera.h>
#include <vtkObjectFactory.h>
#include <vtkOrientationMarkerWidget.h>
#include <vtkPlaneSource.h>
#include <vtkPointData.h>
#include <vtkPoints.h>
#include <vtkPolyData.h>
#include <vtkPolyDataMapper.h>
#include <vtkProperty.h>
#include <vtkRenderWindow.h>
#include <vtkRenderer.h>
#include <vtkTextActor.h>
#include <vtkTextProperty.h>
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

SliceOrientation orientationOf(PatientPlane plane) {
    switch (plane) {
    case PatientPlane::Sagittal:
        return SliceOrientation::Sagittal;
    case PatientPlane::Coronal:
        return SliceOrientation::Coronal;
    case PatientPlane::Axial:
        break;
    }
    return SliceOrientation::Axial;
}

// The orientation cube: faces named by the patient direction they face (LPS).
vtkSmartPointer<vtkAnnotatedCubeActor> orientationCube() {
    auto cube = vtkSmartPointer<vtkAnnotatedCubeActor>::New();
    cube->SetXPlusFaceText("L");
    cube->SetXMinusFaceText("R");
    cube->SetYPlusFaceText("P");
    cube->SetYMinusFaceText("A");
    cube->SetZPlusFaceText("S");
    cube->SetZMinusFaceText("I");
    cube->SetFaceTextScale(0.6);
    cube->GetCubeProperty()->SetColor(0.25, 0.3, 0.4);
    cube->GetTextEdgesProperty()->SetColor(0.9, 0.9, 0.9);
    cube->GetTextEdgesProperty()->SetLineWidth(1.0);
    for (vtkProperty* face : {cube->GetXPlusFaceProperty(), cube->GetXMinusFaceProperty(),
                              cube->GetYPlusFaceProperty(), cube->GetYMinusFaceProperty(),
                              cube->GetZPlusFaceProperty(), cube->GetZMinusFaceProperty()}) {
        face->SetColor(0.95, 0.95, 0.95);
        face->SetInterpolationToFlat();
    }
    return cube;
}

vtkSmartPointer<vtkTextActor> captionActor() {
    auto actor = vtkSmartPointer<vtkTextActor>::New();
    actor->SetTextScaleModeToNone();
    actor->GetPositionCoordinate()->SetCoordinateSystemToDisplay();
    actor->VisibilityOff();
    return actor;
}

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
    canvas_->setMinimumSize(120, 100); // room for the caption and the orientation cube
    canvas_->installEventFilter(this);
    presetBox_ = new QComboBox(this);
    presetBox_->setToolTip(tr("Volume rendering preset (active while Volume is on)"));
    presetBox_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    presetBox_->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
    for (const auto& preset : volumeRenderingPresets())
        presetBox_->addItem(QString::fromStdString(preset.name));
    presetBox_->setEnabled(false);
    volumeBox_ = new QCheckBox(tr("Volume"), this);
    // Off by default: the ray caster's shading gradients take 3 bytes per
    // voxel and its frames CPU time; the textured slice planes show the
    // patient around the ROI surfaces at the cost of three slices.
    volumeBox_->setChecked(false);
    volumeBox_->setEnabled(false);
    volumeBox_->setToolTip(tr("Show the volume rendering instead of the image on the slice "
                              "planes. Drawn in the background: a coarse preview, then full "
                              "quality."));

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
    updateAnnotations();
}

VolumeView3D::~VolumeView3D() {
    // Workers post their results to this object: let them finish first.
    if (buildCancel_)
        buildCancel_->cancel();
    workers_.waitForDone();
    canvas_->renderWindow()->RemoveObserver(frameObserver_);
    if (marker_)
        marker_->SetEnabled(0);
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

    // The image on the slice planes: one textured quad per plane, pushed
    // behind the coplanar outlines.
    for (int p = 0; p < 3; ++p) {
        planeImages_[std::size_t(p)] = vtkSmartPointer<vtkImageData>::New();
        planeSources_[std::size_t(p)] = vtkSmartPointer<vtkPlaneSource>::New();
        vtkNew<vtkTexture> texture;
        texture->SetInputData(planeImages_[std::size_t(p)]);
        texture->InterpolateOn();
        texture->SetColorModeToDirectScalars();
        vtkNew<vtkPolyDataMapper> mapper;
        mapper->SetInputConnection(planeSources_[std::size_t(p)]->GetOutputPort());
        mapper->SetResolveCoincidentTopologyToPolygonOffset();
        auto actor = vtkSmartPointer<vtkActor>::New();
        actor->SetMapper(mapper);
        actor->SetTexture(texture);
        actor->GetProperty()->LightingOff();
        actor->VisibilityOff();
        renderer_->AddActor(actor);
        planeImageActors_[std::size_t(p)] = actor;
    }
    for (auto& text : cornerText_) {
        text = captionActor();
        renderer_->AddViewProp(text);
    }

    auto style = vtkSmartPointer<ViewerStyle>::New();
    style->onReset = [this] { resetCamera(); };
    canvas_->interactor()->SetInteractorStyle(style);
    canvas_->renderWindow()->AddRenderer(renderer_);
    frameObserver_ = canvas_->renderWindow()->AddObserver(vtkCommand::StartEvent, this,
                                                          &VolumeView3D::prepareFrame);
    // The orientation cube turns with the camera in its own corner viewport.
    marker_ = vtkSmartPointer<vtkOrientationMarkerWidget>::New();
    marker_->SetOrientationMarker(orientationCube());
    marker_->SetInteractor(canvas_->interactor());
    marker_->SetDefaultRenderer(renderer_);
    marker_->SetCurrentRenderer(renderer_);
    marker_->SetOutlineColor(0.4, 0.4, 0.4);
    resetCamera();
}

void VolumeView3D::setVolume(std::shared_ptr<const Volume> volume, const QString& modality) {
    if (!volume || volume->empty())
        throw Error("cannot display an empty volume in 3D");
    volume_ = std::move(volume);
    // The planes start with the modality's first slice preset (as the slice views).
    const auto slicePresets = presetsFor(volume_->unit, modality.toStdString());
    sliceMap_ = slicePresets.front().colourMap;
    sliceWl_ = resolvePreset(slicePresets.front(), *volume_);
    for (auto& composer : planeComposers_) {
        composer.setImage(volume_);
        composer.setOverlays(overlays_);
    }
    applyPreset(defaultVolumeRenderingPreset(volume_->unit, modality.toStdString()));
    updateControls();
    updatePlanes();
    resetCamera();
}

void VolumeView3D::setSliceDisplay(const WindowLevel& wl, ColourMap map) {
    sliceWl_ = {std::max(wl.window, kMinimumWindow), wl.level};
    sliceMap_ = map;
    updatePlaneImages();
    canvas_->requestRender();
}

int VolumeView3D::texturedSlicePlanes() const {
    return static_cast<int>(std::count_if(planeImageActors_.begin(), planeImageActors_.end(),
                                          [](const auto& a) { return a->GetVisibility() != 0; }));
}

void VolumeView3D::updateControls() {
    volumeBox_->setEnabled(volume_ != nullptr);
    // The preset only matters for the volume rendering.
    presetBox_->setEnabled(volume_ != nullptr && volumeRenderingVisible_);
}

void VolumeView3D::setCaption(const QString& caption) {
    caption_ = caption;
    updateAnnotations();
    canvas_->requestRender();
}

void VolumeView3D::setAnnotationsVisible(bool visible) {
    annotationsVisible_ = visible;
    updateAnnotations();
    canvas_->requestRender();
}

bool VolumeView3D::orientationMarkerVisible() const {
    return marker_->GetEnabled() != 0;
}

QString VolumeView3D::annotationToolTipAt(const QPointF& canvasPoint) const {
    return placement_.toolTipAt(canvasPoint * canvas_->devicePixelRatioF());
}

void VolumeView3D::updateAnnotations() {
    const double ratio = canvas_->devicePixelRatioF();
    const double w = canvas_->width() * ratio, h = canvas_->height() * ratio;
    vtkNew<vtkTextProperty> font;
    styleAnnotationText(font, 13, ratio, false);
    AnnotationRequest request;
    request.viewport = QSizeF(w, h);
    request.margin = 6 * ratio;
    request.spacing = 6 * ratio;
    request.cornerFont = vtkTextMeasure(font, canvas_->renderWindow()->GetDPI());
    if (annotationsVisible_) {
        if (!caption_.isEmpty())
            request.corners[std::size_t(Corner::TopLeft)] << caption_;
        if (volume_ && volumeRenderingVisible_ && preset_ >= 0)
            request.corners[std::size_t(Corner::TopRight)]
                << tr("Volume: %1")
                       .arg(QString::fromStdString(
                           volumeRenderingPresets()[std::size_t(preset_)].name));
        if (volume_)
            request.cornerMarker = QSizeF(1, 1) * std::min(72 * ratio, 0.3 * std::min(w, h));
    }
    placement_ = layoutAnnotations(request);
    for (std::size_t c = 0; c < 4; ++c) {
        vtkTextActor* actor = cornerText_[c];
        const auto& lines = placement_.corners[c];
        if (lines.empty() || lines.front().rect.isEmpty()) {
            actor->VisibilityOff();
            continue;
        }
        const bool right =
            c == std::size_t(Corner::TopRight) || c == std::size_t(Corner::BottomRight);
        const QRectF& r = lines.front().rect;
        actor->GetTextProperty()->ShallowCopy(font);
        actor->GetTextProperty()->SetColor(0.95, 0.85, 0.35);
        actor->GetTextProperty()->SetJustification(right ? VTK_TEXT_RIGHT : VTK_TEXT_LEFT);
        actor->GetTextProperty()->SetVerticalJustification(VTK_TEXT_TOP);
        actor->SetInput(lines.front().text.toUtf8().constData());
        actor->SetDisplayPosition(static_cast<int>(std::lround(right ? r.right() : r.left())),
                                  static_cast<int>(std::lround(h - r.top())));
        actor->VisibilityOn();
    }
    if (placement_.cornerMarker && w > 0 && h > 0) {
        const QRectF& r = *placement_.cornerMarker;
        marker_->SetViewport(r.left() / w, 1.0 - r.bottom() / h, r.right() / w, 1.0 - r.top() / h);
        if (!marker_->GetEnabled()) {
            marker_->SetEnabled(1);
            marker_->InteractiveOff();
        }
    } else if (marker_->GetEnabled()) {
        marker_->SetEnabled(0);
    }
}

void VolumeView3D::clear() {
    setSurfaces({});
    volume_.reset();
    sceneChanged();
    preset_ = -1;
    crosshair_.reset();
    caption_.clear();
    for (auto& composer : planeComposers_)
        composer = SliceComposer();
    updateControls();
    updatePlanes();
    updateAnnotations();
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
    updateAnnotations();
}

void VolumeView3D::setVolumeRenderingVisible(bool visible) {
    volumeRenderingVisible_ = visible;
    {
        const QSignalBlocker block(volumeBox_);
        volumeBox_->setChecked(visible);
    }
    updateControls();
    updatePlaneImages();
    updateAnnotations();
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
    if (volume_) {
        for (auto& composer : planeComposers_)
            composer.setOverlays(overlays_);
        updatePlaneImages();
        canvas_->requestRender();
    }
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
    updatePlaneImages();
}

void VolumeView3D::updatePlaneImages() {
    const bool wanted = volume_ && crosshair_ && planesVisible_ && !volumeRenderingVisible_;
    if (wanted && !isVisible()) {
        planeImagesPending_ = true; // composed when shown
        return;
    }
    planeImagesPending_ = false;
    for (int p = 0; p < 3; ++p) {
        vtkActor* actor = planeImageActors_[std::size_t(p)];
        if (!wanted || planeOutlines_[std::size_t(p)].empty()) {
            actor->VisibilityOff();
            continue;
        }
        // The slice views' plane through the crosshair, composed as they do.
        const SliceStack stack(volume_->geometry, orientationOf(static_cast<PatientPlane>(p)));
        const SlicePlane plane =
            stack.plane(stack.nearestIndex(stack.plane(0).normal().dot(*crosshair_)));
        SliceComposer& composer = planeComposers_[std::size_t(p)];
        composer.setImageDisplay(sliceWl_, sliceMap_);
        const RgbaImage& slice = composer.compose(plane);
        // Opaque RGB (an alpha channel would send the quad through VTK's
        // translucent passes); image row 0 along the plane's `down` at t = 0.
        vtkImageData* image = planeImages_[std::size_t(p)];
        image->SetDimensions(slice.width, slice.height, 1);
        image->AllocateScalars(VTK_UNSIGNED_CHAR, 3);
        auto* dst = static_cast<unsigned char*>(image->GetScalarPointer());
        const std::size_t pixels = std::size_t(slice.width) * std::size_t(slice.height);
        for (std::size_t n = 0; n < pixels; ++n)
            std::copy_n(slice.rgba.data() + 4 * n, 3, dst + 3 * n);
        image->Modified();
        vtkPlaneSource* source = planeSources_[std::size_t(p)];
        const Eigen::Vector3d origin = plane.pixelToPatient(-0.5, -0.5);
        const Eigen::Vector3d right = plane.pixelToPatient(slice.width - 0.5, -0.5);
        const Eigen::Vector3d down = plane.pixelToPatient(-0.5, slice.height - 0.5);
        source->SetOrigin(origin.x(), origin.y(), origin.z());
        source->SetPoint1(right.x(), right.y(), right.z());
        source->SetPoint2(down.x(), down.y(), down.z());
        actor->VisibilityOn();
    }
}

void VolumeView3D::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    if (planeImagesPending_) {
        updatePlaneImages();
        canvas_->requestRender();
    }
}

bool VolumeView3D::eventFilter(QObject* watched, QEvent* event) {
    if (watched == canvas_) {
        if (event->type() == QEvent::Resize) {
            updateAnnotations();
        } else if (event->type() == QEvent::ToolTip) {
            auto* help = static_cast<QHelpEvent*>(event);
            const QString full = annotationToolTipAt(help->pos());
            if (full.isEmpty())
                QToolTip::hideText();
            else
                QToolTip::showText(help->globalPos(), full, canvas_);
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
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
