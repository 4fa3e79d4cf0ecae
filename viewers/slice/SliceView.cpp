#include "slice/SliceView.h"

#include "bridge/VtkOpenGLWidget.h"
#include "slice/VtkImageAdapter.h"
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
#include <cmath>
#include <vtkCamera.h>
#include <vtkCornerAnnotation.h>
#include <vtkImageData.h>
#include <vtkImageProperty.h>
#include <vtkImageSlice.h>
#include <vtkImageSliceMapper.h>
#include <vtkImageStack.h>
#include <vtkLookupTable.h>
#include <vtkRenderer.h>
#include <vtkTextProperty.h>

namespace rgw::viewers {

namespace {

constexpr double kOverlayOpacity = 0.45;

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

} // namespace

SliceView::SliceView(QWidget* parent) : QWidget(parent) {
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
    updateText();
}

SliceView::~SliceView() = default;

void SliceView::buildPipeline() {
    renderer_ = vtkSmartPointer<vtkRenderer>::New();
    renderer_->SetBackground(0.0, 0.0, 0.0);
    renderer_->GetActiveCamera()->ParallelProjectionOn();
    stack_ = vtkSmartPointer<vtkImageStack>::New();
    imageMapper_ = vtkSmartPointer<vtkImageSliceMapper>::New();
    imageMapper_->SetOrientationToZ();
    imageMapper_->SliceAtFocalPointOff();
    imageMapper_->SliceFacesCameraOff();
    imageSlice_ = vtkSmartPointer<vtkImageSlice>::New();
    imageSlice_->SetMapper(imageMapper_);
    imageSlice_->GetProperty()->SetInterpolationTypeToLinear();
    imageSlice_->GetProperty()->SetLayerNumber(0);
    stack_->AddImage(imageSlice_);
    stack_->SetActiveLayer(0);
    stack_->VisibilityOff();
    renderer_->AddViewProp(stack_);

    annotation_ = vtkSmartPointer<vtkCornerAnnotation>::New();
    annotation_->SetMaximumFontSize(15);
    annotation_->SetLinearFontScaleFactor(2.0);
    annotation_->SetNonlinearFontScaleFactor(1.0);
    annotation_->GetTextProperty()->SetColor(0.95, 0.85, 0.35);
    annotation_->GetTextProperty()->SetFontFamilyToArial();
    annotation_->GetTextProperty()->ShadowOn();
    renderer_->AddViewProp(annotation_);
    canvas_->renderWindow()->AddRenderer(renderer_);
}

void SliceView::setVolume(std::shared_ptr<const Volume> volume, const QString& title,
                          const QString& modality) {
    if (!volume || volume->empty())
        throw Error("cannot display an empty volume");
    vtkVolume_ = toVtkImage(volume);
    volume_ = std::move(volume);
    title_ = title;
    note_ = isAxisAligned(volume_->geometry)
                ? QString()
                : tr("Oblique orientation: shown in voxel index order (i, j, k)");
    setOverlays({});

    imageMapper_->SetInputData(vtkVolume_);
    navigator_.reset(static_cast<int>(volume_->geometry.size[2]));
    {
        const QSignalBlocker block(slider_);
        slider_->setRange(0, navigator_.count() - 1);
        slider_->setPageStep(navigator_.pageStep());
        slider_->setValue(navigator_.current());
        slider_->setEnabled(navigator_.count() > 1);
    }
    presets_ = presetsFor(volume_->unit, modality.toStdString());
    {
        const QSignalBlocker block(presetBox_);
        presetBox_->clear();
        for (const auto& preset : presets_)
            presetBox_->addItem(QString::fromStdString(preset.name));
        presetBox_->setEnabled(true);
    }
    stack_->VisibilityOn();
    applyPreset(0);
    updateSlice();
    fitCamera();
}

void SliceView::setOverlays(std::vector<MaskOverlay> overlays) {
    for (const auto& slice : overlaySlices_)
        stack_->RemoveImage(slice);
    overlaySlices_.clear();
    overlays_.clear();
    skippedOverlays_.clear();
    if (!volume_) {
        canvas_->requestRender();
        return;
    }
    int layer = 1;
    for (auto& overlay : overlays) {
        if (!overlay.mask || !overlay.mask->geometry.sameGrid(volume_->geometry) ||
            overlay.mask->voxels.size() != volume_->geometry.voxelCount()) {
            skippedOverlays_ << overlay.name;
            continue;
        }
        // Two-entry table: background fully transparent, label in its colour.
        vtkNew<vtkLookupTable> table;
        table->SetNumberOfTableValues(2);
        table->SetTableRange(0.0, 1.0);
        table->SetTableValue(0, 0.0, 0.0, 0.0, 0.0);
        table->SetTableValue(1, overlay.colour.redF(), overlay.colour.greenF(),
                             overlay.colour.blueF(), 1.0);
        table->Build();
        vtkNew<vtkImageSliceMapper> mapper;
        mapper->SetInputData(toVtkImage(overlay.mask));
        mapper->SetOrientationToZ();
        mapper->SliceAtFocalPointOff();
        mapper->SliceFacesCameraOff();
        mapper->SetSliceNumber(navigator_.current());
        auto slice = vtkSmartPointer<vtkImageSlice>::New();
        slice->SetMapper(mapper);
        vtkImageProperty* property = slice->GetProperty();
        property->SetLookupTable(table);
        property->UseLookupTableScalarRangeOn();
        property->SetInterpolationTypeToNearest();
        property->SetOpacity(kOverlayOpacity);
        property->SetLayerNumber(layer++);
        stack_->AddImage(slice);
        overlaySlices_.push_back(slice);
        overlays_.push_back(std::move(overlay));
    }
    updateText();
    canvas_->requestRender();
}

void SliceView::clear() {
    setOverlays({});
    volume_.reset();
    vtkVolume_ = nullptr;
    imageMapper_->SetInputData(nullptr);
    stack_->VisibilityOff();
    navigator_.reset(0);
    presets_.clear();
    title_.clear();
    note_.clear();
    {
        const QSignalBlocker blockSlider(slider_);
        const QSignalBlocker blockPresets(presetBox_);
        slider_->setRange(0, 0);
        slider_->setEnabled(false);
        presetBox_->clear();
        presetBox_->setEnabled(false);
    }
    updateText();
    canvas_->requestRender();
}

void SliceView::setSlice(int slice) {
    if (!navigator_.setCurrent(slice))
        return;
    updateSlice();
    emit sliceChanged(navigator_.current());
}

void SliceView::updateSlice() {
    if (!volume_)
        return;
    const int k = navigator_.current();
    imageMapper_->SetSliceNumber(k);
    for (const auto& slice : overlaySlices_)
        static_cast<vtkImageSliceMapper*>(slice->GetMapper())->SetSliceNumber(k);
    {
        const QSignalBlocker block(slider_);
        slider_->setValue(k);
    }
    // Keep the camera's focal plane on the slice so clipping never cuts it.
    double origin[3];
    double spacing[3];
    vtkVolume_->GetOrigin(origin);
    vtkVolume_->GetSpacing(spacing);
    vtkCamera* camera = renderer_->GetActiveCamera();
    double focal[3];
    double position[3];
    camera->GetFocalPoint(focal);
    camera->GetPosition(position);
    const double z = origin[2] + k * spacing[2];
    const double distance = focal[2] - position[2];
    focal[2] = z;
    camera->SetFocalPoint(focal);
    camera->SetPosition(position[0], position[1], z - (distance > 0 ? distance : 1000.0));
    renderer_->ResetCameraClippingRange();
    updateText();
    canvas_->requestRender();
}

void SliceView::fitCamera() {
    if (!volume_)
        return;
    double bounds[6];
    vtkVolume_->GetBounds(bounds);
    const double cx = (bounds[0] + bounds[1]) / 2.0;
    const double cy = (bounds[2] + bounds[3]) / 2.0;
    double spacing[3];
    vtkVolume_->GetSpacing(spacing);
    double origin[3];
    vtkVolume_->GetOrigin(origin);
    const double z = origin[2] + navigator_.current() * spacing[2];
    // Radiological convention for LPS axial slices: looking from the feet
    // (+z), patient left (+x) on screen right, anterior (-y) up.
    vtkCamera* camera = renderer_->GetActiveCamera();
    camera->SetFocalPoint(cx, cy, z);
    camera->SetPosition(cx, cy, z - 1000.0);
    camera->SetViewUp(0.0, -1.0, 0.0);
    // Pixel edges extend half a voxel beyond the point bounds.
    const double w = bounds[1] - bounds[0] + spacing[0];
    const double h = bounds[3] - bounds[2] + spacing[1];
    const double aspect = std::max(1, canvas_->width()) / double(std::max(1, canvas_->height()));
    camera->SetParallelScale(1.04 * std::max(h / 2.0, w / (2.0 * aspect)));
    renderer_->ResetCameraClippingRange();
    canvas_->requestRender();
}

QRect SliceView::imageRectOnCanvas() const {
    if (!volume_)
        return {};
    double bounds[6];
    vtkVolume_->GetBounds(bounds);
    double spacing[3];
    vtkVolume_->GetSpacing(spacing);
    vtkCamera* camera = renderer_->GetActiveCamera();
    double focal[3];
    camera->GetFocalPoint(focal);
    // Parallel scale is half the view height in world units.
    const double mmPerPixel = 2.0 * camera->GetParallelScale() / std::max(1, canvas_->height());
    const double w = (bounds[1] - bounds[0] + spacing[0]) / mmPerPixel;
    const double h = (bounds[3] - bounds[2] + spacing[1]) / mmPerPixel;
    const double cx =
        canvas_->width() / 2.0 + ((bounds[0] + bounds[1]) / 2.0 - focal[0]) / mmPerPixel;
    const double cy =
        canvas_->height() / 2.0 + ((bounds[2] + bounds[3]) / 2.0 - focal[1]) / mmPerPixel;
    return QRectF(cx - w / 2.0, cy - h / 2.0, w, h).toAlignedRect().intersected(canvas_->rect());
}

void SliceView::setWindowLevel(const WindowLevel& wl) {
    windowLevel_ = {std::max(wl.window, kMinimumWindow), wl.level};
    imageSlice_->GetProperty()->SetColorWindow(windowLevel_.window);
    imageSlice_->GetProperty()->SetColorLevel(windowLevel_.level);
    updateText();
    canvas_->requestRender();
    emit windowLevelChanged(windowLevel_.window, windowLevel_.level);
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
    setWindowLevel(resolvePreset(presets_[static_cast<std::size_t>(index)], *volume_));
}

void SliceView::updateText() {
    if (!volume_) {
        annotation_->SetText(0, "");
        annotation_->SetText(1, "");
        annotation_->SetText(2, tr("No series selected").toUtf8().constData());
        annotation_->SetText(3, "");
        sliceLabel_->clear();
        return;
    }
    const int k = navigator_.current();
    const auto& g = volume_->geometry;
    const double z = g.physicalPoint(Eigen::Vector3d(0.0, 0.0, k)).z();
    const QString unit = unitSymbol(volume_->unit);
    const QString sliceText = tr("Slice %1 / %2   z = %3 mm")
                                  .arg(k + 1)
                                  .arg(navigator_.count())
                                  .arg(QString::number(z, 'f', 1));
    const QString wlText = tr("W %1  L %2 %3")
                               .arg(number(windowLevel_.window), number(windowLevel_.level), unit)
                               .trimmed();
    annotation_->SetText(0, (sliceText + "\n" + wlText).toUtf8().constData());
    QStringList names;
    for (const auto& overlay : overlays_)
        names << overlay.name;
    for (const auto& name : skippedOverlays_)
        names << tr("%1 (other grid, not shown)").arg(name);
    annotation_->SetText(3, names.join('\n').toUtf8().constData());
    annotation_->SetText(2, title_.toUtf8().constData());
    annotation_->SetText(1, note_.toUtf8().constData());
    sliceLabel_->setText(
        tr("%1 x %2 x %3 voxels, %4 x %5 x %6 mm")
            .arg(g.size[0])
            .arg(g.size[1])
            .arg(g.size[2])
            .arg(number(g.spacing.x()), number(g.spacing.y()), number(g.spacing.z())));
}

bool SliceView::handleKey(int key) {
    switch (key) {
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
    default:
        return false;
    }
}

bool SliceView::eventFilter(QObject* watched, QEvent* event) {
    if (watched != canvas_)
        return QWidget::eventFilter(watched, event);
    switch (event->type()) {
    case QEvent::Resize:
        fitCamera();
        return false;
    case QEvent::Wheel: {
        const int delta = static_cast<QWheelEvent*>(event)->angleDelta().y();
        // One notch is 120; touchpads send less, still worth one slice.
        const int steps =
            delta == 0 ? 0 : (delta > 0 ? 1 : -1) * std::max(1, std::abs(delta) / 120);
        setSlice(navigator_.current() + steps);
        return true;
    }
    case QEvent::KeyPress:
        return handleKey(static_cast<QKeyEvent*>(event)->key());
    case QEvent::MouseButtonPress: {
        auto* mouse = static_cast<QMouseEvent*>(event);
        canvas_->setFocus(Qt::MouseFocusReason);
        if (mouse->button() == Qt::LeftButton && volume_) {
            dragging_ = true;
            dragStart_ = mouse->position().toPoint();
            dragStartWindowLevel_ = windowLevel_;
        }
        return true;
    }
    case QEvent::MouseMove: {
        auto* mouse = static_cast<QMouseEvent*>(event);
        if (dragging_) {
            const QPoint d = mouse->position().toPoint() - dragStart_;
            setWindowLevel(dragWindowLevel(dragStartWindowLevel_, d.x(), d.y(), canvas_->width(),
                                           canvas_->height()));
        }
        return true;
    }
    case QEvent::MouseButtonRelease:
        if (static_cast<QMouseEvent*>(event)->button() == Qt::LeftButton)
            dragging_ = false;
        return true;
    case QEvent::MouseButtonDblClick:
        return true;
    default:
        return QWidget::eventFilter(watched, event);
    }
}

} // namespace rgw::viewers
