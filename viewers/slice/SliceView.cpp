#include "slice/SliceView.h"

#include "bridge/VtkOpenGLWidget.h"
#include "util/Error.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QMouseEvent>
#include <QSignalBlocker>
#include <QSlider>
#include <QVBoxLayout>
#include <QWheelEvent>
#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <vtkActor2D.h>
#include <vtkCamera.h>
#include <vtkCellArray.h>
#include <vtkImageActor.h>
#include <vtkImageData.h>
#include <vtkImageMapper3D.h>
#include <vtkImageProperty.h>
#include <vtkPointData.h>
#include <vtkPoints.h>
#include <vtkPolyData.h>
#include <vtkPolyDataMapper2D.h>
#include <vtkProperty2D.h>
#include <vtkRenderer.h>
#include <vtkTextActor.h>
#include <vtkTextProperty.h>
#include <vtkUnsignedCharArray.h>

namespace rgw::viewers {

namespace {

QString unitSymbol(IntensityUnit unit) {
    switch (unit) {
    case IntensityUnit::HounsfieldUnit:
        return QStringLiteral("HU");
    case IntensityUnit::SuvBodyWeight:
        return QStringLiteral("SUVbw");
    case IntensityUnit::RawPetActivity:
        return QStringLiteral("raw PET");
    case IntensityUnit::RescaledValue:
        break;
    }
    return {};
}

QString number(double v) {
    return QString::number(v, 'g', std::abs(v) >= 100 ? 5 : 3);
}

using Segment = std::pair<Eigen::Vector2d, Eigen::Vector2d>;

vtkSmartPointer<vtkActor2D> lineActor(double r, double g, double b, double width) {
    vtkNew<vtkPolyDataMapper2D> mapper;
    vtkNew<vtkPolyData> data;
    mapper->SetInputData(data);
    auto actor = vtkSmartPointer<vtkActor2D>::New();
    actor->SetMapper(mapper);
    actor->GetProperty()->SetColor(r, g, b);
    actor->GetProperty()->SetLineWidth(static_cast<float>(width));
    actor->VisibilityOff();
    return actor;
}

// Replaces an actor's line segments (display coordinates).
void setSegments(vtkActor2D* actor, const std::vector<Segment>& segments) {
    vtkNew<vtkPoints> points;
    vtkNew<vtkCellArray> lines;
    for (const auto& [a, b] : segments) {
        const vtkIdType ids[2] = {points->InsertNextPoint(a.x(), a.y(), 0.0),
                                  points->InsertNextPoint(b.x(), b.y(), 0.0)};
        lines->InsertNextCell(2, ids);
    }
    auto* data = vtkPolyData::SafeDownCast(actor->GetMapper()->GetInputDataObject(0, 0));
    data->SetPoints(points);
    data->SetLines(lines);
    data->Modified();
    actor->SetVisibility(!segments.empty());
}

vtkSmartPointer<vtkTextActor> textActor(double r, double g, double b) {
    auto actor = vtkSmartPointer<vtkTextActor>::New();
    actor->SetTextScaleModeToNone();
    actor->GetPositionCoordinate()->SetCoordinateSystemToDisplay();
    vtkTextProperty* text = actor->GetTextProperty();
    text->SetColor(r, g, b);
    text->SetFontFamilyToArial();
    text->BoldOn();
    text->ShadowOn();
    actor->VisibilityOff();
    return actor;
}

// Colour of a plane's line in the other views (3D Slicer's and the 3D
// view's: axial red, coronal green, sagittal yellow).
std::array<double, 3> planeColour(SliceOrientation o) {
    switch (o) {
    case SliceOrientation::Axial:
        return {0.95, 0.3, 0.3};
    case SliceOrientation::Coronal:
        return {0.3, 0.85, 0.3};
    case SliceOrientation::Sagittal:
        break;
    }
    return {0.95, 0.85, 0.25};
}

} // namespace

SliceView::SliceView(QWidget* parent) : SliceView(SliceOrientation::Axial, parent) {}

SliceView::SliceView(SliceOrientation orientation, QWidget* parent)
    : QWidget(parent), orientation_(orientation) {
    canvas_ = new VtkOpenGLWidget(this);
    canvas_->installEventFilter(this);
    slider_ = new QSlider(Qt::Vertical, this);
    slider_->setEnabled(false);
    slider_->setToolTip(tr("Slice (wheel, arrow keys, PageUp/PageDown)"));
    presetBox_ = new QComboBox(this);
    presetBox_->setEnabled(false);
    presetBox_->setToolTip(tr("Window/level preset (left-drag in the image adjusts it)"));
    presetBox_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    sliceLabel_ = new QLabel(this);

    auto* top = new QHBoxLayout;
    top->setContentsMargins(4, 2, 4, 2);
    top->addWidget(new QLabel(tr("Window:"), this));
    top->addWidget(presetBox_);
    top->addStretch(1);
    top->addWidget(sliceLabel_);
    auto* centre = new QHBoxLayout;
    centre->setContentsMargins(0, 0, 0, 0);
    centre->setSpacing(2);
    centre->addWidget(canvas_, 1);
    centre->addWidget(slider_);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(top);
    layout->addLayout(centre, 1);

    connect(slider_, &QSlider::valueChanged, this, [this](int value) { setSlice(value); });
    connect(presetBox_, &QComboBox::activated, this, [this](int index) { applyPreset(index); });

    buildPipeline();
    updateDecorations();
    updateText();
}

SliceView::~SliceView() = default;

void SliceView::buildPipeline() {
    renderer_ = vtkSmartPointer<vtkRenderer>::New();
    renderer_->SetBackground(0.0, 0.0, 0.0);
    vtkCamera* camera = renderer_->GetActiveCamera();
    camera->ParallelProjectionOn();
    imageData_ = vtkSmartPointer<vtkImageData>::New();
    imageActor_ = vtkSmartPointer<vtkImageActor>::New();
    imageActor_->GetMapper()->SetInputData(imageData_);
    // The composed RGBA is shown as is (direct colours, identity window).
    imageActor_->GetProperty()->SetInterpolationTypeToLinear();
    // The composed image is opaque: without this VTK treats RGBA as
    // translucent and runs its order-independent translucency passes, which
    // cost ~10 ms per frame on llvmpipe at 800 x 800.
    imageActor_->ForceOpaqueOn();
    imageActor_->VisibilityOff();
    renderer_->AddViewProp(imageActor_);

    crosshairHorizontal_ = lineActor(1.0, 1.0, 1.0, 1.0);
    crosshairVertical_ = lineActor(1.0, 1.0, 1.0, 1.0);
    rulerActor_ = lineActor(1.0, 0.85, 0.1, 2.0);
    scaleBarActor_ = lineActor(0.95, 0.95, 0.95, 2.0);
    renderer_->AddViewProp(crosshairHorizontal_);
    renderer_->AddViewProp(crosshairVertical_);
    renderer_->AddViewProp(rulerActor_);
    renderer_->AddViewProp(scaleBarActor_);
    rulerText_ = textActor(1.0, 0.85, 0.1);
    scaleBarText_ = textActor(0.95, 0.95, 0.95);
    renderer_->AddViewProp(rulerText_);
    renderer_->AddViewProp(scaleBarText_);
    for (int n = 0; n < 4; ++n) {
        edgeLabels_.push_back(textActor(0.55, 0.85, 1.0));
        renderer_->AddViewProp(edgeLabels_.back());
    }

    for (auto& text : cornerText_) {
        text = textActor(0.95, 0.85, 0.35);
        text->GetTextProperty()->BoldOff();
        renderer_->AddViewProp(text);
    }
    canvas_->renderWindow()->AddRenderer(renderer_);
}

void SliceView::setVolume(std::shared_ptr<const Volume> volume, const QString& title,
                          const QString& modality) {
    if (!volume || volume->empty())
        throw Error("cannot display an empty volume");
    if (volume->voxels.size() != volume->geometry.voxelCount())
        throw Error("cannot display a volume whose voxel count does not match its grid");
    const SliceStack stack(volume->geometry, orientation_); // throws before any change
    volume_ = std::move(volume);
    composer_.setImage(volume_);
    fusion_.reset();
    composer_.clearFusion();
    title_ = title;
    modality_ = modality;
    overlays_.clear();
    skippedOverlays_.clear();
    composer_.setOverlays({});
    ruler_.reset();
    const auto& g = volume_->geometry;
    crosshair_ = g.physicalPoint(
        Eigen::Vector3d(double(g.size[0] - 1), double(g.size[1] - 1), double(g.size[2] - 1)) / 2.0);
    rebuildStack();

    presets_ = presetsFor(volume_->unit, modality.toStdString());
    {
        const QSignalBlocker block(presetBox_);
        presetBox_->clear();
        for (const auto& preset : presets_)
            presetBox_->addItem(QString::fromStdString(preset.name));
        presetBox_->setEnabled(true);
    }
    viewFitted_ = true;
    applyPreset(0); // recomposes
    resetView();
}

void SliceView::rebuildStack() {
    stack_ = SliceStack(volume_->geometry, orientation_);
    navigator_.reset(stack_.count());
    // Axial views start on the middle slice (as before); a crosshair set by a
    // linked view is kept.
    if (crosshairVisible_)
        navigator_.setCurrent(stack_.nearestIndex(stack_.plane(0).normal().dot(crosshair_)));
    updateSliceControls();
}

void SliceView::updateSliceControls() {
    const QSignalBlocker block(slider_);
    slider_->setRange(0, std::max(0, navigator_.count() - 1));
    slider_->setPageStep(navigator_.pageStep());
    slider_->setValue(navigator_.current());
    slider_->setEnabled(navigator_.count() > 1);
}

void SliceView::setOverlays(std::vector<MaskOverlay> overlays) {
    overlays_.clear();
    skippedOverlays_.clear();
    if (volume_) {
        for (auto& overlay : overlays) {
            if (!overlay.mask || !overlay.mask->geometry.sameGrid(volume_->geometry) ||
                overlay.mask->voxels.size() != volume_->geometry.voxelCount()) {
                skippedOverlays_ << overlay.name;
                continue;
            }
            overlays_.push_back(std::move(overlay));
        }
    }
    composer_.setOverlays(overlays_);
    recompose();
}

void SliceView::refreshOverlays() {
    composer_.overlaysChanged();
    recompose();
}

void SliceView::clear() {
    volume_.reset();
    fusion_.reset();
    composer_ = SliceComposer();
    overlays_.clear();
    skippedOverlays_.clear();
    stack_ = SliceStack();
    navigator_.reset(0);
    presets_.clear();
    title_.clear();
    modality_.clear();
    ruler_.reset();
    probeText_.clear();
    {
        const QSignalBlocker blockSlider(slider_);
        const QSignalBlocker blockPresets(presetBox_);
        slider_->setRange(0, 0);
        slider_->setEnabled(false);
        presetBox_->clear();
        presetBox_->setEnabled(false);
    }
    recompose();
}

void SliceView::setFusion(std::shared_ptr<const Volume> moving, const WindowLevel& wl,
                          ColourMap map, double opacity) {
    if (!moving) {
        clearFusion();
        return;
    }
    if (moving->empty())
        throw Error("cannot fuse an empty volume");
    fusionWl_ = {std::max(wl.window, kMinimumWindow), wl.level};
    fusionMap_ = map;
    fusionOpacity_ = std::clamp(opacity, 0.0, 1.0);
    composer_.setFusion(moving, fusionWl_, fusionMap_, fusionOpacity_);
    fusion_ = std::move(moving);
    recompose();
}

void SliceView::clearFusion() {
    fusion_.reset();
    composer_.clearFusion();
    recompose();
}

void SliceView::setFusionWindowLevel(const WindowLevel& wl) {
    fusionWl_ = {std::max(wl.window, kMinimumWindow), wl.level};
    recompose();
}

void SliceView::setFusionOpacity(double opacity) {
    fusionOpacity_ = std::clamp(opacity, 0.0, 1.0);
    recompose();
}

void SliceView::setFusionColourMap(ColourMap map) {
    fusionMap_ = map;
    recompose();
}

void SliceView::setOrientation(SliceOrientation orientation) {
    if (orientation == orientation_)
        return;
    orientation_ = orientation;
    ruler_.reset();
    if (volume_) {
        const bool keep = crosshairVisible_;
        crosshairVisible_ = true; // start on the slice through the crosshair
        rebuildStack();
        crosshairVisible_ = keep;
        viewFitted_ = true;
        resetView();
    }
    recompose();
}

SlicePlane SliceView::currentPlane() const {
    if (!volume_)
        return {};
    return stack_.plane(navigator_.current());
}

void SliceView::setSlice(int slice) {
    if (!volume_ || !navigator_.setCurrent(slice))
        return;
    if (crosshairVisible_) {
        // The crosshair follows the scrolled plane (linked views redraw it).
        const SlicePlane plane = currentPlane();
        crosshair_ -= plane.distance(crosshair_) * plane.normal();
    }
    recompose();
    emit sliceChanged(navigator_.current());
    if (crosshairVisible_)
        emit crosshairMoved(crosshair_);
}

void SliceView::setCrosshair(const Eigen::Vector3d& lps) {
    moveCrosshairTo(lps, false);
}

void SliceView::moveCrosshairTo(const Eigen::Vector3d& lps, bool emitSignal) {
    crosshair_ = lps;
    if (volume_) {
        const int index = stack_.nearestIndex(stack_.plane(0).normal().dot(lps));
        if (navigator_.setCurrent(index)) {
            recompose();
            emit sliceChanged(navigator_.current());
        } else {
            updateDecorations();
            canvas_->requestRender();
        }
    }
    if (emitSignal)
        emit crosshairMoved(crosshair_);
}

void SliceView::setCrosshairVisible(bool visible) {
    crosshairVisible_ = visible;
    updateDecorations();
    canvas_->requestRender();
}

void SliceView::setAnnotationsVisible(bool visible) {
    annotationsVisible_ = visible;
    updateText();
    canvas_->requestRender();
}

void SliceView::setOrientationLabelsVisible(bool visible) {
    labelsVisible_ = visible;
    updateDecorations();
    canvas_->requestRender();
}

QStringList SliceView::orientationLabels() const {
    const EdgeLabels e = edgeLabels(orientation_);
    return {e.left, e.right, e.top, e.bottom};
}

void SliceView::setInteractionMode(InteractionMode mode) {
    mode_ = mode;
    drag_ = Drag::None;
    canvas_->setCursor(mode == InteractionMode::Navigate ? Qt::ArrowCursor : Qt::CrossCursor);
}

void SliceView::recompose() {
    if (!volume_) {
        imageActor_->VisibilityOff();
        updateDecorations();
        updateText();
        canvas_->requestRender();
        return;
    }
    if (!isVisible()) {
        // Hidden views (other layouts) compose when shown.
        composePending_ = true;
        updateText();
        return;
    }
    composePending_ = false;
    composer_.setImageDisplay(windowLevel_, colourMap_);
    if (fusion_)
        composer_.setFusionDisplay(fusionWl_, fusionMap_, fusionOpacity_);
    const SlicePlane plane = currentPlane();
    const RgbaImage& slice = composer_.compose(plane);

    // VTK rows run upwards: plane row r goes to image row height-1-r, placed
    // so that plane pixel (c, r) is centred at world (c*s, -r*s).
    int dims[3];
    imageData_->GetDimensions(dims);
    if (dims[0] != slice.width || dims[1] != slice.height ||
        !imageData_->GetPointData()->GetScalars()) {
        imageData_->SetDimensions(slice.width, slice.height, 1);
        imageData_->AllocateScalars(VTK_UNSIGNED_CHAR, 4);
    }
    const double s = plane.pixelSpacing;
    imageData_->SetSpacing(s, s, 1.0);
    imageData_->SetOrigin(0.0, -(slice.height - 1) * s, 0.0);
    auto* dst = static_cast<std::uint8_t*>(imageData_->GetScalarPointer());
    const std::size_t rowBytes = 4 * static_cast<std::size_t>(slice.width);
    for (int r = 0; r < slice.height; ++r)
        std::memcpy(dst + static_cast<std::size_t>(slice.height - 1 - r) * rowBytes,
                    slice.rgba.data() + static_cast<std::size_t>(r) * rowBytes, rowBytes);
    imageData_->GetPointData()->GetScalars()->Modified();
    imageData_->Modified();
    imageActor_->VisibilityOn();

    {
        const QSignalBlocker block(slider_);
        slider_->setValue(navigator_.current());
    }
    updateCamera();
    updateDecorations();
    updateText();
    canvas_->requestRender();
}

void SliceView::updateCamera() {
    view_.viewWidth = std::max(1, canvas_->width());
    view_.viewHeight = std::max(1, canvas_->height());
    vtkCamera* camera = renderer_->GetActiveCamera();
    camera->SetFocalPoint(view_.centreU, -view_.centreV, 0.0);
    camera->SetPosition(view_.centreU, -view_.centreV, 1000.0);
    camera->SetViewUp(0.0, 1.0, 0.0);
    camera->SetParallelScale(view_.mmPerPixel * view_.viewHeight / 2.0);
    camera->SetClippingRange(1.0, 2000.0);
}

void SliceView::resetView() {
    viewFitted_ = true;
    view_.viewWidth = std::max(1, canvas_->width());
    view_.viewHeight = std::max(1, canvas_->height());
    if (volume_) {
        const SlicePlane p = currentPlane();
        const double s = p.pixelSpacing;
        view_.fit(-s / 2.0, (p.width - 0.5) * s, -s / 2.0, (p.height - 0.5) * s);
    }
    updateCamera();
    updateDecorations();
    canvas_->requestRender();
}

void SliceView::zoomBy(double factor, std::optional<QPointF> about) {
    const QPointF p = about.value_or(QPointF(canvas_->width() / 2.0, canvas_->height() / 2.0));
    view_.zoomAbout({p.x(), p.y()}, factor);
    viewFitted_ = false;
    updateCamera();
    updateDecorations();
    canvas_->requestRender();
}

void SliceView::panBy(double dx, double dy) {
    view_.pan(dx, dy);
    viewFitted_ = false;
    updateCamera();
    updateDecorations();
    canvas_->requestRender();
}

Eigen::Vector3d SliceView::canvasToPatient(const QPointF& canvasPoint) const {
    const SlicePlane p = currentPlane();
    const Eigen::Vector2d uv = view_.viewToPlane({canvasPoint.x(), canvasPoint.y()});
    return p.pixelToPatient(uv.x() / p.pixelSpacing, uv.y() / p.pixelSpacing);
}

QPointF SliceView::patientToCanvas(const Eigen::Vector3d& lps) const {
    const SlicePlane p = currentPlane();
    const Eigen::Vector2d px = p.patientToPixel(lps) * p.pixelSpacing;
    const Eigen::Vector2d v = view_.planeToView(px);
    return {v.x(), v.y()};
}

Eigen::Vector2d SliceView::toDisplay(const Eigen::Vector2d& c) const {
    const double ratio = canvas_->devicePixelRatioF();
    return {c.x() * ratio, (view_.viewHeight - c.y()) * ratio};
}

QRect SliceView::imageRectOnCanvas() const {
    if (!volume_)
        return {};
    const SlicePlane p = currentPlane();
    const double s = p.pixelSpacing;
    const Eigen::Vector2d a = view_.planeToView({-s / 2.0, -s / 2.0});
    const Eigen::Vector2d b = view_.planeToView({(p.width - 0.5) * s, (p.height - 0.5) * s});
    return QRectF(QPointF(a.x(), a.y()), QPointF(b.x(), b.y()))
        .toAlignedRect()
        .intersected(canvas_->rect());
}

void SliceView::updateDecorations() {
    const double ratio = canvas_->devicePixelRatioF();
    const double w = view_.viewWidth, h = view_.viewHeight;
    const bool shown = volume_ != nullptr;

    // Orientation letters at the middle of each edge.
    const EdgeLabels e = edgeLabels(orientation_);
    const char* texts[4] = {e.left, e.right, e.top, e.bottom};
    const Eigen::Vector2d at[4] = {{8, h / 2}, {w - 8, h / 2}, {w / 2, 8}, {w / 2, h - 8}};
    for (int n = 0; n < 4; ++n) {
        vtkTextActor* label = edgeLabels_[static_cast<std::size_t>(n)];
        label->SetInput(texts[n]);
        vtkTextProperty* text = label->GetTextProperty();
        text->SetFontSize(static_cast<int>(std::lround(16 * ratio)));
        text->SetJustification(n == 0   ? VTK_TEXT_LEFT
                               : n == 1 ? VTK_TEXT_RIGHT
                                        : VTK_TEXT_CENTERED);
        text->SetVerticalJustification(n < 2    ? VTK_TEXT_CENTERED
                                       : n == 2 ? VTK_TEXT_TOP
                                                : VTK_TEXT_BOTTOM);
        const Eigen::Vector2d d = toDisplay(at[n]);
        label->SetDisplayPosition(static_cast<int>(d.x()), static_cast<int>(d.y()));
        label->SetVisibility(shown && labelsVisible_);
    }

    // Scale bar: vertical, on the right edge below the middle label.
    scaleBarMm_ = shown ? niceScaleBarLength(0.25 * h * view_.mmPerPixel) : 0.0;
    if (scaleBarMm_ > 0.0) {
        const double len = scaleBarMm_ / view_.mmPerPixel;
        const double x = w - 12, y0 = h / 2 + 24, y1 = y0 + len;
        setSegments(scaleBarActor_, {{toDisplay({x, y0}), toDisplay({x, y1})},
                                     {toDisplay({x - 5, y0}), toDisplay({x, y0})},
                                     {toDisplay({x - 5, y1}), toDisplay({x, y1})}});
        scaleBarText_->SetInput(
            scaleBarMm_ >= 10.0 ? tr("%1 cm").arg(number(scaleBarMm_ / 10.0)).toUtf8().constData()
                                : tr("%1 mm").arg(number(scaleBarMm_)).toUtf8().constData());
        vtkTextProperty* text = scaleBarText_->GetTextProperty();
        text->SetFontSize(static_cast<int>(std::lround(12 * ratio)));
        text->SetJustification(VTK_TEXT_RIGHT);
        text->SetVerticalJustification(VTK_TEXT_CENTERED);
        const Eigen::Vector2d d = toDisplay({x - 8, (y0 + y1) / 2});
        scaleBarText_->SetDisplayPosition(static_cast<int>(d.x()), static_cast<int>(d.y()));
        scaleBarText_->VisibilityOn();
    } else {
        setSegments(scaleBarActor_, {});
        scaleBarText_->VisibilityOff();
    }

    // Crosshair: two lines through its projection, open around the point.
    if (shown && crosshairVisible_) {
        // Horizontal line: the coronal plane on axial views, else the axial
        // plane; vertical line: the sagittal plane, on sagittal views the coronal.
        const auto hc =
            planeColour(orientation_ == SliceOrientation::Axial ? SliceOrientation::Coronal
                                                                : SliceOrientation::Axial);
        const auto vc =
            planeColour(orientation_ == SliceOrientation::Sagittal ? SliceOrientation::Coronal
                                                                   : SliceOrientation::Sagittal);
        crosshairHorizontal_->GetProperty()->SetColor(hc[0], hc[1], hc[2]);
        crosshairVertical_->GetProperty()->SetColor(vc[0], vc[1], vc[2]);
        const QPointF c = patientToCanvas(crosshair_);
        constexpr double kGap = 10;
        setSegments(crosshairHorizontal_,
                    {{toDisplay({0, c.y()}), toDisplay({c.x() - kGap, c.y()})},
                     {toDisplay({c.x() + kGap, c.y()}), toDisplay({w, c.y()})}});
        setSegments(crosshairVertical_,
                    {{toDisplay({c.x(), 0}), toDisplay({c.x(), c.y() - kGap})},
                     {toDisplay({c.x(), c.y() + kGap}), toDisplay({c.x(), h})}});
    } else {
        setSegments(crosshairHorizontal_, {});
        setSegments(crosshairVertical_, {});
    }

    // Ruler: on the plane it was drawn on only.
    const SlicePlane plane = currentPlane();
    if (shown && ruler_ && std::abs(plane.distance(ruler_->first)) < stack_.step() / 2.0) {
        const QPointF a = patientToCanvas(ruler_->first);
        const QPointF b = patientToCanvas(ruler_->second);
        setSegments(rulerActor_, {{toDisplay({a.x(), a.y()}), toDisplay({b.x(), b.y()})}});
        rulerText_->SetInput(
            tr("%1 mm").arg(QString::number(rulerLength(), 'f', 1)).toUtf8().constData());
        rulerText_->GetTextProperty()->SetFontSize(static_cast<int>(std::lround(13 * ratio)));
        const Eigen::Vector2d d = toDisplay({b.x() + 6, b.y() - 6});
        rulerText_->SetDisplayPosition(static_cast<int>(d.x()), static_cast<int>(d.y()));
        rulerText_->VisibilityOn();
    } else {
        setSegments(rulerActor_, {});
        rulerText_->VisibilityOff();
    }
}

double SliceView::rulerLength() const {
    return ruler_ ? (ruler_->second - ruler_->first).norm() : 0.0;
}

QString SliceView::probeAt(const Eigen::Vector3d& lps) const {
    if (!volume_)
        return {};
    QString text = tr("LPS (%1, %2, %3) mm")
                       .arg(QString::number(lps.x(), 'f', 1), QString::number(lps.y(), 'f', 1),
                            QString::number(lps.z(), 'f', 1));
    auto valueIn = [&](const Volume& v) -> std::optional<std::pair<Eigen::Vector3i, float>> {
        const Eigen::Vector3d c = v.geometry.continuousIndex(lps);
        const Eigen::Vector3i idx(static_cast<int>(std::lround(c.x())),
                                  static_cast<int>(std::lround(c.y())),
                                  static_cast<int>(std::lround(c.z())));
        if (!v.geometry.contains(idx.x(), idx.y(), idx.z()))
            return std::nullopt;
        return std::pair{idx, v.at(idx.x(), idx.y(), idx.z())};
    };
    if (const auto hit = valueIn(*volume_)) {
        text += tr("\nvoxel [%1, %2, %3]  %4 %5")
                    .arg(hit->first.x())
                    .arg(hit->first.y())
                    .arg(hit->first.z())
                    .arg(number(hit->second), unitSymbol(volume_->unit));
    } else {
        text += tr("\noutside the volume");
    }
    if (fusion_)
        if (const auto hit = valueIn(*fusion_))
            text += tr("\nfusion %1 %2").arg(number(hit->second), unitSymbol(fusion_->unit));
    return text.trimmed();
}

void SliceView::updateText() {
    const double ratio = canvas_->devicePixelRatioF();
    const double w = view_.viewWidth, h = view_.viewHeight;
    const auto setCorner = [&](int corner, const char* text) {
        vtkTextActor* actor = cornerText_[static_cast<std::size_t>(corner)];
        actor->SetInput(text);
        vtkTextProperty* property = actor->GetTextProperty();
        property->SetFontSize(static_cast<int>(std::lround(13 * ratio)));
        const bool right = corner == 1 || corner == 3, top = corner >= 2;
        property->SetJustification(right ? VTK_TEXT_RIGHT : VTK_TEXT_LEFT);
        property->SetVerticalJustification(top ? VTK_TEXT_TOP : VTK_TEXT_BOTTOM);
        const Eigen::Vector2d d = toDisplay({right ? w - 6 : 6, top ? 6 : h - 6});
        actor->SetDisplayPosition(static_cast<int>(d.x()), static_cast<int>(d.y()));
        actor->SetVisibility(annotationsVisible_ && text[0] != 0);
    };
    if (!volume_) {
        setCorner(0, "");
        setCorner(1, "");
        setCorner(2, tr("No series selected").toUtf8().constData());
        setCorner(3, "");
        sliceLabel_->clear();
        return;
    }
    const SlicePlane plane = currentPlane();
    const QString unit = unitSymbol(volume_->unit);
    const char* axis = orientation_ == SliceOrientation::Axial     ? "z"
                       : orientation_ == SliceOrientation::Coronal ? "y"
                                                                   : "x";
    const QString sliceText = tr("%1 %2 / %3   %4 = %5 mm")
                                  .arg(QString::fromLatin1(toString(orientation_)))
                                  .arg(navigator_.current() + 1)
                                  .arg(navigator_.count())
                                  .arg(QLatin1String(axis))
                                  .arg(QString::number(plane.position(), 'f', 1));
    QString wlText = tr("W %1  L %2 %3")
                         .arg(number(windowLevel_.window), number(windowLevel_.level), unit)
                         .trimmed();
    if (fusion_)
        wlText +=
            tr("\nfusion W %1  L %2 %3, %4 %5 %")
                .arg(number(fusionWl_.window), number(fusionWl_.level), unitSymbol(fusion_->unit),
                     QString::fromStdString(colourMapName(fusionMap_)))
                .arg(std::lround(100 * fusionOpacity_));
    setCorner(0, (sliceText + "\n" + wlText).toUtf8().constData());
    setCorner(1, probeText_.toUtf8().constData());
    QStringList names;
    for (const auto& overlay : overlays_)
        if (overlay.visible)
            names << overlay.name;
    for (const auto& name : skippedOverlays_)
        names << tr("%1 (other grid, not shown)").arg(name);
    setCorner(3, names.join('\n').toUtf8().constData());
    // The title shares the top edge with the overlay names: shorten it (in
    // characters of the 13 px font, about 7.5 px each) rather than overlap.
    qsizetype namesChars = 0;
    for (const auto& name : names)
        namesChars = std::max(namesChars, name.size());
    const auto fit = static_cast<qsizetype>((w / ratio - 18.0) / 7.5) - namesChars - 2;
    const QString title = title_.size() <= fit ? title_
                          : fit > 1            ? title_.left(fit - 1) + QChar(0x2026)
                                               : QString();
    setCorner(2, title.toUtf8().constData());
    const auto& g = volume_->geometry;
    sliceLabel_->setText(
        tr("%1 x %2 x %3 voxels, %4 x %5 x %6 mm")
            .arg(g.size[0])
            .arg(g.size[1])
            .arg(g.size[2])
            .arg(number(g.spacing.x()), number(g.spacing.y()), number(g.spacing.z())));
}

void SliceView::setWindowLevel(const WindowLevel& wl) {
    windowLevel_ = {std::max(wl.window, kMinimumWindow), wl.level};
    recompose();
    emit windowLevelChanged(windowLevel_.window, windowLevel_.level);
}

void SliceView::setColourMap(ColourMap map) {
    colourMap_ = map;
    recompose();
}

QStringList SliceView::presetNames() const {
    QStringList names;
    for (const auto& preset : presets_)
        names << QString::fromStdString(preset.name);
    return names;
}

void SliceView::applyPreset(int index) {
    if (!volume_ || index < 0 || index >= static_cast<int>(presets_.size()))
        return;
    {
        const QSignalBlocker block(presetBox_);
        presetBox_->setCurrentIndex(index);
    }
    const auto& preset = presets_[static_cast<std::size_t>(index)];
    colourMap_ = preset.colourMap;
    setWindowLevel(resolvePreset(preset, *volume_));
}

bool SliceView::handleKey(QKeyEvent* key) {
    switch (key->key()) {
    case Qt::Key_Up:
    case Qt::Key_Right:
        setSlice(navigator_.current() + 1);
        return true;
    case Qt::Key_Down:
    case Qt::Key_Left:
        setSlice(navigator_.current() - 1);
        return true;
    case Qt::Key_PageUp:
        setSlice(navigator_.current() + navigator_.pageStep());
        return true;
    case Qt::Key_PageDown:
        setSlice(navigator_.current() - navigator_.pageStep());
        return true;
    case Qt::Key_Home:
        setSlice(0);
        return true;
    case Qt::Key_End:
        setSlice(navigator_.count() - 1);
        return true;
    case Qt::Key_R:
        if (key->modifiers() & (Qt::ControlModifier | Qt::AltModifier | Qt::MetaModifier))
            return false;
        resetView();
        return true;
    default:
        return false;
    }
}

bool SliceView::mousePress(QMouseEvent* event) {
    canvas_->setFocus(Qt::MouseFocusReason);
    if (!volume_)
        return true;
    const QPointF pos = event->position();
    const Qt::KeyboardModifiers mods = event->modifiers();
    dragStart_ = dragLast_ = pos;
    drag_ = Drag::None;
    if (event->button() == Qt::MiddleButton ||
        (event->button() == Qt::LeftButton && (mods & Qt::ShiftModifier))) {
        drag_ = Drag::Pan;
    } else if (event->button() == Qt::RightButton) {
        drag_ = Drag::Zoom;
    } else if (event->button() == Qt::LeftButton) {
        const Eigen::Vector3d lps = canvasToPatient(pos);
        if ((mods & Qt::ControlModifier) || mode_ == InteractionMode::Crosshair) {
            drag_ = Drag::Crosshair;
            moveCrosshairTo(lps, true);
            return true;
        }
        switch (mode_) {
        case InteractionMode::Navigate:
            // Alt+drag adjusts the fused series' own window/level.
            if ((mods & Qt::AltModifier) && fusion_) {
                drag_ = Drag::FusionWindowLevel;
                dragStartWindowLevel_ = fusionWl_;
            } else {
                drag_ = Drag::WindowLevel;
                dragStartWindowLevel_ = windowLevel_;
            }
            break;
        case InteractionMode::Paint:
        case InteractionMode::Erase:
            drag_ = Drag::Stroke;
            emit strokePoint(lps, true);
            break;
        case InteractionMode::Seed:
            emit seedPoint(lps);
            break;
        case InteractionMode::Ruler:
            drag_ = Drag::Ruler;
            ruler_ = std::pair{lps, lps};
            updateDecorations();
            canvas_->requestRender();
            break;
        case InteractionMode::Crosshair:
            break;
        }
    }
    return true;
}

bool SliceView::mouseMove(QMouseEvent* event) {
    if (!volume_)
        return true;
    const QPointF pos = event->position();
    const Eigen::Vector3d lps = canvasToPatient(pos);
    switch (drag_) {
    case Drag::WindowLevel: {
        const QPointF d = pos - dragStart_;
        setWindowLevel(dragWindowLevel(dragStartWindowLevel_, d.x(), d.y(), canvas_->width(),
                                       canvas_->height()));
        break;
    }
    case Drag::FusionWindowLevel: {
        const QPointF d = pos - dragStart_;
        setFusionWindowLevel(dragWindowLevel(dragStartWindowLevel_, d.x(), d.y(), canvas_->width(),
                                             canvas_->height()));
        emit fusionDisplayChanged();
        break;
    }
    case Drag::Pan:
        panBy(pos.x() - dragLast_.x(), pos.y() - dragLast_.y());
        break;
    case Drag::Zoom:
        // Dragging up magnifies: x2 per 100 pixels, about the press point.
        zoomBy(std::exp2((dragLast_.y() - pos.y()) / 100.0), dragStart_);
        break;
    case Drag::Crosshair:
        moveCrosshairTo(lps, true);
        break;
    case Drag::Stroke:
        emit strokePoint(lps, false);
        break;
    case Drag::Ruler:
        ruler_->second = lps;
        emit rulerChanged(rulerLength());
        break;
    case Drag::None:
        break;
    }
    dragLast_ = pos;
    probeText_ = probeAt(lps);
    emit cursorMoved(lps);
    updateDecorations();
    updateText();
    canvas_->requestRender();
    return true;
}

bool SliceView::mouseRelease(QMouseEvent* event) {
    Q_UNUSED(event);
    const Drag ended = drag_;
    drag_ = Drag::None;
    if (ended == Drag::Stroke)
        emit strokeFinished();
    else if (ended == Drag::Ruler)
        emit rulerChanged(rulerLength());
    return true;
}

void SliceView::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    if (composePending_)
        recompose();
}

