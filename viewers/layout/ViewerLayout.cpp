#include "layout/ViewerLayout.h"

#include "bridge/VtkOpenGLWidget.h"
#include "util/Error.h"
#include "volume/VolumeView3D.h"

#include <QApplication>
#include <QEvent>
#include <QGridLayout>

namespace rgw::viewers {

namespace {

constexpr std::array<SliceOrientation, 3> kOrientations = {
    SliceOrientation::Axial, SliceOrientation::Coronal, SliceOrientation::Sagittal};

} // namespace

Layout parseLayout(const QString& name) {
    const QString n = name.trimmed().toLower();
    if (n == QLatin1String("axial"))
        return Layout::Axial;
    if (n == QLatin1String("mpr"))
        return Layout::Mpr;
    if (n == QLatin1String("3d"))
        return Layout::ThreeD;
    if (n == QLatin1String("four-up"))
        return Layout::FourUp;
    throw Error("unknown layout '" + name.toStdString() + "' (expected axial, mpr, 3d or four-up)");
}

QString layoutName(Layout layout) {
    switch (layout) {
    case Layout::Axial:
        return QStringLiteral("axial");
    case Layout::Mpr:
        return QStringLiteral("mpr");
    case Layout::ThreeD:
        return QStringLiteral("3d");
    case Layout::FourUp:
        return QStringLiteral("four-up");
    }
    return QStringLiteral("axial");
}

ViewerLayout::ViewerLayout(QWidget* parent) : QWidget(parent) {
    grid_ = new QGridLayout(this);
    grid_->setContentsMargins(0, 0, 0, 0);
    grid_->setSpacing(3);
    for (std::size_t n = 0; n < kOrientations.size(); ++n) {
        slices_[n] = new SliceView(kOrientations[n], this);
        slices_[n]->setObjectName(QStringLiteral("%1View").arg(toString(kOrientations[n])));
        connectView(slices_[n]);
    }
    active_ = slices_[0];
    arrange();
}

ViewerLayout::~ViewerLayout() = default;

void ViewerLayout::connectView(SliceView* view) {
    view->canvas()->installEventFilter(this);
    connect(view, &SliceView::crosshairMoved, this,
            [this, view](const Eigen::Vector3d& lps) { onCrosshairMoved(view, lps); });
    connect(view, &SliceView::windowLevelChanged, this,
            [this, view](double, double) { onWindowLevelChanged(view); });
    connect(view, &SliceView::fusionDisplayChanged, this,
            [this, view] { onFusionDisplayChanged(view); });
    connect(view, &SliceView::cursorMoved, this, &ViewerLayout::cursorMoved);
    connect(view, &SliceView::strokePoint, this,
            [this, view](const Eigen::Vector3d& lps, bool first) {
                emit strokePoint(view, lps, first);
            });
    connect(view, &SliceView::strokeFinished, this, [this, view] { emit strokeFinished(view); });
    connect(view, &SliceView::seedPoint, this,
            [this, view](const Eigen::Vector3d& lps) { emit seedPoint(view, lps); });
}

SliceView* ViewerLayout::sliceView(SliceOrientation orientation) const {
    return slices_[static_cast<std::size_t>(orientation)];
}

void ViewerLayout::ensureVolumeView() {
    if (volumeView_)
        return;
    volumeView_ = new VolumeView3D(this);
    volumeView_->setObjectName(QStringLiteral("volumeView"));
    volumeView_->setAnnotationsVisible(annotationsVisible_);
    if (volume_) {
        volumeView_->setVolume(volume_, modality_);
        volumeView_->setCaption(title_);
        volumeView_->setSliceDisplay(slices_[0]->windowLevel(), slices_[0]->colourMap());
        volumeView_->setSurfaces(overlays_);
        volumeView_->setSlicePlanes(crosshair_);
    }
}

void ViewerLayout::setLayoutMode(Layout layout) {
    layout_ = layout;
    arrange();
    emit layoutChanged(layout_);
}

void ViewerLayout::arrange() {
    if (layout_ != Layout::Axial)
        ensureVolumeView();
    for (auto* view : slices_)
        grid_->removeWidget(view);
    if (volumeView_)
        grid_->removeWidget(volumeView_);
    for (int n = 0; n < 4; ++n) {
        grid_->setRowStretch(n, 0);
        grid_->setColumnStretch(n, 0);
    }
    std::vector<std::pair<QWidget*, QPoint>> cells; // widget, (column, row)
    switch (layout_) {
    case Layout::Axial:
        cells = {{slices_[0], {0, 0}}};
        break;
    case Layout::Mpr:
        cells = {{slices_[0], {0, 0}},
                 {slices_[1], {1, 0}},
                 {slices_[2], {2, 0}},
                 {volumeView_, {3, 0}}};
        break;
    case Layout::ThreeD:
        cells = {{volumeView_, {0, 0}}};
        break;
    case Layout::FourUp:
        cells = {{slices_[0], {0, 0}},
                 {slices_[1], {1, 0}},
                 {slices_[2], {0, 1}},
                 {volumeView_, {1, 1}}};
        break;
    }
    std::vector<QWidget*> all(slices_.begin(), slices_.end());
    if (volumeView_)
        all.push_back(volumeView_);
    for (QWidget* w : all) {
        const bool shown = std::any_of(cells.begin(), cells.end(),
                                       [w](const auto& cell) { return cell.first == w; });
        w->setVisible(shown);
    }
    for (const auto& [w, at] : cells) {
        grid_->addWidget(w, at.y(), at.x());
        grid_->setColumnStretch(at.x(), 1);
        grid_->setRowStretch(at.y(), 1);
    }
    // The crosshair matters when several planes are seen together.
    const bool linked = layout_ == Layout::Mpr || layout_ == Layout::FourUp;
    for (auto* view : slices_)
        view->setCrosshairVisible(linked);
    if (volumeView_)
        volumeView_->setSlicePlanesVisible(layout_ != Layout::Axial);

    // Keyboard focus stays on a visible view.
    if (!active_->isVisibleTo(this)) {
        for (auto* view : slices_)
            if (view->isVisibleTo(this)) {
                active_ = view;
                emit activeViewChanged(active_);
                break;
            }
    }
    QWidget* focused = QApplication::focusWidget();
    if (focused && isAncestorOf(focused) && !focused->isVisibleTo(this)) {
        if (active_->isVisibleTo(this))
            active_->canvas()->setFocus(Qt::OtherFocusReason);
        else if (volumeView_ && volumeView_->isVisibleTo(this))
            volumeView_->canvas()->setFocus(Qt::OtherFocusReason);
    }
}

std::vector<QWidget*> ViewerLayout::visibleViews() const {
    std::vector<QWidget*> out;
    for (auto* view : slices_)
        if (view->isVisibleTo(this))
            out.push_back(view);
    if (volumeView_ && volumeView_->isVisibleTo(this))
        out.push_back(volumeView_);
    return out;
}

void ViewerLayout::setVolume(std::shared_ptr<const Volume> volume, const QString& title,
                             const QString& modality) {
    if (!volume || volume->empty())
        throw Error("cannot display an empty volume");
    for (auto* view : slices_)
        view->setVolume(volume, title, modality);
    volume_ = std::move(volume);
    modality_ = modality;
    title_ = title;
    overlays_.clear();
    if (volumeView_) {
        volumeView_->setVolume(volume_, modality_);
        volumeView_->setCaption(title_);
        volumeView_->setSliceDisplay(slices_[0]->windowLevel(), slices_[0]->colourMap());
        volumeView_->setSurfaces({});
    }
    const auto& g = volume_->geometry;
    setCrosshair(g.physicalPoint(
        Eigen::Vector3d(double(g.size[0] - 1), double(g.size[1] - 1), double(g.size[2] - 1)) /
        2.0));
}

bool ViewerLayout::hasVolume() const {
    return volume_ != nullptr;
}

void ViewerLayout::setOverlays(std::vector<MaskOverlay> overlays) {
    for (auto* view : slices_)
        view->setOverlays(overlays);
    overlays_ = slices_[0]->overlays(); // those on the image grid
    if (volumeView_)
        volumeView_->setSurfaces(overlays_);
}

void ViewerLayout::refreshOverlays() {
    for (auto* view : slices_)
        view->refreshOverlays(); // hidden views defer the work until shown
}

void ViewerLayout::refreshSurfaces() {
    if (volumeView_)
        volumeView_->setSurfaces(overlays_);
}

void ViewerLayout::setFusion(std::shared_ptr<const Volume> moving, const WindowLevel& wl,
                             ColourMap map, double opacity, const QString& name) {
    for (auto* view : slices_)
        view->setFusion(moving, wl, map, opacity, name);
}

void ViewerLayout::clearFusion() {
    for (auto* view : slices_)
        view->clearFusion();
}

void ViewerLayout::clear() {
    for (auto* view : slices_)
        view->clear();
    if (volumeView_)
        volumeView_->clear();
    volume_.reset();
    title_.clear();
    overlays_.clear();
}

void ViewerLayout::setCrosshair(const Eigen::Vector3d& lps) {
    crosshair_ = lps;
    for (auto* view : slices_)
        view->setCrosshair(lps);
    if (volumeView_ && volume_)
        volumeView_->setSlicePlanes(lps);
}

void ViewerLayout::onCrosshairMoved(SliceView* source, const Eigen::Vector3d& lps) {
    crosshair_ = lps;
    for (auto* view : slices_)
        if (view != source)
            view->setCrosshair(lps);
    if (volumeView_ && volume_)
        volumeView_->setSlicePlanes(lps);
    emit crosshairMoved(lps);
}

void ViewerLayout::onWindowLevelChanged(SliceView* source) {
    if (syncing_)
        return;
    syncing_ = true;
    const WindowLevel wl = source->windowLevel();
    if (volumeView_ && volume_)
        volumeView_->setSliceDisplay(wl, source->colourMap());
    for (auto* view : slices_) {
        if (view == source)
            continue;
        if (view->colourMap() != source->colourMap())
            view->setColourMap(source->colourMap());
        if (view->windowLevel().window != wl.window || view->windowLevel().level != wl.level)
            view->setWindowLevel(wl);
    }
    syncing_ = false;
}

void ViewerLayout::onFusionDisplayChanged(SliceView* source) {
    for (auto* view : slices_) {
        if (view == source || !view->hasFusion())
            continue;
        view->setFusionWindowLevel(source->fusionWindowLevel());
        view->setFusionOpacity(source->fusionOpacity());
    }
}

void ViewerLayout::setInteractionMode(InteractionMode mode) {
    for (auto* view : slices_)
        view->setInteractionMode(mode);
}

void ViewerLayout::setAnnotationsVisible(bool visible) {
    annotationsVisible_ = visible;
    for (auto* view : slices_)
        view->setAnnotationsVisible(visible);
    if (volumeView_)
        volumeView_->setAnnotationsVisible(visible);
}

bool ViewerLayout::eventFilter(QObject* watched, QEvent* event) {
    if (event->type() == QEvent::FocusIn || event->type() == QEvent::MouseButtonPress)
        for (auto* view : slices_)
            if (watched == view->canvas() && view != active_) {
                active_ = view;
                emit activeViewChanged(view);
            }
    return QWidget::eventFilter(watched, event);
}

} // namespace rgw::viewers
