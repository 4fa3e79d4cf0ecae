#include "slice/SliceView.h"

#include "bridge/VtkOpenGLWidget.h"
#include "slice/AnnotationText.h"
#include "util/Error.h"
#include "widgets/ElidedLabel.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QLabel>
#include <QMouseEvent>
#include <QSignalBlocker>
#include <QSlider>
#include <QToolTip>
#include <QVBoxLayout>
#include <QWheelEvent>
#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <vtkActor2D.h>
#include <vtkCamera.h>
#include <vtkCellArray.h>
#include <vtkCellData.h>
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

// A vertical strip of quads, one colour per cell (the fusion's colour bar).
vtkSmartPointer<vtkActor2D> colourBarActor() {
    vtkNew<vtkPolyDataMapper2D> mapper;
    vtkNew<vtkPolyData> data;
    mapper->SetInputData(data);
    mapper->SetScalarModeToUseCellData();
    mapper->SetColorModeToDirectScalars();
    mapper->ScalarVisibilityOn();
    auto actor = vtkSmartPointer<vtkActor2D>::New();
    actor->SetMapper(mapper);
    actor->VisibilityOff();
    return actor;
}

// Fills the colour bar with `map` from `low` (bottom) to `high` (top) over the
// display rectangle x0..x1, y0..y1 (y up).
void setColourBar(vtkActor2D* actor, ColourMap map, double x0, double x1, double y0, double y1) {
    constexpr int kSteps = 48;
    vtkNew<vtkPoints> points;
    vtkNew<vtkCellArray> quads;
    vtkNew<vtkUnsignedCharArray> colours;
    colours->SetNumberOfComponents(3);
    for (int n = 0; n <= kSteps; ++n) {
        const double y = y0 + (y1 - y0) * n / kSteps;
        points->InsertNextPoint(x0, y, 0.0);
        points->InsertNextPoint(x1, y, 0.0);
    }
    for (int n = 0; n < kSteps; ++n) {
        const vtkIdType ids[4] = {2 * n, 2 * n + 1, 2 * n + 3, 2 * n + 2};
        quads->InsertNextCell(4, ids);
        const Rgb8 c = colourAt(map, (n + 0.5) / kSteps);
        colours->InsertNextTuple3(c.r, c.g, c.b);
    }
    auto* data = vtkPolyData::SafeDownCast(actor->GetMapper()->GetInputDataObject(0, 0));
    data->SetPoints(points);
    data->SetPolys(quads);
    data->GetCellData()->SetScalars(colours);
    data->Modified();
    actor->VisibilityOn();
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
    // Small enough for three views side by side on a laptop, big enough for
    // the orientation letters and a line of text above and below them.
    canvas_->setMinimumSize(120, 100);
    canvas_->installEventFilter(this);
    slider_ = new QSlider(Qt::Vertical, this);
    slider_->setEnabled(false);
    slider_->setToolTip(tr("Slice (wheel, arrow keys, PageUp/PageDown)"));
    presetBox_ = new QComboBox(this);
    presetBox_->setEnabled(false);
    presetBox_->setToolTip(tr("Window/level preset (left-drag in the image adjusts it)"));
    // As wide as its longest preset, never squeezed below it.
    presetBox_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    presetBox_->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
    // The voxel grid: shown in full where the header has room, elided
    // otherwise (full text in its tooltip and in geometryText()).
    geometryLabel_ = new ElidedLabel(this);
    geometryLabel_->setAlignment(Qt::AlignRight | Qt::AlignVCenter);

    auto* top = new QHBoxLayout;
    top->setContentsMargins(4, 2, 4, 2);
    top->addWidget(new QLabel(tr("Window:"), this));
    top->addWidget(presetBox_);
    top->addWidget(geometryLabel_, 1);
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

    colourBarActor_ = colourBarActor();
    renderer_->AddViewProp(colourBarActor_);
    for (auto& label : colourBarLabels_) {
        label = textActor(0.95, 0.95, 0.95);
        renderer_->AddViewProp(label);
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
                          ColourMap map, double opacity, const QString& name) {
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
    fusionName_ = name;
    recompose();
}

void SliceView::clearFusion() {
    fusion_.reset();
    fusionName_.clear();
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
    updateAnnotations();

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

void SliceView::updateAnnotations() {
    const double ratio = canvas_->devicePixelRatioF();
    const double w = view_.viewWidth * ratio, h = view_.viewHeight * ratio;
    const int dpi = canvas_->renderWindow()->GetDPI();
    const bool shown = volume_ != nullptr;
    // Display coordinates (y up) of a point given from the top left.
    const auto display = [h](double x, double yFromTop) {
        return Eigen::Vector2d(x, h - yFromTop);
    };

    vtkNew<vtkTextProperty> cornerFont, edgeFont, smallFont;
    styleAnnotationText(cornerFont, 13, ratio, false);
    styleAnnotationText(edgeFont, 16, ratio, true);
    styleAnnotationText(smallFont, 12, ratio, true);
    AnnotationRequest request;
    request.viewport = QSizeF(w, h);
    request.margin = 6 * ratio;
    request.spacing = 6 * ratio;
    request.cornerFont = vtkTextMeasure(cornerFont, dpi);
    request.edgeFont = vtkTextMeasure(edgeFont, dpi);
    const TextMeasure smallMeasure = vtkTextMeasure(smallFont, dpi);
    if (annotationsVisible_)
        request.corners = cornerTexts_;
    if (shown && labelsVisible_) {
        const EdgeLabels e = edgeLabels(orientation_);
        request.edges = {QString::fromLatin1(e.left), QString::fromLatin1(e.right),
                         QString::fromLatin1(e.top), QString::fromLatin1(e.bottom)};
    }
    const double barWidth = 10 * ratio, labelGap = 4 * ratio;
    QString colourBarHigh, colourBarLow;
    if (fusion_ && annotationsVisible_) {
        colourBarHigh = (number(fusionWl_.level + fusionWl_.window / 2.0) + QLatin1Char(' ') +
                         unitSymbol(fusion_->unit))
                            .trimmed();
        colourBarLow = number(fusionWl_.level - fusionWl_.window / 2.0);
        const double labels =
            std::max(smallMeasure(colourBarHigh).width(), smallMeasure(colourBarLow).width());
        request.colourBar =
            QSizeF(barWidth + labelGap + labels,
                   std::clamp(0.3 * h, 4 * smallMeasure("0").height(), 180 * ratio));
    }
    // The scale bar: a round length that fits its room (at most a quarter of the height).
    QString scaleLabel;
    double scaleBarPx = 0.0;
    scaleBarMm_ = 0.0;
    if (shown) {
        const double roomPx = std::min(0.25 * h, scaleBarRoom(request));
        scaleBarMm_ = niceScaleBarLength(roomPx / ratio * view_.mmPerPixel);
        if (scaleBarMm_ > 0.0) {
            scaleBarPx = scaleBarMm_ / view_.mmPerPixel * ratio;
            scaleLabel = scaleBarMm_ >= 10.0 ? tr("%1 cm").arg(number(scaleBarMm_ / 10.0))
                                             : tr("%1 mm").arg(number(scaleBarMm_));
            request.scaleBar = QSizeF(smallMeasure(scaleLabel).width() + 8 * ratio + ratio,
                                      std::max(scaleBarPx, smallMeasure(scaleLabel).height()));
        }
    }
    placement_ = layoutAnnotations(request);

    // Corner lines: one actor each, left corners left-justified, right ones right.
    for (std::size_t c = 0; c < 4; ++c) {
        auto& actors = cornerLines_[c];
        const auto& lines = placement_.corners[c];
        while (actors.size() < lines.size()) {
            actors.push_back(textActor(0.95, 0.85, 0.35));
            renderer_->AddViewProp(actors.back());
        }
        const bool right =
            c == std::size_t(Corner::TopRight) || c == std::size_t(Corner::BottomRight);
        for (std::size_t n = 0; n < actors.size(); ++n) {
            vtkTextActor* actor = actors[n];
            if (n >= lines.size() || lines[n].rect.isEmpty()) {
                actor->VisibilityOff();
                continue;
            }
            actor->GetTextProperty()->ShallowCopy(cornerFont);
            actor->GetTextProperty()->SetColor(0.95, 0.85, 0.35);
            actor->GetTextProperty()->SetJustification(right ? VTK_TEXT_RIGHT : VTK_TEXT_LEFT);
            actor->GetTextProperty()->SetVerticalJustification(VTK_TEXT_TOP);
            actor->SetInput(lines[n].text.toUtf8().constData());
            const QRectF& r = lines[n].rect;
            const Eigen::Vector2d d = display(right ? r.right() : r.left(), r.top());
            actor->SetDisplayPosition(static_cast<int>(std::lround(d.x())),
                                      static_cast<int>(std::lround(d.y())));
            actor->VisibilityOn();
        }
    }

    // Orientation letters, centred in their boxes.
    for (std::size_t n = 0; n < 4; ++n) {
        vtkTextActor* label = edgeLabels_[n];
        const QRectF& r = placement_.edges[n];
        if (r.isEmpty()) {
            label->VisibilityOff();
            continue;
        }
        label->GetTextProperty()->ShallowCopy(edgeFont);
        label->GetTextProperty()->SetColor(0.55, 0.85, 1.0);
        label->GetTextProperty()->SetJustification(VTK_TEXT_CENTERED);
        label->GetTextProperty()->SetVerticalJustification(VTK_TEXT_CENTERED);
        label->SetInput(request.edges[n].toUtf8().constData());
        const Eigen::Vector2d d = display(r.center().x(), r.center().y());
        label->SetDisplayPosition(static_cast<int>(std::lround(d.x())),
                                  static_cast<int>(std::lround(d.y())));
        label->VisibilityOn();
    }

    // Scale bar: vertical at the right of its box, ticks and label to its left.
    if (placement_.scaleBar) {
        const QRectF& r = *placement_.scaleBar;
        const double x = r.right() - ratio, y0 = r.top(), y1 = r.top() + scaleBarPx;
        setSegments(scaleBarActor_, {{display(x, y0), display(x, y1)},
                                     {display(x - 5 * ratio, y0), display(x, y0)},
                                     {display(x - 5 * ratio, y1), display(x, y1)}});
        scaleBarText_->SetInput(scaleLabel.toUtf8().constData());
        scaleBarText_->GetTextProperty()->ShallowCopy(smallFont);
        scaleBarText_->GetTextProperty()->SetColor(0.95, 0.95, 0.95);
        scaleBarText_->GetTextProperty()->SetJustification(VTK_TEXT_RIGHT);
        scaleBarText_->GetTextProperty()->SetVerticalJustification(VTK_TEXT_CENTERED);
        const Eigen::Vector2d d = display(x - 8 * ratio, (y0 + y1) / 2.0);
        scaleBarText_->SetDisplayPosition(static_cast<int>(std::lround(d.x())),
                                          static_cast<int>(std::lround(d.y())));
        scaleBarText_->VisibilityOn();
    } else {
        scaleBarMm_ = 0.0;
        setSegments(scaleBarActor_, {});
        scaleBarText_->VisibilityOff();
    }

    // Colour bar of the fused series: its map over its window, labelled at both ends.
    if (placement_.colourBar) {
        const QRectF& r = *placement_.colourBar;
        const Eigen::Vector2d low = display(r.right() - barWidth, r.bottom());
        const Eigen::Vector2d high = display(r.right(), r.top());
        setColourBar(colourBarActor_, fusionMap_, low.x(), high.x(), low.y(), high.y());
        const std::array<QString, 2> texts = {colourBarHigh, colourBarLow};
        for (std::size_t n = 0; n < 2; ++n) {
            vtkTextActor* label = colourBarLabels_[n];
            label->GetTextProperty()->ShallowCopy(smallFont);
            label->GetTextProperty()->SetColor(0.95, 0.95, 0.95);
            label->GetTextProperty()->SetJustification(VTK_TEXT_RIGHT);
            label->GetTextProperty()->SetVerticalJustification(n == 0 ? VTK_TEXT_TOP
                                                                      : VTK_TEXT_BOTTOM);
            label->SetInput(texts[n].toUtf8().constData());
            const Eigen::Vector2d d =
                display(r.right() - barWidth - labelGap, n == 0 ? r.top() : r.bottom());
            label->SetDisplayPosition(static_cast<int>(std::lround(d.x())),
                                      static_cast<int>(std::lround(d.y())));
            label->VisibilityOn();
        }
    } else {
        colourBarActor_->VisibilityOff();
        for (auto& label : colourBarLabels_)
            label->VisibilityOff();
    }
}

QString SliceView::annotationToolTipAt(const QPointF& canvasPoint) const {
    return placement_.toolTipAt(canvasPoint * canvas_->devicePixelRatioF());
}

double SliceView::rulerLength() const {
    return ruler_ ? (ruler_->second - ruler_->first).norm() : 0.0;
}

QString SliceView::fusionLabel() const {
    return fusionName_.isEmpty() ? tr("fusion") : fusionName_;
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
            text += QLatin1Char('\n') +
                    QStringLiteral("%1 %2 %3")
                        .arg(fusionLabel(), number(hit->second), unitSymbol(fusion_->unit))
                        .trimmed();
    return text.trimmed();
}

void SliceView::updateText() {
    for (auto& lines : cornerTexts_)
        lines.clear();
    if (!volume_) {
        cornerTexts_[std::size_t(Corner::TopLeft)] << tr("No series selected");
        updateAnnotations();
        setGeometryText({});
        return;
    }
    const SlicePlane plane = currentPlane();
    const QString unit = unitSymbol(volume_->unit);
    const char* axis = orientation_ == SliceOrientation::Axial     ? "z"
                       : orientation_ == SliceOrientation::Coronal ? "y"
                                                                   : "x";
    QStringList& bottomLeft = cornerTexts_[std::size_t(Corner::BottomLeft)];
    bottomLeft << tr("%1 %2 / %3   %4 = %5 mm")
                      .arg(QString::fromLatin1(toString(orientation_)))
                      .arg(navigator_.current() + 1)
                      .arg(navigator_.count())
                      .arg(QLatin1String(axis))
                      .arg(QString::number(plane.position(), 'f', 1));
    bottomLeft << tr("W %1  L %2 %3")
                      .arg(number(windowLevel_.window), number(windowLevel_.level), unit)
                      .trimmed();
    if (fusion_)
        bottomLeft << tr("%1 W %2  L %3, %4 %5 %")
                          .arg(fusionLabel(), number(fusionWl_.window),
                               (number(fusionWl_.level) + QLatin1Char(' ') +
                                unitSymbol(fusion_->unit))
                                   .trimmed(), // a map has no unit: no space before the comma
                               QString::fromStdString(colourMapName(fusionMap_)))
                          .arg(std::lround(100 * fusionOpacity_));
    if (!probeText_.isEmpty())
        cornerTexts_[std::size_t(Corner::BottomRight)] = probeText_.split('\n');
    QStringList& names = cornerTexts_[std::size_t(Corner::TopRight)];
    for (const auto& overlay : overlays_)
        if (overlay.visible)
            names << overlay.name;
    for (const auto& name : skippedOverlays_)
        names << tr("%1 (other grid, not shown)").arg(name);
    if (!title_.isEmpty())
        cornerTexts_[std::size_t(Corner::TopLeft)] << title_;
    updateAnnotations();
    const auto& g = volume_->geometry;
    setGeometryText(tr("%1 x %2 x %3 voxels, %4 x %5 x %6 mm")
                        .arg(g.size[0])
                        .arg(g.size[1])
                        .arg(g.size[2])
                        .arg(number(g.spacing.x()), number(g.spacing.y()), number(g.spacing.z())));
}

void SliceView::setGeometryText(const QString& text) {
    if (text == geometryLabel_->fullText())
        return;
    geometryLabel_->setFullText(text);
    emit geometryTextChanged(text);
}

QString SliceView::geometryText() const {
    return geometryLabel_->fullText();
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
    case QEvent::ToolTip: {
        auto* help = static_cast<QHelpEvent*>(event);
        const QString full = annotationToolTipAt(help->pos());
        if (full.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(help->globalPos(), full, canvas_);
        return true;
    }
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