bool SliceView::eventFilter(QObject* watched, QEvent* event) {
    if (watched != canvas_)
        return QWidget::eventFilter(watched, event);
    switch (event->type()) {
    case QEvent::Resize:
        if (viewFitted_) {
            resetView();
        } else {
            updateCamera();
            updateDecorations();
        }
        updateText(); // corner positions
        return false;
    case QEvent::Wheel: {
        auto* wheel = static_cast<QWheelEvent*>(event);
        const int delta = wheel->angleDelta().y();
        // One notch is 120; touchpads send less, still worth one step.
        const int steps =
            delta == 0 ? 0 : (delta > 0 ? 1 : -1) * std::max(1, std::abs(delta) / 120);
        if (wheel->modifiers() & Qt::ControlModifier) {
            zoomBy(std::pow(1.25, steps), wheel->position());
        } else if ((wheel->modifiers() & Qt::AltModifier) && fusion_) {
            // Alt+wheel fades the fused series in and out, 5 % a notch.
            // (X11 reports Alt+wheel as horizontal: use whichever axis moved.)
            const int d = delta != 0 ? delta : wheel->angleDelta().x();
            const int notches = d == 0 ? 0 : (d > 0 ? 1 : -1) * std::max(1, std::abs(d) / 120);
            setFusionOpacity(fusionOpacity_ + 0.05 * notches);
            emit fusionDisplayChanged();
        } else {
            setSlice(navigator_.current() + steps);
        }
        return true;
    }
    case QEvent::KeyPress:
        return handleKey(static_cast<QKeyEvent*>(event));
    case QEvent::MouseButtonPress:
        return mousePress(static_cast<QMouseEvent*>(event));
    case QEvent::MouseMove:
        return mouseMove(static_cast<QMouseEvent*>(event));
    case QEvent::MouseButtonRelease:
        return mouseRelease(static_cast<QMouseEvent*>(event));
    case QEvent::MouseButtonDblClick:
        if (mode_ != InteractionMode::Paint && mode_ != InteractionMode::Erase)
            resetView();
        return true;
    case QEvent::Leave:
        probeText_.clear();
        updateText();
        canvas_->requestRender();
        return false;
    default:
        return QWidget::eventFilter(watched, event);
    }
}

} // namespace rgw::viewers
