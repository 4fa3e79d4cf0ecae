#pragma once

#include "image/Image.h"
#include "slice/AnnotationLayout.h"
#include "slice/SliceComposer.h"
#include "slice/SliceView.h" // MaskOverlay
#include "slice/WindowLevel.h"
#include "util/Cancel.h"
#include "volume/OffscreenVolumeRenderer.h"
#include "volume/SlicePlaneSection.h"
#include "volume/VolumeRenderingPreset.h"

#include <Eigen/Core>
#include <QStringList>
#include <QThreadPool>
#include <QWidget>
#include <array>
#include <memory>
#include <optional>
#include <vector>
#include <vtkSmartPointer.h>

class QCheckBox;
class QComboBox;
class vtkActor;
class vtkPolyData;
class vtkImageData;
class vtkRenderer;
class vtkOrientationMarkerWidget;
class vtkPlaneSource;
class vtkTextActor;
class vtkTexture;

namespace rgw::viewers {

class VtkOpenGLWidget;

/// 3D view in patient space (LPS mm): the patient in context by default as
/// the three slice planes through the crosshair textured with the image (its
/// window/level and colour map, the ROIs painted in) and outlined in 3D
/// Slicer's colours (axial red, sagittal yellow, coronal green); on request a
/// volume rendering with presets (VolumeRenderingPreset) instead of the
/// textured planes; smooth surfaces of the visible ROIs in their colours; an
/// orientation cube (L/R, A/P, S/I) and the series caption, laid out by
/// AnnotationLayout. Mouse: left-drag rotates, right-drag or wheel zooms, middle-drag or
/// Shift+left-drag pans (trackball camera); R resets the camera to the
/// anterior view (patient's left on the screen's right, head up).
/// ROI meshes are built on a worker thread; surfacesReady() says when shown.
/// Volume rendering runs on its own thread (OffscreenVolumeRenderer), which
/// draws the volume and the ROI surfaces together, a coarse frame first; the
/// view shows a frame as its background only while the camera, size and
/// scene it was made for are current, else the surfaces alone.
class VolumeView3D : public QWidget {
    Q_OBJECT
public:
    explicit VolumeView3D(QWidget* parent = nullptr);
    ~VolumeView3D() override;

    /// Shows `volume` with the default preset for its unit/modality and resets
    /// the camera. Keeps the current surfaces. Throws rgw::Error when empty.
    void setVolume(std::shared_ptr<const Volume> volume, const QString& modality);
    /// Replaces the ROI surfaces: one mesh per visible, non-empty mask.
    /// Returns at once; the meshes appear when surfacesReady() is emitted.
    void setSurfaces(std::vector<MaskOverlay> overlays);
    /// Shows the axial, coronal and sagittal planes through `crosshairLps`.
    void setSlicePlanes(const Eigen::Vector3d& crosshairLps);
    void setSlicePlanesVisible(bool visible);
    bool slicePlanesVisible() const { return planesVisible_; }
    /// Window/level and colour map of the image on the slice planes (the
    /// slice views' display; by default the modality's first preset).
    void setSliceDisplay(const WindowLevel& wl, ColourMap map);
    /// Number of slice planes drawn textured with the image (0 while volume
    /// rendering replaces them or no crosshair is set).
    int texturedSlicePlanes() const;
    void clear();

    /// The series caption drawn in the top-left corner (elided when long,
    /// the full text as the canvas tooltip).
    void setCaption(const QString& caption);
    QString caption() const { return caption_; }
    /// Caption, preset name and orientation cube; off for clean screenshots.
    void setAnnotationsVisible(bool visible);
    bool annotationsVisible() const { return annotationsVisible_; }
    /// Where the caption lines and the orientation cube were placed (canvas
    /// device pixels, origin top left); no two intersect.
    const AnnotationPlacement& annotationPlacement() const { return placement_; }
    /// Full text of a shortened caption under a canvas point (logical pixels).
    QString annotationToolTipAt(const QPointF& canvasPoint) const;
    /// The orientation cube is drawn.
    bool orientationMarkerVisible() const;
    /// The preset box of the header (enabled only while volume rendering is on).
    const QComboBox* presetBox() const { return presetBox_; }

    QStringList presetNames() const;
    int currentPreset() const { return preset_; }
    void applyPreset(int index);

    /// Off: surfaces and planes only (clean 3D screenshots).
    void setVolumeRenderingVisible(bool visible);
    bool volumeRenderingVisible() const { return volumeRenderingVisible_; }
    /// True while the volume rendering shown is not the full-quality frame of
    /// the current camera, size and scene (or none is shown yet).
    bool volumeFramePending() const;

    /// Anterior view fitted to everything shown.
    void resetCamera();

