#pragma once

#include "image/Image.h"
#include "image/Reslice.h"
#include "slice/AnnotationLayout.h"
#include "slice/ColourMap.h"
#include "slice/MaskOverlay.h"
#include "slice/SliceComposer.h"
#include "slice/SliceNavigator.h"
#include "slice/ViewTransform.h"
#include "slice/WindowLevel.h"

#include <Eigen/Core>
#include <QPoint>
#include <QWidget>
#include <array>
#include <memory>
#include <optional>
#include <vector>
#include <vtkSmartPointer.h>

class QComboBox;
class QLabel;
class QSlider;
class vtkActor2D;
class vtkImageActor;
class vtkImageData;
class vtkPoints;
class vtkRenderer;
class vtkTextActor;

namespace rgw::viewers {

class ElidedLabel;
class VtkOpenGLWidget;

/// What a left-button drag does in a slice view.
enum class InteractionMode {
    Navigate,  ///< left-drag: window/level (right = wider, up = brighter level)
    Crosshair, ///< left click/drag: moves the crosshair
    Paint,     ///< left-drag: strokePoint() for a paint tool
    Erase,     ///< left-drag: strokePoint() for an erase tool
    Seed,      ///< left click: seedPoint()
    Ruler,     ///< left-drag: a ruler with its length in mm
};

/// Slice viewer of one orientation (axial, coronal or sagittal) in patient
/// space: the volume is resampled onto display planes through its direction
/// matrix (core/image/Reslice.h), so oblique and anisotropic series keep
/// their true shape. Each update composes one RGBA image on the CPU
/// (SliceComposer: image with window/level and colour map, fusion layer,
/// mask overlays) shown by one vtkImageActor, with 2D actors for the
/// crosshair, ruler, scale bar, orientation labels and the text overlay.
///
/// Mouse and keys (radiology-viewer conventions):
/// - wheel, Up/Down (Right/Left), PageUp/PageDown, Home/End, slider: slices;
/// - Ctrl+wheel, or right-drag (up = magnify): zoom about the cursor;
/// - middle-drag, or Shift+left-drag: pan; R or double click: reset the view;
/// - left-drag in Navigate mode: window/level (horizontal = window, vertical = level);
///   with Alt and a fused series: the fusion's own window/level; Alt+wheel:
///   fusion opacity (5 % a notch);
/// - Ctrl+left click/drag in any mode, or left in Crosshair mode: crosshair
///   (the linked views move to it, see ViewerLayout);
/// - Paint/Erase: strokePoint(lps, first) per mouse position, strokeFinished();
///   Seed: seedPoint(lps); Ruler: drag draws a line with its length in mm.
/// The probe text (lower right) gives the LPS point, voxel index and value
/// (HU / SUV) under the cursor, and the fusion value when fused.
class SliceView : public QWidget {
    Q_OBJECT
public:
    explicit SliceView(QWidget* parent = nullptr);
    explicit SliceView(SliceOrientation orientation, QWidget* parent = nullptr);
    ~SliceView() override;

    /// Shows `volume`; `title` goes in the text overlay, `modality` picks presets.
    /// Throws rgw::Error when the volume cannot be displayed.
    void setVolume(std::shared_ptr<const Volume> volume, const QString& title,
                   const QString& modality);
    const std::shared_ptr<const Volume>& volume() const { return volume_; }
    /// Replaces the overlays. Masks whose grid differs from the image's are
    /// skipped and named by skippedOverlays().
    void setOverlays(std::vector<MaskOverlay> overlays);
    /// The overlays' masks were edited in place: redraw them.
    void refreshOverlays();
    void clear();

    bool hasVolume() const { return volume_ != nullptr; }
    const std::vector<MaskOverlay>& overlays() const { return overlays_; }
    QStringList skippedOverlays() const { return skippedOverlays_; }

    /// A second series (own grid) resampled onto the displayed plane and
    /// blended over the image with its own window/level, colour map and opacity.
    /// `name` (e.g. a feature map's) labels the fusion's value in the probe
    /// text and its window line; empty: "fusion".
    void setFusion(std::shared_ptr<const Volume> moving, const WindowLevel& wl, ColourMap map,
                   double opacity, const QString& name = QString());
    void clearFusion();
    bool hasFusion() const { return fusion_ != nullptr; }
    const std::shared_ptr<const Volume>& fusion() const { return fusion_; }
    QString fusionName() const { return fusionName_; }
    WindowLevel fusionWindowLevel() const { return fusionWl_; }
    void setFusionWindowLevel(const WindowLevel& wl);
    void setFusionOpacity(double opacity);
    void setFusionColourMap(ColourMap map);
    double fusionOpacity() const { return fusionOpacity_; }
    ColourMap fusionColourMap() const { return fusionMap_; }

