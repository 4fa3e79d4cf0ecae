#pragma once

#include "image/Image.h"
#include "image/Reslice.h"
#include "segmentation/SegmentationSet.h"
#include "segmentation/ToolTypes.h"
#include "slice/MaskOverlay.h"

#include <Eigen/Core>
#include <QObject>
#include <QString>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <vector>

template <class T> class QFutureWatcher;

namespace rgw::viewers {

/// Brush of the paint and erase tools.
struct BrushSettings {
    double radiusMm = 5.0;
    bool sphere = false; ///< 3D sphere instead of a disc in the view's plane
    /// Paint only voxels whose value lies in the range (erase ignores it).
    std::optional<segmentation::IntensityRange> range;
};

/// The logic of the segmentation workspace for one image series (3D
/// Slicer's "segment editor logic"): the segments (core SegmentationSet with
/// its undo history), the active segment, the brush, and the tools. Views
/// forward input in patient coordinates; nothing here draws.
///
/// Brush strokes run on the calling (GUI) thread and touch only the brush's
/// box. Whole-volume tools (threshold, region growing, margins, ...) run on a
/// worker thread: the tool and the diff against the current mask are
/// computed there, and only the changed box is written on the GUI thread.
/// While one runs, isBusy() is true and edits are refused.
class SegmentationEditor : public QObject {
    Q_OBJECT
public:
    explicit SegmentationEditor(QObject* parent = nullptr);
    ~SegmentationEditor() override;

    /// Starts a session on `image` (no segments, empty history).
    void setImage(std::shared_ptr<const Volume> image);
    void clear();
    const std::shared_ptr<const Volume>& image() const { return image_; }
    bool hasImage() const { return image_ != nullptr; }

    const segmentation::SegmentationSet& segments() const { return *set_; }
    int segmentCount() const { return set_ ? set_->size() : 0; }
    /// Adds a segment (empty mask when none given); it becomes active.
    int addSegment(const QString& name, std::array<int, 3> colour, Mask mask = {},
                   std::optional<std::int64_t> storedId = std::nullopt);
    /// Removes a segment from the session as an undoable step (nothing is
    /// deleted from the database).
    void removeSegment(int index);
    void renameSegment(int index, const QString& name);
    void recolourSegment(int index, std::array<int, 3> colour);
    void setSegmentVisible(int index, bool visible);
    void setSegmentOpacity(int index, double opacity);
    void setSegmentOutline(int index, bool outline);
    /// After saving: the segment now is stored version `id` (not modified).
    void markStored(int index, std::int64_t id);
    bool hasUnsavedChanges() const;

    int activeSegment() const { return active_; }
    void setActiveSegment(int index);

    const BrushSettings& brush() const { return brush_; }
    void setBrush(const BrushSettings& brush);

    /// The shown (not removed) segments as overlays for the views. Their masks
    /// alias the set's (no copy) and keep it alive; they change with edits.
    std::vector<MaskOverlay> overlays() const;

    /// Brush input from a slice view showing `plane`: the first point of a
    /// stroke starts an undo step, strokeFinished() ends it.
    void strokePoint(const SlicePlane& plane, const Eigen::Vector3d& lps, bool first, bool erase);
    void strokeFinished();

    /// Runs `tool` on (image, active segment's mask) on a worker thread and
    /// applies its result as one undo step labelled `label`. Returns false
    /// (and says why through toolFailed) when busy or nothing is active.
    bool runTool(const QString& label, std::function<Mask(const Volume&, const Mask&)> tool);
    /// Runs `tool` on the worker and creates a new segment from its result.
    bool runToolIntoNewSegment(const QString& label, const QString& name, std::array<int, 3> colour,
                               std::function<Mask(const Volume&)> tool);
    /// Drops the result of the tool in flight. Edits stay refused until it
    /// has stopped: it reads the segment's mask in place.
    void cancelTool();
    /// A tool is running (or stopping), or the edits are held.
    bool isBusy() const { return busy_ || editsHeld(); }

    /// Segment `index`'s mask, shared in place (no copy) for reading on
    /// another thread while the edits are held; it keeps the segments alive.
    std::shared_ptr<const Mask> sharedMask(int index) const;
    /// Refuses every edit of the current segments (toolFailed says that
    /// `what` runs) until releaseEdits(hold) with the returned hold: for
    /// work reading sharedMask()s. Holds may overlap.
    int holdEdits(const QString& what);
    void releaseEdits(int hold);

    bool canUndo() const { return set_ && set_->canUndo(); }
    bool canRedo() const { return set_ && set_->canRedo(); }
    QString undoLabel() const;
    QString redoLabel() const;
    void undo();
    void redo();

signals:
    /// Segments added, removed, renamed, recoloured or restyled: rebuild lists and overlays.
    void segmentsChanged();
    /// Voxels of `segment` changed in place: redraw.
    void maskEdited(int segment);
    /// A brush stroke or tool finished: good time for expensive redraws (3D surfaces).
    void editFinished(int segment);
    void activeSegmentChanged(int segment);
    void historyChanged();
    void busyChanged(bool busy);
    void toolFailed(const QString& message);

private:
    struct ToolResult;
    void startWorker(const QString& label, std::function<ToolResult()> work);
    void finishWorker();
    bool refuseEdit(const QString& what);
    bool editsHeld() const;
    /// After a deletion (or its redo): the active segment moves to a shown one.
    void keepActiveOnAShownSegment();
    /// Undo or redo one step of the set's history and tell the views what changed.
    void replay(int (segmentation::SegmentationSet::*step)());

    std::shared_ptr<const Volume> image_;
    std::shared_ptr<segmentation::SegmentationSet> set_;
    int active_ = -1;
    BrushSettings brush_;
    std::optional<Eigen::Vector3d> lastStrokePoint_;
    bool busy_ = false;
    bool toolCancelled_ = false; ///< busy_ only until the cancelled tool stops
    struct Hold {
        std::shared_ptr<segmentation::SegmentationSet> set; ///< the session it holds
        QString what;
    };
    std::map<int, Hold> holds_;
    int nextHold_ = 1;
    quint64 generation_ = 0; ///< bumped by cancel / new image: stale results are dropped
    QFutureWatcher<std::shared_ptr<ToolResult>>* watcher_ = nullptr;
    quint64 watcherGeneration_ = 0;
};

} // namespace rgw::viewers
