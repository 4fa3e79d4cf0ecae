#pragma once

#include "segmentation/Threshold.h"
#include "slice/SliceView.h"

#include <Eigen/Core>
#include <QWidget>

class QAction;
class QButtonGroup;
class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QSlider;
class QTableWidget;
class QToolButton;

namespace rgw::viewers {
class SegmentationEditor;
class ViewerLayout;
} // namespace rgw::viewers

namespace rgw::ui {

/// The segment editor dock: the segments of the shown series (name, colour,
/// visibility, fill/outline, opacity), the tools and their settings, undo/redo
/// and save/export/habitat requests. Every tool runs in viewers::SegmentationEditor
/// (core functions on the mask); this panel only gathers settings and routes
/// the slice views' input to the editor.
///
/// Shortcuts (window-wide): Esc navigate, P paint, E erase, G grow from a
/// click, M measure (ruler), [ and ] brush size, Ctrl+Z undo, Ctrl+Y / Ctrl+Shift+Z redo,
/// Ctrl+Shift+N new segment; Ctrl+S save (MainWindow).
class SegmentationPanel : public QWidget {
    Q_OBJECT
public:
    enum class Tool { Navigate, Paint, Erase, RegionGrow, Ruler };

    SegmentationPanel(viewers::SegmentationEditor* editor, viewers::ViewerLayout* viewer,
                      QWidget* parent = nullptr);

    Tool tool() const { return tool_; }
    void setTool(Tool tool);
    QAction* undoAction() const { return undoAction_; }
    QAction* redoAction() const { return redoAction_; }
    QAction* newSegmentAction() const { return newSegmentAction_; }
    /// Navigate, Paint, Erase, Grow from seed, Ruler (with their keys); the
    /// drawing tools are disabled until an image is shown.
    const std::vector<QAction*>& toolActions() const { return toolActions_; }

    // Settings of the tools (also set by tests and the CLI screenshot path).
    void setBrushRadius(double mm);
    double brushRadius() const;
    void setThresholdRange(double lo, double hi);
    /// Ticks "Intensity range": brush paints only in range, Grow uses it.
    void setRangeRestricted(bool restricted);
    /// Grow from a seed (what a click does in RegionGrow mode): with an
    /// automatic range (mean ± 2 SD around the seed) unless the range box is
    /// ticked. Adds the region to the active segment (a new one when none).
    void growFromSeed(const Eigen::Vector3d& lps);

    /// Runs a whole-mask tool by name (the buttons): "threshold", "pet",
    /// "fill-between", "largest-island", "remove-islands", "grow-margin",
    /// "shrink-margin", "hollow", "logical", "clear". False when refused.
    bool applyTool(const QString& name);
    /// Computes the statistics of the active segment in the background and
    /// shows them in the panel (statisticsText()).
    void requestStatistics();
    QString statisticsText() const;

signals:
    void toolChanged(rgw::ui::SegmentationPanel::Tool tool);
    void saveRequested();
    void exportRequested(const QString& format); ///< "seg", "rtstruct" or "nifti"
    /// "Habitats...": the active stored segment is to be split (MainWindow::openHabitatDialog).
    void habitatsRequested();
    void statisticsReady(const QString& text);

private:
    QWidget* buildSegmentsBox();
    QWidget* buildToolsBox();
    QWidget* buildOperationsBox();
    void createActions();
    void rebuildTable();
    void syncActiveRow();
    void updateEnabled();
    void applyBrushSettings();
    /// The voxel axis (0 i, 1 j, 2 k) closest to the active view's normal.
    int activeVoxelAxis() const;
    segmentation::PetThreshold petCriterion() const;

    viewers::SegmentationEditor* editor_;
    viewers::ViewerLayout* viewer_;
    Tool tool_ = Tool::Navigate;
    bool rebuilding_ = false;

    QTableWidget* table_ = nullptr;
    QSlider* opacity_ = nullptr;
    QButtonGroup* toolGroup_ = nullptr;
    QDoubleSpinBox* brushRadius_ = nullptr;
    QCheckBox* sphere_ = nullptr;
    QCheckBox* restrict_ = nullptr;
    QDoubleSpinBox* rangeLo_ = nullptr;
    QDoubleSpinBox* rangeHi_ = nullptr;
    QComboBox* petMode_ = nullptr;
    QDoubleSpinBox* petValue_ = nullptr;
    QCheckBox* petConnected_ = nullptr;
    QDoubleSpinBox* islandMl_ = nullptr;
    QDoubleSpinBox* marginMm_ = nullptr;
    QComboBox* hollowSide_ = nullptr;
    QComboBox* logicalOp_ = nullptr;
    QComboBox* logicalOther_ = nullptr;
    QLabel* busyLabel_ = nullptr;
    QLabel* statistics_ = nullptr;
    std::vector<QWidget*> editWidgets_;
    std::vector<QWidget*> imageWidgets_; ///< need an image: tool buttons, statistics, save, export
    std::vector<QAction*> toolActions_;

    QAction* undoAction_ = nullptr;
    QAction* redoAction_ = nullptr;
    QAction* newSegmentAction_ = nullptr;
    QAction* deleteSegmentAction_ = nullptr;
};

} // namespace rgw::ui