    SliceOrientation orientation() const { return orientation_; }
    void setOrientation(SliceOrientation orientation);
    /// The displayed plane (orientation, position, pixel grid).
    SlicePlane currentPlane() const;

    int sliceCount() const { return navigator_.count(); }
    int currentSlice() const { return navigator_.current(); }
    void setSlice(int slice);

    WindowLevel windowLevel() const { return windowLevel_; }
    void setWindowLevel(const WindowLevel& wl);
    ColourMap colourMap() const { return colourMap_; }
    void setColourMap(ColourMap map);
    QStringList presetNames() const;
    /// Sets the preset's window/level and colour map.
    void applyPreset(int index);

    InteractionMode interactionMode() const { return mode_; }
    void setInteractionMode(InteractionMode mode);

    /// Crosshair (LPS): moves this view to the slice through `lps` and draws
    /// the crosshair there when visible. Emits no crosshairMoved (that signal
    /// is for user actions), so linked views do not echo.
    void setCrosshair(const Eigen::Vector3d& lps);
    Eigen::Vector3d crosshair() const { return crosshair_; }
    void setCrosshairVisible(bool visible);
    bool crosshairVisible() const { return crosshairVisible_; }

    /// Text overlay (title, slice, W/L, probe, overlay names); hide for screenshots.
    void setAnnotationsVisible(bool visible);
    bool annotationsVisible() const { return annotationsVisible_; }
    void setOrientationLabelsVisible(bool visible);
    /// Left, right, top, bottom edge letters (e.g. R, L, A, P for axial).
    QStringList orientationLabels() const;
    /// Scale bar length in mm at the current zoom (0 without a volume or
    /// when the view is too small to draw it clear of the other annotations).
    double scaleBarLength() const { return scaleBarMm_; }

    /// Where the annotations over the image were placed at the last update
    /// (canvas device pixels, origin top left): corner text lines as drawn
    /// (elided or dropped when short of room), edge letters, scale bar and,
    /// with a fusion, its colour bar. No two rectangles intersect.
    const AnnotationPlacement& annotationPlacement() const { return placement_; }
    /// The full text of a shortened annotation under a canvas point (logical
    /// pixels), else empty; the canvas shows it as its tooltip.
    QString annotationToolTipAt(const QPointF& canvasPoint) const;
    /// The fused series' colour bar (window of its map, in its unit) is drawn.
    bool colourBarVisible() const { return placement_.colourBar.has_value(); }

    /// "154 x 158 x 51 voxels, 0.977 x 0.977 x 3.27 mm" for the shown volume
    /// (empty without one). The header shows it elided when short of room,
    /// with the full text as tooltip; a main window may show it in its status
    /// bar (geometryTextChanged()).
    QString geometryText() const;
    /// The header's geometry label (elided to the room it gets).
    const ElidedLabel* geometryLabel() const { return geometryLabel_; }
    /// The window/level preset box in the header.
    const QComboBox* presetBox() const { return presetBox_; }

    /// Zoom and pan; resetView() fits the plane in the canvas.
    void resetView();
    void zoomBy(double factor, std::optional<QPointF> aboutCanvasPoint = std::nullopt);
    void panBy(double dx, double dy);
    const ViewTransform& viewTransform() const { return view_; }

    /// LPS point under a canvas position (logical pixels, on the current plane).
    Eigen::Vector3d canvasToPatient(const QPointF& canvasPoint) const;
    /// Canvas position (logical pixels) of the projection of `lps` on the plane.
    QPointF patientToCanvas(const Eigen::Vector3d& lps) const;

    /// Probe text for the cursor position (LPS, voxel index, value with unit).
    QString probeText() const { return probeText_; }
    QString probeAt(const Eigen::Vector3d& lps) const;
    /// Ruler endpoints (LPS) and length (mm) when one is drawn.
    std::optional<std::pair<Eigen::Vector3d, Eigen::Vector3d>> ruler() const { return ruler_; }
    double rulerLength() const;

