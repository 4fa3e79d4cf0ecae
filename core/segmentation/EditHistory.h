#pragma once

#include "image/Image.h"
#include "segmentation/Box.h"

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <vector>

namespace rgw::segmentation {

/// One undoable mask edit: the voxels of `box` (tight around the changed
/// voxels) before and after, i fastest. Memory is 2 bytes per box voxel, so a
/// brush dab costs bytes, not the whole mask.
struct MaskEdit {
    /// Voxels: before/after of `box`. RemoveSegment: the segment was removed
    /// from the set (undo brings it back); no voxels.
    enum class Kind { Voxels, RemoveSegment };
    Kind kind = Kind::Voxels;
    std::string label; ///< shown as "Undo <label>"
    int segment = -1;  ///< index in the SegmentationSet
    Box box;
    std::vector<std::uint8_t> before;
    std::vector<std::uint8_t> after;

    bool empty() const { return kind == Kind::Voxels && box.empty(); }
    std::size_t bytes() const { return before.size() + after.size(); }
};

/// The voxels of `box` of `mask`, i fastest.
std::vector<std::uint8_t> extractBox(const Mask& mask, const Box& box);
/// Writes `values` (i fastest) into `box` of `mask`.
void writeBox(Mask& mask, const Box& box, const std::vector<std::uint8_t>& values);

/// The edit turning `before` into `after` (same grid, else rgw::Error), over
/// the tight box of changed voxels; empty when nothing changed. O(N) voxels.
MaskEdit diffMasks(const Mask& before, const Mask& after, std::string label, int segment);

/// Narrows an edit whose before/after cover a loose box to the tight box of
/// changed voxels (empty when nothing changed). O(box).
MaskEdit tighten(MaskEdit edit);

/// Linear undo/redo stack of MaskEdits. Pushing after an undo drops the redo
/// branch; beyond `capacity` steps the oldest is dropped.
class EditHistory {
public:
    using MaskAccess = std::function<Mask&(int segment)>;

    explicit EditHistory(std::size_t capacity = 100);

    /// Records an edit that has already been applied. Empty edits are ignored.
    void push(MaskEdit edit);
    bool canUndo() const { return cursor_ > 0; }
    bool canRedo() const { return cursor_ < edits_.size(); }
    std::string undoLabel() const; ///< "" when nothing to undo
    std::string redoLabel() const;
    /// Restores the `before` voxels into masks(edit.segment); nullptr when
    /// there is nothing to undo.
    const MaskEdit* undo(const MaskAccess& masks);
    /// Re-applies the `after` voxels; nullptr when there is nothing to redo.
    const MaskEdit* redo(const MaskAccess& masks);
    void clear();

    std::size_t capacity() const { return capacity_; }
    std::size_t size() const { return edits_.size(); } ///< undo + redo steps held
    std::size_t undoCount() const { return cursor_; }
    std::size_t bytes() const; ///< memory held by voxel data

private:
    std::size_t capacity_;
    std::deque<MaskEdit> edits_;
    std::size_t cursor_ = 0; ///< edits_[0, cursor_) are applied
};

} // namespace rgw::segmentation