    bool hasVolume() const { return volume_ != nullptr; }
    /// True while ROI meshes are being built.
    bool surfacesPending() const { return pendingJobs_ > 0; }
    /// The ROI meshes at full resolution (LPS mm), in the order of the
    /// overlays that produced them; large ones are drawn decimated (displayMesh).
    const std::vector<vtkSmartPointer<vtkPolyData>>& surfaceMeshes() const { return meshes_; }
    /// The meshes drawn, in the same order.
    const std::vector<vtkSmartPointer<vtkPolyData>>& displayedMeshes() const {
        return displayMeshes_;
    }
    /// Names of the overlays shown as surfaces.
    QStringList surfaceNames() const;
    /// Patient-space bounds of the rendered volume (xmin, xmax, ymin, ...).
    std::array<double, 6> volumeBounds() const;
    /// Outline corners of a slice plane as drawn (LPS mm); empty when hidden.
    std::vector<Eigen::Vector3d> slicePlaneOutline(PatientPlane plane) const;

    /// Milliseconds the worker spent building the last set of meshes.
    double lastSurfaceBuildMs() const { return lastBuildMs_; }

    VtkOpenGLWidget* canvas() const { return canvas_; }
    /// The thread that draws the volume rendering.
    OffscreenVolumeRenderer* volumeRenderer() const { return volumeRenderer_; }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
    void showEvent(QShowEvent* event) override;

signals:
    void surfacesReady();
    /// A volume-rendered frame of the current view is shown (`final`: full quality).
    void volumeFrameShown(bool final);

private:
    struct BuiltSurface {
        int overlay;
        vtkSmartPointer<vtkPolyData> mesh;    ///< full resolution (measurements)
        vtkSmartPointer<vtkPolyData> display; ///< what is drawn (displayMesh)
    };
    void buildPipeline();
    void showSurfaces(int generation, std::vector<BuiltSurface> built, double ms);
    void updatePlanes();
    /// Composes the textured planes (deferred while hidden).
    void updatePlaneImages();
    void updateAnnotations();
    void updateControls();
    /// Before each frame: shows the volume frame of the current key or the
    /// surfaces alone, and asks the renderer for what is missing.
    void prepareFrame();
    std::optional<VolumeFrameKey> currentVolumeKey();
    void showVolumeFrame(const VolumeFrame& frame);
    void sceneChanged();

    VtkOpenGLWidget* canvas_ = nullptr;
    QComboBox* presetBox_ = nullptr;
    QCheckBox* volumeBox_ = nullptr;

    vtkSmartPointer<vtkRenderer> renderer_;
    OffscreenVolumeRenderer* volumeRenderer_ = nullptr;
    vtkSmartPointer<vtkTexture> volumeBackdrop_;
    vtkSmartPointer<vtkImageData> volumeBackdropImage_;
    TransferFunction transfer_;
    bool sceneDirty_ = true;
    int scene_ = 0;
    std::optional<VolumeFrameKey> requestedKey_, shownKey_;
    bool shownFinal_ = false;
    unsigned long frameObserver_ = 0;
    std::array<vtkSmartPointer<vtkActor>, 3> planeActors_;
    std::array<std::vector<Eigen::Vector3d>, 3> planeOutlines_;
    std::array<SliceComposer, 3> planeComposers_;
    std::array<vtkSmartPointer<vtkImageData>, 3> planeImages_;
    std::array<vtkSmartPointer<vtkPlaneSource>, 3> planeSources_;
    std::array<vtkSmartPointer<vtkActor>, 3> planeImageActors_;
    bool planeImagesPending_ = false;
    WindowLevel sliceWl_;
    ColourMap sliceMap_ = ColourMap::Grey;
    QString caption_;
    bool annotationsVisible_ = true;
    std::array<vtkSmartPointer<vtkTextActor>, 4> cornerText_;
    vtkSmartPointer<vtkOrientationMarkerWidget> marker_;
    AnnotationPlacement placement_;
    std::vector<vtkSmartPointer<vtkActor>> surfaceActors_;
    std::vector<vtkSmartPointer<vtkPolyData>> meshes_;
    std::vector<vtkSmartPointer<vtkPolyData>> displayMeshes_;
    QStringList surfaceNames_;

    std::shared_ptr<const Volume> volume_;
    std::vector<MaskOverlay> overlays_;
    std::optional<Eigen::Vector3d> crosshair_;
    bool planesVisible_ = true;
    bool volumeRenderingVisible_ = false;
    int preset_ = -1;

    QThreadPool workers_;
    std::shared_ptr<CancelToken> buildCancel_;
    int generation_ = 0;
    int pendingJobs_ = 0;
    double lastBuildMs_ = 0.0;
};

} // namespace rgw::viewers
