#pragma once

#include "image/Image.h"
#include "segmentation/Box.h"
#include "segmentation/Brush.h"
#include "segmentation/EditHistory.h"

#include <array>
#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace rgw::segmentation {

/// One ROI of a series: its mask on the series grid and how it is shown.
struct Segment {
    std::string name;
    std::array<int, 3> colour{255, 0, 0}; ///< RGB 0..255
    Mask mask;
    std::optional<std::int64_t> storedId; ///< database segmentation version it came from
    bool modified = false;                ///< edited since loaded / saved
    bool visible = true;
    double opacity = 0.45;
    bool outline = false; ///< draw the outline instead of the filled area
    /// Removed from the session (undoable): kept in place so indices and the
    /// other segments' undo steps stay valid; not shown, edited or saved.
    bool removed = false;
};

/// The segments of one image grid with one undo/redo history for all mask
/// edits. Tools compute a new mask (applyEdit) or, for brush strokes, edit in
/// place inside a box (beginStroke / strokeEdit / endStroke); either way the
/// history stores only the changed box.
class SegmentationSet {
public:
    explicit SegmentationSet(Geometry grid, std::size_t historyCapacity = 100);

    const Geometry& geometry() const { return grid_; }
    int size() const { return static_cast<int>(segments_.size()); }
    const Segment& segment(int index) const;
    /// Segments are never erased and keep their address when others are
    /// added, so a mask may be read (aliased) while the list grows.
    const std::deque<Segment>& segments() const { return segments_; }

    /// Adds a segment (an empty mask when `mask` is empty); returns its index.
    /// A mask on another grid is an rgw::Error (resample it first).
    int addSegment(std::string name, std::array<int, 3> colour, Mask mask = {});
    /// Removes a segment as one undoable step ("Delete <name>"); it keeps its
    /// index (Segment::removed) so every other step stays valid. Editing a
    /// removed segment is an rgw::Error.
    void removeSegment(int index);
    void renameSegment(int index, std::string name);
    void recolourSegment(int index, std::array<int, 3> colour);
    void setVisible(int index, bool visible);
    void setOpacity(int index, double opacity);
    void setOutline(int index, bool outline);
    void setStoredId(int index, std::optional<std::int64_t> id); ///< also clears `modified`

    /// Replaces the segment's mask by `after` as one undoable step labelled
    /// `label`. Returns false (and records nothing) when no voxel changed.
    /// O(N) voxels for the diff.
    bool applyEdit(int index, Mask after, std::string label);
    /// Applies an edit diffed elsewhere (diffMasks on a worker thread against
    /// this segment's current mask) and records it: O(box), so whole-volume
    /// tools can run off the GUI thread. An edit whose `before` no longer
    /// matches the mask is an rgw::Error; an empty edit returns false.
    bool applyDiff(MaskEdit edit);

    /// Brush strokes: edits between begin and end become one undo step. Each
    /// strokeEdit runs `tool` on the mask in place; `box` is the box the tool
    /// may change (e.g. the brush's bounding box). Cost O(box), plus a copy of
    /// the stroke's box when it grows.
    void beginStroke(int index, std::string label);
    void strokeEdit(const Box& box, const std::function<void(Mask&)>& tool);
    /// The usual stroke step: paints (or erases) the segment [from, to] of the
    /// mouse path (see paintStroke) inside the current stroke. O(brush box).
    void strokeSegment(const Eigen::Vector3d& fromLps, const Eigen::Vector3d& toLps,
                       const std::optional<BrushPlane>& plane, const Brush& brush);
    bool strokeActive() const { return stroke_.has_value(); }
    /// Ends the stroke; returns true when it changed a voxel (then recorded).
    bool endStroke();

    bool canUndo() const { return history_.canUndo(); }
    bool canRedo() const { return history_.canRedo(); }
    std::string undoLabel() const { return history_.undoLabel(); }
    std::string redoLabel() const { return history_.redoLabel(); }
    /// Returns the segment index changed, or -1 when nothing to undo / redo.
    int undo();
    int redo();
    const EditHistory& history() const { return history_; }

private:
    void check(int index) const;
    void checkEditable(int index) const;
    struct Stroke {
        int segment;
        std::string label;
        Box box;                          ///< union of the boxes touched so far
        std::vector<std::uint8_t> before; ///< voxels of `box` before the stroke
    };

    Geometry grid_;
    std::deque<Segment> segments_; // stable addresses (see segments())
    EditHistory history_;
    std::optional<Stroke> stroke_;
};

} // namespace rgw::segmentation
