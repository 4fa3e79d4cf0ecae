#pragma once

#include "image/Image.h"
#include "slice/SliceNavigator.h"
#include "slice/WindowLevel.h"

#include <QColor>
#include <QPoint>
#include <QWidget>
#include <memory>
#include <vector>
#include <vtkSmartPointer.h>

class QComboBox;
class QLabel;
class QSlider;
class vtkCornerAnnotation;
class vtkImageData;
class vtkImageSlice;
class vtkImageSliceMapper;
class vtkImageStack;
class vtkRenderer;

namespace rgw::viewers {

class VtkOpenGLWidget;

/// A segmentation drawn over the image: a mask on the image grid and its colour.
struct MaskOverlay {
    QString name;
    std::shared_ptr<const Mask> mask;
    QColor colour;
};

/// Axial slice viewer: the image with window/level, mask overlays filled
/// semi-transparently, a slice slider, W/L presets and a text overlay.
/// Input: wheel, Up/Down/Left/Right, PageUp/PageDown, Home/End move through
/// slices; left-drag sets window (horizontal) and level (vertical).
/// The navigation and W/L arithmetic live in SliceNavigator and WindowLevel.
class SliceView : public QWidget {
    Q_OBJECT
public:
    explicit SliceView(QWidget* parent = nullptr);
    ~SliceView() override;

    /// Shows `volume`; `title` goes in the text overlay, `modality` picks presets.
    /// Throws rgw::Error when the volume cannot be displayed.
    void setVolume(std::shared_ptr<const Volume> volume, const QString& title,
                   const QString& modality);
    /// Replaces the overlays. Masks whose grid differs from the image's are
    /// skipped and named by skippedOverlays().
    void setOverlays(std::vector<MaskOverlay> overlays);
    void clear();

    bool hasVolume() const { return volume_ != nullptr; }
    const std::vector<MaskOverlay>& overlays() const { return overlays_; }
    QStringList skippedOverlays() const { return skippedOverlays_; }

    int sliceCount() const { return navigator_.count(); }
    int currentSlice() const { return navigator_.current(); }
    void setSlice(int slice);

    WindowLevel windowLevel() const { return windowLevel_; }
    void setWindowLevel(const WindowLevel& wl);
    QStringList presetNames() const;
    void applyPreset(int index);

    /// The VTK canvas (tests grab it; it repaints itself on changes).
    VtkOpenGLWidget* canvas() const { return canvas_; }
    /// Canvas-local rectangle (logical pixels) where the current slice is drawn.
    QRect imageRectOnCanvas() const;

signals:
    void sliceChanged(int slice);
    void windowLevelChanged(double window, double level);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void buildPipeline();
    void fitCamera();
    void updateSlice();
    void updateText();
    bool handleKey(int key);

    VtkOpenGLWidget* canvas_ = nullptr;
    QSlider* slider_ = nullptr;
    QComboBox* presetBox_ = nullptr;
    QLabel* sliceLabel_ = nullptr;

    vtkSmartPointer<vtkRenderer> renderer_;
    vtkSmartPointer<vtkImageStack> stack_;
    vtkSmartPointer<vtkImageSlice> imageSlice_;
    vtkSmartPointer<vtkImageSliceMapper> imageMapper_;
    vtkSmartPointer<vtkCornerAnnotation> annotation_;
    std::vector<vtkSmartPointer<vtkImageSlice>> overlaySlices_;

    std::shared_ptr<const Volume> volume_;
    vtkSmartPointer<vtkImageData> vtkVolume_;
    std::vector<MaskOverlay> overlays_;
    QStringList skippedOverlays_;
    QString title_;
    QString note_;
    std::vector<WindowLevelPreset> presets_;
    SliceNavigator navigator_;
    WindowLevel windowLevel_;

    bool dragging_ = false;
    QPoint dragStart_;
    WindowLevel dragStartWindowLevel_;
};

} // namespace rgw::viewers