    /// The VTK canvas (tests grab it; it repaints itself on changes).
    VtkOpenGLWidget* canvas() const { return canvas_; }
    /// Canvas-local rectangle (logical pixels) where the current slice is drawn.
    QRect imageRectOnCanvas() const;
    /// The last composed slice (what the image actor shows).
    const RgbaImage& composedSlice() const { return composer_.result(); }

signals:
    void sliceChanged(int slice);
    void windowLevelChanged(double window, double level);
    /// The user changed the fusion's window/level (Alt+drag) or opacity (Alt+wheel).
    void fusionDisplayChanged();
    void cursorMoved(const Eigen::Vector3d& lps);
    void crosshairMoved(const Eigen::Vector3d& lps);
    void strokePoint(const Eigen::Vector3d& lps, bool first);
    void strokeFinished();
    void seedPoint(const Eigen::Vector3d& lps);
    void rulerChanged(double lengthMm);
    /// The voxel grid description changed (a volume was shown or cleared).
    void geometryTextChanged(const QString& text);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
    void showEvent(QShowEvent* event) override;

private:
    enum class Drag { None, WindowLevel, FusionWindowLevel, Pan, Zoom, Crosshair, Stroke, Ruler };

    void buildPipeline();
    void rebuildStack();
    void recompose();
    void updateCamera();
    void updateDecorations();
    void updateText();
    /// The fusion's name in the texts: its own, or "fusion".
    QString fusionLabel() const;
    /// Lays the corner texts, edge letters, scale bar and colour bar out
    /// (AnnotationLayout) and moves their actors there.
    void updateAnnotations();
    void setGeometryText(const QString& text);
    void updateSliceControls();
    bool handleKey(QKeyEvent* key);
    void moveCrosshairTo(const Eigen::Vector3d& lps, bool emitSignal);
    Eigen::Vector2d toDisplay(const Eigen::Vector2d& canvas) const;
    bool mousePress(QMouseEvent* event);
    bool mouseMove(QMouseEvent* event);
    bool mouseRelease(QMouseEvent* event);

    SliceOrientation orientation_ = SliceOrientation::Axial;
    VtkOpenGLWidget* canvas_ = nullptr;
    QSlider* slider_ = nullptr;
    QComboBox* presetBox_ = nullptr;
    ElidedLabel* geometryLabel_ = nullptr;

    vtkSmartPointer<vtkRenderer> renderer_;
    vtkSmartPointer<vtkImageActor> imageActor_;
    vtkSmartPointer<vtkImageData> imageData_;
    /// Corner texts (top left, top right, bottom left, bottom right), one
    /// plain text actor per line at a fixed size (vtkCornerAnnotation
    /// re-fits its font on every change, ~0.2 s per slice on llvmpipe).
    std::array<QStringList, 4> cornerTexts_;
    std::array<std::vector<vtkSmartPointer<vtkTextActor>>, 4> cornerLines_;
    AnnotationPlacement placement_;
    vtkSmartPointer<vtkActor2D> colourBarActor_;
    std::array<vtkSmartPointer<vtkTextActor>, 2> colourBarLabels_; ///< top (high), bottom (low)
    vtkSmartPointer<vtkActor2D> crosshairHorizontal_;
    vtkSmartPointer<vtkActor2D> crosshairVertical_;
    vtkSmartPointer<vtkActor2D> rulerActor_;
    vtkSmartPointer<vtkActor2D> scaleBarActor_;
    vtkSmartPointer<vtkTextActor> rulerText_;
    vtkSmartPointer<vtkTextActor> scaleBarText_;
    std::vector<vtkSmartPointer<vtkTextActor>> edgeLabels_;

    std::shared_ptr<const Volume> volume_;
    std::shared_ptr<const Volume> fusion_;
    std::vector<MaskOverlay> overlays_;
    QStringList skippedOverlays_;
    QString title_;
    QString modality_;
    std::vector<WindowLevelPreset> presets_;
    SliceStack stack_;
    SliceNavigator navigator_;
    WindowLevel windowLevel_;
    ColourMap colourMap_ = ColourMap::Grey;
    WindowLevel fusionWl_;
    ColourMap fusionMap_ = ColourMap::Hot;
    double fusionOpacity_ = 0.5;
    QString fusionName_;
    SliceComposer composer_;
    ViewTransform view_;
    bool viewFitted_ = false;
    bool composePending_ = false; ///< hidden: compose when shown

    InteractionMode mode_ = InteractionMode::Navigate;
    Eigen::Vector3d crosshair_ = Eigen::Vector3d::Zero();
    bool crosshairVisible_ = false;
    bool annotationsVisible_ = true;
    bool labelsVisible_ = true;
    double scaleBarMm_ = 0.0;
    QString probeText_;
    std::optional<std::pair<Eigen::Vector3d, Eigen::Vector3d>> ruler_;

    Drag drag_ = Drag::None;
    QPointF dragStart_;
    QPointF dragLast_;
    WindowLevel dragStartWindowLevel_;
};

} // namespace rgw::viewers
