#pragma once

#include "image/Image.h"
#include "image/Reslice.h"
#include "slice/ColourMap.h"
#include "slice/MaskOverlay.h"
#include "slice/SliceView.h"
#include "slice/WindowLevel.h"

#include <Eigen/Core>
#include <QString>
#include <QWidget>
#include <array>
#include <memory>
#include <vector>

class QGridLayout;

namespace rgw::viewers {

class VolumeView3D;

/// Arrangements of the viewer area (command line: --layout NAME).
enum class Layout {
    Axial,  ///< "axial": one axial slice view
    Mpr,    ///< "mpr": axial, coronal, sagittal and 3D in a row
    ThreeD, ///< "3d": the 3D view alone
    FourUp, ///< "four-up": 2 x 2, axial and coronal above, sagittal and 3D below
};

/// "axial", "mpr", "3d", "four-up" (case-insensitive) to a Layout; throws
/// rgw::Error naming the text and the accepted names otherwise.
Layout parseLayout(const QString& name);
QString layoutName(Layout layout);

/// The viewer area: three slice views (axial, coronal, sagittal) and the 3D
/// view (created the first time a layout shows it), arranged per Layout.
/// One volume, its overlays and fusion are shown in every view; the crosshair
/// is shared: moving it (Ctrl+click, Crosshair mode, or scrolling a view)
/// moves the other slice views to it and the 3D view's slice planes, and
/// window/level and colour map changes in one slice view apply to all, as do
/// the fusion's window/level and opacity.
/// The slice view last clicked or focused is the active one; keyboard focus
/// moves to a visible view when a layout hides the focused one.
class ViewerLayout : public QWidget {
    Q_OBJECT
public:
    explicit ViewerLayout(QWidget* parent = nullptr);
    ~ViewerLayout() override;

    Layout layoutMode() const { return layout_; }
    void setLayoutMode(Layout layout);

    /// Shows `volume` in all views, crosshair at its centre. Throws rgw::Error
    /// when it cannot be displayed.
    void setVolume(std::shared_ptr<const Volume> volume, const QString& title,
                   const QString& modality);
    bool hasVolume() const;
    const std::shared_ptr<const Volume>& volume() const { return volume_; }
    /// The title and modality setVolume was given.
    QString title() const { return title_; }
    QString modality() const { return modality_; }
    void setOverlays(std::vector<MaskOverlay> overlays);
    const std::vector<MaskOverlay>& overlays() const { return overlays_; }
    /// Masks edited in place: redraw the slice views (cheap, per edit).
    void refreshOverlays();
    /// Rebuild the 3D surfaces from the current masks (e.g. when a stroke ends).
    void refreshSurfaces();
    /// `name` labels the fusion's value under the cursor (empty: "fusion").
    void setFusion(std::shared_ptr<const Volume> moving, const WindowLevel& wl, ColourMap map,
                   double opacity, const QString& name = QString());
    void clearFusion();
    void clear();

    Eigen::Vector3d crosshair() const { return crosshair_; }
    /// Moves every view to `lps` (no crosshairMoved: that is for user actions).
    void setCrosshair(const Eigen::Vector3d& lps);

    void setInteractionMode(InteractionMode mode);
    void setAnnotationsVisible(bool visible);

    SliceView* sliceView(SliceOrientation orientation) const;
    /// The slice view last clicked or focused (axial at first).
    SliceView* activeSliceView() const { return active_; }
    /// The 3D view; nullptr until a layout with it was shown.
    VolumeView3D* volumeView() const { return volumeView_; }
    /// The views the current layout shows (for screenshots: wait for their frames).
    std::vector<QWidget*> visibleViews() const;

signals:
    void layoutChanged(Layout layout);
    void crosshairMoved(const Eigen::Vector3d& lps);
    void cursorMoved(const Eigen::Vector3d& lps);
    void activeViewChanged(SliceView* view);
    /// Edit-tool input from any slice view, with the view (its currentPlane()).
    void strokePoint(SliceView* view, const Eigen::Vector3d& lps, bool first);
    void strokeFinished(SliceView* view);
    void seedPoint(SliceView* view, const Eigen::Vector3d& lps);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void connectView(SliceView* view);
    void ensureVolumeView();
    void arrange();
    void onCrosshairMoved(SliceView* source, const Eigen::Vector3d& lps);
    void onWindowLevelChanged(SliceView* source);
    void onFusionDisplayChanged(SliceView* source);

    QGridLayout* grid_ = nullptr;
    std::array<SliceView*, 3> slices_{}; ///< axial, coronal, sagittal
    VolumeView3D* volumeView_ = nullptr;
    SliceView* active_ = nullptr;
    Layout layout_ = Layout::Axial;

    std::shared_ptr<const Volume> volume_;
    QString modality_;
    QString title_;
    bool annotationsVisible_ = true;
    std::vector<MaskOverlay> overlays_;
    Eigen::Vector3d crosshair_ = Eigen::Vector3d::Zero();
    bool syncing_ = false;
};

} // namespace rgw::viewers
